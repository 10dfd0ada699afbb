import { and, desc, eq, ilike, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { hotRows, isoColumns } from "../../db/hot.ts";
import { products, users } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

const cols = {
  id: products.id,
  name: products.name,
  description: products.description,
  stage: products.stage,
  managerId: products.managerId,
  managerName: users.name,
  framework: products.framework,
  riceReachFromEvidence: products.riceReachFromEvidence,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
  version: products.version,
};

export function selectProducts(
  db: Db,
  workspaceId: string,
  f: { stage?: string; q?: string },
  cursor: Cursor | null,
  limit: number,
) {
  return db
    .select(cols)
    .from(products)
    .leftJoin(users, eq(users.id, products.managerId))
    .where(
      and(
        eq(products.workspaceId, workspaceId),
        f.stage ? eq(products.stage, f.stage) : undefined,
        f.q ? ilike(products.name, `%${f.q.replace(/[\\%_]/g, "\\$&")}%`) : undefined,
        afterCursor(products.createdAt, products.id, cursor),
      ),
    )
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(limit + 1);
}

const SELECT_PRODUCT = `SELECT p.id, p.name, p.description, p.stage, p.manager_id AS "managerId", u.name AS "managerName",
  p.framework, p.rice_reach_from_evidence AS "riceReachFromEvidence", p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.version
  FROM products p LEFT JOIN users u ON u.id = p.manager_id WHERE p.workspace_id = $1 AND p.id = $2`;

export async function selectProduct(db: Db, workspaceId: string, id: string) {
  const hot = await hotRows<Awaited<ReturnType<typeof selectProductTx>>>(
    db,
    "select_product",
    SELECT_PRODUCT,
    [workspaceId, id],
  );
  if (hot) return hot[0] ? isoColumns(hot[0], "createdAt", "updatedAt") : null;
  return selectProductTx(db, workspaceId, id);
}

const selectProductTx = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(cols)
      .from(products)
      .leftJoin(users, eq(users.id, products.managerId))
      .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)))
  )[0] ?? null;

export const insertProduct = async (db: Db, row: typeof products.$inferInsert) =>
  (await db.insert(products).values(row).returning({ id: products.id }))[0];

export const updateProductRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof products.$inferInsert>,
) =>
  (
    await db
      .update(products)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${products.version} + 1` })
      .where(and(eq(products.workspaceId, workspaceId), eq(products.id, id), eq(products.version, version)))
      .returning({ id: products.id })
  )[0] ?? null;

export const deleteProductRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(products).where(and(eq(products.workspaceId, workspaceId), eq(products.id, id)));

export const selectProductIds = async (db: Db, workspaceId: string) =>
  (await db.select({ id: products.id }).from(products).where(eq(products.workspaceId, workspaceId))).map(
    (r) => r.id,
  );
