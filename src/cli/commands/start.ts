import type { Command } from "commander";
import { loadConfig } from "../../server/config.ts";
import { startServer } from "../../server/main.ts";

export function registerStart(program: Command) {
  program
    .command("start")
    .description("Start the Baton server (migrates the database first)")
    .option("--demo", "fill a demo workspace when the database is empty")
    .action(async (o: { demo?: boolean }) => {
      const config = loadConfig();
      const t0 = performance.now();
      const { database } = await startServer(config, {});
      if (o.demo) {
        const { seedDemoIfEmpty } = await import("../../server/seed/demo.ts");
        await seedDemoIfEmpty(database.db);
      }
      console.log(
        `Baton ready at http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port} (${database.kind}, ${Math.round(performance.now() - t0)} ms)`,
      );
    });
}
