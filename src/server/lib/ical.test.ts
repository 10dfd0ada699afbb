import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { milestonesIcs } from "../modules/roadmaps/roadmaps.export.ts";
import { icsCalendar } from "./ical.ts";

const parse = (text: string) => {
  const cal = new ICAL.Component(ICAL.parse(text));
  return { cal, events: cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)) };
};

/** Lines as a parser that splits on any of CR, LF, CRLF would see them. */
const looseLines = (text: string) => text.split(/\r\n|\r|\n/);

const HOSTILE = [
  "bare\rCR",
  "bare\nLF",
  "Beta\rBEGIN:VEVENT\rUID:forged@evil\rSUMMARY:Forged\rDTSTART;VALUE=DATE:20270101\rEND:VEVENT",
  "Beta\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Forged",
  "nul\u0000 bell\u0007 esc\u001b del\u007f tab\tkept",
];

describe("iCalendar", () => {
  it("keeps CR, LF and forged components inside the text: one event per milestone, whatever the title", () => {
    const text = milestonesIcs(
      { id: "r1", name: "Plan\rBEGIN:VEVENT", productName: "App; 2027, \\ really" },
      HOSTILE.map((title, k) => ({
        uid: `m${k}`,
        title,
        description: `${title}\n2nd line`,
        date: "2027-03-31",
      })),
      new Date("2027-01-02T03:04:05Z"),
    );
    // Every line ends with CRLF; no CR or LF appears anywhere else, and no other control character at all.
    expect(text.endsWith("\r\n")).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f]/);
    // A lenient parser (split on CR or LF) sees exactly as many components as a strict one.
    const lines = looseLines(text);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(HOSTILE.length);
    expect(lines.filter((l) => l.startsWith("UID:"))).toHaveLength(HOSTILE.length);

    const { cal, events } = parse(text);
    expect(events).toHaveLength(HOSTILE.length);
    expect(events.map((e) => e.uid)).toEqual(HOSTILE.map((_, k) => `m${k}@baton`));
    // Titles come back as written, CR read back as a line break, other control characters removed.
    expect(events[0].summary).toBe("bare\nCR");
    expect(events[1].summary).toBe("bare\nLF");
    expect(events[2].summary).toBe(HOSTILE[2].replaceAll("\r", "\n"));
    expect(events[3].summary).toBe(HOSTILE[3].replaceAll("\r\n", "\n"));
    expect(events[4].summary).toBe("nul bell esc del tab\tkept");
    expect(events[3].description).toBe(`${HOSTILE[3].replaceAll("\r\n", "\n")}\n2nd line`);
    // ical.js does not unescape X- properties: the name is read as written, escaped (§3.3.11).
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe(
      "App\\; 2027\\, \\\\ really — Plan\\nBEGIN:VEVENT",
    );
    for (const e of events) {
      expect(e.startDate.toString()).toBe("2027-03-31");
      expect(e.startDate.isDate).toBe(true);
      expect(e.endDate.toString()).toBe("2027-04-01");
    }
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it("writes invitations: METHOD:REQUEST, SEQUENCE, organizer and attendees with hostile names", () => {
    const text = icsCalendar({
      name: "Sessions",
      method: "REQUEST",
      stamp: new Date("2027-01-02T03:04:05Z"),
      events: [
        {
          uid: "session-1@baton",
          sequence: 3,
          summary: "Scoring session\rATTENDEE:mailto:evil@example.test",
          start: new Date("2027-02-01T09:00:00Z"),
          end: new Date("2027-02-01T10:00:00Z"),
          status: "confirmed",
          organizer: { name: 'Olivia "O" Owner\r\nX', email: "olivia@example.test" },
          attendees: [{ name: "Sam\rStakeholder", email: "sam@example.test", rsvp: true }],
        },
      ],
    });
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
    const { cal, events } = parse(text);
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e.sequence).toBe(3);
    expect(e.summary).toBe("Scoring session\nATTENDEE:mailto:evil@example.test");
    expect(e.startDate.toJSDate().toISOString()).toBe("2027-02-01T09:00:00.000Z");
    expect(e.attendees.map((a) => a.getFirstValue())).toEqual(["MAILTO:sam@example.test"]);
    expect(e.attendees[0].getParameter("cn")).toBe("Sam Stakeholder");
    expect(e.attendees[0].getParameter("rsvp")).toBe("TRUE");
    expect(e.organizer).toBe("mailto:olivia@example.test");
  });
});
