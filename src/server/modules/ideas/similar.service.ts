import type { Db } from "../../db/client.ts";
import { selectSimilarIdeas } from "./similar.queries.ts";

/**
 * Ideas of the workspace (or one product) matching text-search queries tried strictest first, in one statement:
 * each query's best `limit` by ts_rank among at most `pool` matches, the next query only while fewer than
 * `limit` distinct ideas were found (for "similar items while typing"; the caller re-ranks them). Each idea once.
 */
export async function findSimilarIdeas(
  db: Db,
  workspaceId: string,
  tsqueries: string[],
  productId: string | null,
  opts: { pool: number; limit: number },
) {
  const rows = await selectSimilarIdeas(db, workspaceId, tsqueries, productId, opts.pool, opts.limit);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
