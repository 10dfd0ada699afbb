import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { factors } from "../../db/schema.ts";

/** Products that have their own factor set. */
export const selectOverridingProducts = async (db: Db, workspaceId: string) =>
  (
    await db
      .selectDistinct({ productId: factors.productId })
      .from(factors)
      .where(
        and(
          eq(factors.workspaceId, workspaceId),
          sql`${factors.productId} IS NOT NULL`,
          isNull(factors.archivedAt),
        ),
      )
  ).map((r) => r.productId as string);

export const insertFactors = (db: Db, rows: (typeof factors.$inferInsert)[]) =>
  rows.length ? db.insert(factors).values(rows).returning({ id: factors.id }) : Promise.resolve([]);

export const updateFactorRow = (
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<typeof factors.$inferInsert>,
) =>
  db
    .update(factors)
    .set(set)
    .where(and(eq(factors.workspaceId, workspaceId), eq(factors.id, id)));

export const archiveFactors = (db: Db, workspaceId: string, ids: string[]) =>
  ids.length
    ? db
        .update(factors)
        .set({ archivedAt: sql`now()` })
        .where(and(eq(factors.workspaceId, workspaceId), inArray(factors.id, ids)))
    : Promise.resolve();

/**
 * Serializes a workspace's factor-set changes until the transaction ends: on PostgreSQL a change of the defaults
 * and a product override's drop, run in parallel, would each re-score from the set the other had not committed.
 */
export const lockFactorSets = (db: Db, workspaceId: string) =>
  db.execute(sql`SELECT pg_advisory_xact_lock(727011, hashtext(${workspaceId}))`);
