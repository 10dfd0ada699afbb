import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  disagreement,
  type Factor,
  factorResults,
  ice,
  median,
  type Rating,
  rankIdeas,
  rice,
  stdDev,
  weightedScore,
  wsjf,
} from "./scoring.ts";

const DEFAULTS: Factor[] = [
  { id: "impact", weight: 3, direction: "benefit", scaleMin: 1, scaleMax: 5 },
  { id: "happiness", weight: 3, direction: "benefit", scaleMin: 1, scaleMax: 5 },
  { id: "ops", weight: 2, direction: "benefit", scaleMin: 1, scaleMax: 5 },
  { id: "effort", weight: 2, direction: "cost", scaleMin: 1, scaleMax: 5 },
];
const r = (voterId: string, factorId: string, value: number | null): Rating => ({ voterId, factorId, value });

describe("weighted scorecard (hand-computed)", () => {
  it("normalizes, inverts cost factors and weights", () => {
    // Means: impact (5+3)/2 = 4 → 0.75; happiness 4 → 0.75; ops 2 → 0.25; effort 5 → 1 → inverted 0.
    // Score = 100 × (3×0.75 + 3×0.75 + 2×0.25 + 2×0) / 10 = 100 × 5 / 10 = 50.
    const ratings = [
      r("ann", "impact", 5),
      r("bob", "impact", 3),
      r("ann", "happiness", 4),
      r("ann", "ops", 2),
      r("bob", "effort", 5),
    ];
    const res = factorResults(DEFAULTS, ratings);
    expect(res.map((x) => x.mean)).toEqual([4, 4, 2, 5]);
    const { score, steps } = weightedScore(DEFAULTS, res);
    expect(score).toBeCloseTo(50, 10);
    expect(steps.map((s) => s.contribution)).toEqual([22.5, 22.5, 5, 0]);
  });

  it("leaves out factors nobody rated, and counts abstentions apart", () => {
    // Only impact (mean 5 → 1.0, weight 3) and effort (mean 1 → 0 → inverted 1.0, weight 2): score 100.
    const ratings = [r("ann", "impact", 5), r("bob", "impact", null), r("ann", "effort", 1)];
    const res = factorResults(DEFAULTS, ratings);
    expect(res[0]).toMatchObject({ mean: 5, votes: 1, abstentions: 1 });
    expect(weightedScore(DEFAULTS, res).score).toBe(100);
    expect(weightedScore(DEFAULTS, factorResults(DEFAULTS, [])).score).toBeNull();
  });
});

describe("frameworks (hand-computed)", () => {
  it("RICE, ICE, WSJF", () => {
    expect(rice({ reach: 2000, impact: 2, confidence: 0.8, effort: 4 })).toBe(800);
    expect(rice({ reach: 10, impact: 1, confidence: 1, effort: 0 })).toBeNull();
    expect(ice({ impact: 8, confidence: 6, ease: 5 })).toBe(240);
    expect(wsjf({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 4 })).toBe(4);
    expect(wsjf({ businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 0 })).toBeNull();
  });

  it("spread and voters who differ", () => {
    expect(stdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    const votes = ["a", "b", "c", "d", "e"].map((v) => r(v, "impact", 4));
    votes.push(r("z", "impact", 1));
    // Median 4; z differs by 3 ≥ half the 1–5 range (2): high, and z is named.
    expect(disagreement(DEFAULTS, votes)).toEqual({
      level: "high",
      differs: [{ factorId: "impact", voterId: "z", value: 1, median: 4, by: 3 }],
    });
    expect(disagreement(DEFAULTS, votes.slice(0, 5))).toEqual({ level: "low", differs: [] });
  });

  it("names who differs in rounds of two or three voters (where 1.5 standard deviations never fires)", () => {
    // Three votes 1, 4, 5 on impact: mean 3.33, sd 1.70, so 1.5 sd = 2.55 and ann is 2.33 away: the old rule named
    // nobody. Median 4: ann differs by 3 (≥ 2 → high), cy by 1 (≥ 1 → some), bob by 0.
    // Effort votes 2, 2, 3: median 2, cy differs by 1 (some).
    const three = [
      r("ann", "impact", 1),
      r("bob", "impact", 4),
      r("cy", "impact", 5),
      r("ann", "effort", 2),
      r("bob", "effort", 2),
      r("cy", "effort", 3),
      r("bob", "ops", null),
    ];
    expect(median([1, 4, 5])).toBe(4);
    expect(disagreement(DEFAULTS, three)).toEqual({
      level: "high",
      differs: [
        { factorId: "impact", voterId: "ann", value: 1, median: 4, by: 3 },
        { factorId: "impact", voterId: "cy", value: 5, median: 4, by: 1 },
        { factorId: "effort", voterId: "cy", value: 3, median: 2, by: 1 },
      ],
    });
    // Two voters 2 and 4: median 3, both 1 point away: some disagreement, both named (nobody is "the" outlier).
    expect(disagreement(DEFAULTS, [r("ann", "ops", 2), r("bob", "ops", 4)])).toEqual({
      level: "some",
      differs: [
        { factorId: "ops", voterId: "ann", value: 2, median: 3, by: 1 },
        { factorId: "ops", voterId: "bob", value: 4, median: 3, by: 1 },
      ],
    });
    // On a 1–10 scale a quarter of the range is 2.25 points: 1 point apart is low.
    const ten = [{ id: "x", scaleMin: 1, scaleMax: 10 }];
    expect(disagreement(ten, [r("a", "x", 5), r("b", "x", 6), r("c", "x", 6)]).level).toBe("low");
    expect(disagreement(ten, [r("a", "x", 1), r("b", "x", 6), r("c", "x", 6)])).toEqual({
      level: "high",
      differs: [{ factorId: "x", voterId: "a", value: 1, median: 6, by: 5 }],
    });
  });
});

// Properties over random factor sets and ratings.
const factorArb = fc.record({
  weight: fc.integer({ min: 1, max: 10 }),
  direction: fc.constantFrom("benefit" as const, "cost" as const),
});
const caseArb = fc.array(factorArb, { minLength: 1, maxLength: 5 }).chain((fs) => {
  const factors: Factor[] = fs.map((f, i) => ({ ...f, id: `f${i}`, scaleMin: 1, scaleMax: 5 }));
  const ratingArb = fc.record({
    factorId: fc.constantFrom(...factors.map((f) => f.id)),
    voterId: fc.constantFrom("v1", "v2", "v3", "v4"),
    value: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  });
  return fc.tuple(fc.constant(factors), fc.array(ratingArb, { minLength: 1, maxLength: 20 }));
});
const score = (factors: Factor[], ratings: Rating[]) =>
  weightedScore(factors, factorResults(factors, ratings)).score;

describe("weighted scorecard properties", () => {
  it("a higher benefit rating never lowers the score; a higher cost rating never raises it", () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), ([factors, ratings], pick) => {
        const voted = ratings.filter((x) => x.value !== null && x.value < 5);
        if (!voted.length) return;
        const target = voted[pick % voted.length];
        const raised = ratings.map((x) => (x === target ? { ...x, value: (x.value as number) + 1 } : x));
        const before = score(factors, ratings)!;
        const after = score(factors, raised)!;
        const dir = factors.find((f) => f.id === target.factorId)!.direction;
        if (dir === "benefit") expect(after).toBeGreaterThanOrEqual(before - 1e-9);
        else expect(after).toBeLessThanOrEqual(before + 1e-9);
      }),
    );
  });

  it("multiplying every weight by a constant changes no score", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 2, max: 50 }), ([factors, ratings], k) => {
        const scaled = factors.map((f) => ({ ...f, weight: f.weight * k }));
        const a = score(factors, ratings);
        const b = score(scaled, ratings);
        if (a === null) expect(b).toBeNull();
        else expect(b).toBeCloseTo(a, 9);
      }),
    );
  });

  it("an abstention is not a zero: it counts exactly as if the voter had not rated", () => {
    fc.assert(
      fc.property(caseArb, ([factors, ratings]) => {
        const withoutAbstentions = ratings.filter((x) => x.value !== null);
        expect(score(factors, ratings)).toEqual(score(factors, withoutAbstentions));
      }),
    );
  });

  it("stays within 0–100", () => {
    fc.assert(
      fc.property(caseArb, ([factors, ratings]) => {
        const s = score(factors, ratings);
        if (s !== null) {
          expect(s).toBeGreaterThanOrEqual(-1e-9);
          expect(s).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
    );
  });
});

describe("rankIdeas: the one rank rule", () => {
  const idea = (id: string, number: number, status = "new", pinnedRank: number | null = null) => ({
    id,
    number,
    status,
    merged: false,
    pinnedRank,
  });
  it("breaks ties by number, puts unscored last and leaves shipped, declined and merged ideas out", () => {
    const ideas = [
      idea("a", 1),
      idea("b", 2),
      idea("c", 3, "shipped"),
      idea("d", 4),
      idea("e", 5, "declined"),
      { ...idea("f", 6), merged: true },
      idea("g", 7, "in_progress"),
    ];
    const score: Record<string, number | null> = { a: 10, b: 10, c: 99, d: null, e: 50, f: 70, g: 20 };
    const ranks = rankIdeas(ideas, (x) => score[x.id] ?? null);
    expect([...ranks.entries()].sort((x, y) => x[1] - y[1])).toEqual([
      ["g", 1],
      ["a", 2],
      ["b", 3],
      ["d", 4],
    ]);
  });
  it("holds pins whatever the scores", () => {
    const ranks = rankIdeas([idea("a", 1), idea("b", 2, "new", 1), idea("c", 3)], (x) =>
      x.id === "a" ? 3 : x.id === "b" ? 1 : 2,
    );
    expect(Object.fromEntries(ranks)).toEqual({ b: 1, a: 2, c: 3 });
  });
});
