import { describe, expect, it } from "vitest";
import {
  cellWeight,
  compareGaps,
  coverageOnScale,
  coverageSentence,
  isStale,
  rowCoverage,
  STALE_AFTER_DAYS,
} from "./matrix.ts";

const DAY = 86_400_000;

describe("feature matrix logic", () => {
  it("weighs cells: has 1, partial 0.5, no and unknown 0", () => {
    expect((["has", "partial", "no", "unknown"] as const).map((s) => cellWeight(s))).toEqual([1, 0.5, 0, 0]);
  });

  it("calls a claim stale when never verified or verified more than 90 days ago; unknown never", () => {
    const now = new Date("2027-06-01T00:00:00Z");
    expect(STALE_AFTER_DAYS).toBe(90);
    expect(isStale("has", null, now)).toBe(true);
    expect(isStale("no", new Date(now.getTime() - 90 * DAY), now)).toBe(false);
    expect(isStale("partial", new Date(now.getTime() - 90 * DAY - 1).toISOString(), now)).toBe(true);
    expect(isStale("unknown", null, now)).toBe(false);
  });

  it("finds gaps and differentiators", () => {
    expect(rowCoverage("no", ["has", "partial", "no"])).toEqual({
      have: 1,
      partial: 1,
      weight: 1.5,
      gap: true,
      differentiator: false,
    });
    expect(rowCoverage("partial", ["partial"]).gap).toBe(true);
    expect(rowCoverage("unknown", ["no", "unknown"]).gap).toBe(false);
    expect(rowCoverage("has", ["has"])).toMatchObject({ gap: false, differentiator: false });
    expect(rowCoverage("has", ["no", "unknown"]).differentiator).toBe(true);
    expect(rowCoverage("has", ["partial"]).differentiator).toBe(false);
    expect(rowCoverage("has", []).differentiator).toBe(true);
  });

  it("orders gaps by coverage, then the idea's score (none last), then the name", () => {
    const rows = [
      { name: "b", weight: 1.5, ideaScore: null },
      { name: "a", weight: 1.5, ideaScore: null },
      { name: "c", weight: 1.5, ideaScore: 20 },
      { name: "d", weight: 2.5, ideaScore: 1 },
      { name: "e", weight: 1.5, ideaScore: 80 },
    ];
    expect(rows.sort(compareGaps).map((r) => r.name)).toEqual(["d", "e", "c", "a", "b"]);
  });

  it("maps coverage onto a factor's scale like demandOnScale", () => {
    expect(coverageOnScale(3, 5, 1, 5)).toBe(3.4);
    expect(coverageOnScale(0, 5, 1, 5)).toBe(1);
    expect(coverageOnScale(5, 5, 1, 5)).toBe(5);
    expect(coverageOnScale(2.5, 5, 0, 10)).toBe(5);
    expect(coverageOnScale(1, 0, 1, 5)).toBe(1);
    expect(coverageOnScale(9, 5, 1, 5)).toBe(5);
    expect(coverageOnScale(1, 3, 1, 5)).toBe(2.33);
  });

  it("says how many competitors have it", () => {
    expect(coverageSentence({ have: 3, partial: 0, total: 5 })).toBe("3 of 5 competitors have this");
    expect(coverageSentence({ have: 1, partial: 2, total: 5 })).toBe("1 of 5 competitors has this, 2 partly");
    expect(coverageSentence({ have: 0, partial: 0, total: 0 })).toMatch(/No competitors/);
  });
});
