import type { PutScoreCounting, ScoreCounting } from "../../../shared/ideas.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import { staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { inSteps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { type JobHandlers, unscheduleJob } from "../jobs/jobs.service.ts";
import { getProduct } from "../products/products.service.ts";
import { getScoreCounting, recountProductInSteps, storeScoreCounting } from "../scoring/scoring.service.ts";
import { scheduleHeal } from "./factors.recompute.ts";

/**
 * How a product's scoring rounds count (docs/SCORING.md "Which ratings count"), a product setting beside its
 * factors. Changing it is long work like a factor change (docs/DECISIONS.md #25): the setting and its audit entry
 * are written in one short transaction, then every rated idea is re-counted from its rounds' ratings and the
 * product re-scored in short steps on PGlite (one transaction on PostgreSQL). Every score that moves gets a
 * history row with the cause "counting". A heal job, scheduled with the setting and cancelled at the end,
 * re-counts the product if the steps stopped half-way (an error, a crash).
 */

const HEAL_KIND = "scores.recount";

type Out = ScoreCounting & { recomputed: { ideas: number; ms: number } };

/** Changes how a product's rounds count (send the version read; 0 if never set), audited; re-scores in steps. */
export function setScoreCountingInSteps(
  database: Database,
  ctx: WorkspaceContext,
  productId: string,
  input: PutScoreCounting,
  clock: Clock,
): Promise<Out> {
  return inSteps(database, async (steps) => {
    const { after, heal } = await steps.run(async (tx) => {
      await getProduct(tx, ctx.workspaceId, productId);
      const before = await getScoreCounting(tx, ctx.workspaceId, productId);
      const halfLifeRounds = input.mode === "combine" ? (input.halfLifeRounds ?? null) : null;
      const stored = await storeScoreCounting(tx, ctx.workspaceId, productId, {
        version: input.version,
        mode: input.mode,
        halfLifeRounds,
        userId: ctx.userId,
      });
      if (!stored) throw staleVersion("The score counting setting");
      const after = await getScoreCounting(tx, ctx.workspaceId, productId);
      await recordAudit(tx, ctx.workspaceId, ctx, {
        action: "product.score_counting",
        entityType: "product",
        entityId: productId,
        before: { mode: before.mode, halfLifeRounds: before.halfLifeRounds },
        after: { mode: after.mode, halfLifeRounds: after.halfLifeRounds },
      });
      const heal = await scheduleHeal(steps, tx, HEAL_KIND, ctx.workspaceId, { productId }, clock);
      return { after, heal };
    });
    const t0 = performance.now();
    const ideas = await recountProductInSteps(steps, ctx.workspaceId, productId);
    if (heal) await steps.run((tx) => unscheduleJob(tx, heal));
    return { ...after, recomputed: { ideas, ms: Math.round(performance.now() - t0) } };
  });
}

/** The heal job: a stepped re-count stopped half-way; re-count the product in the job's transaction. */
export const countingJobHandlers: JobHandlers = {
  [HEAL_KIND]: async (db, job) => {
    if (!job.workspaceId) return;
    await recountProductInSteps(
      { separate: false, run: (fn) => fn(db) },
      job.workspaceId,
      job.payload.productId as string,
    );
  },
};
