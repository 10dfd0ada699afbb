import { describe, expect, it } from "vitest";
import { stripMarkdown } from "./markdown.ts";

describe("stripMarkdown", () => {
  it("removes emphasis, the backlog's '**Why.**' included", () => {
    expect(stripMarkdown("**Why.** Technicians lose signal. *Really* __often__ ~~never~~")).toBe(
      "Why. Technicians lose signal. Really often never",
    );
  });
  it("keeps the search highlighter's marks inside emphasis", () => {
    expect(stripMarkdown("**\u0001Why\u0002.** Offline")).toBe("\u0001Why\u0002. Offline");
  });
  it("drops headings, quotes, list markers, code and tags; a link keeps its text", () => {
    const md = [
      "## Problem",
      "> the customer said",
      "- first",
      "2. second",
      "- [x] done",
      "```ts",
      "const a = 1;",
      "```",
      "See [the spec](https://example.com/spec) and `npm start`, ![logo](a.png) <b>bold</b>",
    ].join("\n");
    expect(stripMarkdown(md)).toBe(
      "Problem the customer said first second done const a = 1; See the spec and npm start, logo bold",
    );
  });
  it("leaves lone markers inside words and arithmetic alone", () => {
    expect(stripMarkdown("snake_case and 5 * 3 = 15")).toBe("snake_case and 5 * 3 = 15");
  });
  it("cleans markup cut in half at a snippet's edge", () => {
    expect(stripMarkdown("reboot.** The next")).toBe("reboot. The next");
    expect(stripMarkdown("| a | b |")).toBe("a b");
    expect(stripMarkdown("lose signal in [basements](https://x.test")).toBe("lose signal in basements");
    expect(stripMarkdown("basements](https://x.test). Next")).toBe("basements. Next");
  });
  it("unescapes escaped characters and collapses whitespace", () => {
    expect(stripMarkdown("1\\. not a list\n\n  \\*literal\\*")).toBe("1. not a list *literal*");
    expect(stripMarkdown("")).toBe("");
  });
});
