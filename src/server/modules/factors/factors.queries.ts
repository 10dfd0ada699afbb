import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { factors } from "../../db/schema.ts";

const cols = {
  id: factors.id,
  productId: factors.productId,
  name: factors.name,
  description: factors.description,
  weight: factors.weight,
  direction: factors.direction,
  scaleMin: factors.scaleMin,
  scaleMax: factors.scaleMax,
  labels: factors.labels,
  position: factors.position,
};

/** Active factors of one scope: the workspace's defaults (productId null) or a product's override. */
export const selectActiveFactors = (db: Db, workspaceId: string, productId: string | null) =>
  db
    .select(cols)
    .from(factors)
    .where(
      and(
        eq(factors.workspaceId, workspaceId),
        productId ? eq(factors.productId, productId) : isNull(factors.productId),
        isNull(factors.archivedAt),
      ),
    )
    .orderBy(asc(factors.position), asc(factors.createdAt));

/** Active factors of a product and of the workspace, in one round trip (hot: every rating checks them). */
export const selectScopeFactors = (db: Db, workspaceId: string, productId: string) =>
  rawRows<typeof factors.$inferSelect & { productId: string | null }>(
    db,
    `SELECT id, product_id AS "productId", name, description, weight, direction, scale_min AS "scaleMin",
       scale_max AS "scaleMax", labels, position FROM factors
     WHERE workspace_id = $1 AND archived_at IS NULL AND (product_id = $2 OR product_id IS NULL)
     ORDER BY position, created_at`,
    [workspaceId, productId],
    "scope_factors",
  );

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
