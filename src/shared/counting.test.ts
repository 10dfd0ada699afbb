import { describe, expect, it } from "vitest";
import { countRounds, type FactorResult, voteWeight } from "./scoring.ts";

/** How rounds count (docs/SCORING.md "Which ratings count"), with values worked out by hand. */
const stat = (
  factorId: string,
  mean: number | null,
  votes: number,
  abstentions = 0,
  spread = 0.5,
): FactorResult => ({
  factorId,
  mean,
  votes,
  abstentions,
  spread: mean === null ? null : spread,
});

describe("countRounds", () => {
  // Latest first: a 3-voter round (impact mean 1), then a 5-voter one (impact mean 5).
  const small = { roundId: "small", stats: [stat("impact", 1, 3)] };
  const big = { roundId: "big", stats: [stat("impact", 5, 5, 1)] };

  it("replace: the latest round as it is", () => {
    expect(countRounds({ mode: "replace" }, [small, big])).toEqual(small.stats);
    expect(countRounds({ mode: "replace" }, [])).toEqual([]);
  });

  it("combine without decay: means weighted by votes, (3·1 + 5·5) / 8 = 3.5; votes and abstentions add up", () => {
    expect(countRounds({ mode: "combine", halfLifeRounds: null }, [small, big])).toEqual([
      { factorId: "impact", mean: 3.5, votes: 8, abstentions: 1, spread: null },
    ]);
  });

  it("combine with a half-life of 1 round: the older round's votes count 0.5, (3 + 2.5·5) / 5.5 = 31/11", () => {
    const [r] = countRounds({ mode: "combine", halfLifeRounds: 1 }, [small, big]);
    expect(r.mean).toBeCloseTo(31 / 11, 12);
    expect(voteWeight({ mode: "combine", halfLifeRounds: 2 }, 2)).toBe(0.5);
    expect(voteWeight({ mode: "combine", halfLifeRounds: 2 }, 1)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("a round without a vote on the idea does not age the others; an abstention-only factor has no mean", () => {
    const empty = { roundId: "empty", stats: [stat("impact", null, 0, 2)] };
    const out = countRounds({ mode: "combine", halfLifeRounds: 1 }, [empty, small, big]);
    expect(out[0].mean).toBeCloseTo(31 / 11, 12);
    expect(out[0].abstentions).toBe(3);
    expect(countRounds({ mode: "combine", halfLifeRounds: 1 }, [empty])).toEqual([
      { factorId: "impact", mean: null, votes: 0, abstentions: 2, spread: null },
    ]);
    // One round with votes keeps its spread.
    expect(countRounds({ mode: "combine", halfLifeRounds: null }, [empty, small])[0].spread).toBe(0.5);
  });
});
