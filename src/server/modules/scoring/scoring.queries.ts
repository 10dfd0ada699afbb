import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { factors } from "../../db/schema.ts";

export { RANKED_STATUSES } from "../../../shared/scoring.ts";

/**
 * Serializes score and rank writers of one product (an UPDATE takes the row lock FOR NO KEY UPDATE, which
 * does not block idea inserts' foreign-key checks) and bumps the product's ideas_version, which keys the
 * served-page cache. Every writer takes it before touching the product's ideas: no deadlocks, no stale pages.
 */
export const lockProduct = (db: Db, workspaceId: string, productId: string) =>
  rawRows(
    db,
    `UPDATE products SET ideas_version = greatest(ideas_version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, productId],
  );

/**
 * lockProduct for work in steps: bumps ideas_version only if it is still `expected` (no other writer since the
 * step before); returns the new version, or null when someone else wrote meanwhile. Null `expected`: always.
 */
export const bumpProductVersion = async (
  db: Db,
  workspaceId: string,
  productId: string,
  expected: number | null,
) =>
  (
    await rawRows<{ v: string }>(
      db,
      `UPDATE products SET ideas_version = greatest(ideas_version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)
       WHERE workspace_id = $1 AND id = $2 AND ($3::bigint IS NULL OR ideas_version = $3::bigint) RETURNING ideas_version AS v`,
      [workspaceId, productId, expected],
    )
  ).map((r) => Number(r.v))[0] ?? null;

export interface ScoreRow {
  id: string;
  number: number;
  title: string;
  status: string;
  merged: boolean;
  pinnedRank: number | null;
  factorStats: FactorStatRow[];
  scored: boolean;
  scoreWeighted: number | null;
  scoreRice: number | null;
  scoreIce: number | null;
  scoreWsjf: number | null;
  score: number | null;
  rank: number | null;
  /** RICE inputs (reach as entered by hand), for a product taking reach from evidence */
  reach: number | null;
  impact: number | null;
  confidence: number | null;
  effort: number | null;
}

/** A product's score rows (ScoreRow), filtered by workspace ($1) and product ($2). */
const SCORE_ROWS = `SELECT s.idea_id AS id, i.number, i.title, i.status, i.merged_into_id IS NOT NULL AS merged, i.pinned_rank AS "pinnedRank",
       s.factor_stats AS "factorStats", s.scored_round_id IS NOT NULL AS scored, s.score_weighted AS "scoreWeighted", s.score_rice AS "scoreRice",
       s.score_ice AS "scoreIce", s.score_wsjf AS "scoreWsjf", s.score, s.rank, i.reach, i.impact, i.confidence, i.effort
     FROM idea_scores s JOIN ideas i ON i.workspace_id = s.workspace_id AND i.id = s.idea_id
     WHERE s.workspace_id = $1 AND s.product_id = $2`;

/** Everything a product-wide re-score reads, one row per idea. */
export const selectProductScores = (db: Db, workspaceId: string, productId: string) =>
  rawRows<ScoreRow>(db, SCORE_ROWS, [workspaceId, productId]);

/** One page of selectProductScores in idea id order, after `after` (long work reads a product in short steps). */
export const selectProductScoresPage = (
  db: Db,
  workspaceId: string,
  productId: string,
  after: string,
  limit: number,
) =>
  rawRows<ScoreRow>(db, `${SCORE_ROWS} AND s.idea_id > $3::uuid ORDER BY s.idea_id LIMIT $4`, [
    workspaceId,
    productId,
    after,
    limit,
  ]);

/** The product's ideas_version (bumped by every writer of its ideas' scores: lockProduct, bumpProductVersion). */
export const selectProductVersion = async (db: Db, workspaceId: string, productId: string) =>
  (
    await rawRows<{ v: string }>(
      db,
      "SELECT ideas_version AS v FROM products WHERE workspace_id = $1 AND id = $2",
      [workspaceId, productId],
    )
  ).map((r) => Number(r.v))[0] ?? null;

export const selectFramework = async (db: Db, workspaceId: string, productId: string) =>
  (
    await rawRows<{ framework: string }>(
      db,
      "SELECT framework FROM products WHERE workspace_id = $1 AND id = $2",
      [workspaceId, productId],
    )
  )[0]?.framework ?? "weighted";

/** Whether the product takes RICE's reach from customer evidence (docs/SCORING.md "Other frameworks"). */
export const selectRiceReachFromEvidence = async (db: Db, workspaceId: string, productId: string) =>
  (
    await rawRows<{ on: boolean }>(
      db,
      `SELECT rice_reach_from_evidence AS "on" FROM products WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, productId],
    )
  )[0]?.on === true;

/** Why a re-score writes: a row of idea_score_history per changed idea (null: not a scoring event, no history). */
export interface HistoryCause {
  cause: "round" | "factors" | "counting" | "framework" | "merge" | "evidence";
  roundId: string | null;
  framework: string;
}

/**
 * Writes weighted score, active score and rank of the changed ideas, from a JSON array of {id, w, s, r} (and RICE
 * `rice` where `rk` is true: reach from evidence): one pass; with a cause, the same statement adds one history row
 * per idea written (so a change is recorded exactly once).
 */
export const writeScores = (db: Db, workspaceId: string, json: string, history: HistoryCause | null = null) =>
  rawRows(
    db,
    `WITH upd AS (
       UPDATE idea_scores t SET score_weighted = u.w, score = u.s, rank = u.r,
         score_rice = CASE WHEN u.rk THEN u.rice ELSE t.score_rice END
       FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, w float8, s float8, r int, rice float8, rk boolean)
       WHERE t.workspace_id = $1 AND t.idea_id = u.id
       RETURNING t.idea_id, u.w, u.s, u.r)
     INSERT INTO idea_score_history (workspace_id, idea_id, cause, round_id, framework, score, score_weighted, rank)
     SELECT $1, idea_id, $3::text, $4::uuid, $5::text, s, w, r FROM upd WHERE $3::text IS NOT NULL`,
    [workspaceId, json, history?.cause ?? null, history?.roundId ?? null, history?.framework ?? null],
  );

/** An idea's score history, oldest first (the latest 1,000 changes). */
export const selectScoreHistory = (db: Db, workspaceId: string, ideaId: string) =>
  rawRows<{
    id: string;
    at: string;
    cause: HistoryCause["cause"];
    roundId: string | null;
    roundName: string | null;
    framework: string;
    score: number | null;
    scoreWeighted: number | null;
    rank: number | null;
  }>(
    db,
    `SELECT * FROM (
       SELECT h.id, h.at, h.cause, h.round_id AS "roundId", r.name AS "roundName", h.framework, h.score,
         h.score_weighted AS "scoreWeighted", h.rank
       FROM idea_score_history h
       LEFT JOIN rounds r ON r.workspace_id = h.workspace_id AND r.id = h.round_id
       WHERE h.workspace_id = $1 AND h.idea_id = $2 ORDER BY h.at DESC, h.id DESC LIMIT 1000) x
     ORDER BY at, id`,
    [workspaceId, ideaId],
  );

/** How a product's rounds count (no row: "replace", version 0), with who changed it last. */
export const selectScoreSetting = async (db: Db, workspaceId: string, productId: string) =>
  (
    await rawRows<{
      mode: "replace" | "combine";
      halfLifeRounds: number | null;
      version: number;
      changedBy: string | null;
      changedByName: string | null;
      changedAt: string | null;
    }>(
      db,
      `SELECT s.mode, s.half_life_rounds AS "halfLifeRounds", s.version, s.updated_by AS "changedBy",
         u.name AS "changedByName", s.updated_at AS "changedAt"
       FROM score_settings s LEFT JOIN users u ON u.id = s.updated_by
       WHERE s.workspace_id = $1 AND s.product_id = $2`,
      [workspaceId, productId],
    )
  )[0] ?? null;

/**
 * Writes how a product's rounds count if its version is still `expected` (0: never set); returns the new version,
 * or null when someone changed it meanwhile.
 */
export const upsertScoreSetting = async (
  db: Db,
  workspaceId: string,
  productId: string,
  expected: number,
  set: { mode: string; halfLifeRounds: number | null; userId: string | null },
) =>
  (
    await rawRows<{ version: number }>(
      db,
      `INSERT INTO score_settings AS s (workspace_id, product_id, mode, half_life_rounds, updated_by)
       SELECT $1, $2, $4, $5, $6
       WHERE $3::int = 0 OR EXISTS (SELECT 1 FROM score_settings WHERE workspace_id = $1 AND product_id = $2)
       ON CONFLICT (workspace_id, product_id) DO UPDATE SET mode = $4, half_life_rounds = $5, updated_by = $6,
         updated_at = now(), version = s.version + 1
       WHERE s.version = $3::int
       RETURNING version`,
      [workspaceId, productId, expected, set.mode, set.halfLifeRounds, set.userId],
    )
  )[0]?.version ?? null;

/**
 * The rounds that count for some ideas: each idea's closed rounds and `pending` (a round being previewed, counted
 * as the latest), latest first (closing time, then id).
 */
export const selectIdeaRounds = (db: Db, workspaceId: string, ideaIds: string[], pending: string | null) =>
  rawRows<{ ideaId: string; roundId: string; name: string; closedAt: string | null }>(
    db,
    `SELECT ri.idea_id AS "ideaId", r.id AS "roundId", r.name, r.closed_at AS "closedAt"
     FROM round_ideas ri JOIN rounds r ON r.workspace_id = ri.workspace_id AND r.id = ri.round_id
     WHERE ri.workspace_id = $1 AND ri.idea_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
       AND (r.status = 'closed' OR r.id = $3::uuid)
     ORDER BY ri.idea_id, coalesce(r.id = $3::uuid, false) DESC, r.closed_at DESC, r.id DESC`,
    [workspaceId, JSON.stringify(ideaIds), pending],
  );

/** Per idea × round × factor aggregates of some rounds' ratings of some ideas, and each pair's voters. */
export const aggregateIdeaRounds = (db: Db, workspaceId: string, roundIds: string[], ideaIds: string[]) =>
  rawRows<FactorStatRow & { ideaId: string; roundId: string; voters: number }>(
    db,
    `WITH r AS (
       SELECT idea_id, round_id, voter_id, factor_id, value FROM ratings WHERE workspace_id = $1
         AND round_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
         AND idea_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)),
     v AS (SELECT idea_id, round_id, count(DISTINCT voter_id)::int AS voters FROM r WHERE value IS NOT NULL
           GROUP BY idea_id, round_id)
     SELECT r.idea_id AS "ideaId", r.round_id AS "roundId", r.factor_id AS "factorId", avg(r.value)::float8 AS mean,
       count(r.value)::int AS votes, (count(*) - count(r.value))::int AS abstentions,
       stddev_pop(r.value)::float8 AS spread, coalesce(v.voters, 0) AS voters
     FROM r LEFT JOIN v ON v.idea_id = r.idea_id AND v.round_id = r.round_id
     GROUP BY r.idea_id, r.round_id, r.factor_id, v.voters`,
    [workspaceId, JSON.stringify(roundIds), JSON.stringify(ideaIds)],
  );

/** Who rated (not only abstained) an idea in some rounds, with how many ratings each gave. */
export const selectIdeaVoters = (db: Db, workspaceId: string, ideaId: string, roundIds: string[]) =>
  rawRows<{ roundId: string; userId: string; name: string; votes: number }>(
    db,
    `SELECT r.round_id AS "roundId", r.voter_id AS "userId", coalesce(u.name, 'A former member') AS name,
       count(r.value)::int AS votes
     FROM ratings r LEFT JOIN users u ON u.id = r.voter_id
     WHERE r.workspace_id = $1 AND r.idea_id = $2 AND r.round_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)
     GROUP BY r.round_id, r.voter_id, u.name HAVING count(r.value) > 0
     ORDER BY name`,
    [workspaceId, ideaId, JSON.stringify(roundIds)],
  );

/** Ids of a product's ideas that were in a closed round, in id order after `after` (a stepped re-count). */
export const selectRatedIdeaIdsPage = (
  db: Db,
  workspaceId: string,
  productId: string,
  after: string,
  limit: number,
) =>
  rawRows<{ id: string }>(
    db,
    `SELECT s.idea_id AS id FROM idea_scores s
     WHERE s.workspace_id = $1 AND s.product_id = $2 AND s.idea_id > $3::uuid
       AND EXISTS (SELECT 1 FROM round_ideas ri JOIN rounds r ON r.workspace_id = ri.workspace_id AND r.id = ri.round_id
                   WHERE ri.workspace_id = $1 AND ri.idea_id = s.idea_id AND r.status = 'closed')
     ORDER BY s.idea_id LIMIT $4`,
    [workspaceId, productId, after, limit],
  );

export interface FactorStatRow {
  factorId: string;
  mean: number | null;
  votes: number;
  abstentions: number;
  spread: number | null;
}

/** Per idea × factor aggregates of a round's ratings (optionally only some ideas). */
export const aggregateRound = (db: Db, workspaceId: string, roundId: string, ideaIds: string[] | null) =>
  rawRows<FactorStatRow & { ideaId: string }>(
    db,
    `SELECT idea_id AS "ideaId", factor_id AS "factorId", avg(value)::float8 AS mean, count(value)::int AS votes,
       (count(*) - count(value))::int AS abstentions, stddev_pop(value)::float8 AS spread
     FROM ratings WHERE workspace_id = $1 AND round_id = $2
       AND ($3::jsonb IS NULL OR idea_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid))
     GROUP BY idea_id, factor_id`,
    [workspaceId, roundId, ideaIds ? JSON.stringify(ideaIds) : null],
  );

/** Distinct voters who rated (not only abstained) each idea in a round. */
export const votersPerIdea = (db: Db, workspaceId: string, roundId: string) =>
  rawRows<{ ideaId: string; voters: number }>(
    db,
    `SELECT idea_id AS "ideaId", count(DISTINCT voter_id)::int AS voters FROM ratings
     WHERE workspace_id = $1 AND round_id = $2 AND value IS NOT NULL GROUP BY idea_id`,
    [workspaceId, roundId],
  );

/**
 * Writes counted round results onto ideas from a JSON array of {id, stats, voters, round}; the weighted score
 * follows in writeScores (a re-score from these stats), which records the change in the history.
 */
export const applyRoundStats = (db: Db, workspaceId: string, json: string) =>
  rawRows(
    db,
    `UPDATE idea_scores t SET factor_stats = u.stats, voters = u.voters, scored_round_id = u.round
     FROM jsonb_to_recordset($2::jsonb) AS u(id uuid, stats jsonb, voters int, round uuid)
     WHERE t.workspace_id = $1 AND t.idea_id = u.id`,
    [workspaceId, json],
  );

export const selectRoundName = async (db: Db, workspaceId: string, roundId: string) =>
  (
    await rawRows<{ name: string }>(db, "SELECT name FROM rounds WHERE workspace_id = $1 AND id = $2", [
      workspaceId,
      roundId,
    ])
  )[0]?.name ?? null;

// ---------------------------------------------------------------- factor sets (read, and a new workspace's defaults)

const cols = {
  id: factors.id,
  productId: factors.productId,
  name: factors.name,
  description: factors.description,
  weight: factors.weight,
  direction: factors.direction,
  kind: factors.kind,
  scaleMin: factors.scaleMin,
  scaleMax: factors.scaleMax,
  labels: factors.labels,
  position: factors.position,
};

/** Active factors of one scope: the workspace's defaults (productId null) or a product's override. */
export const selectActiveFactors = (db: Db, workspaceId: string, productId: string | null) =>
  db
    .select(cols)
    .from(factors)
    .where(
      and(
        eq(factors.workspaceId, workspaceId),
        productId ? eq(factors.productId, productId) : isNull(factors.productId),
        isNull(factors.archivedAt),
      ),
    )
    .orderBy(asc(factors.position), asc(factors.createdAt));

/** Active factors of a product and of the workspace, in one round trip (hot: every rating checks them). */
export const selectScopeFactors = (db: Db, workspaceId: string, productId: string) =>
  rawRows<typeof factors.$inferSelect & { productId: string | null }>(
    db,
    `SELECT id, product_id AS "productId", name, description, weight, direction, kind, scale_min AS "scaleMin",
       scale_max AS "scaleMax", labels, position FROM factors
     WHERE workspace_id = $1 AND archived_at IS NULL AND (product_id = $2 OR product_id IS NULL)
     ORDER BY position, created_at`,
    [workspaceId, productId],
    "scope_factors",
  );

/** A new workspace's default factors (the factors module writes every later change). */
export const insertDefaultFactors = (db: Db, rows: (typeof factors.$inferInsert)[]) =>
  db.insert(factors).values(rows);

const EVIDENCE_OF: Record<"ideas" | "items" | "company" | "person", string> = {
  ideas: "SELECT unnest($2::uuid[])",
  items: "SELECT l.idea_id FROM feedback_links l WHERE l.workspace_id = $1 AND l.item_id = ANY($2::uuid[])",
  company: `SELECT l.idea_id FROM feedback_items f JOIN feedback_links l ON l.workspace_id = f.workspace_id AND l.item_id = f.id
    WHERE f.workspace_id = $1 AND f.company_id = ANY($2::uuid[])`,
  person: `SELECT l.idea_id FROM feedback_items f JOIN feedback_links l ON l.workspace_id = f.workspace_id AND l.item_id = f.id
    WHERE f.workspace_id = $1 AND f.person_id = ANY($2::uuid[])`,
};

/** Bumps these products' ideas_version (what their backlog pages show changed without a score write). */
export async function bumpProductsVersion(db: Db, workspaceId: string, productIds: string[]) {
  if (!productIds.length) return;
  await rawRows(
    db,
    `UPDATE products SET ideas_version = greatest(ideas_version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)
     WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, [...new Set(productIds)].sort()],
  );
}

/**
 * Bumps ideas_version of the products whose ideas have evidence from these ideas, items, companies or people:
 * the served backlog pages carry evidence columns, so a change to the evidence is a new version of the page.
 */
export async function bumpBacklogsOfEvidence(
  db: Db,
  workspaceId: string,
  of: keyof typeof EVIDENCE_OF,
  ids: string[],
) {
  if (!ids.length) return [];
  return (
    await rawRows<{ id: string }>(
      db,
      `UPDATE products SET ideas_version = greatest(ideas_version + 1, (extract(epoch from clock_timestamp()) * 1000)::bigint)
       WHERE workspace_id = $1 AND id IN (SELECT DISTINCT i.product_id FROM ideas i
         WHERE i.workspace_id = $1 AND i.id IN (${EVIDENCE_OF[of]}))
       RETURNING id`,
      [workspaceId, ids],
    )
  ).map((r) => r.id);
}

// ---------------------------------------------------------------- computed factors' inputs (docs/SCORING.md)

/**
 * Customer evidence of ideas (docs/FEEDBACK.md "Evidence and demand", the same formula as shared/feedback.ts
 * customerDemand), the one SQL of the backlog's evidence columns (ideas.queries.ts) and the computed factors: per
 * idea, linked non-spam items, distinct voices (a company, else a customer, else the item), Σ ARR of the distinct
 * companies and the 0–10 demand over the voices weighted by highest importance × (1 + log10(1 + ARR / 1,000)).
 * `scope` limits the links (a condition on `l`: a product's ideas, or a page's ids) and `segment` (a parameter
 * reference) to feedback from companies of that segment. Reads feedback_links_idea_idx per idea. $1 workspace.
 */
export function demandCte(scope: string, segment: string | null = null) {
  return `v AS (
    SELECT l.idea_id, coalesce('c:' || f.company_id::text, 'p:' || f.person_id::text, 'i:' || f.id::text) AS voice,
      max(array_position(ARRAY['nice','important','critical'], l.importance)) AS weight,
      max(c.arr)::float8 AS arr, count(*)::int AS items
    FROM feedback_links l
    JOIN feedback_items f ON f.workspace_id = l.workspace_id AND f.id = l.item_id
    LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = f.company_id
    WHERE l.workspace_id = $1 AND ${scope} AND f.status <> 'spam'
      ${segment ? `AND lower(c.segment) = lower(${segment})` : ""}
    GROUP BY l.idea_id, 2
  ), ev AS (
    SELECT idea_id, sum(items)::int AS items, count(*)::int AS voices, sum(arr) AS arr,
      round((1000 * (1 - exp(-sum(weight * (1 + log(1 + greatest(coalesce(arr, 0), 0) / 1000))) / 10)))::numeric)::float8
        / 100 AS demand
    FROM v GROUP BY idea_id
  )`;
}

/**
 * Competitor coverage (docs/COMPETITORS.md "On the backlog"), the one SQL of the backlog's Competitors column
 * (ideas.queries.ts) and the computed factors, read from the feature matrix's tables as the matrix module reads them:
 * `cols` the product's competitors (its matrix columns: linked to the product, not archived); `best` per idea and
 * competitor the best cell over the matrix rows of the product linked to the idea, weighted has 2, partial 1 (halved
 * when summed). `ideas` limits the rows (a parameter reference, uuid[]); reads capabilities_idea_idx, or the
 * product's rows when unlimited. $1 workspace, $2 product.
 */
export function coverageCte(ideas: string | null) {
  return `cols AS (
    SELECT k.id, k.name FROM competitor_products cp
    JOIN competitors k ON k.workspace_id = cp.workspace_id AND k.id = cp.competitor_id AND k.status <> 'archived'
    WHERE cp.workspace_id = $1 AND cp.product_id = $2
  ), best AS (
    SELECT c.idea_id, x.name, max(CASE cc.status WHEN 'has' THEN 2 ELSE 1 END) AS w
    FROM capabilities c
    JOIN capability_cells cc ON cc.workspace_id = c.workspace_id AND cc.capability_id = c.id
      AND cc.status IN ('has', 'partial')
    JOIN cols x ON x.id = cc.competitor_id
    WHERE c.workspace_id = $1 AND c.product_id = $2 AND ${ideas ? `c.idea_id = ANY(${ideas})` : "c.idea_id IS NOT NULL"}
    GROUP BY c.idea_id, x.id, x.name
  )`;
}

/**
 * Customer demand of a product's ideas with evidence ($1 workspace, $2 product; demandCte), read here because
 * scoring sits below the ideas and feedback modules; `ideaIds` limits it to some of them when given.
 */
export const selectDemandInputs = (
  db: Db,
  workspaceId: string,
  productId: string,
  ideaIds: string[] | null,
) =>
  rawRows<{ ideaId: string; demand: number; voices: number; arr: number | null }>(
    db,
    `WITH ${demandCte(`l.idea_id IN (SELECT id FROM ideas WHERE workspace_id = $1 AND product_id = $2${ideaIds ? " AND id = ANY($3::uuid[])" : ""})`)}
     SELECT idea_id AS "ideaId", voices, arr, demand FROM ev`,
    ideaIds ? [workspaceId, productId, ideaIds] : [workspaceId, productId],
  );

/**
 * Competitor coverage of a product's ideas ($1 workspace, $2 product; coverageCte): per idea, each of the product's
 * competitors once with its best cell, has 1, partial ½; plus a row with ideaId null whose `have` is the number of
 * the product's competitors (the "of M"). `ideaIds` limits it to some ideas when given.
 */
export const selectCoverageInputs = (
  db: Db,
  workspaceId: string,
  productId: string,
  ideaIds: string[] | null,
) =>
  rawRows<{ ideaId: string | null; have: number }>(
    db,
    `WITH ${coverageCte(ideaIds ? "$3::uuid[]" : null)}
     SELECT NULL::uuid AS "ideaId", count(*)::float8 AS have FROM cols
     UNION ALL
     SELECT idea_id, sum(w)::float8 / 2 FROM best GROUP BY idea_id`,
    ideaIds ? [workspaceId, productId, ideaIds] : [workspaceId, productId],
  );

/**
 * The products whose scores follow the evidence: their factor set (own override, else the workspace's defaults) has a
 * computed factor, or they take RICE's reach from customer evidence.
 */
export const selectProductsWithComputed = async (db: Db, workspaceId: string, productIds: string[]) =>
  productIds.length
    ? (
        await rawRows<{ id: string }>(
          db,
          `SELECT p.id FROM products p WHERE p.workspace_id = $1 AND p.id = ANY($2::uuid[]) AND (p.rice_reach_from_evidence
             OR EXISTS (
             SELECT 1 FROM factors f WHERE f.workspace_id = $1 AND f.archived_at IS NULL AND f.kind <> 'rated'
               AND (f.product_id = p.id OR (f.product_id IS NULL AND NOT EXISTS (
                 SELECT 1 FROM factors o WHERE o.workspace_id = $1 AND o.product_id = p.id AND o.archived_at IS NULL)))))
           ORDER BY p.id`,
          [workspaceId, [...new Set(productIds)]],
        )
      ).map((r) => r.id)
    : [];
