import type {
  CreateHoliday,
  CreateHolidayCalendar,
  Holiday,
  HolidayCalendar,
  HolidayCalendars,
  ImportIcs,
  ImportIcsResult,
  UpdateHoliday,
  UpdateHolidayCalendar,
} from "../../../shared/holidays.schemas.ts";
import { type HolidayRange, holidayWeekdays } from "../../../shared/holidays.ts";
import { IcsError, parseIcs } from "../../../shared/ics.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getTeam } from "../teams/teams.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  clearDefault,
  deleteCalendarRow,
  deleteHolidayRow,
  deleteTeamCalendar,
  insertCalendar,
  insertHoliday,
  selectCalendar,
  selectCalendarByName,
  selectCalendars,
  selectDefaultCalendarId,
  selectHolidayById,
  selectHolidays,
  selectHolidaysInWindow,
  selectImportedKeys,
  selectOldestCalendar,
  selectTeamCalendars,
  selectTeamIds,
  updateCalendarRow,
  updateHolidayRow,
  upsertImported,
  upsertTeamCalendar,
} from "./holidays.queries.ts";

/** Most holidays one listing returns (a calendar holds a few dozen a year). */
export const HOLIDAY_LIST_LIMIT = 5000;
/** Most holidays one .ics import gives, repeats expanded. */
export const ICS_MAX_HOLIDAYS = 2000;

/** The workspace's calendars, and which calendar each team follows. */
export async function listCalendars(db: Db, workspaceId: string): Promise<HolidayCalendars> {
  const [cals, links, teamIds] = await Promise.all([
    selectCalendars(db, workspaceId),
    selectTeamCalendars(db, workspaceId),
    selectTeamIds(db, workspaceId),
  ]);
  const def = cals.find((c) => c.isDefault)?.id ?? null;
  const own = new Map(links.map((l) => [l.teamId, l.calendarId]));
  return {
    items: cals.map((c) => ({
      ...c,
      teamIds: links.filter((l) => l.calendarId === c.id).map((l) => l.teamId),
    })),
    teams: teamIds.map(({ id: teamId }) => ({
      teamId,
      calendarId: own.get(teamId) ?? def,
      own: own.has(teamId),
    })),
  };
}

async function getCalendar(db: Db, workspaceId: string, id: string) {
  const c = await selectCalendar(db, workspaceId, id);
  if (!c) throw notFound("Holiday calendar");
  return c;
}

async function calendarOut(db: Db, workspaceId: string, id: string): Promise<HolidayCalendar> {
  const all = await listCalendars(db, workspaceId);
  const c = all.items.find((x) => x.id === id);
  if (!c) throw notFound("Holiday calendar");
  return c;
}

async function assertNameFree(db: Db, workspaceId: string, name: string, except?: string) {
  const other = await selectCalendarByName(db, workspaceId, name);
  if (other && other.id !== except)
    throw conflict("A holiday calendar with this name already exists", {
      name: "Already used by another calendar",
    });
}

/** A new calendar; the workspace's first (or one asked to be) becomes the default. */
export async function createCalendar(db: Db, ctx: WorkspaceContext, input: CreateHolidayCalendar) {
  await assertNameFree(db, ctx.workspaceId, input.name);
  const first = !(await selectOldestCalendar(db, ctx.workspaceId));
  const isDefault = first || input.isDefault === true;
  if (isDefault) await clearDefault(db, ctx.workspaceId);
  const { id } = await insertCalendar(db, { workspaceId: ctx.workspaceId, name: input.name, isDefault });
  const after = await calendarOut(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday_calendar.create",
    entityType: "holiday_calendar",
    entityId: id,
    after,
  });
  return after;
}

/** Renames a calendar, or makes it the workspace default. */
export async function updateCalendar(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateHolidayCalendar,
) {
  const before = await getCalendar(db, ctx.workspaceId, id);
  if (input.name !== undefined) await assertNameFree(db, ctx.workspaceId, input.name, id);
  if (input.isDefault && !before.isDefault) await clearDefault(db, ctx.workspaceId);
  await updateCalendarRow(db, ctx.workspaceId, id, { name: input.name, isDefault: input.isDefault });
  const after = await calendarOut(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday_calendar.update",
    entityType: "holiday_calendar",
    entityId: id,
    before,
    after,
  });
  return after;
}

/** Deletes a calendar and its holidays; its teams fall back to the default (the oldest left, if it was that). */
export async function deleteCalendar(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await calendarOut(db, ctx.workspaceId, id);
  await deleteCalendarRow(db, ctx.workspaceId, id);
  if (before.isDefault) {
    const next = await selectOldestCalendar(db, ctx.workspaceId);
    if (next) await updateCalendarRow(db, ctx.workspaceId, next.id, { isDefault: true });
  }
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday_calendar.delete",
    entityType: "holiday_calendar",
    entityId: id,
    before,
  });
}

/** Makes a team follow a calendar (null: back to the workspace default). */
export async function setTeamCalendar(
  db: Db,
  ctx: WorkspaceContext,
  teamId: string,
  calendarId: string | null,
) {
  await getTeam(db, ctx.workspaceId, teamId);
  if (calendarId !== null && !(await selectCalendar(db, ctx.workspaceId, calendarId)))
    throw invalid({ calendarId: "No such holiday calendar in this workspace" });
  if (calendarId === null) await deleteTeamCalendar(db, ctx.workspaceId, teamId);
  else await upsertTeamCalendar(db, ctx.workspaceId, teamId, calendarId);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday_calendar.team",
    entityType: "team",
    entityId: teamId,
    after: { calendarId },
  });
}

/** A calendar's holidays overlapping [from, to] (both optional), by date. */
export async function listHolidays(
  db: Db,
  workspaceId: string,
  calendarId: string,
  from?: string,
  to?: string,
): Promise<Holiday[]> {
  await getCalendar(db, workspaceId, calendarId);
  return selectHolidays(db, workspaceId, calendarId, from, to, HOLIDAY_LIST_LIMIT);
}

async function getHoliday(db: Db, workspaceId: string, id: string) {
  const h = await selectHolidayById(db, workspaceId, id);
  if (!h) throw notFound("Holiday");
  return h;
}

export async function createHoliday(db: Db, ctx: WorkspaceContext, calendarId: string, input: CreateHoliday) {
  await getCalendar(db, ctx.workspaceId, calendarId);
  const { id } = await insertHoliday(db, {
    workspaceId: ctx.workspaceId,
    calendarId,
    date: input.date,
    endDate: input.endDate && input.endDate !== input.date ? input.endDate : null,
    name: input.name,
  });
  const after = await getHoliday(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday.create",
    entityType: "holiday",
    entityId: id,
    after,
  });
  return after;
}

export async function updateHoliday(db: Db, ctx: WorkspaceContext, id: string, input: UpdateHoliday) {
  const before = await getHoliday(db, ctx.workspaceId, id);
  const date = input.date ?? before.date;
  let endDate = input.endDate === undefined ? before.endDate : input.endDate;
  if (endDate !== null && endDate < date) throw invalid({ endDate: "The holiday ends before it starts" });
  if (endDate === date) endDate = null;
  await updateHolidayRow(db, ctx.workspaceId, id, { date, endDate, name: input.name });
  const after = await getHoliday(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday.update",
    entityType: "holiday",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function deleteHoliday(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getHoliday(db, ctx.workspaceId, id);
  await deleteHolidayRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "holiday.delete",
    entityType: "holiday",
    entityId: id,
    before,
  });
}

/** The window yearly repeats are expanded into: last year's first day to four years on. */
export function importWindow(today: string) {
  const y = Number(today.slice(0, 4));
  return { from: `${y - 1}-01-01`, to: `${y + 4}-01-01` };
}

/**
 * Imports an iCalendar file into a calendar, all or nothing: the same UID and date updates the holiday in place
 * (re-importing a file changes nothing), malformed input is refused with one message per line.
 */
export async function importIcs(
  db: Db,
  ctx: WorkspaceContext,
  calendarId: string,
  input: ImportIcs,
  today: string,
): Promise<ImportIcsResult> {
  await getCalendar(db, ctx.workspaceId, calendarId);
  const window = importWindow(today);
  let parsed: ReturnType<typeof parseIcs>;
  try {
    parsed = parseIcs(input.ics, { ...window, maxHolidays: ICS_MAX_HOLIDAYS });
  } catch (e) {
    if (e instanceof IcsError) throw invalid(e.fields, e.message);
    throw e;
  }
  const rows = parsed.holidays.map((h) => ({
    workspaceId: ctx.workspaceId,
    calendarId,
    uid: h.uid,
    date: h.date,
    endDate: h.endDate,
    name: h.name,
  }));
  let counts: { created: number; updated: number };
  if (input.dryRun) {
    const have = new Set(
      (await selectImportedKeys(db, ctx.workspaceId, calendarId)).map((k) => `${k.uid}|${k.date}`),
    );
    const updated = rows.filter((r) => have.has(`${r.uid}|${r.date}`)).length;
    counts = { created: rows.length - updated, updated };
  } else {
    counts = await upsertImported(db, rows);
    await touchPlanning(db, ctx.workspaceId);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "holiday_calendar.import",
      entityType: "holiday_calendar",
      entityId: calendarId,
      after: { ...counts, skipped: parsed.skipped.length },
    });
  }
  return { ...counts, skipped: parsed.skipped, ...window, dryRun: input.dryRun === true };
}

/**
 * The weekday holidays of each team's calendar (its own, else the workspace default) in each month of
 * [from, to): what capacity subtracts. `of(teamId, month)` is memoized per calendar and month.
 */
export async function teamHolidays(db: Db, workspaceId: string, from: string, to: string) {
  const [def, links, rows] = await Promise.all([
    selectDefaultCalendarId(db, workspaceId),
    selectTeamCalendars(db, workspaceId),
    selectHolidaysInWindow(db, workspaceId, from, to),
  ]);
  const own = new Map(links.map((l) => [l.teamId, l.calendarId]));
  const byCal = new Map<string, HolidayRange[]>();
  for (const r of rows) {
    const list = byCal.get(r.calendarId) ?? [];
    list.push(r);
    byCal.set(r.calendarId, list);
  }
  const memo = new Map<string, { date: string; name: string }[]>();
  return (teamId: string, month: string): { date: string; name: string }[] => {
    const cal = own.get(teamId) ?? def;
    if (!cal || !byCal.has(cal)) return [];
    const key = `${cal}|${month}`;
    let v = memo.get(key);
    if (!v) {
      v = holidayWeekdays(month, byCal.get(cal) ?? []);
      memo.set(key, v);
    }
    return v;
  };
}
