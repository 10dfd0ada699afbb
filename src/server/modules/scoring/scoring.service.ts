import type { Framework } from "../../../shared/enums.ts";
import type { FactorStat, Idea } from "../../../shared/ideas.schemas.ts";
import {
  type Factor,
  type FactorResult,
  FORMULAS,
  rankIdeas,
  weightedScore,
} from "../../../shared/scoring.ts";
import type { Db } from "../../db/client.ts";
import { nextTurn, StepSizer, type Steps } from "../../lib/steps.ts";
import { getFactorSet, toScoringFactor } from "./scoring.factors.ts";
import {
  aggregateRound,
  applyRoundStats,
  bumpProductVersion,
  latestClosedRounds,
  lockProduct,
  type ScoreRow,
  selectFramework,
  selectProductScores,
  selectProductScoresPage,
  selectProductVersion,
  selectRoundName,
  votersPerIdea,
  writeScores,
} from "./scoring.queries.ts";

/**
 * An idea's rank under each framework: the backlog rank it would have were that framework active (the same rule,
 * rankIdeas, pins included), so ranks[active framework] is always its backlog rank; null when it is not ranked.
 */
export async function frameworkRanks(db: Db, workspaceId: string, productId: string, ideaId: string) {
  const rows = await selectProductScores(db, workspaceId, productId);
  const under = (scoreOf: (r: (typeof rows)[number]) => number | null) =>
    rankIdeas(rows, scoreOf).get(ideaId) ?? null;
  return {
    weighted: under((r) => r.scoreWeighted),
    rice: under((r) => r.scoreRice),
    ice: under((r) => r.scoreIce),
    wsjf: under((r) => r.scoreWsjf),
  };
}

/**
 * Score materialization: idea_scores carries each idea's latest closed round's per-factor stats, its scores
 * under every framework, the active one, and its backlog rank, so the ranked backlog is a plain index scan.
 */

/** Takes the product's scoring lock; call before writing any of its ideas when ranks will be recomputed. */
export { lockProduct as lockProductScores } from "./scoring.queries.ts";

const active = (
  framework: string,
  r: { w: number | null; rice: number | null; ice: number | null; wsjf: number | null },
) => (framework === "rice" ? r.rice : framework === "ice" ? r.ice : framework === "wsjf" ? r.wsjf : r.w);

const scoringFactors = async (db: Db, workspaceId: string, productId: string) =>
  (await getFactorSet(db, workspaceId, productId)).factors.map(toScoringFactor);

type ScoreChange = { id: string; w: number | null; s: number | null; r: number | null };

/**
 * What a product-wide re-score changes: weighted scores (from the stored per-factor means, when factors are
 * given), active scores (the framework's), then ranks (scores, then pins); only the ideas whose numbers change.
 * Also returns how many ideas have a rating-based score.
 */
async function scoreChanges(db: Db, workspaceId: string, productId: string, factors?: Factor[]) {
  const [framework, rows] = await Promise.all([
    selectFramework(db, workspaceId, productId),
    selectProductScores(db, workspaceId, productId),
  ]);
  return diffScores(framework, rows, factors);
}

/** scoreChanges on rows already read. */
function diffScores(framework: string, rows: ScoreRow[], factors?: Factor[]) {
  const next = rows.map((r) => {
    const w = factors ? weightedScore(factors, r.factorStats as FactorResult[]).score : r.scoreWeighted;
    return { row: r, w, s: active(framework, { w, rice: r.scoreRice, ice: r.scoreIce, wsjf: r.scoreWsjf }) };
  });
  const scoreOf = new Map(next.map((n) => [n.row.id, n.s]));
  const order = rankIdeas(rows, (r) => scoreOf.get(r.id) ?? null);
  const changes: ScoreChange[] = [];
  for (const n of next) {
    const r = order.get(n.row.id) ?? null;
    if (n.w !== n.row.scoreWeighted || n.s !== n.row.score || r !== n.row.rank)
      changes.push({ id: n.row.id, w: n.w, s: n.s, r });
  }
  return { changes, scored: rows.filter((r) => r.scored).length };
}

/** Re-scores a product in one pass, writing the changed ideas in one statement; returns how many have a rating-based score. */
async function rescoreProduct(db: Db, workspaceId: string, productId: string, factors?: Factor[]) {
  const { changes, scored } = await scoreChanges(db, workspaceId, productId, factors);
  if (changes.length) await writeScores(db, workspaceId, JSON.stringify(changes));
  return scored;
}

/**
 * Plans a re-score in short steps: the first bumps the product's ideas_version and reads its framework and
 * factors, the next read its ideas' score rows page by page (reading 10,000 rows at once held PGlite ~350 ms),
 * each checking that the version did not move (else null: another writer came in between, start over).
 */
async function planInSteps(steps: Steps, workspaceId: string, productId: string, weighted: boolean) {
  const head = await steps.run(async (tx) => ({
    version: await bumpProductVersion(tx, workspaceId, productId, null),
    framework: await selectFramework(tx, workspaceId, productId),
    factors: weighted ? await scoringFactors(tx, workspaceId, productId) : undefined,
  }));
  const rows: ScoreRow[] = [];
  const sizer = new StepSizer(1000, 200, 10_000);
  for (let after: string | null = "00000000-0000-0000-0000-000000000000"; after !== null; ) {
    const from: string = after;
    const size = sizer.next();
    const page = await steps.run(async (tx) => {
      const t0 = performance.now();
      if ((await selectProductVersion(tx, workspaceId, productId)) !== head.version) return null;
      const part = await selectProductScoresPage(tx, workspaceId, productId, from, size);
      sizer.took(Math.max(1, part.length), performance.now() - t0);
      return part;
    });
    if (page === null) return null;
    rows.push(...page);
    after = page.length < size ? null : page[page.length - 1].id;
  }
  await nextTurn();
  return { version: head.version, ...diffScores(head.framework, rows, head.factors) };
}

/**
 * Re-scores a product as long work (lib/steps.ts). On PostgreSQL: one pass in the shared transaction. On PGlite:
 * short steps read and compute (planInSteps), then the changes are written in short steps, each checking that no
 * other writer bumped the product's ideas_version meanwhile (if one did, the re-score starts over; after three
 * tries it runs as one step). Between the steps a reader may briefly see old and new ranks side by side.
 */
export async function rescoreProductInSteps(
  steps: Steps,
  workspaceId: string,
  productId: string,
  { weighted = false } = {},
): Promise<number> {
  const factorsOf = (db: Db) => (weighted ? scoringFactors(db, workspaceId, productId) : undefined);
  if (!steps.separate)
    return steps.run(async (tx) => {
      await lockProduct(tx, workspaceId, productId);
      return rescoreProduct(tx, workspaceId, productId, await factorsOf(tx));
    });
  for (let attempt = 0; attempt < 3; attempt++) {
    const plan = await planInSteps(steps, workspaceId, productId, weighted);
    if (!plan) continue;
    let version: number | null = plan.version;
    const sizer = new StepSizer(500, 100, 5000);
    for (let i = 0; i < plan.changes.length && version !== null; ) {
      const part = plan.changes.slice(i, i + sizer.next());
      await steps.run(async (tx) => {
        const t0 = performance.now();
        version = await bumpProductVersion(tx, workspaceId, productId, version);
        if (version !== null) await writeScores(tx, workspaceId, JSON.stringify(part));
        sizer.took(part.length, performance.now() - t0);
      });
      i += part.length;
    }
    if (version !== null) return plan.scored;
  }
  return steps.run(async (tx) => {
    await lockProduct(tx, workspaceId, productId);
    return rescoreProduct(tx, workspaceId, productId, await factorsOf(tx));
  });
}

/** Re-derives the active scores from the framework, then the ranks. */
export const refreshProductScores = (db: Db, workspaceId: string, productId: string) =>
  rescoreProduct(db, workspaceId, productId);

/** Recomputes every weighted score of the products from their stored per-factor means (after a factor change). */
export async function recomputeWeighted(db: Db, workspaceId: string, productIds: string[]) {
  let ideas = 0;
  const sorted = [...productIds].sort(); // one lock order for every caller
  for (const productId of sorted) await lockProduct(db, workspaceId, productId);
  for (const productId of sorted) {
    ideas += await rescoreProduct(
      db,
      workspaceId,
      productId,
      await scoringFactors(db, workspaceId, productId),
    );
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

/** Writes one round's per-factor stats, voters and weighted score onto some of its ideas. */
async function writeRoundStats(
  db: Db,
  workspaceId: string,
  roundId: string,
  ideaIds: string[],
  factors: Factor[],
) {
  const { stats, voters } = await roundStats(db, workspaceId, roundId, ideaIds);
  const rows = ideaIds.map((id) => {
    const s = stats.get(id) ?? [];
    return { id, stats: s, voters: voters.get(id) ?? 0, s: weightedScore(factors, s).score };
  });
  await applyRoundStats(db, workspaceId, roundId, JSON.stringify(rows));
}

/** Writes a closed round's results onto its ideas (their scores now come from this round) and re-ranks. */
export async function applyRound(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  await lockProduct(db, workspaceId, productId);
  await writeRoundStats(db, workspaceId, roundId, ideaIds, await scoringFactors(db, workspaceId, productId));
  await refreshProductScores(db, workspaceId, productId);
}

/**
 * What closing a round would do, computed without writing: its ideas' weighted scores from the round's ratings (as
 * applyRound writes them), the active scores, and every rank the one rule (rankIdeas) would give. Returns the ideas
 * whose active score or rank would change, with before and after.
 */
export async function previewRound(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  const [framework, rows, factors, { stats }] = await Promise.all([
    selectFramework(db, workspaceId, productId),
    selectProductScores(db, workspaceId, productId),
    scoringFactors(db, workspaceId, productId),
    roundStats(db, workspaceId, roundId, ideaIds),
  ]);
  const inRound = new Set(ideaIds);
  const after = new Map(
    rows.map((r) => {
      const w = inRound.has(r.id) ? weightedScore(factors, stats.get(r.id) ?? []).score : r.scoreWeighted;
      return [r.id, active(framework, { w, rice: r.scoreRice, ice: r.scoreIce, wsjf: r.scoreWsjf })];
    }),
  );
  const ranks = rankIdeas(rows, (r) => after.get(r.id) ?? null);
  return rows
    .map((r) => ({
      ideaId: r.id,
      number: r.number,
      title: r.title,
      scoreBefore: r.score,
      scoreAfter: after.get(r.id) ?? null,
      rankBefore: r.rank,
      rankAfter: ranks.get(r.id) ?? null,
    }))
    .filter((c) => c.scoreBefore !== c.scoreAfter || c.rankBefore !== c.rankAfter)
    .sort(
      (a, b) =>
        (a.rankAfter ?? Number.MAX_SAFE_INTEGER) - (b.rankAfter ?? Number.MAX_SAFE_INTEGER) ||
        a.number - b.number,
    );
}

/** Re-scores ideas from each one's latest closed round (after a merge moved ratings onto them). */
export async function rescoreIdeas(db: Db, workspaceId: string, productId: string, ideaIds: string[]) {
  const latest = await latestClosedRounds(db, workspaceId, ideaIds);
  const byRound = new Map<string, string[]>();
  for (const l of latest) byRound.set(l.roundId, [...(byRound.get(l.roundId) ?? []), l.ideaId]);
  const factors = await scoringFactors(db, workspaceId, productId);
  for (const [roundId, ids] of byRound) await writeRoundStats(db, workspaceId, roundId, ids, factors);
  await refreshProductScores(db, workspaceId, productId);
}

/** "Why this score": the weighted arithmetic step by step, the framework inputs and every formula. */
export async function explainScore(
  db: Db,
  workspaceId: string,
  idea: Pick<Idea, "productId" | "factorStats" | "scoredRoundId" | "inputs" | "scores">,
  framework: Framework,
) {
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
