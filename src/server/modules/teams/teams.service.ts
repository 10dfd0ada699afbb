import type { Discipline } from "../../../shared/enums.ts";
import type { CreateTeam, Team } from "../../../shared/schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { notFound, staleVersion } from "../../errors.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { assertMember } from "../members/members.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  deleteTeamMember,
  deleteTeamRow,
  insertTeam,
  selectTeam,
  selectTeamMembers,
  selectTeams,
  updateTeamRow,
  upsertTeamMember,
} from "./teams.queries.ts";

type TeamRow = NonNullable<Awaited<ReturnType<typeof selectTeam>>>;

async function withMembers(db: Db, workspaceId: string, rows: TeamRow[]): Promise<Team[]> {
  const members = await selectTeamMembers(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    discipline: r.discipline as Discipline,
    members: members.filter((m) => m.teamId === r.id).map(({ teamId: _, ...m }) => m),
  }));
}

export async function listTeams(
  db: Db,
  workspaceId: string,
  q: { discipline?: string; limit: number; cursor?: string },
) {
  const rows = await selectTeams(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  const page = toPage(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
  return { items: await withMembers(db, workspaceId, page.items), nextCursor: page.nextCursor };
}

export async function getTeam(db: Db, workspaceId: string, id: string): Promise<Team> {
  const row = await selectTeam(db, workspaceId, id);
  if (!row) throw notFound("Team");
  return (await withMembers(db, workspaceId, [row]))[0];
}

export async function createTeam(db: Db, ctx: WorkspaceContext, input: Required<CreateTeam>) {
  if (input.leadId) await assertMember(db, ctx.workspaceId, input.leadId, "leadId");
  const { id } = await insertTeam(db, { workspaceId: ctx.workspaceId, ...input });
  // The lead is a member of the team too.
  if (input.leadId)
    await upsertTeamMember(db, {
      workspaceId: ctx.workspaceId,
      teamId: id,
      userId: input.leadId,
      allocationPct: 100,
    });
  const after = await getTeam(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "team.create",
    entityType: "team",
    entityId: id,
    after,
  });
  return after;
}

export async function updateTeam(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    name?: string;
    discipline?: Discipline;
    description?: string;
    leadId?: string | null;
  },
) {
  const before = await getTeam(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  if (set.leadId) await assertMember(db, ctx.workspaceId, set.leadId, "leadId");
  if (!(await updateTeamRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The team");
  if (set.leadId && !before.members.some((m) => m.userId === set.leadId)) {
    await upsertTeamMember(db, {
      workspaceId: ctx.workspaceId,
      teamId: id,
      userId: set.leadId,
      allocationPct: 100,
    });
  }
  const after = await getTeam(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "team.update",
    entityType: "team",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function deleteTeam(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getTeam(db, ctx.workspaceId, id);
  await deleteTeamRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "team.delete",
    entityType: "team",
    entityId: id,
    before,
  });
}

/** Adds a member to a team, or changes their allocation (people may be in several teams). */
export async function putTeamMember(
  db: Db,
  ctx: WorkspaceContext,
  teamId: string,
  userId: string,
  allocationPct: number,
) {
  const before = await getTeam(db, ctx.workspaceId, teamId);
  await assertMember(db, ctx.workspaceId, userId, "userId");
  await upsertTeamMember(db, { workspaceId: ctx.workspaceId, teamId, userId, allocationPct });
  const after = await getTeam(db, ctx.workspaceId, teamId);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "team.member.put",
    entityType: "team",
    entityId: teamId,
    before: before.members.find((m) => m.userId === userId) ?? null,
    after: after.members.find((m) => m.userId === userId),
  });
  return after;
}

export async function removeTeamMember(db: Db, ctx: WorkspaceContext, teamId: string, userId: string) {
  const before = await getTeam(db, ctx.workspaceId, teamId);
  if (!(await deleteTeamMember(db, ctx.workspaceId, teamId, userId))) throw notFound("Team member");
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "team.member.remove",
    entityType: "team",
    entityId: teamId,
    before: before.members.find((m) => m.userId === userId),
  });
  return getTeam(db, ctx.workspaceId, teamId);
}
