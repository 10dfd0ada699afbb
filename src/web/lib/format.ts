/**
 * Every date and time the web app shows goes through here: one style ("Mar 31, 2027", "Mar 31, 2027, 5:00 PM"),
 * the browser's locale, and the account's time zone (Profile → time zone; set from the session by
 * `setUserTimeZone`, called by App.tsx's RequireSession), falling back to the browser's. A calendar date without a time ('2027-03-31': deadlines,
 * periods, target dates) is the same day everywhere and is never shifted by a time zone.
 * Each function takes `{ locale, timeZone }` to override both (tests pin them).
 */
import { isTimeZone } from "../../shared/schemas.ts";

export { isTimeZone };

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

let userZone: string | undefined;

/** The signed-in account's time zone (null: the browser's). An unknown name is ignored. */
export function setUserTimeZone(tz: string | null | undefined): void {
  if (tz === userZone) return;
  userZone = isTimeZone(tz) ? tz : undefined;
}

/** The time zone dates are shown in: the account's, else the browser's. */
export function displayTimeZone(): string {
  return userZone ?? browserTimeZone();
}

/** The browser's time zone (what a datetime-local input means). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(style: keyof typeof STYLES, o: FormatOptions | undefined, utc = false): Intl.DateTimeFormat {
  const timeZone = utc ? "UTC" : (o?.timeZone ?? displayTimeZone());
  const key = `${style}|${o?.locale ?? ""}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(o?.locale, { ...STYLES[style], timeZone });
    cache.set(key, f);
  }
  return f;
}

const STYLES = {
  date: { year: "numeric", month: "short", day: "numeric" },
  day: { month: "short", day: "numeric" },
  month: { year: "numeric", month: "short" },
  monthLong: { year: "numeric", month: "long" },
  monthOnly: { month: "short" },
  dateTime: { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" },
  dateTimeZone: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_ONLY = /^\d{4}-\d{2}$/;
/** A Date for an ISO value; a calendar date ('2027-03-31') or month ('2027-03') is midnight UTC (utc: true). */
function parse(iso: string): { d: Date; utc: boolean } | null {
  const utc = DAY_ONLY.test(iso) || MONTH_ONLY.test(iso);
  const d = new Date(MONTH_ONLY.test(iso) ? `${iso}-01T00:00:00Z` : utc ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? null : { d, utc };
}

/** "Mar 31, 2027": a timestamp's day in the user's time zone, or a calendar date as is; "—" when missing. */
export function formatDate(iso: string | null | undefined, o?: FormatOptions): string {
  const p = iso ? parse(iso) : null;
  return p ? fmt("date", o, p.utc).format(p.d) : "—";
}

/** "Mar 31, 2027, 5:00 PM" in the user's time zone. */
export function formatDateTime(iso: string | null | undefined, o?: FormatOptions): string {
  const p = iso ? parse(iso) : null;
  return p ? fmt("dateTime", o, p.utc).format(p.d) : "—";
}

/** "Mar 31, 2027, 5:00 PM CEST": with the zone's name, where it matters whose clock (deadlines). */
export function formatDateTimeZone(iso: string | null | undefined, o?: FormatOptions): string {
  const p = iso ? parse(iso) : null;
  if (!p) return "—";
  return fmt("dateTimeZone", { ...o, timeZone: isTimeZone(o?.timeZone) ? o?.timeZone : undefined }).format(
    p.d,
  );
}

/** "Mar 31" (no year: inside a range or a chart's axis). */
export function formatDay(iso: string | null | undefined, o?: FormatOptions): string {
  const p = iso ? parse(iso) : null;
  return p ? fmt("day", o, p.utc).format(p.d) : "—";
}

/** "Mar 2027" ("March 2027" when long); a calendar month '2027-03' or '2027-03-01' is never shifted. */
export function formatMonth(iso: string | null | undefined, o?: FormatOptions & { long?: boolean }): string {
  const p = iso ? parse(iso) : null;
  return p ? fmt(o?.long ? "monthLong" : "month", o, p.utc).format(p.d) : "—";
}

/** "Mar" (a month's short name, for axes). */
export function formatMonthName(iso: string, o?: FormatOptions): string {
  const p = parse(iso);
  return p ? fmt("monthOnly", o, p.utc).format(p.d) : "—";
}

/** "Jan 1 – Mar 31, 2027" (the first year too when the range crosses years). */
export function formatDateRange(start: string, end: string, o?: FormatOptions): string {
  if (start === end) return formatDate(start, o);
  const sameYear = start.slice(0, 4) === end.slice(0, 4);
  return `${sameYear ? formatDay(start, o) : formatDate(start, o)} – ${formatDate(end, o)}`;
}

/** Today, 'YYYY-MM-DD', in the user's time zone. */
export function todayIso(o?: FormatOptions & { now?: number }): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone: o?.timeZone ?? displayTimeZone(),
  }).formatToParts(new Date(o?.now ?? Date.now()));
  const get = (t: string) => parts.find((x) => x.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 hours ago", "in 2 days", "just now". */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "—";
  const diff = (t - now) / 1000;
  for (const [unit, secs] of STEPS) {
    if (Math.abs(diff) >= secs) return rtf.format(Math.round(diff / secs), unit);
  }
  return "just now";
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const first = parts[0]![0] ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]![0] ?? "") : "";
  return (first + last).toUpperCase();
}

/** A stable colour for a name, for avatars. */
const AVATAR_COLORS = ["baton", "grape", "teal", "orange", "cyan", "pink", "lime", "indigo", "red", "blue"];
export function colorFor(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length]!;
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A revenue figure, compact and in its currency when it has one ("€1.2M"); "—" without a figure. */
export function formatMoney(n: number | null | undefined, currency: string | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return new Intl.NumberFormat(undefined, {
    style: currency ? "currency" : "decimal",
    currency: currency ?? undefined,
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(n);
}
