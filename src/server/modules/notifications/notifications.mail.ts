import type { MailPreference } from "../../../shared/schemas.ts";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import type { JobHandlers } from "../jobs/jobs.service.ts";
import { scheduleJobs } from "../jobs/jobs.service.ts";
import { enqueueMail, enqueueMails, type Mail } from "../outbox/outbox.service.ts";
import {
  lockDigestState,
  markDigestSent,
  type NewNotification,
  selectMailPreference,
  selectMailRecipients,
  selectUnreadSince,
  upsertMailPreference,
} from "./notifications.queries.ts";

/** What notify needs to mail: the clock (for the job) and the public URL (for absolute links). */
export interface MailOut {
  clock: Clock;
  publicUrl: string;
}

export const DIGEST_JOB = "notifications.digest";
const DIGEST_HOUR_UTC = 7;

/** The member's preference in a workspace (immediate when never set). */
export async function getMailPreference(db: Db, workspaceId: string, userId: string) {
  const [row] = await selectMailPreference(db, workspaceId, userId);
  return { preference: row?.preference ?? ("immediate" as const) };
}

/** Sets the member's preference (the first digest lists every unread notification). */
export async function setMailPreference(
  db: Db,
  clock: Clock,
  workspaceId: string,
  userId: string,
  preference: MailPreference,
) {
  await upsertMailPreference(db, workspaceId, userId, preference);
  if (preference === "digest") await scheduleDigests(db, clock, workspaceId, [userId]);
  return { preference };
}

/** The next 07:00 UTC strictly after now. */
export function nextDigestAt(now: Date): Date {
  const d = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC, 0, 0, 0),
  );
  if (d <= now) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

/** Schedules each member's next digest (one statement for all). */
const scheduleDigests = (db: Db, clock: Clock, workspaceId: string, userIds: string[]) => {
  const at = nextDigestAt(clock.now());
  return scheduleJobs(
    db,
    userIds.map((userId) => ({
      workspaceId,
      kind: DIGEST_JOB,
      key: `digest:${workspaceId}:${userId}:${at.toISOString().slice(0, 10)}`,
      runAt: at.toISOString(),
      payload: { userId },
    })),
  );
};

/** The mail link: through the log-in page, which forwards to the workspace path afterwards. */
const absoluteLink = (publicUrl: string, workspaceId: string, link: string | null) => {
  const path = !link ? `/w/${workspaceId}` : link.startsWith("/w/") ? link : `/w/${workspaceId}${link}`;
  return /^https?:\/\//i.test(link ?? "")
    ? (link as string)
    : `${publicUrl}/login?next=${encodeURIComponent(path)}`;
};

/**
 * Mails new notifications, in the caller's transaction: at once to members who chose `immediate`, and
 * a digest job at the next 07:00 UTC for those who chose `digest`. Members with `off` only see them in-app.
 */
export async function mailNotifications(db: Db, out: MailOut, workspaceId: string, items: NewNotification[]) {
  const userIds = [...new Set(items.map((i) => i.userId))];
  const recipients = await selectMailRecipients(db, workspaceId, userIds);
  const byUser = new Map(recipients.map((r) => [r.userId, r]));
  const mails: Mail[] = [];
  for (const n of items) {
    const r = byUser.get(n.userId);
    if (r?.preference !== "immediate") continue;
    mails.push({
      workspaceId,
      to: r.email,
      kind: `notification.${n.kind}`,
      subject: n.title,
      text: `${n.body ? `${n.body}\n\n` : ""}Open it in Baton:\n${absoluteLink(out.publicUrl, workspaceId, n.link)}\n`,
    });
  }
  await enqueueMails(db, out.clock, mails);
  const digest = recipients.filter((r) => r.preference === "digest").map((r) => r.userId);
  await scheduleDigests(db, out.clock, workspaceId, digest);
}

/** The daily digest job: unread notifications since the last digest, in one mail (none when empty). */
export const digestJobHandlers = (publicUrl: string): JobHandlers => ({
  [DIGEST_JOB]: async (db, job, clock) => {
    const workspaceId = job.workspaceId as string;
    const userId = job.payload.userId as string;
    const [pref] = await lockDigestState(db, workspaceId, userId);
    if (pref?.preference !== "digest") return;
    const items = await selectUnreadSince(db, workspaceId, userId, pref.since);
    if (!items.length) return;
    const lines = items.map(
      (n) =>
        `• ${n.title}${n.body ? `\n  ${n.body}` : ""}\n  ${absoluteLink(publicUrl, workspaceId, n.link)}`,
    );
    await enqueueMail(db, clock, {
      workspaceId,
      to: pref.email,
      kind: "notification.digest",
      subject: `Baton digest for ${pref.ws}: ${items.length} new notification${items.length === 1 ? "" : "s"}`,
      text: `Since your last digest:\n\n${lines.join("\n\n")}\n`,
    });
    // The cut-off is in the database's time, like created_at, so the next digest starts right after.
    await markDigestSent(db, workspaceId, userId, items[items.length - 1].createdAt);
  },
});
