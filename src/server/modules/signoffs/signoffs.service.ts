import { SMART_KEYS } from "../../../shared/enums.ts";
import { can } from "../../../shared/permissions.ts";
import type { RoadmapSnapshot } from "../../../shared/roadmap.schemas.ts";
import { smartFailures } from "../../../shared/roadmap.ts";
import type {
  CreateSignoff,
  Decide,
  Signoff,
  SignoffDetail,
  SignoffPreflight,
} from "../../../shared/signoff.schemas.ts";
import { allRequiredApproved, formatDeadline } from "../../../shared/signoff.ts";
import type { Actor, WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { conflict, forbidden, invalid, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import type { MailOut } from "../notifications/notifications.mail.ts";
import { notify } from "../notifications/notifications.service.ts";
import { getRoadmap } from "../roadmaps/roadmaps.service.ts";
import { createVersion, currentSnapshot, getVersion } from "../roadmaps/versions.service.ts";
import { resolveApprovers } from "./approvers.service.ts";
import { scheduleSignoffJobs, unscheduleSignoffJobs } from "./signoffs.jobs.ts";
import {
  insertApprovers,
  insertComments,
  insertEvents,
  insertSignoff,
  lockSignoff,
  markVersionApproved,
  type SignoffRow,
  selectApprovers,
  selectBaseline,
  selectComments,
  selectEvents,
  selectMemberIds,
  selectOpenSignoffId,
  selectSignoff,
  selectSignoffs,
  setDecision,
  updateSignoff,
} from "./signoffs.queries.ts";

/** Roadmap sign-off: a version goes to approvers with a deadline; all required approvals make it the baseline. */

export const signoffLink = (id: string) => `/signoffs/${id}`;

/** Where sign-off messages go: mail by each member's preference, or in-app only when `publicUrl` is null (demo seed). */
export type SignoffOut = { clock: Clock; publicUrl: string | null };
const mailOf = (o: SignoffOut): MailOut | null =>
  o.publicUrl === null ? null : { clock: o.clock, publicUrl: o.publicUrl };
const DECISION_WORDS = {
  approved: "approved",
  approved_with_comments: "approved with comments",
  objected: "objected",
};

function toSignoff(r: SignoffRow): Signoff {
  return isoColumns(r, "deadline", "createdAt", "closedAt");
}

export async function listSignoffs(
  db: Db,
  ctx: WorkspaceContext,
  q: { roadmapId?: string; status?: string; mine?: boolean },
): Promise<{ items: Signoff[] }> {
  return { items: (await selectSignoffs(db, ctx.workspaceId, ctx.userId, q)).map(toSignoff) };
}

/** A request with its approvers, history and comments; every member may read it. */
export async function getSignoff(db: Db, ctx: WorkspaceContext, id: string): Promise<SignoffDetail> {
  const row = await selectSignoff(db, ctx.workspaceId, id, ctx.userId);
  if (!row) throw notFound("Sign-off");
  const [approvers, events, comments] = await Promise.all([
    selectApprovers(db, ctx.workspaceId, id),
    selectEvents(db, ctx.workspaceId, id),
    selectComments(db, ctx.workspaceId, id),
  ]);
  const s = toSignoff(row);
  const titles = new Map<string, string>();
  if (comments.some((c) => c.itemId)) {
    const v = await getVersion(db, ctx.workspaceId, s.roadmapId, s.versionId);
    for (const i of v.snapshot.items) titles.set(i.id, i.title);
  }
  return {
    ...s,
    approvers: approvers.map((a) => isoColumns(a, "decidedAt", "withdrawnAt")),
    events: events.map((e) => isoColumns(e, "createdAt")),
    comments: comments.map((c) => ({
      ...isoColumns(c, "createdAt"),
      itemTitle: c.itemId ? (titles.get(c.itemId) ?? "An item no longer in the roadmap") : null,
    })) as SignoffDetail["comments"],
    amApprover: approvers.some((a) => a.userId === ctx.userId),
    canManage: can(ctx.role, "signoffs.manage"),
  };
}

/** Live items failing a SMART check, with the checks they fail. */
export const smartFailuresOf = (snapshot: RoadmapSnapshot) =>
  snapshot.items
    .filter((i) => i.status !== "dropped" && SMART_KEYS.some((k) => !i.smart[k].ok))
    .map((i) => ({ itemId: i.id, title: i.title, failed: smartFailures(i.smart) as string[] }));

/** What sending would meet: SMART failures of the roadmap as it is, its baseline, a request in flight. */
export async function preflight(db: Db, ctx: WorkspaceContext, roadmapId: string): Promise<SignoffPreflight> {
  await getRoadmap(db, ctx.workspaceId, roadmapId);
  const [snapshot, baseline, openSignoffId] = await Promise.all([
    currentSnapshot(db, ctx.workspaceId, roadmapId),
    selectBaseline(db, ctx.workspaceId, roadmapId),
    selectOpenSignoffId(db, ctx.workspaceId, roadmapId),
  ]);
  return {
    smartFailures: smartFailuresOf(snapshot),
    itemCount: snapshot.items.length,
    baseline: baseline ? isoColumns(baseline, "approvedAt") : null,
    openSignoffId,
  } as SignoffPreflight;
}

/** The version a round reviews: an existing one, or the roadmap as it is now saved as a new version. */
export async function versionForRound(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  versionId: string | undefined,
  name: string,
) {
  if (versionId)
    return getVersion(db, ctx.workspaceId, roadmapId, versionId).catch(() => {
      throw invalid({ versionId: "No such version of this roadmap" });
    });
  const v = await createVersion(db, ctx, roadmapId, { name, note: "Saved for sign-off" });
  return getVersion(db, ctx.workspaceId, roadmapId, v.id);
}

/** Refuses a version failing SMART checks unless the PM gives a reason approvers will see. */
export function checkSmart(snapshot: RoadmapSnapshot, overrideReason: string | null | undefined) {
  const failures = smartFailuresOf(snapshot);
  if (failures.length && !overrideReason?.trim())
    throw invalid(
      {
        overrideReason: `${failures.length} item${failures.length === 1 ? " fails" : "s fail"} SMART checks (${failures
          .slice(0, 3)
          .map((f) => f.title)
          .join(", ")}${failures.length > 3 ? ", …" : ""}): fix them or give a reason approvers will see`,
      },
      "SMART checks fail",
    );
  return failures.length;
}

const openAlready = () => conflict("A sign-off of this roadmap is already open: revise, extend or cancel it");

/** Sends a roadmap version for sign-off: approvers are notified and reminders scheduled. */
export async function createSignoff(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  input: CreateSignoff & { reminders: number[]; message: string },
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const roadmap = await getRoadmap(db, ctx.workspaceId, roadmapId);
  const deadline = new Date(input.deadline);
  if (deadline <= mail.clock.now()) throw invalid({ deadline: "The deadline must be in the future" });
  if (await selectOpenSignoffId(db, ctx.workspaceId, roadmapId)) throw openAlready();
  const approvers = await resolveApprovers(db, ctx.workspaceId, input.approvers);
  const version = await versionForRound(db, ctx, roadmapId, input.versionId, `Sign-off: ${roadmap.name}`);
  if (version.approvedAt) throw invalid({ versionId: "This version is already an approved baseline" });
  const smartFailures = checkSmart(version.snapshot, input.overrideReason);
  const baseline = await selectBaseline(db, ctx.workspaceId, roadmapId);
  const id = await insertSignoff(db, ctx.workspaceId, {
    roadmapId,
    versionId: version.id,
    baselineVersionId: baseline?.id ?? null,
    deadline: deadline.toISOString(),
    message: input.message,
    reminders: [...input.reminders].sort((a, b) => b - a),
    overrideReason: smartFailures ? (input.overrideReason?.trim() ?? null) : null,
    smartFailures,
    createdBy: ctx.userId,
  }).catch((err) => {
    // Two requests racing past the check above: the partial unique index keeps one.
    if (isUniqueViolation(err)) throw openAlready();
    throw err;
  });
  await insertApprovers(db, ctx.workspaceId, id, approvers);
  await insertEvents(db, ctx.workspaceId, id, 1, [
    {
      kind: "requested",
      actorId: ctx.userId,
      detail: `Version ${version.number} sent to ${approvers.length} approver${approvers.length === 1 ? "" : "s"}${
        smartFailures ? `; SMART checks overridden: ${input.overrideReason}` : ""
      }`,
    },
  ]);
  await scheduleSignoffJobs(db, mail.clock, ctx.workspaceId, id, deadline.toISOString(), input.reminders);
  const detail = await getSignoff(db, ctx, id);
  await notifyApprovers(db, ctx.workspaceId, detail, detail.approvers, mail, (a) => ({
    kind: "signoff.request",
    title: `Sign-off requested: ${roadmap.name} (version ${version.number})`,
    body: `Please review and approve or object by ${formatDeadline(deadline, a.timezone)}.${
      input.message ? `\n\n${input.message}` : ""
    }${smartFailures ? `\n\nSMART checks overridden: ${input.overrideReason}` : ""}`,
  }));
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.request",
    entityType: "signoff",
    entityId: id,
    after: { roadmapId, versionId: version.id, deadline: detail.deadline, approvers },
  });
  return detail;
}

type ApproverLike = { userId: string; timezone: string };

/** Tells approvers (never the actor) about the request, each in their own time zone. */
export async function notifyApprovers(
  db: Db,
  workspaceId: string,
  s: { id: string },
  approvers: ApproverLike[],
  mail: SignoffOut,
  message: (a: ApproverLike) => { kind: string; title: string; body: string },
  except: string | null = null,
) {
  await notify(
    db,
    workspaceId,
    approvers
      .filter((a) => a.userId !== except)
      .map((a) => ({ userId: a.userId, link: signoffLink(s.id), ...message(a) })),
    mailOf(mail),
  );
}

/** An approver's decision on the version under review; it may change until the request closes. */
export async function decide(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: Required<Decide>,
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await lockSignoff(db, ctx.workspaceId, id);
  if (!s) throw notFound("Sign-off");
  if (s.status !== "open") throw conflict(`This sign-off is ${s.status}: decisions can no longer change`);
  const approvers = await selectApprovers(db, ctx.workspaceId, id);
  const me = approvers.find((a) => a.userId === ctx.userId);
  if (!me) throw forbidden("You are not an approver of this sign-off");
  if (input.versionId !== s.versionId)
    throw conflict("The roadmap was revised while you were reviewing: review the new version", {
      versionId: "Not the version under review",
    });
  const version = await getVersion(db, ctx.workspaceId, s.roadmapId, s.versionId);
  const itemIds = new Set(version.snapshot.items.map((i) => i.id));
  const bad = input.itemComments.findIndex((c) => !itemIds.has(c.itemId));
  if (bad >= 0) throw invalid({ [`itemComments.${bad}.itemId`]: "Not an item of the version under review" });
  const now = mail.clock.now().toISOString();
  await setDecision(db, ctx.workspaceId, id, me.userId, {
    decision: input.decision,
    comment: input.comment,
    at: now,
    versionId: s.versionId,
  });
  if (input.itemComments.length)
    await insertComments(db, ctx.workspaceId, id, s.round, ctx.userId, input.itemComments);
  const changed = me.decision !== "pending" && me.decision !== input.decision;
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    {
      kind: "decided",
      actorId: ctx.userId,
      detail: `${changed ? "Changed their decision: " : ""}${DECISION_WORDS[input.decision]} version ${version.number}${
        input.comment ? `: ${input.comment}` : ""
      }`,
    },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.decide",
    entityType: "signoff",
    entityId: id,
    before: { decision: me.decision },
    after: { decision: input.decision, comment: input.comment, versionId: s.versionId },
  });
  if (input.decision === "objected" && s.createdBy && s.createdBy !== ctx.userId) {
    const roadmap = await getRoadmap(db, ctx.workspaceId, s.roadmapId);
    await notify(
      db,
      ctx.workspaceId,
      [
        {
          userId: s.createdBy,
          kind: "signoff.objection",
          title: `${me.name} objects to ${roadmap.name} (version ${version.number})`,
          body: input.comment,
          link: signoffLink(id),
        },
      ],
      mailOf(mail),
    );
  }
  const after = approvers.map((a) => (a.userId === me.userId ? { ...a, decision: input.decision } : a));
  if (allRequiredApproved(after)) await approveSignoff(db, ctx.workspaceId, id, ctx, mail);
  return getSignoff(db, ctx, id);
}

/** Every required approver approved: the version becomes the roadmap's baseline, announced to everyone. */
export async function approveSignoff(
  db: Db,
  workspaceId: string,
  id: string,
  actor: Actor,
  mail: SignoffOut,
) {
  const s = await lockSignoff(db, workspaceId, id);
  if (s?.status !== "open") return;
  const now = mail.clock.now().toISOString();
  await updateSignoff(db, workspaceId, id, { status: "approved", closed_at: now, overdue: false });
  await markVersionApproved(db, workspaceId, s.versionId, id, now);
  await unscheduleSignoffJobs(db, id, s.reminders);
  const [roadmap, version] = await Promise.all([
    getRoadmap(db, workspaceId, s.roadmapId),
    getVersion(db, workspaceId, s.roadmapId, s.versionId),
  ]);
  await insertEvents(db, workspaceId, id, s.round, [
    { kind: "approved", actorId: actor.userId, detail: `Version ${version.number} is the approved baseline` },
  ]);
  await recordAudit(db, workspaceId, actor, {
    action: "signoff.approve",
    entityType: "signoff",
    entityId: id,
    after: { versionId: s.versionId },
  });
  const everyone = await selectMemberIds(db, workspaceId, null);
  await notify(
    db,
    workspaceId,
    everyone.map((m) => ({
      userId: m.userId,
      kind: "signoff.approved",
      title: `Approved baseline: ${roadmap.name} (version ${version.number})`,
      body: `Every required approver signed off ${roadmap.productName}'s roadmap "${roadmap.name}". Version ${version.number} is now the baseline.`,
      link: signoffLink(id),
    })),
    mailOf(mail),
  );
}
