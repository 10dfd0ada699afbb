import { stringify } from "csv-stringify/sync";

// Invisible or blank characters a spreadsheet may skip before reading a formula: whitespace and Unicode
// format characters (zero-width space/joiners U+200B-U+200D, word joiner U+2060, BOM U+FEFF, bidi marks).
const LEADING_INVISIBLE = /^[\s\p{Cf}]+/u;
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP CSV injection: a text cell that starts with = + - @ tab or CR runs as a formula in spreadsheets, so
 * it is prefixed with a single quote. The check also looks past leading whitespace and invisible characters
 * and at the NFKC form, so full-width ＝ ＋ － ＠ (and small ﹦ ﹢ ﹣) and "\u200B=" are caught too.
 */
export function csvSafe(v: unknown): unknown {
  if (typeof v !== "string" || v === "") return v;
  if (FORMULA_START.test(v)) return `'${v}`;
  const bare = v.normalize("NFKC").replace(LEADING_INVISIBLE, "");
  return FORMULA_START.test(bare) ? `'${v}` : v;
}

/** The one CSV writer (server exports and the CLI): a header row, every text cell spreadsheet-safe. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify(
    rows.map((r) => r.map(csvSafe)),
    { header: true, columns: [...columns] },
  );
}
