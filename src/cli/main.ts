import { Command } from "commander";
import { VERSION } from "../server/version.ts";
import { registerCommands } from "./commands/index.ts";

const program = new Command()
  .name("baton")
  .version(VERSION)
  .description("Baton — self-hostable product management.")
  .addHelpText(
    "after",
    `
Database: PostgreSQL when DATABASE_URL is set, else embedded PGlite in BATON_DATA_DIR (default ./.baton-data).
A PGlite directory is used by one process at a time: stop the server before running commands that need it.

First run:
  baton admin create-owner --email you@example.com --name "Your Name" --password-stdin --workspace "Acme"
  baton start            (or: baton start --demo, to explore a sample workspace)

Set BATON_DEBUG=1 to print stack traces of errors.`,
  )
  .showHelpAfterError();
registerCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { message?: string; fields?: Record<string, string>; stack?: string };
  console.error(`baton: ${e.message ?? String(err)}`);
  if (e.fields) for (const [k, v] of Object.entries(e.fields)) console.error(`  ${k}: ${v}`);
  if (process.env.BATON_DEBUG && e.stack) console.error(e.stack);
  process.exitCode = 1;
  // Everything is closed by now; should a stray handle keep the process alive, still end it.
  setTimeout(() => process.exit(1), 3000).unref();
});
