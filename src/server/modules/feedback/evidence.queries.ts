import type { Evidence, FeedbackLink } from "../../../shared/feedback.schemas.ts";
import type { Importance, Sentiment } from "../../../shared/feedback.ts";
import type { Db } from "../../db/client.ts";
import { type DriverRow, rawRows } from "../../db/hot.ts";

/** Importance as a number, for max() over links: nice 1, important 2, critical 3. */
const RANK = `array_position(ARRAY['nice','important','critical'], l.importance)`;
const IMPORTANCE_OF = (expr: string) => `(ARRAY['nice','important','critical'])[${expr}]`;
/** Whose voice a link is: the item's company, else its customer, else the item itself (anonymous handle). */
const VOICE = `coalesce('c:' || f.company_id::text, 'p:' || f.person_id::text, 'i:' || f.id::text)`;
/** The highlighted span of the item, else its beginning. */
const QUOTE = `CASE WHEN l.span_start IS NOT NULL THEN substr(f.text, l.span_start + 1, l.span_end - l.span_start)
  ELSE left(f.text, 280) END`;

export async function upsertLink(
  db: Db,
  row: {
    workspaceId: string;
    itemId: string;
    ideaId: string;
    spanStart: number | null;
    spanEnd: number | null;
    importance: string;
    createdBy: string | null;
  },
) {
  const [r] = await rawRows<{ id: string; created: boolean }>(
    db,
    `INSERT INTO feedback_links (workspace_id, item_id, idea_id, span_start, span_end, importance, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (workspace_id, item_id, idea_id) DO UPDATE
       SET span_start = excluded.span_start, span_end = excluded.span_end, importance = excluded.importance
     RETURNING id, (xmax = 0) AS created`,
    [row.workspaceId, row.itemId, row.ideaId, row.spanStart, row.spanEnd, row.importance, row.createdBy],
  );
  return r;
}

export async function deleteLinkRow(db: Db, workspaceId: string, itemId: string, linkId: string) {
  const rows = await rawRows<{ id: string; ideaId: string }>(
    db,
    `DELETE FROM feedback_links WHERE workspace_id = $1 AND item_id = $2 AND id = $3
     RETURNING id, idea_id AS "ideaId"`,
    [workspaceId, itemId, linkId],
  );
  return rows[0] ?? null;
}

export async function countLinksOfItem(db: Db, workspaceId: string, itemId: string) {
  const [r] = await rawRows<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM feedback_links WHERE workspace_id = $1 AND item_id = $2`,
    [workspaceId, itemId],
  );
  return r.n;
}

export async function selectLinksOfItems(db: Db, workspaceId: string, itemIds: string[]) {
  return rawRows<DriverRow<FeedbackLink, "createdAt">>(
    db,
    `SELECT l.id, l.item_id AS "itemId", l.idea_id AS "ideaId", i.title AS "ideaTitle", l.span_start AS "start",
       l.span_end AS "end", ${QUOTE} AS quote, l.importance, l.created_at AS "createdAt"
     FROM feedback_links l
     JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
     JOIN ideas i ON i.workspace_id = l.workspace_id AND i.id = l.idea_id
     WHERE l.workspace_id = $1 AND l.item_id = ANY($2::uuid[]) ORDER BY l.created_at, l.id`,
    [workspaceId, itemIds],
  );
}

/** One idea's evidence counts, importance and sentiment mixes, and per-voice demand entries (with ARR). */
export async function selectEvidence(db: Db, workspaceId: string, ideaId: string) {
  const base = `FROM feedback_links l JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
     WHERE l.workspace_id = $1 AND l.idea_id = $2 AND f.status <> 'spam'`;
  const [totals] = await rawRows<{ items: number; customers: number; companies: number }>(
    db,
    `SELECT count(*)::int AS items, count(DISTINCT f.person_id)::int AS customers,
       count(DISTINCT f.company_id)::int AS companies ${base}`,
    [workspaceId, ideaId],
  );
  const mixes = await rawRows<
    | { kind: "importance"; key: Importance; count: number }
    | { kind: "sentiment"; key: Sentiment; count: number }
  >(
    db,
    `SELECT 'importance' AS kind, l.importance AS key, count(*)::int AS count ${base} GROUP BY l.importance
     UNION ALL SELECT 'sentiment', f.sentiment, count(*)::int ${base} GROUP BY f.sentiment`,
    [workspaceId, ideaId],
  );
  const voices = await rawRows<{
    importance: string;
    arr: string | null;
    segment: string | null;
    currency: string | null;
    company: boolean;
  }>(
    db,
    `SELECT ${IMPORTANCE_OF("max(v.rank)")} AS importance, max(c.arr) AS arr, max(c.segment) AS segment,
       max(c.currency) AS currency, bool_or(v.company_id IS NOT NULL) AS company
     FROM (SELECT ${VOICE} AS voice, f.company_id, ${RANK} AS rank ${base}) v
     LEFT JOIN companies c ON c.workspace_id = $1 AND c.id = v.company_id
     GROUP BY v.voice`,
    [workspaceId, ideaId],
  );
  return { totals, mixes, voices };
}

export async function selectQuotes(db: Db, workspaceId: string, ideaId: string, limit: number) {
  return rawRows<DriverRow<Evidence["quotes"][number], "receivedAt">>(
    db,
    `SELECT f.id AS "itemId", ${QUOTE} AS quote, l.importance, f.sentiment, p.name AS "personName",
       c.name AS "companyName", f.received_at AS "receivedAt"
     FROM feedback_links l JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
     LEFT JOIN people p ON p.workspace_id = f.workspace_id AND p.id = f.person_id
     LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id
     WHERE l.workspace_id = $1 AND l.idea_id = $2 AND f.status <> 'spam'
     ORDER BY f.received_at DESC, f.id DESC LIMIT $3`,
    [workspaceId, ideaId, limit],
  );
}

/**
 * Every idea of a product with evidence, in one query: per idea, its item count and each distinct voice's
 * highest importance and company ARR, as [rank, arr] pairs for the demand formula (src/shared/feedback.ts).
 */
export async function selectProductDemand(db: Db, workspaceId: string, productId: string) {
  return rawRows<{ ideaId: string; items: number; companies: number; voices: [number, string | null][] }>(
    db,
    `SELECT v.idea_id AS "ideaId", sum(v.items)::int AS items, count(v.company_id)::int AS companies,
       json_agg(json_build_array(v.rank, v.arr)) AS voices
     FROM (
       SELECT l.idea_id, ${VOICE} AS voice, max(f.company_id::text)::uuid AS company_id, max(${RANK}) AS rank,
         count(*) AS items, max(c.arr)::text AS arr
       FROM ideas i
       JOIN feedback_links l ON l.workspace_id = i.workspace_id AND l.idea_id = i.id
       JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
       LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id
       WHERE i.workspace_id = $1 AND i.product_id = $2 AND f.status <> 'spam'
       GROUP BY l.idea_id, 2
     ) v GROUP BY v.idea_id`,
    [workspaceId, productId],
  );
}

/** The ideas a customer's feedback supports, with the highest importance and how many of their items. */
export async function selectIdeasOfPerson(db: Db, workspaceId: string, personId: string) {
  return rawRows<{ ideaId: string; title: string; status: string; importance: Importance; items: number }>(
    db,
    `SELECT l.idea_id AS "ideaId", i.title, i.status, ${IMPORTANCE_OF(`max(${RANK})`)} AS importance,
       count(*)::int AS items
     FROM feedback_items f
     JOIN feedback_links l ON l.workspace_id = f.workspace_id AND l.item_id = f.id
     JOIN ideas i ON i.workspace_id = l.workspace_id AND i.id = l.idea_id
     WHERE f.workspace_id = $1 AND f.person_id = $2
     GROUP BY l.idea_id, i.title, i.status ORDER BY 5 DESC, 2`,
    [workspaceId, personId],
  );
}
