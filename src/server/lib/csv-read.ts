import { once } from "node:events";
import { parse as parseStream } from "csv-parse";
import { isStorableText } from "../../shared/primitives.schemas.ts";
import { invalid } from "../errors.ts";
import { nextTurn } from "./steps.ts";

/** Characters parsed between two turns of the event loop (a 20 MB file takes seconds of CPU). */
const CHUNK_CHARS = 256 * 1024;
/** Longest record (all its cells) accepted: a runaway quote would otherwise swallow the rest of the file. */
const MAX_RECORD_CHARS = 1_000_000;

/** Parses CSV text in slices, letting the event loop turn between them. Throws csv-parse's errors. */
export async function parseCsv(text: string, maxRecordChars = MAX_RECORD_CHARS): Promise<string[][]> {
  const records: string[][] = [];
  const parser = parseStream({
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    max_record_size: maxRecordChars,
  });
  parser.on("data", (r: string[]) => records.push(r));
  const done = new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
  });
  done.catch(() => undefined); // awaited below; a parse error must not surface as an unhandled rejection first
  for (let i = 0; i < text.length && !parser.destroyed; i += CHUNK_CHARS) {
    if (!parser.write(text.slice(i, i + CHUNK_CHARS))) await once(parser, "drain");
    await nextTurn();
  }
  parser.end();
  await done;
  return records;
}

export interface MappedCsv<F extends string> {
  header: string[];
  rows: string[][];
  mapping: Partial<Record<F, string>>;
  /** A row's cell for a field ('' when unmapped or missing), trimmed. */
  cell: (r: string[], f: F) => string;
}

/**
 * Reads an import's CSV and its mapping (the given one, else `guess(header)`): 400 with a `csv` field error
 * for an unreadable file (bad quoting, a record over 1 MB), a header with a NUL, too many rows; with
 * `mapping.<field>` errors for a column that is not in the header or a required field left unmapped.
 */
export async function readMappedCsv<F extends string>(
  csv: string,
  o: {
    mapping: Partial<Record<F, string>> | undefined;
    guess: (header: string[]) => Partial<Record<F, string>>;
    required: Record<string, string>;
    maxRows: number;
  },
): Promise<MappedCsv<F>> {
  let records: string[][];
  try {
    records = await parseCsv(csv.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw invalid({ csv: `Not a readable CSV file: ${(e as Error).message.slice(0, 200)}` });
  }
  if (records.length < 1) throw invalid({ csv: "The file has no header row" });
  const [header, ...rows] = records;
  if (!header.every(isStorableText))
    throw invalid({ csv: "The header row holds a NUL or an invalid character (a lone UTF-16 surrogate)" });
  const mapping = o.mapping && Object.keys(o.mapping).length ? o.mapping : o.guess(header);
  const fields: Record<string, string> = {};
  for (const [f, col] of Object.entries(mapping))
    if (col && !header.includes(col as string)) fields[`mapping.${f}`] = `No column "${col}"`;
  for (const [f, message] of Object.entries(o.required))
    if (!mapping[f as F]) fields[`mapping.${f}`] = message;
  if (Object.keys(fields).length) throw invalid(fields);
  if (rows.length > o.maxRows)
    throw invalid({ csv: `Import at most ${o.maxRows.toLocaleString("en")} rows at a time` });
  const index = new Map<string, number>();
  for (const [f, c] of Object.entries(mapping)) if (c) index.set(f, header.indexOf(c as string));
  const cell = (r: string[], f: F) => {
    const i = index.get(f);
    return i === undefined || i < 0 ? "" : (r[i] ?? "").trim();
  };
  return { header, rows, mapping, cell };
}
