import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../lib/clock.ts";
import { addUser, type Client, errorOf, type TestApp } from "../../test/app.ts";
import { planningWorkspace } from "../../test/planning.ts";

/**
 * Holiday calendars against capacity (docs/ROADMAP.md, "Public holidays"), on the tiny planning workspace:
 * Platform with Ana at 100%. April 2027 has 22 working days; the "Spring break" holiday runs Friday 2 April to
 * Monday 5 April: 2 weekdays off. By hand: 22 − 2 = 20 person-days; in points (20 a person-month)
 * 20 × 20/22 = 18.18; a hand-set 30 becomes 30 × 20/22 = 27.27.
 */
let t: TestApp;
let owner: Client;
let w: string;
let platform: { id: string };
let roadmap: { id: string };
let cal: { id: string };
const clock = manualClock("2027-01-15T09:00:00Z");

const cell = async (teamId: string, month: string) => {
  const grid = await owner.ok("GET", `${w}/capacity?from=${month}&months=1`);
  return grid.teams.find((x: { id: string }) => x.id === teamId).cells[0];
};

beforeAll(async () => {
  ({ t, owner, w, team: platform, roadmap } = await planningWorkspace(clock));
});
afterAll(() => t.close());

describe("holiday calendars", () => {
  it("starts empty; the first calendar is the workspace default and every team follows it", async () => {
    expect(await owner.ok("GET", `${w}/holiday-calendars`)).toEqual({
      items: [],
      teams: [{ teamId: platform.id, calendarId: null, own: false }],
    });
    expect((await cell(platform.id, "2027-04")).capacity).toBe(22);
    cal = await owner.ok("POST", `${w}/holiday-calendars`, { name: "Ireland" }, 201);
    expect(cal).toMatchObject({ name: "Ireland", isDefault: true, teamIds: [], holidayCount: 0 });
    const dup = await owner.post(`${w}/holiday-calendars`, { name: "ireland" });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).fields).toEqual({ name: "Already used by another calendar" });
  });

  it("takes the weekdays of a multi-day holiday off capacity: 22 − 2 working days in April 2027", async () => {
    const h = await owner.ok(
      "POST",
      `${w}/holiday-calendars/${cal.id}/holidays`,
      { date: "2027-04-02", endDate: "2027-04-05", name: "Spring break" },
      201,
    );
    expect(h).toMatchObject({ date: "2027-04-02", endDate: "2027-04-05", name: "Spring break", uid: null });
    const c = await cell(platform.id, "2027-04");
    expect(c).toMatchObject({
      derived: 20,
      capacity: 20,
      workingDays: 22,
      holidays: [
        { date: "2027-04-02", name: "Spring break" },
        { date: "2027-04-05", name: "Spring break" },
      ],
    });
    // May is untouched.
    expect((await cell(platform.id, "2027-05")).capacity).toBe(21);
    // Time off on a holiday is not counted twice: Mon 5 – Fri 9 April is 5 weekdays, one a holiday.
    const off = await owner.ok(
      "POST",
      `${w}/time-off`,
      {
        userId: (await addUser(owner, "contributor", owner.wid, "Bo")).userId,
        startDate: "2027-04-05",
        endDate: "2027-04-09",
      },
      201,
    );
    expect(off).toBeTruthy(); // Bo is in no team: nothing changes
    const ana = (await owner.ok("GET", `${w}/capacity?from=2027-04&months=1`)).teams[0].members[0];
    await owner.ok(
      "POST",
      `${w}/time-off`,
      { userId: ana.userId, startDate: "2027-04-05", endDate: "2027-04-09" },
      201,
    );
    expect((await cell(platform.id, "2027-04")).capacity).toBe(22 - 2 - 4);
    const list = await owner.ok("GET", `${w}/time-off?from=2027-04&months=1`);
    for (const x of list.items) await owner.ok("DELETE", `${w}/time-off/${x.id}`, undefined, 204);
    expect((await cell(platform.id, "2027-04")).capacity).toBe(20);
  });

  it("in points: capacity × (working days − holidays) / working days, hand-set values too", async () => {
    await owner.ok("PUT", `${w}/capacity/settings`, { capacityUnit: "points", pointsPerPersonMonth: 20 });
    expect(await cell(platform.id, "2027-04")).toMatchObject({ derived: 18.18, capacity: 18.18 });
    expect((await cell(platform.id, "2027-05")).capacity).toBe(20);
    await owner.ok(
      "PUT",
      `${w}/capacity`,
      { cells: [{ teamId: platform.id, month: "2027-04", capacity: 30 }] },
      204,
    );
    expect(await cell(platform.id, "2027-04")).toMatchObject({ override: 30, capacity: 27.27 });
    await owner.ok(
      "PUT",
      `${w}/capacity`,
      { cells: [{ teamId: platform.id, month: "2027-04", capacity: null }] },
      204,
    );
    await owner.ok("PUT", `${w}/capacity/settings`, {
      capacityUnit: "person_days",
      pointsPerPersonMonth: 20,
    });
  });

  it("the planner respects the capacity the heat map shows", async () => {
    // 62 person-days spread over a quarter: Q1 fits no month (min 20/month → 60), Q2 fits without the holidays
    // (3 × min(22, 21, 22) = 63) but not with them (3 × min(20, 21, 22) = 60), Q3 does (3 × 22 = 66).
    const item = await owner.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/items`,
      { title: "Payments rewrite", efforts: [{ teamId: platform.id, effort: 62 }], valueOverride: 10 },
      201,
    );
    const settings = { scope: "all", weightByObjective: false, timeLimitSeconds: 5 };
    const plan = async () =>
      (await owner.ok("POST", `${w}/roadmaps/${roadmap.id}/plan`, settings, 201)).moves.find(
        (m: { itemId: string }) => m.itemId === item.id,
      )?.to;
    expect(await plan()).toBe("2027-07-01");
    // A team on a calendar without the break: Q2 fits again.
    const none = await owner.ok("POST", `${w}/holiday-calendars`, { name: "Nowhere" }, 201);
    expect(none.isDefault).toBe(false);
    await owner.ok("PUT", `${w}/team-calendars/${platform.id}`, { calendarId: none.id }, 204);
    expect((await owner.ok("GET", `${w}/holiday-calendars`)).teams).toEqual([
      { teamId: platform.id, calendarId: none.id, own: true },
    ]);
    expect((await cell(platform.id, "2027-04")).capacity).toBe(22);
    expect(await plan()).toBe("2027-04-01");
    // Back to the default.
    await owner.ok("PUT", `${w}/team-calendars/${platform.id}`, { calendarId: null }, 204);
    expect((await cell(platform.id, "2027-04")).capacity).toBe(20);
    const bad = await owner.put(`${w}/team-calendars/${platform.id}`, {
      calendarId: "00000000-0000-4000-8000-000000000009",
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toEqual({ calendarId: "No such holiday calendar in this workspace" });
    await owner.ok("DELETE", `${w}/holiday-calendars/${none.id}`, undefined, 204);
    await owner.ok("DELETE", `${w}/roadmap-items/${item.id}`, undefined, 204);
  });

  it("edits and deletes a holiday; bad dates get field errors", async () => {
    const h = await owner.ok(
      "POST",
      `${w}/holiday-calendars/${cal.id}/holidays`,
      { date: "2027-05-03", name: "May day" },
      201,
    );
    expect((await cell(platform.id, "2027-05")).capacity).toBe(20);
    const moved = await owner.ok("PATCH", `${w}/holidays/${h.id}`, { date: "2027-05-08", name: "Saturday" });
    expect(moved).toMatchObject({ date: "2027-05-08", endDate: null, name: "Saturday" });
    expect((await cell(platform.id, "2027-05")).capacity).toBe(21); // a Saturday costs nothing
    const back = await owner.patch(`${w}/holidays/${h.id}`, { endDate: "2027-05-01" });
    expect(back.statusCode).toBe(400);
    expect(errorOf(back).fields).toEqual({ endDate: "The holiday ends before it starts" });
    const nodate = await owner.post(`${w}/holiday-calendars/${cal.id}/holidays`, {
      date: "2027-02-30",
      name: "",
    });
    expect(nodate.statusCode).toBe(400);
    expect(Object.keys(errorOf(nodate).fields ?? {}).sort()).toEqual(["date", "name"]);
    await owner.ok("DELETE", `${w}/holidays/${h.id}`, undefined, 204);
    expect((await owner.del(`${w}/holidays/${h.id}`)).statusCode).toBe(404);
    const audit = await owner.ok("GET", `${w}/audit?limit=100`);
    const actions = audit.items.map((a: { action: string }) => a.action);
    for (const a of [
      "holiday_calendar.create",
      "holiday.create",
      "holiday.update",
      "holiday.delete",
      "holiday_calendar.team",
    ])
      expect(actions).toContain(a);
  });
});

const ICS = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Example Corp//Holidays//EN",
  "BEGIN:VEVENT",
  "UID:newyear@example.test",
  "DTSTART;VALUE=DATE:20270101",
  "DTEND;VALUE=DATE:20270102",
  "RRULE:FREQ=YEARLY",
  "SUMMARY:New Year's Day",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:easter-2027@example.test",
  "DTSTART;VALUE=DATE:20270326",
  "DTEND;VALUE=DATE:20270330",
  "SUMMARY:Easter\\, Good Friday to",
  "  Easter Monday",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:party@example.test",
  "DTSTART:20270402T160000Z",
  "DTEND:20270402T180000Z",
  "SUMMARY:Team party",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

describe("iCalendar import", () => {
  it("imports whole days, expands yearly repeats, skips timed events, and re-imports idempotently", async () => {
    const first = await owner.ok("POST", `${w}/holiday-calendars/${cal.id}/import`, { ics: ICS });
    // New Year's Day from 2027 (its DTSTART) to 2030 (the window: last year to four years on), and Easter.
    expect(first).toMatchObject({
      created: 5,
      updated: 0,
      from: "2026-01-01",
      to: "2031-01-01",
      dryRun: false,
      skipped: [{ line: 18, name: "Team party", reason: "a timed event, not a whole day off" }],
    });
    const again = await owner.ok("POST", `${w}/holiday-calendars/${cal.id}/import`, { ics: ICS });
    expect(again).toMatchObject({ created: 0, updated: 5 });
    const dry = await owner.ok("POST", `${w}/holiday-calendars/${cal.id}/import`, { ics: ICS, dryRun: true });
    expect(dry).toMatchObject({ created: 0, updated: 5, dryRun: true });
    const list = await owner.ok(
      "GET",
      `${w}/holiday-calendars/${cal.id}/holidays?from=2027-01-01&to=2027-12-31`,
    );
    expect(list.items.map((h: { date: string; name: string }) => `${h.date} ${h.name}`)).toEqual([
      "2027-01-01 New Year's Day",
      "2027-03-26 Easter, Good Friday to Easter Monday",
      "2027-04-02 Spring break",
    ]);
    expect(list.items[1]).toMatchObject({ endDate: "2027-03-29", uid: "easter-2027@example.test" });
    // March 2027: 23 working days, Good Friday and Easter Monday off; January: New Year's Day (a Friday).
    expect((await cell(platform.id, "2027-03")).capacity).toBe(21);
    expect((await cell(platform.id, "2027-01")).capacity).toBe(20);
  });

  it("refuses a bad file whole, with a message per line, and files too large", async () => {
    const before = (await owner.ok("GET", `${w}/holiday-calendars`)).items[0].holidayCount;
    expect(before).toBe(6); // Spring break and the 5 imported
    const bad = ICS.replace("DTEND;VALUE=DATE:20270330", "DTEND;VALUE=DATE:20270320").replace(
      "DTSTART;VALUE=DATE:20270101",
      "DTSTART;VALUE=DATE:20271301",
    );
    const res = await owner.post(`${w}/holiday-calendars/${cal.id}/import`, { ics: bad });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toEqual({
      "ics.line.6": 'DTSTART "20271301" is not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)',
      "ics.line.14": "DTEND 20270320 is not after DTSTART 20270326 (DTEND is the day after the last day off)",
    });
    const notIcs = await owner.post(`${w}/holiday-calendars/${cal.id}/import`, {
      ics: "date,name\n2027-01-01,x",
    });
    expect(errorOf(notIcs).fields).toEqual({ ics: "An iCalendar (.ics) file starts with BEGIN:VCALENDAR" });
    const big = await owner.post(`${w}/holiday-calendars/${cal.id}/import`, { ics: "x".repeat(1_000_001) });
    expect(big.statusCode).toBe(400);
    expect(errorOf(big).fields).toEqual({ ics: "The file is larger than 1 MB" });
    expect((await owner.ok("GET", `${w}/holiday-calendars`)).items[0].holidayCount).toBe(before);
    const audit = await owner.ok("GET", `${w}/audit?limit=100`);
    expect(
      audit.items.filter((a: { action: string }) => a.action === "holiday_calendar.import"),
    ).toHaveLength(2);
  });

  it("lets a viewer read calendars but not change them", async () => {
    const viewer = await addUser(owner, "viewer");
    expect((await viewer.get(`${w}/holiday-calendars`)).statusCode).toBe(200);
    expect((await viewer.get(`${w}/holiday-calendars/${cal.id}/holidays`)).statusCode).toBe(200);
    expect((await viewer.post(`${w}/holiday-calendars`, { name: "Mine" })).statusCode).toBe(403);
    expect((await viewer.post(`${w}/holiday-calendars/${cal.id}/import`, { ics: ICS })).statusCode).toBe(403);
  });

  it("deleting the default calendar makes the oldest left the default", async () => {
    const other = await owner.ok("POST", `${w}/holiday-calendars`, { name: "Germany" }, 201);
    await owner.ok("DELETE", `${w}/holiday-calendars/${cal.id}`, undefined, 204);
    const after = await owner.ok("GET", `${w}/holiday-calendars`);
    expect(after.items).toEqual([expect.objectContaining({ id: other.id, isDefault: true })]);
    expect((await cell(platform.id, "2027-04")).capacity).toBe(22);
    expect((await owner.del(`${w}/holiday-calendars/${cal.id}`)).statusCode).toBe(404);
  });
});
