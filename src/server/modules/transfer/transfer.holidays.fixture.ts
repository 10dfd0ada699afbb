import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import { createCalendar, createHoliday, importIcs, setTeamCalendar } from "../holidays/holidays.service.ts";

/** Names that break naive escaping: they must come back byte for byte. */
export const HOLIDAY_WEIRD = `Fête «nationale» <b>&amp;</b> "quoted" 🎆 e\u0301`;

/**
 * Holiday calendars for the transfer tests: a default calendar with a hand-entered multi-day holiday and
 * imported ones (UIDs, a yearly repeat), and a second calendar a team follows.
 */
export async function enrichHolidays(db: Db, workspaceId: string, ownerId: string) {
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" };
  const [team] = (await db.select().from(schema.teams)).filter((t) => t.workspaceId === workspaceId);
  return db.transaction(async (tx) => {
    const home = await createCalendar(tx, ctx, { name: "Ireland" });
    const away = await createCalendar(tx, ctx, { name: HOLIDAY_WEIRD });
    await createHoliday(tx, ctx, home.id, { date: "2026-12-24", endDate: "2026-12-28", name: HOLIDAY_WEIRD });
    const ics = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "UID:stpatrick@example.test",
      "DTSTART;VALUE=DATE:20260317",
      "RRULE:FREQ=YEARLY",
      "SUMMARY:St Patrick's Day",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    await importIcs(tx, ctx, home.id, { ics }, "2026-03-02");
    await createHoliday(tx, ctx, away.id, { date: "2026-07-14", name: HOLIDAY_WEIRD });
    await setTeamCalendar(tx, ctx, team.id, away.id);
    return { homeId: home.id, awayId: away.id, teamId: team.id };
  });
}
