import { sql } from "drizzle-orm";
import { boolean, date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { created, id, teams, tenantFk, updated, wsRef } from "./schema.ts";

/**
 * Holiday calendars (issue 12, docs/ROADMAP.md "Public holidays"): a workspace keeps named calendars of dated
 * holidays; one is the workspace default, and a team may use another (a team in another country). Capacity
 * loses the weekdays a team's calendar marks as holidays. References inside a workspace are composite keys.
 */

const day = (name: string) => date(name, { mode: "string" });

export const holidayCalendars = pgTable(
  "holiday_calendars",
  {
    workspaceId: wsRef(),
    id: id(),
    name: text("name").notNull(),
    /** The calendar of every team that has none of its own (at most one per workspace). */
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("holiday_calendars_name_key").on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex("holiday_calendars_default_key").on(t.workspaceId).where(sql`${t.isDefault}`),
  ],
);

export const holidays = pgTable(
  "holidays",
  {
    workspaceId: wsRef(),
    id: id(),
    calendarId: uuid("calendar_id").notNull(),
    /** The first day off. */
    date: day("date").notNull(),
    /** The last day off (inclusive) of a multi-day holiday; null for one day. */
    endDate: day("end_date"),
    name: text("name").notNull(),
    /** The iCalendar UID it was imported from (null when entered by hand): UID + date make re-imports idempotent. */
    uid: text("uid"),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("holidays_calendar_date_idx").on(t.workspaceId, t.calendarId, t.date),
    uniqueIndex("holidays_uid_date_key").on(t.workspaceId, t.calendarId, t.uid, t.date),
    tenantFk(t, t.calendarId, holidayCalendars),
  ],
);

/** A team that follows a calendar other than the workspace default. */
export const teamHolidayCalendars = pgTable(
  "team_holiday_calendars",
  {
    workspaceId: wsRef(),
    teamId: uuid("team_id").notNull(),
    calendarId: uuid("calendar_id").notNull(),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId] }),
    index("team_holiday_calendars_calendar_idx").on(t.workspaceId, t.calendarId),
    tenantFk(t, t.teamId, teams),
    tenantFk(t, t.calendarId, holidayCalendars),
  ],
);
