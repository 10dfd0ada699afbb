import type { Signoff, SignoffApprover, SignoffEvent } from "../../../shared/signoff.schemas.ts";
import type { Db } from "../../db/client.ts";
import { type DriverRow, rawRows } from "../../db/hot.ts";

/** Sign-off requests, their approvers, history and comments: the only SQL of the module. */

/** A request as read: the API's Signoff (status and decisions kept valid by the table's checks), timestamps by driver. */
export type SignoffRow = DriverRow<Signoff, "deadline" | "createdAt" | "closedAt">;

const SIGNOFF_SELECT = `
  SELECT s.id, s.roadmap_id AS "roadmapId", r.name AS "roadmapName", r.product_id AS "productId",
    s.version_id AS "versionId", v.number AS "versionNumber", v.name AS "versionName",
    s.baseline_version_id AS "baselineVersionId", s.round, s.status, s.overdue, s.deadline, s.message,
    s.reminders, s.override_reason AS "overrideReason", s.smart_failures AS "smartFailures",
    s.created_by AS "createdBy", u.name AS "createdByName", s.created_at AS "createdAt", s.closed_at AS "closedAt",
    (SELECT jsonb_build_object(
        'approvers', count(*),
        'required', count(*) FILTER (WHERE a.required),
        'requiredApproved', count(*) FILTER (WHERE a.required AND a.decision IN ('approved', 'approved_with_comments')),
        'approved', count(*) FILTER (WHERE a.decision IN ('approved', 'approved_with_comments')),
        'objected', count(*) FILTER (WHERE a.decision = 'objected'),
        'pending', count(*) FILTER (WHERE a.decision = 'pending'))
      FROM signoff_approvers a WHERE a.workspace_id = s.workspace_id AND a.signoff_id = s.id) AS counts,
    (SELECT a.decision FROM signoff_approvers a
      WHERE a.workspace_id = s.workspace_id AND a.signoff_id = s.id AND a.user_id = $2) AS "myDecision"
  FROM signoffs s
  JOIN roadmaps r ON r.workspace_id = s.workspace_id AND r.id = s.roadmap_id
  JOIN roadmap_versions v ON v.workspace_id = s.workspace_id AND v.id = s.version_id
  LEFT JOIN users u ON u.id = s.created_by`;

export const selectSignoff = async (db: Db, workspaceId: string, id: string, me: string | null) =>
  (
    await rawRows<SignoffRow>(db, `${SIGNOFF_SELECT} WHERE s.workspace_id = $1 AND s.id = $3`, [
      workspaceId,
      me,
      id,
    ])
  )[0] ?? null;

export const selectSignoffs = (
  db: Db,
  workspaceId: string,
  me: string | null,
  q: { roadmapId?: string; status?: string; mine?: boolean },
) =>
  rawRows<SignoffRow>(
    db,
    `${SIGNOFF_SELECT} WHERE s.workspace_id = $1
       AND ($3::uuid IS NULL OR s.roadmap_id = $3) AND ($4::text IS NULL OR s.status = $4)
       AND (NOT $5 OR EXISTS (SELECT 1 FROM signoff_approvers a
         WHERE a.workspace_id = s.workspace_id AND a.signoff_id = s.id AND a.user_id = $2))
     ORDER BY (s.status = 'open') DESC, s.deadline, s.created_at DESC LIMIT 500`,
    [workspaceId, me, q.roadmapId ?? null, q.status ?? null, q.mine ?? false],
  );

/** The request row, locked for the rest of the transaction (decisions, revisions and jobs serialize on it). */
export const lockSignoff = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<{
      id: string;
      roadmapId: string;
      versionId: string;
      status: string;
      round: number;
      deadline: Date | string;
      reminders: number[];
      createdBy: string | null;
      overrideReason: string | null;
    }>(
      db,
      `SELECT id, roadmap_id AS "roadmapId", version_id AS "versionId", status, round, deadline, reminders,
         created_by AS "createdBy", override_reason AS "overrideReason"
       FROM signoffs WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, id],
    )
  )[0] ?? null;

export const insertSignoff = async (
  db: Db,
  workspaceId: string,
  v: {
    roadmapId: string;
    versionId: string;
    baselineVersionId: string | null;
    deadline: string;
    message: string;
    reminders: number[];
    overrideReason: string | null;
    smartFailures: number;
    createdBy: string | null;
  },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `INSERT INTO signoffs (workspace_id, roadmap_id, version_id, baseline_version_id, deadline, message, reminders,
         override_reason, smart_failures, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING id`,
      [
        workspaceId,
        v.roadmapId,
        v.versionId,
        v.baselineVersionId,
        v.deadline,
        v.message,
        JSON.stringify(v.reminders),
        v.overrideReason,
        v.smartFailures,
        v.createdBy,
      ],
    )
  )[0].id;

/** Sets the given columns of a request (keys are column names). */
export const updateSignoff = (db: Db, workspaceId: string, id: string, set: Record<string, unknown>) => {
  const cols = Object.keys(set);
  return rawRows(
    db,
    `UPDATE signoffs SET ${cols.map((c, i) => `${c} = $${i + 3}`).join(", ")}, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, ...cols.map((c) => set[c])],
  );
};

export type ApproverRow = DriverRow<SignoffApprover, "decidedAt" | "withdrawnAt">;

export const selectApprovers = (db: Db, workspaceId: string, signoffId: string) =>
  rawRows<ApproverRow>(
    db,
    `SELECT a.user_id AS "userId", u.name, u.timezone, a.required, a.via_team_id AS "viaTeamId",
       t.name AS "viaTeamName", a.decision, a.comment, a.decided_at AS "decidedAt",
       a.decided_version_id AS "decidedVersionId", v.number AS "decidedVersionNumber", a.withdrawn_at AS "withdrawnAt"
     FROM signoff_approvers a JOIN users u ON u.id = a.user_id
     LEFT JOIN teams t ON t.workspace_id = a.workspace_id AND t.id = a.via_team_id
     LEFT JOIN roadmap_versions v ON v.workspace_id = a.workspace_id AND v.id = a.decided_version_id
     WHERE a.workspace_id = $1 AND a.signoff_id = $2
     ORDER BY a.required DESC, u.name, a.user_id`,
    [workspaceId, signoffId],
  );

export const insertApprovers = (
  db: Db,
  workspaceId: string,
  signoffId: string,
  rows: { userId: string; required: boolean; viaTeamId: string | null }[],
) =>
  rawRows(
    db,
    `INSERT INTO signoff_approvers (workspace_id, signoff_id, user_id, required, via_team_id)
     SELECT $1, $2, a."userId", a.required, a."viaTeamId"
     FROM jsonb_to_recordset($3::jsonb) AS a("userId" uuid, required boolean, "viaTeamId" uuid)
     ON CONFLICT (workspace_id, signoff_id, user_id) DO UPDATE SET required = EXCLUDED.required,
       via_team_id = coalesce(signoff_approvers.via_team_id, EXCLUDED.via_team_id)`,
    [workspaceId, signoffId, JSON.stringify(rows)],
  );

export const setDecision = (
  db: Db,
  workspaceId: string,
  signoffId: string,
  userId: string,
  d: { decision: string; comment: string; at: string; versionId: string },
) =>
  rawRows(
    db,
    `UPDATE signoff_approvers SET decision = $4, comment = $5, decided_at = $6, decided_version_id = $7,
       withdrawn_at = NULL
     WHERE workspace_id = $1 AND signoff_id = $2 AND user_id = $3`,
    [workspaceId, signoffId, userId, d.decision, d.comment, d.at, d.versionId],
  );

/** Puts approvers back to pending; `withdrawn` marks approvals a revision took back. */
export const resetDecisions = (
  db: Db,
  workspaceId: string,
  signoffId: string,
  userIds: string[],
  withdrawnAt: string | null,
) =>
  rawRows(
    db,
    `UPDATE signoff_approvers SET decision = 'pending', withdrawn_at = $4
     WHERE workspace_id = $1 AND signoff_id = $2 AND user_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)`,
    [workspaceId, signoffId, JSON.stringify(userIds), withdrawnAt],
  );

export const insertEvents = (
  db: Db,
  workspaceId: string,
  signoffId: string,
  round: number,
  events: { kind: string; actorId: string | null; detail: string; at?: string }[],
) =>
  rawRows(
    db,
    `INSERT INTO signoff_events (workspace_id, signoff_id, round, kind, actor_id, detail, created_at)
     SELECT $1, $2, $3, e.kind, e."actorId", e.detail, coalesce(e.at, now())
     FROM jsonb_to_recordset($4::jsonb) AS e(kind text, "actorId" uuid, detail text, at timestamptz)`,
    [workspaceId, signoffId, round, JSON.stringify(events)],
  );

export const selectEvents = (db: Db, workspaceId: string, signoffId: string) =>
  rawRows<DriverRow<SignoffEvent, "createdAt">>(
    db,
    `SELECT e.id, e.kind, e.actor_id AS "actorId", u.name AS "actorName", e.round, e.detail, e.created_at AS "createdAt"
     FROM signoff_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.workspace_id = $1 AND e.signoff_id = $2 ORDER BY e.seq`,
    [workspaceId, signoffId],
  );

export const insertComments = (
  db: Db,
  workspaceId: string,
  signoffId: string,
  round: number,
  userId: string | null,
  rows: { itemId: string | null; body: string }[],
) =>
  rawRows<{ id: string; createdAt: Date | string }>(
    db,
    `INSERT INTO signoff_comments (workspace_id, signoff_id, round, item_id, user_id, body)
     SELECT $1, $2, $3, c."itemId", $4, c.body FROM jsonb_to_recordset($5::jsonb) AS c("itemId" uuid, body text)
     RETURNING id, created_at AS "createdAt"`,
    [workspaceId, signoffId, round, userId, JSON.stringify(rows)],
  );

export const selectComments = (db: Db, workspaceId: string, signoffId: string) =>
  rawRows<{
    id: string;
    round: number;
    itemId: string | null;
    userId: string | null;
    name: string | null;
    body: string;
    createdAt: Date | string;
  }>(
    db,
    `SELECT c.id, c.round, c.item_id AS "itemId", c.user_id AS "userId", u.name, c.body, c.created_at AS "createdAt"
     FROM signoff_comments c LEFT JOIN users u ON u.id = c.user_id
     WHERE c.workspace_id = $1 AND c.signoff_id = $2 ORDER BY c.seq`,
    [workspaceId, signoffId],
  );

/** Members among the given users, with their role. */
export const selectMembers = (db: Db, workspaceId: string, userIds: string[]) =>
  rawRows<{ userId: string; name: string; role: string }>(
    db,
    `SELECT m.user_id AS "userId", u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = $1 AND m.user_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(userIds)],
  );

/** The given teams with their lead, when the lead is still a member. */
export const selectTeamLeads = (db: Db, workspaceId: string, teamIds: string[]) =>
  rawRows<{ id: string; name: string; leadId: string | null }>(
    db,
    `SELECT t.id, t.name, m.user_id AS "leadId" FROM teams t
     LEFT JOIN memberships m ON m.workspace_id = t.workspace_id AND m.user_id = t.lead_id
     WHERE t.workspace_id = $1 AND t.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(teamIds)],
  );

/** Each user's teams: the ones they lead or belong to. */
export const selectTeamsOf = (db: Db, workspaceId: string, userIds: string[]) =>
  rawRows<{ userId: string; teamId: string; teamName: string }>(
    db,
    `SELECT x."userId", t.id AS "teamId", t.name AS "teamName" FROM (
       SELECT lead_id AS "userId", id AS "teamId" FROM teams WHERE workspace_id = $1 AND lead_id IS NOT NULL
       UNION SELECT user_id, team_id FROM team_members WHERE workspace_id = $1) x
     JOIN teams t ON t.workspace_id = $1 AND t.id = x."teamId"
     WHERE x."userId" IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
     ORDER BY t.name`,
    [workspaceId, JSON.stringify(userIds)],
  );

/** Members by role (owners to escalate to) or all of them (announcements). */
export const selectMemberIds = (db: Db, workspaceId: string, role: string | null) =>
  rawRows<{ userId: string; timezone: string }>(
    db,
    `SELECT m.user_id AS "userId", u.timezone FROM memberships m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = $1 AND ($2::text IS NULL OR m.role = $2)`,
    [workspaceId, role],
  );

/** The roadmap's latest approved version. */
export const selectBaseline = async (db: Db, workspaceId: string, roadmapId: string) =>
  (
    await rawRows<{ id: string; number: number; name: string; approvedAt: Date | string }>(
      db,
      `SELECT id, number, name, approved_at AS "approvedAt" FROM roadmap_versions
       WHERE workspace_id = $1 AND roadmap_id = $2 AND approved_at IS NOT NULL
       ORDER BY approved_at DESC, number DESC LIMIT 1`,
      [workspaceId, roadmapId],
    )
  )[0] ?? null;

export const selectOpenSignoffId = async (db: Db, workspaceId: string, roadmapId: string) =>
  (
    await rawRows<{ id: string }>(
      db,
      "SELECT id FROM signoffs WHERE workspace_id = $1 AND roadmap_id = $2 AND status = 'open'",
      [workspaceId, roadmapId],
    )
  )[0]?.id ?? null;

export const markVersionApproved = (
  db: Db,
  workspaceId: string,
  versionId: string,
  signoffId: string,
  at: string,
) =>
  rawRows(
    db,
    `UPDATE roadmap_versions SET approved_at = $4, signoff_id = $3
     WHERE workspace_id = $1 AND id = $2 AND approved_at IS NULL`,
    [workspaceId, versionId, signoffId, at],
  );

export const deleteApprovers = (db: Db, workspaceId: string, signoffId: string, userIds: string[]) =>
  rawRows(
    db,
    `DELETE FROM signoff_approvers WHERE workspace_id = $1 AND signoff_id = $2
       AND user_id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid)`,
    [workspaceId, signoffId, JSON.stringify(userIds)],
  );
