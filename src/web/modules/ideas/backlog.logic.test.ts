import { describe, expect, it } from "vitest";
import {
  filtersOfView,
  maxScoreOf,
  segmentOptionsOf,
  sortForViewBy,
  tagOptionsOf,
  toggleAllOf,
  viewByOf,
  viewConfigOf,
} from "./backlog.logic.ts";
import { parseBacklogFilters } from "./useBacklogFilters.ts";

describe("backlog views", () => {
  it("stores what is typed and chosen, and restores it (the segment is not part of a view)", () => {
    const state = {
      q: " dark mode ",
      status: ["new" as const],
      tag: "",
      ownerId: null,
      segment: "Enterprise",
      sort: "demand" as const,
      dir: "asc" as const,
    };
    const config = viewConfigOf(state, ["title", "score"]);
    expect(config).toEqual({
      q: "dark mode",
      status: ["new"],
      tag: undefined,
      ownerId: undefined,
      sort: "demand",
      dir: "asc",
      columns: ["title", "score"],
    });
    expect(filtersOfView(config)).toEqual({ ...state, q: "dark mode", segment: null });
  });

  it("restores a view without an order in rank order, ascending", () => {
    expect(filtersOfView({})).toEqual(parseBacklogFilters(""));
  });
});

describe("backlog list helpers", () => {
  it("tops the score bars at 100 for the weighted scorecard, else at the best score", () => {
    const rows = [{ score: 12 }, { score: null }, { score: 40 }];
    expect(maxScoreOf(rows, "weighted")).toBe(100);
    expect(maxScoreOf(rows, "rice")).toBe(40);
    expect(maxScoreOf([], "ice")).toBe(0);
  });

  it("suggests the loaded rows' tags once each, sorted", () => {
    expect(tagOptionsOf([{ tags: ["ui", "api"] }, { tags: ["ui"] }, { tags: [] }])).toEqual(["api", "ui"]);
  });

  it("selects everything loaded, or nothing when all of it is selected", () => {
    const items = [{ id: "a" }, { id: "b" }];
    expect([...toggleAllOf(new Set(["a"]), items)]).toEqual(["a", "b"]);
    expect([...toggleAllOf(new Set(["a", "b"]), items)]).toEqual([]);
    expect([...toggleAllOf(new Set(), [])]).toEqual([]);
  });

  it("keeps a linked segment selectable when the list does not hold it", () => {
    expect(segmentOptionsOf(["SMB"], "Enterprise")).toEqual(["SMB", "Enterprise"]);
    expect(segmentOptionsOf(["SMB"], "SMB")).toEqual(["SMB"]);
    expect(segmentOptionsOf(["SMB"], null)).toEqual(["SMB"]);
  });

  it("views by a framework's score best first, or back to the product's rank", () => {
    expect(sortForViewBy("rice")).toEqual({ sort: "rice", dir: "desc" });
    expect(sortForViewBy("product")).toEqual({ sort: "rank", dir: "asc" });
    expect(sortForViewBy(null)).toEqual({ sort: "rank", dir: "asc" });
    expect(viewByOf("rice")).toBe("rice");
    expect(viewByOf("demand")).toBe("product");
  });
});
