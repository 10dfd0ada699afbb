import { z } from "zod";

/**
 * E-mail in and replies in the export document (format version 6): each feedback item's conversation (mail
 * received, replies sent) and the workspace's reply templates. The inbound address (mail_inboxes) is a secret and
 * stays behind: an imported workspace gets a new address on first use.
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
const Str = () => z.string().refine((s) => !s.includes("\0"), "must not contain NUL characters");
const Text = (max: number) => Str().max(max);

export const ExportFeedbackMessageSchema = z.strictObject({
  id: Id,
  itemId: Id,
  direction: z.enum(["in", "out"]),
  messageId: Text(1000).min(1),
  inReplyTo: Text(1000).nullable(),
  references: z.array(Text(1000)).max(100),
  fromAddress: Text(1000),
  fromName: Text(1000).nullable(),
  toAddress: Text(100_000),
  subject: Text(10_000),
  text: Text(10_000_000),
  attachments: z
    .array(z.strictObject({ name: Text(1000), type: Text(1000), size: z.number().int().min(0) }))
    .max(1000),
  outboxId: Id.nullable(),
  sentBy: Id.nullable(),
  createdAt: Ts,
});

export const ExportReplyTemplateSchema = z.strictObject({
  id: Id,
  name: Text(1000).min(1),
  subject: Text(10_000),
  body: Text(1_000_000),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: z.number().int().min(1),
});
