import { describe, expect, it } from "vitest";
import {
  builtInViews,
  countOf,
  selectionAfter,
  shortcutOf,
  statusKeyOf,
  stepSelection,
  toggled,
} from "./inbox.logic.ts";

const items = ["a", "b", "c", "d"].map((id) => ({ id }));

describe("inbox selection", () => {
  it("steps with J/K, clamped to the list, from the top when nothing is selected", () => {
    expect(stepSelection(items, "b", 1)).toBe("c");
    expect(stepSelection(items, "d", 1)).toBe("d");
    expect(stepSelection(items, "a", -1)).toBe("a");
    expect(stepSelection(items, null, 1)).toBe("a");
    expect(stepSelection([], "a", 1)).toBeNull();
  });

  it("moves past the items acted on: the next one left, else the one before", () => {
    expect(selectionAfter(items, "b", ["b"])).toBe("c");
    expect(selectionAfter(items, "b", ["b", "c"])).toBe("d");
    expect(selectionAfter(items, "d", ["c", "d"])).toBe("b");
    expect(selectionAfter(items, "a", ["a", "b", "c", "d"])).toBeNull();
    expect(selectionAfter(items, "a", ["c"])).toBeUndefined();
    expect(selectionAfter(items, null, ["a"])).toBeUndefined();
  });

  it("checks, unchecks and flips ids without changing the set given", () => {
    const s = new Set(["a"]);
    expect([...toggled(s, "b", true)]).toEqual(["a", "b"]);
    expect([...toggled(s, "a", false)]).toEqual([]);
    expect([...toggled(s, "a")]).toEqual([]);
    expect([...toggled(s, "c")]).toEqual(["a", "c"]);
    expect([...s]).toEqual(["a"]);
  });
});

describe("inbox tabs and shortcuts", () => {
  it("lights the tab of a single status, All for none, nothing for a mix", () => {
    expect(statusKeyOf(["new"])).toBe("new");
    expect(statusKeyOf([])).toBe("all");
    expect(statusKeyOf(["new", "triaged"])).toBe("");
  });

  it("counts a tab's items and unread ones", () => {
    const rows = [
      { status: "new" as const, total: 5, unread: 2 },
      { status: "triaged" as const, total: 3, unread: 1 },
    ];
    expect(countOf(rows, "new")).toEqual({ total: 5, unread: 2 });
    expect(countOf(rows, "all")).toEqual({ total: 8, unread: 3 });
    expect(countOf(rows, "spam")).toEqual({ total: 0, unread: 0 });
  });

  it("reads the arrows as J and K", () => {
    expect(shortcutOf("ArrowDown")).toBe("j");
    expect(shortcutOf("ArrowUp")).toBe("k");
    expect(shortcutOf("t")).toBe("t");
  });

  it("offers the built-in views with the triager's own id", () => {
    const mine = builtInViews("u1").find((v) => v.name === "Assigned to me");
    expect(mine?.filters.assignee).toBe("u1");
  });
});
