import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { ideaScores, ideas, products } from "../../db/schema.ts";
import { coverageCte, demandCte } from "../scoring/scoring.queries.ts";

const ROW = `i.id, i.product_id AS "productId", i.number, i.title, i.status, i.owner_id AS "ownerId",
  u.name AS "ownerName", i.tags, i.effort, s.score, s.score_weighted AS "scoreWeighted", s.score_rice AS "scoreRice",
  s.score_ice AS "scoreIce", s.score_wsjf AS "scoreWsjf", s.rank, i.pinned_rank AS "pinnedRank",
  i.pin_reason AS "pinReason", s.factor_stats AS "factorStats", s.voters, i.comment_count AS "commentCount",
  i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;
const DETAIL = `${ROW}, i.description, i.links, i.reach, i.impact, i.confidence, i.ease,
  i.business_value AS "businessValue", i.time_criticality AS "timeCriticality", i.risk_reduction AS "riskReduction",
  i.job_size AS "jobSize", s.scored_round_id AS "scoredRoundId", i.merged_into_id AS "mergedIntoId",
  i.created_by AS "createdBy", c.name AS "createdByName", i.version`;

/** An idea row as read; the evidence columns only when the page is sorted by them. */
export type RawIdea = Record<string, unknown> & {
  id: string;
  productId: string;
  createdAt: Date | string;
} & Partial<Omit<EvidenceCols, "ideaId">>;

/** An idea with its scores (every idea has its idea_scores row from creation on). */
const FROM = `ideas i JOIN idea_scores s ON s.workspace_id = i.workspace_id AND s.idea_id = i.id`;

const SORTS: Record<string, { col: string; dir: "ASC" | "DESC"; nulls: string }> = {
  rank: { col: "s.rank", dir: "ASC", nulls: "LAST" },
  score: { col: "s.score", dir: "DESC", nulls: "LAST" },
  weighted: { col: "s.score_weighted", dir: "DESC", nulls: "LAST" },
  rice: { col: "s.score_rice", dir: "DESC", nulls: "LAST" },
  ice: { col: "s.score_ice", dir: "DESC", nulls: "LAST" },
  wsjf: { col: "s.score_wsjf", dir: "DESC", nulls: "LAST" },
  title: { col: "lower(i.title)", dir: "ASC", nulls: "LAST" },
  created: { col: "i.created_at", dir: "DESC", nulls: "LAST" },
  updated: { col: "i.updated_at", dir: "DESC", nulls: "LAST" },
};

export interface IdeaFilter {
  tsquery?: string; // prefix query, already built from words only
  status?: string[];
  tag?: string;
  ownerId?: string;
  segment?: string;
  /** Only ideas at least one of the product's competitors has, fully or partly. */
  covered?: boolean;
  sort: string;
  dir?: "asc" | "desc";
}

/** Evidence sorts: computed per idea from its feedback links (EVIDENCE below), not stored on idea_scores. */
const EVIDENCE_SORTS: Record<string, string> = { demand: "coalesce(ev.demand, 0)", arr: "ev.arr" };

/** Whether a page in this order carries its evidence columns itself (selectIdeaPage computes them to sort). */
export const sortsByEvidence = (sort: string) => Object.hasOwn(EVIDENCE_SORTS, sort);

/** Only ideas with feedback from a company of segment `param` (case-insensitive). */
const inSegment = (param: string) => `i.id IN (SELECT l.idea_id FROM feedback_links l
    JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
    JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id
    WHERE l.workspace_id = $1 AND lower(c.segment) = lower(${param}) AND f.status <> 'spam')`;

/**
 * Only ideas at least one of the product's competitors has, fully or partly ($1 workspace, $2 product). An array
 * computed once (an uncorrelated InitPlan), not `IN (subquery)`: without statistics (PGlite never analyzes) the
 * planner ran the semi-join once per idea row — 350 ms on the demo's 20 ideas.
 */
const COVERED = `i.id = ANY(ARRAY(SELECT c.idea_id FROM competitor_products cp
    JOIN competitors k ON k.workspace_id = cp.workspace_id AND k.id = cp.competitor_id AND k.status <> 'archived'
    JOIN capability_cells cc ON cc.workspace_id = cp.workspace_id AND cc.competitor_id = cp.competitor_id
      AND cc.status IN ('has', 'partial')
    JOIN capabilities c ON c.workspace_id = cc.workspace_id AND c.id = cc.capability_id
      AND c.product_id = cp.product_id AND c.idea_id IS NOT NULL
    WHERE cp.workspace_id = $1 AND cp.product_id = $2))`;

export interface CoverageCols {
  /** null: the row carrying the product's number of competitors. */
  ideaId: string | null;
  have: number;
  has: string[];
  partial: string[];
}

/**
 * Competitor coverage of these ideas of a product (a backlog page), in one statement: a row per covered idea, and
 * one row with ideaId null whose `have` is the product's number of competitors (the "of M").
 */
export async function selectCoverageOfIdeas(db: Db, workspaceId: string, productId: string, ids: string[]) {
  return rawRows<CoverageCols>(
    db,
    `WITH ${coverageCte("$3::uuid[]")}
     SELECT NULL::uuid AS "ideaId", count(*)::float8 AS have, '{}'::text[] AS has, '{}'::text[] AS partial FROM cols
     UNION ALL
     SELECT idea_id, sum(w)::float8 / 2,
       coalesce(array_agg(name ORDER BY lower(name), name) FILTER (WHERE w = 2), '{}'),
       coalesce(array_agg(name ORDER BY lower(name), name) FILTER (WHERE w = 1), '{}')
     FROM best GROUP BY idea_id`,
    [workspaceId, productId, ids],
    "idea_page_coverage",
  );
}

export interface EvidenceCols {
  ideaId: string;
  feedbackCount: number;
  demand: number;
  arr: number | null;
}

/** Evidence columns of these ideas (a backlog page), within `segment` when given. */
export async function selectEvidenceOfIdeas(db: Db, workspaceId: string, ids: string[], segment?: string) {
  if (!ids.length) return [];
  const values: unknown[] = [workspaceId, ids];
  if (segment) values.push(segment);
  return rawRows<EvidenceCols>(
    db,
    `WITH ${demandCte("l.idea_id = ANY($2::uuid[])", segment ? "$3" : null)}
     SELECT idea_id AS "ideaId", items AS "feedbackCount", demand, arr FROM ev`,
    values,
    segment ? undefined : "idea_page_evidence",
  );
}

function where(workspaceId: string, productId: string, f: IdeaFilter, scores = false) {
  const values: unknown[] = [workspaceId, productId];
  // With the scores joined, scope by their columns so rank order is one range scan of idea_scores_rank_idx.
  const conds = scores
    ? ["s.workspace_id = $1", "s.product_id = $2"]
    : ["i.workspace_id = $1", "i.product_id = $2"];
  if (f.status?.length) {
    values.push(f.status);
    conds.push(`i.status = ANY($${values.length}::text[])`);
  } else conds.push("i.merged_into_id IS NULL");
  if (f.tag) {
    values.push([f.tag]);
    conds.push(`i.tags @> $${values.length}::text[]`);
  }
  if (f.ownerId) {
    values.push(f.ownerId);
    conds.push(`i.owner_id = $${values.length}`);
  }
  if (f.tsquery) {
    values.push(f.tsquery);
    conds.push(`i.search @@ to_tsquery('english', $${values.length})`);
  }
  if (f.segment) {
    values.push(f.segment);
    conds.push(inSegment(`$${values.length}`));
  }
  if (f.covered) conds.push(COVERED);
  return { values, clause: conds.join(" AND ") };
}

/** One page of the backlog in the asked order, with search snippets (\u0001/\u0002 around matches). */
export async function selectIdeaPage(
  db: Db,
  workspaceId: string,
  productId: string,
  f: IdeaFilter,
  offset: number,
  limit: number,
) {
  const { values, clause } = where(workspaceId, productId, f, true);
  const s = SORTS[f.sort] ?? SORTS.rank;
  const dir = f.dir ? f.dir.toUpperCase() : s.dir;
  const snippet = f.tsquery
    ? `, ts_headline('english', i.title || ' — ' || left(i.description, 2000), to_tsquery('english', $${values.indexOf(f.tsquery) + 1}),
        'StartSel=${"\u0001"}, StopSel=${"\u0002"}, MaxWords=24, MinWords=8, MaxFragments=1') AS snippet`
    : "";
  const plain = !f.tsquery && !f.tag && !f.ownerId && !f.status?.length && !f.segment && !f.covered;
  if (plain && f.sort === "rank" && dir === "ASC")
    return selectRankWindow(db, workspaceId, productId, offset, limit);
  if (sortsByEvidence(f.sort)) {
    // Evidence of the product's ideas (within the segment), then the page in that order; ideas without
    // evidence follow (descending) in backlog order.
    const seg = f.segment ? `$${values.indexOf(f.segment) + 1}` : null;
    const scope = "l.idea_id IN (SELECT id FROM ideas WHERE workspace_id = $1 AND product_id = $2)";
    const edir = f.dir ? f.dir.toUpperCase() : "DESC";
    values.push(limit, offset);
    return rawRows<RawIdea>(
      db,
      `WITH ${demandCte(scope, seg)}
       SELECT ${ROW}${snippet}, coalesce(ev.items, 0) AS "feedbackCount", coalesce(ev.demand, 0) AS demand,
         ev.arr FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id LEFT JOIN ev ON ev.idea_id = i.id
       WHERE ${clause}
       ORDER BY ${EVIDENCE_SORTS[f.sort]} ${edir} NULLS LAST, s.rank ASC NULLS LAST, i.number
       LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
    );
  }
  if (f.sort === "competitors") {
    // Coverage of the product's ideas (its matrix rows: a few hundred at most), then the page in that order;
    // ideas no competitor has follow (descending) in backlog order.
    const cdir = f.dir ? f.dir.toUpperCase() : "DESC";
    values.push(limit, offset);
    return rawRows<RawIdea>(
      db,
      `WITH ${coverageCte(null)}, cov AS MATERIALIZED (SELECT idea_id, sum(w) AS w FROM best GROUP BY idea_id)
       SELECT ${ROW}${snippet} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id LEFT JOIN cov ON cov.idea_id = i.id
       WHERE ${clause}
       ORDER BY coalesce(cov.w, 0) ${cdir}, s.rank ASC NULLS LAST, i.number
       LIMIT $${values.length - 1} OFFSET $${values.length}`,
      values,
      plain ? `idea_page_competitors_${cdir}` : undefined,
    );
  }
  values.push(limit, offset);
  const text = `SELECT ${ROW}${snippet} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id
    WHERE ${clause} ORDER BY ${s.col} ${dir} NULLS ${s.nulls}, i.number ${dir === s.dir ? "ASC" : "DESC"}
    LIMIT $${values.length - 1} OFFSET $${values.length}`;
  return rawRows<RawIdea>(db, text, values, plain ? `idea_page_${f.sort}_${dir}` : undefined);
}

/**
 * The default backlog order without filters, paged by rank value: ranks run 1…n, so any page is an index
 * range (rank > offset), as cheap at idea 9,950 as at idea 1. Unranked ideas (shipped, declined) follow by number.
 */
async function selectRankWindow(
  db: Db,
  workspaceId: string,
  productId: string,
  offset: number,
  limit: number,
) {
  const ranked = await rawRows<RawIdea>(
    db,
    `SELECT ${ROW} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id
     WHERE s.workspace_id = $1 AND s.product_id = $2 AND s.rank > $3 AND s.rank <= $3 + $4 ORDER BY s.rank`,
    [workspaceId, productId, offset, limit],
    "idea_rank_window",
  );
  if (ranked.length >= limit) return ranked;
  const top = await rawRows<{ n: number }>(
    db,
    `SELECT coalesce(max(rank), 0)::int AS n FROM idea_scores WHERE workspace_id = $1 AND product_id = $2`,
    [workspaceId, productId],
    "idea_max_rank",
  );
  const unranked = await rawRows<RawIdea>(
    db,
    `SELECT ${ROW} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id
     WHERE s.workspace_id = $1 AND s.product_id = $2 AND s.rank IS NULL AND i.merged_into_id IS NULL
     ORDER BY i.number LIMIT $3 OFFSET $4`,
    [workspaceId, productId, limit - ranked.length, Math.max(0, offset - top[0].n)],
    "idea_unranked_window",
  );
  return [...ranked, ...unranked];
}

export async function countIdeas(db: Db, workspaceId: string, productId: string, f: IdeaFilter) {
  const { values, clause } = where(workspaceId, productId, f);
  const plain = !f.tsquery && !f.tag && !f.ownerId && !f.status?.length && !f.segment && !f.covered;
  const rows = await rawRows<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM ideas i WHERE ${clause}`,
    values,
    plain ? "idea_count" : undefined,
  );
  return rows[0].n;
}

export const selectIdea = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<RawIdea>(
      db,
      `SELECT ${DETAIL} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id LEFT JOIN users c ON c.id = i.created_by
       WHERE i.workspace_id = $1 AND i.id = $2`,
      [workspaceId, id],
      "select_idea",
    )
  )[0] ?? null;

export const selectIdeasByIds = (db: Db, workspaceId: string, ids: string[]) =>
  rawRows<RawIdea>(
    db,
    `SELECT ${DETAIL} FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id LEFT JOIN users c ON c.id = i.created_by
     WHERE i.workspace_id = $1 AND i.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(ids)],
  );

/** Every idea of a product for export, in backlog order. */
export const selectIdeasForExport = (db: Db, workspaceId: string, productId: string) =>
  rawRows<RawIdea & { ownerEmail: string | null }>(
    db,
    `SELECT ${DETAIL}, u.email AS "ownerEmail" FROM ${FROM} LEFT JOIN users u ON u.id = i.owner_id
       LEFT JOIN users c ON c.id = i.created_by
     WHERE i.workspace_id = $1 AND i.product_id = $2 ORDER BY s.rank ASC NULLS LAST, i.number`,
    [workspaceId, productId],
  );

/** Reserves `count` consecutive idea numbers of a product; returns the first. */
export const reserveIdeaNumbers = async (db: Db, workspaceId: string, productId: string, count: number) =>
  (
    await db
      .update(products)
      .set({
        nextIdeaNumber: sql`${products.nextIdeaNumber} + ${count}`,
        ideasVersion: sql`greatest(${products.ideasVersion} + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)`,
      })
      .where(and(eq(products.workspaceId, workspaceId), eq(products.id, productId)))
      .returning({ next: products.nextIdeaNumber })
  )[0].next - count;

/** What a backlog read needs of its product: the framework and the version that keys the page cache. */
export const selectBacklogHead = async (db: Db, workspaceId: string, productId: string) =>
  (
    await rawRows<{ framework: string; version: string | number }>(
      db,
      `SELECT framework, ideas_version AS version FROM products WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, productId],
      "backlog_head",
    )
  )[0] ?? null;

/**
 * Keeps the search index's list of pending entries short for the rest of this transaction (like feedback's
 * limitPendingSearchEntries): PGlite never vacuums, so the entries of a 10,000-idea import otherwise stay in the GIN
 * pending list that every search (similar ideas while typing, backlog search) reads in full.
 */
export async function limitPendingSearchEntries(db: Db) {
  await db.execute(sql`SET LOCAL gin_pending_list_limit = 512`);
}

export const insertIdeas = (db: Db, rows: (typeof ideas.$inferInsert)[]) =>
  db.insert(ideas).values(rows).returning({ id: ideas.id });

export const insertIdeaScores = (db: Db, rows: (typeof ideaScores.$inferInsert)[]) =>
  rows.length ? db.insert(ideaScores).values(rows) : Promise.resolve();

/** Stores the input-based scores (RICE, ICE, WSJF) of one idea. */
export const updateInputScores = (
  db: Db,
  workspaceId: string,
  ideaId: string,
  s: { scoreRice: number | null; scoreIce: number | null; scoreWsjf: number | null },
) =>
  rawRows(
    db,
    `UPDATE idea_scores SET score_rice = $3, score_ice = $4, score_wsjf = $5 WHERE workspace_id = $1 AND idea_id = $2`,
    [workspaceId, ideaId, s.scoreRice, s.scoreIce, s.scoreWsjf],
  );

export const updateIdeaRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: Partial<typeof ideas.$inferInsert>,
) =>
  (
    await db
      .update(ideas)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${ideas.version} + 1` })
      .where(
        and(
          eq(ideas.workspaceId, workspaceId),
          eq(ideas.id, id),
          version === null ? undefined : eq(ideas.version, version),
        ),
      )
      .returning({ id: ideas.id })
  )[0] ?? null;

const ROUNDS_OF_IDEA = "SELECT round_id FROM round_ideas WHERE workspace_id = $1 AND idea_id = $2";

/** Deletes an idea's ratings (they only reference the round) and recounts its rounds' voter progress. */
async function dropRatingsOf(db: Db, workspaceId: string, ideaId: string) {
  const q = (text: string) => rawRows(db, text, [workspaceId, ideaId]);
  await q(`DELETE FROM ratings WHERE workspace_id = $1 AND idea_id = $2 AND round_id IN (${ROUNDS_OF_IDEA})`);
  await q(`UPDATE round_voters v SET done = (SELECT count(*) FROM ratings r WHERE r.workspace_id = $1
      AND r.round_id = v.round_id AND r.voter_id = v.user_id)
    WHERE v.workspace_id = $1 AND v.round_id IN (${ROUNDS_OF_IDEA})`);
}

/** Deletes an idea with its ratings. */
export async function deleteIdeaRow(db: Db, workspaceId: string, id: string) {
  await dropRatingsOf(db, workspaceId, id);
  await db.delete(ideas).where(and(eq(ideas.workspaceId, workspaceId), eq(ideas.id, id)));
}

/** Bulk edit: status, owner, tags added and removed, in one statement. */
export const bulkUpdateIdeas = async (
  db: Db,
  workspaceId: string,
  productId: string,
  ids: string[],
  set: { status?: string; ownerId?: string | null; addTags?: string[]; removeTags?: string[] },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `UPDATE ideas SET
         status = COALESCE($4, status),
         owner_id = CASE WHEN $5::boolean THEN $6::uuid ELSE owner_id END,
         tags = ARRAY(SELECT DISTINCT t FROM unnest(tags || $7::text[]) t WHERE NOT t = ANY($8::text[]) ORDER BY t),
         updated_at = now(), version = version + 1
       WHERE workspace_id = $1 AND product_id = $2 AND merged_into_id IS NULL
         AND id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)
       RETURNING id`,
      [
        workspaceId,
        productId,
        JSON.stringify(ids),
        set.status ?? null,
        set.ownerId !== undefined,
        set.ownerId ?? null,
        set.addTags ?? [],
        set.removeTags ?? [],
      ],
    )
  ).length;

/** Moves ratings, round membership, comments and watchers of `from` onto `into` (its own ratings win). */
export async function moveIdeaData(db: Db, workspaceId: string, from: string, into: string) {
  // Each statement gets exactly the parameters it uses (PGlite's extended protocol counts them).
  const both = (text: string) => rawRows(db, text, [workspaceId, from, into]);
  const one = (text: string, id: string) => rawRows(db, text, [workspaceId, id]);
  await both(`UPDATE ratings r SET idea_id = $3 WHERE r.workspace_id = $1 AND r.idea_id = $2
    AND r.round_id IN (${ROUNDS_OF_IDEA})
    AND NOT EXISTS (SELECT 1 FROM ratings t WHERE t.workspace_id = $1 AND t.round_id = r.round_id
      AND t.voter_id = r.voter_id AND t.idea_id = $3 AND t.factor_id = r.factor_id)`);
  await dropRatingsOf(db, workspaceId, from); // those that clashed with the survivor's own
  await both(`INSERT INTO round_ideas (workspace_id, round_id, idea_id)
    SELECT $1, round_id, $3 FROM round_ideas WHERE workspace_id = $1 AND idea_id = $2 ON CONFLICT DO NOTHING`);
  await one("DELETE FROM round_ideas WHERE workspace_id = $1 AND idea_id = $2", from);
  await both("UPDATE idea_comments SET idea_id = $3 WHERE workspace_id = $1 AND idea_id = $2");
  await both(`INSERT INTO idea_watchers (workspace_id, idea_id, user_id)
    SELECT $1, $3, user_id FROM idea_watchers WHERE workspace_id = $1 AND idea_id = $2 ON CONFLICT DO NOTHING`);
  await one("UPDATE idea_scores SET rank = NULL WHERE workspace_id = $1 AND idea_id = $2", from);
  await one(
    `UPDATE ideas SET comment_count = (SELECT count(*) FROM idea_comments WHERE workspace_id = $1 AND idea_id = $2)
    WHERE workspace_id = $1 AND id = $2`,
    into,
  );
}

export const isWatching = async (db: Db, workspaceId: string, ideaId: string, userId: string | null) =>
  (
    await rawRows<{ watching: boolean; n: number }>(
      db,
      `SELECT coalesce(bool_or(user_id = $3), false) AS watching, count(*)::int AS n FROM idea_watchers
       WHERE workspace_id = $1 AND idea_id = $2`,
      [workspaceId, ideaId, userId],
    )
  )[0];

export const setWatching = (db: Db, workspaceId: string, ideaId: string, userIds: string[], on: boolean) =>
  on
    ? rawRows(
        db,
        `INSERT INTO idea_watchers (workspace_id, idea_id, user_id)
         SELECT $1, $2, u::uuid FROM jsonb_array_elements_text($3::jsonb) u ON CONFLICT DO NOTHING`,
        [workspaceId, ideaId, JSON.stringify(userIds)],
      )
    : rawRows(
        db,
        `DELETE FROM idea_watchers WHERE workspace_id = $1 AND idea_id = $2
         AND user_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)`,
        [workspaceId, ideaId, JSON.stringify(userIds)],
      );

export const selectWatchers = async (db: Db, workspaceId: string, ideaId: string) =>
  (
    await rawRows<{ userId: string }>(
      db,
      `SELECT user_id AS "userId" FROM idea_watchers WHERE workspace_id = $1 AND idea_id = $2`,
      [workspaceId, ideaId],
    )
  ).map((r) => r.userId);

export const ownerIdsByEmail = (db: Db, workspaceId: string, emails: string[]) =>
  rawRows<{ id: string; email: string }>(
    db,
    `SELECT u.id, lower(u.email) AS email FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
     WHERE lower(u.email) IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [workspaceId, JSON.stringify(emails)],
  );

/** Deletes a product's ideas numbered from…to-1 (an import being undone); their scores go with them. */
export const deleteIdeaNumbers = async (
  db: Db,
  workspaceId: string,
  productId: string,
  from: number,
  to: number,
) =>
  (
    await rawRows<{ n: number }>(
      db,
      `WITH d AS (DELETE FROM ideas WHERE workspace_id = $1 AND product_id = $2 AND number >= $3 AND number < $4
         RETURNING 1) SELECT count(*)::int AS n FROM d`,
      [workspaceId, productId, from, to],
    )
  )[0].n;

/**
 * Each idea's latest status change in its history (the audit log): who set it (the roadmap's action is
 * "idea.status_from_roadmap"), the status set and, for the roadmap's, the status to restore.
 */
export const selectLastStatusChanges = (db: Db, workspaceId: string, ideaIds: string[]) =>
  rawRows<{ ideaId: string; action: string; status: string; restore: string | null }>(
    db,
    `SELECT DISTINCT ON (entity_id) entity_id AS "ideaId", action, after->>'status' AS status,
            after->>'restore' AS restore
       FROM audit_events
      WHERE workspace_id = $1 AND entity_type = 'idea'
        AND entity_id IN (SELECT jsonb_array_elements_text($2::jsonb))
        AND after->'status' IS NOT NULL
        AND (action <> 'idea.update' OR before->>'status' IS DISTINCT FROM after->>'status')
      ORDER BY entity_id, at DESC, id DESC`,
    [workspaceId, JSON.stringify(ideaIds)],
  );
