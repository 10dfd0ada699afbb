import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalEventTransparency,
  escape as icalEscape,
} from "ical-generator";

/**
 * The one place Baton writes iCalendar (RFC 5545), through ical-generator. Every text that reaches a
 * calendar passes through `icsSafe` first: control characters other than TAB, CR and LF are removed
 * (TEXT forbids them, §3.3.11), and the library escapes CR, LF, `\`, `;` and `,`. A bare CR must never
 * reach the output: a parser that splits lines on CR would read the rest of a title as new properties,
 * even a forged `BEGIN:VEVENT`. The calendar's name, which ical-generator writes verbatim, is escaped here.
 */

/** An all-day event (`date`, YYYY-MM-DD) or a timed one (`start`/`end`, written in UTC). */
export interface IcsEvent {
  /** Stable across exports, so calendar apps update an event instead of duplicating it. */
  uid: string;
  summary: string;
  description?: string;
  date?: string;
  start?: Date;
  end?: Date;
  /** Bumped on every change of an invitation (METHOD:REQUEST) the attendees already received. */
  sequence?: number;
  status?: "confirmed" | "tentative" | "cancelled";
  transparent?: boolean;
  location?: string;
  url?: string;
  organizer?: { name: string; email: string };
  attendees?: { name?: string; email: string; rsvp?: boolean }[];
}

export interface IcsCalendar {
  name: string;
  /** PRODID's product part: `-//Baton//<product>//EN`. */
  product?: string;
  /** PUBLISH for feeds and exports, REQUEST / CANCEL for invitations. */
  method?: "PUBLISH" | "REQUEST" | "CANCEL";
  /** DTSTAMP of every event: when this calendar object was created. */
  stamp: Date;
  events: IcsEvent[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
const ANY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** A text value fit for iCalendar before the library's escaping: no control characters but TAB, CR, LF. */
export const icsSafe = (s: string) => s.replace(CONTROL, "");

/** A quoted parameter value (CN="…") may hold no DQUOTE and no line break at all. */
const param = (s: string) => icsSafe(s).replace(/["\r\n]/g, " ");

/** UIDs go out unescaped: keep only characters that need none. */
const safeUid = (s: string) => s.replace(/[^A-Za-z0-9@._+-]/g, "-");

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 864e5);
const STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/** The calendar as iCalendar text with CRLF line endings, lines folded at 75 octets. */
export function icsCalendar(c: IcsCalendar): string {
  const cal = ical({
    prodId: {
      company: "Baton",
      product: icsSafe(c.product ?? "Baton").replace(/\/|\r|\n/g, " "),
      language: "EN",
    },
    method: ICalCalendarMethod[c.method ?? "PUBLISH"],
    scale: "GREGORIAN",
    name: icalEscape(icsSafe(c.name), false),
  });
  for (const e of c.events) {
    const allDay = e.date !== undefined;
    if (!allDay && !e.start) throw new Error(`Event ${e.uid} has neither a date nor a start`);
    cal.createEvent({
      id: safeUid(e.uid),
      sequence: e.sequence ?? 0,
      stamp: c.stamp,
      allDay,
      start: allDay ? new Date(`${e.date}T00:00:00Z`) : (e.start as Date),
      end: allDay ? nextDay(e.date as string) : (e.end ?? null),
      summary: icsSafe(e.summary),
      description: e.description ? icsSafe(e.description) : null,
      location: e.location ? icsSafe(e.location) : null,
      url: e.url ? icsSafe(e.url).replace(/[\r\n]/g, "") : null,
      status: e.status ? STATUS[e.status] : null,
      transparency: e.transparent ? ICalEventTransparency.TRANSPARENT : null,
      organizer: e.organizer ? { name: param(e.organizer.name), email: param(e.organizer.email) } : null,
      attendees: (e.attendees ?? []).map((a) => ({
        name: a.name ? param(a.name) : undefined,
        email: param(a.email),
        rsvp: a.rsvp ?? false,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
      })),
    });
  }
  const text = `${cal.toString()}\r\n`;
  // Defence in depth: only CRLF may end a line, and no control character may survive.
  if (/[\r\n]/.test(text.replaceAll("\r\n", "")) || ANY_CONTROL.test(text)) {
    throw new Error("iCalendar output contains a bare CR/LF or a control character");
  }
  return text;
}
