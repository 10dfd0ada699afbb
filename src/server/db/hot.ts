import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { isoTimestamp } from "./schema.ts";

/**
 * Hot-path reads in plain SQL, straight to the driver: a named (server-side prepared) statement on
 * PostgreSQL when `name` is given, a direct query on PGlite. Skips drizzle's per-call query building, which
 * cost more than the query itself on the busiest routes. Returns null inside a transaction (no root client
 * there): the caller then goes through the transaction (see rawRows), which sees its own writes.
 */
export async function hotRows<R>(
  db: Db,
  name: string | undefined,
  text: string,
  values: unknown[],
): Promise<R[] | null> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client) return null;
  if (client instanceof PGlite) return (await client.query<R>(text, values)).rows;
  const pool = client as {
    query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
  };
  return (await pool.query({ name: name ? `baton_${name}` : undefined, text, values })).rows;
}

/** A timestamp value as the schema's columns give it: an ISO string (null and undefined stay). */
type Iso<V> = V extends Date ? string : V;
/** `R` with its timestamp columns `K` read as ISO strings. */
export type WithIso<R, K extends keyof R> = { [P in keyof R]: P extends K ? Iso<R[P]> : R[P] };
/** A raw row of API type `T` as a driver gives it: its timestamp columns `K` may be Dates (isoColumns undoes it). */
export type DriverRow<T, K extends keyof T> = { [P in keyof T]: P extends K ? T[P] | Date : T[P] };

/**
 * Converts the named timestamp columns of a raw row (a Date or PostgreSQL's text form, by driver) to the ISO
 * strings the schema's columns produce, in place (no copy on hot paths), and returns the row typed as it now is:
 * use the returned value, not the argument.
 */
export function isoColumns<R extends object, K extends keyof R>(row: R, ...keys: K[]): WithIso<R, K> {
  const out = row as Record<PropertyKey, unknown>;
  for (const k of keys) {
    const v = out[k];
    if (v !== null && v !== undefined) out[k] = isoTimestamp(v as string | Date);
  }
  return out as WithIso<R, K>;
}

/**
 * Runs plain SQL with $n parameters on the root client (named statement on PostgreSQL when `name` is
 * given) or, inside a transaction, through the transaction. One SQL text serves both paths.
 */
export async function rawRows<R>(db: Db, text: string, values: unknown[], name?: string): Promise<R[]> {
  const hot = await hotRows<R>(db, name, text, values);
  if (hot) return hot;
  return execRows<R>(db, sqlText(text, values));
}

/** The rows of a drizzle `sql` query, typed as the caller knows them (both drivers answer `{ rows }`). */
export async function execRows<R>(db: Db, query: SQL): Promise<R[]> {
  return ((await db.execute(query)) as { rows: R[] }).rows;
}

/** One JSON value from a query whose single row has a single json column `j` (PGlite returns it as text). */
export async function jsonValue<T>(db: Db, text: string, values: unknown[]): Promise<T> {
  const [row] = await rawRows<{ j: T | string | null }>(db, text, values);
  const v = row?.j ?? "[]";
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** Turns "$1 … $n" text and values into a drizzle SQL object (for transactions, which have no root client). */
function sqlText(text: string, values: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunks.push(sql.raw(parts[i]));
    else chunks.push(sql`${sql.param(values[Number(parts[i]) - 1])}`);
  }
  return sql.join(chunks);
}
