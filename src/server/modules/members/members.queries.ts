import { and, count, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { memberships, teamMembers, teams, users } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

const teamsJson = sql<{ id: string; name: string }[]>`coalesce((
  SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
  FROM ${teamMembers} tm JOIN ${teams} t ON t.workspace_id = tm.workspace_id AND t.id = tm.team_id
  WHERE tm.workspace_id = ${memberships.workspaceId} AND tm.user_id = ${memberships.userId}), '[]'::json)`;

const cols = {
  userId: memberships.userId,
  email: users.email,
  name: users.name,
  role: memberships.role,
  joinedAt: memberships.createdAt,
  version: memberships.version,
  teams: teamsJson,
};

export function selectMembers(
  db: Db,
  workspaceId: string,
  f: { q?: string; role?: string },
  cursor: Cursor | null,
  limit: number,
) {
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, "\\$&")}%` : null;
  return db
    .select(cols)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        f.role ? eq(memberships.role, f.role) : undefined,
        like ? or(ilike(users.name, like), ilike(users.email, like)) : undefined,
        afterCursor(memberships.createdAt, memberships.userId, cursor),
      ),
    )
    .orderBy(desc(memberships.createdAt), desc(memberships.userId))
    .limit(limit + 1);
}

export const selectMember = async (db: Db, workspaceId: string, userId: string) =>
  (
    await db
      .select(cols)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
  )[0] ?? null;

export const countOwners = async (db: Db, workspaceId: string) =>
  (
    await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
  )[0].n;

/** Serializes owner changes in one workspace so two admins cannot demote the last two owners at once. */
export const lockWorkspaceOwners = (db: Db, workspaceId: string) =>
  db.execute(
    sql`SELECT 1 FROM ${memberships} WHERE workspace_id = ${workspaceId} AND role = 'owner' FOR UPDATE`,
  );

export const updateMemberRole = async (
  db: Db,
  workspaceId: string,
  userId: string,
  version: number,
  role: string,
) =>
  (
    await db
      .update(memberships)
      .set({ role, version: sql`${memberships.version} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(memberships.workspaceId, workspaceId),
          eq(memberships.userId, userId),
          eq(memberships.version, version),
        ),
      )
      .returning({ userId: memberships.userId })
  )[0] ?? null;

export const deleteMember = (db: Db, workspaceId: string, userId: string) =>
  db.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));

export const insertMember = (db: Db, workspaceId: string, userId: string, role: string) =>
  db
    .insert(memberships)
    .values({ workspaceId, userId, role })
    .onConflictDoNothing()
    .returning({ userId: memberships.userId });
