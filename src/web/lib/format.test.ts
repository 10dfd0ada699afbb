import { afterEach, describe, expect, it } from "vitest";
import {
  displayTimeZone,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatDateTimeZone,
  formatDay,
  formatMonth,
  isTimeZone,
  relativeTime,
  setUserTimeZone,
  todayIso,
} from "./format.ts";

const US = { locale: "en-US" } as const;
// 23:30 UTC on March 31: already April 1 in Berlin, still March 31 in New York.
const LATE = "2027-03-31T23:30:00.000Z";

afterEach(() => setUserTimeZone(null));

describe("formatDate and formatDateTime", () => {
  it("shows a timestamp's day and time in the time zone asked for", () => {
    expect(formatDate(LATE, { ...US, timeZone: "Europe/Berlin" })).toBe("Apr 1, 2027");
    expect(formatDate(LATE, { ...US, timeZone: "America/New_York" })).toBe("Mar 31, 2027");
    expect(formatDateTime(LATE, { ...US, timeZone: "Europe/Berlin" })).toBe("Apr 1, 2027, 1:30 AM");
    expect(formatDateTime(LATE, { ...US, timeZone: "UTC" })).toBe("Mar 31, 2027, 11:30 PM");
  });

  it("uses the account's time zone once set, and the browser's without one", () => {
    setUserTimeZone("Asia/Tokyo");
    expect(displayTimeZone()).toBe("Asia/Tokyo");
    expect(formatDateTime(LATE, US)).toBe("Apr 1, 2027, 8:30 AM");
    setUserTimeZone("Mars/Olympus");
    expect(displayTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("never shifts a calendar date, whatever the time zone", () => {
    for (const timeZone of ["Pacific/Honolulu", "UTC", "Pacific/Kiritimati"])
      expect(formatDate("2027-03-31", { ...US, timeZone })).toBe("Mar 31, 2027");
    setUserTimeZone("America/Los_Angeles");
    expect(formatDate("2027-01-01", US)).toBe("Jan 1, 2027");
  });

  it("follows the locale", () => {
    expect(formatDate("2027-03-31", { locale: "de-DE", timeZone: "UTC" })).toBe("31. März 2027");
    expect(formatDate("2027-03-31", { locale: "en-GB", timeZone: "UTC" })).toBe("31 Mar 2027");
  });

  it("shows a dash for a missing or invalid value", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate("")).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
  });
});

describe("formatDateTimeZone", () => {
  it("names the zone, and falls back for an unknown one", () => {
    expect(formatDateTimeZone("2027-01-31T16:00:00Z", { ...US, timeZone: "Europe/Paris" })).toBe(
      "Jan 31, 2027, 5:00 PM GMT+1",
    );
    setUserTimeZone("UTC");
    expect(formatDateTimeZone("2027-01-31T16:00:00Z", { ...US, timeZone: "Nowhere/Else" })).toBe(
      "Jan 31, 2027, 4:00 PM UTC",
    );
  });
});

describe("months, days and ranges", () => {
  it("formats calendar months and short days", () => {
    expect(formatMonth("2027-03", US)).toBe("Mar 2027");
    expect(formatMonth("2027-03-01", { ...US, long: true })).toBe("March 2027");
    expect(formatDay("2027-03-31", US)).toBe("Mar 31");
  });
  it("writes the year once in a range within one year", () => {
    expect(formatDateRange("2027-01-01", "2027-03-31", US)).toBe("Jan 1 – Mar 31, 2027");
    expect(formatDateRange("2026-12-01", "2027-02-28", US)).toBe("Dec 1, 2026 – Feb 28, 2027");
    expect(formatDateRange("2027-03-31", "2027-03-31", US)).toBe("Mar 31, 2027");
  });
});

describe("todayIso", () => {
  it("is today in the user's time zone", () => {
    const now = Date.parse(LATE);
    expect(todayIso({ now, timeZone: "Europe/Berlin" })).toBe("2027-04-01");
    expect(todayIso({ now, timeZone: "America/New_York" })).toBe("2027-03-31");
  });
});

describe("helpers", () => {
  it("knows time zone names", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
  it("says how long ago", () => {
    const now = Date.parse("2027-03-31T12:00:00Z");
    expect(relativeTime("2027-03-31T12:00:00Z", now)).toBe("just now");
    expect(relativeTime(null, now)).toBe("never");
  });
});
