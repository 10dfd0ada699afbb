import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { holidayFactor, holidayNote, holidayWeekdays } from "./holidays.ts";
import { IcsError, parseIcs } from "./ics.ts";
import { derivedCapacity, round2, workingDays } from "./roadmap.ts";

/**
 * The iCalendar reader against files shaped like the ones people export (written here from RFC 5545 and the
 * shape of Google Calendar's, Outlook's and Apple's holiday exports), checked against ical.js where both read
 * the same thing.
 */

const W = { from: "2026-01-01", to: "2031-01-01" };
const crlf = (lines: string[]) => `${lines.join("\r\n")}\r\n`;

// Google Calendar's public holiday export: X- headers, CLASS/TRANSP, DTSTAMP, a description.
const GOOGLE = crlf([
  "BEGIN:VCALENDAR",
  "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
  "VERSION:2.0",
  "CALSCALE:GREGORIAN",
  "METHOD:PUBLISH",
  "X-WR-CALNAME:Holidays in Germany",
  "X-WR-TIMEZONE:UTC",
  "BEGIN:VEVENT",
  "DTSTART;VALUE=DATE:20271003",
  "DTEND;VALUE=DATE:20271004",
  "DTSTAMP:20261201T000000Z",
  "UID:20271003_ovsgk4b1d5n0oboh3s@google.com",
  "CLASS:PUBLIC",
  "DESCRIPTION:Public holiday",
  "SEQUENCE:0",
  "STATUS:CONFIRMED",
  "SUMMARY:Day of German Unity",
  "TRANSP:TRANSPARENT",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART;VALUE=DATE:20271225",
  "DTEND;VALUE=DATE:20271227",
  "DTSTAMP:20261201T000000Z",
  "UID:20271225_christmas@google.com",
  "SUMMARY:Christmas Day and Boxing Day",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART;VALUE=DATE:20271224",
  "DTEND;VALUE=DATE:20271225",
  "UID:20271224_eve@google.com",
  "STATUS:CANCELLED",
  "SUMMARY:Christmas Eve (observance)",
  "END:VEVENT",
  "END:VCALENDAR",
]);

// Outlook / Apple: a time zone block, a timed event with TZID, an alarm inside an event, folded and escaped text.
const OUTLOOK = crlf([
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
  "BEGIN:VTIMEZONE",
  "TZID:W. Europe Standard Time",
  "BEGIN:STANDARD",
  "DTSTART:16011028T030000",
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "END:STANDARD",
  "END:VTIMEZONE",
  "BEGIN:VEVENT",
  "UID:040000008200E00074C5B7101A82E008",
  'DTSTART;TZID="W. Europe Standard Time":20270714T090000',
  'DTEND;TZID="W. Europe Standard Time":20270714T100000',
  "SUMMARY:Stand-up",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:fete-nationale-2027",
  "DTSTART;VALUE=DATE:20270714",
  "DURATION:P1D",
  "SUMMARY;LANGUAGE=fr:F\u00eate nationale\\, d\u00e9fil\u00e9\\; feux d'artifice \\\\ bal des pompiers sur la pla",
  " ce de la R\u00e9publique",
  "BEGIN:VALARM",
  "TRIGGER:-PT15M",
  "ACTION:DISPLAY",
  "DESCRIPTION:Reminder",
  "END:VALARM",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:summer-shutdown",
  "DTSTART;VALUE=DATE:20270802",
  "DURATION:P2W",
  "SUMMARY:Summer shutdown",
  "END:VEVENT",
  "END:VCALENDAR",
]);

// Yearly repeats: fixed dates, nth weekday of a month, the last Monday, COUNT, UNTIL, EXDATE, a moved instance.
const US = crlf([
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Example Corp//US holidays//EN",
  "BEGIN:VEVENT",
  "UID:independence@example.test",
  "DTSTART;VALUE=DATE:20260704",
  "DTEND;VALUE=DATE:20260705",
  "RRULE:FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4",
  "EXDATE;VALUE=DATE:20280704",
  "SUMMARY:Independence Day",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:thanksgiving@example.test",
  "DTSTART;VALUE=DATE:20261126",
  "DTEND;VALUE=DATE:20261127",
  "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
  "SUMMARY:Thanksgiving",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:memorial@example.test",
  "DTSTART;VALUE=DATE:20260525",
  "DTEND;VALUE=DATE:20260526",
  "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;COUNT=3",
  "SUMMARY:Memorial Day",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:leap@example.test",
  "DTSTART;VALUE=DATE:20280229",
  "RRULE:FREQ=YEARLY;UNTIL=20330101",
  "SUMMARY:Leap day",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:independence@example.test",
  "RECURRENCE-ID;VALUE=DATE:20270704",
  "DTSTART;VALUE=DATE:20270705",
  "SUMMARY:Independence Day (observed)",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:standup@example.test",
  "DTSTART;VALUE=DATE:20270104",
  "RRULE:FREQ=WEEKLY;BYDAY=MO",
  "SUMMARY:Weekly",
  "END:VEVENT",
  "END:VCALENDAR",
]);

/** ical.js's reading of a file: each event's summary and its dates in the window. */
function icalJs(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  const end = ICAL.Time.fromDateString(W.to);
  const out: string[] = [];
  for (const v of comp.getAllSubcomponents("vevent")) {
    const ev = new ICAL.Event(v);
    if (ev.isRecurrenceException() || !ev.startDate.isDate) continue;
    if (v.getFirstPropertyValue("status") === "CANCELLED") continue;
    const it = ev.iterator();
    for (let next = it.next(); next && next.compare(end) < 0; next = it.next()) {
      const day = next.toString();
      if (day >= W.from) out.push(`${day} ${ev.summary}`);
    }
  }
  return out.sort();
}

describe("parseIcs", () => {
  it("reads a Google Calendar export: whole days, two-day holidays, cancelled events skipped", () => {
    const r = parseIcs(GOOGLE, W);
    expect(r.holidays.map(({ line, ...h }) => h)).toEqual([
      {
        uid: "20271003_ovsgk4b1d5n0oboh3s@google.com",
        name: "Day of German Unity",
        date: "2027-10-03",
        endDate: null,
      },
      {
        uid: "20271225_christmas@google.com",
        name: "Christmas Day and Boxing Day",
        date: "2027-12-25",
        endDate: "2027-12-26",
      },
    ]);
    expect(r.skipped).toEqual([
      { line: 27, name: "Christmas Eve (observance)", reason: "cancelled (STATUS:CANCELLED)" },
    ]);
    expect(r.holidays.map((h) => `${h.date} ${h.name}`)).toEqual(icalJs(GOOGLE));
  });

  it("reads Outlook's shape: time zones and alarms ignored, timed events skipped, folding and escapes undone", () => {
    const r = parseIcs(OUTLOOK, W);
    expect(r.skipped).toEqual([{ line: 13, name: "Stand-up", reason: "a timed event, not a whole day off" }]);
    expect(r.holidays.map(({ line, uid, ...h }) => h)).toEqual([
      {
        name: "F\u00eate nationale, d\u00e9fil\u00e9; feux d'artifice \\ bal des pompiers sur la place de la R\u00e9publique",
        date: "2027-07-14",
        endDate: null,
      },
      { name: "Summer shutdown", date: "2027-08-02", endDate: "2027-08-15" },
    ]);
    // ical.js reads the same name.
    const comp = new ICAL.Component(ICAL.parse(OUTLOOK));
    const fete = comp
      .getAllSubcomponents("vevent")
      .find((v) => v.getFirstPropertyValue("uid") === "fete-nationale-2027");
    expect(fete?.getFirstPropertyValue("summary")).toBe(r.holidays[0].name);
  });

  it("expands yearly repeats into the window like ical.js: fixed dates, 4th Thursday, last Monday, COUNT, UNTIL, EXDATE, a moved instance", () => {
    const r = parseIcs(US, W);
    const ours = r.holidays.map((h) => `${h.date} ${h.name}`);
    expect(ours).toEqual([
      "2026-05-25 Memorial Day",
      "2026-07-04 Independence Day",
      "2026-11-26 Thanksgiving",
      "2027-05-31 Memorial Day",
      "2027-07-05 Independence Day (observed)",
      "2027-11-25 Thanksgiving",
      "2028-02-29 Leap day",
      "2028-05-29 Memorial Day",
      "2028-11-23 Thanksgiving",
      "2029-07-04 Independence Day",
      "2029-11-22 Thanksgiving",
      "2030-07-04 Independence Day",
      "2030-11-28 Thanksgiving",
    ]);
    // ical.js: the same dates (it lists the moved instance under the main event's iterator as the original date).
    // RFC 5545 §3.3.10: an instance on a date that does not exist (29 February in 2029) is ignored; ical.js
    // moves it to 1 March, so leap days are left out of the comparison.
    const theirs = icalJs(US).filter(
      (x) => !x.endsWith("Weekly") && !x.endsWith("Leap day") && x !== "2027-07-04 Independence Day",
    );
    expect(ours.filter((x) => !x.includes("(observed)") && !x.endsWith("Leap day"))).toEqual(theirs);
    expect(r.skipped).toEqual([
      {
        line: 38,
        name: "Weekly",
        reason: "repeats weekly (RRULE FREQ=WEEKLY): only yearly repeats are expanded",
      },
    ]);
  });

  it("takes LF line ends, a byte-order mark, and lower-case names", () => {
    const text = `\uFEFF${GOOGLE.replaceAll("\r\n", "\n").replace("SUMMARY:Day of German Unity", "summary:Unity")}`;
    expect(parseIcs(text, W).holidays[0]).toMatchObject({ name: "Unity", date: "2027-10-03" });
  });

  const problems = (text: string) => {
    try {
      parseIcs(text, W);
    } catch (e) {
      expect(e).toBeInstanceOf(IcsError);
      return (e as IcsError).fields;
    }
    throw new Error("parsed");
  };

  it("refuses malformed files with one message per line", () => {
    expect(problems("hello")).toEqual({ ics: "An iCalendar (.ics) file starts with BEGIN:VCALENDAR" });
    expect(problems(crlf(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270101"]))).toEqual({
      "ics.line.3": "the file ends inside BEGIN:VEVENT (is it cut short?)",
    });
    expect(
      problems(
        crlf([
          "BEGIN:VCALENDAR",
          "BEGIN:VEVENT",
          "SUMMARY:No start",
          "END:VEVENT",
          "BEGIN:VEVENT",
          "DTSTART;VALUE=DATE:20270101",
          "DURATION:PT4H",
          "END:VEVENT",
          "BEGIN:VEVENT",
          "DTSTART;VALUE=DATE:20270101",
          "RRULE:FREQ=YEARLY;COUNT=0",
          "END:VEVENT",
          "BEGIN:VEVENT",
          "DTSTART;VALUE=DATE:20270101",
          "EXDATE:2027",
          "END:VEVENT",
          "just text",
          "END:VTODO",
        ]),
      ),
    ).toEqual({
      "ics.line.2": 'the event "No start" has no DTSTART',
      "ics.line.7": 'DURATION "PT4H" is not a whole number of days (P1D) or weeks (P1W)',
      "ics.line.11": "RRULE COUNT 0 is not a whole number ≥ 1",
      "ics.line.15": 'EXDATE "2027" is not a date',
      "ics.line.17": '"just text" is not a content line (NAME:value)',
      "ics.line.18": "END:VTODO does not close BEGIN:VCALENDAR",
    });
  });

  it("caps how many holidays a file may give", () => {
    const ev = (i: number) => [
      "BEGIN:VEVENT",
      `UID:${i}`,
      `DTSTART;VALUE=DATE:2027${String((i % 12) + 1).padStart(2, "0")}01`,
      "RRULE:FREQ=YEARLY",
      "END:VEVENT",
    ];
    const text = crlf([
      "BEGIN:VCALENDAR",
      ...Array.from({ length: 30 }, (_, i) => ev(i)).flat(),
      "END:VCALENDAR",
    ]);
    expect(parseIcs(text, { ...W, maxHolidays: 120 }).holidays).toHaveLength(120);
    expect(() => parseIcs(text, { ...W, maxHolidays: 119 })).toThrow(/Too many holidays/);
  });
});

describe("holidays against capacity", () => {
  it("counts each weekday once, skipping weekends, across month edges", () => {
    const ranges = [
      { date: "2027-04-02", endDate: "2027-04-05", name: "Spring break" }, // Fri–Mon: 2 weekdays
      { date: "2027-04-05", endDate: null, name: "Same day twice" },
      { date: "2027-03-31", endDate: "2027-04-01", name: "Across March" }, // Wed–Thu: 1 in April
      { date: "2027-04-10", endDate: null, name: "A Saturday" },
    ];
    expect(holidayWeekdays("2027-04-01", ranges)).toEqual([
      { date: "2027-04-01", name: "Across March" },
      { date: "2027-04-02", name: "Spring break" },
      { date: "2027-04-05", name: "Spring break" },
    ]);
    expect(holidayWeekdays("2027-03-01", ranges)).toEqual([{ date: "2027-03-31", name: "Across March" }]);
  });

  it("20 points in a month of 22 working days with 2 weekday holidays → 20 × 20/22", () => {
    expect(workingDays("2027-04-01")).toBe(22);
    expect(round2(20 * holidayFactor("2027-04-01", 2))).toBe(18.18);
    const ana = [{ userId: "a", allocationPct: 100 }];
    expect(derivedCapacity("2027-04-01", ana, [], "points", 20, ["2027-04-02", "2027-04-05"])).toBe(18.18);
    expect(derivedCapacity("2027-04-01", ana, [], "person_days", 20, ["2027-04-02", "2027-04-05"])).toBe(20);
    // Half-time: half of the open days; time off on the holiday is not counted twice.
    const off = [{ userId: "a", startDate: "2027-04-05", endDate: "2027-04-09" }];
    expect(derivedCapacity("2027-04-01", ana, off, "person_days", 20, ["2027-04-02", "2027-04-05"])).toBe(16);
    expect(
      derivedCapacity("2027-04-01", [{ userId: "a", allocationPct: 50 }], [], "person_days", 20, [
        "2027-04-02",
      ]),
    ).toBe(10.5);
    expect(holidayNote("2027-04-01", 2)).toBe("2 holidays: −9 %");
    expect(holidayNote("2027-04-01", 0)).toBe("");
  });
});
