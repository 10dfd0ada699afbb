/**
 * Prioritization arithmetic, pure and shared by server and web (the "why this score" panel shows the
 * same numbers the ranking uses). Groundwork for the ideas & prioritization issue; formulas are
 * documented in docs/SCORING.md.
 */

import { demandOnScale } from "./feedback.ts";
import { coverageOnScale } from "./matrix.ts";

export type Direction = "benefit" | "cost";

export interface Factor {
  id: string;
  weight: number; // > 0
  direction: Direction;
  scaleMin: number; // e.g. 1
  scaleMax: number; // e.g. 5, > scaleMin
  /** rated (default) by voters; customer_demand / competitor_coverage computed (withComputed). */
  kind?: "rated" | "customer_demand" | "competitor_coverage";
}

/** What an idea's computed factors are computed from (absent: no evidence, no competitor has it). */
export interface ComputedInputs {
  /** Customer demand 0–10 (shared/feedback.ts customerDemand), its distinct voices and Σ ARR of its companies. */
  demand?: { demand: number; voices: number; arr: number | null };
  /** Competitors having it (has 1, partial ½) of the product's competitors. */
  coverage?: { have: number; total: number };
}

const isComputed = (f: Factor) => f.kind !== undefined && f.kind !== "rated";

/**
 * A computed factor's value on its scale: demandOnScale(demand, min, max) or coverageOnScale(have, total, min, max);
 * an idea without evidence (or that no competitor has) gets the scale's min. Null for a rated factor.
 */
export function computedValue(f: Factor, inputs: ComputedInputs | undefined): number | null {
  if (f.kind === "customer_demand") return demandOnScale(inputs?.demand?.demand ?? 0, f.scaleMin, f.scaleMax);
  if (f.kind === "competitor_coverage")
    return coverageOnScale(inputs?.coverage?.have ?? 0, inputs?.coverage?.total ?? 0, f.scaleMin, f.scaleMax);
  return null;
}

/**
 * The per-factor results an idea is scored with: its rounds' results for the rated factors, and each computed
 * factor's value as its mean (no votes). Computed factors count only for an idea some rated factor has a mean
 * for (an idea nobody rated stays unscored), unless the set has no rated factor at all.
 */
export function withComputed(
  factors: Factor[],
  stats: FactorResult[],
  inputs: ComputedInputs | undefined,
): FactorResult[] {
  const computed = factors.filter(isComputed);
  if (!computed.length) return stats;
  const ids = new Set(computed.map((f) => f.id));
  const rated = new Set(factors.filter((f) => !isComputed(f)).map((f) => f.id));
  const own = stats.filter((s) => !ids.has(s.factorId));
  if (rated.size && !own.some((s) => rated.has(s.factorId) && s.mean != null)) return own;
  return [
    ...own,
    ...computed.map((f) => ({
      factorId: f.id,
      mean: computedValue(f, inputs),
      votes: 0,
      abstentions: 0,
      spread: null,
    })),
  ];
}

/** The "why this score" line of a computed factor: where its value comes from. */
export function computedSource(f: Factor, inputs: ComputedInputs | undefined): string | null {
  const v = computedValue(f, inputs);
  const range = `${f.scaleMin}–${f.scaleMax}`;
  if (f.kind === "customer_demand") {
    const d = inputs?.demand;
    if (!d) return `No customer evidence → ${v} (the bottom of ${range})`;
    const arr = d.arr ? `, ${formatArr(d.arr)} ARR` : "";
    return `Customer demand ${d.demand} → ${v} on ${range}: ${d.voices} customer${d.voices === 1 ? "" : "s"}${arr}`;
  }
  if (f.kind === "competitor_coverage") {
    const c = inputs?.coverage ?? { have: 0, total: 0 };
    if (!c.total) return `No competitors tracked → ${v} (the bottom of ${range})`;
    return `Competitor coverage: ${c.have} of ${c.total} competitor${c.total === 1 ? "" : "s"} → ${v} on ${range}`;
  }
  return null;
}

const formatArr = (n: number) =>
  n >= 1e6 ? `${Math.round(n / 1e5) / 10}M` : n >= 1000 ? `${Math.round(n / 100) / 10}k` : `${Math.round(n)}`;

/** One voter's rating of one idea on one factor; null is an abstention (not a zero). */
export interface Rating {
  factorId: string;
  voterId: string;
  value: number | null;
}

export interface FactorResult {
  factorId: string;
  mean: number | null; // null when nobody rated it
  votes: number;
  abstentions: number;
  spread: number | null; // population standard deviation of the votes
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Population standard deviation: how far voters are apart on a factor. */
export function stdDev(values: number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length);
}

/** Per-factor mean, vote count, abstentions and spread, from every rating of one idea. */
export function factorResults(factors: Factor[], ratings: Rating[]): FactorResult[] {
  return factors.map((f) => {
    const mine = ratings.filter((r) => r.factorId === f.id);
    const values = mine.filter((r) => r.value !== null).map((r) => r.value as number);
    return {
      factorId: f.id,
      mean: mean(values),
      votes: values.length,
      abstentions: mine.length - values.length,
      spread: stdDev(values),
    };
  });
}

export interface ScoreStep {
  factorId: string;
  mean: number;
  normalized: number; // 0..1, cost factors inverted
  weight: number;
  contribution: number; // weight × normalized / Σ weights, × 100
}

/**
 * Weighted scorecard, 0–100. Each factor's mean rating is normalized to 0..1 on its scale
 * ((mean − min) / (max − min)), inverted for cost factors (1 − n), and averaged with the factor
 * weights. Factors nobody rated are left out of both sums (an unrated factor is not a zero).
 * Returns null when no factor has a rating.
 */
export function weightedScore(
  factors: Factor[],
  results: FactorResult[],
): { score: number | null; steps: ScoreStep[] } {
  const byId = new Map(results.map((r) => [r.factorId, r]));
  const rated = factors.filter((f) => byId.get(f.id)?.mean != null);
  const totalWeight = rated.reduce((a, f) => a + f.weight, 0);
  if (!rated.length || totalWeight <= 0) return { score: null, steps: [] };
  const steps = rated.map((f) => {
    const m = byId.get(f.id)!.mean!;
    const n = (m - f.scaleMin) / (f.scaleMax - f.scaleMin);
    const normalized = f.direction === "cost" ? 1 - n : n;
    return {
      factorId: f.id,
      mean: m,
      normalized,
      weight: f.weight,
      contribution: (100 * f.weight * normalized) / totalWeight,
    };
  });
  return { score: steps.reduce((a, s) => a + s.contribution, 0), steps };
}

/** How a product's closed rounds count (docs/SCORING.md "Which ratings count"). */
export type ScoreCountingRule = { mode: "replace" } | { mode: "combine"; halfLifeRounds: number | null };

/** One round's per-factor results for one idea; a list of them is ordered latest round first. */
export interface RoundFactorResults {
  roundId: string;
  stats: FactorResult[];
}

/** How much each vote of a round counts: 1 for the latest round, halving every `halfLifeRounds` rounds back. */
export function voteWeight(rule: ScoreCountingRule, age: number): number {
  if (rule.mode === "replace") return age === 0 ? 1 : 0;
  return rule.halfLifeRounds === null ? 1 : 0.5 ** (age / rule.halfLifeRounds);
}

/**
 * Each round's age and vote weight (rounds latest first; `voted`: the round has a vote on the idea). "replace":
 * the latest round counts alone. "combine": a round without a vote on the idea weighs 0 and does not age the others.
 */
export function roundWeights(rule: ScoreCountingRule, voted: boolean[]): { age: number; weight: number }[] {
  let age = 0;
  return voted.map((v, i) => {
    if (rule.mode === "replace") return { age: i, weight: voteWeight(rule, i) };
    const mine = age;
    if (v) age++;
    return { age: mine, weight: v ? voteWeight(rule, mine) : 0 };
  });
}

/**
 * The per-factor results an idea is scored with, from its closed rounds (latest first). "replace": the latest
 * round's, as they are. "combine" (ages counted over the rounds with a vote on the idea): per factor, the mean of the rounds' means, each weighted by its votes on the
 * factor × voteWeight(age): m_f = Σ_k v_kf · d_k · m_kf / Σ_k v_kf · d_k; votes and abstentions add up; the spread
 * is kept only when one round has votes on the factor (spreads of different rounds do not add).
 */
export function countRounds(rule: ScoreCountingRule, rounds: RoundFactorResults[]): FactorResult[] {
  if (!rounds.length) return [];
  if (rule.mode === "replace") return rounds[0].stats;
  const byFactor = new Map<
    string,
    { w: number; wm: number; votes: number; abst: number; spreads: (number | null)[] }
  >();
  // A round that has no vote on the idea (everyone abstained, or nobody rated it) does not age the others.
  const weights = roundWeights(
    rule,
    rounds.map((r) => r.stats.some((s) => s.votes > 0)),
  );
  for (const [i, r] of rounds.entries()) {
    const d = weights[i].weight;
    for (const s of r.stats) {
      const acc = byFactor.get(s.factorId) ?? { w: 0, wm: 0, votes: 0, abst: 0, spreads: [] };
      if (s.mean !== null && s.votes > 0) {
        acc.w += s.votes * d;
        acc.wm += s.votes * d * s.mean;
        acc.spreads.push(s.spread);
      }
      acc.votes += s.votes;
      acc.abst += s.abstentions;
      byFactor.set(s.factorId, acc);
    }
  }
  return [...byFactor].map(([factorId, a]) => ({
    factorId,
    mean: a.w > 0 ? a.wm / a.w : null,
    votes: a.votes,
    abstentions: a.abst,
    spread: a.spreads.length === 1 ? a.spreads[0] : null,
  }));
}

/** RICE = reach × impact × confidence ÷ effort (confidence as a fraction, 0..1). */
export function rice(i: {
  reach: number;
  impact: number;
  confidence: number;
  effort: number;
}): number | null {
  if (!(i.effort > 0)) return null;
  return (i.reach * i.impact * i.confidence) / i.effort;
}

/** ICE = impact × confidence × ease. */
export function ice(i: { impact: number; confidence: number; ease: number }): number {
  return i.impact * i.confidence * i.ease;
}

/** WSJF = cost of delay ÷ job size, cost of delay = business value + time criticality + risk reduction. */
export function wsjf(i: {
  businessValue: number;
  timeCriticality: number;
  riskReduction: number;
  jobSize: number;
}): number | null {
  if (!(i.jobSize > 0)) return null;
  return (i.businessValue + i.timeCriticality + i.riskReduction) / i.jobSize;
}

/** The factors every new workspace starts with (the defaults); labels keep voters consistent. */
export const DEFAULT_FACTORS: {
  name: string;
  description: string;
  weight: number;
  direction: Direction;
  labels: string[];
}[] = [
  {
    name: "Business impact",
    description: "Revenue, retention or strategic value for the company",
    weight: 3,
    direction: "benefit",
    labels: ["None", "Minor", "Noticeable", "Significant", "Transformational"],
  },
  {
    name: "Customer happiness",
    description: "How much happier it makes the customers who asked for it",
    weight: 3,
    direction: "benefit",
    labels: ["Nobody notices", "A few are pleased", "Many are pleased", "Delights many", "Customers rave"],
  },
  {
    name: "Operational ease",
    description: "Makes life easier for operations and support staff",
    weight: 2,
    direction: "benefit",
    labels: [
      "No change",
      "Saves minutes",
      "Saves hours a week",
      "Saves days a week",
      "Removes a whole chore",
    ],
  },
  {
    name: "Technical effort",
    description: "How much building and running it costs the teams (a cost: higher lowers the score)",
    weight: 2,
    direction: "cost",
    labels: ["Days", "A week or two", "A month", "A quarter", "Several quarters"],
  },
];

/** The formulas as shown in the UI and docs/SCORING.md. */
export const FORMULAS = {
  weighted:
    "score = 100 × Σ(weight × normalized mean) ÷ Σ weight; normalized = (mean − min) ÷ (max − min), 1 − that for cost factors",
  rice: "RICE = reach × impact × confidence ÷ effort (confidence as a fraction: 80 % → 0.8)",
  ice: "ICE = impact × confidence × ease, each 1–10 (confidence in tenths: 80 % → 8)",
  wsjf: "WSJF = (business value + time criticality + risk reduction) ÷ job size",
} as const;

/** The inputs an idea carries for the non-rating frameworks (confidence in percent). */
export interface IdeaInputs {
  effort: number | null;
  reach: number | null;
  impact: number | null;
  confidence: number | null;
  ease: number | null;
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  jobSize: number | null;
}

/**
 * RICE, ICE and WSJF of an idea; null where an input is missing. RICE takes confidence as a fraction
 * (80 % → 0.8); ICE scores each part 1–10, so confidence counts as tenths (80 % → 8).
 */
export function inputScores(i: IdeaInputs): { rice: number | null; ice: number | null; wsjf: number | null } {
  const has = (...xs: (number | null)[]) => xs.every((x) => x !== null && Number.isFinite(x));
  return {
    rice:
      has(i.reach, i.impact, i.confidence, i.effort) && (i.effort as number) > 0
        ? rice({
            reach: i.reach as number,
            impact: i.impact as number,
            confidence: (i.confidence as number) / 100,
            effort: i.effort as number,
          })
        : null,
    ice: has(i.impact, i.confidence, i.ease)
      ? ice({ impact: i.impact as number, confidence: (i.confidence as number) / 10, ease: i.ease as number })
      : null,
    wsjf:
      has(i.businessValue, i.timeCriticality, i.riskReduction, i.jobSize) && (i.jobSize as number) > 0
        ? wsjf({
            businessValue: i.businessValue as number,
            timeCriticality: i.timeCriticality as number,
            riskReduction: i.riskReduction as number,
            jobSize: i.jobSize as number,
          })
        : null,
  };
}

/**
 * RICE of an idea's inputs with `reach` in place of the hand-entered one (a product taking reach from customer
 * evidence: docs/SCORING.md "Other frameworks"); computed as inputScores computes it.
 */
export function riceWithReach(
  i: Pick<IdeaInputs, "impact" | "confidence" | "effort">,
  reach: number | null,
): number | null {
  return inputScores({
    effort: i.effort,
    reach,
    impact: i.impact,
    confidence: i.confidence,
    ease: null,
    businessValue: null,
    timeCriticality: null,
    riskReduction: null,
    jobSize: null,
  }).rice;
}

/**
 * Backlog order: active ideas by score (unscored last, then by number), with pinned ideas held at their
 * pinned rank. Two pins on one rank: the first (by pinned rank, then score order) keeps it, the other takes
 * the next free place. Returns each idea's 1-based rank.
 */
export function rankOrder<T extends { id: string; pinnedRank: number | null }>(
  sortedByScore: T[],
): Map<string, number> {
  const n = sortedByScore.length;
  const slots: (string | null)[] = new Array(n).fill(null);
  const pinned = sortedByScore
    .map((x, order) => ({ x, order }))
    .filter(({ x }) => x.pinnedRank !== null)
    .sort((a, b) => (a.x.pinnedRank as number) - (b.x.pinnedRank as number) || a.order - b.order);
  for (const { x } of pinned) {
    let at = Math.min(Math.max((x.pinnedRank as number) - 1, 0), n - 1);
    while (at < n && slots[at] !== null) at++;
    if (at >= n) at = slots.lastIndexOf(null);
    slots[at] = x.id;
  }
  let next = 0;
  for (const x of sortedByScore) {
    if (x.pinnedRank !== null) continue;
    while (slots[next] !== null) next++;
    slots[next] = x.id;
  }
  return new Map(slots.map((id, i) => [id as string, i + 1]));
}

/** Backlog statuses that take part in the ranking; shipped, declined and merged ideas have no rank. */
export const RANKED_STATUSES: readonly string[] = ["new", "under_review", "planned", "in_progress"];

export interface Rankable {
  id: string;
  number: number;
  status: string;
  merged: boolean;
  pinnedRank: number | null;
}

/**
 * The one ranking rule (docs/SCORING.md "Rank"), used for the backlog's materialized rank and for an idea's rank
 * under every framework: only ideas with a ranked status (and not merged) are ranked; by score, highest first;
 * unscored last; ties by idea number (older first); then pins held at their rank (rankOrder). Ideas that are not
 * ranked are absent from the map.
 */
export function rankIdeas<T extends Rankable>(
  ideas: T[],
  scoreOf: (x: T) => number | null,
): Map<string, number> {
  const ranked = ideas
    .filter((x) => !x.merged && RANKED_STATUSES.includes(x.status))
    .map((x) => ({ x, s: scoreOf(x) }))
    .sort(
      (a, b) =>
        (a.s === b.s ? 0 : a.s === null ? 1 : b.s === null ? -1 : b.s - a.s) || a.x.number - b.x.number,
    )
    .map(({ x }) => ({ id: x.id, pinnedRank: x.pinnedRank }));
  return rankOrder(ranked);
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export interface Differ {
  factorId: string;
  voterId: string;
  value: number;
  median: number;
  by: number; // |value − median|, in scale points
}

export type DisagreementLevel = "low" | "some" | "high";

/**
 * Disagreement that works for any number of voters, even two or three (where a rule in standard deviations can
 * never fire). On each factor, a voter differs by |vote − median of the factor's votes| scale points. "High" when
 * someone differs by at least half the factor's scale range (2 points on 1–5), "some" when by at least a quarter
 * of it and at least 1 point, else "low". Returns every voter at "some" or more, largest first, so the level
 * always names who differs and by how much.
 */
export function disagreement(
  factors: Pick<Factor, "id" | "scaleMin" | "scaleMax">[],
  ratings: Rating[],
): { level: DisagreementLevel; differs: Differ[] } {
  const differs: (Differ & { high: boolean })[] = [];
  for (const f of factors) {
    const votes = ratings.filter((r) => r.factorId === f.id && r.value !== null) as (Rating & {
      value: number;
    })[];
    const m = median(votes.map((v) => v.value));
    if (m === null) continue;
    const range = f.scaleMax - f.scaleMin;
    for (const v of votes) {
      const by = Math.abs(v.value - m);
      if (by >= Math.max(1, range / 4))
        differs.push({
          factorId: f.id,
          voterId: v.voterId,
          value: v.value,
          median: m,
          by,
          high: by >= range / 2,
        });
    }
  }
  differs.sort((a, b) => b.by - a.by);
  return {
    level: differs.some((d) => d.high) ? "high" : differs.length ? "some" : "low",
    differs: differs.map(({ high, ...d }) => d),
  };
}
