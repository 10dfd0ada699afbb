import type { Db } from "./client.ts";
import { rawRows } from "./hot.ts";

/** Makes the backend's pending table statistics visible at its next statement (PGlite never idles to flush them). */
export const forceStatsFlush = (db: Db) => rawRows(db, "SELECT pg_stat_force_next_flush()", []);

/**
 * Tables of the public schema that were never analyzed, or whose rows changed by more than autovacuum's analyze
 * threshold since (50 rows + 10 % of the table).
 */
export const selectTablesToAnalyze = async (db: Db) =>
  (
    await rawRows<{ name: string }>(
      db,
      `SELECT c.relname AS name FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND (c.reltuples < 0 OR coalesce(s.n_mod_since_analyze, 0) > 50 + 0.1 * c.reltuples)
       ORDER BY c.relname`,
      [],
    )
  ).map((r) => r.name);

/** ANALYZE one table of the public schema (its name as the catalog gives it). */
export const analyzeTable = (db: Db, name: string) =>
  rawRows(db, `ANALYZE public."${name.replaceAll('"', '""')}"`, []);
