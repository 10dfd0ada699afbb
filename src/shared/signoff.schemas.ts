import { z } from "zod";
import { SIGNOFF_DECISIONS, SIGNOFF_EVENT_KINDS, SIGNOFF_STATUSES } from "./enums.ts";
import { instant, int, text } from "./primitives.schemas.ts";
import { PeriodSchema, SnapshotItemSchema, VersionDiffSchema } from "./roadmap.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of roadmap sign-off: requests, decisions, the approver's page, baselines and share links. */

const Timestamp = z.string();
const Reason = (msg: string) => text().trim().min(1, msg).max(2000, "Use at most 2,000 characters");
const Instant = instant();

export const SignoffStatusSchema = z.enum(SIGNOFF_STATUSES);
export const SignoffDecisionSchema = z.enum(SIGNOFF_DECISIONS);
export type SignoffDecision = z.infer<typeof SignoffDecisionSchema>;

/** One approver as requested: a person, or the lead of a team. */
export const ApproverInputSchema = z
  .object({
    userId: IdSchema.optional(),
    teamId: IdSchema.optional(),
    required: z.boolean().default(true),
  })
  .refine((a) => (a.userId ? 1 : 0) + (a.teamId ? 1 : 0) === 1, {
    message: "Choose a person or a team (its lead approves)",
    path: ["userId"],
  });

/** Hours before the deadline at which pending approvers are reminded. */
const Reminders = z
  .array(
    z
      .number()
      .int()
      .min(1, "At least 1 hour before")
      .max(24 * 30, "At most 30 days before"),
  )
  .max(6, "At most 6 reminders")
  .refine((r) => new Set(r).size === r.length, "Each reminder once");

export const CreateSignoffSchema = z.object({
  /** The version to sign off; omitted: the roadmap as it is now is saved as a new version. */
  versionId: IdSchema.optional(),
  approvers: z
    .array(ApproverInputSchema)
    .min(1, "Add at least one approver")
    .max(1000, "At most 1,000 approvers"),
  deadline: Instant,
  message: text().trim().max(5000, "Use at most 5,000 characters").default(""),
  reminders: Reminders.default([48, 4]),
  /** Required when SMART checks fail: approvers see it. */
  overrideReason: text().trim().max(2000, "Use at most 2,000 characters").optional(),
});
export type CreateSignoff = z.input<typeof CreateSignoffSchema>;

export const DecideSchema = z
  .object({
    /** The version the approver looked at: deciding on anything else is refused (it changed meanwhile). */
    versionId: IdSchema,
    decision: z.enum(["approved", "approved_with_comments", "objected"]),
    comment: text().trim().max(5000, "Use at most 5,000 characters").default(""),
    itemComments: z
      .array(
        z.object({
          itemId: IdSchema,
          body: text().trim().min(1, "Write a comment").max(5000, "Use at most 5,000 characters"),
        }),
      )
      .max(200, "At most 200 item comments")
      .default([]),
  })
  .superRefine((d, ctx) => {
    if (d.decision === "objected" && !d.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Say why you object" });
    if (d.decision === "approved_with_comments" && !d.comment && !d.itemComments.length)
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Write your comments" });
  });
export type Decide = z.input<typeof DecideSchema>;

export const SignoffCommentInputSchema = z.object({
  itemId: IdSchema.nullable().default(null),
  body: text().trim().min(1, "Write a comment").max(5000, "Use at most 5,000 characters"),
});
export const ReviseSignoffSchema = z.object({
  /** A newer version of the roadmap; omitted: the roadmap as it is now is saved as a new version. */
  versionId: IdSchema.optional(),
  message: text().trim().max(5000, "Use at most 5,000 characters").optional(),
  overrideReason: text().trim().max(2000, "Use at most 2,000 characters").optional(),
});
export type ReviseSignoff = z.input<typeof ReviseSignoffSchema>;
export const ExtendSignoffSchema = z.object({
  deadline: Instant,
  reason: Reason("Say why the deadline moves"),
});
export const EditApproversSchema = z
  .object({
    /** New approvers, or existing ones whose required flag changes. */
    add: z.array(ApproverInputSchema).max(1000, "At most 1,000 approvers").default([]),
    remove: z.array(IdSchema).max(1000).default([]),
  })
  .refine((e) => e.add.length + e.remove.length > 0, { message: "Add or remove someone", path: ["add"] });
export type EditApprovers = z.input<typeof EditApproversSchema>;
export const CancelSignoffSchema = z.object({ reason: Reason("Say why you cancel") });
export const SignoffQuerySchema = z.object({
  roadmapId: IdSchema.optional(),
  status: SignoffStatusSchema.optional(),
  /** Only requests the caller is an approver of. */
  mine: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const SignoffApproverSchema = z.object({
  userId: IdSchema,
  name: z.string(),
  timezone: z.string(),
  required: z.boolean(),
  viaTeamId: IdSchema.nullable(),
  viaTeamName: z.string().nullable(),
  decision: SignoffDecisionSchema,
  comment: z.string(),
  decidedAt: Timestamp.nullable(),
  /** The exact version the decision was made on. */
  decidedVersionId: IdSchema.nullable(),
  decidedVersionNumber: z.number().int().nullable(),
  /** Set when a revision changed items relevant to this approver and their approval was withdrawn. */
  withdrawnAt: Timestamp.nullable(),
});
export type SignoffApprover = z.infer<typeof SignoffApproverSchema>;

export const SignoffEventSchema = z.object({
  id: IdSchema,
  kind: z.enum(SIGNOFF_EVENT_KINDS),
  actorId: IdSchema.nullable(),
  actorName: z.string().nullable(),
  round: z.number().int(),
  detail: z.string(),
  createdAt: Timestamp,
});
export type SignoffEvent = z.infer<typeof SignoffEventSchema>;

export const SignoffCommentSchema = z.object({
  id: IdSchema,
  round: z.number().int(),
  itemId: IdSchema.nullable(),
  itemTitle: z.string().nullable(),
  userId: IdSchema.nullable(),
  name: z.string().nullable(),
  body: z.string(),
  createdAt: Timestamp,
});
export type SignoffComment = z.infer<typeof SignoffCommentSchema>;

export const SignoffSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  roadmapName: z.string(),
  productId: IdSchema,
  versionId: IdSchema,
  versionNumber: z.number().int(),
  versionName: z.string(),
  /** The last approved baseline of the roadmap when this round was sent (what the diff compares with). */
  baselineVersionId: IdSchema.nullable(),
  round: z.number().int(),
  status: SignoffStatusSchema,
  overdue: z.boolean(),
  deadline: Timestamp,
  message: z.string(),
  reminders: z.array(z.number().int()),
  overrideReason: z.string().nullable(),
  smartFailures: z.number().int(),
  createdBy: IdSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  counts: z.object({
    approvers: z.number().int(),
    required: z.number().int(),
    requiredApproved: z.number().int(),
    approved: z.number().int(),
    objected: z.number().int(),
    pending: z.number().int(),
  }),
  /** The caller's decision when they are an approver. */
  myDecision: SignoffDecisionSchema.nullable(),
});
export type Signoff = z.infer<typeof SignoffSchema>;

export const SignoffDetailSchema = SignoffSchema.extend({
  approvers: z.array(SignoffApproverSchema),
  events: z.array(SignoffEventSchema),
  comments: z.array(SignoffCommentSchema),
  amApprover: z.boolean(),
  canManage: z.boolean(),
});
export type SignoffDetail = z.infer<typeof SignoffDetailSchema>;

/** Per team and period: the team's load in the baseline and in this version, against its capacity. */
export const CapacityEffectSchema = z.object({
  teamId: IdSchema,
  teamName: z.string(),
  periods: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      capacity: z.number().nullable(),
      before: z.number(),
      after: z.number(),
    }),
  ),
});
export type CapacityEffect = z.infer<typeof CapacityEffectSchema>;

/** The approver's page: the version, what changed since the baseline, and what touches the caller's teams. */
export const SignoffReviewSchema = z.object({
  signoff: SignoffDetailSchema,
  version: z.object({ id: IdSchema, number: z.number().int(), name: z.string(), createdAt: Timestamp }),
  baseline: z
    .object({ id: IdSchema, number: z.number().int(), name: z.string(), approvedAt: Timestamp })
    .nullable(),
  periods: z.array(PeriodSchema),
  items: z.array(SnapshotItemSchema),
  /** Against the baseline; without one, every item is added. */
  diff: VersionDiffSchema,
  /** Items changed since the version the caller last decided on (null: never decided, or nothing new). */
  sinceMyDecision: z
    .object({ versionId: IdSchema, versionNumber: z.number().int(), changedItemIds: z.array(IdSchema) })
    .nullable(),
  myTeams: z.array(z.object({ id: IdSchema, name: z.string() })),
  /** Items with effort on one of the caller's teams (in this version or the baseline). */
  myItemIds: z.array(IdSchema),
  teams: z.array(z.object({ id: IdSchema, name: z.string() })),
  capacityUnit: z.string(),
  /** The caller's teams first, then every other team this roadmap puts effort on. */
  capacityEffect: z.array(CapacityEffectSchema),
});
export type SignoffReview = z.infer<typeof SignoffReviewSchema>;

/** Before sending: what the SMART checks say and what is already in flight. */
export const SignoffPreflightSchema = z.object({
  smartFailures: z.array(z.object({ itemId: IdSchema, title: z.string(), failed: z.array(z.string()) })),
  itemCount: z.number().int(),
  baseline: z
    .object({ id: IdSchema, number: z.number().int(), name: z.string(), approvedAt: Timestamp })
    .nullable(),
  openSignoffId: IdSchema.nullable(),
});
export type SignoffPreflight = z.infer<typeof SignoffPreflightSchema>;

// ---------------------------------------------------------------- share links
export const CreateShareLinkSchema = z.object({
  expiresInDays: int(1, 365).default(30),
});
export const ShareLinkSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  versionId: IdSchema,
  createdByName: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  views: z.number().int(),
  /** Only in the answer that creates the link: the token is not stored. */
  url: z.string().optional(),
});
export type ShareLink = z.infer<typeof ShareLinkSchema>;
export const SharedRoadmapSchema = z.object({
  workspaceName: z.string(),
  roadmapName: z.string(),
  productName: z.string(),
  version: z.object({ number: z.number().int(), name: z.string(), approvedAt: Timestamp.nullable() }),
  expiresAt: Timestamp,
  periods: z.array(PeriodSchema),
  items: z.array(SnapshotItemSchema.omit({ ideaId: true, ideaIds: true, keyResultIds: true, smart: true })),
  milestones: z.array(z.object({ id: IdSchema, title: z.string(), date: z.string() })),
  teams: z.array(z.object({ id: IdSchema, name: z.string() })),
  objectives: z.array(z.object({ id: IdSchema, title: z.string() })),
  laneBy: z.string(),
});
export type SharedRoadmap = z.infer<typeof SharedRoadmapSchema>;
