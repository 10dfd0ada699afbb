import { formatDeadline, isApproval } from "../../../shared/signoff.ts";
import type { Db } from "../../db/client.ts";
import { type Clock, HOUR } from "../../lib/clock.ts";
import { type JobHandlers, scheduleJobs, unscheduleJob } from "../jobs/jobs.service.ts";
import { notify } from "../notifications/notifications.service.ts";
import {
  insertEvents,
  lockSignoff,
  selectApprovers,
  selectMemberIds,
  selectSignoff,
  updateSignoff,
} from "./signoffs.queries.ts";

/**
 * Durable reminders and the deadline of a sign-off, on the jobs table: a job due while Baton was down runs
 * once when it is back, and two instances never both run it (FOR UPDATE SKIP LOCKED, done in the same
 * transaction as the notifications it writes).
 */

export const REMIND_JOB = "signoff.remind";
export const DEADLINE_JOB = "signoff.deadline";
const remindKey = (id: string, hours: number) => `signoff.remind:${id}:${hours}`;
const deadlineKey = (id: string) => `signoff.deadline:${id}`;

/** (Re)schedules the reminders still ahead and the deadline; reminders already past are dropped. */
export async function scheduleSignoffJobs(
  db: Db,
  clock: Clock,
  workspaceId: string,
  id: string,
  deadline: string,
  reminders: number[],
) {
  const now = clock.now().getTime();
  const due = new Date(deadline).getTime();
  const ahead = reminders.filter((h) => due - h * HOUR > now);
  for (const h of reminders) if (!ahead.includes(h)) await unscheduleJob(db, remindKey(id, h));
  await scheduleJobs(db, [
    ...ahead.map((hours) => ({
      workspaceId,
      kind: REMIND_JOB,
      key: remindKey(id, hours),
      runAt: new Date(due - hours * HOUR).toISOString(),
      payload: { signoffId: id, hours, deadline },
    })),
    {
      workspaceId,
      kind: DEADLINE_JOB,
      key: deadlineKey(id),
      runAt: deadline,
      payload: { signoffId: id, deadline },
    },
  ]);
}

export async function unscheduleSignoffJobs(db: Db, id: string, reminders: number[]) {
  for (const h of reminders) await unscheduleJob(db, remindKey(id, h));
  await unscheduleJob(db, deadlineKey(id));
}

/** The job still applies: the request is open and its deadline is the one the job was scheduled for. */
async function stillDue(db: Db, workspaceId: string, payload: Record<string, unknown>) {
  const s = await lockSignoff(db, workspaceId, payload.signoffId as string);
  if (s?.status !== "open") return null;
  if (new Date(s.deadline).getTime() !== new Date(payload.deadline as string).getTime()) return null;
  return s;
}

const hoursLeft = (h: number) =>
  h % 24 === 0 ? `${h / 24} day${h === 24 ? "" : "s"}` : `${h} hour${h === 1 ? "" : "s"}`;

export const signoffJobHandlers = (publicUrl: string): JobHandlers => ({
  /** Reminds approvers who have not decided yet. */
  [REMIND_JOB]: async (db, job, clock) => {
    const workspaceId = job.workspaceId as string;
    const s = await stillDue(db, workspaceId, job.payload);
    if (!s) return;
    const info = await selectSignoff(db, workspaceId, s.id, null);
    const pending = (await selectApprovers(db, workspaceId, s.id)).filter((a) => a.decision === "pending");
    if (!info || !pending.length) return;
    const hours = job.payload.hours as number;
    await notify(
      db,
      workspaceId,
      pending.map((a) => ({
        userId: a.userId,
        kind: "signoff.reminder",
        title: `Reminder: sign-off of ${info.roadmapName} due in ${hoursLeft(hours)}`,
        body: `Version ${info.versionNumber} waits for your decision by ${formatDeadline(s.deadline, a.timezone)}.`,
        link: `/signoffs/${s.id}`,
      })),
      { clock, publicUrl },
    );
    await insertEvents(db, workspaceId, s.id, s.round, [
      {
        kind: "reminded",
        actorId: null,
        detail: `Reminded ${pending.length} approver${pending.length === 1 ? "" : "s"} ${hoursLeft(hours)} before the deadline`,
      },
    ]);
  },
  /** At the deadline, missing required approvals escalate to the requester and the workspace owners. */
  [DEADLINE_JOB]: async (db, job, clock) => {
    const workspaceId = job.workspaceId as string;
    const s = await stillDue(db, workspaceId, job.payload);
    if (!s) return;
    const info = await selectSignoff(db, workspaceId, s.id, null);
    const missing = (await selectApprovers(db, workspaceId, s.id)).filter(
      (a) => a.required && !isApproval(a.decision),
    );
    if (!info || !missing.length) return;
    await updateSignoff(db, workspaceId, s.id, { overdue: true });
    const owners = await selectMemberIds(db, workspaceId, "owner");
    const to = new Set([...(s.createdBy ? [s.createdBy] : []), ...owners.map((o) => o.userId)]);
    const names = missing.map((a) => `${a.name} (${a.decision === "objected" ? "objected" : "no decision"})`);
    await notify(
      db,
      workspaceId,
      [...to].map((userId) => ({
        userId,
        kind: "signoff.escalation",
        title: `Overdue sign-off: ${info.roadmapName} (version ${info.versionNumber})`,
        body: `The deadline passed without ${missing.length} required approval${missing.length === 1 ? "" : "s"}: ${names.join(", ")}. Extend the deadline, revise or cancel.`,
        link: `/signoffs/${s.id}`,
      })),
      { clock, publicUrl },
    );
    await insertEvents(db, workspaceId, s.id, s.round, [
      {
        kind: "escalated",
        actorId: null,
        detail: `Deadline passed: escalated to ${to.size} (${missing.length} required approval${missing.length === 1 ? "" : "s"} missing)`,
      },
    ]);
  },
});
