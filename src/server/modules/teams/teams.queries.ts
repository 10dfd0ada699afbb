import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { teamMembers, teams, users } from "../../db/schema.ts";
import { afterCursor, type Cursor } from "../../lib/pagination.ts";

const cols = {
  id: teams.id,
  name: teams.name,
  discipline: teams.discipline,
  description: teams.description,
  leadId: teams.leadId,
  leadName: users.name,
  createdAt: teams.createdAt,
  updatedAt: teams.updatedAt,
  version: teams.version,
};

export const selectTeams = (
  db: Db,
  workspaceId: string,
  f: { discipline?: string },
  cursor: Cursor | null,
  limit: number,
) =>
  db
    .select(cols)
    .from(teams)
    .leftJoin(users, eq(users.id, teams.leadId))
    .where(
      and(
        eq(teams.workspaceId, workspaceId),
        f.discipline ? eq(teams.discipline, f.discipline) : undefined,
        afterCursor(teams.createdAt, teams.id, cursor),
      ),
    )
    .orderBy(desc(teams.createdAt), desc(teams.id))
    .limit(limit + 1);

export const selectTeam = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(cols)
      .from(teams)
      .leftJoin(users, eq(users.id, teams.leadId))
      .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)))
  )[0] ?? null;

/** Members of several teams in one query (no N+1 on list pages). */
export const selectTeamMembers = (db: Db, workspaceId: string, teamIds: string[]) =>
  teamIds.length === 0
    ? Promise.resolve([])
    : db
        .select({
          teamId: teamMembers.teamId,
          userId: teamMembers.userId,
          name: users.name,
          email: users.email,
          allocationPct: teamMembers.allocationPct,
        })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.teamId, teamIds)))
        .orderBy(asc(users.name));

export const insertTeam = async (db: Db, row: typeof teams.$inferInsert) =>
  (await db.insert(teams).values(row).returning({ id: teams.id }))[0];

export const updateTeamRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof teams.$inferInsert>,
) =>
  (
    await db
      .update(teams)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${teams.version} + 1` })
      .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id), eq(teams.version, version)))
      .returning({ id: teams.id })
  )[0] ?? null;

export const deleteTeamRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));

export const upsertTeamMember = (db: Db, row: typeof teamMembers.$inferInsert) =>
  db
    .insert(teamMembers)
    .values(row)
    .onConflictDoUpdate({
      target: [teamMembers.workspaceId, teamMembers.teamId, teamMembers.userId],
      set: { allocationPct: row.allocationPct },
    });

export const deleteTeamMember = async (db: Db, workspaceId: string, teamId: string, userId: string) =>
  (
    await db
      .delete(teamMembers)
      .where(
        and(
          eq(teamMembers.workspaceId, workspaceId),
          eq(teamMembers.teamId, teamId),
          eq(teamMembers.userId, userId),
        ),
      )
      .returning({ userId: teamMembers.userId })
  ).length > 0;
