import { describe, expect, it } from "vitest";
import { diffExcerpts, excerptLines, phraseToPattern } from "./changes.ts";

describe("diff excerpts", () => {
  it("gives each added and removed run a few words of context, a replacement sharing its context", () => {
    const diff: [number, string][] = [
      [0, "one two three four five six seven eight Team plan"],
      [-1, "$29"],
      [1, "$35"],
      [0, "per driver billed monthly and more words after that"],
      [1, "Offline maps"],
    ];
    expect(diffExcerpts(diff, { context: 3 })).toEqual([
      { op: -1, before: "eight Team plan", text: "$29", after: "per driver billed" },
      { op: 1, before: "eight Team plan", text: "$35", after: "per driver billed" },
      {
        op: 1,
        before: "more words after that".split(" ").slice(-3).join(" "),
        text: "Offline maps",
        after: "",
      },
    ]);
    expect(excerptLines(diff, { context: 2, max: 1 })).toEqual(["− …Team plan [$29] per driver…"]);
  });

  it("skips white-space runs, caps the count and clips long runs", () => {
    const long = Array.from({ length: 100 }, (_, i) => `w${i}`).join(" ");
    const diff: [number, string][] = [
      [1, "  "],
      [1, long],
      [0, "x"],
      [-1, "a"],
      [0, "y"],
      [-1, "b"],
    ];
    const out = diffExcerpts(diff, { max: 2, maxChars: 40 });
    expect(out).toHaveLength(2);
    expect(out[0].text).toHaveLength(40);
    expect(out[0].text.endsWith("…")).toBe(true);
    expect(out[1]).toEqual({ op: -1, before: "x", text: "a", after: "y" });
  });
});

describe("a phrase as an ignore pattern", () => {
  it("matches the phrase literally (one white space between words, as in collapsed text), valid with the u flag", () => {
    const p = phraseToPattern("  Price: $9.99 (per user/month) [beta] {x}|y ^z  ");
    const re = new RegExp(p, "giu");
    expect(re.test("… Price: $9.99 (per user/month) [beta] {x}|y ^z …")).toBe(true);
    expect(new RegExp(p, "giu").test("Price: $9x99 (per user/month) [beta] {x}|y ^z")).toBe(false);
    expect(phraseToPattern("a-b c")).toBe("a-b\\sc");
  });
});
