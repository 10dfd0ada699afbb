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
 * Ideas matching a text-search query (the `search` vector's GIN index, 'english' configuration), merged ones
 * left out: the best `limit` by ts_rank among at most `pool` matches, so a query matching most ideas stays cheap.
 */
export async function selectSimilarIdeas(
  db: Db,
  workspaceId: string,
  tsquery: string,
  productId: string | null,
  pool: number,
  limit: number,
) {
  return rawRows<SimilarIdeaRow>(
    db,
    `SELECT m.id, m."productId", m.number, m.title, m.description, m.status FROM (
       SELECT i.id, i.product_id AS "productId", i.number, i.title, left(i.description, 2000) AS description,
         i.status, ts_rank(i.search, q) AS rank
       FROM ideas i, to_tsquery('english', $2) q
       WHERE i.workspace_id = $1 AND i.search @@ q AND i.merged_into_id IS NULL
         AND ($3::uuid IS NULL OR i.product_id = $3::uuid)
       LIMIT $4
     ) m ORDER BY m.rank DESC, m.id LIMIT $5`,
    [workspaceId, tsquery, productId, pool, limit],
    "ideas_similar",
  );
}
