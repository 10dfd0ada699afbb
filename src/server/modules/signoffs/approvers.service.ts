import type { CreateSignoff, SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { allRequiredApproved, formatDeadline } from "../../../shared/signoff.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  deleteApprovers,
  insertApprovers,
  insertEvents,
  lockSignoff,
  selectApprovers,
  selectMembers,
  selectTeamLeads,
} from "./signoffs.queries.ts";
import { approveSignoff, getSignoff, notifyApprovers, type SignoffOut } from "./signoffs.service.ts";

/** Who approves: resolving people and team leads, and changing the list of an open request. */

/** People and team leads as approver rows; `path` names the input field in errors. */

export async function resolveApprovers(
  db: Db,
  workspaceId: string,
  input: CreateSignoff["approvers"],
  path = "approvers",
  needRequired = true,
) {
  const fields: Record<string, string> = {};
  const members = new Map(
    (
      await selectMembers(
        db,
        workspaceId,
        input.flatMap((a) => (a.userId ? [a.userId] : [])),
      )
    ).map((m) => [m.userId, m]),
  );
  const teams = new Map(
    (
      await selectTeamLeads(
        db,
        workspaceId,
        input.flatMap((a) => (a.teamId ? [a.teamId] : [])),
      )
    ).map((t) => [t.id, t]),
  );
  const out = new Map<string, { userId: string; required: boolean; viaTeamId: string | null }>();
  input.forEach((a, i) => {
    let userId: string | null = null;
    let viaTeamId: string | null = null;
    if (a.userId) {
      if (!members.has(a.userId)) fields[`${path}.${i}.userId`] = "Not a member of this workspace";
      else userId = a.userId;
    } else if (a.teamId) {
      const t = teams.get(a.teamId);
      if (!t) fields[`${path}.${i}.teamId`] = "No such team in this workspace";
      else if (!t.leadId)
        fields[`${path}.${i}.teamId`] = `${t.name} has no lead: choose one, or pick a person`;
      else {
        userId = t.leadId;
        viaTeamId = t.id;
      }
    }
    if (!userId) return;
    const seen = out.get(userId);
    // Asked twice (in person and as a lead): one approver, required if either says so.
    out.set(userId, {
      userId,
      required: (seen?.required ?? false) || (a.required ?? true),
      viaTeamId: seen?.viaTeamId ?? viaTeamId,
    });
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const list = [...out.values()];
  if (needRequired && !list.some((a) => a.required))
    throw invalid({ approvers: "At least one approver must be required" });
  return list;
}

/**
 * Adds approvers (or changes whether one is required) and removes others while the request is open; new
 * approvers are told. Audited; at least one required approver remains. Removing the last missing approval
 * may complete the request.
 */
export async function editApprovers(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { add: CreateSignoff["approvers"]; remove: string[] },
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await lockSignoff(db, ctx.workspaceId, id);
  if (!s) throw notFound("Sign-off");
  if (s.status !== "open") throw conflict(`This sign-off is ${s.status}`);
  const before = await selectApprovers(db, ctx.workspaceId, id);
  const current = new Map(before.map((a) => [a.userId, a]));
  const badRemove = input.remove.findIndex((u) => !current.has(u));
  if (badRemove >= 0) throw invalid({ [`remove.${badRemove}`]: "Not an approver of this request" });
  const add = await resolveApprovers(db, ctx.workspaceId, input.add, "add", false);
  const removed = new Set(input.remove.filter((u) => !add.some((a) => a.userId === u)));
  const after = new Map(before.filter((a) => !removed.has(a.userId)).map((a) => [a.userId, a.required]));
  for (const a of add) after.set(a.userId, a.required);
  if (![...after.values()].some(Boolean))
    throw invalid({ remove: "At least one required approver must remain" });
  await deleteApprovers(db, ctx.workspaceId, id, [...removed]);
  await insertApprovers(db, ctx.workspaceId, id, add);
  const names = new Map(
    (
      await selectMembers(
        db,
        ctx.workspaceId,
        add.map((a) => a.userId),
      )
    ).map((m) => [m.userId, m.name]),
  );
  const added = add.filter((a) => !current.has(a.userId));
  const changed = add.filter((a) => current.has(a.userId) && current.get(a.userId)?.required !== a.required);
  const parts = [
    added.length ? `added ${added.map((a) => names.get(a.userId)).join(", ")}` : "",
    removed.size ? `removed ${[...removed].map((u) => current.get(u)?.name).join(", ")}` : "",
    ...changed.map((a) => `${names.get(a.userId)} is now ${a.required ? "required" : "optional"}`),
  ].filter(Boolean);
  if (!parts.length) return getSignoff(db, ctx, id);
  const detail = parts.join("; ");
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    { kind: "approvers", actorId: ctx.userId, detail: detail[0].toUpperCase() + detail.slice(1) },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.approvers",
    entityType: "signoff",
    entityId: id,
    before: before.map((a) => ({ userId: a.userId, required: a.required })),
    after: [...after].map(([userId, required]) => ({ userId, required })),
  });
  const now = await selectApprovers(db, ctx.workspaceId, id);
  if (allRequiredApproved(now)) {
    await approveSignoff(db, ctx.workspaceId, id, ctx, mail);
    return getSignoff(db, ctx, id);
  }
  const out = await getSignoff(db, ctx, id);
  await notifyApprovers(
    db,
    ctx.workspaceId,
    out,
    now.filter((a) => added.some((x) => x.userId === a.userId)),
    mail,
    (a) => ({
      kind: "signoff.request",
      title: `Sign-off requested: ${out.roadmapName} (version ${out.versionNumber})`,
      body: `Please review and approve or object by ${formatDeadline(out.deadline, a.timezone)}.${out.message ? `\n\n${out.message}` : ""}`,
    }),
    ctx.userId,
  );
  return out;
}
