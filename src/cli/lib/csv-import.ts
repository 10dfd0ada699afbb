import { readFileSync } from "node:fs";
import { AppError, invalid } from "../../server/errors.ts";
import type { RowError } from "../../shared/imports.schemas.ts";
import { readStdin } from "./input.ts";
import { plural } from "./output.ts";
import { type Progress, progressBar, wantsProgress } from "./progress.ts";

/** The options every `baton … import <file.csv>` command takes. */
export interface CsvImportOptions {
  dryRun?: boolean;
  map?: string;
  progress?: boolean;
  json?: boolean;
}

/** "title=Name,text=Body" → { title: "Name", text: "Body" } (column names may hold spaces), checked against the import's fields. */
export function parseMapping(text: string | undefined, known: readonly string[]) {
  if (text === undefined) return undefined;
  const mapping: Record<string, string> = {};
  const fields: Record<string, string> = {};
  for (const pair of text.split(",")) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf("=");
    const field = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const column = eq < 0 ? "" : pair.slice(eq + 1).trim();
    if (!known.includes(field)) fields["--map"] = `unknown field "${field}"; fields: ${known.join(", ")}`;
    else if (!column) fields["--map"] = `give the column of ${field} as ${field}=<column>`;
    else mapping[field] = column;
  }
  if (Object.keys(fields).length) throw invalid(fields, "Some options are invalid");
  return mapping;
}

/** The CSV text of a file, or of standard input for "-". */
export async function readCsvFile(file: string) {
  try {
    return file === "-" ? await readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    throw invalid({ file: (err as Error).message }, `Cannot read ${file}`);
  }
}

const MAX_LISTED = 100;

/**
 * Runs an import with a progress bar, prints the columns it used and its row problems (or the whole
 * result with --json), and fails when a row has a problem. The service's "mapping.x" field errors
 * come from --map here.
 */
export async function runCsvImport<
  R extends { errors: RowError[]; mapping: Record<string, string>; dryRun: boolean },
>(file: string, o: CsvImportOptions, go: (bar: Progress) => Promise<R>): Promise<R> {
  const bar = progressBar(wantsProgress(o.progress), "import");
  const result = await go(bar)
    .catch((err) => {
      if (err instanceof AppError && err.fields)
        throw new AppError(
          err.code,
          err.message,
          Object.fromEntries(
            Object.entries(err.fields).map(([k, v]) => [k.replace(/^mapping\./, "--map "), v]),
          ),
        );
      throw err;
    })
    .finally(() => bar.stop());
  if (o.json) console.log(JSON.stringify(result, null, 2));
  else {
    const mapped = Object.entries(result.mapping)
      .map(([field, column]) => `${field} ← "${column}"`)
      .join(", ");
    console.log(`Columns: ${mapped || "(none recognized)"}`);
    if (result.errors.length) {
      const rows = new Set(result.errors.map((e) => e.row)).size;
      console.log(`${plural(result.errors.length, "problem")} in ${plural(rows, "row")}:`);
      for (const e of result.errors.slice(0, MAX_LISTED))
        console.log(`  row ${e.row}  ${e.field}: ${e.message}`);
      if (result.errors.length > MAX_LISTED)
        console.log(`  … and ${result.errors.length - MAX_LISTED} more (all of them with --json)`);
    }
  }
  if (result.errors.length)
    throw new AppError(
      "validation",
      `${plural(result.errors.length, "problem")} in ${file}; ${result.dryRun ? "a real import would be refused" : "nothing was imported"}`,
    );
  return result;
}
