import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

const feedback = () => import("../actions/feedback.ts");

const WORKSPACE = ["--workspace <id|slug>", "the workspace (default: the only one of this Baton)"] as const;
const collect = (v: string, prev: string[] = []) => [...prev, v];

function importOptions(cmd: Command, fields: string) {
  return cmd
    .argument("<file>", 'a CSV file with a header row, or "-" for standard input')
    .option("--dry-run", "check every row and report what would change, write nothing")
    .option(
      "--map <field=column,…>",
      `which column feeds which field (${fields}); default: guessed from the header`,
    )
    .option(...WORKSPACE)
    .option("--progress", "show a progress bar on stderr even when stdout is not a terminal")
    .option("--json", "print the whole result (mapping, counts, every problem) as JSON");
}

export function registerFeedback(program: Command) {
  const fb = program.command("feedback").description("Customer feedback: import from CSV, list the inbox");
  importOptions(
    fb
      .command("import")
      .description(
        "Import feedback items from CSV (all rows checked first; any problem: nothing is written). Rows are keyed by the id column, else by their content: importing again adds nothing twice",
      ),
    "text, title, externalId, receivedAt, email, authorName, handle, company, url, tags",
  ).action(lazy(feedback, "runFeedbackImport"));
  fb.command("list")
    .description("The feedback inbox, newest first")
    .option("--status <status>", "new, triaged, linked, archived or spam (repeatable)", collect)
    .option("--source <source>", "manual, email, csv, rss … (repeatable)", collect)
    .option("--q <words>", "search title and text")
    .option("--limit <n>", "at most this many items", "50")
    .option("--format <format>", "table, csv or json", "table")
    .option(...WORKSPACE)
    .action(lazy(feedback, "runFeedbackList"));

  const customers = program.command("customers").description("Customers: companies and people");
  importOptions(
    customers
      .command("import")
      .description(
        "Import companies and people from CSV (upsert: people by external id or e-mail, companies by domain or name; any problem: nothing is written)",
      ),
    "name, email, externalId, companyName, companyDomain, segment, plan, arr, mrr, currency",
  ).action(lazy(feedback, "runCustomersImport"));
}
