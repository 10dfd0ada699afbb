import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { execRows, rawRows } from "../../db/hot.ts";
import { invitations, memberships, products, teams, workspaces } from "../../db/schema.ts";

const cols = {
  id: workspaces.id,
  name: workspaces.name,
  slug: workspaces.slug,
  createdAt: workspaces.createdAt,
  updatedAt: workspaces.updatedAt,
  version: workspaces.version,
};

export const selectUserWorkspaces = (db: Db, userId: string) =>
  db
    .select({ ...cols, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.createdAt), asc(workspaces.id));

export const selectWorkspace = async (db: Db, id: string) =>
  (await db.select(cols).from(workspaces).where(eq(workspaces.id, id)))[0] ?? null;

export const slugTaken = async (db: Db, slug: string) =>
  (await db.select({ n: count() }).from(workspaces).where(eq(workspaces.slug, slug)))[0].n > 0;

export const insertWorkspace = async (db: Db, row: typeof workspaces.$inferInsert) =>
  (await db.insert(workspaces).values(row).returning(cols))[0];

export const updateWorkspaceRow = async (
  db: Db,
  id: string,
  version: number,
  set: { name?: string; slug?: string },
) =>
  (
    await db
      .update(workspaces)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${workspaces.version} + 1` })
      .where(and(eq(workspaces.id, id), eq(workspaces.version, version)))
      .returning(cols)
  )[0] ?? null;

export const deleteWorkspaceRow = (db: Db, id: string) => db.delete(workspaces).where(eq(workspaces.id, id));

export const insertMembership = (db: Db, row: typeof memberships.$inferInsert) =>
  db.insert(memberships).values(row).onConflictDoNothing().returning({ userId: memberships.userId });

/** Counts for the home page, in one round trip. */
export async function selectWorkspaceCounts(db: Db, workspaceId: string, now: string) {
  const [row] = await execRows<{
    stages: Record<string, number> | null;
    teams: number;
    roles: Record<string, number> | null;
    pending: number;
  }>(
    db,
    sql`
    SELECT
      (SELECT json_object_agg(stage, n) FROM (SELECT stage, count(*)::int AS n FROM ${products}
         WHERE workspace_id = ${workspaceId} GROUP BY stage) s) AS stages,
      (SELECT count(*)::int FROM ${teams} WHERE workspace_id = ${workspaceId}) AS teams,
      (SELECT json_object_agg(role, n) FROM (SELECT role, count(*)::int AS n FROM ${memberships}
         WHERE workspace_id = ${workspaceId} GROUP BY role) r) AS roles,
      (SELECT count(*)::int FROM ${invitations} WHERE workspace_id = ${workspaceId}
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ${now}::timestamptz) AS pending`,
  );
  return row!;
}

export const bumpPlanRevRow = (db: Db, id: string) =>
  db
    .update(workspaces)
    .set({ planRev: sql`${workspaces.planRev} + 1` })
    .where(eq(workspaces.id, id));

/**
 * Bumps the workspace's feedback revision (keys the inbox's page cache). Writers call it as their transaction's
 * last statement: the row lock is then held only until the commit, so parallel ingests barely wait on it.
 */
export const bumpFeedbackRevRow = (db: Db, id: string) =>
  rawRows(db, "UPDATE workspaces SET feedback_rev = feedback_rev + 1 WHERE id = $1", [id]);

/** The workspace's feedback revision (null when there is no such workspace). */
export const selectFeedbackRev = async (db: Db, id: string) =>
  (
    await rawRows<{ rev: string }>(
      db,
      "SELECT feedback_rev AS rev FROM workspaces WHERE id = $1",
      [id],
      "feedback_rev",
    )
  )[0]?.rev ?? null;

/** What a cached roadmap view depends on: the planning revision and every product's backlog version. */
export const selectPlanFingerprint = async (db: Db, id: string) =>
  (
    await rawRows<{ rev: string }>(
      db,
      `SELECT w.plan_rev || '.' || coalesce((SELECT sum(p.ideas_version) FROM products p WHERE p.workspace_id = w.id), 0) AS rev
         FROM workspaces w WHERE w.id = $1`,
      [id],
      "plan_fingerprint",
    )
  )[0]?.rev ?? null;
