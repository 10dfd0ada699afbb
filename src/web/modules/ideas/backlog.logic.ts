import { FRAMEWORKS, type Framework } from "../../../shared/enums.ts";
import type { IdeaRow, ViewConfig } from "./types.ts";
import { type BacklogFilterState, naturalDir } from "./useBacklogFilters.ts";

/** The filters and order a saved view restores (the segment is not part of a view: it is cleared). */
export function filtersOfView(c: ViewConfig): BacklogFilterState {
  const sort = c.sort ?? "rank";
  return {
    q: c.q ?? "",
    status: c.status ?? [],
    tag: c.tag ?? "",
    ownerId: c.ownerId ?? null,
    segment: null,
    sort,
    dir: c.dir ?? naturalDir(sort),
  };
}

/** What "save as a view" stores: the filters as typed (trimmed, empty ones left out), the order and the columns. */
export function viewConfigOf(f: BacklogFilterState, columns: string[]): ViewConfig {
  return {
    q: f.q.trim() || undefined,
    status: f.status.length ? f.status : undefined,
    tag: f.tag.trim() || undefined,
    ownerId: f.ownerId ?? undefined,
    sort: f.sort,
    dir: f.dir,
    columns,
  };
}

/** The top of the score bars: 100 for the weighted scorecard (scores are out of 100), else the best score. */
export function maxScoreOf(items: Pick<IdeaRow, "score">[], framework: Framework): number {
  let m = 0;
  for (const r of items) if (r.score !== null && r.score > m) m = r.score;
  return framework === "weighted" ? Math.max(100, m) : m;
}

/** The tags of the loaded rows (the first 2,000), sorted, for the tag filter's suggestions. */
export function tagOptionsOf(items: Pick<IdeaRow, "tags">[]): string[] {
  const tags = new Set<string>();
  for (const r of items.slice(0, 2000)) for (const t of r.tags) tags.add(t);
  return [...tags].sort();
}

/** "Select all" flips: everything loaded (up to 1,000) unless all of it is already selected. */
export function toggleAllOf(selected: Set<string>, items: { id: string }[]): Set<string> {
  return items.length > 0 && items.every((r) => selected.has(r.id))
    ? new Set()
    : new Set(items.slice(0, 1000).map((r) => r.id));
}

/** The segments to offer: those in use, plus the one a shared link names if the list does not hold it. */
export function segmentOptionsOf(known: string[], current: string | null): string[] {
  return current && !known.includes(current) ? [...known, current] : known;
}

/** The personal "view by" a sort stands for: a framework's score, else the product's own rank. */
export const viewByOf = (sort: string): string =>
  (FRAMEWORKS as readonly string[]).includes(sort) ? sort : "product";

/** The order a "view by" choice asks for: by that framework's score, best first; or back to the product's rank. */
export function sortForViewBy(v: string | null): Pick<BacklogFilterState, "sort" | "dir"> {
  const by = v && v !== "product" ? (v as Framework) : null;
  return { sort: by ?? "rank", dir: by ? "desc" : "asc" };
}
