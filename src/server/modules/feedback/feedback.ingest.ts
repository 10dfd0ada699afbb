import { randomUUID } from "node:crypto";
import type { CreateFeedback } from "../../../shared/feedback.schemas.ts";
import { normalizeFeedbackText } from "../../../shared/feedback.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { AppError, invalid } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { inSteps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { companiesOfPeople, missingCustomers } from "../customers/customers.service.ts";
import { isMember } from "../members/members.service.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import { analyzeTexts, type TextSignals } from "./feedback.nlp.ts";
import {
  deleteItemsByIds,
  insertItemsIfNew,
  limitPendingSearchEntries,
  type NewItemRow,
  selectByExternalKeys,
} from "./feedback.queries.ts";

/**
 * Feedback coming in (docs/FEEDBACK.md "Ingestion"): checked, analysed (language, sentiment) and stored
 * idempotently by (source, sourceId, externalId) — one transaction, steps for big batches, gated steps for polls.
 */

/** Rows per INSERT: one short statement each, so PGlite answers other requests between them. */
const INSERT_CHUNK = 250;

type Keyed = { source: string; sourceId?: string | null; externalId?: string | null };

const keyOf = (r: Keyed) => `${r.source}\u0000${r.sourceId}\u0000${r.externalId}`;

/**
 * Checks every item's references (customer, company, colleague) in a few queries; all failures are
 * reported at once as field errors ("items.3.author.personId"), nothing is written.
 */
async function checkReferences(
  db: Db,
  workspaceId: string,
  items: CreateFeedback[],
  prefix: (i: number) => string,
) {
  const refs = await missingCustomers(db, workspaceId, {
    people: items.flatMap((it) => (it.author.personId ? [it.author.personId] : [])),
    companies: items.flatMap((it) => (it.companyId ? [it.companyId] : [])),
  });
  const users = [...new Set(items.flatMap((it) => (it.author.userId ? [it.author.userId] : [])))];
  const members = new Set<string>();
  for (const u of users) if (await isMember(db, workspaceId, u)) members.add(u);
  const fields: Record<string, string> = {};
  items.forEach((it, i) => {
    if (it.author.personId && !refs.people.has(it.author.personId))
      fields[`${prefix(i)}author.personId`] = "not found";
    if (it.companyId && !refs.companies.has(it.companyId)) fields[`${prefix(i)}companyId`] = "not found";
    if (it.author.userId && !members.has(it.author.userId)) fields[`${prefix(i)}author.userId`] = "not found";
  });
  if (Object.keys(fields).length)
    throw new AppError("not_found", "A referenced record was not found", fields);
}

/**
 * Rows to insert, in chunks of `size` (in the items' order), each ready once its language and sentiment are
 * computed (in worker threads for a batch: the event loop stays free). Texts and references are checked
 * first: a refusal throws before any chunk is analysed to the end.
 */
export async function prepareRowChunks(
  db: Db,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  prefix: (i: number) => string,
  size = Number.POSITIVE_INFINITY,
): Promise<Promise<NewItemRow[]>[]> {
  const fields: Record<string, string> = {};
  const texts = items.map((it, i) => {
    const t = normalizeFeedbackText(it.text);
    if (!t) fields[`${prefix(i)}text`] = "Write the feedback";
    return t;
  });
  if (Object.keys(fields).length) throw invalid(fields);
  // Language and sentiment (worker threads for a batch) start now, chunk by chunk, and run while the
  // references are checked and earlier chunks are written.
  const step = Math.max(1, Math.min(size, items.length));
  const analyses: Promise<TextSignals[]>[] = [];
  for (let start = 0; start < items.length; start += step) {
    const a = analyzeTexts(
      items.slice(start, start + step).map((it, k) => `${it.title ?? ""}\n${texts[start + k]}`.trim()),
    );
    a.catch(() => undefined); // awaited by the caller; a refused reference must not leave it unhandled
    analyses.push(a);
  }
  await checkReferences(db, ctx.workspaceId, items, prefix);
  const personCompany = await companiesOfPeople(
    db,
    ctx.workspaceId,
    items.flatMap((it) => (it.author.personId && !it.companyId ? [it.author.personId] : [])),
  );
  const now = clock.now().toISOString();
  const row = (it: CreateFeedback, text: string, signal: TextSignals): NewItemRow => ({
    workspaceId: ctx.workspaceId,
    id: randomUUID(),
    title: it.title ? normalizeFeedbackText(it.title) || null : null,
    text,
    source: it.source,
    sourceId: it.sourceId,
    externalId: it.externalId,
    personId: it.author.personId,
    userId: it.author.userId,
    handle: it.author.handle,
    companyId: it.companyId ?? (it.author.personId ? (personCompany.get(it.author.personId) ?? null) : null),
    url: it.url,
    receivedAt: it.receivedAt ? new Date(it.receivedAt).toISOString() : now,
    language: signal.language,
    sentimentScore: signal.sentimentScore,
    sentimentHint: signal.sentimentHint,
    sentiment: signal.sentimentHint,
    tags: [...new Set(it.tags)],
    createdBy: ctx.userId,
  });
  return analyses.map((a, c) => {
    const rows = a.then((signals) =>
      signals.map((signal, k) => row(items[c * step + k], texts[c * step + k], signal)),
    );
    // A caller stops at the first failed step and never awaits the later chunks: their failure must not go unhandled.
    rows.catch(() => undefined);
    return rows;
  });
}

/** Rows to insert, with language and sentiment computed (in worker threads for a batch: the event loop stays free). */
export async function prepareRows(
  db: Db,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  prefix: (i: number) => string,
) {
  return (await Promise.all(await prepareRowChunks(db, ctx, items, clock, prefix))).flat();
}

/** Item indexes in key order: one lock order for every request, so parallel batches with shared keys never deadlock. */
function keyOrder(items: Keyed[]) {
  const keys = items.map(keyOf);
  return items.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
}

/**
 * Stores feedback idempotently: an item whose (source, sourceId, externalId) is already stored (re-delivery,
 * a parallel duplicate, or twice in one batch) answers with the stored item's id and `created: false`. All or
 * nothing: references are checked first; the inserts share one transaction, or, for a batch of more than
 * INSERT_CHUNK items on an opened Database, go in steps (ingestInSteps) that undo themselves on failure.
 */
export async function ingestFeedback(
  database: Database,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  { batch = true } = {},
) {
  const prefix = batch ? (i: number) => `items.${i}.` : () => "";
  if (batch && items.length > INSERT_CHUNK && database.kind)
    return ingestInSteps(database, ctx, items, clock);
  const rows = await prepareRows(database.db, ctx, items, clock, prefix);
  const order = keyOrder(rows);
  return database.db.transaction(async (tx) => {
    if (rows.length > 1) await limitPendingSearchEntries(tx);
    const inserted = new Set<string>();
    for (let i = 0; i < order.length; i += INSERT_CHUNK) {
      const chunk = order.slice(i, i + INSERT_CHUNK).map((k) => rows[k]);
      for (const r of await insertItemsIfNew(tx, chunk)) inserted.add(r.id);
    }
    const existing = await existingIds(tx, ctx.workspaceId, rows, inserted);
    const result = resultOf(rows, inserted, existing);
    const created = result.filter((r) => r.created).map((r) => r.id);
    if (created.length)
      await recordAudit(tx, ctx.workspaceId, ctx, {
        action: batch ? "feedback.ingest" : "feedback.create",
        entityType: "feedback",
        entityId: batch ? null : created[0],
        after: batch
          ? { created: created.length, ids: created }
          : (({ text, ...row }) => ({ ...row, text: text.slice(0, 2000) }))(
              rows[0] as NewItemRow & { text: string },
            ),
      });
    // Last, so parallel ingests hold the workspace's row only until their commit.
    if (created.length) await touchInbox(tx, ctx.workspaceId);
    return { created: created.length, existing: result.length - created.length, items: result };
  });
}

/** The stored ids of rows that were skipped (their idempotency key was taken), by key. */
async function existingIds(db: Db, workspaceId: string, rows: NewItemRow[], inserted: Set<string>) {
  const skipped = rows.filter((r) => !inserted.has(r.id as string) && r.externalId);
  const existing = new Map<string, string>();
  for (let i = 0; i < skipped.length; i += INSERT_CHUNK) {
    const keys = skipped.slice(i, i + INSERT_CHUNK).map((r) => ({
      source: r.source,
      sourceId: r.sourceId as string,
      externalId: r.externalId as string,
    }));
    for (const e of await selectByExternalKeys(db, workspaceId, keys)) existing.set(keyOf(e), e.id);
  }
  return existing;
}

function resultOf(rows: NewItemRow[], inserted: Set<string>, existing: Map<string, string>) {
  return rows.map((r) => {
    if (inserted.has(r.id as string)) return { id: r.id as string, created: true };
    const id = existing.get(keyOf(r));
    // Only a conflict on the idempotency key skips a row; anything else is a bug worth a 500.
    if (!id) throw new Error("feedback insert skipped without an idempotency conflict");
    return { id, created: false };
  });
}

/**
 * A batch in steps of INSERT_CHUNK rows (in key order), each written as soon as its language and sentiment are
 * back from the workers, while they analyse the next ones (before, the workers idled while the rows were
 * written and the main thread idled while they analysed). On PGlite each step is a short transaction started
 * after interactive queries had their turn, and a failure deletes what the batch inserted; on PostgreSQL the
 * steps share one transaction. The audit entry and the inbox bump come last.
 */
async function ingestInSteps(
  database: Database,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  { stepRows = INSERT_CHUNK, onlyCounts = false, gate = false } = {},
) {
  const order = keyOrder(items);
  const chunks = await prepareRowChunks(
    database.db,
    ctx,
    order.map((i) => items[i]),
    clock,
    (i) => `items.${order[i]}.`,
    stepRows,
  );
  const write = () =>
    inSteps(database, async (steps) => {
      const rows: NewItemRow[] = [];
      const inserted = new Set<string>();
      const existing = new Map<string, string>();
      try {
        for (const chunk of chunks) {
          const part = await chunk;
          rows.push(...part);
          await steps.run(async (tx) => {
            await limitPendingSearchEntries(tx);
            const ids = (await insertItemsIfNew(tx, part)).map((r) => r.id);
            for (const id of ids) inserted.add(id);
            if (!onlyCounts)
              for (const [k, id] of await existingIds(tx, ctx.workspaceId, part, inserted))
                existing.set(k, id);
            // A step of its own (PGlite) shows its items at once; one shared transaction bumps once, at its end.
            if (steps.separate && ids.length) await touchInbox(tx, ctx.workspaceId);
          });
        }
        const sorted = onlyCounts ? [] : resultOf(rows, inserted, existing);
        const result = new Array<{ id: string; created: boolean }>(sorted.length);
        sorted.forEach((r, j) => {
          result[order[j]] = r;
        });
        const created = onlyCounts ? [...inserted] : result.filter((r) => r.created).map((r) => r.id);
        if (created.length)
          await steps.run(async (tx) => {
            await recordAudit(tx, ctx.workspaceId, ctx, {
              action: "feedback.ingest",
              entityType: "feedback",
              entityId: null,
              after: { created: created.length, ids: created },
            });
            if (!steps.separate) await touchInbox(tx, ctx.workspaceId); // on PGlite, each step bumped already
          });
        return { created: created.length, existing: rows.length - created.length, items: result };
      } catch (err) {
        if (steps.separate)
          for (let k = 0, ids = [...inserted]; k < ids.length; k += 1000) {
            const part = ids.slice(k, k + 1000);
            await steps
              .run(async (tx) => {
                await deleteItemsByIds(tx, ctx.workspaceId, part);
                await touchInbox(tx, ctx.workspaceId);
              })
              .catch(() => undefined);
          }
        throw err;
      }
    });
  // Analysed outside the gate: only the writes take turns.
  return gate ? gated(database, write) : write();
}

/**
 * Background ingestions (polls) write one at a time per database: 50 sources polled together would otherwise
 * queue 50 transactions ahead of an interactive query on PGlite's one connection, or take every pooled
 * connection on PostgreSQL. Two at a time on PostgreSQL, where they do not block readers.
 */
const gates = new WeakMap<Database, { free: number; waiting: (() => void)[] }>();
async function gated<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  let gate = gates.get(database);
  if (!gate) {
    gate = { free: database.kind === "postgres" ? 2 : 1, waiting: [] };
    gates.set(database, gate);
  }
  if (gate.free > 0) gate.free--;
  else await new Promise<void>((resolve) => gate.waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = gate.waiting.shift();
    if (next) next();
    else gate.free++;
  }
}

/** Rows per step of a background ingestion: a 100-row insert holds PGlite ~10-20 ms. */
const STEP_ROWS = 100;

/**
 * Ingests items that arrive in the background (a poll), idempotent like ingestFeedback, written so that other
 * requests keep their pace: one background ingestion at a time (gated), in steps of STEP_ROWS (ingestInSteps:
 * on PGlite each a short transaction after interactive queries had their turn; a failure deletes what it
 * inserted). Counts only (a poll reports them).
 */
export async function ingestInBackground(
  database: Database,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
): Promise<{ created: number; existing: number }> {
  const r = await ingestInSteps(database, ctx, items, clock, {
    stepRows: STEP_ROWS,
    onlyCounts: true,
    gate: true,
  });
  return { created: r.created, existing: r.existing };
}
