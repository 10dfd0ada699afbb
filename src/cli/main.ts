import { Command } from "commander";
import { registerCommands } from "./commands/index.ts";

const program = new Command()
  .name("baton")
  .description(
    "Baton — self-hostable product management. Uses DATABASE_URL, or the PGlite data in BATON_DATA_DIR.",
  )
  .showHelpAfterError();
registerCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { message?: string; fields?: Record<string, string> };
  console.error(`baton: ${e.message ?? String(err)}`);
  if (e.fields) for (const [k, v] of Object.entries(e.fields)) console.error(`  ${k}: ${v}`);
  process.exit(1);
});
