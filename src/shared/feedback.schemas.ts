import { z } from "zod";
import { FEEDBACK_SOURCES, FEEDBACK_STATUSES, IMPORTANCES, SENTIMENTS } from "./feedback.ts";
import { CursorSchema, instant, int, num, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of customers (companies, people) and feedback (items, links to ideas, evidence, demand). */

const Timestamp = z.string();
const Name = (what: string) =>
  text().trim().min(1, `Give the ${what} a name`).max(200, "Use at most 200 characters");
const Optional = (max: number) => text().trim().max(max, `Use at most ${max} characters`).nullable();
const Email = text()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email("Use an e-mail address like ada@example.com"));
const ExternalId = text().trim().min(1).max(200, "Use at most 200 characters");
const Url = text()
  .trim()
  .max(2000)
  .regex(/^https?:\/\//i, "Links must start with http:// or https://");
/** Money as a finite number with cents, within what numeric(16,2) holds. */
const Money = num(0, 1e13).nullable();
const Currency = text()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code like EUR")
  .nullable();
/** Custom attributes: a flat object of short scalars, at most 50 keys and 8 kB as JSON. */
const Attributes = z
  .record(text().max(64), z.union([text().max(1000), num(-1e15, 1e15), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 50, "At most 50 attributes")
  .refine((o) => JSON.stringify(o).length <= 8192, "Attributes are at most 8 kB as JSON");
const Tag = text()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, "Tags are at most 40 characters")
  .regex(/^[^,\s][^,]*$/, "Tags cannot contain commas");
const Tags = z.array(Tag).max(20, "At most 20 tags");
const Limit = queryInt(1, 200).default(50);

export const FeedbackSourceSchema = z.enum(FEEDBACK_SOURCES);
export const FeedbackStatusSchema = z.enum(FEEDBACK_STATUSES);
export const SentimentSchema = z.enum(SENTIMENTS);
export const ImportanceSchema = z.enum(IMPORTANCES);

// ---- companies ----
const CompanyFields = {
  name: Name("company"),
  domain: Optional(253).default(null),
  segment: Optional(60).default(null),
  plan: Optional(60).default(null),
  arr: Money.default(null),
  mrr: Money.default(null),
  currency: Currency.default(null),
  attributes: Attributes.default({}),
};
export const CreateCompanySchema = z.object(CompanyFields);
export type CreateCompany = z.infer<typeof CreateCompanySchema>;
export const UpdateCompanySchema = z
  .object({
    name: CompanyFields.name,
    domain: Optional(253),
    segment: Optional(60),
    plan: Optional(60),
    arr: Money,
    mrr: Money,
    currency: Currency,
    attributes: Attributes,
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdateCompany = z.infer<typeof UpdateCompanySchema>;
/** Revenue fields (arr, mrr, currency) are present only for callers with customers.revenue. */
export const CompanySchema = z.object({
  id: IdSchema,
  name: z.string(),
  domain: z.string().nullable(),
  segment: z.string().nullable(),
  plan: z.string().nullable(),
  arr: z.number().nullable().optional(),
  mrr: z.number().nullable().optional(),
  currency: z.string().nullable().optional(),
  attributes: z.record(z.string(), z.unknown()),
  peopleCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Company = z.infer<typeof CompanySchema>;

export const ListQuerySchema = z.object({
  q: text().trim().max(200).optional(),
  cursor: CursorSchema.optional(),
  limit: Limit,
});
export const CompanyPageSchema = z.object({
  items: z.array(CompanySchema),
  nextCursor: z.string().nullable(),
});

// ---- people ----
const PersonFields = {
  name: Name("person"),
  email: Email.nullable().default(null),
  externalId: ExternalId.nullable().default(null),
  companyId: IdSchema.nullable().default(null),
  attributes: Attributes.default({}),
};
export const CreatePersonSchema = z.object(PersonFields);
export type CreatePerson = z.infer<typeof CreatePersonSchema>;
/** Upsert: matched by externalId first, then by e-mail; one of them is required. */
export const UpsertPersonSchema = CreatePersonSchema.refine(
  (p) => p.email !== null || p.externalId !== null,
  { message: "Give an e-mail or an external id to match the person by", path: ["externalId"] },
);
export const UpdatePersonSchema = z
  .object({
    name: PersonFields.name,
    email: Email.nullable(),
    externalId: ExternalId.nullable(),
    companyId: IdSchema.nullable(),
    attributes: Attributes,
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdatePerson = z.infer<typeof UpdatePersonSchema>;
export const PersonSchema = z.object({
  id: IdSchema,
  name: z.string(),
  email: z.string().nullable(),
  externalId: z.string().nullable(),
  companyId: IdSchema.nullable(),
  companyName: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  feedbackCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Person = z.infer<typeof PersonSchema>;
export const PeopleQuerySchema = ListQuerySchema.extend({ companyId: IdSchema.optional() });
export const PersonPageSchema = z.object({ items: z.array(PersonSchema), nextCursor: z.string().nullable() });
export const MergePersonSchema = z.object({ intoId: IdSchema });

// ---- feedback items ----
const Author = z
  .object({
    personId: IdSchema.nullable().default(null),
    userId: IdSchema.nullable().default(null),
    handle: Optional(200).default(null),
  })
  .refine(
    (a) => [a.personId, a.userId, a.handle].filter((v) => v !== null).length <= 1,
    "Give one author: a customer (personId), a colleague (userId) or an external handle",
  );
export const CreateFeedbackSchema = z.object({
  text: text().trim().min(1, "Write the feedback").max(50_000, "Use at most 50,000 characters"),
  title: Optional(300).default(null),
  source: FeedbackSourceSchema.default("api"),
  /** Which connection of the source (a mailbox, a feed, an app id); '' when the source has only one. */
  sourceId: text().trim().max(200).default(""),
  /** The item's id at its source: a second delivery with the same source, sourceId and externalId is the same item. */
  externalId: ExternalId.nullable().default(null),
  author: Author.default({ personId: null, userId: null, handle: null }),
  companyId: IdSchema.nullable().default(null),
  url: Url.nullable().default(null),
  receivedAt: instant().nullable().default(null),
  tags: Tags.default([]),
});
export type CreateFeedback = z.infer<typeof CreateFeedbackSchema>;
export const FEEDBACK_BATCH_MAX = 1000;
export const FeedbackBatchSchema = z.object({
  items: z.array(CreateFeedbackSchema).min(1).max(FEEDBACK_BATCH_MAX, `At most ${FEEDBACK_BATCH_MAX} items`),
});
export const UpdateFeedbackSchema = z
  .object({
    title: Optional(300),
    status: FeedbackStatusSchema,
    tags: Tags,
    assigneeId: IdSchema.nullable(),
    personId: IdSchema.nullable(),
    companyId: IdSchema.nullable(),
    /** A person's judgement; null returns to the computed hint. */
    sentiment: SentimentSchema.nullable(),
    read: z.boolean(),
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdateFeedback = z.infer<typeof UpdateFeedbackSchema>;

export const FeedbackLinkSchema = z.object({
  id: IdSchema,
  itemId: IdSchema,
  ideaId: IdSchema,
  ideaTitle: z.string(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  quote: z.string(),
  importance: ImportanceSchema,
  createdAt: Timestamp,
});
export type FeedbackLink = z.infer<typeof FeedbackLinkSchema>;
export const CreateLinkSchema = z
  .object({
    ideaId: IdSchema,
    start: int(0, 50_000).nullable().default(null),
    end: int(0, 50_000).nullable().default(null),
    importance: ImportanceSchema.default("nice"),
  })
  .refine((l) => (l.start === null) === (l.end === null), {
    message: "Give both start and end of the span, or neither",
    path: ["end"],
  })
  .refine((l) => l.start === null || (l.end as number) > l.start, {
    message: "The span must end after it starts",
    path: ["end"],
  });
export type CreateLink = z.infer<typeof CreateLinkSchema>;

export const FeedbackItemSchema = z.object({
  id: IdSchema,
  title: z.string().nullable(),
  text: z.string(),
  source: FeedbackSourceSchema,
  sourceId: z.string(),
  externalId: z.string().nullable(),
  personId: IdSchema.nullable(),
  personName: z.string().nullable(),
  userId: IdSchema.nullable(),
  handle: z.string().nullable(),
  companyId: IdSchema.nullable(),
  companyName: z.string().nullable(),
  url: z.string().nullable(),
  receivedAt: Timestamp,
  language: z.string(),
  sentimentScore: z.number(),
  /** The computed label, kept as a hint when a person overrides it. */
  sentimentHint: SentimentSchema,
  sentiment: SentimentSchema,
  sentimentOverridden: z.boolean(),
  tags: z.array(z.string()),
  status: FeedbackStatusSchema,
  assigneeId: IdSchema.nullable(),
  read: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;
export const FeedbackDetailSchema = FeedbackItemSchema.extend({ links: z.array(FeedbackLinkSchema) });
/** A single ingest: `created` false when the (source, sourceId, externalId) was delivered before. */
export const IngestResultSchema = FeedbackItemSchema.extend({ created: z.boolean() });
export const BatchResultSchema = z.object({
  created: z.number().int(),
  existing: z.number().int(),
  items: z.array(z.object({ id: IdSchema, created: z.boolean() })),
});

const list = <T extends z.ZodType>(s: T) =>
  z
    .union([s, z.array(s).max(20)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));
export const FeedbackQuerySchema = z.object({
  status: list(FeedbackStatusSchema),
  source: list(FeedbackSourceSchema),
  sentiment: list(SentimentSchema),
  tag: Tag.optional(),
  /** A member's id, or "none" for unassigned items. */
  assignee: z.union([IdSchema, z.literal("none")]).optional(),
  segment: text().trim().min(1).max(60).optional(),
  personId: IdSchema.optional(),
  companyId: IdSchema.optional(),
  /** Items of one theme. */
  theme: IdSchema.optional(),
  from: instant().optional(),
  to: instant().optional(),
  q: text().trim().max(200).optional(),
  cursor: CursorSchema.optional(),
  limit: Limit,
});
export type FeedbackQuery = z.infer<typeof FeedbackQuerySchema>;
export const FeedbackPageSchema = z.object({
  items: z.array(FeedbackItemSchema),
  nextCursor: z.string().nullable(),
});
export const FeedbackCountsSchema = z.object({
  statuses: z.array(
    z.object({ status: FeedbackStatusSchema, total: z.number().int(), unread: z.number().int() }),
  ),
});

// ---- evidence and demand ----
const Mix = <K extends z.ZodType<string>>(k: K) => z.array(z.object({ key: k, count: z.number().int() }));
export const EvidenceSchema = z.object({
  ideaId: IdSchema,
  feedbackCount: z.number().int(),
  customers: z.number().int(),
  companies: z.number().int(),
  /** 0–10, see docs/FEEDBACK.md. */
  demand: z.number(),
  /** Present only with customers.revenue: ARR of the distinct companies, per segment and currency. */
  arrBySegment: z
    .array(
      z.object({
        segment: z.string().nullable(),
        currency: z.string().nullable(),
        arr: z.number(),
        companies: z.number().int(),
      }),
    )
    .optional(),
  importance: Mix(ImportanceSchema),
  sentiment: Mix(SentimentSchema),
  quotes: z.array(
    z.object({
      itemId: IdSchema,
      quote: z.string(),
      importance: ImportanceSchema,
      sentiment: SentimentSchema,
      personName: z.string().nullable(),
      companyName: z.string().nullable(),
      receivedAt: Timestamp,
    }),
  ),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
export const DemandRowSchema = z.object({
  ideaId: IdSchema,
  feedbackCount: z.number().int(),
  companies: z.number().int(),
  demand: z.number(),
  /** Present only with customers.revenue: Σ ARR of the distinct companies (currencies as stored). */
  arr: z.number().optional(),
});
export const DemandSchema = z.object({ items: z.array(DemandRowSchema) });

// ---- a customer's page ----
export const PersonPageDataSchema = z.object({
  person: PersonSchema,
  company: CompanySchema.nullable(),
  feedback: z.array(FeedbackItemSchema),
  ideas: z.array(
    z.object({
      ideaId: IdSchema,
      title: z.string(),
      status: z.string(),
      importance: ImportanceSchema,
      items: z.number().int(),
    }),
  ),
});
