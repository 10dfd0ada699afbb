import { createTransport } from "nodemailer";
import type { OutboxMessage } from "../../../shared/schemas.ts";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { OutboxHeaders } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { type JobHandlers, outsideTransaction } from "../jobs/jobs.service.ts";
import { findOutboxMessage, MAIL_JOB, markOutboxFailed, markOutboxSent } from "../outbox/outbox.service.ts";

export type MailConfig = Pick<Config, "smtpUrl" | "mailFrom">;
type Transport = ReturnType<typeof createTransport>;

// Timeouts well inside a job's 60-second claim, so another instance never re-claims a message
// still being sent (nodemailer's defaults wait minutes).
const TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 15_000,
  dnsTimeout: 5_000,
};

const transports = new Map<string, Transport>();

/**
 * The SMTP transport of a URL, created on first use: a pool of a few connections reused across messages (mail
 * jobs run several at a time), each closed after 100 messages or when idle past the socket timeout.
 */
function transportFor(url: string): Transport {
  let t = transports.get(url);
  if (!t) {
    t = createTransport({ url, pool: true, maxConnections: 4, maxMessages: 100, ...TIMEOUTS });
    transports.set(url, t);
  }
  return t;
}

/** Closes the pooled SMTP connections (on shutdown). */
export function closeMailTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}

/** The domain of MAIL_FROM's address, for stable Message-IDs. */
const fromDomain = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "localhost";

/** The Message-ID (without angle brackets) an outbox message is sent with. */
export const outboxMessageId = (outboxId: string, mailFrom: string) => `${outboxId}@${fromDomain(mailFrom)}`;

/**
 * Sends one message over SMTP; throws unless the server accepted it. The Message-ID is derived from
 * the outbox id, so a rare re-send (at-least-once, DECISIONS.md #20) carries the same id.
 */
export async function sendMail(
  config: MailConfig & { smtpUrl: string },
  msg: OutboxMessage & { headers?: OutboxHeaders | null; html?: string | null },
) {
  const h = msg.headers;
  const info = await transportFor(config.smtpUrl).sendMail({
    from: config.mailFrom,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    // With an HTML part: multipart/alternative, the text first (clients show the last part they can).
    ...(msg.html ? { html: msg.html } : {}),
    messageId: `<${outboxMessageId(msg.id, config.mailFrom)}>`,
    ...(h?.inReplyTo ? { inReplyTo: `<${h.inReplyTo}>` } : {}),
    ...(h?.references?.length ? { references: h.references.map((r) => `<${r}>`) } : {}),
    ...(h?.replyTo ? { replyTo: h.replyTo } : {}),
  });
  if (info.rejected.length > 0)
    throw new Error(`SMTP server rejected ${info.rejected.join(", ")}: ${info.response}`);
  return info;
}

/** Checks SMTP_URL's server answers and accepts our log-in; throws otherwise. */
export async function verifyMail(config: MailConfig) {
  if (config.smtpUrl) await transportFor(config.smtpUrl).verify();
}

/**
 * Delivers one outbox message (the "mail" job). Runs outside a transaction: PGlite is one connection,
 * and holding it over network I/O would stall every request. Already sent or gone: nothing to do.
 * Without SMTP the message stays in the outbox, unsent. A failure is recorded and rethrown, so the job
 * runner retries it with backoff.
 */
export async function deliverOutboxMessage(db: Db, config: MailConfig, clock: Clock, outboxId: string) {
  if (!config.smtpUrl) return "no-smtp" as const;
  const msg = await findOutboxMessage(db, outboxId);
  if (!msg || msg.sentAt) return "skipped" as const;
  try {
    await sendMail({ ...config, smtpUrl: config.smtpUrl }, msg);
  } catch (e) {
    await markOutboxFailed(db, outboxId, (e as Error)?.message ?? String(e));
    throw e;
  }
  await markOutboxSent(db, outboxId, clock.now());
  return "sent" as const;
}

/** The job handlers of this module, bound to the SMTP configuration. */
export const mailJobHandlers = (config: MailConfig): JobHandlers => ({
  [MAIL_JOB]: outsideTransaction(async (db, job, clock) => {
    await deliverOutboxMessage(db, config, clock, String(job.payload.outboxId));
  }),
});
