import { and, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { execRows } from "../db/hot.ts";
import { rateLimits } from "../db/schema.ts";

export interface HitRule {
  key: string;
  windowMs: number;
  max: number;
  /** Hits after which each further one waits; the wait doubles from baseMs up to maxMs. */
  free: number;
  baseMs: number;
  maxMs: number;
}

const at = (now: string, ms: SQL) => sql`(${now}::timestamptz + make_interval(secs => (${ms}) / 1000.0))`;
// The wait after hit number n.
const delayMs = (n: SQL, r: HitRule) =>
  sql`(CASE WHEN ${n} >= ${r.free}::int THEN LEAST(${r.maxMs}::float8, ${r.baseMs}::float8 * power(2, LEAST(${n} - ${r.free}::int, 40))) ELSE 0 END)`;

/**
 * Counts one hit on a key in a single statement, unless its window is spent or its wait not over:
 * the row lock of INSERT … ON CONFLICT DO UPDATE makes check and count one step under parallel requests.
 * Returns the new count, or null when refused (nothing counted).
 */
export async function hitLimit(db: Db, r: HitRule, now: string): Promise<number | null> {
  const expired = sql`r.expires_at <= ${now}::timestamptz`;
  const hits = sql`(CASE WHEN ${expired} THEN 1 ELSE r.hits + 1 END)`;
  const [row] = await execRows<{ hits: number }>(
    db,
    sql`
    INSERT INTO rate_limits AS r (key, hits, expires_at, next_at)
    VALUES (${r.key}, 1, ${at(now, sql`${r.windowMs}::float8`)}, ${at(now, delayMs(sql`1`, r))})
    ON CONFLICT (key) DO UPDATE SET
      hits = ${hits},
      expires_at = CASE WHEN ${expired} THEN ${at(now, sql`${r.windowMs}::float8`)} ELSE r.expires_at END,
      next_at = ${at(now, delayMs(hits, r))}
    WHERE ${expired} OR (r.hits < ${r.max}::int AND r.next_at <= ${now}::timestamptz)
    RETURNING hits`,
  );
  return row?.hits ?? null;
}

/** When a refused key frees up again (epoch ms), or null when it has no counter. */
export async function limitRetryAt(db: Db, key: string, max: number): Promise<number | null> {
  const [row] = await execRows<{ at: number }>(
    db,
    sql`
    SELECT (extract(epoch FROM CASE WHEN hits >= ${max}::int THEN expires_at ELSE LEAST(next_at, expires_at) END) * 1000)::float8 AS "at"
    FROM rate_limits WHERE key = ${key}`,
  );
  return row ? Number(row.at) : null;
}

/** Takes one hit back from a live key (a success that was counted in advance). */
export const unhitLimits = (db: Db, key: string, now: string) =>
  db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(and(eq(rateLimits.key, key), sql`${rateLimits.expiresAt} > ${now}::timestamptz`));

export const deleteLimits = (db: Db, keys: string[]) =>
  db.delete(rateLimits).where(inArray(rateLimits.key, keys));

/** Removes up to `batch` counters whose window is over. */
export const pruneLimits = (db: Db, now: string, batch = 500) =>
  db
    .delete(rateLimits)
    .where(
      inArray(
        rateLimits.key,
        db
          .select({ key: rateLimits.key })
          .from(rateLimits)
          .where(lte(rateLimits.expiresAt, now))
          .limit(batch),
      ),
    );
