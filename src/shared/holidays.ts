import { addDays } from "./ics.ts";
import { addMonths, round2, workingDays } from "./roadmap.ts";

/**
 * Public holidays against capacity (docs/ROADMAP.md, "Public holidays"): a team loses the weekdays its
 * calendar marks as holidays. Capacity in a month = capacity × (working days − holiday weekdays) / working days,
 * where working days are the month's Mondays to Fridays. Pure, shared by server and web.
 */

export interface HolidayRange {
  date: string;
  endDate: string | null;
  name: string;
}

const isWeekday = (day: string) => {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
};

/** The weekdays of `month` (its first day) that holidays cover, once each, in date order, with a name. */
export function holidayWeekdays(month: string, ranges: HolidayRange[]): { date: string; name: string }[] {
  const end = addMonths(month, 1);
  const days = new Map<string, string>();
  for (const r of ranges) {
    const last = r.endDate ?? r.date;
    if (last < month || r.date >= end) continue;
    for (let d = r.date < month ? month : r.date; d <= last && d < end; d = addDays(d, 1))
      if (isWeekday(d) && !days.has(d)) days.set(d, r.name);
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, name]) => ({ date, name }));
}

/** The share of a month's capacity holidays leave: (working days − holiday weekdays) / working days. */
export function holidayFactor(month: string, holidayDays: number): number {
  const wd = workingDays(month);
  return wd ? Math.max(0, wd - holidayDays) / wd : 0;
}

/** The whole per cent of a month's capacity its holidays take (9 for 2 of 22 working days). */
export const holidayPct = (month: string, holidayDays: number) =>
  Math.round((1 - holidayFactor(month, holidayDays)) * 100);

/** "2 holidays: −9 %" — what a month loses, for the heat map (empty when nothing). */
export function holidayNote(month: string, holidayDays: number): string {
  if (!holidayDays) return "";
  return `${holidayDays} holiday${holidayDays === 1 ? "" : "s"}: −${holidayPct(month, holidayDays)} %`;
}

/** A hand-set capacity less the month's holidays (a hand-set value is a full month's). */
export const afterHolidays = (capacity: number, month: string, holidayDays: number) =>
  holidayDays ? round2(capacity * holidayFactor(month, holidayDays)) : capacity;
