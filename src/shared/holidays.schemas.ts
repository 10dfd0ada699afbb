import { z } from "zod";
import { DaySchema, text } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of holiday calendars (docs/ROADMAP.md, "Public holidays"). */

const Name = text().trim().min(1, "Give it a name").max(200, "Use at most 200 characters");

export const HolidayCalendarSchema = z.object({
  id: IdSchema,
  name: z.string(),
  isDefault: z.boolean(),
  /** Teams that follow this calendar instead of the default. */
  teamIds: z.array(IdSchema),
  holidayCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HolidayCalendar = z.infer<typeof HolidayCalendarSchema>;

export const HolidayCalendarsSchema = z.object({
  items: z.array(HolidayCalendarSchema),
  /** Each team's calendar: its own, else the default (null when the workspace has none). */
  teams: z.array(z.object({ teamId: IdSchema, calendarId: IdSchema.nullable(), own: z.boolean() })),
});
export type HolidayCalendars = z.infer<typeof HolidayCalendarsSchema>;

export const CreateHolidayCalendarSchema = z.object({
  name: Name,
  /** The workspace default (the first calendar is the default anyway). */
  isDefault: z.boolean().optional(),
});
export type CreateHolidayCalendar = z.input<typeof CreateHolidayCalendarSchema>;
export const UpdateHolidayCalendarSchema = z
  .object({ name: Name.optional(), isDefault: z.literal(true).optional() })
  .refine((b) => b.name !== undefined || b.isDefault !== undefined, { message: "Nothing to change" });
export type UpdateHolidayCalendar = z.input<typeof UpdateHolidayCalendarSchema>;

export const HolidaySchema = z.object({
  id: IdSchema,
  calendarId: IdSchema,
  date: z.string(),
  endDate: z.string().nullable(),
  name: z.string(),
  /** The iCalendar UID it came from; null when entered by hand. */
  uid: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Holiday = z.infer<typeof HolidaySchema>;

const endAfterStart = (h: { date?: string; endDate?: string | null }) =>
  !h.date || !h.endDate || h.endDate >= h.date;
export const CreateHolidaySchema = z
  .object({ date: DaySchema, endDate: DaySchema.nullable().optional(), name: Name })
  .refine(endAfterStart, { path: ["endDate"], message: "The holiday ends before it starts" })
  .refine((h) => !h.endDate || h.endDate <= `${Number(h.date.slice(0, 4)) + 1}${h.date.slice(4)}`, {
    path: ["endDate"],
    message: "A holiday lasts at most a year",
  });
export type CreateHoliday = z.input<typeof CreateHolidaySchema>;
export const UpdateHolidaySchema = z
  .object({ date: DaySchema.optional(), endDate: DaySchema.nullable().optional(), name: Name.optional() })
  .refine(endAfterStart, { path: ["endDate"], message: "The holiday ends before it starts" });
export type UpdateHoliday = z.input<typeof UpdateHolidaySchema>;

export const HolidaysQuerySchema = z.object({
  from: DaySchema.optional(),
  to: DaySchema.optional(),
});

/** Most characters of an .ics file one import takes (1 MB). */
export const ICS_MAX_CHARS = 1_000_000;
export const ImportIcsSchema = z.object({
  ics: z.string().min(1, "The file is empty").max(ICS_MAX_CHARS, "The file is larger than 1 MB"),
  /** Check and report without writing. */
  dryRun: z.boolean().optional(),
});
export type ImportIcs = z.input<typeof ImportIcsSchema>;
export const ImportIcsResultSchema = z.object({
  /** Holidays new to the calendar, and ones already there (same UID and date) updated in place. */
  created: z.number().int(),
  updated: z.number().int(),
  /** Events not imported, each with why (timed, cancelled, a repeat that is not yearly). */
  skipped: z.array(z.object({ line: z.number().int(), name: z.string(), reason: z.string() })),
  /** The window yearly repeats were expanded into: [from, to). */
  from: z.string(),
  to: z.string(),
  dryRun: z.boolean(),
});
export type ImportIcsResult = z.infer<typeof ImportIcsResultSchema>;

export const SetTeamCalendarSchema = z.object({
  /** The calendar the team follows; null: back to the workspace default. */
  calendarId: IdSchema.nullable(),
});

/** A weekday a holiday takes off a month's capacity. */
export const HolidayDaySchema = z.object({ date: z.string(), name: z.string() });
