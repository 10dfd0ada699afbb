import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";
import { FRAMEWORKS, IDEA_STATUSES, type IdeaStatus } from "../../../shared/enums.ts";
import { IDEA_SORTS } from "../../../shared/ideas.schemas.ts";
import type { IdeaSort } from "./types.ts";

/** The backlog's filters and order, as the query string holds them (a filtered backlog is a shareable link). */
export interface BacklogFilterState {
  q: string;
  status: IdeaStatus[];
  tag: string;
  ownerId: string | null;
  segment: string | null;
  /** Only ideas a competitor has (?covered=1); optional so older callers need not name it. */
  covered?: boolean;
  sort: IdeaSort;
  dir: "asc" | "desc";
}

const OWN_KEYS = ["q", "status", "tag", "owner", "segment", "covered", "sort", "dir", "by"];

/** The natural direction of an order: rank and title ascending, everything else (scores, demand…) descending. */
export const naturalDir = (sort: IdeaSort): "asc" | "desc" =>
  sort === "rank" || sort === "title" ? "asc" : "desc";

/** Reads the state from a query string; unknown values fall back to the defaults (rank order, no filters). */
export function parseBacklogFilters(search: string): BacklogFilterState {
  const p = new URLSearchParams(search);
  const by = p.get("by"); // the older "view by" link (?by=rice)
  const rawSort = p.get("sort") ?? (by && (FRAMEWORKS as readonly string[]).includes(by) ? by : null);
  const sort =
    rawSort && (IDEA_SORTS as readonly string[]).includes(rawSort) ? (rawSort as IdeaSort) : "rank";
  const rawDir = p.get("dir");
  return {
    q: p.get("q") ?? "",
    status: p
      .getAll("status")
      .filter((s): s is IdeaStatus => (IDEA_STATUSES as readonly string[]).includes(s)),
    tag: p.get("tag") ?? "",
    ownerId: p.get("owner") || null,
    segment: p.get("segment") || null,
    ...(p.get("covered") === "1" ? { covered: true } : {}),
    sort,
    dir: rawDir === "asc" || rawDir === "desc" ? rawDir : naturalDir(sort),
  };
}

/** The query string of a state: only what differs from the defaults, so a plain backlog has none. */
export function backlogFiltersSearch(s: BacklogFilterState): string {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const st of s.status) p.append("status", st);
  if (s.tag) p.set("tag", s.tag);
  if (s.ownerId) p.set("owner", s.ownerId);
  if (s.segment) p.set("segment", s.segment);
  if (s.covered) p.set("covered", "1");
  if (s.sort !== "rank") p.set("sort", s.sort);
  if (s.dir !== naturalDir(s.sort)) p.set("dir", s.dir);
  return p.toString();
}

/**
 * The backlog's filters and sort, kept in the URL's query string: a filtered, sorted backlog can be shared as a
 * link, and Back restores the previous filters. Choices (status, owner, segment, sort, clearing) add a history
 * entry; typing (search, tag) replaces the current one, so Back does not step through every keystroke.
 */
export function useBacklogFilters() {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const state = useMemo(() => parseBacklogFilters(search), [search]);
  const set = useCallback(
    (patch: Partial<BacklogFilterState>, o: { replace?: boolean } = {}) => {
      const current = new URLSearchParams(window.location.search);
      const mine = new URLSearchParams(
        backlogFiltersSearch({ ...parseBacklogFilters(window.location.search), ...patch }),
      );
      // Other parameters (?new=1 …) stay as they are.
      const next = new URLSearchParams(current);
      for (const k of OWN_KEYS) next.delete(k);
      for (const [k, v] of mine) next.append(k, v);
      const text = next.toString();
      if (text === current.toString()) return;
      navigate(text ? `${location}?${text}` : location, { replace: o.replace ?? false });
    },
    [location, navigate],
  );
  return [state, set] as const;
}
