import type { MailPreference } from "../../../shared/schemas.ts";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { escapeHtml, htmlLink, htmlMail } from "../../lib/mail-html.ts";
import type { JobHandlers } from "../jobs/jobs.service.ts";
import { scheduleJobs } from "../jobs/jobs.service.ts";
import { enqueueMail, enqueueMails, type Mail } from "../outbox/outbox.service.ts";
import {
  claimDigestDay,
  insertNotifications,
  lockDigestState,
  markDigestSent,
  type NewNotification,
  selectDigestMember,
  selectMailPreference,
  selectMailRecipients,
  selectTimezones,
  selectUnreadSince,
  upsertMailPreference,
} from "./notifications.queries.ts";

/** What notify needs to mail: the clock (for the job) and the public URL (for absolute links). */
export interface MailOut {
  clock: Clock;
  publicUrl: string;
}

export const DIGEST_JOB = "notifications.digest";
/** The digest goes out at this hour of each member's local morning (users.timezone). */
const DIGEST_HOUR = 7;

/** The wall-clock parts of an instant in a time zone (UTC when the zone is unknown). */
function wallClock(at: Date, timeZone: string) {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  } catch {
    return wallClock(at, "UTC");
  }
  const p = Object.fromEntries(fmt.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: +p.year, m: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** The member's local calendar day of an instant ('YYYY-MM-DD'). */
export function localDay(at: Date, timeZone = "UTC"): string {
  const w = wallClock(at, timeZone);
  return `${String(w.y).padStart(4, "0")}-${String(w.m).padStart(2, "0")}-${String(w.d).padStart(2, "0")}`;
}

/** The instant of DIGEST_HOUR:00 on a local day in a time zone (the offset found by two corrections, DST-safe). */
export function localMorning(day: string, timeZone = "UTC"): Date {
  const [y, m, d] = day.split("-").map(Number);
  const wanted = Date.UTC(y, m - 1, d, DIGEST_HOUR);
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
    guess += wanted - shown;
  }
  return new Date(guess);
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The next digest strictly after now: the member's next local 07:00 and that local day. */
export function nextDigest(now: Date, timeZone = "UTC"): { at: Date; day: string } {
  let day = localDay(now, timeZone);
  let at = localMorning(day, timeZone);
  if (at <= now) {
    day = addDays(day, 1);
    at = localMorning(day, timeZone);
  }
  return { at, day };
}

/** The next local 07:00 strictly after now (UTC when no time zone is given). */
export const nextDigestAt = (now: Date, timeZone = "UTC") => nextDigest(now, timeZone).at;

/** What a local day's digest covers: from the previous local morning up to (not including) this one. */
export const digestWindow = (day: string, timeZone = "UTC") => ({
  since: localMorning(addDays(day, -1), timeZone),
  until: localMorning(day, timeZone),
});

/** Schedules each member's next digest at their local morning (one statement for all). */
const scheduleDigests = (
  db: Db,
  clock: Clock,
  workspaceId: string,
  members: { userId: string; timezone: string }[],
) =>
  scheduleJobs(
    db,
    members.map(({ userId, timezone }) => {
      const { at, day } = nextDigest(clock.now(), timezone);
      return {
        workspaceId,
        kind: DIGEST_JOB,
        key: `digest:${workspaceId}:${userId}:${day}`,
        runAt: at.toISOString(),
        payload: { userId, day },
      };
    }),
  );

/**
 * Schedules the next digest of these members (whatever their mail preference): for a module that adds a section
 * to it (digestJobHandlers' sections), such as the competitor changes of the people who watch a competitor.
 */
export async function scheduleDigestsFor(db: Db, clock: Clock, workspaceId: string, userIds: string[]) {
  if (!userIds.length) return;
  await scheduleDigests(db, clock, workspaceId, await selectTimezones(db, workspaceId, userIds));
}

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
  if (preference === "digest") await scheduleDigestsFor(db, clock, workspaceId, [userId]);
  return { preference };
}

/** The mail link: through the log-in page, which forwards to the workspace path afterwards. */
export const absoluteLink = (publicUrl: string, workspaceId: string, link: string | null) => {
  const path = !link ? `/w/${workspaceId}` : link.startsWith("/w/") ? link : `/w/${workspaceId}${link}`;
  return /^https?:\/\//i.test(link ?? "")
    ? (link as string)
    : `${publicUrl}/login?next=${encodeURIComponent(path)}`;
};

/**
 * Mails new notifications, in the caller's transaction: at once to members who chose `immediate`, and
 * a digest job at their next local 07:00 for those who chose `digest`. Members with `off` only see them in-app.
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
  const digest = recipients.filter((r) => r.preference === "digest");
  await scheduleDigests(db, out.clock, workspaceId, digest);
}

/** What a section of the digest gets: whose digest, which local day, the window it covers, a link maker. */
export interface DigestSectionInput {
  workspaceId: string;
  userId: string;
  day: string;
  since: Date;
  until: Date;
  /** An absolute link (through the log-in page) to a workspace path such as "/changes". */
  link: (path: string) => string;
}
/**
 * A section's part of the digest: its mail text, the same as an HTML fragment (every piece of it escaped: it goes
 * into the mail's HTML alternative as it is), a subject fragment, and the in-app notice (kind digest.*).
 */
export interface DigestSectionOutput {
  subject: string;
  text: string;
  html: string;
  notification: Omit<NewNotification, "userId">;
}
/** A section another module adds to the daily digest (given to digestJobHandlers by jobs.ts). */
export type DigestSection = (db: Db, input: DigestSectionInput) => Promise<DigestSectionOutput | null>;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The daily digest job, at the member's local morning: the unread notifications since the last digest (members
 * who chose `digest`) and every section's part (any preference), in one mail (none for `off`) plus each
 * section's in-app notice; nothing when all are empty. A local day's digest goes out at most once, even with
 * two runners or a job re-armed for the same day (claimDigestDay).
 */
export const digestJobHandlers = (publicUrl: string, sections: DigestSection[] = []): JobHandlers => ({
  [DIGEST_JOB]: async (db, job, clock) => {
    const workspaceId = job.workspaceId as string;
    const userId = job.payload.userId as string;
    const [member] = await selectDigestMember(db, workspaceId, userId);
    if (!member) return;
    const fromKey = job.key?.split(":").pop();
    const day =
      [job.payload.day, fromKey].find((d): d is string => typeof d === "string" && DAY_RE.test(d)) ??
      localDay(clock.now(), member.timezone);
    let items: Awaited<ReturnType<typeof selectUnreadSince>> = [];
    if (member.preference === "digest") {
      const [pref] = await lockDigestState(db, workspaceId, userId);
      if (pref) items = await selectUnreadSince(db, workspaceId, userId, pref.since);
    }
    const window = digestWindow(day, member.timezone);
    const link = (path: string) => absoluteLink(publicUrl, workspaceId, path);
    const parts: DigestSectionOutput[] = [];
    for (const section of sections) {
      const part = await section(db, { workspaceId, userId, day, ...window, link });
      if (part) parts.push(part);
    }
    if (!items.length && !parts.length) return;
    if (!(await claimDigestDay(db, workspaceId, userId, day))) return;
    if (parts.length)
      await insertNotifications(
        db,
        workspaceId,
        parts.map((p) => ({ ...p.notification, userId })),
      );
    if (member.preference !== "off") {
      const lines = items.map(
        (n) =>
          `• ${n.title}${n.body ? `\n  ${n.body}` : ""}\n  ${absoluteLink(publicUrl, workspaceId, n.link)}`,
      );
      const bits = [
        ...(items.length ? [`${items.length} new notification${items.length === 1 ? "" : "s"}`] : []),
        ...parts.map((p) => p.subject),
      ];
      const texts = [
        ...(items.length ? [`Since your last digest:\n\n${lines.join("\n\n")}\n`] : []),
        ...parts.map((p) => p.text),
      ];
      const subject = `Baton digest for ${member.ws}: ${bits.join(", ")}`;
      const htmlItems = items.map(
        (n) =>
          `<li style="margin:0 0 8px">${htmlLink(absoluteLink(publicUrl, workspaceId, n.link), n.title)}${
            n.body ? `<br><span style="color:#495057;white-space:pre-line">${escapeHtml(n.body)}</span>` : ""
          }</li>`,
      );
      await enqueueMail(db, clock, {
        workspaceId,
        to: member.email,
        kind: "notification.digest",
        subject,
        text: texts.join("\n\n"),
        html: htmlMail(subject, [
          `<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(subject)}</h1>`,
          ...(items.length
            ? [
                `<h2 style="font-size:16px;margin:16px 0 8px">Since your last digest</h2><ul style="padding-left:20px;margin:0">${htmlItems.join("")}</ul>`,
              ]
            : []),
          ...parts.map((p) => p.html),
        ]),
      });
    }
    // The cut-off is in the database's time, like created_at, so the next digest starts right after.
    if (items.length) await markDigestSent(db, workspaceId, userId, items[items.length - 1].createdAt);
  },
});
