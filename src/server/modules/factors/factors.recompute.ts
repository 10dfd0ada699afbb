import { randomUUID } from "node:crypto";
import type { PutFactors } from "../../../shared/ideas.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { addMs, type Clock } from "../../lib/clock.ts";
import { inSteps, type Steps } from "../../lib/steps.ts";
import { type JobHandlers, scheduleJob, unscheduleJob } from "../jobs/jobs.service.ts";
import { recomputeWeighted, rescoreProductInSteps } from "../scoring/scoring.service.ts";
import { dropFactorOverride, productsFollowing, putFactors } from "./factors.service.ts";

/**
 * A factor change as long work (docs/DECISIONS.md #25): the new set is written in one short transaction, then
 * every product that follows it is re-scored in steps (rescoreProductInSteps, weighted). Each product's re-score
 * reads the factor set in the step that plans it, and restarts when another writer bumped the product's
 * ideas_version meanwhile, so of two parallel changes the last one's set wins on every score. On PostgreSQL
 * everything runs in one transaction, as before.
 *
 * On PGlite a failure (or a crash) between the steps leaves the new set stored and some scores from the old one:
 * every score is still derivable from the stored per-factor means, and a heal job, scheduled with the set and
 * cancelled when the re-score ends, recomputes the products after HEAL_AFTER_MS (harmless if it runs early).
 */

const HEAL_KIND = "factors.recompute";
/** When the heal job runs unless the re-score ended first (a 10,000-idea product takes about a second). */
const HEAL_AFTER_MS = 5 * 60_000;

type HealPayload = { productIds: string[] };

/**
 * Schedules a heal job (`kind`, with its payload) for stepped work on PGlite, to run HEAL_AFTER_MS from now unless
 * the work cancels it (unscheduleJob with the key returned) when it ends; null inside one PostgreSQL transaction,
 * where there is nothing to heal. Factor changes and counting changes (factors.counting.ts) both use it.
 */
export async function scheduleHeal(
  steps: Steps,
  tx: Db,
  kind: string,
  workspaceId: string,
  payload: Record<string, unknown>,
  clock: Clock,
) {
  if (!steps.separate) return null;
  const key = `${kind}:${workspaceId}:${randomUUID()}`;
  await scheduleJob(tx, {
    workspaceId,
    kind,
    key,
    runAt: addMs(clock.now(), HEAL_AFTER_MS).toISOString(),
    payload,
  });
  return key;
}

/** The heal job of a factor change: recompute these products. */
const scheduleFactorHeal = (steps: Steps, tx: Db, workspaceId: string, productIds: string[], clock: Clock) =>
  scheduleHeal(steps, tx, HEAL_KIND, workspaceId, { productIds } satisfies HealPayload, clock);

/** Re-scores the products one after another (one lock order for every caller), then cancels the heal job. */
async function rescoreFollowing(
  steps: Steps,
  workspaceId: string,
  productIds: string[],
  heal: string | null,
) {
  let ideas = 0;
  for (const productId of [...productIds].sort())
    ideas += await rescoreProductInSteps(steps, workspaceId, productId, {
      weighted: true,
      cause: { cause: "factors", roundId: null },
    });
  if (heal) await steps.run((tx) => unscheduleJob(tx, heal));
  return ideas;
}

/** Replaces a factor set (see putFactors) and recomputes every score that follows it, in short steps on PGlite. */
export const replaceFactorsInSteps = (
  database: Database,
  ctx: WorkspaceContext,
  input: Required<PutFactors>,
  clock: Clock,
) => inSteps(database, (steps) => replaceFactorsWith(steps, ctx, input, clock));

/** replaceFactorsInSteps on given steps (tests pause them to interleave writers). */
export async function replaceFactorsWith(
  steps: Steps,
  ctx: WorkspaceContext,
  input: Required<PutFactors>,
  clock: Clock,
) {
  const { set, products, heal } = await steps.run(async (tx) => {
    const set = await putFactors(tx, ctx, input);
    const products = await productsFollowing(tx, ctx.workspaceId, input.productId);
    return {
      set,
      products,
      heal: await scheduleFactorHeal(steps, tx, ctx.workspaceId, products, clock),
    };
  });
  const t0 = performance.now();
  const ideas = await rescoreFollowing(steps, ctx.workspaceId, products, heal);
  return {
    ...set,
    recomputed: { ideas, ms: Math.round(performance.now() - t0), products: products.length },
  };
}

/** Drops a product's own factors (see dropFactorOverride) and re-scores it with the workspace's, in steps. */
export function dropFactorOverrideInSteps(
  database: Database,
  ctx: WorkspaceContext,
  productId: string,
  clock: Clock,
) {
  return inSteps(database, async (steps) => {
    const { set, heal } = await steps.run(async (tx) => ({
      set: await dropFactorOverride(tx, ctx, productId),
      heal: await scheduleFactorHeal(steps, tx, ctx.workspaceId, [productId], clock),
    }));
    await rescoreFollowing(steps, ctx.workspaceId, [productId], heal);
    return set;
  });
}

/** The heal job: a stepped re-score stopped half-way (an error, or the process died): recompute those products. */
export const factorJobHandlers: JobHandlers = {
  [HEAL_KIND]: async (db, job) => {
    if (!job.workspaceId) return;
    await recomputeWeighted(db, job.workspaceId, (job.payload as HealPayload).productIds);
  },
};
