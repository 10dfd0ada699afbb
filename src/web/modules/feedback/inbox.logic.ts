import { FEEDBACK_STATUSES, type FeedbackStatus } from "../../../shared/feedback.ts";
import type { SavedView } from "./Filters.tsx";
import { EMPTY_FILTERS } from "./hooks.ts";
import { STATUS_LABELS } from "./labels.tsx";

export { toggled } from "../../lib/sets.ts";

/** The inbox's status tabs: one per status, then "All". */
export const TABS: { key: string; label: string; status: FeedbackStatus[] }[] = [
  ...FEEDBACK_STATUSES.map((s) => ({ key: s, label: STATUS_LABELS[s], status: [s] })),
  { key: "all", label: "All", status: [] },
];

/** The tab a status filter matches: one status, "all" for none, "" for a mix (no tab lit). */
export const statusKeyOf = (status: FeedbackStatus[]): string =>
  status.length === 1 ? status[0]! : status.length === 0 ? "all" : "";

/** Totals and unread of a tab, from the per-status counts. */
export function countOf(rows: { status: FeedbackStatus; total: number; unread: number }[], key: string) {
  const pick = key === "all" ? rows : rows.filter((r) => r.status === key);
  return { total: pick.reduce((a, r) => a + r.total, 0), unread: pick.reduce((a, r) => a + r.unread, 0) };
}

/** J/K: the item `delta` places from the selected one, clamped to the list (the first when none is selected). */
export function stepSelection(
  items: { id: string }[],
  selectedId: string | null,
  delta: number,
): string | null {
  if (!items.length) return null;
  const i = items.findIndex((x) => x.id === selectedId);
  return items[Math.max(0, Math.min(items.length - 1, (i < 0 ? -1 : i) + delta))]?.id ?? null;
}

/**
 * After acting on items that leave the list, the triager moves on: the next item not acted on, else the one
 * before. `undefined` when the selected item was not among them (the selection stays).
 */
export function selectionAfter(
  items: { id: string }[],
  selectedId: string | null,
  ids: string[],
): string | null | undefined {
  if (!selectedId || !ids.includes(selectedId)) return undefined;
  const i = items.findIndex((x) => x.id === selectedId);
  const rest = items.filter((x, j) => j > i && !ids.includes(x.id));
  const before = items.filter((x, j) => j < i && !ids.includes(x.id));
  return rest[0]?.id ?? before[before.length - 1]?.id ?? null;
}

/** The shortcut a key press stands for (arrows move like J/K). */
export const shortcutOf = (key: string) => (key === "ArrowDown" ? "j" : key === "ArrowUp" ? "k" : key);

/** The views every triager has, besides the ones they save. */
export const builtInViews = (userId: string): SavedView[] => [
  { name: "New feedback", filters: EMPTY_FILTERS },
  { name: "Assigned to me", filters: { ...EMPTY_FILTERS, status: ["new", "triaged"], assignee: userId } },
  { name: "Unassigned", filters: { ...EMPTY_FILTERS, status: ["new", "triaged"], assignee: "none" } },
  { name: "Negative sentiment", filters: { ...EMPTY_FILTERS, status: [], sentiment: ["negative"] } },
  { name: "Everything", filters: { ...EMPTY_FILTERS, status: [] } },
];
