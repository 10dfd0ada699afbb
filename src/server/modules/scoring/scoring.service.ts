import type { Framework } from "../../../shared/enums.ts";
import type { FactorStat, Idea } from "../../../shared/ideas.schemas.ts";
import { type FactorResult, FORMULAS, rankOrder, weightedScore } from "../../../shared/scoring.ts";
import type { Db } from "../../db/client.ts";
import { getFactorSet, toScoringFactor } from "../factors/factors.service.ts";
import {
  aggregateRound,
  applyRoundStats,
  latestClosedRounds,
  lockProduct,
  RANKED_STATUSES,
  selectRankInputs,
  selectRoundName,
  selectStoredStats,
  syncActiveScores,
  updateRanks,
  updateWeightedScores,
  votersPerIdea,
} from "./scoring.queries.ts";

export { selectFrameworkRanks as frameworkRanks } from "./scoring.queries.ts";

/**
 * Score materialization: ideas carry their latest closed round's per-factor stats, their scores under every
 * framework, the active one, and their backlog rank, so the ranked backlog is a plain index scan.
 */

/** Takes the product's scoring lock; call before writing any of its ideas when ranks will be recomputed. */
export const lockProductScores = (db: Db, workspaceId: string, productId: string) =>
  lockProduct(db, workspaceId, productId);

/** Re-ranks a product's backlog (scores, then pins); writes only the ranks that changed. */
export async function recomputeRanks(db: Db, workspaceId: string, productId: string) {
  const rows = await selectRankInputs(db, workspaceId, productId);
  const ranked = rows.filter((r) => RANKED_STATUSES.includes(r.status));
  const order = rankOrder(ranked);
  const changes: { id: string; rank: number | null }[] = [];
  for (const r of rows) {
    const rank = order.get(r.id) ?? null;
    if (rank !== r.rank) changes.push({ id: r.id, rank });
  }
  if (changes.length) await updateRanks(db, workspaceId, JSON.stringify(changes));
  return changes.length;
}

/** Re-derives the active score from the framework, then the ranks. */
export async function refreshProductScores(db: Db, workspaceId: string, productId: string) {
  await syncActiveScores(db, workspaceId, productId);
  await recomputeRanks(db, workspaceId, productId);
}

/** Recomputes every weighted score of the products from their stored per-factor means (after a factor change). */
export async function recomputeWeighted(db: Db, workspaceId: string, productIds: string[]) {
  let ideas = 0;
  const sorted = [...productIds].sort(); // one lock order for every caller
  for (const productId of sorted) await lockProduct(db, workspaceId, productId);
  for (const productId of sorted) {
    const { factors } = await getFactorSet(db, workspaceId, productId);
    const scoring = factors.map(toScoringFactor);
    const rows = await selectStoredStats(db, workspaceId, productId);
    const updates = rows
      .map((r) => ({ id: r.id, s: weightedScore(scoring, r.factorStats as FactorResult[]).score }))
      .filter((u, i) => u.s !== rows[i].scoreWeighted);
    if (updates.length) await updateWeightedScores(db, workspaceId, JSON.stringify(updates));
    await refreshProductScores(db, workspaceId, productId);
    ideas += rows.length;
  }
  return ideas;
}

function groupStats(rows: (FactorStat & { ideaId: string })[]) {
  const byIdea = new Map<string, FactorStat[]>();
  for (const { ideaId, ...s } of rows) {
    const list = byIdea.get(ideaId) ?? [];
    list.push(s);
    byIdea.set(ideaId, list);
  }
  return byIdea;
}

/** Live per-idea stats of a round (open or closed), as the results page and the closing step use them. */
export async function roundStats(
  db: Db,
  workspaceId: string,
  roundId: string,
  ideaIds: string[] | null = null,
) {
  const [agg, voters] = await Promise.all([
    aggregateRound(db, workspaceId, roundId, ideaIds),
    votersPerIdea(db, workspaceId, roundId),
  ]);
  return { stats: groupStats(agg), voters: new Map(voters.map((v) => [v.ideaId, v.voters])) };
}

/** Writes a closed round's results onto its ideas (their scores now come from this round) and re-ranks. */
export async function applyRound(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  const { factors } = await getFactorSet(db, workspaceId, productId);
  const scoring = factors.map(toScoringFactor);
  const { stats, voters } = await roundStats(db, workspaceId, roundId);
  const rows = ideaIds.map((id) => {
    const s = stats.get(id) ?? [];
    return { id, stats: s, voters: voters.get(id) ?? 0, s: weightedScore(scoring, s).score };
  });
  await applyRoundStats(db, workspaceId, roundId, JSON.stringify(rows));
  await refreshProductScores(db, workspaceId, productId);
}

/** Re-scores ideas from each one's latest closed round (after a merge moved ratings onto them). */
export async function rescoreIdeas(db: Db, workspaceId: string, productId: string, ideaIds: string[]) {
  const latest = await latestClosedRounds(db, workspaceId, ideaIds);
  const byRound = new Map<string, string[]>();
  for (const l of latest) byRound.set(l.roundId, [...(byRound.get(l.roundId) ?? []), l.ideaId]);
  const { factors } = await getFactorSet(db, workspaceId, productId);
  const scoring = factors.map(toScoringFactor);
  for (const [roundId, ids] of byRound) {
    const { stats, voters } = await roundStats(db, workspaceId, roundId, ids);
    const rows = ids.map((id) => {
      const s = stats.get(id) ?? [];
      return { id, stats: s, voters: voters.get(id) ?? 0, s: weightedScore(scoring, s).score };
    });
    await applyRoundStats(db, workspaceId, roundId, JSON.stringify(rows));
  }
  await refreshProductScores(db, workspaceId, productId);
}

/** "Why this score": the weighted arithmetic step by step, the framework inputs and every formula. */
export async function explainScore(db: Db, workspaceId: string, idea: Idea, framework: Framework) {
  const { factors } = await getFactorSet(db, workspaceId, idea.productId);
  const { score, steps } = weightedScore(factors.map(toScoringFactor), idea.factorStats as FactorResult[]);
  return {
    framework,
    factors,
    weighted: {
      score,
      steps,
      roundId: idea.scoredRoundId,
      roundName: idea.scoredRoundId ? await selectRoundName(db, workspaceId, idea.scoredRoundId) : null,
    },
    inputs: idea.inputs,
    scores: idea.scores,
    formulas: { ...FORMULAS },
  };
}
