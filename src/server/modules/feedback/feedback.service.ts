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
import { invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { missingCustomers } from "../customers/customers.service.ts";
import { prefixQuery } from "../ideas/ideas.service.ts";
import { assertMember } from "../members/members.service.ts";
import { settleComputedScores, touchBacklogs } from "../scoring/scoring.service.ts";
import { inboxRevision, touchInbox } from "../workspaces/workspaces.service.ts";
import { countLinksOfItem } from "./evidence.queries.ts";
import { ingestFeedback } from "./feedback.ingest.ts";
import {
  deleteItemRow,
  type NewItemRow,
  type RawItem,
  selectItemPage,
  selectItems,
  selectStatusCounts,
  updateItemRow,
} from "./feedback.queries.ts";

export function toItem(r: RawItem): FeedbackItem {
  return isoColumns(r, "receivedAt", "createdAt", "updatedAt") as unknown as FeedbackItem;
}

export async function getItem(db: Db, workspaceId: string, id: string): Promise<FeedbackItem> {
  const [r] = await selectItems(db, workspaceId, [id]);
  if (!r) throw notFound("Feedback");
  return toItem(r);
}

export { ingestFeedback, ingestInBackground, prepareRowChunks, prepareRows } from "./feedback.ingest.ts";

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
  await settleComputedScores(db, ctx.workspaceId);
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
  await settleComputedScores(db, ctx.workspaceId);
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
