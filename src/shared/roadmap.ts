import type { CapacityUnit, PeriodKind, SmartKey } from "./enums.ts";
import { SMART_KEYS } from "./enums.ts";
import type { Period, Smart, SnapshotItem, VersionDiff } from "./roadmap.schemas.ts";

/**
 * Pure roadmap arithmetic shared by server, web and CLI: periods, capacity, load, the SMART rules and version
 * diffs. Days and months are 'YYYY-MM-DD' strings (a month is its first day); all calendar math is UTC.
 * docs/ROADMAP.md states every rule in words.
 */

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The first day of the month containing `day`. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** `month` shifted by n months. */
export function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, "0")}-${String(mm + 1).padStart(2, "0")}-01`;
}

/** Whole months from a to b (b − a). */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/** Months per period: a month, a quarter, or (Now/Next/Later) `horizon` months per bucket. */
export function periodLength(kind: PeriodKind, horizon: number): number {
  return kind === "month" ? 1 : kind === "quarter" ? 3 : Math.max(1, horizon);
}

export interface PeriodFrame {
  periodKind: PeriodKind;
  startMonth: string;
  horizon: number;
}

/** How many periods a roadmap shows: `horizon` months or quarters, or the three Now/Next/Later buckets. */
export function periodCount(frame: PeriodFrame): number {
  return frame.periodKind === "nnl" ? 3 : frame.horizon;
}

function periodLabel(frame: PeriodFrame, start: string, index: number): string {
  const y = start.slice(0, 4);
  const m = Number(start.slice(5, 7)) - 1;
  if (frame.periodKind === "month") return `${MONTH_NAMES[m]} ${y}`;
  if (frame.periodKind === "quarter") {
    // Calendar quarters read as "Q1 2027"; a quarter starting mid-quarter reads by its months.
    if (m % 3 === 0) return `Q${m / 3 + 1} ${y}`;
    const last = addMonths(start, 2);
    return `${MONTH_NAMES[m]}–${MONTH_NAMES[Number(last.slice(5, 7)) - 1]} ${last.slice(0, 4)}`;
  }
  return index === 0 ? "Now" : index === 1 ? "Next" : index === 2 ? "Later" : `Later +${index - 2}`;
}

/** The period (any index, also before or after the roadmap's horizon) with this index. */
export function periodAt(frame: PeriodFrame, index: number): Period {
  const len = periodLength(frame.periodKind, frame.horizon);
  const start = addMonths(frame.startMonth, index * len);
  return { key: start, label: periodLabel(frame, start, index), start, end: addMonths(start, len) };
}

/** The roadmap's periods, in order. */
export function periodsOf(frame: PeriodFrame): Period[] {
  return Array.from({ length: periodCount(frame) }, (_, i) => periodAt(frame, i));
}

/** Index of the period containing `day` (negative before the start, ≥ count after the horizon). */
export function periodIndexOf(frame: PeriodFrame, day: string): number {
  return Math.floor(
    monthsBetween(frame.startMonth, monthOf(day)) / periodLength(frame.periodKind, frame.horizon),
  );
}

/** The period containing `day`, even outside the horizon. */
export function periodContaining(frame: PeriodFrame, day: string): Period {
  return periodAt(frame, periodIndexOf(frame, day));
}

/** The months of [start, end). */
export function monthsIn(start: string, end: string): string[] {
  const out: string[] = [];
  for (let m = start; m < end; m = addMonths(m, 1)) out.push(m);
  return out;
}

const dayNumber = (d: string) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 864e5;

/** Weekdays (Monday–Friday) in [from, to], both inclusive. */
export function weekdaysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b < a) return 0;
  let n = 0;
  // 1970-01-01 was a Thursday: (day + 4) % 7 is 0 on Sunday.
  for (let d = a; d <= b; d++) {
    const dow = (((d + 4) % 7) + 7) % 7;
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

/** Working days (weekdays) of a month. */
export function workingDays(month: string): number {
  const next = addMonths(month, 1);
  return weekdaysBetween(month, new Date((dayNumber(next) - 1) * 864e5).toISOString().slice(0, 10));
}

export interface CapacityMember {
  userId: string;
  allocationPct: number;
}
export interface TimeOffRange {
  userId: string;
  startDate: string;
  endDate: string;
}

/**
 * A team's capacity in a month from its people: each member gives allocation% of the month's working days,
 * less allocation% of their weekdays off that month (a person shared 50/50 counts half in each team, and half
 * of their time off in each). In points, a full person-month is `pointsPerPersonMonth` points. `holidays` are
 * the month's weekday public holidays of the team's calendar: nobody works them, and time off on a holiday is
 * not counted twice (docs/ROADMAP.md, "Public holidays").
 */
export function derivedCapacity(
  month: string,
  members: CapacityMember[],
  timeOff: TimeOffRange[],
  unit: CapacityUnit,
  pointsPerPersonMonth: number,
  holidays: readonly string[] = [],
): number {
  const wd = workingDays(month);
  const open = Math.max(0, wd - holidays.length);
  const last = addMonths(month, 1);
  const lastDay = new Date((dayNumber(last) - 1) * 864e5).toISOString().slice(0, 10);
  let days = 0;
  for (const m of members) {
    let off = 0;
    for (const t of timeOff) {
      if (t.userId !== m.userId || t.endDate < month || t.startDate > lastDay) continue;
      // The overlap of the time off with the month ('YYYY-MM-DD' strings sort as dates).
      const from = [t.startDate, month].sort()[1];
      const to = [t.endDate, lastDay].sort()[0];
      off += weekdaysBetween(from, to) - holidays.filter((h) => h >= from && h <= to).length;
    }
    days += (m.allocationPct / 100) * Math.max(0, open - Math.min(off, open));
  }
  const value = unit === "points" ? (days / wd) * pointsPerPersonMonth : days;
  return round2(value);
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export interface LoadItem {
  id: string;
  status: string;
  /** The months of the period the item lands in (its roadmap's period containing item.period). */
  months: string[];
  efforts: { teamId: string; effort: number }[];
}

/** Monthly load per team: every item that is not dropped counts, its effort spread evenly over its period's months. */
export function monthlyLoad(items: LoadItem[]): Map<string, number> {
  const load = new Map<string, number>();
  for (const it of items) {
    if (it.status === "dropped" || it.months.length === 0) continue;
    for (const e of it.efforts) {
      const share = e.effort / it.months.length;
      for (const m of it.months) {
        const k = `${e.teamId}|${m}`;
        load.set(k, (load.get(k) ?? 0) + share);
      }
    }
  }
  return load;
}

// ---------------------------------------------------------------- SMART

/** Words in a text: runs of letters or digits (any script). */
export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
export const SPECIFIC_MIN_PROBLEM_WORDS = 8;
export const SPECIFIC_MIN_OUTCOME_WORDS = 5;

export interface SmartItem {
  id: string;
  title: string;
  status: string;
  problem: string;
  outcome: string;
  successMetric: string;
  successTarget: string;
  keyResultIds: string[];
  objectiveIds: string[];
  period: string | null;
  targetDate: string | null;
  efforts: { teamId: string; effort: number }[];
  dependsOn: string[];
}

/** A team's capacity and load over a period, and (when known) in each of its months. */
export interface TeamLoad {
  capacity: number;
  load: number;
  months?: { month: string; capacity: number; load: number }[];
}

/**
 * The month of a period where a team is most over capacity (load − capacity > 0), or null. One truth with the
 * heat map: effort is spread evenly over a period's months, so a quarter can fit in total and still overload
 * a month (docs/ROADMAP.md, "One truth for capacity").
 */
export function overloadedMonth(l: TeamLoad): { month: string; capacity: number; load: number } | null {
  let worst: { month: string; capacity: number; load: number } | null = null;
  for (const m of l.months ?? [])
    if (m.load > m.capacity + 1e-9 && (!worst || m.load - m.capacity > worst.load - worst.capacity))
      worst = m;
  return worst;
}

export interface SmartContext {
  unit: CapacityUnit;
  /** The period an item lands in, by its roadmap's periods (items of other roadmaps included). */
  spanOf(item: SmartItem): Period | null;
  /** Capacity and total planned load (every roadmap) of a team over a period's months, and month by month. */
  teamLoad(teamId: string, period: Period): TeamLoad;
  teamName(teamId: string): string;
  item(id: string): SmartItem | undefined;
}

const fmt = (x: number) => String(round2(x));
const pass = { ok: true, reason: null };
const fail = (reason: string) => ({ ok: false, reason });

/**
 * The five SMART badges of a roadmap item, each failure with its reason (docs/ROADMAP.md, "SMART check"):
 * - Specific: a problem statement of at least 8 words and an expected outcome of at least 5, the outcome not
 *   a copy of the problem or the title.
 * - Measurable: a success metric with a target containing a number, or a linked key result.
 * - Achievable: it has an effort estimate and a period; in that period no team it needs is loaded over its
 *   capacity (counting everything planned across roadmaps); every dependency is planned and lands no later.
 * - Relevant: linked to at least one objective (directly or through one of its ideas).
 * - Time-bound: a period or a target date, and a target date no earlier than the period's start.
 */
export function evaluateSmart(item: SmartItem, ctx: SmartContext): Smart {
  const problemWords = wordCount(item.problem);
  const outcomeWords = wordCount(item.outcome);
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");
  let specific: Smart["specific"] = pass;
  if (problemWords < SPECIFIC_MIN_PROBLEM_WORDS)
    specific = fail(
      problemWords === 0
        ? "No problem statement: say whose problem this solves and why it matters"
        : `The problem statement has ${problemWords} word${problemWords === 1 ? "" : "s"}; state it in at least ${SPECIFIC_MIN_PROBLEM_WORDS}`,
    );
  else if (outcomeWords < SPECIFIC_MIN_OUTCOME_WORDS)
    specific = fail(
      outcomeWords === 0
        ? "No expected outcome: say what will be different when it ships"
        : `The expected outcome has ${outcomeWords} word${outcomeWords === 1 ? "" : "s"}; state it in at least ${SPECIFIC_MIN_OUTCOME_WORDS}`,
    );
  else if (norm(item.outcome) === norm(item.problem) || norm(item.outcome) === norm(item.title))
    specific = fail("The expected outcome repeats the problem or the title");

  let measurable: Smart["measurable"] = pass;
  if (item.keyResultIds.length === 0) {
    if (!item.successMetric.trim()) measurable = fail("No success metric and no linked key result");
    else if (!/\d/.test(item.successTarget))
      measurable = fail(`The success metric "${item.successMetric.trim()}" has no numeric target`);
  }

  const span = item.period ? ctx.spanOf(item) : null;
  let achievable: Smart["achievable"] = pass;
  const efforts = item.efforts.filter((e) => e.effort > 0);
  if (efforts.length === 0) achievable = fail("No effort estimate for any team");
  else if (!span) achievable = fail("Not planned in a period, so its capacity cannot be checked");
  else {
    const reasons: string[] = [];
    for (const e of efforts) {
      const tl = ctx.teamLoad(e.teamId, span);
      const { capacity, load } = tl;
      const month = overloadedMonth(tl);
      if (load > capacity + 1e-9)
        reasons.push(
          `${ctx.teamName(e.teamId)} is over capacity in ${span.label}: ${fmt(load)} of ${fmt(capacity)} ${unitLabel(ctx.unit)} planned`,
        );
      else if (month && (tl.months?.length ?? 0) > 1)
        reasons.push(
          `${ctx.teamName(e.teamId)} is over capacity in ${MONTH_NAMES[Number(month.month.slice(5, 7)) - 1]} ${month.month.slice(0, 4)} (${span.label}, effort spread evenly over its months): ${fmt(month.load)} of ${fmt(month.capacity)} ${unitLabel(ctx.unit)} planned`,
        );
    }
    for (const depId of item.dependsOn) {
      const dep = ctx.item(depId);
      if (!dep || dep.status === "dropped") {
        reasons.push(
          `Depends on ${dep ? `"${dep.title}", which is dropped` : "an item that no longer exists"}`,
        );
        continue;
      }
      const depSpan = dep.period ? ctx.spanOf(dep) : null;
      if (!depSpan) reasons.push(`Depends on "${dep.title}", which is not planned`);
      else if (depSpan.end > span.end)
        reasons.push(`Depends on "${dep.title}", which lands later (${depSpan.label}, after ${span.label})`);
    }
    if (reasons.length) achievable = fail(reasons.join("; "));
  }

  const relevant = item.objectiveIds.length > 0 ? pass : fail("Not linked to any objective");

  let timeBound: Smart["timeBound"] = pass;
  if (!item.period && !item.targetDate) timeBound = fail("No period and no target date");
  else if (span && item.targetDate && item.targetDate < span.start)
    timeBound = fail(`The target date ${item.targetDate} falls before its period (${span.label}) starts`);

  return { specific, measurable, achievable, relevant, timeBound };
}

export function unitLabel(unit: CapacityUnit): string {
  return unit === "points" ? "points" : "person-days";
}

export function smartPasses(s: Smart): boolean {
  return SMART_KEYS.every((k) => s[k].ok);
}

export function smartFailures(s: Smart): SmartKey[] {
  return SMART_KEYS.filter((k) => !s[k].ok);
}

// ---------------------------------------------------------------- version diffs

const DIFF_FIELDS = [
  "title",
  "problem",
  "outcome",
  "description",
  "theme",
  "status",
  "targetDate",
  "pinned",
  "successMetric",
  "successTarget",
  "efforts",
  "objectiveIds",
  "keyResultIds",
  "ideaIds",
  "dependsOn",
] as const satisfies readonly (keyof SnapshotItem)[];

const canon = (v: unknown): string => {
  if (Array.isArray(v)) {
    const parts = v.map((x) =>
      typeof x === "object" ? JSON.stringify(x, Object.keys(x as object).sort()) : String(x),
    );
    return JSON.stringify(parts.sort());
  }
  return JSON.stringify(v ?? null);
};

/**
 * What changed between two snapshots' items: added, removed, moved (another period) and changed fields.
 * `reasonsFor(id)` supplies the reasons recorded for an item's changes between the two versions.
 */
export function diffSnapshots(
  from: SnapshotItem[],
  to: SnapshotItem[],
  reasonsFor: (id: string) => string[],
): Omit<VersionDiff, "from" | "to"> {
  const before = new Map(from.map((i) => [i.id, i]));
  const after = new Map(to.map((i) => [i.id, i]));
  const out: Omit<VersionDiff, "from" | "to"> = {
    added: [],
    removed: [],
    moved: [],
    changed: [],
    unchanged: 0,
  };
  for (const i of to) {
    const b = before.get(i.id);
    if (!b) {
      out.added.push({ id: i.id, title: i.title, period: i.period, reasons: reasonsFor(i.id) });
      continue;
    }
    const fields = DIFF_FIELDS.filter((f) => canon(b[f]) !== canon(i[f])).map((f) => ({
      field: f,
      before: b[f],
      after: i[f],
    }));
    const moved = b.period !== i.period;
    if (moved)
      out.moved.push({ id: i.id, title: i.title, from: b.period, to: i.period, reasons: reasonsFor(i.id) });
    if (fields.length) out.changed.push({ id: i.id, title: i.title, fields, reasons: reasonsFor(i.id) });
    if (!moved && !fields.length) out.unchanged++;
  }
  for (const b of from)
    if (!after.has(b.id))
      out.removed.push({ id: b.id, title: b.title, period: b.period, reasons: reasonsFor(b.id) });
  return out;
}

// ---------------------------------------------------------------- idea status from the roadmap

/** Idea statuses in the order the roadmap moves them forward (docs/ROADMAP.md, "Ideas follow the roadmap"). */
const IDEA_PROGRESS = ["new", "under_review", "planned", "in_progress", "shipped"] as const;
export type RoadmapIdeaStatus = "planned" | "in_progress" | "shipped";

/**
 * The status the roadmap gives an idea, from every item that plans it: shipped when one is done, in progress
 * when one is, planned when one is planned or placed in a period; null when no live item plans it (none, or
 * only dropped items and unplaced candidates): the roadmap then hands the idea back.
 */
export function ideaStatusFromItems(
  items: { status: string; period: string | null }[],
): RoadmapIdeaStatus | null {
  if (items.some((i) => i.status === "done")) return "shipped";
  if (items.some((i) => i.status === "in_progress")) return "in_progress";
  if (items.some((i) => i.status === "planned" || (i.status === "candidate" && i.period !== null)))
    return "planned";
  return null;
}

/**
 * What the roadmap does to an idea whose status is `current`: it only moves it forward (never past a status a
 * person chose, never out of declined or merged); with no live item (`target` null) it restores `restore` — the
 * status before the roadmap first moved it — but only when the idea still has the status the roadmap set last
 * (`roadmapSet`; null when a person changed the status since). Returns the new status, or null for no change.
 */
export function followRoadmap(
  current: string,
  target: RoadmapIdeaStatus | null,
  roadmapSet: string | null,
  restore: string | null,
): string | null {
  if (target === null) {
    if (roadmapSet === null || roadmapSet !== current) return null;
    const back = restore ?? "new";
    return back === current ? null : back;
  }
  const rank = (s: string) => IDEA_PROGRESS.indexOf(s as (typeof IDEA_PROGRESS)[number]);
  if (rank(current) < 0) return null; // declined, merged
  return rank(target) > rank(current) ? target : null;
}
