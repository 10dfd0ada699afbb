import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

const roadmaps = () => import("../actions/roadmaps.ts");
const planning = () => import("../actions/planning.ts");
const signoffs = () => import("../actions/signoffs.ts");

const WORKSPACE = ["--workspace <id|slug>", "the workspace (default: the only one of this Baton)"] as const;
const FORMAT = ["--format <format>", "table, csv or json", "table"] as const;
const ROADMAP = ["<roadmap>", "the roadmap's id, or its name (see `baton roadmaps list`)"] as const;

export function registerRoadmaps(program: Command) {
  const roadmap = program
    .command("roadmaps")
    .description("Roadmaps: list them, run the auto-planner, export items or milestones");
  roadmap
    .command("list")
    .description("The workspace's roadmaps, by product")
    .option("--product <id|name>", "only this product's roadmaps")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(roadmaps, "runRoadmapsList"));
  roadmap
    .command("plan")
    .argument(...ROADMAP)
    .description(
      "Run the auto-planner (HiGHS): the best plan that fits every team's capacity, with a reason per move",
    )
    .option(
      "--scope <scope>",
      "all (re-plan every unpinned item) or unplanned (only items without a period)",
      "all",
    )
    .option("--time-limit <seconds>", "stop the solver after this many seconds (1–60)", "10")
    .option("--no-weight", "do not weigh item values by their objectives' importance")
    .option("--override-human-moves", "let the planner move items a person placed with a reason")
    .option("--apply", "accept every move at once (otherwise the proposal waits in the app)")
    .option("--reason <text>", "why, recorded with each applied move")
    .option("--json", "print the proposal as JSON")
    .option(...WORKSPACE)
    .addHelpText(
      "after",
      `
Pinned and in-progress items stay where they are; done and dropped items are left out. The output shows the
solver's status (optimal, feasible, greedy or infeasible), its gap, the plan's value before and after, and
each move (added, moved, dropped) with its reason. Without --apply nothing changes on the roadmap.

Example:
  baton roadmaps plan "2027 plan" --scope unplanned --time-limit 5 --apply --reason "Q1 planning"`,
    )
    .action(lazy(roadmaps, "runRoadmapsPlan"));
  roadmap
    .command("export")
    .argument(...ROADMAP)
    .description("A roadmap's items as CSV or JSON, or its milestones and target dates as iCalendar")
    .requiredOption("--format <format>", "csv, json or ics")
    .option("--out <file>", "write to this file instead of standard output")
    .option(...WORKSPACE)
    .action(lazy(roadmaps, "runRoadmapsExport"));

  program
    .command("signoffs")
    .description("Roadmap sign-off requests")
    .command("list")
    .description("Sign-off requests with their status, required approvals and who has not approved yet")
    .option("--roadmap <id|name>", "only this roadmap's requests")
    .option("--status <status>", "open, approved or cancelled")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(signoffs, "runSignoffsList"));

  program
    .command("objectives")
    .description("Company and product objectives with their key results")
    .command("list")
    .description("Objectives with key results and progress (with --product: its own and the company's)")
    .option("--product <id|name>", "the objectives a product's roadmap serves")
    .option("--status <status>", "active, achieved, missed or dropped")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(planning, "runObjectivesList"));

  program
    .command("capacity")
    .description("Team capacity per month, and the load planned on it")
    .command("show")
    .description("The team × month grid: load / capacity (derived from people and time off, or set by hand)")
    .option("--from <YYYY-MM>", "the first month (default: this month)")
    .option("--months <n>", "how many months (1–36)", "6")
    .option(...FORMAT)
    .option(...WORKSPACE)
    .action(lazy(planning, "runCapacityShow"));
}
