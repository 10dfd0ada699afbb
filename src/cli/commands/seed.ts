import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

export function registerSeed(program: Command) {
  const seed = program.command("seed").description("Fill the database with sample data");
  seed
    .command("demo")
    .description('Create the "Northwind Labs" demo workspace when the database has no accounts yet')
    .addHelpText(
      "after",
      "\nIdempotent: with any account present it changes nothing and says so.\nThe same happens on `baton start --demo`.",
    )
    .action(lazy(() => import("../actions/seed.ts"), "runSeedDemo"));
}
