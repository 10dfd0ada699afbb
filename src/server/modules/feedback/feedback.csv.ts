import { createHash } from "node:crypto";
import { type CreateFeedback, CreateFeedbackSchema } from "../../../shared/feedback.schemas.ts";
import {
  CSV_IMPORT_MAX_ROWS,
  FEEDBACK_ALIASES,
  FEEDBACK_IMPORT_FIELDS,
  type FeedbackImportField,
  type FeedbackImportResult,
  guessColumns,
  type ImportFeedback,
  type RowError,
} from "../../../shared/imports.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { readMappedCsv } from "../../lib/csv-read.ts";
import { eachChunk, StepSizer, type Steps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  companiesByKey,
  ensurePeopleByEmail,
  peopleByEmail,
  runInSteps,
} from "../customers/customers.csv.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import {
  deleteItemsByIds,
  insertItemsIfNew,
  limitPendingSearchEntries,
  type NewItemRow,
  selectByExternalKeys,
} from "./feedback.queries.ts";
import { prepareRows } from "./feedback.service.ts";

const SOURCE = "csv";
const KEY_CHUNK = 1000;

const dbOf = (target: Database | Db): Db =>
  "yieldToInteractive" in target ? (target as Database).db : (target as Db);

/** A row's idempotency key when the file has no id column: a hash of what the row says. */
const contentKey = (parts: string[]) =>
  `row:${createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 32)}`;

interface Prepared {
  result: FeedbackImportResult;
  items: CreateFeedback[];
  /** Per item, the author's e-mail when no customer has it yet (their customer is created at write time). */
  newAuthors: (string | null)[];
  /** Authors to create: e-mail → name. */
  newPeople: Map<string, string>;
}

/** Reads and checks a feedback CSV (no writes): per-row errors, and the items when there are none. */
async function prepare(db: Db, ctx: WorkspaceContext, o: ImportFeedback): Promise<Prepared> {
  const { header, rows, mapping, cell } = await readMappedCsv<FeedbackImportField>(o.csv, {
    mapping: o.mapping,
    guess: (h) => guessColumns(FEEDBACK_IMPORT_FIELDS, FEEDBACK_ALIASES, h),
    required: { text: "Choose the column that holds the feedback" },
    maxRows: CSV_IMPORT_MAX_ROWS,
  });
  const emailOk = (e: string) => /^[^\s@]+@[^\s@]+$/.test(e) && e.length <= 254;
  const emails = [...new Set(rows.map((r) => cell(r, "email").toLowerCase()).filter((e) => e && emailOk(e)))];
  const people = await peopleByEmail(db, ctx.workspaceId, emails);
  const companyNames = [...new Set(rows.map((r) => cell(r, "company").toLowerCase()).filter(Boolean))];
  const companies = await companiesByKey(db, ctx.workspaceId, companyNames);

  const errors: RowError[] = [];
  const items: CreateFeedback[] = [];
  const newAuthors: (string | null)[] = [];
  const newPeople = new Map<string, string>();
  const check = (r: string[], i: number) => {
    const row = i + 2;
    const rowErrors: RowError[] = [];
    const email = cell(r, "email").toLowerCase();
    if (email && !emailOk(email))
      rowErrors.push({ row, field: "email", message: `"${email.slice(0, 80)}" is not an e-mail address` });
    const companyCell = cell(r, "company");
    const companyId = companyCell ? (companies.get(companyCell.toLowerCase()) ?? null) : null;
    if (companyCell && !companyId)
      rowErrors.push({
        row,
        field: "company",
        message: `No company "${companyCell.slice(0, 80)}" (import customers first, or leave the column unmapped)`,
      });
    const when = cell(r, "receivedAt");
    let receivedAt: string | null = null;
    if (when) {
      const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(when) ? `${when}T00:00:00Z` : when);
      if (Number.isNaN(t))
        rowErrors.push({ row, field: "receivedAt", message: `"${when.slice(0, 40)}" is not a date` });
      else receivedAt = new Date(t).toISOString();
    }
    const name = cell(r, "authorName");
    const handle = email ? null : cell(r, "handle") || name || null;
    const person = email ? people.get(email) : undefined;
    const parsed = CreateFeedbackSchema.safeParse({
      text: cell(r, "text"),
      title: cell(r, "title") || null,
      source: SOURCE,
      externalId:
        cell(r, "externalId") ||
        contentKey([cell(r, "text"), cell(r, "title"), email, handle ?? "", when, cell(r, "url")]),
      author: { personId: person?.id ?? null, userId: null, handle },
      companyId,
      url: cell(r, "url") || null,
      receivedAt,
      tags: cell(r, "tags")
        .split(/[,;|]/)
        .map((t) => t.trim())
        .filter(Boolean),
    });
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        const field = path.startsWith("author.handle") ? (mapping.handle ? "handle" : "authorName") : path;
        rowErrors.push({ row, field: field || "row", message: issue.message });
      }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    if (!parsed.success) return;
    if (email && !person) newPeople.set(email, name || newPeople.get(email) || email);
    items.push(parsed.data);
    newAuthors.push(email && !person ? email : null);
  };
  await eachChunk(rows, 500, (chunk, start) => {
    for (const [j, r] of chunk.entries()) check(r, start + j);
  });
  const result: FeedbackImportResult = {
    dryRun: o.dryRun,
    rows: rows.length,
    columns: header,
    mapping: mapping as Record<string, string>,
    errors: errors.slice(0, 1000),
    created: 0,
    existing: 0,
    peopleCreated: 0,
  };
  if (errors.length) return { result, items: [], newAuthors: [], newPeople: new Map() };
  return { result, items, newAuthors, newPeople };
}

/** How many of these items are stored already (or repeated in the file): a dry run's `existing`. */
async function countExisting(db: Db, workspaceId: string, items: CreateFeedback[]) {
  const keys = [...new Set(items.map((it) => it.externalId as string))];
  let stored = 0;
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    const chunk = keys
      .slice(i, i + KEY_CHUNK)
      .map((externalId) => ({ source: SOURCE, sourceId: "", externalId }));
    stored += (await selectByExternalKeys(db, workspaceId, chunk)).length;
  }
  return stored + (items.length - keys.length);
}

/**
 * Imports feedback from CSV (source `csv`). Each row's item is keyed by its external id column, else by a hash
 * of its content, so importing a file again (or the same file twice in parallel) adds nothing twice. Authors
 * are matched to customers by e-mail; unknown e-mails become new customers. Any row error means nothing is
 * written. Language and sentiment are computed in chunks that let the event loop turn; the items are written
 * in short steps on PGlite (sized to ~40 ms each), in one transaction on PostgreSQL; a failure half-way
 * deletes what this import wrote.
 */
export async function importFeedbackCsv(
  target: Database | Db,
  ctx: WorkspaceContext,
  o: ImportFeedback,
  clock: Clock,
  onProgress?: (done: number, total: number) => void,
): Promise<FeedbackImportResult> {
  const db = dbOf(target);
  const p = await prepare(db, ctx, o);
  const { result } = p;
  if (result.errors.length) return result;
  if (o.dryRun) {
    result.existing = await countExisting(db, ctx.workspaceId, p.items);
    result.created = p.items.length - result.existing;
    result.peopleCreated = p.newPeople.size;
    return result;
  }
  const created = await runInSteps(target, (steps) =>
    steps.run((tx) => ensurePeopleByEmail(tx, ctx, p.newPeople)),
  );
  result.peopleCreated = created.created;
  const items = p.items.map((it, i) => {
    const email = p.newAuthors[i];
    if (!email) return it;
    return { ...it, author: { personId: created.ids.get(email) ?? null, userId: null, handle: null } };
  });
  const rows = await prepareRows(db, ctx, items, clock, (i) => `row ${i + 2}: `);
  // One order for every import (by key), so parallel imports of the same file never deadlock.
  rows.sort((a, b) => ((a.externalId as string) < (b.externalId as string) ? -1 : 1));
  const inserted: string[] = [];
  await runInSteps(target, async (steps: Steps) => {
    try {
      const sizer = new StepSizer(250, 50, 1000);
      for (let i = 0; i < rows.length; ) {
        const batch = rows.slice(i, i + sizer.next());
        await steps.run(async (tx) => {
          const t0 = performance.now();
          await limitPendingSearchEntries(tx);
          const ids: string[] = [];
          for (let k = 0; k < batch.length; k += 250)
            for (const r of await insertItemsIfNew(tx, batch.slice(k, k + 250) as NewItemRow[]))
              ids.push(r.id);
          inserted.push(...ids);
          // A step of its own (PGlite) shows its items at once; one shared transaction bumps once, at its end.
          if (steps.separate && ids.length) await touchInbox(tx, ctx.workspaceId);
          sizer.took(batch.length, performance.now() - t0);
        });
        i += batch.length;
        onProgress?.(i, rows.length);
      }
      await steps.run(async (tx) => {
        await recordAudit(tx, ctx.workspaceId, ctx, {
          action: "feedback.import",
          entityType: "workspace",
          entityId: ctx.workspaceId,
          after: {
            rows: result.rows,
            created: inserted.length,
            existing: rows.length - inserted.length,
            peopleCreated: result.peopleCreated,
            columns: result.columns,
            mapping: result.mapping,
          },
        });
        // Last: the workspace row is held until commit. On PGlite each step bumped already.
        if (!steps.separate && inserted.length) await touchInbox(tx, ctx.workspaceId);
      });
    } catch (err) {
      if (steps.separate)
        for (let k = 0; k < inserted.length; k += 1000) {
          const ids = inserted.slice(k, k + 1000);
          await steps
            .run(async (tx) => {
              await deleteItemsByIds(tx, ctx.workspaceId, ids);
              await touchInbox(tx, ctx.workspaceId);
            })
            .catch(() => undefined);
        }
      throw err;
    }
  });
  result.created = inserted.length;
  result.existing = rows.length - inserted.length;
  return result;
}
