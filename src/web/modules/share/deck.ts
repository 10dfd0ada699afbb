/**
 * Pure logic shared by the public roadmap page and the presentation mode: one shape for a frozen roadmap
 * (from a share link or a saved version's snapshot), lanes, periods and counts. No DOM, no app state.
 */
import {
  ROADMAP_ITEM_STATUS_LABELS,
  ROADMAP_ITEM_STATUSES,
  type RoadmapItemStatus,
} from "../../../shared/enums.ts";
import type { Period, RoadmapSnapshot, SnapshotItem } from "../../../shared/roadmap.schemas.ts";
import type { SharedRoadmap } from "../../../shared/signoff.schemas.ts";

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

export const STATUS_LABEL = (s: RoadmapItemStatus) => ROADMAP_ITEM_STATUS_LABELS[s] ?? s;
export const STATUSES = ROADMAP_ITEM_STATUSES;
export const STATUS_COLOR: Record<RoadmapItemStatus, string> = {
  candidate: "gray",
  planned: "baton",
  in_progress: "cyan",
  done: "teal",
  dropped: "red",
};

const NONE = "__none";
export const UNSCHEDULED = "__unscheduled";

/** The team with the largest effort (the first listed on a tie), as on the roadmap page. */
export function mainTeamOf(item: Pick<DeckItem, "efforts">): string | null {
  let best: { teamId: string; effort: number } | null = null;
  for (const e of item.efforts) if (!best || e.effort > best.effort) best = e;
  return best?.teamId ?? null;
}

function laneKey(item: DeckItem, by: string): string {
  switch (by) {
    case "objective":
      return item.objectiveIds[0] ?? NONE;
    case "theme":
      return item.theme.trim() || NONE;
    case "status":
      return item.status;
    default:
      return mainTeamOf(item) ?? NONE;
  }
}

export const LANE_NOUN: Record<string, string> = {
  team: "Team",
  objective: "Objective",
  theme: "Theme",
  status: "Status",
};

export interface DeckLane {
  key: string;
  label: string;
}

/** Every lane items of the deck use, in the roadmap page's order, "No …" last. */
export function lanesOf(deck: Deck): DeckLane[] {
  const used = new Set(deck.items.map((i) => laneKey(i, deck.laneBy)));
  let base: DeckLane[];
  switch (deck.laneBy) {
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
      base = STATUSES.map((s) => ({ key: s, label: STATUS_LABEL(s) }));
      break;
    default:
      base = deck.teams.map((t) => ({ key: t.id, label: t.name }));
  }
  const known = new Set(base.map((l) => l.key));
  const lanes = base.filter((l) => used.has(l.key));
  for (const k of used) {
    if (k === NONE || known.has(k)) continue;
    lanes.push({ key: k, label: deck.laneBy === "objective" ? "Other objective" : "Other team" });
  }
  if (used.has(NONE))
    lanes.push({ key: NONE, label: `No ${(LANE_NOUN[deck.laneBy] ?? "lane").toLowerCase()}` });
  return lanes;
}

/** The key of the period an item lands in, or UNSCHEDULED. */
export function periodKeyOf(item: Pick<DeckItem, "period">, periods: Period[]): string {
  if (!item.period) return UNSCHEDULED;
  const p = periods.find((x) => item.period! >= x.start && item.period! < x.end);
  return p?.key ?? UNSCHEDULED;
}

/** cells[laneKey][periodKey] → items, dropped items last. */
export function gridOf(deck: Deck): Map<string, Map<string, DeckItem[]>> {
  const grid = new Map<string, Map<string, DeckItem[]>>();
  const items = [...deck.items].sort(
    (a, b) => Number(a.status === "dropped") - Number(b.status === "dropped"),
  );
  for (const item of items) {
    const lane = laneKey(item, deck.laneBy);
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

export function milestonesIn(deck: Deck, period: Period) {
  return deck.milestones
    .filter((m) => m.date >= period.start && m.date < period.end)
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Teams other than the lane's, for a card's footnote ("with Design"). */
export function otherTeams(item: DeckItem, deck: Deck): string[] {
  const main = deck.laneBy === "team" ? mainTeamOf(item) : null;
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
  const zero = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<RoadmapItemStatus, number>;
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
