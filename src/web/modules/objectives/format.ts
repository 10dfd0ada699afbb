/** Labels, colours and number/date formatting of objectives and capacity. */
import type { ObjectiveStatus } from "../../../shared/enums.ts";
import { addMonths } from "../../../shared/roadmap.ts";
import { formatDate, formatDateRange, formatMonth, todayIso } from "../../lib/format.ts";

export { objectivePaths } from "./paths.ts";

export const OBJECTIVE_STATUS_LABELS: Record<ObjectiveStatus, string> = {
  active: "Active",
  achieved: "Achieved",
  missed: "Missed",
  dropped: "Dropped",
};
export const OBJECTIVE_STATUS_COLORS: Record<ObjectiveStatus, string> = {
  active: "baton",
  achieved: "teal",
  missed: "red",
  dropped: "gray",
};
export const IMPORTANCE_LABELS: Record<number, string> = {
  1: "Low",
  2: "Moderate",
  3: "Important",
  4: "High",
  5: "Critical",
};

const numberFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const compactFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 1234.5 → "1,234.5"; null → "—". */
export function num(n: number | null | undefined, compact = false): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return (compact ? compactFmt : numberFmt).format(n);
}

const PREFIX_UNITS = new Set(["$", "€", "£", "¥", "₹", "CHF"]);
/** A value with its unit: "40%", "$1,200", "1,200 users". */
export function withUnit(n: number | null | undefined, unit: string): string {
  if (n === null || n === undefined) return "—";
  const u = unit.trim();
  if (!u) return num(n);
  if (PREFIX_UNITS.has(u)) return `${u}${num(n)}`;
  if (u === "%" || u === "pp" || u === "x" || u === "×") return `${num(n)}${u === "pp" ? " pp" : u}`;
  return `${num(n)} ${u}`;
}

/** 0.423 → "42%". */
export function pct(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  return `${Math.round(p * 100)}%`;
}

/** '2027-01-01' → "Jan 2027" (lib/format.ts). */
export function monthLabel(month: string): string {
  return formatMonth(month.slice(0, 7));
}

const asDate = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`);
/** '2027-03-31' → "Mar 31, 2027". */
export function dayLabel(day: string): string {
  return formatDate(day.slice(0, 10));
}
/** "Jan 1 – Mar 31, 2027" (the first year too when the range crosses years). */
export function rangeLabel(start: string, end: string): string {
  return formatDateRange(start.slice(0, 10), end.slice(0, 10));
}

const pad = (n: number) => String(n).padStart(2, "0");
/** Today in the user's time zone, 'YYYY-MM-DD'. */
export function today(): string {
  return todayIso();
}
/** The first day of this month, 'YYYY-MM-01'. */
export function thisMonth(): string {
  return `${today().slice(0, 7)}-01`;
}
/** The last day of the month containing `day`. */
export function lastDayOf(month: string): string {
  const next = asDate(addMonths(`${month.slice(0, 7)}-01`, 1));
  return new Date(next.getTime() - 864e5).toISOString().slice(0, 10);
}
/** The current calendar quarter: [first day, last day]. */
export function currentQuarter(): [string, string] {
  const t = today();
  const q = Math.floor((Number(t.slice(5, 7)) - 1) / 3);
  const start = `${t.slice(0, 4)}-${pad(q * 3 + 1)}-01`;
  return [start, lastDayOf(addMonths(start, 2))];
}

/** How far through [start, end] today is, 0..1. */
export function elapsed(start: string, end: string, now = today()): number {
  const a = asDate(start).getTime();
  const b = asDate(end).getTime() + 864e5;
  const t = asDate(now).getTime();
  if (b <= a) return 1;
  return Math.min(1, Math.max(0, (t - a) / (b - a)));
}

/** Empty input → null; otherwise the number, or NaN when it is not one. */
export function parseAmount(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return v;
  const s = v.trim().replace(/,/g, "");
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** "Jan 2027 and Jun 2027" style window label: first and last month of `n` months from `from`. */
export function addMonthsLabel(from: string, n: number): string {
  const last = addMonths(from, Math.max(0, n - 1));
  return n <= 1 ? monthLabel(from) : `${monthLabel(from)} and ${monthLabel(last)}`;
}
