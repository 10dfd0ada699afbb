import { renameSync, rmSync, writeFileSync } from "node:fs";
import { invalid } from "../../server/errors.ts";
import { toCsv } from "../../shared/csv.ts";

/** Pads cells into aligned columns (the header underlined); long cells are cut with an ellipsis. */
export function table(header: string[], rows: (string | number | null | undefined)[][], max = 60): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? "" : String(v).replace(/\s+/g, " ");
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  };
  const cells = rows.map((r) => r.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n");
}

/** A score for reading: at most two decimals, "—" when there is none. */
export const fmtNumber = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : String(Math.round(n * 100) / 100);

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** Writes beside the target and renames: a crash never leaves a half-written file under the real name. */
export function writeFileAtomic(file: string, text: string, option = "--out") {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw invalid({ [option]: (err as Error).message }, `Cannot write ${file}`);
  }
}

/** CSV with a header row, every text cell spreadsheet-safe. */
export const csv = (columns: readonly string[], rows: unknown[][]): string => toCsv(columns, rows);

/** A share 0..1 as a whole percentage, "—" when there is none. */
export const fmtPercent = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`;
