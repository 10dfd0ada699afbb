import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { feedbackItems } from "./schema.feedback.ts";
import { created, id, products, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * E-mail in and replies to customers (docs/FEEDBACK.md "E-mail in and replies"). The inbound addresses' tokens
 * are secrets: their table is never exported (fresh ones are made after an import).
 */
export const mailInboxes = pgTable(
  "mail_inboxes",
  {
    workspaceId: wsRef(),
    id: id(),
    /** null: the workspace's address; else a product's (its mail becomes feedback of that product). */
    productId: uuid("product_id"),
    /** The secret part of the address feedback+<token>@SMTP_IN_DOMAIN; rotating it retires the old one. */
    token: text("token").notNull(),
    createdAt: created(),
    rotatedAt: ts("rotated_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("mail_inboxes_token_key").on(t.token),
    // One address per workspace (product_id null) and one per product.
    unique("mail_inboxes_scope_key").on(t.workspaceId, t.productId).nullsNotDistinct(),
    tenantFk(t, t.productId, products, { name: "mail_inboxes_product_fk" }),
  ],
);

export interface MailAttachmentMeta {
  name: string;
  type: string;
  size: number;
}

/**
 * The conversation of a feedback item: mail received (the item's first mail, answers threaded onto it) and
 * replies sent. message_id (without angle brackets) is unique per workspace: a re-delivery is a duplicate, and
 * In-Reply-To / References of an answer find the item.
 */
export const feedbackMessages = pgTable(
  "feedback_messages",
  {
    workspaceId: wsRef(),
    id: id(),
    itemId: uuid("item_id").notNull(),
    /** 'in' (received) or 'out' (a reply sent through the outbox). */
    direction: text("direction").notNull(),
    messageId: text("message_id").notNull(),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    fromAddress: text("from_address").notNull(),
    fromName: text("from_name"),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull().default(""),
    text: text("text").notNull(),
    /** Attachments are listed (name, type, size), not stored. */
    attachments: jsonb("attachments").$type<MailAttachmentMeta[]>().notNull().default([]),
    /** The outbox message that carries a reply (its delivery state is there). */
    outboxId: uuid("outbox_id"),
    sentBy: userRef("sent_by"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("feedback_messages_message_id_key").on(t.workspaceId, t.messageId),
    index("feedback_messages_item_idx").on(t.workspaceId, t.itemId, t.createdAt),
    tenantFk(t, t.itemId, feedbackItems),
  ],
);

/** Reusable replies with {{variables}} (customer.name, idea.title, sender.name …), per workspace. */
export const replyTemplates = pgTable(
  "reply_templates",
  {
    workspaceId: wsRef(),
    id: id(),
    name: text("name").notNull(),
    subject: text("subject").notNull().default(""),
    body: text("body").notNull(),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("reply_templates_name_key").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);
