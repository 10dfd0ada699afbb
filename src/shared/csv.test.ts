import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvSafe, toCsv } from "./csv.ts";

describe("csvSafe (OWASP CSV injection)", () => {
  const dangerous = [
    "=1+2",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '＝HYPERLINK("http://evil")', // full-width equals U+FF1D
    "＋1", // full-width plus U+FF0B
    "－1", // full-width hyphen-minus U+FF0D
    "＠SUM(A1)", // full-width commercial at U+FF20
    "﹦1", // small equals U+FE66
    "\u200B=1", // zero-width space
    "\u200C\u200D=1", // zero-width non-joiner and joiner
    "\u2060+1", // word joiner
    "\uFEFF=1", // byte order mark
    "\u200E-1", // left-to-right mark
    " =1", // leading space
    "\u00A0=1", // no-break space
    "\u3000=1", // ideographic space
    "\n=1",
    " \u200B\uFEFF＝1",
  ];
  it.each(dangerous)("prefixes %j with a quote", (v) => {
    expect(csvSafe(v)).toBe(`'${v}`);
  });

  const harmless = ["plain", "a=b", "1-2", "e-mail@example.test", "", "'=already", "€5", "−1"];
  it.each(harmless)("leaves %j alone", (v) => {
    expect(csvSafe(v)).toBe(v);
  });

  it("leaves numbers, nulls and booleans alone", () => {
    expect(csvSafe(-1)).toBe(-1);
    expect(csvSafe(null)).toBeNull();
    expect(csvSafe(true)).toBe(true);
  });

  it("toCsv writes a header and neutralizes every text cell, round-tripping the rest", () => {
    const text = toCsv(
      ["a", "b"],
      [
        ["\uFEFF=cmd|' /C calc'!A0", 3],
        ['ok, "quoted"', null],
      ],
    );
    const back = parse(text, { columns: true }) as { a: string; b: string }[];
    expect(back).toEqual([
      { a: "'\uFEFF=cmd|' /C calc'!A0", b: "3" },
      { a: 'ok, "quoted"', b: "" },
    ]);
  });
});
