import type { Database } from "./client.ts";
import { analyzeTable, forceStatsFlush, selectTablesToAnalyze } from "./maintenance.queries.ts";

/**
 * PGlite has no autovacuum daemon, so nothing ever analyzed its tables: the planner worked from default
 * estimates, and a product's stepped re-score read each page of its scores through a scan of every version of the
 * product's rows (5.5 s for 10,000 ideas instead of 1.5 s; docs/DECISIONS.md #47). This does autovacuum's analyze
 * part: tables never analyzed, or whose rows changed by more than 50 + 10 % since, are analyzed one at a time as
 * background work, each after a quiet turn. On PostgreSQL autovacuum does it: nothing here.
 */
export async function analyzeStaleTables(database: Database): Promise<string[]> {
  if (database.kind !== "pglite") return [];
  return database.inBackground(async () => {
    await forceStatsFlush(database.db);
    const tables = await selectTablesToAnalyze(database.db);
    for (const name of tables) {
      await database.yieldToInteractive();
      await analyzeTable(database.db, name);
    }
    return tables;
  });
}

/** How often a serving PGlite Baton looks for tables to analyze (autovacuum's naptime is a minute). */
const EVERY_MS = 5 * 60_000;

/** Analyzes stale tables every EVERY_MS until stopped (PGlite only). */
export function startMaintenance(database: Database, log: (err: unknown) => void, everyMs = EVERY_MS) {
  if (database.kind !== "pglite") return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = analyzeStaleTables(database).catch(log);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
