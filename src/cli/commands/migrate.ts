import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

export function registerMigrate(program: Command) {
  program
    .command("migrate")
    .description("Apply pending database migrations and print the schema level")
    .addHelpText(
      "after",
      "\n`baton start` migrates too; run this before an upgrade's first start, or from a deploy script.\nSeveral instances may run it at once: an advisory lock lets one migrate while the others wait.",
    )
    .action(lazy(() => import("../actions/migrate.ts"), "runMigrate"));
}
