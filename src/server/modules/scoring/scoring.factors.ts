import type { FactorDef, FactorSet } from "../../../shared/ideas.schemas.ts";
import { DEFAULT_FACTORS, type Factor } from "../../../shared/scoring.ts";
import type { Db } from "../../db/client.ts";
import { insertDefaultFactors, selectActiveFactors, selectScopeFactors } from "./scoring.queries.ts";

// Which factors score a product, read where the scores are computed. The factors module edits the sets
// (PUT /factors, overrides) and re-scores through this module, so the read side lives here, below it.

export const toScoringFactor = (f: FactorDef): Factor => ({
  id: f.id,
  weight: f.weight,
  direction: f.direction,
  kind: f.kind,
  scaleMin: f.scaleMin,
  scaleMax: f.scaleMax,
});

/** Gives a new workspace the default factors. */
export async function seedDefaultFactors(db: Db, workspaceId: string) {
  await insertDefaultFactors(
    db,
    DEFAULT_FACTORS.map((f, position) => ({ workspaceId, ...f, scaleMin: 1, scaleMax: 5, position })),
  );
}

/** The factors that score a product's ideas: its override if it has one, else the workspace's defaults. */
export async function getFactorSet(
  db: Db,
  workspaceId: string,
  productId: string | null,
): Promise<FactorSet> {
  if (productId) {
    const all = (await selectScopeFactors(db, workspaceId, productId)) as FactorDef[];
    const own = all.filter((f) => f.productId === productId);
    if (own.length) return { scope: "product", productId, factors: own };
    return { scope: "workspace", productId, factors: all.filter((f) => f.productId === null) };
  }
  const ws = (await selectActiveFactors(db, workspaceId, null)) as FactorDef[];
  return { scope: "workspace", productId: productId ?? null, factors: ws };
}

/** The active factors of one scope only: the workspace's defaults (null) or a product's own override. */
export const scopeFactors = (db: Db, workspaceId: string, productId: string | null) =>
  selectActiveFactors(db, workspaceId, productId);
