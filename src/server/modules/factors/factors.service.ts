import type { FactorSet, PutFactors } from "../../../shared/ideas.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { assertProduct, getProduct, listProductIds } from "../products/products.service.ts";
import { getFactorSet, scopeFactors } from "../scoring/scoring.factors.ts";
import { recomputeWeighted } from "../scoring/scoring.service.ts";
import {
  archiveFactors,
  insertFactors,
  lockFactorSets,
  selectOverridingProducts,
  updateFactorRow,
} from "./factors.queries.ts";

// The read side (which factors score a product, a new workspace's defaults) lives in scoring/scoring.factors.ts;
// re-exported here for the factors module's callers.
export { getFactorSet, seedDefaultFactors, toScoringFactor } from "../scoring/scoring.factors.ts";

/** The factor set for the API: a product named in the query must be one of this workspace's. */
export async function readFactorSet(db: Db, workspaceId: string, productId: string | null) {
  if (productId) await assertProduct(db, workspaceId, productId);
  return getFactorSet(db, workspaceId, productId);
}

/**
 * The same set from a 2-second per-process cache, for the rating hot path (validation only). A change made
 * in this process clears it at once; another instance's change shows within 2 s.
 */
const setCache = new Map<string, { at: number; set: FactorSet }>();
export async function getFactorSetCached(db: Db, workspaceId: string, productId: string, now = Date.now()) {
  const key = `${workspaceId}/${productId}`;
  const hit = setCache.get(key);
  if (hit && now - hit.at < 2000) return hit.set;
  const set = await getFactorSet(db, workspaceId, productId);
  if (setCache.size > 1000) setCache.clear();
  setCache.set(key, { at: now, set });
  return set;
}
const forgetFactorSets = (workspaceId: string) => {
  for (const key of setCache.keys()) if (key.startsWith(`${workspaceId}/`)) setCache.delete(key);
};

/** Products whose scores follow a factor scope: one product, or every product without an override. */
export async function productsFollowing(db: Db, workspaceId: string, productId: string | null) {
  if (productId) return [productId];
  const overriding = new Set(await selectOverridingProducts(db, workspaceId));
  return (await listProductIds(db, workspaceId)).filter((p) => !overriding.has(p));
}

/**
 * Replaces a scope's factor set: listed ids are updated, unlisted ones archived (their ratings stay), new
 * ones created. The caller recomputes the affected scores in the same transaction.
 */
export async function putFactors(
  db: Db,
  ctx: WorkspaceContext,
  input: Required<PutFactors>,
): Promise<FactorSet> {
  const { productId } = input;
  await lockFactorSets(db, ctx.workspaceId);
  if (productId) await assertProduct(db, ctx.workspaceId, productId);
  const before = await getFactorSet(db, ctx.workspaceId, productId);
  const current = before.scope === (productId ? "product" : "workspace") ? before.factors : [];
  const known = new Map(current.map((f) => [f.id, f]));
  const names = new Set<string>();
  const fields: Record<string, string> = {};
  input.factors.forEach((f, i) => {
    const key = f.name.trim().toLowerCase();
    if (names.has(key)) fields[`factors.${i}.name`] = "Two factors have this name";
    names.add(key);
    if (f.id && !known.has(f.id)) fields[`factors.${i}.id`] = "Not a factor of this set";
  });
  if (Object.keys(fields).length) throw invalid(fields);

  const kept = new Set(input.factors.map((f) => f.id).filter(Boolean));
  await archiveFactors(
    db,
    ctx.workspaceId,
    current.filter((f) => !kept.has(f.id)).map((f) => f.id),
  );
  const fresh = [];
  for (const [position, f] of input.factors.entries()) {
    const row = {
      name: f.name,
      description: f.description ?? "",
      weight: f.weight,
      direction: f.direction,
      kind: f.kind ?? "rated",
      scaleMin: f.scaleMin ?? 1,
      scaleMax: f.scaleMax ?? 5,
      labels: f.labels ?? [],
      position,
    };
    if (f.id) await updateFactorRow(db, ctx.workspaceId, f.id, row);
    else fresh.push({ workspaceId: ctx.workspaceId, productId, ...row });
  }
  await insertFactors(db, fresh);
  const after = await getFactorSet(db, ctx.workspaceId, productId);
  forgetFactorSets(ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "factors.update",
    entityType: productId ? "product" : "workspace",
    entityId: productId ?? ctx.workspaceId,
    before: before.factors,
    after: after.factors,
  });
  return after;
}

/** Drops a product's own factors (archived, ratings kept): it follows the workspace's defaults again. */
export async function dropFactorOverride(db: Db, ctx: WorkspaceContext, productId: string) {
  await lockFactorSets(db, ctx.workspaceId);
  await getProduct(db, ctx.workspaceId, productId);
  const own = await scopeFactors(db, ctx.workspaceId, productId);
  forgetFactorSets(ctx.workspaceId);
  await archiveFactors(
    db,
    ctx.workspaceId,
    own.map((f) => f.id),
  );
  if (own.length)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "factors.drop_override",
      entityType: "product",
      entityId: productId,
      before: own,
    });
  return getFactorSet(db, ctx.workspaceId, productId);
}

/**
 * Replaces a factor set (see putFactors) and recomputes every score that follows it, in the caller's transaction
 * (the CLI on the database directly; the API runs factors.recompute.ts replaceFactorsInSteps).
 */
export async function replaceFactors(db: Db, ctx: WorkspaceContext, input: Required<PutFactors>) {
  const set = await putFactors(db, ctx, input);
  const t0 = performance.now();
  const products = await productsFollowing(db, ctx.workspaceId, input.productId);
  const ideas = await recomputeWeighted(db, ctx.workspaceId, products);
  return {
    ...set,
    recomputed: { ideas, ms: Math.round(performance.now() - t0), products: products.length },
  };
}
