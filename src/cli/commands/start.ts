import type { Command } from "commander";
import { lazy } from "../lib/lazy.ts";

export function registerStart(program: Command) {
  program
    .command("start")
    .description("Start the Baton server (migrates the database first)")
    .option("--demo", 'fill the "Northwind Labs" demo workspace when the database has no accounts yet')
    .addHelpText(
      "after",
      "\nEnvironment: PORT (4000), HOST (127.0.0.1), DATABASE_URL or BATON_DATA_DIR (.baton-data), BATON_PUBLIC_URL, LOG_LEVEL.",
    )
    .action(lazy(() => import("../actions/start.ts"), "runStart"));
}
