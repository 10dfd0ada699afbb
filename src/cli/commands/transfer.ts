import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

const load = () => import("../actions/transfer.ts");

export function registerTransfer(program: Command) {
  program
    .command("export")
    .description("Write a whole workspace to one JSON document (backup, or moving it to another Baton)")
    .requiredOption("--workspace <id|slug>", "the workspace to export")
    .option("--out <file>", "write to this file instead of standard output")
    .option("--compact", "no indentation (smaller file)")
    .option("--progress", "show a progress bar on stderr even when stdout is not a terminal")
    .addHelpText(
      "after",
      `
The document holds the workspace, its members' accounts (no password hashes), memberships, products, teams,
invitations (without their secret links), the audit log, the workspace's outbox, and its prioritization data:
scoring factors (archived ones too), ideas with their comments, watchers and saved views, scoring rounds with
their ideas, voters and ratings, in-app notifications and pending jobs, and its plans: objectives with key
results, hand-set capacity, time off, roadmaps with their items, dependencies, milestones, change log, saved
versions and planner proposals. API tokens, sessions and roadmaps' calendar-feed secrets are not exported.
Restore it with \`baton import\`.

Example:
  baton export --workspace acme --out acme-$(date +%F).json`,
    )
    .action(lazy(load, "runExport"));

  program
    .command("import")
    .argument("<file>", 'a file written by `baton export`, or "-" for standard input')
    .description("Create a new workspace from an export document (restore a backup, or copy a workspace)")
    .option("--slug <slug>", "address of the new workspace (default: the exported one, which must be free)")
    .option("--name <name>", "name of the new workspace (default: the exported one)")
    .option("--progress", "show a progress bar on stderr even when stdout is not a terminal")
    .addHelpText(
      "after",
      `
All or nothing: the file is checked whole first, then written in one transaction.
Accounts are matched by e-mail; missing ones are created without a usable password (they reset it).
Ids are kept when free here, so a restore into an empty Baton reproduces the workspace exactly; taken ids
(importing a copy into the same Baton) get new ones, and every reference follows.
Files of format version 1 (before ideas and scoring) still import; their workspace gets the default factors.
Files of format version 2 (before objectives and roadmaps) still import, with capacity counted in person-days.

Example:
  baton import acme-2026-03-01.json --slug acme-restored --name "Acme (restored)"`,
    )
    .action(lazy(load, "runImport"));
}
