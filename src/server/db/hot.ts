import { PGlite } from "@electric-sql/pglite";
import type { Db } from "./client.ts";
import { isoTimestamp } from "./schema.ts";

/**
 * Hot-path reads in plain SQL, straight to the driver: a named (server-side prepared) statement on
 * PostgreSQL, a direct query on PGlite. Skips drizzle's per-call query building, which cost more than
 * the query itself on the busiest routes. Returns null inside a transaction (no root client there):
 * the caller then uses its query-builder version, which sees the transaction's own writes.
 */
export async function hotRows<R>(db: Db, name: string, text: string, values: unknown[]): Promise<R[] | null> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client) return null;
  if (client instanceof PGlite) return (await client.query<R>(text, values)).rows;
  const pool = client as {
    query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  };
  return (await pool.query({ name: `baton_${name}`, text, values })).rows;
}

/** Converts the named timestamp columns of a raw row to the ISO strings the schema's columns produce. */
export function isoColumns<R extends Record<string, unknown>>(row: R, ...keys: (keyof R)[]): R {
  for (const k of keys) {
    const v = row[k];
    if (v !== null && v !== undefined)
      (row as Record<keyof R, unknown>)[k] = isoTimestamp(v as string | Date);
  }
  return row;
}
