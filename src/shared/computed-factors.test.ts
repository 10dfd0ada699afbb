import { describe, expect, it } from "vitest";
import { computedSource, computedValue, type Factor, weightedScore, withComputed } from "./scoring.ts";

const impact: Factor = { id: "i", weight: 3, direction: "benefit", scaleMin: 1, scaleMax: 5 };
const demand: Factor = { ...impact, id: "d", weight: 1, kind: "customer_demand" };
const coverage: Factor = { ...impact, id: "c", weight: 1, kind: "competitor_coverage" };
const rated = [{ factorId: "i", mean: 4, votes: 1, abstentions: 0, spread: 0 }];

describe("computed factors (shared arithmetic)", () => {
  it("maps demand and coverage onto the factor's scale; no evidence gives the min", () => {
    expect(computedValue(demand, { demand: { demand: 6.99, voices: 1, arr: 999000 } })).toBe(3.8);
    expect(computedValue(demand, undefined)).toBe(1);
    expect(computedValue(coverage, { coverage: { have: 3, total: 5 } })).toBe(3.4);
    expect(computedValue(coverage, undefined)).toBe(1);
    expect(computedValue(impact, undefined)).toBeNull();
  });

  it("scores by hand: 56.25 without evidence, 73.75 with demand 6.99", () => {
    const f = [impact, demand];
    expect(weightedScore(f, withComputed(f, rated, undefined)).score).toBeCloseTo(56.25, 9);
    const inputs = { demand: { demand: 6.99, voices: 1, arr: 999000 } };
    expect(weightedScore(f, withComputed(f, rated, inputs)).score).toBeCloseTo(73.75, 9);
  });

  it("leaves ideas nobody rated unscored, unless the set has no rated factor", () => {
    const inputs = { demand: { demand: 5, voices: 2, arr: null } };
    expect(weightedScore([impact, demand], withComputed([impact, demand], [], inputs)).score).toBeNull();
    // Only computed: 1 + 4 × 0.5 = 3 → normalized 0.5 → 50.
    expect(weightedScore([demand], withComputed([demand], [], inputs)).score).toBeCloseTo(50, 9);
  });

  it("ignores stored ratings of a factor that became computed", () => {
    const stale = [...rated, { factorId: "d", mean: 5, votes: 3, abstentions: 0, spread: 0 }];
    expect(
      weightedScore([impact, demand], withComputed([impact, demand], stale, undefined)).score,
    ).toBeCloseTo(56.25, 9);
  });

  it("explains where the value comes from", () => {
    expect(computedSource(demand, { demand: { demand: 6.3, voices: 4, arr: 120000 } })).toBe(
      "Customer demand 6.3 → 3.52 on 1–5: 4 customers, 120k ARR",
    );
    expect(computedSource(coverage, { coverage: { have: 3, total: 5 } })).toBe(
      "Competitor coverage: 3 of 5 competitors → 3.4 on 1–5",
    );
    expect(computedSource(demand, undefined)).toBe("No customer evidence → 1 (the bottom of 1–5)");
  });
});
