/**
 * Pure logic shared by the public roadmap page and the presentation mode: one shape for a frozen roadmap
 * (from a share link or a saved version's snapshot), lanes, periods and counts. No DOM, no app state.
 */
import {
  LANE_BY,
  type LaneBy,
  ROADMAP_ITEM_STATUS_LABELS,
  ROADMAP_ITEM_STATUSES,
  type RoadmapItemStatus,
} from "../../../shared/enums.ts";
import type { Period, RoadmapSnapshot, SnapshotItem } from "../../../shared/roadmap.schemas.ts";
import type { SharedRoadmap } from "../../../shared/signoff.schemas.ts";
import { periodOf } from "../../../shared/signoff.ts";
import { LANE_BY_LABELS, laneKeyOf, mainTeam, NONE } from "./model.ts";

export type DeckItem = Pick<
  SnapshotItem,
  | "id"
  | "title"
  | "status"
  | "outcome"
  | "problem"
  | "theme"
  | "period"
  | "targetDate"
  | "efforts"
  | "objectiveIds"
>;

/** A frozen roadmap, whatever it came from. */
export interface Deck {
  roadmapName: string;
  /** "Acme · Field app": where it comes from (the shared page shows it). */
  context: string | null;
  version: { number: number; name: string; approvedAt: string | null };
  periods: Period[];
  items: DeckItem[];
  milestones: { id: string; title: string; date: string }[];
  laneBy: string;
  teams: { id: string; name: string }[];
  objectives: { id: string; title: string }[];
}

export function deckOfShared(s: SharedRoadmap): Deck {
  return {
    roadmapName: s.roadmapName,
    context: `${s.workspaceName} · ${s.productName}`,
    version: s.version,
    periods: s.periods,
    items: s.items,
    milestones: s.milestones,
    laneBy: s.laneBy,
    teams: s.teams,
    objectives: s.objectives,
  };
}

export function deckOfSnapshot(
  snapshot: RoadmapSnapshot,
  version: { number: number; name: string; approvedAt: string | null },
  names: { teams: { id: string; name: string }[]; objectives: { id: string; title: string }[] },
): Deck {
  return {
    roadmapName: snapshot.roadmap.name,
    context: null,
    version,
    periods: snapshot.periods,
    items: snapshot.items,
    milestones: snapshot.milestones,
    laneBy: snapshot.roadmap.laneBy,
    teams: names.teams,
    objectives: names.objectives,
  };
}

export const STATUS_COLOR: Record<RoadmapItemStatus, string> = {
  candidate: "gray",
  planned: "baton",
  in_progress: "cyan",
  done: "teal",
  dropped: "red",
};

export const UNSCHEDULED = "__unscheduled";

/** The deck's lane grouping as the roadmap page knows it (a string from a share link: team when unknown). */
const laneByOf = (by: string): LaneBy =>
  (LANE_BY as readonly string[]).includes(by) ? (by as LaneBy) : "team";

/** "Team", "Objective", …: what the lanes are ("Lane" for a grouping this page does not know). */
export const laneNoun = (by: string): string => LANE_BY_LABELS[by as LaneBy] ?? "Lane";

export interface DeckLane {
  key: string;
  label: string;
}

/** Every lane items of the deck use, in the roadmap page's order, "No …" last. */
export function lanesOf(deck: Deck): DeckLane[] {
  const by = laneByOf(deck.laneBy);
  const used = new Set(deck.items.map((i) => laneKeyOf(i, by)));
  let base: DeckLane[];
  switch (by) {
    case "objective":
      base = deck.objectives.map((o) => ({ key: o.id, label: o.title }));
      break;
    case "theme":
      base = [...used]
        .filter((k) => k !== NONE)
        .sort((a, b) => a.localeCompare(b))
        .map((t) => ({ key: t, label: t }));
      break;
    case "status":
      base = ROADMAP_ITEM_STATUSES.map((s) => ({ key: s, label: ROADMAP_ITEM_STATUS_LABELS[s] }));
      break;
    case "team":
      base = deck.teams.map((t) => ({ key: t.id, label: t.name }));
  }
  const known = new Set(base.map((l) => l.key));
  const lanes = base.filter((l) => used.has(l.key));
  for (const k of used) {
    if (k === NONE || known.has(k)) continue;
    lanes.push({ key: k, label: by === "objective" ? "Other objective" : "Other team" });
  }
  if (used.has(NONE)) lanes.push({ key: NONE, label: `No ${laneNoun(deck.laneBy).toLowerCase()}` });
  return lanes;
}

/** The key of the period an item lands in, or UNSCHEDULED. */
function periodKeyOf(item: Pick<DeckItem, "period">, periods: Period[]): string {
  return periodOf(periods, item.period)?.key ?? UNSCHEDULED;
}

/** cells[laneKey][periodKey] → items, dropped items last. */
export function gridOf(deck: Deck): Map<string, Map<string, DeckItem[]>> {
  const grid = new Map<string, Map<string, DeckItem[]>>();
  const items = [...deck.items].sort(
    (a, b) => Number(a.status === "dropped") - Number(b.status === "dropped"),
  );
  const by = laneByOf(deck.laneBy);
  for (const item of items) {
    const lane = laneKeyOf(item, by);
    const period = periodKeyOf(item, deck.periods);
    let row = grid.get(lane);
    if (!row) {
      row = new Map();
      grid.set(lane, row);
    }
    const cell = row.get(period);
    if (cell) cell.push(item);
    else row.set(period, [item]);
  }
  return grid;
}

/** Some item sits in no period of the deck (the "Not scheduled" column or slides). */
export function anyUnscheduled(grid: ReturnType<typeof gridOf>): boolean {
  return [...grid.values()].some((row) => row.has(UNSCHEDULED));
}

export function milestonesIn(deck: Deck, period: Period) {
  return deck.milestones
    .filter((m) => m.date >= period.start && m.date < period.end)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Teams other than the lane's, for a card's footnote ("with Design"). */
export function otherTeams(item: DeckItem, deck: Deck): string[] {
  const main = deck.laneBy === "team" ? mainTeam(item) : null;
  const names = new Map(deck.teams.map((t) => [t.id, t.name]));
  return item.efforts
    .filter((e) => e.teamId !== main)
    .map((e) => names.get(e.teamId))
    .filter((n): n is string => Boolean(n));
}

export interface DeckSummary {
  rows: { key: string; label: string; counts: Record<RoadmapItemStatus, number>; total: number }[];
  totals: Record<RoadmapItemStatus, number>;
  total: number;
}

/** Item counts per period (and "Not scheduled" when any) and status. */
export function summaryOf(deck: Deck): DeckSummary {
  const zero = () =>
    Object.fromEntries(ROADMAP_ITEM_STATUSES.map((s) => [s, 0])) as Record<RoadmapItemStatus, number>;
  const rows = [
    ...deck.periods.map((p) => ({ key: p.key, label: p.label, counts: zero(), total: 0 })),
    { key: UNSCHEDULED, label: "Not scheduled", counts: zero(), total: 0 },
  ];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const totals = zero();
  for (const item of deck.items) {
    const row = byKey.get(periodKeyOf(item, deck.periods))!;
    row.counts[item.status]++;
    row.total++;
    totals[item.status]++;
  }
  return {
    rows: rows.filter((r) => r.key !== UNSCHEDULED || r.total > 0),
    totals,
    total: deck.items.length,
  };
}
