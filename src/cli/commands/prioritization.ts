import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";
import { collectList } from "../lib/scope.ts";

const ideas = () => import("../actions/ideas.ts");
const factors = () => import("../actions/factors.ts");
const rounds = () => import("../actions/rounds.ts");
const jobs = () => import("../actions/jobs.ts");

const WORKSPACE = ["--workspace <id|slug>", "the workspace (default: the only one of this Baton)"] as const;
const PRODUCT = ["--product <id|name>", "the product, by id or by its exact name"] as const;

export function registerPrioritization(program: Command) {
  const idea = program
    .command("ideas")
    .description("A product's ideas: import from CSV, list ranked, export");

  idea
    .command("import")
    .argument("<file>", 'a CSV file with a header row, or "-" for standard input')
    .description(
      "Add ideas to a product from a CSV file (all rows are checked first; any problem: none is added)",
    )
    .requiredOption(...PRODUCT)
    .option("--dry-run", "check every row and report, add nothing")
    .option(
      "--map <field=column,…>",
      "which column feeds which field; only the fields named are read (default: guessed from the header)",
    )
    .option(...WORKSPACE)
    .option("--progress", "show a progress bar on stderr even when stdout is not a terminal")
    .option("--json", "print the whole result (mapping, every problem) as JSON")
    .addHelpText(
      "after",
      `
Fields: title (required), description, status, tags (split on , ; |), ownerEmail (a member), effort, reach,
impact, confidence, ease. Without --map, columns are recognized by name (Title/Name/Summary, Body/Notes, …).
Problems are listed by row and field; the exit code is 1 when there is any (a dry run too).

Examples:
  baton ideas import backlog.csv --product "Mobile app" --dry-run
  baton ideas import export.csv --product "Mobile app" --map title=Name,description=Body,ownerEmail=Assignee`,
    )
    .action(lazy(ideas, "runIdeasImport"));

  idea
    .command("list")
    .description("The ranked backlog of a product (or a filtered, sorted part of it)")
    .requiredOption(...PRODUCT)
    .option("--sort <order>", "rank, score, title, created, updated, rice, ice, wsjf or weighted", "rank")
    .option("--dir <dir>", "asc or desc (default: the natural order of --sort)")
    .option(
      "--status <status>",
      "only these statuses (comma-separated or repeated; merged ideas only when asked)",
      collectList,
    )
    .option("--q <words>", "full-text search in titles and descriptions")
    .option("--tag <tag>", "only ideas with this tag")
    .option("--limit <n>", "at most this many ideas", "50")
    .option("--format <format>", "table, csv or json", "table")
    .option(...WORKSPACE)
    .addHelpText(
      "after",
      '\nExample:\n  baton ideas list --product "Mobile app" --sort score --status new,planned --format csv > top.csv',
    )
    .action(lazy(ideas, "runIdeasList"));

  idea
    .command("export")
    .description("Every idea of a product in backlog order, as CSV (re-importable) or JSON")
    .requiredOption(...PRODUCT)
    .requiredOption("--format <format>", "csv or json")
    .option("--out <file>", "write to this file instead of standard output")
    .option(...WORKSPACE)
    .action(lazy(ideas, "runIdeasExport"));

  const factor = program.command("factors").description("Scoring factors of the weighted scorecard");
  factor
    .command("list")
    .description("A product's factors (its own, else the workspace's), or the workspace's without --product")
    .option(...PRODUCT)
    .option(...WORKSPACE)
    .option("--json", "print JSON (a file `factors set` takes back)")
    .action(lazy(factors, "runFactorsList"));
  factor
    .command("set")
    .description("Replace a factor set and recompute every affected score (past ratings are kept)")
    .requiredOption("--file <file>", 'JSON: { "factors": [ … ] } or an array; "-" for standard input')
    .option("--product <id|name>", "give the product its own factors (default: the workspace's)")
    .option(...WORKSPACE)
    .addHelpText(
      "after",
      `
Each factor: name, weight (> 0), direction ("benefit" or "cost"), and optionally description, scaleMin (1),
scaleMax (5), labels (one per scale point), kind ("rated", the default; "customer_demand" or "competitor_coverage":
computed from evidence or the feature matrix, never rated; at most one of each). A factor with the "id" of a current one is updated; current
factors left out are archived (their ratings stay); factors without an id are created.
A file from \`baton factors list --json\` of another scope is copied: its ids are dropped.

Example:
  baton factors list --product "Mobile app" --json > factors.json   # edit it, then
  baton factors set --file factors.json --product "Mobile app"`,
    )
    .action(lazy(factors, "runFactorsSet"));

  const round = program.command("rounds").description("Scoring rounds");
  round
    .command("list")
    .description("Scoring rounds, open ones first")
    .option(...PRODUCT)
    .option("--status <status>", "open or closed")
    .option(...WORKSPACE)
    .option("--json", "print JSON")
    .action(lazy(rounds, "runRoundsList"));
  round
    .command("open")
    .description("Open a scoring round on the top of a product's backlog (or given ideas)")
    .requiredOption(...PRODUCT)
    .requiredOption("--name <name>", "the round's name")
    .requiredOption("--deadline <iso>", "when it closes, e.g. 2027-01-31T17:00:00Z")
    .option("--top <n>", "the first n ideas of the ranked backlog (default 20)")
    .option("--ideas <id,…>", "these ideas instead of the top of the backlog", collectList)
    .option("--voters <email,…>", "voters by e-mail (members who may vote)", collectList)
    .option("--teams <name,…>", "whole teams as voters", collectList)
    .option("--show-others", "voters see each other's ratings")
    .option("--description <text>", "what the round is for")
    .option(...WORKSPACE)
    .action(lazy(rounds, "runRoundsOpen"));
  round
    .command("close")
    .argument("<id>", "the round's id (see `baton rounds list`)")
    .description("Close a round now: its results become the ideas' scores and voters are notified")
    .option(...WORKSPACE)
    .action(lazy(rounds, "runRoundsClose"));

  const job = program.command("jobs").description("Durable scheduled work (round deadlines and reminders)");
  job
    .command("run")
    .description("Run every due job once and exit (a running server does this by itself)")
    .addHelpText(
      "after",
      "\nFor deployments where no server runs all the time, from cron:\n  */5 * * * *  cd /srv/baton && npx baton jobs run",
    )
    .action(lazy(jobs, "runJobs"));
}
