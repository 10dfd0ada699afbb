import { loadConfig } from "../../server/config.ts";
import { startServer } from "../../server/main.ts";
import { type DemoSeedResult, seedDemoIfEmpty } from "../../server/seed/demo.ts";
import { demoReport } from "./seed.ts";

/** `baton start`: the server keeps running until SIGINT/SIGTERM. */
export async function runStart(o: { demo?: boolean }) {
  const config = loadConfig();
  const t0 = performance.now();
  let demo: DemoSeedResult | null = null;
  const { database } = await startServer(config, {
    onReady: async (db) => {
      if (o.demo) demo = await seedDemoIfEmpty(db.db);
    },
  });
  console.log(
    `Baton ready at http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port} (${database.kind}, ${Math.round(performance.now() - t0)} ms)`,
  );
  if (demo) console.log(`\n${demoReport(demo, config.publicUrl)}`);
}
