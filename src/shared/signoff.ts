import type { Period, SnapshotItem, VersionDiff } from "./roadmap.schemas.ts";
import type { CapacityEffect, SignoffDecision } from "./signoff.schemas.ts";

/** Roadmap sign-off rules, pure (docs/SIGNOFF.md): who must look again after a revision, the capacity effect. */

export const isApproval = (d: SignoffDecision | string) => d === "approved" || d === "approved_with_comments";

/** Every required approver approves (and there is at least one). */
export const allRequiredApproved = (approvers: { required: boolean; decision: string }[]) => {
  const required = approvers.filter((a) => a.required);
  return required.length > 0 && required.every((a) => isApproval(a.decision));
};

/** The deadline in a person's time zone, e.g. "Fri, 4 Dec 2026, 17:00 (Europe/Paris)"; UTC when the zone is unknown. */
export function formatDeadline(iso: string | Date, timeZone: string): string {
  const d = new Date(iso);
  const fmt = (tz: string) =>
    `${new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(d)} (${tz})`;
  try {
    return fmt(timeZone || "UTC");
  } catch {
    return fmt("UTC");
  }
}

/** Ids of items added, removed, moved or changed in a diff. */
export const changedIds = (diff: Omit<VersionDiff, "from" | "to">) =>
  new Set([...diff.added, ...diff.removed, ...diff.moved, ...diff.changed].map((i) => i.id));

/** Items with effort on one of the teams. */
export const itemsTouching = (items: SnapshotItem[], teamIds: Set<string>) =>
  items.filter((i) => i.efforts.some((e) => e.effort > 0 && teamIds.has(e.teamId))).map((i) => i.id);

/**
 * The changed items relevant to an approver: those touching their teams before or after the change.
 * An approver on no team is responsible for the whole roadmap: every change is theirs.
 */
export function relevantChanges(
  changed: Set<string>,
  teamIds: Set<string>,
  before: SnapshotItem[],
  after: SnapshotItem[],
): string[] {
  if (!teamIds.size) return [...changed];
  const mine = new Set([...itemsTouching(before, teamIds), ...itemsTouching(after, teamIds)]);
  return [...changed].filter((id) => mine.has(id));
}

/** The period an item's month falls in (periods are [start, end) on 'YYYY-MM-DD' keys). */
export const periodOf = (periods: Period[], month: string | null) =>
  month ? (periods.find((p) => p.start <= month && month < p.end) ?? null) : null;

/**
 * Per team and period: the effort this roadmap puts on the team in the baseline (`before`) and in the
 * version under review (`after`), against the team's capacity (null where unknown, e.g. "Later").
 */
export function capacityEffect(
  periods: Period[],
  teams: { id: string; name: string }[],
  before: SnapshotItem[],
  after: SnapshotItem[],
  capacityOf: (teamId: string, p: Period) => number | null,
): CapacityEffect[] {
  const load = (items: SnapshotItem[]) => {
    const m = new Map<string, number>();
    for (const i of items) {
      if (i.status === "dropped") continue;
      const p = periodOf(periods, i.period);
      if (!p) continue;
      for (const e of i.efforts)
        m.set(`${e.teamId}|${p.key}`, (m.get(`${e.teamId}|${p.key}`) ?? 0) + e.effort);
    }
    return m;
  };
  const b = load(before);
  const a = load(after);
  const round = (x: number) => Math.round(x * 100) / 100;
  return teams.map((t) => ({
    teamId: t.id,
    teamName: t.name,
    periods: periods.map((p) => ({
      key: p.key,
      label: p.label,
      capacity: capacityOf(t.id, p),
      before: round(b.get(`${t.id}|${p.key}`) ?? 0),
      after: round(a.get(`${t.id}|${p.key}`) ?? 0),
    })),
  }));
}

/** The roadmap's baseline among its versions: the one approved last (as the server's selectBaseline picks it). */
export function baselineOf<V extends { approvedAt: string | null; number: number }>(versions: V[]): V | null {
  let best: V | null = null;
  for (const v of versions)
    if (
      v.approvedAt &&
      (!best ||
        v.approvedAt > (best.approvedAt as string) ||
        (v.approvedAt === best.approvedAt && v.number > best.number))
    )
      best = v;
  return best;
}
