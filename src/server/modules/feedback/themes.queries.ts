import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** Themes, their items, dismissed suggestions, weekly trends and similar items (the only SQL of themes). */

export type ThemeRow = Record<string, unknown> & {
  id: string;
  name: string;
  itemCount: number;
  latestAt: string | Date | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: number;
};

const THEME = `t.id, t.name, t.created_at AS "createdAt", t.updated_at AS "updatedAt", t.version,
  (SELECT count(*)::int FROM feedback_theme_items ti WHERE ti.workspace_id = t.workspace_id AND ti.theme_id = t.id) AS "itemCount",
  (SELECT max(f.received_at) FROM feedback_theme_items ti JOIN feedback_items f
     ON f.workspace_id = ti.workspace_id AND f.id = ti.item_id
   WHERE ti.workspace_id = t.workspace_id AND ti.theme_id = t.id) AS "latestAt"`;

export async function selectThemes(db: Db, workspaceId: string, ids?: string[]) {
  return rawRows<ThemeRow>(
    db,
    `SELECT ${THEME} FROM feedback_themes t WHERE t.workspace_id = $1 ${ids ? "AND t.id = ANY($2::uuid[])" : ""}
     ORDER BY lower(t.name), t.id`,
    ids ? [workspaceId, ids] : [workspaceId],
  );
}

/** Locks the theme row (a rename, merge or delete of the same theme waits for the other). */
export async function lockTheme(db: Db, workspaceId: string, id: string) {
  const [row] = await rawRows<{ id: string; name: string; version: number }>(
    db,
    `SELECT id, name, version FROM feedback_themes WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
    [workspaceId, id],
  );
  return row ?? null;
}

export async function insertTheme(db: Db, workspaceId: string, name: string, userId: string | null) {
  const [row] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO feedback_themes (workspace_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`,
    [workspaceId, name, userId],
  );
  return row.id;
}

export async function renameThemeRow(db: Db, workspaceId: string, id: string, version: number, name: string) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE feedback_themes SET name = $4, version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
    [workspaceId, id, version, name],
  );
  return rows.length > 0;
}

export async function touchTheme(db: Db, workspaceId: string, id: string) {
  await rawRows(
    db,
    `UPDATE feedback_themes SET version = version + 1, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
}

export async function deleteThemeRow(db: Db, workspaceId: string, id: string) {
  await rawRows(db, `DELETE FROM feedback_themes WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
}

/** Adds items to a theme (already there: skipped); returns the ids added. */
export async function insertThemeItems(
  db: Db,
  workspaceId: string,
  themeId: string,
  itemIds: string[],
  userId: string | null,
) {
  const rows = await rawRows<{ itemId: string }>(
    db,
    `INSERT INTO feedback_theme_items (workspace_id, theme_id, item_id, added_by)
     SELECT $1, $2, i, $4 FROM unnest($3::uuid[]) AS i ORDER BY i
     ON CONFLICT DO NOTHING RETURNING item_id AS "itemId"`,
    [workspaceId, themeId, itemIds, userId],
  );
  return rows.map((r) => r.itemId);
}

export async function deleteThemeItem(db: Db, workspaceId: string, themeId: string, itemId: string) {
  const rows = await rawRows<{ itemId: string }>(
    db,
    `DELETE FROM feedback_theme_items WHERE workspace_id = $1 AND theme_id = $2 AND item_id = $3
     RETURNING item_id AS "itemId"`,
    [workspaceId, themeId, itemId],
  );
  return rows.length > 0;
}

/** Moves every item of `fromId` into `intoId` (items in both stay once); returns how many moved. */
export async function moveThemeItems(db: Db, workspaceId: string, fromId: string, intoId: string) {
  const rows = await rawRows<{ itemId: string }>(
    db,
    `INSERT INTO feedback_theme_items (workspace_id, theme_id, item_id, added_by, added_at)
     SELECT workspace_id, $3, item_id, added_by, added_at FROM feedback_theme_items
     WHERE workspace_id = $1 AND theme_id = $2 ORDER BY item_id
     ON CONFLICT DO NOTHING RETURNING item_id AS "itemId"`,
    [workspaceId, fromId, intoId],
  );
  return rows.length;
}

export async function selectThemeItemIds(db: Db, workspaceId: string, themeId: string) {
  const rows = await rawRows<{ itemId: string }>(
    db,
    `SELECT item_id AS "itemId" FROM feedback_theme_items WHERE workspace_id = $1 AND theme_id = $2 ORDER BY item_id`,
    [workspaceId, themeId],
  );
  return rows.map((r) => r.itemId);
}

/** Which of the ids are items of this workspace. */
export async function selectExistingItemIds(db: Db, workspaceId: string, ids: string[]) {
  const rows = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM feedback_items WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

export async function insertDismissals(
  db: Db,
  workspaceId: string,
  itemIds: string[],
  userId: string | null,
) {
  const rows = await rawRows<{ itemId: string }>(
    db,
    `INSERT INTO feedback_theme_dismissals (workspace_id, item_id, dismissed_by)
     SELECT $1, i, $3 FROM unnest($2::uuid[]) AS i ORDER BY i
     ON CONFLICT DO NOTHING RETURNING item_id AS "itemId"`,
    [workspaceId, itemIds, userId],
  );
  return rows.map((r) => r.itemId);
}

export interface CandidateRow {
  id: string;
  title: string | null;
  text: string;
  receivedAt: string | Date;
  sentiment: string;
}

/**
 * A page of the items suggestions group: newest first (keyset on received_at, id), not spam, in no theme, not
 * dismissed. Only the first 2,000 characters of the text are read.
 */
export async function selectCandidates(
  db: Db,
  workspaceId: string,
  after: { at: string; id: string } | null,
  limit: number,
) {
  const values: unknown[] = [workspaceId, limit];
  let keyset = "";
  if (after) {
    values.push(after.at, after.id);
    keyset = `AND (f.received_at, f.id) < ($3::timestamptz, $4::uuid)`;
  }
  return rawRows<CandidateRow>(
    db,
    `SELECT f.id, f.title, left(f.text, 2000) AS text, f.received_at AS "receivedAt", f.sentiment
     FROM feedback_items f
     WHERE f.workspace_id = $1 AND f.status <> 'spam' ${keyset}
       AND NOT EXISTS (SELECT 1 FROM feedback_theme_items ti WHERE ti.workspace_id = f.workspace_id AND ti.item_id = f.id)
       AND NOT EXISTS (SELECT 1 FROM feedback_theme_dismissals d WHERE d.workspace_id = f.workspace_id AND d.item_id = f.id)
     ORDER BY f.received_at DESC NULLS LAST, f.id DESC NULLS LAST LIMIT $2`,
    values,
  );
}

export interface WeekRow {
  week: string;
  count: number;
  positive: number;
  neutral: number;
  negative: number;
  averageScore: number | null;
}

/** Items per ISO week (Monday, UTC) received in [from, to), spam left out: counts per sentiment, mean score. */
export async function selectSentimentWeeks(db: Db, workspaceId: string, from: string, to: string) {
  return rawRows<WeekRow>(
    db,
    `SELECT to_char(date_trunc('week', f.received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
       count(*)::int AS count,
       count(*) FILTER (WHERE f.sentiment = 'positive')::int AS positive,
       count(*) FILTER (WHERE f.sentiment = 'neutral')::int AS neutral,
       count(*) FILTER (WHERE f.sentiment = 'negative')::int AS negative,
       avg(f.sentiment_score)::float8 AS "averageScore"
     FROM feedback_items f
     WHERE f.workspace_id = $1 AND f.received_at >= $2::timestamptz AND f.received_at < $3::timestamptz
       AND f.status <> 'spam'
     GROUP BY 1 ORDER BY 1`,
    [workspaceId, from, to],
  );
}

/** Items per theme and ISO week in [from, to), spam left out; `themeIds` null means every theme. */
export async function selectThemeWeeks(
  db: Db,
  workspaceId: string,
  from: string,
  to: string,
  themeIds: string[] | null,
) {
  return rawRows<{ themeId: string; week: string; count: number; averageScore: number | null }>(
    db,
    `SELECT ti.theme_id AS "themeId",
       to_char(date_trunc('week', f.received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week,
       count(*)::int AS count, avg(f.sentiment_score)::float8 AS "averageScore"
     FROM feedback_theme_items ti
     JOIN feedback_items f ON f.workspace_id = ti.workspace_id AND f.id = ti.item_id
     WHERE ti.workspace_id = $1 AND f.received_at >= $2::timestamptz AND f.received_at < $3::timestamptz
       AND f.status <> 'spam' ${themeIds ? "AND ti.theme_id = ANY($4::uuid[])" : ""}
     GROUP BY 1, 2`,
    themeIds ? [workspaceId, from, to, themeIds] : [workspaceId, from, to],
  );
}

export interface SimilarItemRow {
  id: string;
  title: string | null;
  text: string;
  status: string;
  receivedAt: string | Date;
}

/**
 * Feedback items matching text-search queries (the `search` vector's GIN index, 'simple' configuration), spam
 * left out, in one statement: the queries are tiers, strictest first, each the best `limit` by ts_rank among at
 * most `pool` matches (a query matching half the workspace reads `pool` rows, not all of them); a tier runs only
 * while the tiers before it found fewer than `limit` distinct items (its scan is gated by a one-time filter,
 * never started otherwise). Rows come tier by tier, best first; an item found by several tiers comes once per tier.
 */
export async function selectSimilarItems(
  db: Db,
  workspaceId: string,
  tsqueries: string[],
  exclude: string | null,
  pool: number,
  limit: number,
) {
  if (!tsqueries.length) return [];
  const tiers = tsqueries.map((_, i) => {
    const before = Array.from({ length: i }, (_, j) => `SELECT id FROM t${j}`).join(" UNION ALL ");
    const gate = i === 0 ? "" : `AND (SELECT count(DISTINCT id) FROM (${before}) p) < $4`;
    return `t${i} AS (
       SELECT ${i} AS tier, m.* FROM (
         SELECT f.id, f.title, left(f.text, 2000) AS text, f.status, f.received_at AS "receivedAt",
           ts_rank(f.search, q) AS rank
         FROM feedback_items f, to_tsquery('simple', $${5 + i}) q
         WHERE (f.workspace_id = $1) IS TRUE AND f.search @@ q AND f.status <> 'spam' AND f.id IS DISTINCT FROM $2::uuid ${gate}
         LIMIT $3
       ) m ORDER BY m.rank DESC, m.id LIMIT $4)`;
  });
  const all = tsqueries.map((_, i) => `SELECT * FROM t${i}`).join(" UNION ALL ");
  return rawRows<SimilarItemRow>(
    db,
    `WITH ${tiers.join(",\n")}
     SELECT x.id, x.title, x.text, x.status, x."receivedAt" FROM (${all}) x ORDER BY x.tier, x.rank DESC, x.id`,
    [workspaceId, exclude, pool, limit, ...tsqueries],
    `feedback_similar_${tsqueries.length}`,
  );
}
