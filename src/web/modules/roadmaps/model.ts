/**
 * Pure roadmap-page logic: filters, lanes, which period an item sits in, and what a drop changes.
 * Lanes by team put an item in its main team's lane only: the team with the largest effort (the first
 * listed on a tie), so every item has one card and one place to drag from.
 */
import {
  type LaneBy,
  ROADMAP_ITEM_STATUS_LABELS,
  ROADMAP_ITEM_STATUSES,
  type RoadmapItemStatus,
  type SmartKey,
} from "../../../shared/enums.ts";
import type { Period, RoadmapItem, RoadmapView, UpdateRoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { type PeriodFrame, periodAt, periodIndexOf } from "../../../shared/roadmap.ts";

export const NONE = "__none";
export const UNPLANNED = "unplanned";

export interface Filters {
  teamId: string | null;
  objectiveId: string | null;
  statuses: RoadmapItemStatus[];
  q: string;
  /** Only the items failing this SMART badge (the header's red counts). */
  failing: SmartKey | null;
}
export const NO_FILTERS: Filters = { teamId: null, objectiveId: null, statuses: [], q: "", failing: null };

export function isFiltered(f: Filters): boolean {
  return Boolean(f.teamId || f.objectiveId || f.statuses.length || f.q.trim() || f.failing);
}

export function filterItems(items: RoadmapItem[], f: Filters): RoadmapItem[] {
  if (!isFiltered(f)) return items;
  const q = f.q.trim().toLowerCase();
  const statuses = f.statuses.length ? new Set(f.statuses) : null;
  return items.filter(
    (i) =>
      (!f.teamId || i.efforts.some((e) => e.teamId === f.teamId)) &&
      (!f.objectiveId || i.objectiveIds.includes(f.objectiveId)) &&
      (!statuses || statuses.has(i.status)) &&
      (!f.failing || (!i.smart[f.failing].ok && i.status !== "dropped")) &&
      (!q || i.title.toLowerCase().includes(q) || i.theme.toLowerCase().includes(q)),
  );
}

/** The team with the largest effort (first on a tie), or null without any effort row. */
export function mainTeam(item: Pick<RoadmapItem, "efforts">): string | null {
  let best: { teamId: string; effort: number } | null = null;
  for (const e of item.efforts) if (!best || e.effort > best.effort) best = e;
  return best?.teamId ?? null;
}

export function laneKeyOf(
  item: Pick<RoadmapItem, "efforts" | "objectiveIds" | "theme" | "status">,
  by: LaneBy,
): string {
  switch (by) {
    case "team":
      return mainTeam(item) ?? NONE;
    case "objective":
      return item.objectiveIds[0] ?? NONE;
    case "theme":
      return item.theme.trim() || NONE;
    case "status":
      return item.status;
  }
}

export interface Lane {
  key: string;
  label: string;
  /** Items may be dropped here (not into "No team": that would erase the estimates). */
  droppable: boolean;
}

export const LANE_BY_LABELS: Record<LaneBy, string> = {
  team: "Team",
  objective: "Objective",
  theme: "Theme",
  status: "Status",
};

/** The lanes to draw: every team, objective or status, the themes in use, and "No …" when an item needs it. */
export function lanesOf(view: RoadmapView, by: LaneBy, items: RoadmapItem[]): Lane[] {
  const used = new Set(items.map((i) => laneKeyOf(i, by)));
  const lanes = baseLanes(view, by, used);
  // A key with no lane of its own (a team or objective the view does not list): a lane anyway.
  const known = new Set(lanes.map((l) => l.key));
  for (const k of used)
    if (!known.has(k))
      lanes.push({ key: k, label: by === "team" ? "Other team" : "Other objective", droppable: false });
  return lanes;
}

function baseLanes(view: RoadmapView, by: LaneBy, used: Set<string>): Lane[] {
  const none = (label: string, droppable: boolean): Lane[] =>
    used.has(NONE) ? [{ key: NONE, label, droppable }] : [];
  switch (by) {
    case "team":
      return [
        ...view.teams.map((t) => ({ key: t.id, label: t.name, droppable: true })),
        ...none("No team", false),
      ];
    case "objective":
      return [
        ...[...view.objectives]
          .sort((a, b) => b.importance - a.importance || a.title.localeCompare(b.title))
          .map((o) => ({ key: o.id, label: o.title, droppable: true })),
        ...none("No objective", true),
      ];
    case "theme": {
      const themes = new Set(view.items.map((i) => i.theme.trim()).filter(Boolean));
      return [
        ...[...themes].sort((a, b) => a.localeCompare(b)).map((t) => ({ key: t, label: t, droppable: true })),
        ...none("No theme", true),
      ];
    }
    case "status":
      return ROADMAP_ITEM_STATUSES.map((s) => ({
        key: s,
        label: ROADMAP_ITEM_STATUS_LABELS[s],
        droppable: true,
      }));
  }
}

/** The index of the roadmap period an item lands in; null when unplanned (out of range when outside). */
export function periodIndexOfItem(frame: PeriodFrame, item: Pick<RoadmapItem, "period">): number | null {
  return item.period ? periodIndexOf(frame, item.period) : null;
}

/** What a card dropped into lane `toLane` and period `toPeriod` (null: the Unplanned tray) changes. */
export function dropPatch(
  item: RoadmapItem,
  by: LaneBy | null,
  toLane: string | null,
  toPeriod: Period | null | undefined,
  frame: PeriodFrame,
): { patch: Omit<UpdateRoadmapItem, "version" | "reason">; optimistic: Partial<RoadmapItem> } | null {
  const patch: Record<string, unknown> = {};
  if (toPeriod !== undefined) {
    const now = periodIndexOfItem(frame, item);
    if (toPeriod === null) {
      if (item.period !== null) patch.period = null;
    } else if (now === null || periodAt(frame, now).key !== toPeriod.key) patch.period = toPeriod.key;
  }
  if (by && toLane !== null && toLane !== laneKeyOf(item, by)) {
    if (by === "theme") patch.theme = toLane === NONE ? "" : toLane;
    else if (by === "status") patch.status = toLane;
    else if (by === "objective") {
      const from = item.objectiveIds[0];
      patch.objectiveIds =
        toLane === NONE ? [] : [toLane, ...item.objectiveIds.filter((o) => o !== from && o !== toLane)];
    } else if (by === "team" && toLane !== NONE) patch.efforts = moveEffort(item, toLane);
  }
  if (Object.keys(patch).length === 0) return null;
  return { patch, optimistic: patch as Partial<RoadmapItem> };
}

/** The main team's effort handed to another team (added to what that team already had). */
export function moveEffort(item: RoadmapItem, toTeam: string): RoadmapItem["efforts"] {
  const from = mainTeam(item);
  if (!from) return [{ teamId: toTeam, effort: 0 }];
  const moving = item.efforts.find((e) => e.teamId === from)!.effort;
  const rest = item.efforts.filter((e) => e.teamId !== from);
  const existing = rest.find((e) => e.teamId === toTeam);
  return existing
    ? rest.map((e) => (e.teamId === toTeam ? { ...e, effort: e.effort + moving } : e))
    : [{ teamId: toTeam, effort: moving }, ...rest];
}

/** Where "today" sits: its period's index and the fraction of that period gone (null outside the horizon). */
export function todayPosition(view: RoadmapView): { index: number; fraction: number } | null {
  return datePosition(view.periods, view.today);
}

export function datePosition(periods: Period[], day: string): { index: number; fraction: number } | null {
  const index = periods.findIndex((p) => day >= p.start && day < p.end);
  if (index < 0) return null;
  const p = periods[index]!;
  const t = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  return { index, fraction: (t(day) - t(p.start)) / (t(p.end) - t(p.start)) };
}

/** A period key's label, also outside the horizon ("Unplanned" for null). */
export function periodLabel(frame: PeriodFrame, key: string | null): string {
  if (!key) return "Unplanned";
  return periodAt(frame, periodIndexOf(frame, key)).label;
}

/** Cards in a cell: pinned first, then by value, then by title. */
export function byValue(a: RoadmapItem, b: RoadmapItem): number {
  return Number(b.pinned) - Number(a.pinned) || b.value - a.value || a.title.localeCompare(b.title);
}
