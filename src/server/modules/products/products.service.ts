import type { CreateProduct, FrameworkSetting, Product, UpdateProduct } from "../../../shared/schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { listAudit, recordAudit } from "../audit/audit.service.ts";
import { assertMember } from "../members/members.service.ts";
import { lockProductScores, refreshProductScores, rescoreRiceReach } from "../scoring/scoring.service.ts";
import {
  deleteProductRow,
  insertProduct,
  selectProduct,
  selectProductIds,
  selectProducts,
  updateProductRow,
} from "./products.queries.ts";

export async function listProducts(
  db: Db,
  workspaceId: string,
  q: { stage?: string; q?: string; limit: number; cursor?: string },
) {
  const rows = await selectProducts(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  return toPage(rows as Product[], q.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

export async function getProduct(db: Db, workspaceId: string, id: string): Promise<Product> {
  const p = await selectProduct(db, workspaceId, id);
  if (!p) throw notFound("Product");
  return p as Product;
}

/** The product, or a field error naming `field` when it is not one of this workspace's (for references in bodies). */
export async function assertProduct(db: Db, workspaceId: string, id: string, field = "productId") {
  const p = await selectProduct(db, workspaceId, id);
  if (!p) throw invalid({ [field]: "No such product in this workspace" });
  return p as Product;
}

export async function createProduct(db: Db, ctx: WorkspaceContext, input: Required<CreateProduct>) {
  if (input.managerId) await assertMember(db, ctx.workspaceId, input.managerId, "managerId");
  const { id } = await insertProduct(db, { workspaceId: ctx.workspaceId, ...input });
  const after = await getProduct(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "product.create",
    entityType: "product",
    entityId: id,
    after,
  });
  return after;
}

/** Updates a product; a stale version is refused with 409 and nothing changes. */
export async function updateProduct(db: Db, ctx: WorkspaceContext, id: string, input: UpdateProduct) {
  const before = await getProduct(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  if (set.managerId) await assertMember(db, ctx.workspaceId, set.managerId, "managerId");
  if (!(await updateProductRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The product");
  const riceReach =
    set.riceReachFromEvidence !== undefined && set.riceReachFromEvidence !== before.riceReachFromEvidence;
  // RICE's reach from evidence or by hand: every idea's RICE is recomputed (then active scores and ranks).
  if (riceReach) await rescoreRiceReach(db, ctx.workspaceId, id);
  else if (set.framework && set.framework !== before.framework) {
    await lockProductScores(db, ctx.workspaceId, id);
    await refreshProductScores(db, ctx.workspaceId, id, { cause: "framework", roundId: null });
  }
  const after = await getProduct(db, ctx.workspaceId, id);
  // Settings that re-rank the backlog for everyone (the framework; where RICE's reach comes from, docs/SCORING.md
  // "Other frameworks"): each change has its own audit entry saying who and when.
  const setting = (action: string, key: "framework" | "riceReachFromEvidence") =>
    after[key] === before[key]
      ? []
      : [
          {
            action,
            entityType: "product",
            entityId: id,
            before: { [key]: before[key] },
            after: { [key]: after[key] },
          },
        ];
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    { action: "product.update", entityType: "product", entityId: id, before, after },
    ...setting("product.framework", "framework"),
    ...setting("product.rice_reach", "riceReachFromEvidence"),
  );
  return after;
}

/** The product's ranking framework and who last changed it, when (from the audit log; null if never changed). */
export async function getFrameworkSetting(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<FrameworkSetting> {
  const product = await getProduct(db, workspaceId, id);
  const { items } = await listAudit(db, workspaceId, {
    action: "product.framework",
    entityType: "product",
    entityId: id,
    limit: 1,
  });
  const last = items[0];
  return {
    framework: product.framework,
    changedBy: last?.actorId ?? null,
    changedByName: last?.actorName ?? null,
    changedAt: last ? new Date(last.at).toISOString() : null,
  };
}

/** Changes the product's ranking framework (send the product's version): re-ranks its backlog for everyone, audited. */
export async function setFramework(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { version: number; framework: Product["framework"] },
) {
  await updateProduct(db, ctx, id, input);
  return getFrameworkSetting(db, ctx.workspaceId, id);
}

export async function deleteProduct(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getProduct(db, ctx.workspaceId, id);
  await deleteProductRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "product.delete",
    entityType: "product",
    entityId: id,
    before,
  });
}

export const listProductIds = (db: Db, workspaceId: string) => selectProductIds(db, workspaceId);
