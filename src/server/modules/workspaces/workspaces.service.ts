import { LIFECYCLE_STAGES, ROLES } from "../../../shared/enums.ts";
import { can } from "../../../shared/permissions.ts";
import type {
  CreateWorkspace,
  MyWorkspace,
  UpdateWorkspace,
  Workspace,
  WorkspaceSummary,
} from "../../../shared/schemas.ts";
import type { Actor, WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, notFound, staleVersion } from "../../errors.ts";
import { invalidateAuthCache } from "../../lib/auth-cache.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { seedDefaultFactors } from "../scoring/scoring.factors.ts";
import {
  bumpFeedbackRevRow,
  bumpPlanRevRow,
  deleteWorkspaceRow,
  insertMembership,
  insertWorkspace,
  selectFeedbackRev,
  selectPlanFingerprint,
  selectUserWorkspaces,
  selectWorkspace,
  selectWorkspaceCounts,
  slugTaken,
  updateWorkspaceRow,
} from "./workspaces.queries.ts";

export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return s.length >= 2 ? s : `ws-${s || "space"}`;
}

async function freeSlug(db: Db, base: string): Promise<string> {
  if (!(await slugTaken(db, base))) return base;
  for (let i = 2; i < 1000; i++) {
    const candidate = `${base.slice(0, 44)}-${i}`;
    if (!(await slugTaken(db, candidate))) return candidate;
  }
  return `${base.slice(0, 36)}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Workspaces the user belongs to, with their role in each. */
export async function listMyWorkspaces(db: Db, userId: string): Promise<MyWorkspace[]> {
  return (await selectUserWorkspaces(db, userId)) as MyWorkspace[];
}

/** Creates a workspace with the actor as its owner. Run inside a transaction. */
export async function createWorkspace(db: Db, actor: Actor & { userId: string }, input: CreateWorkspace) {
  if (input.slug && (await slugTaken(db, input.slug)))
    throw conflict("That address is taken", { slug: "already taken" });
  const slug = input.slug ?? (await freeSlug(db, slugify(input.name)));
  let ws: Workspace;
  try {
    ws = await insertWorkspace(db, { name: input.name, slug });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("That address is taken", { slug: "already taken" });
    throw err;
  }
  await insertMembership(db, { workspaceId: ws.id, userId: actor.userId, role: "owner" });
  await seedDefaultFactors(db, ws.id);
  invalidateAuthCache();
  await recordAudit(db, ws.id, actor, {
    action: "workspace.create",
    entityType: "workspace",
    entityId: ws.id,
    after: ws,
  });
  return { ...ws, role: "owner" as const };
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace> {
  const ws = await selectWorkspace(db, id);
  if (!ws) throw notFound("Workspace");
  return ws;
}

/** Renames or re-slugs a workspace; a stale version is refused. */
export async function updateWorkspace(db: Db, ctx: WorkspaceContext, input: UpdateWorkspace) {
  const before = await getWorkspace(db, ctx.workspaceId);
  const { version, ...set } = input;
  let after: Workspace | null;
  try {
    after = await updateWorkspaceRow(db, ctx.workspaceId, version, set);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("That address is taken", { slug: "already taken" });
    throw err;
  }
  if (!after) throw staleVersion("The workspace");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "workspace.update",
    entityType: "workspace",
    entityId: ctx.workspaceId,
    before,
    after,
  });
  return after;
}

/** Deletes the workspace and everything in it (its audit log included). */
export async function deleteWorkspace(db: Db, ctx: WorkspaceContext) {
  await getWorkspace(db, ctx.workspaceId);
  await deleteWorkspaceRow(db, ctx.workspaceId);
  invalidateAuthCache();
}

/** Totals for the workspace's home page: products by stage, teams, members by role, pending invitations. */
export async function workspaceSummary(db: Db, ctx: WorkspaceContext, now: Date): Promise<WorkspaceSummary> {
  const row = await selectWorkspaceCounts(db, ctx.workspaceId, now.toISOString());
  const byStage = Object.fromEntries(LIFECYCLE_STAGES.map((st) => [st, row.stages?.[st] ?? 0]));
  const byRole = Object.fromEntries(ROLES.map((r) => [r, row.roles?.[r] ?? 0]));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    products: { total: sum(byStage), byStage: byStage as WorkspaceSummary["products"]["byStage"] },
    teams: { total: row.teams },
    members: { total: sum(byRole), byRole: byRole as WorkspaceSummary["members"]["byRole"] },
    pendingInvitations: can(ctx.role, "invitations.manage") ? row.pending : null,
  };
}

/** Marks the workspace's roadmap views stale (call inside the writing transaction). */
export const touchPlanning = (db: Db, workspaceId: string) => bumpPlanRevRow(db, workspaceId);

/**
 * Marks the workspace's inbox pages stale: every write that can change one calls it in its transaction, last
 * (feedback items, their status, tags, read state, themes, their customers' and companies' names and segments).
 */
export const touchInbox = async (db: Db, workspaceId: string) => {
  await bumpFeedbackRevRow(db, workspaceId);
};

/** The revision a cached inbox page is valid for (null: no such workspace). */
export const inboxRevision = (db: Db, workspaceId: string) => selectFeedbackRev(db, workspaceId);

/** The key a cached roadmap view is valid for; changes with every planning write and every backlog change. */
export const planFingerprint = (db: Db, workspaceId: string) => selectPlanFingerprint(db, workspaceId);
