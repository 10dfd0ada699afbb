import { and, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { feedbackItems } from "../../db/schema.feedback.ts";
import type { Cursor } from "../../lib/pagination.ts";

export type RawItem = Record<string, unknown> & {
  id: string;
  receivedAt: string | Date;
  personId: string | null;
  companyId: string | null;
  status: string;
};
export type NewItemRow = typeof feedbackItems.$inferInsert;

const ITEM = `f.id, f.title, f.text, f.source, f.source_id AS "sourceId", f.external_id AS "externalId",
  f.person_id AS "personId", p.name AS "personName", f.user_id AS "userId", f.handle, f.company_id AS "companyId",
  c.name AS "companyName", f.url, f.received_at AS "receivedAt", f.language, f.sentiment_score AS "sentimentScore",
  f.sentiment_hint AS "sentimentHint", f.sentiment, (f.sentiment_by IS NOT NULL) AS "sentimentOverridden",
  f.tags, f.status, f.assignee_id AS "assigneeId", (f.read_at IS NOT NULL) AS "read",
  f.created_at AS "createdAt", f.updated_at AS "updatedAt", f.version`;
const ITEM_FROM = `feedback_items f
  LEFT JOIN people p ON p.workspace_id = f.workspace_id AND p.id = f.person_id
  LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id`;

const ITEM_COLUMNS = getTableColumns(feedbackItems);
type Row = Record<string, unknown>;
type QueryClient = { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Plain SQL with $n parameters straight to the driver, also inside a transaction (hot.ts's rawRows goes through
 * drizzle's SQL builder there, which cost more than the insert itself for 250-row statements). A transaction's
 * driver client is drizzle's session.client on both drivers (a PGlite transaction, a pooled pg client); when
 * it is not there, rawRows.
 */
function rowsOf<R>(db: Db, text: string, values: unknown[]): Promise<R[]> {
  const d = db as unknown as { $client?: unknown; session?: { client?: Partial<QueryClient> } };
  const client = d.$client ? null : d.session?.client;
  if (typeof client?.query !== "function") return rawRows<R>(db, text, values);
  return (client as QueryClient).query(text, values).then((r) => r.rows as R[]);
}

/**
 * Inserts items in one multi-row statement; an item whose (source, source_id, external_id) is already stored
 * (or delivered twice in this statement, or by a parallel request) is skipped, not duplicated. Plain SQL with
 * the schema's column names and value mapping (a column a row leaves undefined takes its DEFAULT, as drizzle's
 * insert does), without drizzle's per-value query building.
 */
export async function insertItemsIfNew(db: Db, rows: NewItemRow[]) {
  if (!rows.length) return [];
  // The columns some row sets (a generated column such as `search` is never among them).
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
    (k) => k in ITEM_COLUMNS && rows.some((r) => (r as Row)[k] !== undefined),
  ) as (keyof typeof ITEM_COLUMNS)[];
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const cells = keys.map((k) => {
      const v = (r as Row)[k];
      if (v === undefined) return "DEFAULT";
      values.push(v === null ? null : ITEM_COLUMNS[k].mapToDriverValue(v));
      return `$${values.length}`;
    });
    return `(${cells.join(", ")})`;
  });
  return rowsOf<{ id: string; source: string; sourceId: string; externalId: string | null }>(
    db,
    `INSERT INTO feedback_items (${keys.map((k) => `"${ITEM_COLUMNS[k].name}"`).join(", ")})
     VALUES ${tuples.join(", ")}
     ON CONFLICT DO NOTHING
     RETURNING id, source, source_id AS "sourceId", external_id AS "externalId"`,
    values,
  );
}

/**
 * Keeps the search index's list of pending entries short for the rest of this transaction. New items' search
 * entries wait in a GIN "pending list" until it outgrows gin_pending_list_limit (4 MB by default), and every
 * search reads the whole list: nothing else empties it on PGlite (no autovacuum), so a list of 4 MB (~10,000
 * items) made each similar-items query several ms slower at 100,000 items. Flushed in parts of 512 kB instead,
 * ingestion costs the same (measured: 23.6 s vs 25.3 s of CPU for 30,000 items).
 */
export async function limitPendingSearchEntries(db: Db) {
  await rowsOf(db, "SET LOCAL gin_pending_list_limit = 512", []);
}

/** Stored items by their idempotency keys. */
export async function selectByExternalKeys(
  db: Db,
  workspaceId: string,
  keys: { source: string; sourceId: string; externalId: string }[],
) {
  if (!keys.length) return [];
  return rawRows<{ id: string; source: string; sourceId: string; externalId: string }>(
    db,
    `SELECT f.id, f.source, f.source_id AS "sourceId", f.external_id AS "externalId" FROM feedback_items f
     JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(source, source_id, external_id)
       ON f.source = k.source AND f.source_id = k.source_id AND f.external_id = k.external_id
     WHERE f.workspace_id = $1`,
    [workspaceId, keys.map((k) => k.source), keys.map((k) => k.sourceId), keys.map((k) => k.externalId)],
  );
}

export async function selectItems(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return rawRows<RawItem>(
    db,
    `SELECT ${ITEM} FROM ${ITEM_FROM} WHERE f.workspace_id = $1 AND f.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
}

export interface ItemFilter {
  status?: string[];
  source?: string[];
  sentiment?: string[];
  tag?: string;
  assignee?: string;
  segment?: string;
  personId?: string;
  companyId?: string;
  theme?: string;
  from?: string;
  to?: string;
  tsquery?: string;
}

/** The columns a page needs (not the search vector, which is large). */
const PAGE_COLUMNS = `f.workspace_id, f.id, f.title, f.text, f.source, f.source_id, f.external_id, f.person_id, f.user_id,
  f.handle, f.company_id, f.url, f.received_at, f.language, f.sentiment_score, f.sentiment_hint, f.sentiment,
  f.sentiment_by, f.tags, f.status, f.assignee_id, f.read_at, f.created_at, f.updated_at, f.version`;

/** `col = $n` for one value (so a composite index also gives the order), `col = ANY($n)` for several. */
const oneOrAny = (col: string, values: string[]) =>
  values.length === 1 ? (n: string) => `${col} = ${n}` : (n: string) => `${col} = ANY(${n}::text[])`;

/**
 * A page of the inbox, newest first: keyset on (received_at, id), every filter an AND. The page's ids are
 * found on feedback_items alone (an index range in order for the common filters) and only those rows are
 * joined to their customer and company. NULLS LAST matches the indexes' order (drizzle writes DESC NULLS LAST).
 */
export async function selectItemPage(
  db: Db,
  workspaceId: string,
  f: ItemFilter,
  after: Cursor | null,
  limit: number,
) {
  const values: unknown[] = [workspaceId];
  const conds = ["f.workspace_id = $1"];
  const add = (cond: (n: string) => string, v: unknown) => {
    values.push(v);
    conds.push(cond(`$${values.length}`));
  };
  const one = (v: string[]) => (v.length === 1 ? v[0] : v);
  if (f.status?.length) add(oneOrAny("f.status", f.status), one(f.status));
  if (f.source?.length) add(oneOrAny("f.source", f.source), one(f.source));
  if (f.sentiment?.length) add(oneOrAny("f.sentiment", f.sentiment), one(f.sentiment));
  if (f.tag) add((n) => `f.tags @> ${n}::text[]`, [f.tag]);
  if (f.assignee === "none") conds.push("f.assignee_id IS NULL");
  else if (f.assignee) add((n) => `f.assignee_id = ${n}::uuid`, f.assignee);
  if (f.personId) add((n) => `f.person_id = ${n}::uuid`, f.personId);
  if (f.companyId) add((n) => `f.company_id = ${n}::uuid`, f.companyId);
  if (f.segment)
    add(
      (n) => `f.company_id IN (SELECT s.id FROM companies s WHERE s.workspace_id = $1 AND s.segment = ${n})`,
      f.segment,
    );
  if (f.theme)
    add(
      (n) =>
        `f.id IN (SELECT ti.item_id FROM feedback_theme_items ti WHERE ti.workspace_id = $1 AND ti.theme_id = ${n}::uuid)`,
      f.theme,
    );
  if (f.from) add((n) => `f.received_at >= ${n}::timestamptz`, f.from);
  if (f.to) add((n) => `f.received_at < ${n}::timestamptz`, f.to);
  if (f.tsquery) add((n) => `f.search @@ to_tsquery('simple', ${n})`, f.tsquery);
  if (after) {
    values.push(after.at);
    add((n) => `(f.received_at, f.id) < ($${values.length - 1}::timestamptz, ${n}::uuid)`, after.id);
  }
  values.push(limit + 1);
  // One JSON value back instead of 51 rows × 25 typed columns: PGlite's row decoding was most of the cost.
  const [row] = await rawRows<{ page: RawItem[] }>(
    db,
    `SELECT coalesce(json_agg(r ORDER BY r."receivedAt" DESC, r.id DESC), '[]') AS page FROM (
       SELECT ${ITEM} FROM (
         SELECT ${PAGE_COLUMNS} FROM feedback_items f WHERE ${conds.join(" AND ")}
         ORDER BY f.received_at DESC NULLS LAST, f.id DESC NULLS LAST LIMIT $${values.length}
       ) f
       LEFT JOIN people p ON p.workspace_id = f.workspace_id AND p.id = f.person_id
       LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id
     ) r`,
    values,
    values.length === 2 ? "feedback_inbox_first" : undefined,
  );
  return row.page;
}

/** Items and unread items per status. */
export async function selectStatusCounts(db: Db, workspaceId: string) {
  return rawRows<{ status: string; total: number; unread: number }>(
    db,
    `SELECT status, count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
     FROM feedback_items WHERE workspace_id = $1 GROUP BY status`,
    [workspaceId],
    "feedback_counts",
  );
}

export async function updateItemRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: Partial<NewItemRow>,
) {
  const where = [eq(feedbackItems.workspaceId, workspaceId), eq(feedbackItems.id, id)];
  if (version !== null) where.push(eq(feedbackItems.version, version));
  const rows = await db
    .update(feedbackItems)
    .set({ ...set, version: sql`${feedbackItems.version} + 1`, updatedAt: sql`now()` })
    .where(and(...where))
    .returning({ id: feedbackItems.id });
  return rows.length > 0;
}

export async function deleteItemRow(db: Db, workspaceId: string, id: string) {
  await db
    .delete(feedbackItems)
    .where(and(eq(feedbackItems.workspaceId, workspaceId), eq(feedbackItems.id, id)));
}

/** Deletes items by id (an import written in steps that failed half-way takes back what it wrote). */
export async function deleteItemsByIds(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return;
  await rawRows(db, `DELETE FROM feedback_items WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
    workspaceId,
    ids,
  ]);
}
