import type { Role } from "../../../shared/enums.ts";
import type { Round } from "../../../shared/ideas.schemas.ts";
import type { Db } from "../../db/client.ts";
import { type DriverRow, rawRows } from "../../db/hot.ts";

const ROUND = `r.id, r.product_id AS "productId", p.name AS "productName", r.name, r.description, r.status, r.deadline,
  r.show_others AS "showOthers", r.closed_at AS "closedAt", r.close_reason AS "closeReason", r.created_by AS "createdBy",
  r.created_at AS "createdAt", r.version,
  (SELECT count(*)::int FROM round_ideas ri WHERE ri.workspace_id = r.workspace_id AND ri.round_id = r.id) AS "ideaCount",
  (SELECT count(*)::int FROM round_voters rv WHERE rv.workspace_id = r.workspace_id AND rv.round_id = r.id) AS "voterCount",
  (SELECT json_agg(json_build_object('u', rv.user_id, 'd', rv.done)) FROM round_voters rv
     WHERE rv.workspace_id = r.workspace_id AND rv.round_id = r.id) AS "doneBy"`;

/** A round as read: the API's Round before the progress is worked out from `doneBy` (each voter's done count). */
export type RawRound = DriverRow<
  Omit<Round, "finishedVoters" | "myProgress">,
  "deadline" | "closedAt" | "createdAt"
> & { doneBy: { u: string; d: number }[] | null };

export const selectRounds = (
  db: Db,
  workspaceId: string,
  f: { productId?: string; status?: string; voterId?: string },
) =>
  rawRows<RawRound>(
    db,
    `SELECT ${ROUND} FROM rounds r JOIN products p ON p.workspace_id = r.workspace_id AND p.id = r.product_id
     WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.product_id = $2) AND ($3::text IS NULL OR r.status = $3)
       AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM round_voters v WHERE v.workspace_id = r.workspace_id
         AND v.round_id = r.id AND v.user_id = $4))
     ORDER BY (r.status = 'open') DESC, r.deadline DESC LIMIT 500`,
    [workspaceId, f.productId ?? null, f.status ?? null, f.voterId ?? null],
  );

export const selectRound = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<RawRound>(
      db,
      `SELECT ${ROUND} FROM rounds r JOIN products p ON p.workspace_id = r.workspace_id AND p.id = r.product_id
       WHERE r.workspace_id = $1 AND r.id = $2`,
      [workspaceId, id],
    )
  )[0] ?? null;

/** Locks the round row for closing or editing. */
export const lockRound = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<{ status: string; productId: string }>(
      db,
      `SELECT status, product_id AS "productId" FROM rounds WHERE workspace_id = $1 AND id = $2 FOR NO KEY UPDATE`,
      [workspaceId, id],
    )
  )[0] ?? null;

export const insertRound = async (
  db: Db,
  workspaceId: string,
  r: {
    productId: string;
    name: string;
    description: string;
    deadline: string;
    showOthers: boolean;
    createdBy: string | null;
  },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `INSERT INTO rounds (workspace_id, product_id, name, description, deadline, show_others, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [workspaceId, r.productId, r.name, r.description, r.deadline, r.showOthers, r.createdBy],
    )
  )[0].id;

export const updateRoundRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: { name?: string; description?: string; deadline?: string; showOthers?: boolean },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `UPDATE rounds SET name = COALESCE($4, name), description = COALESCE($5, description),
         deadline = COALESCE($6::timestamptz, deadline), show_others = COALESCE($7, show_others),
         updated_at = now(), version = version + 1
       WHERE workspace_id = $1 AND id = $2 AND version = $3 AND status = 'open' RETURNING id`,
      [
        workspaceId,
        id,
        version,
        set.name ?? null,
        set.description ?? null,
        set.deadline ?? null,
        set.showOthers ?? null,
      ],
    )
  ).length > 0;

export const markClosed = (db: Db, workspaceId: string, id: string, reason: string) =>
  rawRows(
    db,
    `UPDATE rounds SET status = 'closed', closed_at = now(), close_reason = $3, updated_at = now(), version = version + 1
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, reason],
  );

export const insertRoundIdeas = (db: Db, workspaceId: string, roundId: string, ideaIds: string[]) =>
  rawRows(
    db,
    `INSERT INTO round_ideas (workspace_id, round_id, idea_id)
     SELECT $1, $2, i::uuid FROM jsonb_array_elements_text($3::jsonb) i ON CONFLICT DO NOTHING`,
    [workspaceId, roundId, JSON.stringify(ideaIds)],
  );

export const insertRoundVoters = (
  db: Db,
  workspaceId: string,
  roundId: string,
  voters: { userId: string; teamId: string | null }[],
) =>
  rawRows(
    db,
    `INSERT INTO round_voters (workspace_id, round_id, user_id, team_id)
     SELECT $1, $2, v."userId", v."teamId" FROM jsonb_to_recordset($3::jsonb) AS v("userId" uuid, "teamId" uuid)
     ON CONFLICT DO NOTHING`,
    [workspaceId, roundId, JSON.stringify(voters)],
  );

/** Ideas of the product among the given ids that are not merged. */
export const selectProductIdeas = (db: Db, workspaceId: string, productId: string, ids: string[]) =>
  rawRows<{ id: string }>(
    db,
    `SELECT id FROM ideas WHERE workspace_id = $1 AND product_id = $2 AND merged_into_id IS NULL
     AND id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)`,
    [workspaceId, productId, JSON.stringify(ids)],
  );

/** Members among the ids, with their role; team members of the given teams. */
export const selectVoterCandidates = (db: Db, workspaceId: string, userIds: string[], teamIds: string[]) =>
  rawRows<{ userId: string; teamId: string | null; role: Role; name: string }>(
    db,
    `SELECT m.user_id AS "userId", NULL::uuid AS "teamId", m.role, u.name FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = $1 AND m.user_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
     UNION ALL
     SELECT tm.user_id, tm.team_id, m.role, u.name FROM team_members tm
       JOIN memberships m ON m.workspace_id = tm.workspace_id AND m.user_id = tm.user_id JOIN users u ON u.id = tm.user_id
     WHERE tm.workspace_id = $1 AND tm.team_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(userIds), JSON.stringify(teamIds)],
  );

export const selectTeamIds = (db: Db, workspaceId: string, ids: string[]) =>
  rawRows<{ id: string }>(
    db,
    `SELECT id FROM teams WHERE workspace_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(ids)],
  );

export const selectRoundIdeas = (db: Db, workspaceId: string, roundId: string) =>
  rawRows<{ id: string; number: number; title: string; description: string }>(
    db,
    `SELECT i.id, i.number, i.title, i.description FROM round_ideas ri
       JOIN ideas i ON i.workspace_id = ri.workspace_id AND i.id = ri.idea_id
       JOIN idea_scores s ON s.workspace_id = ri.workspace_id AND s.idea_id = ri.idea_id
     WHERE ri.workspace_id = $1 AND ri.round_id = $2 ORDER BY s.rank ASC NULLS LAST, i.number`,
    [workspaceId, roundId],
  );

export const selectRoundVoters = (db: Db, workspaceId: string, roundId: string) =>
  rawRows<{ userId: string; name: string; email: string; teamId: string | null; done: number }>(
    db,
    `SELECT v.user_id AS "userId", u.name, u.email, v.team_id AS "teamId", v.done FROM round_voters v
       JOIN users u ON u.id = v.user_id WHERE v.workspace_id = $1 AND v.round_id = $2 ORDER BY lower(u.name)`,
    [workspaceId, roundId],
  );

/** What a rating needs checked: the round's state, whether the caller votes in it, which asked ideas are in it. */
export const selectCastContext = async (
  db: Db,
  workspaceId: string,
  roundId: string,
  userId: string,
  ideaIds: string[],
) =>
  (
    await rawRows<{
      status: string;
      deadline: Date | string;
      productId: string;
      showOthers: boolean;
      voter: boolean;
      inRound: string[] | null;
    }>(
      db,
      `SELECT r.status, r.deadline, r.product_id AS "productId", r.show_others AS "showOthers",
         EXISTS (SELECT 1 FROM round_voters v WHERE v.workspace_id = $1 AND v.round_id = $2 AND v.user_id = $3) AS voter,
         (SELECT array_agg(ri.idea_id::text) FROM round_ideas ri WHERE ri.workspace_id = $1 AND ri.round_id = $2
           AND ri.idea_id = ANY(ARRAY(SELECT jsonb_array_elements_text($4::jsonb)::uuid))) AS "inRound"
       FROM rounds r WHERE r.workspace_id = $1 AND r.id = $2`,
      [workspaceId, roundId, userId, JSON.stringify(ideaIds)],
      "cast_context",
    )
  )[0] ?? null;

export const countRoundIdeas = async (db: Db, workspaceId: string, roundId: string) =>
  (
    await rawRows<{ n: number }>(
      db,
      "SELECT count(*)::int AS n FROM round_ideas WHERE workspace_id = $1 AND round_id = $2",
      [workspaceId, roundId],
      "count_round_ideas",
    )
  )[0].n;

/**
 * Upserts ratings in one statement, which is its own transaction: it share-locks the round and writes only
 * while the round is open and before its deadline, so a rating can never slip in after closing (closing
 * takes the round's row lock). Returns null when the round was closed meanwhile, else the cells added and
 * the voter's progress.
 */
export const upsertRatings = async (
  db: Db,
  workspaceId: string,
  roundId: string,
  voterId: string,
  now: string,
  json: string,
) =>
  (
    await rawRows<{ open: boolean; added: number; done: number | null }>(
      db,
      `WITH r AS (
         SELECT 1 FROM rounds WHERE workspace_id = $1 AND id = $2 AND status = 'open' AND deadline > $4::timestamptz
         FOR SHARE),
       up AS (
         INSERT INTO ratings (workspace_id, round_id, voter_id, idea_id, factor_id, value, abstain_reason, updated_at)
         SELECT $1, $2, $3, x."ideaId", x."factorId", x.value, x."abstainReason", now()
         FROM jsonb_to_recordset($5::jsonb) AS x("ideaId" uuid, "factorId" uuid, value smallint, "abstainReason" text)
         WHERE EXISTS (SELECT 1 FROM r)
         ON CONFLICT (workspace_id, round_id, voter_id, idea_id, factor_id)
         DO UPDATE SET value = EXCLUDED.value, abstain_reason = EXCLUDED.abstain_reason, updated_at = now()
         RETURNING (xmax = 0) AS inserted),
       bump AS (
         UPDATE round_voters SET done = done + (SELECT count(*) FROM up WHERE inserted)
         WHERE workspace_id = $1 AND round_id = $2 AND user_id = $3 AND EXISTS (SELECT 1 FROM r)
         RETURNING done)
       SELECT EXISTS (SELECT 1 FROM r) AS open, (SELECT count(*)::int FROM up WHERE inserted) AS added,
         (SELECT done FROM bump) AS done`,
      [workspaceId, roundId, voterId, now, json],
      "upsert_ratings",
    )
  )[0];

export const selectRatings = (db: Db, workspaceId: string, roundId: string, voterId: string | null) =>
  rawRows<{
    ideaId: string;
    factorId: string;
    voterId: string;
    voterName: string;
    value: number | null;
    abstainReason: string | null;
    updatedAt: Date | string;
  }>(
    db,
    `SELECT r.idea_id AS "ideaId", r.factor_id AS "factorId", r.voter_id AS "voterId", u.name AS "voterName", r.value,
       r.abstain_reason AS "abstainReason", r.updated_at AS "updatedAt"
     FROM ratings r JOIN users u ON u.id = r.voter_id
     WHERE r.workspace_id = $1 AND r.round_id = $2 AND ($3::uuid IS NULL OR r.voter_id = $3)`,
    [workspaceId, roundId, voterId],
  );

/** Voters of a round who have not rated every cell yet. */
export const selectLaggingVoters = (db: Db, workspaceId: string, roundId: string, total: number) =>
  rawRows<{ userId: string; done: number }>(
    db,
    `SELECT user_id AS "userId", done FROM round_voters WHERE workspace_id = $1 AND round_id = $2 AND done < $3`,
    [workspaceId, roundId, total],
  );
