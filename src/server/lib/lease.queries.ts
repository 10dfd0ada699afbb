import { and, isNull, lt, lte, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Row leases: one run at a time of a row's work across instances (a monitor's check, a source's poll). A run
 * takes the lease with an UPDATE … WHERE leaseFree(…) RETURNING; the row's own columns say when it is due.
 */

/** The lease column is empty or its time has passed. */
export const leaseFree = (leaseUntil: PgColumn, now: Date) =>
  or(isNull(leaseUntil), lt(leaseUntil, now.toISOString()));

/** Due at `now` (its `due` column has passed) and not leased: the row a given-up job may re-arm. */
export const dueAndFree = (due: PgColumn, leaseUntil: PgColumn, now: Date) =>
  and(lte(due, now.toISOString()), leaseFree(leaseUntil, now));

/**
 * A due run found the row leased by another: when to look again (just after that lease runs out, since a holder
 * that died would never re-arm the row; a live one re-arms it itself and the later run finds it not due), or
 * null when there is nothing to re-arm.
 */
export function recheckAfterLease(
  row: { enabled: boolean; leaseUntil: string | null },
  now: Date,
): Date | null {
  if (!row.enabled || !row.leaseUntil) return null;
  const until = new Date(row.leaseUntil);
  return until > now ? new Date(until.getTime() + 1000) : null;
}
