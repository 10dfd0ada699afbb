import type { Db } from "../../db/client.ts";
import { selectSimilarIdeas } from "./similar.queries.ts";

/**
 * Ideas of the workspace (or one product) matching a text-search query, best first by ts_rank among at most
 * `pool` matches (for "similar items while typing"; the caller re-ranks them).
 */
export function findSimilarIdeas(
  db: Db,
  workspaceId: string,
  tsquery: string,
  productId: string | null,
  opts: { pool: number; limit: number },
) {
  return selectSimilarIdeas(db, workspaceId, tsquery, productId, opts.pool, opts.limit);
}
