import { and, asc, eq, gte, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { holidayCalendars, holidays, teamHolidayCalendars } from "../../db/schema.holidays.ts";
import { teams } from "../../db/schema.ts";

/** The workspace's team ids, by name (each team's calendar is listed). */
export const selectTeamIds = (db: Db, workspaceId: string) =>
  db
    .select({ id: teams.id })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(teams.name), asc(teams.id));

const calendarCols = {
  id: holidayCalendars.id,
  name: holidayCalendars.name,
  isDefault: holidayCalendars.isDefault,
  createdAt: holidayCalendars.createdAt,
  updatedAt: holidayCalendars.updatedAt,
};

/** The workspace's calendars with how many holidays each holds. */
export const selectCalendars = (db: Db, workspaceId: string) =>
  db
    .select({
      ...calendarCols,
      // Plain SQL names: a column interpolated here would render unqualified and bind to the subquery's table.
      holidayCount: sql<number>`(SELECT count(*)::int FROM holidays h
        WHERE h.workspace_id = holiday_calendars.workspace_id AND h.calendar_id = holiday_calendars.id)`,
    })
    .from(holidayCalendars)
    .where(eq(holidayCalendars.workspaceId, workspaceId))
    .orderBy(asc(sql`lower(${holidayCalendars.name})`), asc(holidayCalendars.id));

export const selectCalendar = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(calendarCols)
      .from(holidayCalendars)
      .where(and(eq(holidayCalendars.workspaceId, workspaceId), eq(holidayCalendars.id, id)))
  )[0] ?? null;

export const selectCalendarByName = async (db: Db, workspaceId: string, name: string) =>
  (
    await db
      .select({ id: holidayCalendars.id })
      .from(holidayCalendars)
      .where(
        and(
          eq(holidayCalendars.workspaceId, workspaceId),
          sql`lower(${holidayCalendars.name}) = lower(${name})`,
        ),
      )
  )[0] ?? null;

export const insertCalendar = async (db: Db, values: typeof holidayCalendars.$inferInsert) =>
  (await db.insert(holidayCalendars).values(values).returning({ id: holidayCalendars.id }))[0];

export const updateCalendarRow = (
  db: Db,
  workspaceId: string,
  id: string,
  set: { name?: string; isDefault?: boolean },
) =>
  db
    .update(holidayCalendars)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(holidayCalendars.workspaceId, workspaceId), eq(holidayCalendars.id, id)));

/** No calendar is the default any more (before another becomes it: one default per workspace). */
export const clearDefault = (db: Db, workspaceId: string) =>
  db
    .update(holidayCalendars)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(and(eq(holidayCalendars.workspaceId, workspaceId), eq(holidayCalendars.isDefault, true)));

export const deleteCalendarRow = (db: Db, workspaceId: string, id: string) =>
  db
    .delete(holidayCalendars)
    .where(and(eq(holidayCalendars.workspaceId, workspaceId), eq(holidayCalendars.id, id)));

/** The workspace default calendar's id, or null (what capacity needs; no holiday counts). */
export const selectDefaultCalendarId = async (db: Db, workspaceId: string) =>
  (
    await db
      .select({ id: holidayCalendars.id })
      .from(holidayCalendars)
      .where(and(eq(holidayCalendars.workspaceId, workspaceId), eq(holidayCalendars.isDefault, true)))
  )[0]?.id ?? null;

/** The oldest remaining calendar (becomes the default when the default is deleted). */
export const selectOldestCalendar = async (db: Db, workspaceId: string) =>
  (
    await db
      .select({ id: holidayCalendars.id })
      .from(holidayCalendars)
      .where(eq(holidayCalendars.workspaceId, workspaceId))
      .orderBy(asc(holidayCalendars.createdAt), asc(holidayCalendars.id))
      .limit(1)
  )[0] ?? null;

export const selectTeamCalendars = (db: Db, workspaceId: string) =>
  db
    .select({ teamId: teamHolidayCalendars.teamId, calendarId: teamHolidayCalendars.calendarId })
    .from(teamHolidayCalendars)
    .where(eq(teamHolidayCalendars.workspaceId, workspaceId));

export const upsertTeamCalendar = (db: Db, workspaceId: string, teamId: string, calendarId: string) =>
  db
    .insert(teamHolidayCalendars)
    .values({ workspaceId, teamId, calendarId })
    .onConflictDoUpdate({
      target: [teamHolidayCalendars.workspaceId, teamHolidayCalendars.teamId],
      set: { calendarId },
    });

export const deleteTeamCalendar = (db: Db, workspaceId: string, teamId: string) =>
  db
    .delete(teamHolidayCalendars)
    .where(and(eq(teamHolidayCalendars.workspaceId, workspaceId), eq(teamHolidayCalendars.teamId, teamId)));

const holidayCols = {
  id: holidays.id,
  calendarId: holidays.calendarId,
  date: holidays.date,
  endDate: holidays.endDate,
  name: holidays.name,
  uid: holidays.uid,
  createdAt: holidays.createdAt,
  updatedAt: holidays.updatedAt,
};

/** A calendar's holidays overlapping [from, to] (either bound optional), by date; at most `limit`. */
export const selectHolidays = (
  db: Db,
  workspaceId: string,
  calendarId: string,
  from: string | undefined,
  to: string | undefined,
  limit: number,
) =>
  db
    .select(holidayCols)
    .from(holidays)
    .where(
      and(
        eq(holidays.workspaceId, workspaceId),
        eq(holidays.calendarId, calendarId),
        from ? or(gte(holidays.date, from), gte(holidays.endDate, from)) : undefined,
        to ? lte(holidays.date, to) : undefined,
      ),
    )
    .orderBy(asc(holidays.date), asc(holidays.name), asc(holidays.id))
    .limit(limit);

/** Every calendar's holidays overlapping [from, to): what capacity reads. */
export const selectHolidaysInWindow = (db: Db, workspaceId: string, from: string, to: string) =>
  db
    .select({
      calendarId: holidays.calendarId,
      date: holidays.date,
      endDate: holidays.endDate,
      name: holidays.name,
    })
    .from(holidays)
    .where(
      and(
        eq(holidays.workspaceId, workspaceId),
        lt(holidays.date, to),
        or(and(isNull(holidays.endDate), gte(holidays.date, from)), gte(holidays.endDate, from)),
      ),
    );

export const selectHolidayById = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(holidayCols)
      .from(holidays)
      .where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.id, id)))
  )[0] ?? null;

export const insertHoliday = async (db: Db, values: typeof holidays.$inferInsert) =>
  (await db.insert(holidays).values(values).returning({ id: holidays.id }))[0];

export const updateHolidayRow = (
  db: Db,
  workspaceId: string,
  id: string,
  set: { date?: string; endDate?: string | null; name?: string },
) =>
  db
    .update(holidays)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.id, id)));

export const deleteHolidayRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(holidays).where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.id, id)));

/** Imported holidays in one statement per batch: the same UID and date updates the row in place. */
export async function upsertImported(
  db: Db,
  rows: {
    workspaceId: string;
    calendarId: string;
    uid: string;
    date: string;
    endDate: string | null;
    name: string;
  }[],
) {
  let created = 0;
  let updated = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const out = await db
      .insert(holidays)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [holidays.workspaceId, holidays.calendarId, holidays.uid, holidays.date],
        set: { name: sql`excluded.name`, endDate: sql`excluded.end_date`, updatedAt: sql`now()` },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    for (const r of out)
      if (r.inserted) created++;
      else updated++;
  }
  return { created, updated };
}

/** The UID + date pairs of a calendar already there (a dry run's created/updated counts). */
export const selectImportedKeys = (db: Db, workspaceId: string, calendarId: string) =>
  db
    .select({ uid: holidays.uid, date: holidays.date })
    .from(holidays)
    .where(and(eq(holidays.workspaceId, workspaceId), eq(holidays.calendarId, calendarId)));
