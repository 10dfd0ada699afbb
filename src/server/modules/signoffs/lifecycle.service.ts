import { diffSnapshots } from "../../../shared/roadmap.ts";
import type { ReviseSignoff, SignoffComment, SignoffDetail } from "../../../shared/signoff.schemas.ts";
import {
  allRequiredApproved,
  changedIds,
  formatDeadline,
  isApproval,
  relevantChanges,
} from "../../../shared/signoff.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, forbidden, invalid, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getRoadmap } from "../roadmaps/roadmaps.service.ts";
import { getVersion } from "../roadmaps/versions.service.ts";
import { scheduleSignoffJobs, unscheduleSignoffJobs } from "./signoffs.jobs.ts";
import {
  insertComments,
  insertEvents,
  lockSignoff,
  resetDecisions,
  selectApprovers,
  selectTeamsOf,
  updateSignoff,
} from "./signoffs.queries.ts";
import {
  approveSignoff,
  checkSmart,
  getSignoff,
  notifyApprovers,
  type SignoffOut,
  versionForRound,
} from "./signoffs.service.ts";

/** What happens to an open request: revisions (new rounds), extensions, cancellation, comments. */

async function openSignoff(db: Db, ctx: WorkspaceContext, id: string) {
  const s = await lockSignoff(db, ctx.workspaceId, id);
  if (!s) throw notFound("Sign-off");
  if (s.status !== "open") throw conflict(`This sign-off is ${s.status}`);
  return s;
}

/**
 * A new round on a newer version. Approvals stand only where none of the approver's items changed (an
 * approval refers to the exact content approved); objections go back to pending for a re-review.
 */
export async function reviseSignoff(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: ReviseSignoff,
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await openSignoff(db, ctx, id);
  const roadmap = await getRoadmap(db, ctx.workspaceId, s.roadmapId);
  const old = await getVersion(db, ctx.workspaceId, s.roadmapId, s.versionId);
  const next = await versionForRound(
    db,
    ctx,
    s.roadmapId,
    input.versionId,
    `Sign-off: ${roadmap.name} (round ${s.round + 1})`,
  );
  if (next.number <= old.number)
    throw invalid({ versionId: `Choose a version newer than version ${old.number}, the one under review` });
  const diff = diffSnapshots(old.snapshot.items, next.snapshot.items, () => []);
  const changed = changedIds(diff);
  if (!changed.size)
    throw conflict(`Nothing changed since version ${old.number}: change the roadmap, then revise`);
  const override = input.overrideReason ?? s.overrideReason;
  const smartFailures = checkSmart(next.snapshot, override);
  const approvers = await selectApprovers(db, ctx.workspaceId, id);
  const teams = new Map<string, Set<string>>();
  for (const t of await selectTeamsOf(
    db,
    ctx.workspaceId,
    approvers.map((a) => a.userId),
  ))
    teams.set(t.userId, (teams.get(t.userId) ?? new Set()).add(t.teamId));
  const withdrawn: { userId: string; name: string; n: number }[] = [];
  const objectors: string[] = [];
  const again = new Map<string, number>();
  for (const a of approvers) {
    const mine = relevantChanges(
      changed,
      teams.get(a.userId) ?? new Set(),
      old.snapshot.items,
      next.snapshot.items,
    );
    again.set(a.userId, mine.length);
    if (isApproval(a.decision) && mine.length)
      withdrawn.push({ userId: a.userId, name: a.name, n: mine.length });
    if (a.decision === "objected") objectors.push(a.userId);
  }
  const now = mail.clock.now().toISOString();
  const round = s.round + 1;
  await resetDecisions(
    db,
    ctx.workspaceId,
    id,
    withdrawn.map((w) => w.userId),
    now,
  );
  await resetDecisions(db, ctx.workspaceId, id, objectors, null);
  await updateSignoff(db, ctx.workspaceId, id, {
    version_id: next.id,
    round,
    smart_failures: smartFailures,
    override_reason: smartFailures ? override : null,
    ...(input.message !== undefined ? { message: input.message } : {}),
  });
  const { added, removed, moved, changed: edited } = diff;
  await insertEvents(db, ctx.workspaceId, id, round, [
    {
      kind: "revised",
      actorId: ctx.userId,
      detail: `Round ${round}: version ${next.number} (${added.length} added, ${removed.length} removed, ${moved.length} moved, ${edited.length} changed)${
        input.message ? `: ${input.message}` : ""
      }`,
    },
    ...withdrawn.map((w) => ({
      kind: "withdrawn",
      actorId: null,
      detail: `${w.name}'s approval was withdrawn: ${w.n} of their items changed`,
    })),
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.revise",
    entityType: "signoff",
    entityId: id,
    before: { versionId: old.id, round: s.round },
    after: { versionId: next.id, round, withdrawn: withdrawn.map((w) => w.userId) },
  });
  const after = await selectApprovers(db, ctx.workspaceId, id);
  if (allRequiredApproved(after)) {
    await approveSignoff(db, ctx.workspaceId, id, ctx, mail);
    return getSignoff(db, ctx, id);
  }
  const detail = await getSignoff(db, ctx, id);
  await notifyApprovers(
    db,
    ctx.workspaceId,
    detail,
    after.filter((a) => a.decision === "pending"),
    mail,
    (a) => ({
      kind: "signoff.revised",
      title: `Please review again: ${roadmap.name} (version ${next.number})`,
      body: `${again.get(a.userId) || changed.size} changed item${(again.get(a.userId) || changed.size) === 1 ? "" : "s"} to review before ${formatDeadline(detail.deadline, a.timezone)}.${
        input.message ? `\n\n${input.message}` : ""
      }`,
    }),
    ctx.userId,
  );
  return detail;
}

/** Moves the deadline (audited); reminders follow it, and a request past due is no longer overdue. */
export async function extendSignoff(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { deadline: string; reason: string },
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await openSignoff(db, ctx, id);
  const deadline = new Date(input.deadline);
  if (deadline <= mail.clock.now()) throw invalid({ deadline: "The new deadline must be in the future" });
  const before = new Date(s.deadline).toISOString();
  await updateSignoff(db, ctx.workspaceId, id, { deadline: deadline.toISOString(), overdue: false });
  await scheduleSignoffJobs(db, mail.clock, ctx.workspaceId, id, deadline.toISOString(), s.reminders);
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    {
      kind: "extended",
      actorId: ctx.userId,
      detail: `Deadline moved from ${formatDeadline(before, "UTC")} to ${formatDeadline(deadline, "UTC")}: ${input.reason}`,
    },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.extend",
    entityType: "signoff",
    entityId: id,
    before: { deadline: before },
    after: { deadline: deadline.toISOString(), reason: input.reason },
  });
  const detail = await getSignoff(db, ctx, id);
  await notifyApprovers(
    db,
    ctx.workspaceId,
    detail,
    detail.approvers.filter((a) => a.decision === "pending"),
    mail,
    (a) => ({
      kind: "signoff.extended",
      title: `New sign-off deadline: ${detail.roadmapName}`,
      body: `Now due ${formatDeadline(deadline, a.timezone)}. ${input.reason}`,
    }),
    ctx.userId,
  );
  return detail;
}

/** Cancels an open request (audited); approvers are told. */
export async function cancelSignoff(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { reason: string },
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await openSignoff(db, ctx, id);
  await updateSignoff(db, ctx.workspaceId, id, {
    status: "cancelled",
    closed_at: mail.clock.now().toISOString(),
  });
  await unscheduleSignoffJobs(db, id, s.reminders);
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    { kind: "cancelled", actorId: ctx.userId, detail: input.reason },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.cancel",
    entityType: "signoff",
    entityId: id,
    after: { reason: input.reason },
  });
  const detail = await getSignoff(db, ctx, id);
  await notifyApprovers(
    db,
    ctx.workspaceId,
    detail,
    detail.approvers,
    mail,
    () => ({
      kind: "signoff.cancelled",
      title: `Sign-off cancelled: ${detail.roadmapName}`,
      body: input.reason,
    }),
    ctx.userId,
  );
  return detail;
}

const REMIND_GAP_MS = 60 * 60_000;

/** The PM reminds everyone who has not decided yet, now; at most once an hour. Audited. */
export async function remindNow(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  mail: SignoffOut,
): Promise<SignoffDetail> {
  const s = await openSignoff(db, ctx, id);
  const detail = await getSignoff(db, ctx, id);
  const pending = detail.approvers.filter((a) => a.decision === "pending");
  if (!pending.length) throw conflict("Every approver has decided: nobody to remind");
  const now = mail.clock.now();
  const last = detail.events.filter((e) => e.kind === "reminded" && e.actorId).at(-1);
  if (last && now.getTime() - new Date(last.createdAt).getTime() < REMIND_GAP_MS)
    throw conflict(
      `${last.actorName ?? "Someone"} reminded them at ${formatDeadline(last.createdAt, "UTC")}: wait an hour between reminders`,
    );
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    {
      kind: "reminded",
      actorId: ctx.userId,
      detail: `Reminded ${pending.length} approver${pending.length === 1 ? "" : "s"} who had not decided`,
      at: now.toISOString(), // the hourly limit runs on the clock
    },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "signoff.remind",
    entityType: "signoff",
    entityId: id,
    after: { userIds: pending.map((a) => a.userId) },
  });
  await notifyApprovers(
    db,
    ctx.workspaceId,
    detail,
    pending,
    mail,
    (a) => ({
      kind: "signoff.reminder",
      title: `Reminder: please review ${detail.roadmapName} (version ${detail.versionNumber})`,
      body: `Your decision is wanted by ${formatDeadline(detail.deadline, a.timezone)}.`,
    }),
    ctx.userId,
  );
  return getSignoff(db, ctx, id);
}

/** A comment on the request or one of its items, by an approver or a manager, while it is open. */
export async function addComment(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { itemId: string | null; body: string },
  canManage: boolean,
): Promise<SignoffComment> {
  const s = await openSignoff(db, ctx, id);
  const approvers = await selectApprovers(db, ctx.workspaceId, id);
  if (!canManage && !approvers.some((a) => a.userId === ctx.userId))
    throw forbidden("Only approvers and product managers comment on a sign-off");
  let itemTitle: string | null = null;
  if (input.itemId) {
    const v = await getVersion(db, ctx.workspaceId, s.roadmapId, s.versionId);
    const item = v.snapshot.items.find((i) => i.id === input.itemId);
    if (!item) throw invalid({ itemId: "Not an item of the version under review" });
    itemTitle = item.title;
  }
  const [row] = await insertComments(db, ctx.workspaceId, id, s.round, ctx.userId, [input]);
  await insertEvents(db, ctx.workspaceId, id, s.round, [
    { kind: "commented", actorId: ctx.userId, detail: itemTitle ? `On "${itemTitle}"` : "On the request" },
  ]);
  const detail = await getSignoff(db, ctx, id);
  return detail.comments.find((c) => c.id === row.id) as SignoffComment;
}
