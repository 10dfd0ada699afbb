import { z } from "zod";
import { FEEDBACK_SOURCES, FEEDBACK_STATUSES } from "../../shared/feedback.ts";
import {
  CUSTOMER_IMPORT_FIELDS,
  type CustomerImportResult,
  FEEDBACK_IMPORT_FIELDS,
  type FeedbackImportResult,
  ImportCustomersSchema,
  ImportFeedbackSchema,
} from "../../shared/imports.schemas.ts";
import { type Backend, withBackend } from "../lib/backend.ts";
import { type CsvImportOptions, parseMapping, readCsvFile, runCsvImport } from "../lib/csv-import.ts";
import { parseOptions } from "../lib/input.ts";
import { plural, table, csv as toCsv } from "../lib/output.ts";
import { workspaceScope } from "../lib/scope.ts";

interface ImportOptions extends CsvImportOptions {
  workspace?: string;
}

/** `baton feedback import <file.csv>`: items keyed by the id column (or the row's content): a re-import adds nothing. */
export async function runFeedbackImport(file: string, o: ImportOptions) {
  const input = parseOptions(ImportFeedbackSchema, {
    csv: await readCsvFile(file),
    mapping: parseMapping(o.map, FEEDBACK_IMPORT_FIELDS),
    dryRun: Boolean(o.dryRun),
  });
  const r: FeedbackImportResult = await runCsvImport(file, o, (bar) =>
    withBackend("write", async (b) =>
      b.importFeedback((await workspaceScope(b, o.workspace)).id, input, bar),
    ),
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
    csv: await readCsvFile(file),
    mapping: parseMapping(o.map, CUSTOMER_IMPORT_FIELDS),
    dryRun: Boolean(o.dryRun),
  });
  const r: CustomerImportResult = await runCsvImport(file, o, (bar) =>
    withBackend("write", async (b) =>
      b.importCustomers((await workspaceScope(b, o.workspace)).id, input, bar),
    ),
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
