import { describe, expect, it } from "vitest";
import { backlogFiltersSearch, parseBacklogFilters } from "./useBacklogFilters.ts";

describe("backlog filters in the URL", () => {
  it("reads every filter and the order back from the query string it wrote", () => {
    const state = {
      q: "dark mode",
      status: ["new" as const, "planned" as const],
      tag: "ui",
      ownerId: "0190a2b4-0000-7000-8000-000000000001",
      segment: "Enterprise",
      sort: "demand" as const,
      dir: "asc" as const,
    };
    const search = backlogFiltersSearch(state);
    expect(search).toBe(
      "q=dark+mode&status=new&status=planned&tag=ui&owner=0190a2b4-0000-7000-8000-000000000001&segment=Enterprise&sort=demand&dir=asc",
    );
    expect(parseBacklogFilters(`?${search}`)).toEqual(state);
  });

  it("keeps defaults out of the URL and refuses unknown values", () => {
    const plain = parseBacklogFilters("");
    expect(plain).toEqual({
      q: "",
      status: [],
      tag: "",
      ownerId: null,
      segment: null,
      sort: "rank",
      dir: "asc",
    });
    expect(backlogFiltersSearch(plain)).toBe("");
    // A sort's natural direction is not written: ARR sorts descending by default.
    expect(backlogFiltersSearch({ ...plain, sort: "arr", dir: "desc" })).toBe("sort=arr");
    expect(parseBacklogFilters("?sort=arr")).toMatchObject({ sort: "arr", dir: "desc" });
    expect(parseBacklogFilters("?sort=nonsense&dir=sideways&status=bogus")).toMatchObject({
      sort: "rank",
      dir: "asc",
      status: [],
    });
    // Only ideas a competitor has, by coverage.
    expect(backlogFiltersSearch({ ...plain, covered: true, sort: "competitors", dir: "desc" })).toBe(
      "covered=1&sort=competitors",
    );
    expect(parseBacklogFilters("?covered=1&sort=competitors")).toMatchObject({
      covered: true,
      sort: "competitors",
      dir: "desc",
    });
    expect(parseBacklogFilters("?covered=yes").covered).toBeUndefined();
    // The older "view by" links still open that order.
    expect(parseBacklogFilters("?by=rice")).toMatchObject({ sort: "rice", dir: "desc" });
  });
});
