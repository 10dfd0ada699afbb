import { describe, expect, it } from "vitest";
import {
  averageLinkage,
  cosine,
  idf,
  similarPairs,
  stem,
  suggestGroups,
  textSimilarity,
  tfidfVectors,
  themeName,
  tokenize,
  topTerms,
  weekOf,
  weeksEndingAt,
} from "./themes.ts";

describe("tokens", () => {
  it("keeps meaningful words: lower case, no accents, no stop words or numbers, plurals stripped", () => {
    expect(tokenize("Please add the CSV exports to Café reports, v2 in 2027!")).toEqual([
      "add",
      "csv",
      "export",
      "cafe",
      "report",
      "v2",
    ]);
    expect(stem("class")).toBe("class");
    expect(stem("status")).toBe("status");
    expect(stem("bus")).toBe("bus");
    expect(stem("reports")).toBe("report");
    expect(tokenize("a I to")).toEqual([]);
  });
});

describe("TF-IDF and cosine (hand-computed)", () => {
  it("weighs terms by smoothed idf and normalizes", () => {
    // N = 2; apple in both: idf = ln(3/3) + 1 = 1; banana, cherry in one: ln(3/2) + 1 = 1.4054651.
    expect(idf(2, 2)).toBe(1);
    expect(idf(2, 1)).toBeCloseTo(1.4054651081, 9);
    const [a, b] = tfidfVectors([
      ["apple", "banana"],
      ["apple", "cherry"],
    ]);
    // |(1, 1.4054651)| = 1.7249155: apple 0.5797386, banana 0.8148024.
    expect(a.get("apple")).toBeCloseTo(0.5797386, 6);
    expect(a.get("banana")).toBeCloseTo(0.8148024, 6);
    // cosine = 0.5797386² = 1 / (1 + 1.4054651²) = 1 / 2.9753322 = 0.3360969.
    expect(cosine(a, b)).toBeCloseTo(0.3360969, 6);
    expect(cosine(a, a)).toBeCloseTo(1, 12);
  });

  it("counts repeated terms (tf) and gives an empty text an empty vector", () => {
    const [a, b, c] = tfidfVectors([["x", "x", "y"], ["y"], []]);
    // N = 3 now: idf(x) = ln(4/2) + 1 = 1.6931472, idf(y) = ln(4/3) + 1 = 1.2876821.
    // a = (3.3862944, 1.2876821) / √13.1251158 = / 3.6228602 → y: 0.3554325; b = (y: 1); cosine = 0.3554325.
    expect(cosine(a, b)).toBeCloseTo(0.3554325, 6);
    expect(c.size).toBe(0);
    expect(cosine(a, c)).toBe(0);
  });

  it("similarity of a typed text: 1 for the same words in any order, 0 for none shared", () => {
    expect(textSimilarity(["csv", "export"], ["export", "csv"])).toBeCloseTo(1, 12);
    expect(textSimilarity(["csv"], ["pdf"])).toBe(0);
    // (1,1,0)·(1,0,1) / (√2 · √2) = 0.5
    expect(textSimilarity(["csv", "export"], ["csv", "import"])).toBeCloseTo(0.5, 12);
    // weights 3 for csv: (3,1,0)·(3,0,1)/(√10·√10) = 0.9
    expect(textSimilarity(["csv", "export"], ["csv", "import"], (t) => (t === "csv" ? 3 : 1))).toBeCloseTo(
      0.9,
      12,
    );
  });
});

describe("average-linkage clustering", () => {
  const pairs = [
    { i: 0, j: 1, sim: 0.9 },
    { i: 1, j: 2, sim: 0.5 },
    { i: 0, j: 2, sim: 0.1 },
    { i: 2, j: 3, sim: 0.8 },
  ];

  it("joins by mean similarity, not by a chain (hand-computed)", () => {
    // 0–1 (0.9), then 2–3 (0.8); between {0,1} and {2,3}: (0.1 + 0.5 + 0 + 0) / 4 = 0.15 < 0.4: stop.
    expect(averageLinkage(5, pairs, 0.4)).toEqual([[0, 1], [2, 3], [4]]);
    // At 0.15 the two groups join; 4 has no pair and stays alone.
    expect(averageLinkage(5, pairs, 0.15)).toEqual([[0, 1, 2, 3], [4]]);
    expect(averageLinkage(5, pairs, 0.16)).toEqual([[0, 1], [2, 3], [4]]);
    expect(averageLinkage(3, [], 0.1)).toEqual([[0], [1], [2]]);
  });

  it("joins three-way by the mean over all pairs", () => {
    // 0–1 at 0.6 first; then {0,1}–2: (0.5 + 0.3) / 2 = 0.4 ≥ 0.35 → one group; at 0.45 it stays apart.
    const p = [
      { i: 0, j: 1, sim: 0.6 },
      { i: 0, j: 2, sim: 0.5 },
      { i: 1, j: 2, sim: 0.3 },
    ];
    expect(averageLinkage(3, p, 0.35)).toEqual([[0, 1, 2]]);
    expect(averageLinkage(3, p, 0.45)).toEqual([[0, 1], [2]]);
  });

  it("breaks ties by the lowest indexes", () => {
    const p = [
      { i: 2, j: 3, sim: 0.5 },
      { i: 0, j: 1, sim: 0.5 },
      { i: 1, j: 2, sim: 0.5 },
    ];
    // 0–1 first (lowest), then {0,1}–2: 0.5/2 = 0.25 < 2–3 at 0.5, so 2–3; then (0.5)/4 = 0.125 < 0.3.
    expect(averageLinkage(4, p, 0.3)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

describe("suggested groups on a hand-labelled set", () => {
  // Written before running the clustering: three topics of three items, and two items on their own.
  const items = [
    "Export to CSV fails for large reports", // 0 csv export
    "Dark mode for the mobile app", // 1 dark mode
    "SSO login with Okta does not work", // 2 sso
    "The CSV export times out on big reports", // 3 csv export
    "Please add a dark mode, my eyes hurt at night", // 4 dark mode
    "Pricing page is confusing", // 5 alone
    "Support Okta single sign-on (SSO) login", // 6 sso
    "Cannot export a large report to CSV", // 7 csv export
    "Dark mode in the web app too", // 8 dark mode
    "Love the new roadmap timeline", // 9 alone
    "Login via SSO with Okta please", // 10 sso
  ];

  it("finds the three topics and leaves the others alone", () => {
    const groups = suggestGroups(items);
    expect(groups.map((g) => g.members)).toEqual([
      [0, 3, 7],
      [1, 4, 8],
      [2, 6, 10],
    ]);
    // Named by the terms every member shares (then the heaviest other one).
    expect(groups.map((g) => g.name)).toEqual(["Csv, export, report", "Dark, mode, app", "Login, okta, sso"]);
    for (const g of groups) expect(g.cohesion).toBeGreaterThanOrEqual(0.25);
  });

  it("a higher threshold keeps only the closest pairs; minSize drops small groups", () => {
    const strict = suggestGroups(items, { threshold: 0.9, minPairSim: 0.1, minSize: 2 });
    expect(strict).toEqual([]);
    const big = suggestGroups(items, { threshold: 0.25, minPairSim: 0.1, minSize: 4 });
    expect(big).toEqual([]);
  });

  it("compares only pairs sharing a rarer term, in chunks that add up to the whole", () => {
    const vectors = tfidfVectors(items.map((t) => tokenize(t)));
    const all = similarPairs(vectors, 0.1);
    const chunked = [0, 4, 8].flatMap((from) =>
      similarPairs(vectors, 0.1, from, Math.min(items.length, from + 4)),
    );
    expect(chunked).toEqual(all);
    expect(all.every((p) => p.i < p.j && p.sim >= 0.1)).toBe(true);
    expect(all.some((p) => p.i === 0 && p.j === 3)).toBe(true);
    expect(all.some((p) => p.i === 5 || p.j === 5)).toBe(false);
  });

  it("names a group by its top terms", () => {
    expect(themeName(["export", "csv"])).toBe("Export, csv");
    expect(themeName([])).toBe("Untitled theme");
    const v = [
      new Map([
        ["b", 0.6],
        ["a", 0.8],
      ]),
      new Map([["b", 0.3]]),
    ];
    // b: 0.9, a: 0.8
    expect(topTerms(v, 2)).toEqual(["b", "a"]);
  });
});

describe("weeks", () => {
  it("starts a week on Monday, UTC", () => {
    expect(weekOf("2026-12-06T23:59:59Z")).toBe("2026-11-30"); // a Sunday
    expect(weekOf("2026-11-30T00:00:00Z")).toBe("2026-11-30"); // a Monday
    expect(weekOf("2026-12-01T12:00:00Z")).toBe("2026-11-30");
    expect(weekOf("2027-01-01T00:00:00Z")).toBe("2026-12-28");
    expect(weeksEndingAt("2026-12-06T10:00:00Z", 3)).toEqual(["2026-11-16", "2026-11-23", "2026-11-30"]);
  });
});
