import { randomUUID } from "node:crypto";
import {
  type CreateFeedback,
  type FeedbackItem,
  FeedbackPageSchema,
  type FeedbackQuery,
  type UpdateFeedback,
} from "../../../shared/feedback.schemas.ts";
import { normalizeFeedbackText } from "../../../shared/feedback.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { AppError, invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { inSteps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { companiesOfPeople, missingCustomers } from "../customers/customers.service.ts";
import { prefixQuery } from "../ideas/ideas.service.ts";
import { assertMember, isMember } from "../members/members.service.ts";
import { touchBacklogs } from "../scoring/scoring.service.ts";
import { inboxRevision, touchInbox } from "../workspaces/workspaces.service.ts";
import { countLinksOfItem } from "./evidence.queries.ts";
import { analyzeTexts } from "./feedback.nlp.ts";
import {
  deleteItemRow,
  deleteItemsByIds,
  insertItemsIfNew,
  limitPendingSearchEntries,
  type NewItemRow,
  type RawItem,
  selectByExternalKeys,
  selectItemPage,
  selectItems,
  selectStatusCounts,
  updateItemRow,
} from "./feedback.queries.ts";

/** Rows per INSERT: one short statement each, so PGlite answers other requests between them. */
const INSERT_CHUNK = 250;

export function toItem(r: RawItem): FeedbackItem {
  return isoColumns(r, "receivedAt", "createdAt", "updatedAt") as unknown as FeedbackItem;
}

export async function getItem(db: Db, workspaceId: string, id: string): Promise<FeedbackItem> {
  const [r] = await selectItems(db, workspaceId, [id]);
  if (!r) throw notFound("Feedback");
  return toItem(r);
}

const keyOf = (r: { source: string; sourceId: string; externalId: string | null }) =>
  `${r.source}\u0000${r.sourceId}\u0000${r.externalId}`;

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

/** Rows to insert, with language and sentiment computed (in worker threads for a batch: the event loop stays free). */
export async function prepareRows(
  db: Db,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  prefix: (i: number) => string,
) {
  const fields: Record<string, string> = {};
  const texts = items.map((it, i) => {
    const t = normalizeFeedbackText(it.text);
    if (!t) fields[`${prefix(i)}text`] = "Write the feedback";
    return t;
  });
  if (Object.keys(fields).length) throw invalid(fields);
  // Language and sentiment (worker threads for a batch) start now and run while the references are checked.
  const analysis = analyzeTexts(items.map((it, i) => `${it.title ?? ""}\n${texts[i]}`.trim()));
  analysis.catch(() => undefined); // awaited below; a refused reference must not leave it unhandled
  await checkReferences(db, ctx.workspaceId, items, prefix);
  const personCompany = await companiesOfPeople(
    db,
    ctx.workspaceId,
    items.flatMap((it) => (it.author.personId && !it.companyId ? [it.author.personId] : [])),
  );
  const now = clock.now().toISOString();
  const signals = await analysis;
  return items.map(
    (it, i): NewItemRow => ({
      workspaceId: ctx.workspaceId,
      id: randomUUID(),
      title: it.title ? normalizeFeedbackText(it.title) || null : null,
      text: texts[i],
      source: it.source,
      sourceId: it.sourceId,
      externalId: it.externalId,
      personId: it.author.personId,
      userId: it.author.userId,
      handle: it.author.handle,
      companyId:
        it.companyId ?? (it.author.personId ? (personCompany.get(it.author.personId) ?? null) : null),
      url: it.url,
      receivedAt: it.receivedAt ? new Date(it.receivedAt).toISOString() : now,
      language: signals[i].language,
      sentimentScore: signals[i].sentimentScore,
      sentimentHint: signals[i].sentimentHint,
      sentiment: signals[i].sentimentHint,
      tags: [...new Set(it.tags)],
      createdBy: ctx.userId,
    }),
  );
}

/**
 * Stores feedback idempotently: an item whose (source, sourceId, externalId) is already stored (re-delivery,
 * a parallel duplicate, or twice in one batch) answers with the stored item's id and `created: false`. All or
 * nothing: references are checked first and the inserts share one transaction.
 */
export async function ingestFeedback(
  database: Database,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
  { batch = true } = {},
) {
  const prefix = batch ? (i: number) => `items.${i}.` : () => "";
  const rows = await prepareRows(database.db, ctx, items, clock, prefix);
  // One lock order for every request (by key), so parallel batches with shared keys never deadlock.
  const order = rows.map((_, i) => i);
  order.sort((a, b) => (keyOf(rows[a] as never) < keyOf(rows[b] as never) ? -1 : 1));
  return database.db.transaction(async (tx) => {
    if (rows.length > 1) await limitPendingSearchEntries(tx);
    const inserted = new Set<string>();
    for (let i = 0; i < order.length; i += INSERT_CHUNK) {
      const chunk = order.slice(i, i + INSERT_CHUNK).map((k) => rows[k]);
      for (const r of await insertItemsIfNew(tx, chunk)) inserted.add(r.id);
    }
    const skipped = rows.filter((r) => !inserted.has(r.id as string) && r.externalId);
    const existing = new Map<string, string>();
    for (let i = 0; i < skipped.length; i += INSERT_CHUNK) {
      const keys = skipped.slice(i, i + INSERT_CHUNK).map((r) => ({
        source: r.source,
        sourceId: r.sourceId as string,
        externalId: r.externalId as string,
      }));
      for (const e of await selectByExternalKeys(tx, ctx.workspaceId, keys)) existing.set(keyOf(e), e.id);
    }
    const result = rows.map((r) => {
      if (inserted.has(r.id as string)) return { id: r.id as string, created: true };
      const id = existing.get(keyOf(r as never));
      // Only a conflict on the idempotency key skips a row; anything else is a bug worth a 500.
      if (!id) throw new Error("feedback insert skipped without an idempotency conflict");
      return { id, created: false };
    });
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
    // Last, so parallel ingests (a poll cycle) hold the workspace's row only until their commit.
    if (created.length) await touchInbox(tx, ctx.workspaceId);
    return { created: created.length, existing: result.length - created.length, items: result };
  });
}

/**
 * Background ingestions (polls) write one at a time per database: 50 sources polled together would otherwise
 * queue 50 transactions ahead of an interactive query on PGlite's one connection, or take every pooled
 * connection on PostgreSQL. Two at a time on PostgreSQL, where they do not block readers.
 */
const gates = new WeakMap<Database, { free: number; waiting: (() => void)[] }>();
async function gated<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  let g = gates.get(database);
  if (!g) gates.set(database, (g = { free: database.kind === "postgres" ? 2 : 1, waiting: [] }));
  const gate = g;
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
 * requests keep their pace: one background ingestion at a time (gated), and on PGlite in steps of STEP_ROWS,
 * each a short transaction started after interactive queries had their turn (lib/steps.ts inSteps). Nothing is
 * left half-written: a failure deletes the items this call inserted (on PostgreSQL the one transaction rolls
 * back). Counts only (a poll reports them).
 */
export async function ingestInBackground(
  database: Database,
  ctx: WorkspaceContext,
  items: CreateFeedback[],
  clock: Clock,
): Promise<{ created: number; existing: number }> {
  const rows = await prepareRows(database.db, ctx, items, clock, (i) => `items.${i}.`);
  rows.sort((a, b) => (keyOf(a as never) < keyOf(b as never) ? -1 : 1));
  return gated(database, () =>
    inSteps(database, async (steps) => {
      const inserted: string[] = [];
      try {
        for (let i = 0; i < rows.length; i += STEP_ROWS) {
          const chunk = rows.slice(i, i + STEP_ROWS);
          await steps.run(async (tx) => {
            await limitPendingSearchEntries(tx);
            const ids = (await insertItemsIfNew(tx, chunk)).map((r) => r.id);
            inserted.push(...ids);
            if (steps.separate && ids.length) await touchInbox(tx, ctx.workspaceId);
          });
        }
        if (inserted.length)
          await steps.run(async (tx) => {
            await recordAudit(tx, ctx.workspaceId, ctx, {
              action: "feedback.ingest",
              entityType: "feedback",
              entityId: null,
              after: { created: inserted.length, ids: inserted },
            });
            await touchInbox(tx, ctx.workspaceId);
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
      return { created: inserted.length, existing: rows.length - inserted.length };
    }),
  );
}

/** One item in: 201 with the new item, or the stored one when it was delivered before. */
export async function ingestOne(
  database: Database,
  ctx: WorkspaceContext,
  input: CreateFeedback,
  clock: Clock,
) {
  const r = await ingestFeedback(database, ctx, [input], clock, { batch: false });
  const item = await getItem(database.db, ctx.workspaceId, r.items[0].id);
  return { ...item, created: r.items[0].created };
}

/**
 * Served inbox pages, keyed by workspace, its feedback revision (workspaces.feedback_rev, read from the database
 * on every request, so every instance serves a write at once) and every query parameter. A page does not depend
 * on who reads it (no revenue, no per-member fields). Entries also expire after 30 s, a safety net for a writer
 * that would forget touchInbox. Few entries: a page is ~30 kB, and the busy pages are the first ones of a few
 * filters (the cold bench's 600 rotating queries stay uncached).
 */
const PAGE_TTL_MS = 30_000;
const pageCache = new BoundedMap<string, { at: number; body: string }>(200);

/** The query as a key: every parameter, by name, so a parameter added to the schema is part of it too. */
const queryKey = (q: FeedbackQuery) =>
  JSON.stringify(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/** A page of the inbox as JSON text (validated against FeedbackPageSchema when built), from the page cache when it can be. */
export async function listFeedbackJson(db: Db, workspaceId: string, q: FeedbackQuery, now = Date.now()) {
  const rev = await inboxRevision(db, workspaceId);
  if (rev === null) throw notFound("Workspace");
  const key = `${workspaceId}/${rev}/${queryKey(q)}`;
  const hit = pageCache.get(key);
  if (hit && now - hit.at < PAGE_TTL_MS) return hit.body;
  const body = JSON.stringify(FeedbackPageSchema.parse(await listFeedback(db, workspaceId, q)));
  pageCache.set(key, { at: now, body });
  return body;
}

/** The inbox page cache's entries (tests). */
export const inboxCacheSize = () => pageCache.size;

export async function listFeedback(db: Db, workspaceId: string, q: FeedbackQuery) {
  const { cursor, limit, q: search, ...filters } = q;
  const rows = await selectItemPage(
    db,
    workspaceId,
    { ...filters, tsquery: prefixQuery(search) },
    decodeCursor(cursor),
    limit,
  );
  return toPage(rows.map(toItem), limit, (r) => ({ at: r.receivedAt, id: r.id }));
}

/** Items and unread items per status (every status listed, zeros included). */
export async function feedbackCounts(db: Db, workspaceId: string) {
  const rows = await selectStatusCounts(db, workspaceId);
  const by = new Map(rows.map((r) => [r.status, r]));
  return {
    statuses: (["new", "triaged", "linked", "archived", "spam"] as const).map((status) => ({
      status,
      total: by.get(status)?.total ?? 0,
      unread: by.get(status)?.unread ?? 0,
    })),
  };
}

const auditable = ({ text, ...rest }: FeedbackItem) => ({ ...rest, text: text.slice(0, 2000) });

/** Triage: status, tags, assignee, author, company, a person's sentiment, read (send the version you read). */
export async function updateFeedback(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateFeedback,
  clock: Clock,
) {
  const before = await getItem(db, ctx.workspaceId, id);
  const { version, sentiment, read, tags, ...set } = input;
  if (set.assigneeId) await assertMember(db, ctx.workspaceId, set.assigneeId, "assigneeId");
  const refs = await missingCustomers(db, ctx.workspaceId, {
    people: set.personId ? [set.personId] : [],
    companies: set.companyId ? [set.companyId] : [],
  });
  if (set.personId && !refs.people.has(set.personId)) throw notFoundField("personId");
  if (set.companyId && !refs.companies.has(set.companyId)) throw notFoundField("companyId");
  if (
    set.status === "linked" &&
    before.status !== "linked" &&
    (await countLinksOfItem(db, ctx.workspaceId, id)) === 0
  )
    throw invalid({ status: "Link the feedback to an idea to mark it linked" });
  const row: Partial<NewItemRow> = { ...set };
  if (set.title !== undefined) row.title = set.title ? normalizeFeedbackText(set.title) || null : null;
  if (tags) row.tags = [...new Set(tags)];
  if (sentiment !== undefined) {
    row.sentiment = sentiment ?? before.sentimentHint;
    row.sentimentBy = sentiment ? ctx.userId : null;
  }
  if (read !== undefined) row.readAt = read ? clock.now().toISOString() : null;
  if (!(await updateItemRow(db, ctx.workspaceId, id, version, row))) throw staleVersion("The feedback");
  // Status (spam), author and company change the evidence of the ideas it is linked to.
  if (set.status !== undefined || set.personId !== undefined || set.companyId !== undefined)
    await touchBacklogs(db, ctx.workspaceId, "items", [id]);
  const after = await getItem(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "feedback.update",
    entityType: "feedback",
    entityId: id,
    before: auditable(before),
    after: auditable(after),
  });
  await touchInbox(db, ctx.workspaceId);
  return after;
}

export async function deleteFeedback(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getItem(db, ctx.workspaceId, id);
  await touchBacklogs(db, ctx.workspaceId, "items", [id]);
  await deleteItemRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "feedback.delete",
    entityType: "feedback",
    entityId: id,
    before: auditable(before),
  });
  await touchInbox(db, ctx.workspaceId);
}

/** Sets an item's status without a version check (linking and unlinking do this). */
export async function setItemStatus(db: Db, workspaceId: string, id: string, status: string) {
  await updateItemRow(db, workspaceId, id, null, { status });
  await touchInbox(db, workspaceId);
}
