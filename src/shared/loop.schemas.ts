import { z } from "zod";
import { instant, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** The contract of the changelog and of closing the loop (docs/FEEDBACK.md "Close the loop", "Changelog"). */

const Timestamp = z.string();

// ---- changelog ----
export const CHANGELOG_STATUSES = ["draft", "published"] as const;
export type ChangelogStatus = (typeof CHANGELOG_STATUSES)[number];

const Title = text().trim().min(1, "Give the entry a title").max(300, "At most 300 characters");
const Body = text().max(100_000, "At most 100,000 characters");
const Ids = (what: string) => z.array(IdSchema).max(100, `At most 100 ${what}`);

export const ChangelogEntrySchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  title: z.string(),
  body: z.string(),
  status: z.enum(CHANGELOG_STATUSES),
  publishedAt: Timestamp.nullable(),
  ideas: z.array(z.object({ id: IdSchema, title: z.string(), status: z.string() })),
  roadmapItems: z.array(z.object({ id: IdSchema, title: z.string(), roadmapId: IdSchema })),
  /** The entry's public address (its anchor on the product's changelog page). */
  url: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;

export const CreateChangelogEntrySchema = z.object({
  title: Title,
  body: Body.default(""),
  ideaIds: Ids("ideas").default([]),
  roadmapItemIds: Ids("roadmap items").default([]),
  status: z.enum(CHANGELOG_STATUSES).default("draft"),
  /** When it was (or is said to be) published; defaults to the moment it is published. */
  publishedAt: instant().nullable().default(null),
});
export type CreateChangelogEntry = z.infer<typeof CreateChangelogEntrySchema>;

export const UpdateChangelogEntrySchema = z.object({
  version: VersionSchema,
  title: Title.optional(),
  body: Body.optional(),
  ideaIds: Ids("ideas").optional(),
  roadmapItemIds: Ids("roadmap items").optional(),
  status: z.enum(CHANGELOG_STATUSES).optional(),
  publishedAt: instant().nullable().optional(),
});
export type UpdateChangelogEntry = z.infer<typeof UpdateChangelogEntrySchema>;

export const ChangelogQuerySchema = z.object({
  status: z.enum(CHANGELOG_STATUSES).optional(),
  ideaId: IdSchema.optional(),
  limit: queryInt(1, 500).default(100),
});
/** The changelog editor's roadmap-item picker: the product's roadmap items whose title contains `q`. */
export const RoadmapItemOptionsQuerySchema = z.object({
  q: text().trim().max(200).optional(),
  limit: queryInt(1, 200).default(50),
});
export const RoadmapItemOptionsSchema = z.object({
  items: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      status: z.string(),
      roadmapId: IdSchema,
      roadmapName: z.string(),
    }),
  ),
});
export type RoadmapItemOptions = z.infer<typeof RoadmapItemOptionsSchema>;
export const ChangelogListSchema = z.object({
  items: z.array(ChangelogEntrySchema),
  /** The public page and feeds of the product's changelog. */
  publicUrl: z.string(),
  rssUrl: z.string(),
  atomUrl: z.string(),
});

export const PublicChangelogSchema = z.object({
  workspaceName: z.string(),
  productName: z.string(),
  rssUrl: z.string(),
  atomUrl: z.string(),
  entries: z.array(z.object({ id: IdSchema, title: z.string(), body: z.string(), publishedAt: Timestamp })),
});
export type PublicChangelog = z.infer<typeof PublicChangelogSchema>;

// ---- close the loop ----
export const LOOP_RECIPIENT_STATUSES = ["ready", "told", "unsubscribed", "no_email"] as const;
export type LoopRecipientStatus = (typeof LOOP_RECIPIENT_STATUSES)[number];
export const DELIVERIES = ["queued", "sent", "failed"] as const;

export const LoopRecipientSchema = z.object({
  personId: IdSchema,
  name: z.string(),
  email: z.string().nullable(),
  companyName: z.string().nullable(),
  /** Their feedback items linked to the idea (spam left out). */
  items: z.number().int(),
  status: z.enum(LOOP_RECIPIENT_STATUSES),
  toldAt: Timestamp.nullable(),
});
export type LoopRecipient = z.infer<typeof LoopRecipientSchema>;

export const LoopSendSchema = z.object({
  id: IdSchema,
  campaignId: IdSchema,
  ideaId: IdSchema,
  ideaTitle: z.string(),
  personId: IdSchema.nullable(),
  personName: z.string().nullable(),
  email: z.string(),
  subject: z.string(),
  text: z.string(),
  at: Timestamp,
  /** The outbox's state of the mail: waiting for SMTP, sent, or last attempt failed (retried). */
  delivery: z.enum(DELIVERIES),
  itemIds: z.array(IdSchema),
});
export type LoopSend = z.infer<typeof LoopSendSchema>;

export const LoopCampaignSchema = z.object({
  id: IdSchema,
  subject: z.string(),
  body: z.string(),
  changelogEntryId: IdSchema.nullable(),
  recipients: z.number().int(),
  sentAt: Timestamp.nullable(),
  sentBy: IdSchema.nullable(),
  sends: z.array(LoopSendSchema),
});

export const LoopDraftSchema = z.object({
  /** Null while the prepared message has not been edited and saved. */
  id: IdSchema.nullable(),
  subject: z.string(),
  body: z.string(),
  changelogEntryId: IdSchema.nullable(),
  version: z.number().int().nullable(),
});
export type LoopDraft = z.infer<typeof LoopDraftSchema>;

export const LoopStateSchema = z.object({
  ideaId: IdSchema,
  ideaStatus: z.string(),
  /** Close the loop is offered once the idea is shipped (a done roadmap item ships its idea). */
  shipped: z.boolean(),
  draft: LoopDraftSchema,
  recipients: z.array(LoopRecipientSchema),
  counts: z.object({
    ready: z.number().int(),
    told: z.number().int(),
    unsubscribed: z.number().int(),
    noEmail: z.number().int(),
  }),
  campaigns: z.array(LoopCampaignSchema),
  variables: z.record(z.string(), z.string()),
});
export type LoopState = z.infer<typeof LoopStateSchema>;

const Subject = text().trim().min(1, "Write a subject").max(300, "At most 300 characters");
const MessageBody = text().trim().min(1, "Write the message").max(20_000, "At most 20,000 characters");
export const LoopMessageSchema = z.object({
  subject: Subject,
  body: MessageBody,
  changelogEntryId: IdSchema.nullable().default(null),
});
export type LoopMessage = z.infer<typeof LoopMessageSchema>;
export const SaveLoopDraftSchema = LoopMessageSchema.extend({
  /** The saved draft's version (omit for the first save). */
  version: VersionSchema.optional(),
});
export const LoopPreviewRequestSchema = LoopMessageSchema.extend({ personId: IdSchema.optional() });
export const LoopPreviewSchema = z.object({
  personId: IdSchema.nullable(),
  to: z.string().nullable(),
  subject: z.string(),
  text: z.string(),
});
export const LoopSendResultSchema = z.object({
  campaignId: IdSchema,
  /** People mailed now (one each, however many of their items are linked). */
  sent: z.number().int(),
  recipients: z.array(z.object({ personId: IdSchema, email: z.string() })),
});

export const ToldSchema = z.object({
  items: z.array(LoopSendSchema),
  unsubscribedAt: Timestamp.nullable(),
});
export type Told = z.infer<typeof ToldSchema>;

export const UnsubscribeSchema = z.object({ token: text().max(500) });
export const UnsubscribeResultSchema = z.object({
  workspaceName: z.string(),
  alreadyUnsubscribed: z.boolean(),
});
