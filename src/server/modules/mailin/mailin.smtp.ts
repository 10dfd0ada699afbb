import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import type { InboundMail } from "../../../shared/replies.schemas.ts";
import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { inboxOfAddress, receiveMail } from "./mailin.service.ts";

/**
 * Baton's SMTP listener (SMTP_IN_PORT): the receiving end of e-mail in. A recipient is accepted only when it is
 * a workspace's or a product's current inbound address (else 550); a message over SMTP_IN_MAX_BYTES gets 552; a message is
 * answered 250 only after its item (or conversation entry) is committed, so a server killed mid-delivery has
 * not accepted the mail and the sender's server delivers it again. A failure to store answers 451 (try later).
 */

export type MailInListenerConfig = Pick<
  Config,
  "smtpInDomain" | "smtpInPort" | "smtpInHost" | "smtpInMaxBytes"
>;

export interface MailInListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });
const firstAddress = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a[0] : a)?.value.find((v) => v.address);

/** Reads a message into memory, keeping at most `max` bytes (the rest is drained: sizeExceeded says so). */
function readAll(stream: NodeJS.ReadableStream, max: number) {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/** A parsed message in the webhook's shape (what both ways in share). */
export async function parseMail(
  raw: Buffer,
  session: Pick<SMTPServerSession, "envelope">,
): Promise<InboundMail> {
  const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = firstAddress(m.from);
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
  const references = typeof m.references === "string" ? [m.references] : (m.references ?? []);
  return {
    from: { address: from?.address || envelopeFrom, name: from?.name || null },
    to: session.envelope.rcptTo.map((r) => r.address).join(", "),
    productId: null,
    subject: m.subject ?? "",
    text: m.text ?? null,
    html: typeof m.html === "string" ? m.html : null,
    messageId: m.messageId ?? null,
    inReplyTo: m.inReplyTo ?? null,
    references,
    date: m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : null,
    attachments: m.attachments.map((a) => ({
      name: a.filename ?? "",
      type: a.contentType ?? "application/octet-stream",
      size: a.size ?? a.content?.length ?? 0,
    })),
  };
}

/** Starts the listener on SMTP_IN_HOST:SMTP_IN_PORT (0: a free port; `port` tells which). */
export async function startMailIn(
  database: Pick<Database, "db">,
  config: MailInListenerConfig,
  clock: Clock,
  log: { warn(o: object, msg: string): void } = { warn: () => {} },
): Promise<MailInListener> {
  // Per session: each workspace addressed, with the product whose address was used (null: the workspace's).
  const workspacesOf = new WeakMap<SMTPServerSession, Map<string, string | null>>();
  const server = new SMTPServer({
    name: config.smtpInDomain,
    banner: "Baton feedback inbox",
    size: config.smtpInMaxBytes,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onMailFrom(_address, session, cb) {
      workspacesOf.set(session, new Map());
      cb();
    },
    onRcptTo(address, session, cb) {
      inboxOfAddress(database.db, config, address.address).then(
        (inbox) => {
          if (!inbox) return cb(smtpError("No such mailbox here", 550));
          let map = workspacesOf.get(session);
          if (!map) {
            map = new Map();
            workspacesOf.set(session, map);
          }
          // Mail to a workspace's and a product's address is one item, of the (first) product.
          if (!map.get(inbox.workspaceId)) map.set(inbox.workspaceId, inbox.productId);
          cb();
        },
        (e) => {
          log.warn({ err: e }, "e-mail in: recipient lookup failed");
          cb(smtpError("Temporary failure, try again later", 451));
        },
      );
    },
    onData(stream, session, cb) {
      readAll(stream, config.smtpInMaxBytes)
        .then(async (raw) => {
          if ((stream as { sizeExceeded?: boolean }).sizeExceeded)
            return cb(smtpError("Message exceeds the fixed maximum message size", 552));
          const mail = await parseMail(raw, session);
          if (!mail.from.address) return cb(smtpError("A sender address is required", 550));
          // Every workspace addressed gets its own item; 250 only once all are committed.
          for (const [workspaceId, productId] of workspacesOf.get(session) ?? [])
            await receiveMail(database, clock, workspaceId, mail, productId);
          cb(null, "Stored as feedback");
        })
        .catch((e) => {
          log.warn({ err: e }, "e-mail in: storing a message failed");
          cb(smtpError("Temporary failure storing the message, try again later", 451));
        });
    },
  });
  // A client dropping mid-session is the client's problem, not the listener's.
  server.on("error", (e) => log.warn({ err: e }, "e-mail in: connection error"));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(config.smtpInPort ?? 0, config.smtpInHost, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
