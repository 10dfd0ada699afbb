import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

export interface SimilarIdeaRow {
  id: string;
  productId: string;
  number: number;
  title: string;
  description: string;
  status: string;
}

/**
 * Ideas matching text-search queries (the `search` vector's GIN index, 'english' configuration), merged ones
 * left out, in one statement: the queries are tiers, strictest first, each the best `limit` by ts_rank among at
 * most `pool` matches (so a query matching most ideas stays cheap); a tier runs only while the tiers before it
 * found fewer than `limit` distinct ideas (its scan is gated by a one-time filter, never started otherwise).
 * Rows come tier by tier, best first; an idea found by several tiers comes once per tier.
 */
export async function selectSimilarIdeas(
  db: Db,
  workspaceId: string,
  tsqueries: string[],
  productId: string | null,
  pool: number,
  limit: number,
) {
  if (!tsqueries.length) return [];
  const tiers = tsqueries.map((_, i) => {
    const before = Array.from({ length: i }, (_, j) => `SELECT id FROM t${j}`).join(" UNION ALL ");
    const gate = i === 0 ? "" : `AND (SELECT count(DISTINCT id) FROM (${before}) p) < $4`;
    return `t${i} AS (
       SELECT ${i} AS tier, m.* FROM (
         SELECT i.id, i.product_id AS "productId", i.number, i.title, left(i.description, 2000) AS description,
           i.status, ts_rank(i.search, q) AS rank
         FROM ideas i, to_tsquery('english', $${5 + i}) q
         WHERE (i.workspace_id = $1) IS TRUE AND i.search @@ q AND i.merged_into_id IS NULL
           AND ($2::uuid IS NULL OR i.product_id = $2::uuid) ${gate}
         LIMIT $3
       ) m ORDER BY m.rank DESC, m.id LIMIT $4)`;
  });
  const all = tsqueries.map((_, i) => `SELECT * FROM t${i}`).join(" UNION ALL ");
  return rawRows<SimilarIdeaRow>(
    db,
    `WITH ${tiers.join(",\n")}
     SELECT x.id, x."productId", x.number, x.title, x.description, x.status FROM (${all}) x
     ORDER BY x.tier, x.rank DESC, x.id`,
    [workspaceId, productId, pool, limit, ...tsqueries],
    `ideas_similar_${tsqueries.length}`,
  );
}
