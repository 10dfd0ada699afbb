/**
 * A small iCalendar (RFC 5545) reader for holiday calendars: whole-day VEVENTs become dated holidays.
 *
 * Read: folded lines (§3.1), parameters with quoted values, escaped text (§3.3.11), DTSTART;VALUE=DATE with an
 * exclusive DTEND or a DURATION in days or weeks (multi-day holidays), STATUS:CANCELLED, EXDATE, RECURRENCE-ID
 * (an instance moved), and RRULE FREQ=YEARLY (fixed dates, BYMONTH + BYMONTHDAY, or BYMONTH + BYDAY such as
 * 4TH or -1MO; INTERVAL, COUNT, UNTIL), expanded into [from, to). Timed events and other repeats are skipped
 * with a reason, never guessed. Malformed input throws IcsError with one message per line, so an import is
 * all or nothing. Pure: no node:*, no DOM.
 */

export interface IcsHoliday {
  /** The event's UID (a stable stand-in built from its name when the file has none). */
  uid: string;
  name: string;
  date: string;
  /** The last day (inclusive) of a multi-day holiday, else null. */
  endDate: string | null;
  /** The line of the event's BEGIN:VEVENT. */
  line: number;
}
export interface IcsSkipped {
  line: number;
  name: string;
  reason: string;
}
export interface IcsResult {
  holidays: IcsHoliday[];
  skipped: IcsSkipped[];
}
export interface IcsOptions {
  /** First day of the window repeats are expanded into (inclusive). */
  from: string;
  /** End of that window (exclusive). */
  to: string;
  /** Most holidays one file may give (after expansion). */
  maxHolidays?: number;
}

export class IcsError extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
  line: number;
}

/** Unfolds and splits content lines; each keeps the number of its first physical line. */
export function contentLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const physical = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  physical.forEach((raw, i) => {
    if ((raw.startsWith(" ") || raw.startsWith("\t")) && out.length) out[out.length - 1].text += raw.slice(1);
    else if (raw.length) out.push({ text: raw, line: i + 1 });
  });
  return out;
}

/** `NAME;P=V;Q="a:b":value` → its parts (parameter values may be quoted; names are case-insensitive). */
export function parseProp(text: string, line: number): Prop | null {
  let i = 0;
  let quoted = false;
  const cuts: number[] = [];
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ";") cuts.push(i);
    else if (!quoted && c === ":") break;
  }
  if (i >= text.length) return null;
  const head = text.slice(0, i);
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(head.slice(start, cut));
    start = cut + 1;
  }
  parts.push(head.slice(start));
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const eq = p.indexOf("=");
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
  }
  return { name: parts[0].toUpperCase(), params, value: text.slice(i + 1), line };
}

/** TEXT values (§3.3.11): \\ \; \, \n and \N; line breaks read as spaces in a holiday's name. */
export function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

const DAY_MS = 864e5;
const toNum = (d: string) =>
  Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromNum = (n: number) => new Date(n).toISOString().slice(0, 10);
/** `day` shifted by n days. */
export const addDays = (day: string, n: number) => fromNum(toNum(day) + n * DAY_MS);

/** YYYYMMDD → YYYY-MM-DD when it is a real date, else null. */
function dateOf(v: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return fromNum(toNum(d)) === d && m[1] !== "0000" ? d : null;
}

/** A DTSTART/DTEND/EXDATE/RECURRENCE-ID value: a date, a date-time (timed), or invalid. */
function when(p: Prop): { day: string; timed: boolean } | null {
  const v = p.value.trim();
  const date = dateOf(v);
  if (date && p.params.VALUE !== "DATE-TIME") return { day: date, timed: false };
  const m = /^(\d{8})T(\d{2})(\d{2})(\d{2})Z?$/.exec(v);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 60) return null;
  const day = dateOf(m[1]);
  return day ? { day, timed: true } : null;
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/** The day of `year`-`month` given by BYDAY like 4TH or -1MO (or null when it does not exist). */
function nthWeekday(year: number, month: number, ord: number, dow: number): string | null {
  if (ord > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((dow - first + 7) % 7) + (ord - 1) * 7;
    const d = new Date(Date.UTC(year, month - 1, day));
    return d.getUTCMonth() === month - 1 ? d.toISOString().slice(0, 10) : null;
  }
  const lastDay = new Date(Date.UTC(year, month, 0));
  const day = lastDay.getUTCDate() - ((lastDay.getUTCDay() - dow + 7) % 7) + (ord + 1) * 7;
  return day >= 1 ? new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10) : null;
}

/** A yearly rule's dates (its first occurrence is `start`), or a reason it cannot be expanded. */
function expandYearly(
  rule: string,
  start: string,
  opts: IcsOptions,
  exdates: Set<string>,
): { dates: string[] } | { reason: string } | { error: string } {
  const parts: Record<string, string> = {};
  for (const kv of rule.split(";")) {
    const eq = kv.indexOf("=");
    if (eq > 0) parts[kv.slice(0, eq).toUpperCase()] = kv.slice(eq + 1).toUpperCase();
  }
  if (!parts.FREQ) return { error: "RRULE has no FREQ" };
  if (parts.FREQ !== "YEARLY")
    return {
      reason: `repeats ${parts.FREQ.toLowerCase()} (RRULE FREQ=${parts.FREQ}): only yearly repeats are expanded`,
    };
  const known = new Set(["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "WKST"]);
  const other = Object.keys(parts).filter((k) => !known.has(k));
  if (other.length) return { reason: `repeats by ${other.join(", ")}: not expanded (add its dates by hand)` };
  const interval = parts.INTERVAL ? Number(parts.INTERVAL) : 1;
  if (!Number.isInteger(interval) || interval < 1)
    return { error: `RRULE INTERVAL ${parts.INTERVAL} is not a whole number ≥ 1` };
  const count = parts.COUNT ? Number(parts.COUNT) : null;
  if (count !== null && (!Number.isInteger(count) || count < 1))
    return { error: `RRULE COUNT ${parts.COUNT} is not a whole number ≥ 1` };
  let until: string | null = null;
  if (parts.UNTIL) {
    until = dateOf(parts.UNTIL.slice(0, 8));
    if (!until) return { error: `RRULE UNTIL ${parts.UNTIL} is not a date` };
  }
  const month = parts.BYMONTH ? Number(parts.BYMONTH) : Number(start.slice(5, 7));
  if (!Number.isInteger(month) || month < 1 || month > 12)
    return { reason: `repeats in months ${parts.BYMONTH}: only one month is expanded` };
  let pick: (year: number) => string | null;
  if (parts.BYDAY) {
    const m = /^([+-]?[1-5])(SU|MO|TU|WE|TH|FR|SA)$/.exec(parts.BYDAY);
    if (!m || parts.BYMONTHDAY)
      return { reason: `repeats by BYDAY=${parts.BYDAY}: not expanded (add its dates by hand)` };
    const ord = Number(m[1]);
    const dow = WEEKDAYS.indexOf(m[2]);
    pick = (y) => nthWeekday(y, month, ord, dow);
  } else {
    const dom = parts.BYMONTHDAY ? Number(parts.BYMONTHDAY) : Number(start.slice(8, 10));
    if (!Number.isInteger(dom) || dom < 1 || dom > 31)
      return { reason: `repeats on day ${parts.BYMONTHDAY}: not expanded (add its dates by hand)` };
    pick = (y) => {
      const d = `${String(y).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(dom).padStart(2, "0")}`;
      return fromNum(toNum(d)) === d ? d : null; // 29 February exists in leap years only
    };
  }
  const dates: string[] = [];
  let n = 0;
  const first = Number(start.slice(0, 4));
  const last = Number(opts.to.slice(0, 4));
  for (let y = first; y <= last; y += interval) {
    const d = pick(y);
    if (!d || d < start) continue;
    if (until && d > until) break;
    n++;
    if (count !== null && n > count) break;
    if (d >= opts.from && d < opts.to && !exdates.has(d)) dates.push(d);
  }
  return { dates };
}

interface RawEvent {
  line: number;
  props: Prop[];
}

/** The holidays of an iCalendar text (see the file comment); throws IcsError on malformed input. */
export function parseIcs(text: string, opts: IcsOptions): IcsResult {
  const max = opts.maxHolidays ?? 5000;
  const lines = contentLines(text);
  const errors: Record<string, string> = {};
  const err = (line: number, message: string) => {
    const key = `ics.line.${line}`;
    if (!errors[key]) errors[key] = message;
  };
  if (!lines.length || lines[0].text.toUpperCase() !== "BEGIN:VCALENDAR")
    throw new IcsError("This is not an iCalendar file; nothing was imported", {
      ics: "An iCalendar (.ics) file starts with BEGIN:VCALENDAR",
    });
  const events: RawEvent[] = [];
  const stack: string[] = [];
  let current: RawEvent | null = null;
  for (const l of lines) {
    const p = parseProp(l.text, l.line);
    if (!p) {
      err(l.line, `"${l.text.slice(0, 40)}" is not a content line (NAME:value)`);
      continue;
    }
    if (p.name === "BEGIN") {
      const what = p.value.trim().toUpperCase();
      stack.push(what);
      if (what === "VEVENT" && stack.length === 2 && stack[0] === "VCALENDAR")
        current = { line: l.line, props: [] };
    } else if (p.name === "END") {
      const what = p.value.trim().toUpperCase();
      if (stack[stack.length - 1] !== what) {
        err(
          l.line,
          `END:${what} does not close ${stack.length ? `BEGIN:${stack[stack.length - 1]}` : "anything"}`,
        );
        break;
      }
      stack.pop();
      if (what === "VEVENT" && current && stack.length === 1) {
        events.push(current);
        current = null;
      }
    } else if (current && stack.length === 2) current.props.push(p);
  }
  if (stack.length && !Object.keys(errors).length)
    err(
      lines[lines.length - 1].line,
      `the file ends inside BEGIN:${stack[stack.length - 1]} (is it cut short?)`,
    );

  const holidays: IcsHoliday[] = [];
  const skipped: IcsSkipped[] = [];
  const moved = new Map<string, Set<string>>(); // uid → dates of instances a RECURRENCE-ID event replaces
  const parsed: {
    ev: RawEvent;
    uid: string;
    name: string;
    start: string;
    days: number;
    rrule: Prop | null;
    exdates: Set<string>;
    recurrenceOf: string | null;
  }[] = [];
  for (const ev of events) {
    const one = (name: string) => ev.props.find((p) => p.name === name) ?? null;
    const name =
      unescapeText(one("SUMMARY")?.value ?? "")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 200) || "Holiday";
    const status = one("STATUS")?.value.trim().toUpperCase();
    const ds = one("DTSTART");
    if (!ds) {
      err(ev.line, `the event "${name}" has no DTSTART`);
      continue;
    }
    const start = when(ds);
    if (!start) {
      err(ds.line, `DTSTART "${ds.value}" is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)`);
      continue;
    }
    if (status === "CANCELLED") {
      skipped.push({ line: ev.line, name, reason: "cancelled (STATUS:CANCELLED)" });
      continue;
    }
    if (start.timed) {
      skipped.push({ line: ev.line, name, reason: "a timed event, not a whole day off" });
      continue;
    }
    let days = 1;
    const de = one("DTEND");
    const du = one("DURATION");
    if (de) {
      const end = when(de);
      if (!end) {
        err(de.line, `DTEND "${de.value}" is not a date (YYYYMMDD)`);
        continue;
      }
      days = Math.round((toNum(end.day) - toNum(start.day)) / DAY_MS);
      if (days < 1) {
        err(
          de.line,
          `DTEND ${de.value} is not after DTSTART ${ds.value} (DTEND is the day after the last day off)`,
        );
        continue;
      }
    } else if (du) {
      const m = /^P(?:(\d+)W|(\d+)D)$/.exec(du.value.trim());
      if (!m) {
        err(du.line, `DURATION "${du.value}" is not a whole number of days (P1D) or weeks (P1W)`);
        continue;
      }
      days = m[1] ? Number(m[1]) * 7 : Number(m[2]);
      if (days < 1) {
        err(du.line, `DURATION "${du.value}" must be at least one day`);
        continue;
      }
    }
    if (days > 366) {
      err(ev.line, `the event "${name}" lasts ${days} days; a holiday lasts at most a year`);
      continue;
    }
    const uid = unescapeText(one("UID")?.value.trim() ?? "").slice(0, 500) || `no-uid:${name}`;
    const exdates = new Set<string>();
    let bad = false;
    for (const p of ev.props.filter((x) => x.name === "EXDATE"))
      for (const v of p.value.split(",")) {
        const w = when({ ...p, value: v });
        if (!w) {
          err(p.line, `EXDATE "${v}" is not a date`);
          bad = true;
        } else exdates.add(w.day);
      }
    const rid = one("RECURRENCE-ID");
    let recurrenceOf: string | null = null;
    if (rid) {
      const w = when(rid);
      if (!w) {
        err(rid.line, `RECURRENCE-ID "${rid.value}" is not a date`);
        bad = true;
      } else {
        recurrenceOf = w.day;
        const set = moved.get(uid) ?? new Set<string>();
        set.add(w.day);
        moved.set(uid, set);
      }
    }
    if (bad) continue;
    parsed.push({ ev, uid, name, start: start.day, days, rrule: one("RRULE"), exdates, recurrenceOf });
  }
  for (const p of parsed) {
    let dates = [p.start];
    if (p.rrule && !p.recurrenceOf) {
      const r = expandYearly(p.rrule.value.trim(), p.start, opts, p.exdates);
      if ("error" in r) {
        err(p.rrule.line, r.error);
        continue;
      }
      if ("reason" in r) {
        skipped.push({ line: p.ev.line, name: p.name, reason: r.reason });
        continue;
      }
      dates = r.dates.filter((d) => !moved.get(p.uid)?.has(d));
    } else if (p.exdates.has(p.start)) dates = [];
    for (const d of dates)
      holidays.push({
        uid: p.uid,
        name: p.name,
        date: d,
        endDate: p.days > 1 ? addDays(d, p.days - 1) : null,
        line: p.ev.line,
      });
  }
  if (Object.keys(errors).length)
    throw new IcsError(
      `The iCalendar file has ${Object.keys(errors).length} problem${Object.keys(errors).length === 1 ? "" : "s"}; nothing was imported`,
      errors,
    );
  if (holidays.length > max)
    throw new IcsError("Too many holidays; nothing was imported", {
      ics: `The file gives ${holidays.length} holidays (repeats expanded); at most ${max} are imported at once`,
    });
  // The same UID and date twice (an instance listed twice): the later wins.
  const byKey = new Map<string, IcsHoliday>();
  for (const h of holidays) byKey.set(`${h.uid}|${h.date}`, h);
  return {
    holidays: [...byKey.values()].sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid)),
    skipped,
  };
}
