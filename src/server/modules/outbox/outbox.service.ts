import type { OutboxMessage } from "../../../shared/schemas.ts";
import type { Db } from "../../db/client.ts";
import type { OutboxHeaders } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { scheduleJobs } from "../jobs/jobs.service.ts";
import {
  insertOutbox,
  selectMailsTo,
  selectOutbox,
  selectOutboxMessage,
  updateOutboxAttempt,
} from "./outbox.queries.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of the text (multipart/alternative), every piece escaped; none: text only. */
  html?: string | null;
  kind: string;
  /** null for instance-level mail (password resets), read by instance admins. */
  workspaceId: string | null;
  /** Threading headers (a reply to a customer). */
  headers?: OutboxHeaders | null;
}

/** The job kind that delivers one outbox message over SMTP (handler: modules/mail). */
export const MAIL_JOB = "mail";

/**
 * Queues a message, in the caller's transaction, with a durable job that delivers it over SMTP when
 * SMTP_URL is set. Without SMTP the outbox is the delivery: admins read it in the UI; nothing is lost.
 */
export async function enqueueMail(db: Db, clock: Clock, mail: Mail) {
  const [id] = await enqueueMails(db, clock, [mail]);
  return id;
}

/** Queues several messages (two statements in all, however many); returns their ids in order. */
export async function enqueueMails(db: Db, clock: Clock, mails: Mail[]) {
  if (!mails.length) return [];
  const rows = await insertOutbox(db, mails);
  const runAt = clock.now().toISOString();
  await scheduleJobs(
    db,
    rows.map((row, i) => ({
      workspaceId: mails[i].workspaceId,
      kind: MAIL_JOB,
      key: `mail:${row.id}`,
      runAt,
      payload: { outboxId: row.id },
    })),
  );
  return rows.map((r) => r.id);
}

/** One message, or null when it is gone (its workspace deleted). */
export async function findOutboxMessage(
  db: Db,
  id: string,
): Promise<(OutboxMessage & { headers: OutboxHeaders | null; html: string | null }) | null> {
  const [row] = await selectOutboxMessage(db, id);
  return row ?? null;
}

/** Records a delivered message. */
export const markOutboxSent = (db: Db, id: string, at: Date) =>
  updateOutboxAttempt(db, id, { sentAt: at.toISOString() });

/** Records a failed delivery attempt (the job retries it). */
export const markOutboxFailed = (db: Db, id: string, error: string) => updateOutboxAttempt(db, id, { error });

/** A page of mail for a workspace (or, with null, instance-level mail). */
export async function listOutbox(
  db: Db,
  workspaceId: string | null,
  q: { limit: number; cursor?: string },
): Promise<{ items: OutboxMessage[]; nextCursor: string | null }> {
  const rows = await selectOutbox(db, workspaceId, decodeCursor(q.cursor), q.limit);
  return toPage(rows, q.limit, (r) => ({ at: r.createdAt, id: r.id }));
}

/** Where a mail is: sent, waiting in the outbox (no e-mail server, or not tried yet), or failing (retried). */
export type MailState = "sent" | "waiting" | "failed";

/**
 * The state of the mail of `kind` sent to each address at about a moment (the one queued nearest to it, within
 * five minutes): what a page shows instead of claiming "Sent". Null when no such mail is found.
 */
export async function mailStates(
  db: Db,
  workspaceId: string,
  kind: string,
  wanted: { to: string; at: string }[],
): Promise<(MailState | null)[]> {
  if (!wanted.length) return [];
  const rows = await selectMailsTo(db, workspaceId, kind, [...new Set(wanted.map((w) => w.to))]);
  return wanted.map((w) => {
    const at = Date.parse(w.at);
    let best: (typeof rows)[number] | null = null;
    let bestGap = 5 * 60_000;
    for (const r of rows) {
      const gap = Math.abs(Date.parse(String(r.createdAt)) - at);
      if (r.to === w.to && gap <= bestGap) {
        best = r;
        bestGap = gap;
      }
    }
    if (!best) return null;
    return best.sentAt ? "sent" : best.lastError ? "failed" : "waiting";
  });
}
