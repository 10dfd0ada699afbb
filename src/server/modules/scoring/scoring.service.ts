import type { Framework } from "../../../shared/enums.ts";
import type { FactorStat, Idea } from "../../../shared/ideas.schemas.ts";
import {
  type Factor,
  type FactorResult,
  FORMULAS,
  rankOrder,
  weightedScore,
} from "../../../shared/scoring.ts";
import type { Db } from "../../db/client.ts";
import { getFactorSet, toScoringFactor } from "../factors/factors.service.ts";
import {
  aggregateRound,
  applyRoundStats,
  latestClosedRounds,
  lockProduct,
  RANKED_STATUSES,
  selectFramework,
  selectProductScores,
  selectRoundName,
  votersPerIdea,
  writeScores,
} from "./scoring.queries.ts";

export { selectFrameworkRanks as frameworkRanks } from "./scoring.queries.ts";

/**
 * Score materialization: idea_scores carries each idea's latest closed round's per-factor stats, its scores
 * under every framework, the active one, and its backlog rank, so the ranked backlog is a plain index scan.
 */

/** Takes the product's scoring lock; call before writing any of its ideas when ranks will be recomputed. */
export const lockProductScores = (db: Db, workspaceId: string, productId: string) =>
  lockProduct(db, workspaceId, productId);

const active = (
  framework: string,
  r: { w: number | null; rice: number | null; ice: number | null; wsjf: number | null },
) => (framework === "rice" ? r.rice : framework === "ice" ? r.ice : framework === "wsjf" ? r.wsjf : r.w);

/**
 * Re-scores a product in one pass: weighted scores (from the stored per-factor means, when factors are given),
 * active scores (the framework's), then ranks (scores, then pins); writes only the ideas whose numbers changed,
 * in one statement. Returns how many ideas have a rating-based score.
 */
async function rescoreProduct(db: Db, workspaceId: string, productId: string, factors?: Factor[]) {
  const [framework, rows] = await Promise.all([
    selectFramework(db, workspaceId, productId),
    selectProductScores(db, workspaceId, productId),
  ]);
  const next = rows.map((r) => {
    const w = factors ? weightedScore(factors, r.factorStats as FactorResult[]).score : r.scoreWeighted;
    return { row: r, w, s: active(framework, { w, rice: r.scoreRice, ice: r.scoreIce, wsjf: r.scoreWsjf }) };
  });
  const ranked = next
    .filter((n) => !n.row.merged && RANKED_STATUSES.includes(n.row.status))
    .sort(
      (a, b) =>
        (a.s === b.s ? 0 : a.s === null ? 1 : b.s === null ? -1 : b.s - a.s) || a.row.number - b.row.number,
    )
    .map((n) => ({ id: n.row.id, pinnedRank: n.row.pinnedRank }));
  const order = rankOrder(ranked);
  const changes = [];
  for (const n of next) {
    const r = order.get(n.row.id) ?? null;
    if (n.w !== n.row.scoreWeighted || n.s !== n.row.score || r !== n.row.rank)
      changes.push({ id: n.row.id, w: n.w, s: n.s, r });
  }
  if (changes.length) await writeScores(db, workspaceId, JSON.stringify(changes));
  return rows.filter((r) => r.scored).length; // ideas whose score comes from ratings
}

/** Re-derives the active scores from the framework, then the ranks. */
export const refreshProductScores = (db: Db, workspaceId: string, productId: string) =>
  rescoreProduct(db, workspaceId, productId);
export const recomputeRanks = refreshProductScores;

/** Recomputes every weighted score of the products from their stored per-factor means (after a factor change). */
export async function recomputeWeighted(db: Db, workspaceId: string, productIds: string[]) {
  let ideas = 0;
  const sorted = [...productIds].sort(); // one lock order for every caller
  for (const productId of sorted) await lockProduct(db, workspaceId, productId);
  for (const productId of sorted) {
    const { factors } = await getFactorSet(db, workspaceId, productId);
    ideas += await rescoreProduct(db, workspaceId, productId, factors.map(toScoringFactor));
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
