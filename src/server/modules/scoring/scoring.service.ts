import type { Framework } from "../../../shared/enums.ts";
import type { FactorStat, Idea, ScoreCounting } from "../../../shared/ideas.schemas.ts";
import {
  type ComputedInputs,
  computedSource,
  computedValue,
  countRounds,
  type Factor,
  type FactorResult,
  FORMULAS,
  type RoundFactorResults,
  rankIdeas,
  riceWithReach,
  roundWeights,
  type ScoreCountingRule,
  voteWeight,
  weightedScore,
  withComputed,
} from "../../../shared/scoring.ts";
import type { Db } from "../../db/client.ts";
import { nextTurn, StepSizer, type Steps } from "../../lib/steps.ts";
import { getFactorSet, toScoringFactor } from "./scoring.factors.ts";
import {
  aggregateIdeaRounds,
  aggregateRound,
  applyRoundStats,
  bumpBacklogsOfEvidence,
  bumpProductsVersion,
  bumpProductVersion,
  type HistoryCause,
  lockProduct,
  type ScoreRow,
  selectCoverageInputs,
  selectDemandInputs,
  selectFramework,
  selectIdeaRounds,
  selectIdeaVoters,
  selectProductScores,
  selectProductScoresPage,
  selectProductsWithComputed,
  selectProductVersion,
  selectRatedIdeaIdsPage,
  selectRiceReachFromEvidence,
  selectRoundName,
  selectScoreHistory,
  selectScoreSetting,
  upsertScoreSetting,
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

/** What weighted scores are computed with: the factors, and the computed factors' inputs per idea (none: empty). */
interface Scoring {
  factors: Factor[];
  inputs: Map<string, ComputedInputs>;
}

/**
 * The computed factors' inputs of a product's ideas (all, or `ideaIds`): customer demand and competitor coverage,
 * read only for the kinds the factors use (a set without computed factors reads nothing).
 */
async function computedInputs(
  db: Db,
  workspaceId: string,
  productId: string,
  factors: Factor[],
  ideaIds: string[] | null = null,
): Promise<Map<string, ComputedInputs>> {
  const inputs = new Map<string, ComputedInputs>();
  const at = (id: string) => inputs.get(id) ?? (inputs.set(id, {}).get(id) as ComputedInputs);
  if (factors.some((f) => f.kind === "customer_demand"))
    for (const r of await selectDemandInputs(db, workspaceId, productId, ideaIds))
      at(r.ideaId).demand = { demand: r.demand, voices: r.voices, arr: r.arr };
  if (factors.some((f) => f.kind === "competitor_coverage")) {
    const rows = await selectCoverageInputs(db, workspaceId, productId, ideaIds);
    const total = rows.find((r) => r.ideaId === null)?.have ?? 0;
    for (const r of rows) if (r.ideaId) at(r.ideaId).coverage = { have: r.have, total };
    // Ideas no competitor has still count "0 of total" (coverageOnScale gives min either way).
    inputs.set("*", { coverage: { have: 0, total } });
  }
  return inputs;
}

const scoringFactors = async (db: Db, workspaceId: string, productId: string): Promise<Scoring> => {
  const factors = (await getFactorSet(db, workspaceId, productId)).factors.map(toScoringFactor);
  return { factors, inputs: await computedInputs(db, workspaceId, productId, factors) };
};

/** The inputs of one idea's computed factors (ideas without evidence or coverage get the product's defaults). */
const inputsOf = (inputs: Map<string, ComputedInputs>, ideaId: string): ComputedInputs | undefined => {
  const own = inputs.get(ideaId);
  const all = inputs.get("*");
  return own || all ? { ...all, ...own, coverage: own?.coverage ?? all?.coverage } : undefined;
};

/** An idea's weighted score: its rounds' results and its computed factors' values. */
const weightedOf = (scoring: Scoring, ideaId: string, stats: FactorResult[]) =>
  weightedScore(scoring.factors, withComputed(scoring.factors, stats, inputsOf(scoring.inputs, ideaId)));

type ScoreChange = {
  id: string;
  w: number | null;
  s: number | null;
  r: number | null;
  rice?: number | null;
  rk?: true;
};

/**
 * How a re-score takes RICE's reach: from the evidence (the product's setting is on: each idea's distinct voices,
 * the same count as customer demand's, none → 0), or by hand (the setting was just turned off: RICE is recomputed
 * from the entered reach). Undefined: RICE stays as stored (written when its inputs are).
 */
interface RiceReach {
  evidence: boolean;
  voices: Map<string, number>;
}

/**
 * The product's RICE reach for a re-score (`hand`: recompute from entered reach when the setting is off). The voices
 * come from `scoring`'s inputs when a customer-demand factor already read them (one demand query per re-score).
 */
async function riceReachOf(
  db: Db,
  workspaceId: string,
  productId: string,
  hand = false,
  scoring?: Scoring,
): Promise<RiceReach | undefined> {
  if (await selectRiceReachFromEvidence(db, workspaceId, productId)) {
    const rows = scoring?.factors.some((f) => f.kind === "customer_demand")
      ? [...scoring.inputs].flatMap(([ideaId, x]) => (x.demand ? [{ ideaId, voices: x.demand.voices }] : []))
      : await selectDemandInputs(db, workspaceId, productId, null);
    return { evidence: true, voices: new Map(rows.map((r) => [r.ideaId, r.voices])) };
  }
  return hand ? { evidence: false, voices: new Map() } : undefined;
}

/** An idea's RICE in a re-score: as stored, or recomputed with reach from the evidence (or by hand). */
const riceOf = (row: ScoreRow, reach: RiceReach | undefined) =>
  reach ? riceWithReach(row, reach.evidence ? (reach.voices.get(row.id) ?? 0) : row.reach) : row.scoreRice;

/**
 * What a product-wide re-score changes: weighted scores (from the stored per-factor means, when factors are
 * given), active scores (the framework's), then ranks (scores, then pins); only the ideas whose numbers change.
 * Also returns how many ideas have a rating-based score.
 */
async function scoreChanges(
  db: Db,
  workspaceId: string,
  productId: string,
  factors?: Scoring,
  riceHand = false,
) {
  const [framework, rows, reach] = await Promise.all([
    selectFramework(db, workspaceId, productId),
    selectProductScores(db, workspaceId, productId),
    riceReachOf(db, workspaceId, productId, riceHand, factors),
  ]);
  return { framework, ...(await diffScores(framework, rows, factors, reach)) };
}

/** Why a re-score runs, for the score history (null: not a scoring event: status, pin, new idea, inputs). */
export type ScoreCause = Omit<HistoryCause, "framework"> | null;
const historyOf = (cause: ScoreCause, framework: string): HistoryCause | null =>
  cause ? { ...cause, framework } : null;

/** Ideas scored per turn of the event loop in diffScores (10,000 in one go held it ~40-70 ms). */
const SCORE_CHUNK = 1000;

/** scoreChanges on rows already read; lets the event loop turn every SCORE_CHUNK ideas. */
async function diffScores(framework: string, rows: ScoreRow[], factors?: Scoring, reach?: RiceReach) {
  const next: { row: ScoreRow; w: number | null; rice: number | null; s: number | null }[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % SCORE_CHUNK === 0) await nextTurn();
    const r = rows[i]!;
    const w = factors ? weightedOf(factors, r.id, r.factorStats as FactorResult[]).score : r.scoreWeighted;
    const rice = riceOf(r, reach);
    next.push({ row: r, w, rice, s: active(framework, { w, rice, ice: r.scoreIce, wsjf: r.scoreWsjf }) });
  }
  const scoreOf = new Map(next.map((n) => [n.row.id, n.s]));
  const order = rankIdeas(rows, (r) => scoreOf.get(r.id) ?? null);
  const changes: ScoreChange[] = [];
  for (const n of next) {
    const r = order.get(n.row.id) ?? null;
    if (n.w !== n.row.scoreWeighted || n.s !== n.row.score || r !== n.row.rank || n.rice !== n.row.scoreRice)
      changes.push({
        id: n.row.id,
        w: n.w,
        s: n.s,
        r,
        ...(reach ? { rice: n.rice, rk: true as const } : {}),
      });
  }
  return { changes, scored: rows.filter((r) => r.scored).length };
}

/** Re-scores a product in one pass, writing the changed ideas in one statement; returns how many have a rating-based score. */
async function rescoreProduct(
  db: Db,
  workspaceId: string,
  productId: string,
  factors?: Scoring,
  cause: ScoreCause = null,
  riceHand = false,
) {
  const { changes, scored, framework } = await scoreChanges(db, workspaceId, productId, factors, riceHand);
  if (changes.length)
    await writeScores(db, workspaceId, JSON.stringify(changes), historyOf(cause, framework));
  return scored;
}

/**
 * Plans a re-score in short steps: the first bumps the product's ideas_version and reads its framework and
 * factors, the next read its ideas' score rows page by page (reading 10,000 rows at once held PGlite ~350 ms),
 * each checking that the version did not move (else null: another writer came in between, start over).
 */
async function planInSteps(steps: Steps, workspaceId: string, productId: string, weighted: boolean) {
  const head = await steps.run(async (tx) => {
    const version = await bumpProductVersion(tx, workspaceId, productId, null);
    const framework = await selectFramework(tx, workspaceId, productId);
    const factors = weighted ? await scoringFactors(tx, workspaceId, productId) : undefined;
    return {
      version,
      framework,
      factors,
      reach: await riceReachOf(tx, workspaceId, productId, false, factors),
    };
  });
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
  return {
    version: head.version,
    framework: head.framework,
    ...(await diffScores(head.framework, rows, head.factors, head.reach)),
  };
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
  { weighted = false, cause = null as ScoreCause } = {},
): Promise<number> {
  const factorsOf = (db: Db) => (weighted ? scoringFactors(db, workspaceId, productId) : undefined);
  if (!steps.separate)
    return steps.run(async (tx) => {
      await lockProduct(tx, workspaceId, productId);
      return rescoreProduct(tx, workspaceId, productId, await factorsOf(tx), cause);
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
        if (version !== null)
          await writeScores(tx, workspaceId, JSON.stringify(part), historyOf(cause, plan.framework));
        sizer.took(part.length, performance.now() - t0);
      });
      i += part.length;
    }
    if (version !== null) return plan.scored;
  }
  return steps.run(async (tx) => {
    await lockProduct(tx, workspaceId, productId);
    return rescoreProduct(tx, workspaceId, productId, await factorsOf(tx), cause);
  });
}

/** Re-derives the active scores from the framework, then the ranks (`cause`: a framework change is history). */
export const refreshProductScores = (
  db: Db,
  workspaceId: string,
  productId: string,
  cause: ScoreCause = null,
) => rescoreProduct(db, workspaceId, productId, undefined, cause);

/**
 * After the product's "RICE reach from customer evidence" setting changed: recomputes every idea's RICE (reach from
 * the evidence when on, the entered reach when off), then active scores and ranks (history cause "framework").
 */
export async function rescoreRiceReach(db: Db, workspaceId: string, productId: string) {
  await lockProduct(db, workspaceId, productId);
  return rescoreProduct(db, workspaceId, productId, undefined, { cause: "framework", roundId: null }, true);
}

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
      { cause: "factors", roundId: null },
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

/** How a product's rounds count (docs/SCORING.md): its setting, "replace" when never set. */
export async function countingRule(
  db: Db,
  workspaceId: string,
  productId: string,
): Promise<ScoreCountingRule> {
  return ruleOf(await selectScoreSetting(db, workspaceId, productId));
}

/** The counting rule of a stored setting (none: "replace"). */
const ruleOf = (s: Pick<ScoreCounting, "mode" | "halfLifeRounds"> | null): ScoreCountingRule =>
  s?.mode === "combine" ? { mode: "combine", halfLifeRounds: s.halfLifeRounds } : { mode: "replace" };

/** The score counting setting of a product, with who changed it last (never changed: replace, version 0). */
export async function getScoreCounting(
  db: Db,
  workspaceId: string,
  productId: string,
): Promise<ScoreCounting> {
  const s = await selectScoreSetting(db, workspaceId, productId);
  return s
    ? { ...s, changedAt: s.changedAt ? new Date(s.changedAt).toISOString() : null }
    : {
        mode: "replace",
        halfLifeRounds: null,
        version: 0,
        changedBy: null,
        changedByName: null,
        changedAt: null,
      };
}

/** Stores how a product's rounds count if `version` is still current; false when someone changed it meanwhile. */
export async function storeScoreCounting(
  db: Db,
  workspaceId: string,
  productId: string,
  input: { version: number; mode: string; halfLifeRounds: number | null; userId: string | null },
) {
  return (await upsertScoreSetting(db, workspaceId, productId, input.version, input)) !== null;
}

interface Counted {
  stats: FactorStat[];
  voters: number;
  /** The latest round that counts (the idea's scored round), null without any. */
  round: string | null;
  rounds: (RoundFactorResults & { voters: number })[];
}

/**
 * What each idea is scored with under the product's rule: its closed rounds (and `pending`, a round about to
 * close, as the latest), latest first, with per-factor results, counted by countRounds. The one place that turns
 * ratings into an idea's stats: closing, previewing a close, merging and re-counting all call it.
 */
async function countedStats(
  db: Db,
  workspaceId: string,
  ideaIds: string[],
  pending: string | null,
  rule: ScoreCountingRule,
): Promise<Map<string, Counted>> {
  const out = new Map<string, Counted>();
  if (!ideaIds.length) return out;
  const order = new Map<string, string[]>();
  for (const r of await selectIdeaRounds(db, workspaceId, ideaIds, pending)) {
    const list = order.get(r.ideaId) ?? [];
    if (rule.mode === "combine" || !list.length) list.push(r.roundId);
    order.set(r.ideaId, list);
  }
  const roundIds = [...new Set([...order.values()].flat())];
  const agg = roundIds.length ? await aggregateIdeaRounds(db, workspaceId, roundIds, ideaIds) : [];
  const cell = new Map<string, { stats: FactorStat[]; voters: number }>();
  for (const { ideaId, roundId, voters, ...stat } of agg) {
    const c = cell.get(`${ideaId}:${roundId}`) ?? { stats: [], voters };
    c.stats.push(stat);
    cell.set(`${ideaId}:${roundId}`, c);
  }
  for (const id of ideaIds) {
    const rounds = (order.get(id) ?? []).map((roundId) => ({
      roundId,
      ...(cell.get(`${id}:${roundId}`) ?? { stats: [], voters: 0 }),
    }));
    out.set(id, {
      stats: countRounds(rule, rounds),
      voters: rounds.reduce((a, r, age) => a + (voteWeight(rule, age) > 0 ? r.voters : 0), 0),
      round: rounds[0]?.roundId ?? null,
      rounds,
    });
  }
  return out;
}

const statsJson = (counted: Map<string, Counted>) =>
  JSON.stringify([...counted].map(([id, c]) => ({ id, stats: c.stats, voters: c.voters, round: c.round })));

/**
 * What closing a round does, computed once for the close and its preview: the round's ideas' counted stats (the
 * round counted as their latest), then a re-score of the whole product from the stats (diffScores: weighted,
 * active score, ranks by rankIdeas). Returns the rows before, the stats to write and the changes.
 */
async function planRoundClose(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  const [framework, rows, factors, rule, reach] = await Promise.all([
    selectFramework(db, workspaceId, productId),
    selectProductScores(db, workspaceId, productId),
    scoringFactors(db, workspaceId, productId),
    countingRule(db, workspaceId, productId),
    riceReachOf(db, workspaceId, productId),
  ]);
  const counted = await countedStats(db, workspaceId, ideaIds, roundId, rule);
  const next = rows.map((r) => {
    const c = counted.get(r.id);
    return c ? { ...r, factorStats: c.stats } : r;
  });
  return { framework, rows, counted, ...(await diffScores(framework, next, factors, reach)) };
}

/** Writes a closed round's results onto its ideas (counted with their earlier rounds per the product's rule) and re-ranks. */
export async function applyRound(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  await lockProduct(db, workspaceId, productId);
  const plan = await planRoundClose(db, workspaceId, productId, roundId, ideaIds);
  await applyRoundStats(db, workspaceId, statsJson(plan.counted));
  if (plan.changes.length)
    await writeScores(db, workspaceId, JSON.stringify(plan.changes), {
      cause: "round",
      roundId,
      framework: plan.framework,
    });
}

/**
 * What closing a round would do, computed without writing by the very plan the close writes (planRoundClose):
 * the ideas whose active score or rank would change, with before and after.
 */
export async function previewRound(
  db: Db,
  workspaceId: string,
  productId: string,
  roundId: string,
  ideaIds: string[],
) {
  const { rows, changes } = await planRoundClose(db, workspaceId, productId, roundId, ideaIds);
  const before = new Map(rows.map((r) => [r.id, r]));
  return changes
    .map((c) => {
      const r = before.get(c.id) as ScoreRow;
      return {
        ideaId: c.id,
        number: r.number,
        title: r.title,
        scoreBefore: r.score,
        scoreAfter: c.s,
        rankBefore: r.rank,
        rankAfter: c.r,
      };
    })
    .filter((c) => c.scoreBefore !== c.scoreAfter || c.rankBefore !== c.rankAfter)
    .sort(
      (a, b) =>
        (a.rankAfter ?? Number.MAX_SAFE_INTEGER) - (b.rankAfter ?? Number.MAX_SAFE_INTEGER) ||
        a.number - b.number,
    );
}

/** Re-scores ideas from their closed rounds (after a merge moved ratings onto them). */
export async function rescoreIdeas(db: Db, workspaceId: string, productId: string, ideaIds: string[]) {
  const rule = await countingRule(db, workspaceId, productId);
  const counted = await countedStats(db, workspaceId, ideaIds, null, rule);
  await applyRoundStats(db, workspaceId, statsJson(counted));
  await rescoreProduct(db, workspaceId, productId, await scoringFactors(db, workspaceId, productId), {
    cause: "merge",
    roundId: null,
  });
}

/**
 * After the counting rule changed: re-counts the stats of every idea that was in a closed round, a page per step,
 * then re-scores the product in steps (history cause "counting"). Each page reads the rule afresh, so of two
 * changes in a row the last one's rule wins.
 */
export async function recountProductInSteps(steps: Steps, workspaceId: string, productId: string) {
  const sizer = new StepSizer(500, 100, 2000);
  for (let after: string | null = "00000000-0000-0000-0000-000000000000"; after !== null; ) {
    const from: string = after;
    const size = sizer.next();
    after = await steps.run(async (tx) => {
      const t0 = performance.now();
      const ids = (await selectRatedIdeaIdsPage(tx, workspaceId, productId, from, size)).map((r) => r.id);
      const rule = await countingRule(tx, workspaceId, productId);
      if (ids.length)
        await applyRoundStats(
          tx,
          workspaceId,
          statsJson(await countedStats(tx, workspaceId, ids, null, rule)),
        );
      sizer.took(Math.max(1, ids.length), performance.now() - t0);
      return ids.length < size ? null : ids[ids.length - 1];
    });
  }
  return rescoreProductInSteps(steps, workspaceId, productId, {
    weighted: true,
    cause: { cause: "counting", roundId: null },
  });
}

/** An idea's score history, oldest first. */
export async function scoreHistory(db: Db, workspaceId: string, ideaId: string) {
  const rows = await selectScoreHistory(db, workspaceId, ideaId);
  return rows.map((r) => ({ ...r, framework: r.framework as Framework, at: new Date(r.at).toISOString() }));
}

/** "Why this score": the weighted arithmetic step by step, the framework inputs and every formula. */
export async function explainScore(
  db: Db,
  workspaceId: string,
  idea: Pick<Idea, "id" | "productId" | "factorStats" | "scoredRoundId" | "inputs" | "scores">,
  framework: Framework,
  revenue = false,
) {
  const { factors } = await getFactorSet(db, workspaceId, idea.productId);
  const counting = await getScoreCounting(db, workspaceId, idea.productId);
  const rule = ruleOf(counting);
  const rounds = await selectIdeaRounds(db, workspaceId, [idea.id], null);
  const voters = rounds.length
    ? await selectIdeaVoters(
        db,
        workspaceId,
        idea.id,
        rounds.map((r) => r.roundId),
      )
    : [];
  // Ages and weights as countRounds counts them.
  const mine = rounds.map((r) => voters.filter((v) => v.roundId === r.roundId));
  const votes = mine.map((m) => m.reduce((a, v) => a + v.votes, 0));
  const weights = roundWeights(
    rule,
    votes.map((n) => n > 0),
  ).map(({ age, weight }, i) => ({ r: rounds[i], age, w: weight, mine: mine[i], votes: votes[i] }));
  const total = weights.reduce((a, x) => a + x.w * x.votes, 0);
  const scoring = factors.map(toScoringFactor);
  const computed = scoring.filter((f) => f.kind && f.kind !== "rated");
  const inputs = computed.length
    ? inputsOf(await computedInputs(db, workspaceId, idea.productId, scoring, [idea.id]), idea.id)
    : undefined;
  if (inputs?.demand && !revenue) inputs.demand = { ...inputs.demand, arr: null };
  // With the product's setting on, RICE's reach is the evidence's distinct voices (the entered reach is kept, unused).
  const reach = (await selectRiceReachFromEvidence(db, workspaceId, idea.productId))
    ? ((await selectDemandInputs(db, workspaceId, idea.productId, [idea.id]))[0]?.voices ?? 0)
    : null;
  const { score, steps } = weightedScore(
    scoring,
    withComputed(scoring, idea.factorStats as FactorResult[], inputs),
  );
  return {
    framework,
    factors,
    computed: computed.map((f) => ({
      factorId: f.id,
      kind: f.kind as NonNullable<Factor["kind"]>,
      value: computedValue(f, inputs),
      source: computedSource(f, inputs) as string,
    })),
    weighted: {
      score,
      steps,
      roundId: idea.scoredRoundId,
      roundName: idea.scoredRoundId ? await selectRoundName(db, workspaceId, idea.scoredRoundId) : null,
    },
    counting,
    rounds: weights.map((x) => ({
      roundId: x.r.roundId,
      name: x.r.name,
      closedAt: new Date(x.r.closedAt as string).toISOString(),
      age: x.age,
      voteWeight: x.w,
      share: total > 0 ? (x.w * x.votes) / total : 0,
      voters: x.mine.map((v) => ({ userId: v.userId, name: v.name })),
    })),
    inputs: idea.inputs,
    riceReach:
      reach === null
        ? null
        : {
            reach,
            enteredReach: idea.inputs.reach ?? null,
            source: `reach ${reach} = distinct customers in the evidence`,
          },
    scores: idea.scores,
    formulas: { ...FORMULAS },
  };
}

/**
 * Call when customer evidence changes (a link, an item's status, author or company, a company's ARR or segment,
 * a merge): the backlogs showing it (Demand and ARR columns) get a new ideas_version, so their served pages are
 * built again.
 */
export async function touchBacklogs(
  db: Db,
  workspaceId: string,
  of: "ideas" | "items" | "company" | "person",
  ids: string[],
) {
  remember(db, workspaceId, await bumpBacklogsOfEvidence(db, workspaceId, of, ids));
}

/**
 * Products whose evidence or competitor coverage a transaction touched (touchBacklogs, touchProductBacklogs are
 * called before or after the writes), per transaction handle, until settleComputedScores re-scores them.
 */
const touched = new WeakMap<Db, Map<string, Set<string>>>();
function remember(db: Db, workspaceId: string, productIds: string[]) {
  if (!productIds.length) return;
  const byWs = touched.get(db) ?? (touched.set(db, new Map()).get(db) as Map<string, Set<string>>);
  const set = byWs.get(workspaceId) ?? (byWs.set(workspaceId, new Set()).get(workspaceId) as Set<string>);
  for (const p of productIds) set.add(p);
}

/**
 * Call after the writes, in the same transaction, when evidence or the matrix changed (after touchBacklogs or
 * touchProductBacklogs): re-scores the touched products whose factor set has a computed factor (customer demand,
 * competitor coverage; docs/SCORING.md "Computed factors") or that take RICE's reach from the evidence, history
 * cause "evidence". One query and no write when none does.
 */
export async function settleComputedScores(db: Db, workspaceId: string) {
  const products = [...(touched.get(db)?.get(workspaceId) ?? [])];
  touched.get(db)?.delete(workspaceId);
  let ideas = 0;
  for (const productId of await selectProductsWithComputed(db, workspaceId, products)) {
    await lockProduct(db, workspaceId, productId);
    ideas += await rescoreProduct(
      db,
      workspaceId,
      productId,
      await scoringFactors(db, workspaceId, productId),
      {
        cause: "evidence",
        roundId: null,
      },
    );
  }
  return ideas;
}

/**
 * Call when the backlog's Competitors column changes (docs/COMPETITORS.md "On the backlog"): a matrix cell, a
 * row's idea, a competitor's name, status or products. The products get a new ideas_version (their served pages are
 * built again). Call it before writing the matrix or competitor rows: the product's row lock comes first, as for
 * every score writer, so the two cannot deadlock.
 */
export async function touchProductBacklogs(db: Db, workspaceId: string, productIds: string[]) {
  await bumpProductsVersion(db, workspaceId, productIds);
  remember(db, workspaceId, productIds);
}
