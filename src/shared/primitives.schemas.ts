import { z } from "zod";

/**
 * The input primitives every API schema builds on. Each one accepts only what PostgreSQL can store and
 * what the server's arithmetic can handle, so bad input is a 400 with a field error, never a 500 from
 * the database (NUL bytes, lone surrogates, 32-bit overflow, year 0, forged cursors).
 */

// A UTF-16 surrogate half without its partner: valid in a JS string, not encodable as UTF-8 (jsonb refuses it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store the string in text and jsonb columns: no NUL, no lone surrogate. */
export const isStorableText = (s: string) => !s.includes("\u0000") && !LONE_SURROGATE.test(s);

/** Any text input: a string without NUL characters or lone UTF-16 surrogates (chain .trim(), .min(), .max()). */
export const text = () =>
  z
    .string()
    .refine((s) => !s.includes("\u0000"), "Remove the NUL character (\\u0000)")
    .refine((s) => !LONE_SURROGATE.test(s), "Contains an invalid character (a lone UTF-16 surrogate)");

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;
/** An integer between min and max, both within PostgreSQL's 32-bit integer. */
export const int = (min = INT32_MIN, max = INT32_MAX) =>
  z
    .number()
    .int("Use a whole number")
    .min(Math.max(min, INT32_MIN), `At least ${Math.max(min, INT32_MIN)}`)
    .max(Math.min(max, INT32_MAX), `At most ${Math.min(max, INT32_MAX)}`);
/** The optimistic-locking version sent back on updates (an int4 column). */
export const VersionSchema = int(1);
/** An integer from a query string ("20"), bounded like int(). */
export const queryInt = (min: number, max: number) =>
  z.coerce
    .number("Use a whole number")
    .int("Use a whole number")
    .min(Math.max(min, INT32_MIN), `At least ${min}`)
    .max(Math.min(max, INT32_MAX), `At most ${max}`);
/** A finite number between min and max: stored in double precision, with room for arithmetic on it. */
export const num = (min: number, max: number) =>
  z.number().min(min, `At least ${min}`).max(max, `At most ${max}`);

/** Calendar years the API accepts: PostgreSQL has no year 0, and dates far out overflow when periods are added. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;
const yearOk = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
const YEARS = `Use a year from ${MIN_YEAR} to ${MAX_YEAR}`;

/** A calendar day, 'YYYY-MM-DD', that exists, in years MIN_YEAR..MAX_YEAR. */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2027-01-31")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "This date does not exist")
  .refine(yearOk, YEARS);
/** The first day of a month, 'YYYY-MM-01' ('YYYY-MM' is accepted and normalized). */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-01)?$/, "Use a month like 2027-01")
  .refine(yearOk, YEARS)
  .transform((s) => (s.length === 7 ? `${s}-01` : s));
/** An ISO-8601 date-time with offset ('2027-01-31T17:00:00Z'), in years MIN_YEAR..MAX_YEAR. */
export const instant = (message = "Use a date and time like 2027-01-31T17:00:00Z") =>
  z.iso.datetime({ offset: true, message }).refine(yearOk, YEARS);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Decodes a list cursor (base64url of `["<ISO timestamp>", "<uuid>"]`); null when it is not one the server made. */
export function parseCursor(raw: string): { at: string; id: string } | null {
  try {
    const b64 = raw.replaceAll("-", "+").replaceAll("_", "/");
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    if (typeof at !== "string" || typeof id !== "string") return null;
    if (!CURSOR_AT.test(at) || !yearOk(at) || !UUID.test(id)) return null;
    // The instant must exist (no 2027-02-30, no 24:00).
    if (new Date(at).toISOString().slice(0, 19) !== at.slice(0, 19)) return null;
    return { at, id };
  } catch {
    return null;
  }
}
/** A list cursor as the server hands it out in `nextCursor`; anything else (forged, truncated) is refused. */
export const CursorSchema = z
  .string()
  .max(500)
  .refine((s) => parseCursor(s) !== null, "Malformed cursor");
