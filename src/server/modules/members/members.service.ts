import type { Role } from "../../../shared/enums.ts";
import { ROLE_RANK } from "../../../shared/permissions.ts";
import type { Member } from "../../../shared/schemas.ts";
import type { Actor, WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, forbidden, invalid, notFound, staleVersion } from "../../errors.ts";
import { invalidateAuthCache } from "../../lib/auth-cache.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  countOwners,
  deleteMember,
  insertMember,
  lockWorkspaceOwners,
  selectMember,
  selectMembers,
  updateMemberRole,
} from "./members.queries.ts";

export async function listMembers(
  db: Db,
  workspaceId: string,
  q: { q?: string; role?: Role; limit: number; cursor?: string },
) {
  const rows = await selectMembers(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  return toPage(rows as Member[], q.limit, (r) => ({ at: r.joinedAt, id: r.userId }));
}

export async function getMember(db: Db, workspaceId: string, userId: string): Promise<Member> {
  const m = await selectMember(db, workspaceId, userId);
  if (!m) throw notFound("Member");
  return m as Member;
}

/** Whether the user belongs to the workspace. */
export const isMember = async (db: Db, workspaceId: string, userId: string) =>
  (await selectMember(db, workspaceId, userId)) !== null;

/** Throws a field error unless the user belongs to the workspace (for managers, leads, team members). */
export async function assertMember(db: Db, workspaceId: string, userId: string, field: string) {
  if (!(await isMember(db, workspaceId, userId)))
    throw invalid({ [field]: "Not a member of this workspace" });
}

/** Only an owner grants, changes or removes ownership; nobody acts above their own rank. */
function checkRank(ctx: WorkspaceContext, target: Role, newRole?: Role) {
  const mine = ROLE_RANK[ctx.role];
  if (ROLE_RANK[target] > mine || (newRole && ROLE_RANK[newRole] > mine)) {
    throw forbidden("You cannot change a member whose role is above yours, or grant a role above yours");
  }
}

/** Changes a member's role; the last owner is never demoted. */
export async function changeRole(
  db: Db,
  ctx: WorkspaceContext,
  userId: string,
  input: { version: number; role: Role },
) {
  await lockWorkspaceOwners(db, ctx.workspaceId);
  const before = await getMember(db, ctx.workspaceId, userId);
  checkRank(ctx, before.role, input.role);
  if (before.role === "owner" && input.role !== "owner" && (await countOwners(db, ctx.workspaceId)) <= 1) {
    throw conflict("A workspace needs at least one owner; make someone else owner first", {
      role: "last owner",
    });
  }
  if (!(await updateMemberRole(db, ctx.workspaceId, userId, input.version, input.role)))
    throw staleVersion("The member");
  const after = await getMember(db, ctx.workspaceId, userId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "member.role",
    entityType: "member",
    entityId: userId,
    before: { role: before.role, email: before.email },
    after: { role: after.role, email: after.email },
  });
  return after;
}

/** Removes a member (and their team memberships); the last owner stays. */
export async function removeMember(db: Db, ctx: WorkspaceContext, userId: string) {
  await lockWorkspaceOwners(db, ctx.workspaceId);
  const before = await getMember(db, ctx.workspaceId, userId);
  checkRank(ctx, before.role);
  if (before.role === "owner" && (await countOwners(db, ctx.workspaceId)) <= 1) {
    throw conflict("The last owner cannot be removed", { userId: "last owner" });
  }
  await deleteMember(db, ctx.workspaceId, userId);
  await touchPlanning(db, ctx.workspaceId); // their team allocations leave the capacity
  invalidateAuthCache();
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "member.remove",
    entityType: "member",
    entityId: userId,
    before: { role: before.role, email: before.email, name: before.name },
  });
}

/** Adds a user to a workspace (invitation acceptance, CLI, import). Returns false if already a member. */
export async function addMember(db: Db, workspaceId: string, actor: Actor, userId: string, role: Role) {
  const added = (await insertMember(db, workspaceId, userId, role)).length > 0;
  invalidateAuthCache();
  if (added) {
    await recordAudit(db, workspaceId, actor, {
      action: "member.add",
      entityType: "member",
      entityId: userId,
      after: { role },
    });
  }
  return added;
}
