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
While a Baton serves that PGlite directory, commands go through it (a credential it leaves in the directory,
readable only by its user); otherwise they open the database themselves. Same commands, same output.

Remote Baton: --url https://baton.example.com --token bt_… (or BATON_URL, BATON_TOKEN): commands run through its
API with a personal API token's permissions; instance administration (admin, import, migrate, seed, jobs) does not.

First run:
  baton admin create-owner --email you@example.com --name "Your Name" --password-stdin --workspace "Acme"
  baton start            (or: baton start --demo, to explore a sample workspace)

Set BATON_DEBUG=1 to print stack traces of errors.`,
  )
  .option("--url <url>", "drive a remote Baton through its API (or BATON_URL)")
  .option("--token <token>", "a personal API token (bt_…) for --url (or BATON_TOKEN)")
  .showHelpAfterError()
  // Read by the commands through the environment, wherever the options were given.
  .hook("preAction", (cmd) => {
    const o = cmd.opts<{ url?: string; token?: string }>();
    if (o.url !== undefined) process.env.BATON_URL = o.url;
    if (o.token !== undefined) process.env.BATON_TOKEN = o.token;
  });
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
