import { readFileSync } from "node:fs";
import { z } from "zod";
import { AppError, invalid } from "../../server/errors.ts";
import { FEEDBACK_SOURCES, FEEDBACK_STATUSES } from "../../shared/feedback.ts";
import {
  CUSTOMER_IMPORT_FIELDS,
  type CustomerImportResult,
  FEEDBACK_IMPORT_FIELDS,
  type FeedbackImportResult,
  ImportCustomersSchema,
  ImportFeedbackSchema,
  type RowError,
} from "../../shared/imports.schemas.ts";
import { type Backend, withBackend } from "../lib/backend.ts";
import { parseOptions, readStdin } from "../lib/input.ts";
import { plural, table, csv as toCsv } from "../lib/output.ts";
import { progressBar, wantsProgress } from "../lib/progress.ts";
import { workspaceScope } from "../lib/scope.ts";

/** "text=Body,email=From" → { text: "Body", email: "From" }, checked against the import's fields. */
function parseMapping(text: string | undefined, known: readonly string[]) {
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

interface ImportOptions {
  workspace?: string;
  dryRun?: boolean;
  map?: string;
  progress?: boolean;
  json?: boolean;
}

const MAX_LISTED = 100;

async function readCsv(file: string) {
  try {
    return file === "-" ? await readStdin() : readFileSync(file, "utf8");
  } catch (err) {
    throw invalid({ file: (err as Error).message }, `Cannot read ${file}`);
  }
}

/** Runs an import through the backend; the service's "mapping.x" field errors come from --map here. */
async function runImport<R extends { errors: RowError[]; mapping: Record<string, string> }>(
  file: string,
  o: ImportOptions,
  go: (b: Backend, wid: string, bar: ReturnType<typeof progressBar>) => Promise<R>,
): Promise<R> {
  const bar = progressBar(wantsProgress(o.progress), "import");
  const result = await withBackend("write", async (b) =>
    go(b, (await workspaceScope(b, o.workspace)).id, bar),
  )
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
      `${plural(result.errors.length, "problem")} in ${file}; ${(result as unknown as { dryRun: boolean }).dryRun ? "a real import would be refused" : "nothing was imported"}`,
    );
  return result;
}

/** `baton feedback import <file.csv>`: items keyed by the id column (or the row's content): a re-import adds nothing. */
export async function runFeedbackImport(file: string, o: ImportOptions) {
  const input = parseOptions(ImportFeedbackSchema, {
    csv: await readCsv(file),
    mapping: parseMapping(o.map, FEEDBACK_IMPORT_FIELDS),
    dryRun: Boolean(o.dryRun),
  });
  const r: FeedbackImportResult = await runImport(file, o, (b, wid, bar) =>
    b.importFeedback(wid, input, bar),
  );
  if (o.json) return;
  const people = r.peopleCreated ? `, ${plural(r.peopleCreated, "new customer")}` : "";
  if (r.dryRun)
    console.log(
      `Dry run: all ${plural(r.rows, "row")} are valid; ${plural(r.created, "item")} would be added, ${r.existing} already imported${people}.`,
    );
  else
    console.log(`Imported ${plural(r.created, "feedback item")}, ${r.existing} already imported${people}.`);
}

/** `baton customers import <file.csv>`: companies by domain or name, people by external id or e-mail. */
export async function runCustomersImport(file: string, o: ImportOptions) {
  const input = parseOptions(ImportCustomersSchema, {
    csv: await readCsv(file),
    mapping: parseMapping(o.map, CUSTOMER_IMPORT_FIELDS),
    dryRun: Boolean(o.dryRun),
  });
  const r: CustomerImportResult = await runImport(file, o, (b, wid, bar) =>
    b.importCustomers(wid, input, bar),
  );
  if (o.json) return;
  const counts = `companies: ${r.companies.created} new, ${r.companies.updated} updated; people: ${r.people.created} new, ${r.people.updated} updated`;
  console.log(
    r.dryRun ? `Dry run: all ${plural(r.rows, "row")} are valid; ${counts}.` : `Imported ${counts}.`,
  );
}

const ListOptions = z.object({
  status: z.array(z.enum(FEEDBACK_STATUSES)).optional(),
  source: z.array(z.enum(FEEDBACK_SOURCES)).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(50),
  format: z.enum(["table", "csv", "json"]).default("table"),
});

/** `baton feedback list`: the inbox, newest first. */
export async function runFeedbackList(o: {
  workspace?: string;
  status?: string[];
  source?: string[];
  q?: string;
  limit?: string;
  format?: string;
}) {
  const opts = parseOptions(ListOptions, o);
  const items = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const out: Awaited<ReturnType<Backend["feedbackPage"]>>["items"] = [];
    let cursor: string | undefined;
    do {
      const page = await b.feedbackPage(ws.id, {
        status: opts.status,
        source: opts.source,
        q: opts.q,
        limit: Math.min(200, opts.limit - out.length),
        cursor,
      });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < opts.limit);
    return out;
  });
  if (opts.format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  const author = (i: (typeof items)[number]) => i.personName ?? i.handle ?? "";
  const rows = items.map((i) => [
    i.receivedAt,
    i.status,
    i.source,
    i.sentiment,
    author(i),
    i.companyName ?? "",
    i.text.replace(/\s+/g, " ").slice(0, 80),
    i.id,
  ]);
  const header = ["receivedAt", "status", "source", "sentiment", "author", "company", "text", "id"];
  if (opts.format === "csv") {
    process.stdout.write(toCsv(header, rows));
    return;
  }
  if (!items.length) {
    console.log("No feedback matches.");
    return;
  }
  console.log(
    table(["Received (UTC)", "Status", "Source", "Sentiment", "Author", "Company", "Text", "Id"], rows, 80),
  );
}
