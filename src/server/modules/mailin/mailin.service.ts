import { randomBytes } from "node:crypto";
import type {
  FeedbackMessage,
  InboundMail,
  InboundResult,
  MailInbox,
  MailInboxList,
} from "../../../shared/replies.schemas.ts";
import type { Config } from "../../config.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import type { MailAttachmentMeta } from "../../db/schema.mail-in.ts";
import { isoTimestamp } from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { customerForSender } from "../customers/customers.service.ts";
import { getItem, ingestFeedback } from "../feedback/feedback.service.ts";
import { assertProduct, getProduct } from "../products/products.service.ts";
import { htmlToText } from "../sources/connectors/connector.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import {
  insertInboxesIfNew,
  insertMessageIfNew,
  markItemUnread,
  selectConversation,
  selectInbox,
  selectInboxByToken,
  selectItemsByMessageIds,
  selectProductInboxes,
  updateInboxToken,
} from "./mailin.queries.ts";

/**
 * E-mail in (docs/FEEDBACK.md "E-mail in and replies"): mail to a workspace's secret address becomes a
 * feedback item from the sending customer, or, when it answers a message of an item's conversation
 * (In-Reply-To / References), joins that item's conversation. The SMTP listener (mailin.smtp.ts) and the
 * inbound-mail webhook share receiveMail.
 */

export type MailInConfig = Pick<Config, "smtpInDomain" | "smtpInPort">;

/** The local part before the token: feedback+<token>@domain. */
const LOCAL = "feedback";
/** Feedback text is at most 50,000 characters (the feedback schema's limit). */
const MAX_TEXT = 50_000;

const newToken = () => randomBytes(16).toString("hex");
export const inboundAddress = (token: string, config: MailInConfig) =>
  `${LOCAL}+${token}@${config.smtpInDomain}`;

type InboxRow = { token: string; rotatedAt: string | null };

/** The workspace's inbound address (productId null) or a product's, made on first use. */
export async function ensureInbox(db: Db, workspaceId: string, productId: string | null = null) {
  const [row] = await selectInbox(db, workspaceId, productId);
  if (row) return row;
  await insertInboxesIfNew(db, [{ workspaceId, productId, token: newToken() }]);
  const [made] = await selectInbox(db, workspaceId, productId);
  return made;
}

/** A product's inbound address if one was made (null after the product's deletion or before first use). */
export async function findProductInbox(db: Db, workspaceId: string, productId: string) {
  const [row] = await selectInbox(db, workspaceId, productId);
  return row ?? null;
}

const present = (
  row: InboxRow,
  config: MailInConfig,
  product: { id: string; name: string } | null = null,
): MailInbox => ({
  address: inboundAddress(row.token, config),
  productId: product?.id ?? null,
  productName: product?.name ?? null,
  listening: config.smtpInPort !== undefined,
  rotatedAt: row.rotatedAt ? isoTimestamp(row.rotatedAt) : null,
});

/** The workspace's inbound address, shown to admins. */
export async function getInbox(db: Db, workspaceId: string, config: MailInConfig) {
  return present(await ensureInbox(db, workspaceId), config);
}

/** A product's inbound address (made on first use); 404 for another workspace's product. */
export async function getProductInbox(db: Db, workspaceId: string, productId: string, config: MailInConfig) {
  const product = await getProduct(db, workspaceId, productId);
  return present(await ensureInbox(db, workspaceId, productId), config, product);
}

/** Every inbound address: the workspace's, then each product's by name (the missing ones made now). */
export async function listInboxes(db: Db, workspaceId: string, config: MailInConfig): Promise<MailInboxList> {
  const workspace = await ensureInbox(db, workspaceId);
  let rows = await selectProductInboxes(db, workspaceId);
  const missing = rows.filter((r) => r.token === null);
  if (missing.length) {
    await insertInboxesIfNew(
      db,
      missing.map((r) => ({ workspaceId, productId: r.productId, token: newToken() })),
    );
    rows = await selectProductInboxes(db, workspaceId);
  }
  return {
    listening: config.smtpInPort !== undefined,
    items: [
      present(workspace, config),
      ...rows
        .filter((r): r is typeof r & { token: string } => r.token !== null)
        .map((r) => present(r, config, { id: r.productId, name: r.productName })),
    ],
  };
}

/** A new secret address (the workspace's, or a product's); mail to the old one is refused from now on. */
export async function rotateInbox(
  db: Db,
  ctx: WorkspaceContext,
  config: MailInConfig,
  clock: Clock,
  productId: string | null = null,
) {
  return db.transaction(async (tx) => {
    const product = productId === null ? null : await getProduct(tx, ctx.workspaceId, productId);
    await ensureInbox(tx, ctx.workspaceId, productId);
    const [row] = await updateInboxToken(
      tx,
      ctx.workspaceId,
      productId,
      newToken(),
      clock.now().toISOString(),
    );
    // The address itself is a secret: the audit log says that it changed, not what it is.
    await recordAudit(
      tx,
      ctx.workspaceId,
      ctx,
      product
        ? { action: "mailin.rotate", entityType: "product", entityId: product.id }
        : { action: "mailin.rotate", entityType: "workspace" },
    );
    return present(row, config, product);
  });
}

/**
 * The inbox a recipient address belongs to: <anything>+<token>@SMTP_IN_DOMAIN (domain case-insensitive) names a
 * workspace and, for a product's address, the product; null for an unknown address or another domain.
 */
export async function inboxOfAddress(db: Db, config: MailInConfig, address: string) {
  const at = address.lastIndexOf("@");
  if (at < 0 || address.slice(at + 1).toLowerCase() !== config.smtpInDomain) return null;
  const local = address.slice(0, at);
  const token = local.slice(local.lastIndexOf("+") + 1).toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(token) || !local.includes("+")) return null;
  const [row] = await selectInboxByToken(db, token);
  return row ?? null;
}

/**
 * The product a webhook mail is feedback of: the one it names, else the product of this workspace whose
 * address is among its recipients, else null.
 */
async function productOfWebhookMail(db: Db, config: MailInConfig, workspaceId: string, mail: InboundMail) {
  if (mail.productId) {
    await assertProduct(db, workspaceId, mail.productId);
    return mail.productId;
  }
  for (const address of mail.to.match(/[^\s,<>"]+@[^\s,<>"]+/g) ?? []) {
    const inbox = await inboxOfAddress(db, config, address);
    if (inbox?.workspaceId === workspaceId && inbox.productId) return inbox.productId;
  }
  return null;
}

/** The inbound-mail webhook: stores a mail a provider received for this workspace (see receiveMail). */
export async function receiveWebhookMail(
  database: Pick<Database, "db">,
  config: MailInConfig,
  clock: Clock,
  workspaceId: string,
  mail: InboundMail,
) {
  const productId = await productOfWebhookMail(database.db, config, workspaceId, mail);
  return receiveMail(database, clock, workspaceId, mail, productId);
}

/** A Message-ID without angle brackets and spaces; null when empty. */
export function normalizeMessageId(v: string | null | undefined): string | null {
  const id = (v ?? "")
    .trim()
    .replace(/^<+|>+$/g, "")
    .trim();
  return id ? id.slice(0, 998) : null;
}

/** Every Message-ID in a References / In-Reply-To value ("<a@x> <b@y>"). */
export function messageIdsIn(values: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!v) continue;
    const bracketed = v.match(/<[^<>\s]+>/g);
    for (const part of bracketed ?? v.split(/\s+/)) {
      const id = normalizeMessageId(part);
      if (id && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** The text of a mail: its text part, else its HTML as text, else a note that it had none. */
export function bodyOf(mail: Pick<InboundMail, "text" | "html">, attachments: MailAttachmentMeta[]) {
  let text = (mail.text ?? "").trim();
  if (!text && mail.html) text = htmlToText(mail.html);
  if (!text) {
    const names = attachments.map((a) => a.name || "unnamed").join(", ");
    text = `(This mail had no text${names ? `; attachments: ${names}` : ""}.)`;
  }
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT - 40).trimEnd()}\n\n(… the rest of the mail was cut)`
    : text;
}

/** The idempotency key of a mail's item: its Message-ID (hashed when longer than an external id may be). */
const externalIdOf = (messageId: string) =>
  messageId.length <= 200 ? messageId : `sha256:${sha256(messageId)}`;

/**
 * Stores one received mail, all in one transaction: the sender as a customer (found by e-mail or created,
 * with the company whose domain matches), then either the mail joins the conversation of the item it answers
 * or it becomes a new item — of the product `productId` when it came to a product's address (the item's
 * source_id is the product's id: the connection it came through, as a polled source's id is). A Message-ID already stored is a duplicate (also under parallel delivery: the
 * unique keys make the second insert wait for the first and skip). Resolves only once committed.
 */
export async function receiveMail(
  database: Pick<Database, "db">,
  clock: Clock,
  workspaceId: string,
  mail: InboundMail,
  productId: string | null = null,
): Promise<InboundResult> {
  const attachments: MailAttachmentMeta[] = mail.attachments.map((a) => ({
    name: a.name.slice(0, 300),
    type: a.type.slice(0, 200),
    size: a.size,
  }));
  const text = bodyOf(mail, attachments);
  const subject = mail.subject.trim().slice(0, 2000);
  // Without a Message-ID, the mail's content names it: a re-delivery of the same mail is still a duplicate.
  const messageId =
    normalizeMessageId(mail.messageId) ??
    `${sha256([mail.from.address, mail.to, subject, mail.date ?? "", text].join("\n"))}@baton.invalid`;
  const refs = messageIdsIn([mail.inReplyTo, ...mail.references])
    .filter((r) => r !== messageId)
    .slice(-50);
  const ctx: WorkspaceContext = { workspaceId, userId: null, via: "system", role: "owner" };
  const now = clock.now().toISOString();
  const message = {
    workspaceId,
    direction: "in",
    messageId,
    inReplyTo: normalizeMessageId(mail.inReplyTo),
    references: refs,
    fromAddress: mail.from.address.trim().toLowerCase(),
    fromName: mail.from.name?.trim() || null,
    toAddress: mail.to,
    subject,
    text,
    attachments,
    createdAt: now,
  };
  return database.db
    .transaction(async (tx): Promise<InboundResult> => {
      const [seen] = await selectItemsByMessageIds(tx, workspaceId, [messageId]);
      if (seen) return { outcome: "duplicate", itemId: seen.itemId, messageId };
      const sender = await customerForSender(tx, ctx, { email: message.fromAddress, name: message.fromName });
      const [thread] = refs.length ? await selectItemsByMessageIds(tx, workspaceId, refs) : [];
      if (thread) {
        const id = await insertMessageIfNew(tx, { ...message, itemId: thread.itemId });
        if (!id) return { outcome: "duplicate", itemId: thread.itemId, messageId };
        await markItemUnread(tx, workspaceId, thread.itemId, now);
        await recordAudit(tx, workspaceId, ctx, {
          action: "feedback.mail.receive",
          entityType: "feedback",
          entityId: thread.itemId,
          after: { messageId, from: message.fromAddress, subject, attachments: attachments.length },
        });
        await touchInbox(tx, workspaceId); // unread again on the inbox's pages
        return { outcome: "threaded", itemId: thread.itemId, messageId };
      }
      const r = await ingestFeedback(
        { db: tx as Db } as Database,
        ctx,
        [
          {
            text,
            title: subject.slice(0, 300) || null,
            source: "email",
            sourceId: productId ?? "",
            externalId: externalIdOf(messageId),
            author: { personId: sender.personId, userId: null, handle: null },
            companyId: null,
            url: null,
            receivedAt: null,
            tags: [],
          },
        ],
        clock,
        { batch: false },
      );
      const [{ id: itemId, created }] = r.items;
      if (!created) return { outcome: "duplicate", itemId, messageId };
      // The same mail, arriving in parallel through another address of this workspace (its item has another
      // source_id), committed first: this copy is a duplicate, and its item goes with the rollback.
      if (!(await insertMessageIfNew(tx, { ...message, itemId }))) throw new LostRace();
      return { outcome: "created", itemId, messageId };
    })
    .catch(async (e) => {
      if (!(e instanceof LostRace)) throw e;
      const [seen] = await selectItemsByMessageIds(database.db, workspaceId, [messageId]);
      return { outcome: "duplicate" as const, itemId: seen.itemId, messageId };
    });
}

class LostRace extends Error {}

/** A conversation row as the API shows it. */
export const presentMessage = ({
  references: _r,
  ...m
}: Awaited<ReturnType<typeof selectConversation>>[number]): FeedbackMessage => ({
  ...m,
  direction: m.direction as FeedbackMessage["direction"],
  createdAt: isoTimestamp(m.createdAt),
  sentAt: m.sentAt ? isoTimestamp(m.sentAt) : null,
});

/** An item's conversation (received mail and sent replies), oldest first. */
export async function listConversation(db: Db, workspaceId: string, itemId: string) {
  await getItem(db, workspaceId, itemId);
  const rows = await selectConversation(db, workspaceId, itemId);
  return { items: rows.map(presentMessage) };
}
