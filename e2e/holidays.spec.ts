import { test as base, expect } from "@playwright/test";
import { addMonths } from "../src/shared/roadmap.ts";
import { apiOf, ensureOwner, logIn, OWNER as PM, startBaton } from "./helpers.ts";

/**
 * Public holidays journey: the PM creates a holiday calendar on the Capacity page, enters a holiday by hand,
 * imports an .ics file (a bad one is refused line by line), gives a team its own calendar, and the load heat map
 * says which month loses days ("2 holidays: −10 %").
 */
// A Baton of its own (a copy of the migrated template): the workspace's first calendar becomes its default, and
// its holidays would otherwise take days from every team of the shared server's workspace (the roadmap journey
// checks an exact capacity there).
const test = base.extend<object, { own: { url: string; stop: () => Promise<void> } }>({
  own: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured
    async ({}, use) => {
      const baton = await startBaton({ demo: false });
      await use(baton);
      await baton.stop();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ own }, use) => use(own.url),
});
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const TEAM = `Holiday crew ${run}`;
const CALENDAR = `Ireland ${run}`;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const now = new Date();
const next = addMonths(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-01`, 1);
/** The first weekday of next month, and the one after it. */
const weekday = (from: string, skip = 0) => {
  const d = new Date(`${from}T00:00:00Z`);
  let left = skip;
  for (;;) {
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6 && left-- === 0) return d.toISOString().slice(0, 10);
    d.setUTCDate(d.getUTCDate() + 1);
  }
};
const HAND = weekday(next);
const IMPORTED = weekday(next, 1);
const monthName = `${MONTHS[Number(next.slice(5, 7)) - 1]} ${next.slice(0, 4)}`;

test("holidays take their weekdays from capacity, entered by hand or imported from .ics", async ({
  page,
  request,
}) => {
  await ensureOwner(request);
  await logIn(page, PM);
  const wid = page.url().split("/w/")[1];
  const api = await apiOf(page);
  const team = await api("post", `/workspaces/${wid}/teams`, { name: TEAM, discipline: "engineering" });
  const me = (await (await page.request.get("/api/v1/auth/session")).json()).user.id as string;
  await api("put", `/workspaces/${wid}/teams/${team.id}/members/${me}`, { allocationPct: 100 });

  await page.goto(`/w/${wid}/capacity`);
  await expect(page.getByRole("heading", { name: "Public holidays" })).toBeVisible();
  // A calendar: the first one is the workspace default.
  await page.getByRole("button", { name: "New calendar" }).click();
  await page.getByRole("dialog").getByRole("textbox", { name: "Name" }).fill(CALENDAR);
  await page.getByRole("dialog").getByRole("button", { name: "Create calendar" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page.getByRole("combobox", { name: "Calendar" })).toHaveValue(`${CALENDAR} (default)`);

  // By hand.
  await page.getByRole("button", { name: "Add holiday" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Name" }).fill("Founders' day");
  await dialog.getByLabel(/^Day/).fill(HAND);
  await dialog.getByRole("button", { name: "Add holiday" }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByRole("table", { name: `Holidays of ${CALENDAR}` });
  await expect(table.getByRole("row", { name: /Founders' day/ })).toBeVisible();

  // From an .ics file: a bad one is refused whole, line by line; the good one imports.
  const ics = (start: string) =>
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "BEGIN:VEVENT",
      `UID:bridge-${run}@example.test`,
      `DTSTART;VALUE=DATE:${start}`,
      "SUMMARY:Bridge day\\, office closed",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
  const file = (text: string) => ({
    name: "holidays.ics",
    mimeType: "text/calendar",
    buffer: Buffer.from(text),
  });
  const upload = async (text: string) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Import .ics" }).click();
    await (await chooser).setFiles(file(text));
  };
  await upload(ics("20271399"));
  await expect(page.getByRole("alert").filter({ hasText: "Line 5: DTSTART" })).toBeVisible();
  await upload(ics(IMPORTED.replaceAll("-", "")));
  await expect(table.getByRole("row", { name: /Bridge day, office closed/ })).toBeVisible();

  // The team follows the calendar (the default): the heat map says what its month loses.
  await page.getByText("Load heat map", { exact: true }).click();
  const cell = page.getByRole("button", { name: new RegExp(`^${TEAM}, ${monthName}: .*; 2 holidays: −`) });
  await expect(cell).toBeVisible();
  // …and with a calendar of its own (none of these holidays), nothing.
  await api("post", `/workspaces/${wid}/holiday-calendars`, { name: `Elsewhere ${run}` });
  await page.reload();
  await page.getByRole("combobox", { name: TEAM, exact: true }).click();
  await page.getByRole("option", { name: `Elsewhere ${run}` }).click();
  await expect(
    page.getByRole("button", { name: new RegExp(`^${TEAM}, ${monthName}: `) }),
  ).not.toHaveAccessibleName(/holidays?:/);
});
