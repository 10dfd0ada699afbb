import { z } from "zod";

/**
 * The changelog and closing the loop in the export document (format version 6): changelog entries and their
 * links, close-the-loop campaigns (drafts and sent), each send (what a person was told, kept even after the
 * person is gone: personId null), the items each send answered, and unsubscriptions. The HMAC key that signs
 * unsubscribe links (instance_secrets) is the instance's and stays behind: links in mail sent before an import
 * do not work on the imported copy, and the unsubscriptions they recorded travel here.
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
const Version = z.number().int().min(1);
const Text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes("\0"), "must not contain NUL characters");

export const ExportChangelogEntrySchema = z.strictObject({
  id: Id,
  productId: Id,
  title: Text(10_000).min(1),
  body: Text(1_000_000),
  status: z.enum(["draft", "published"]),
  publishedAt: Ts.nullable(),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

/** An entry names an idea or a roadmap item (exactly one). */
export const ExportChangelogLinkSchema = z
  .strictObject({
    id: Id,
    entryId: Id,
    ideaId: Id.nullable(),
    roadmapItemId: Id.nullable(),
    createdAt: Ts,
  })
  .refine(
    (l) => (l.ideaId === null) !== (l.roadmapItemId === null),
    "names an idea or a roadmap item, not both",
  );

export const ExportLoopCampaignSchema = z.strictObject({
  id: Id,
  ideaId: Id,
  status: z.enum(["draft", "sent"]),
  subject: Text(10_000),
  body: Text(1_000_000),
  changelogEntryId: Id.nullable(),
  recipients: z.number().int().min(0),
  createdBy: Id.nullable(),
  sentBy: Id.nullable(),
  sentAt: Ts.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportLoopSendSchema = z.strictObject({
  id: Id,
  campaignId: Id,
  ideaId: Id,
  personId: Id.nullable(),
  email: Text(10_000),
  subject: Text(10_000),
  text: Text(1_000_000),
  outboxId: Id.nullable(),
  createdAt: Ts,
});

export const ExportLoopSendItemSchema = z.strictObject({ sendId: Id, itemId: Id });

export const ExportCustomerUnsubscribeSchema = z.strictObject({
  id: Id,
  personId: Id.nullable(),
  email: Text(10_000).nullable(),
  unsubscribedAt: Ts,
});
