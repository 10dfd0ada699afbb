import { z } from "zod";

/**
 * Holiday calendars in the export document (format version 8): each calendar (one may be the workspace
 * default), its dated holidays (with the iCalendar UID they were imported from), and which teams follow a
 * calendar other than the default.
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
const Str = () => z.string().refine((s) => !s.includes("\0"), "must not contain NUL characters");
const Day = z.iso.date();

export const ExportHolidayCalendarSchema = z.strictObject({
  id: Id,
  name: Str().min(1).max(10_000),
  isDefault: z.boolean(),
  createdAt: Ts,
  updatedAt: Ts,
});

export const ExportHolidaySchema = z.strictObject({
  id: Id,
  calendarId: Id,
  date: Day,
  endDate: Day.nullable(),
  name: Str().max(10_000),
  uid: Str().max(10_000).nullable(),
  createdAt: Ts,
  updatedAt: Ts,
});

export const ExportTeamHolidayCalendarSchema = z.strictObject({
  teamId: Id,
  calendarId: Id,
  createdAt: Ts,
});

export const HOLIDAY_SECTIONS = {
  holidayCalendars: z.array(ExportHolidayCalendarSchema),
  holidays: z.array(ExportHolidaySchema),
  teamHolidayCalendars: z.array(ExportTeamHolidayCalendarSchema),
};

/** A version-7 document has none of them. */
export const emptyHolidaySections = () => ({ holidayCalendars: [], holidays: [], teamHolidayCalendars: [] });

type Doc = {
  teams: { id: string }[];
  holidayCalendars: z.infer<typeof ExportHolidayCalendarSchema>[];
  holidays: z.infer<typeof ExportHolidaySchema>[];
  teamHolidayCalendars: z.infer<typeof ExportTeamHolidayCalendarSchema>[];
};

/**
 * Holiday calendars (version 8): ids, the keys the database keeps unique (a calendar's name, one default,
 * UID + date per calendar, one calendar per team) and references inside the document.
 */
export function checkHolidayReferences(
  doc: Doc,
  unique: (section: string, keys: (string | null)[]) => Set<string>,
  ref: (path: string, id: string | null, known: Set<string>, what: string) => void,
) {
  const calendarIds = unique(
    "holidayCalendars",
    doc.holidayCalendars.map((c) => c.id),
  );
  unique(
    "holidayCalendars",
    doc.holidayCalendars.map((c) => `name ${c.name.toLowerCase()}`),
  );
  unique(
    "holidayCalendars",
    doc.holidayCalendars.map((c) => (c.isDefault ? "the default calendar" : null)),
  );
  unique(
    "holidays",
    doc.holidays.map((h) => h.id),
  );
  unique(
    "holidays",
    doc.holidays.map((h) => (h.uid === null ? null : `${h.calendarId}/${h.uid}/${h.date}`)),
  );
  for (const [i, h] of doc.holidays.entries())
    ref(`holidays[${i}].calendarId`, h.calendarId, calendarIds, "a holiday calendar");
  const teamIds = new Set(doc.teams.map((t) => t.id));
  unique(
    "teamHolidayCalendars",
    doc.teamHolidayCalendars.map((t) => t.teamId),
  );
  for (const [i, t] of doc.teamHolidayCalendars.entries()) {
    ref(`teamHolidayCalendars[${i}].teamId`, t.teamId, teamIds, "a team");
    ref(`teamHolidayCalendars[${i}].calendarId`, t.calendarId, calendarIds, "a holiday calendar");
  }
}
