import { z } from "zod";
import { text, VersionSchema } from "./primitives.schemas.ts";
import { unknownVariablesError } from "./replies.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of e-mail in (the inbound address, the inbound-mail webhook), conversations and replies. */

const Timestamp = z.string();
/** A field error naming unknown {{variables}}. */
const knownVariables = (s: string, ctx: z.RefinementCtx) => {
  const error = unknownVariablesError(s);
  if (error) ctx.addIssue({ code: "custom", message: error });
};
const Subject = text().trim().max(300, "Use at most 300 characters");
const Body = text().max(50_000, "Use at most 50,000 characters");

export const MailInboxSchema = z.object({
  /** feedback+<token>@SMTP_IN_DOMAIN: mail to it becomes feedback in this workspace (of this product). */
  address: z.string(),
  /** null: the workspace's address; else the product whose feedback its mail becomes. */
  productId: IdSchema.nullable(),
  productName: z.string().nullable(),
  /** Whether this server listens for mail (SMTP_IN_PORT set); the webhook works either way. */
  listening: z.boolean(),
  rotatedAt: Timestamp.nullable(),
});
export type MailInbox = z.infer<typeof MailInboxSchema>;
/** The workspace's address first, then each product's, by name. */
export const MailInboxListSchema = z.object({ listening: z.boolean(), items: z.array(MailInboxSchema) });
export type MailInboxList = z.infer<typeof MailInboxListSchema>;

export const AttachmentMetaSchema = z.object({
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
});

const Address = text().trim().max(320);
/** The inbound-mail webhook: mail a provider received and parsed (Mailgun, Postmark, SendGrid … mapped to this). */
export const InboundMailSchema = z.object({
  from: z.object({ address: Address.min(3), name: text().trim().max(200).nullable().default(null) }),
  to: Address.default(""),
  /**
   * The product whose feedback a new item is (optional): else the product whose inbound address is in `to`, if
   * any; else none (the workspace's address).
   */
  productId: IdSchema.nullable().default(null),
  subject: text().max(2000).default(""),
  text: text().max(1_000_000).nullable().default(null),
  html: text().max(5_000_000).nullable().default(null),
  messageId: text().trim().max(998).nullable().default(null),
  inReplyTo: text().trim().max(998).nullable().default(null),
  references: z.array(text().trim().max(998)).max(100).default([]),
  date: z.iso.datetime({ offset: true }).nullable().default(null),
  attachments: z
    .array(
      z.object({
        name: text().max(300).default(""),
        type: text().max(200).default("application/octet-stream"),
        size: z.number().int().min(0).max(2_147_483_647),
      }),
    )
    .max(100)
    .default([]),
});
export type InboundMail = z.infer<typeof InboundMailSchema>;

export const InboundResultSchema = z.object({
  /** created: a new item; threaded: an answer added to an item's conversation; duplicate: seen before. */
  outcome: z.enum(["created", "threaded", "duplicate"]),
  itemId: IdSchema,
  messageId: z.string(),
});
export type InboundResult = z.infer<typeof InboundResultSchema>;

export const FeedbackMessageSchema = z.object({
  id: IdSchema,
  itemId: IdSchema,
  direction: z.enum(["in", "out"]),
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  fromAddress: z.string(),
  fromName: z.string().nullable(),
  toAddress: z.string(),
  subject: z.string(),
  text: z.string(),
  attachments: z.array(AttachmentMetaSchema),
  sentBy: IdSchema.nullable(),
  createdAt: Timestamp,
  /** For a reply: when the outbox delivered it (null while waiting or without SMTP), and its last error. */
  sentAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
});
export type FeedbackMessage = z.infer<typeof FeedbackMessageSchema>;
export const ConversationSchema = z.object({ items: z.array(FeedbackMessageSchema) });

export const SendReplySchema = z.object({
  subject: Subject.default(""),
  text: Body.refine((s) => s.trim().length > 0, "Write the reply").superRefine(knownVariables),
});
export type SendReply = z.infer<typeof SendReplySchema>;
export const PreviewReplySchema = z.object({ templateId: IdSchema });
export const ReplyPreviewSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });

const TemplateFields = {
  name: text().trim().min(1, "Give the template a name").max(100, "Use at most 100 characters"),
  subject: Subject.superRefine(knownVariables),
  body: Body.refine((s) => s.trim().length > 0, "Write the template").superRefine(knownVariables),
};
export const CreateReplyTemplateSchema = z.object({
  ...TemplateFields,
  subject: TemplateFields.subject.default(""),
});
export type CreateReplyTemplate = z.infer<typeof CreateReplyTemplateSchema>;
export const UpdateReplyTemplateSchema = z
  .object({
    name: TemplateFields.name.optional(),
    subject: TemplateFields.subject.optional(),
    body: TemplateFields.body.optional(),
    version: VersionSchema,
  })
  .strict();
export type UpdateReplyTemplate = z.infer<typeof UpdateReplyTemplateSchema>;
export const ReplyTemplateSchema = z.object({
  id: IdSchema,
  name: z.string(),
  subject: z.string(),
  body: z.string(),
  createdBy: IdSchema.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;
export const ReplyTemplateListSchema = z.object({ items: z.array(ReplyTemplateSchema) });
