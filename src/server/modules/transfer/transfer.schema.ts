import { z } from "zod";
import {
  CAPACITY_UNITS,
  LANE_BY,
  OBJECTIVE_STATUSES,
  PERIOD_KINDS,
  ROADMAP_ITEM_KINDS,
  ROADMAP_ITEM_STATUSES,
  SIGNOFF_DECISIONS,
  SIGNOFF_EVENT_KINDS,
  SIGNOFF_STATUSES,
} from "../../../shared/enums.ts";
import { FrameworkSchema, IdeaStatusSchema } from "../../../shared/ideas.schemas.ts";
import { DisciplineSchema, RoleSchema, StageSchema } from "../../../shared/schemas.ts";
import { COMPETITOR_SECTIONS, emptyCompetitorSections } from "./transfer.schema.competitors.ts";
import {
  ExportCompanySchema,
  ExportFeedbackItemSchema,
  ExportFeedbackLinkSchema,
  ExportFeedbackSourceSchema,
  ExportPersonSchema,
} from "./transfer.schema.feedback.ts";
import { ExportIdeaScoreHistorySchema, ExportScoreSettingSchema } from "./transfer.schema.history.ts";
import { emptyHolidaySections, HOLIDAY_SECTIONS } from "./transfer.schema.holidays.ts";
import {
  ExportChangelogEntrySchema,
  ExportChangelogLinkSchema,
  ExportCustomerUnsubscribeSchema,
  ExportLoopCampaignSchema,
  ExportLoopSendItemSchema,
  ExportLoopSendSchema,
} from "./transfer.schema.loop.ts";
import { ExportFeedbackMessageSchema, ExportReplyTemplateSchema } from "./transfer.schema.mailin.ts";
import {
  ExportFeedbackThemeDismissalSchema,
  ExportFeedbackThemeItemSchema,
  ExportFeedbackThemeSchema,
} from "./transfer.schema.themes.ts";

/**
 * The backup document of one workspace ("baton-export", version 4; versions 1 to 3 still import). Strict
 * objects: a key this Baton does not know means data it would silently drop, so such a file is refused rather
 * than half-imported. Values are never transformed (no trimming or lower-casing) so a round trip is exact.
 *
 * Version 2 added the prioritization tables (factors, ideas and their comments, watchers and saved views,
 * scoring rounds with their ideas, voters and ratings, in-app notifications, pending jobs) and the products'
 * framework and next idea number.
 * Version 3 added objectives and roadmaps (objectives, key results, idea↔objective links, hand-set capacity,
 * time off, roadmaps with their items, efforts, links, dependencies, milestones, change log, saved versions and
 * planner proposals) and the workspace's capacity unit.
 * Version 4 added roadmap sign-off: requests with their approvers and decisions, history events and comments
 * (each with `seq`, its place in the workspace's order of such rows), and on saved versions when a sign-off
 * approved them (`approvedAt`, `signoffId`). Share links are not exported: they are secrets (only the token's
 * hash is stored), like invitation tokens and the calendar feed's secret; an imported baseline has no links.
 * Version 5 added customers and feedback: companies, people, feedback items, their links to ideas and polled
 * sources without their secrets (transfer.schema.feedback.ts).
 * Version 6 added how a product's rounds count and each idea's score history (transfer.schema.history.ts), and
 * feedback themes with their items and dismissed suggestions (transfer.schema.themes.ts), and feedback items'
 * conversations (mail received, replies sent) and reply templates (transfer.schema.mailin.ts), and products'
 * changelogs and close-the-loop campaigns, sends and unsubscriptions (transfer.schema.loop.ts).
 * Version 7 added competitors: profiles, logos, products, watchers, monitored sources with their latest snapshot,
 * detected changes, SWOT, pricing history, battlecards and the feature matrix (transfer.schema.competitors.ts).
 * Version 8 added holiday calendars: calendars, their holidays, and teams' own calendars (transfer.schema.holidays.ts).
 */
export const EXPORT_FORMAT = "baton-export";
export const EXPORT_FORMAT_VERSION = 8;

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
// Limits only stop absurd files: generous, so whatever the API once stored still exports and imports.
// PostgreSQL text cannot hold NUL: refuse it here, with the path, rather than fail halfway through the insert.
const Str = () => z.string().refine((s) => !s.includes("\0"), "must not contain NUL characters");
const Text = (max: number) => Str().max(max);
const Name = Str().min(1).max(10_000);
const Email = Str()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, "not an e-mail address");
const Version = z.number().int().min(1);

export const ExportWorkspaceV2Schema = z.strictObject({
  id: Id,
  name: Name,
  slug: z
    .string()
    .min(2)
    .max(48)
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and dashes"),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

/** Version 3: the workspace's capacity unit (person-days or points) and points per person-month. */
export const ExportWorkspaceSchema = ExportWorkspaceV2Schema.extend({
  capacityUnit: z.enum(CAPACITY_UNITS),
  pointsPerPersonMonth: z.number().positive(),
});

/** Members, and former members still referenced (audit actors, managers, leads, inviters). No secrets. */
export const ExportUserSchema = z.strictObject({
  id: Id,
  email: Email,
  name: Name,
  timezone: Text(200).min(1),
});

export const ExportMembershipSchema = z.strictObject({
  userId: Id,
  role: RoleSchema,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportProductV1Schema = z.strictObject({
  id: Id,
  name: Name,
  description: Text(1_000_000),
  stage: StageSchema,
  managerId: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportProductSchema = ExportProductV1Schema.extend({
  framework: FrameworkSchema,
  /** The number the product's next idea gets (numbers of deleted ideas are not reused). */
  nextIdeaNumber: z.number().int().min(1),
  /** RICE's reach from customer evidence (docs/SCORING.md); files from before it import as off. */
  riceReachFromEvidence: z.boolean().default(false),
});

export const ExportTeamSchema = z.strictObject({
  id: Id,
  name: Name,
  discipline: DisciplineSchema,
  description: Text(1_000_000),
  leadId: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportTeamMemberSchema = z.strictObject({
  teamId: Id,
  userId: Id,
  allocationPct: z.number().int().min(1).max(100),
  createdAt: Ts,
});

/** Without the token hash: links of imported invitations never work (re-invite to send a new one). */
export const ExportInvitationSchema = z.strictObject({
  id: Id,
  email: Email,
  role: RoleSchema,
  invitedBy: Id.nullable(),
  createdAt: Ts,
  expiresAt: Ts,
  acceptedAt: Ts.nullable(),
  acceptedBy: Id.nullable(),
  revokedAt: Ts.nullable(),
});

export const ExportAuditEventSchema = z.strictObject({
  id: Id,
  at: Ts,
  actorId: Id.nullable(),
  via: z.enum(["session", "token", "cli", "system"]),
  action: Text(200).min(1),
  entityType: Text(200).min(1),
  entityId: Text(200).nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

export const ExportOutboxSchema = z.strictObject({
  id: Id,
  to: Text(1000),
  subject: Text(2000),
  text: Text(1_000_000),
  kind: Text(100),
  createdAt: Ts,
  sentAt: Ts.nullable(),
  /** A digest's HTML alternative (added within format 7: files without it import as text-only mail). */
  html: Text(4_000_000).nullable().default(null),
});

const Num = z.number();
const Int = z.number().int();
const Json = z.unknown();

/** Active and archived factors: ratings of past rounds point at archived ones. */
export const ExportFactorSchema = z.strictObject({
  id: Id,
  productId: Id.nullable(),
  name: Name,
  description: Text(1_000_000),
  weight: Num,
  direction: z.enum(["benefit", "cost"]),
  /** Files written before computed factors have none: their factors are rated. */
  kind: z.enum(["rated", "customer_demand", "competitor_coverage"]).default("rated"),
  scaleMin: Int,
  scaleMax: Int,
  labels: z.array(Text(10_000)),
  position: Int,
  archivedAt: Ts.nullable(),
  createdAt: Ts,
});

const FactorStat = z.strictObject({
  factorId: Id,
  mean: Num.nullable(),
  votes: Int,
  abstentions: Int,
  spread: Num.nullable(),
});

/** Every column of an idea but the generated search vector (rebuilt by the database). */
export const ExportIdeaSchema = z.strictObject({
  id: Id,
  productId: Id,
  number: Int.min(1),
  title: Name,
  description: Text(1_000_000),
  status: IdeaStatusSchema,
  ownerId: Id.nullable(),
  tags: z.array(Text(10_000)),
  links: z.array(z.strictObject({ url: Text(100_000), title: Text(100_000) })),
  effort: Num.nullable(),
  reach: Num.nullable(),
  impact: Num.nullable(),
  confidence: Num.nullable(),
  ease: Num.nullable(),
  businessValue: Num.nullable(),
  timeCriticality: Num.nullable(),
  riskReduction: Num.nullable(),
  jobSize: Num.nullable(),
  scoreWeighted: Num.nullable(),
  scoreRice: Num.nullable(),
  scoreIce: Num.nullable(),
  scoreWsjf: Num.nullable(),
  score: Num.nullable(),
  rank: Int.nullable(),
  pinnedRank: Int.nullable(),
  pinReason: Text(1_000_000).nullable(),
  factorStats: z.array(FactorStat),
  voters: Int,
  scoredRoundId: Id.nullable(),
  commentCount: Int,
  mergedIntoId: Id.nullable(),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportIdeaCommentSchema = z.strictObject({
  id: Id,
  ideaId: Id,
  authorId: Id.nullable(),
  body: Text(1_000_000),
  mentions: z.array(Id),
  roundId: Id.nullable(),
  createdAt: Ts,
});

export const ExportIdeaWatcherSchema = z.strictObject({
  ideaId: Id,
  userId: Id,
  createdAt: Ts,
});

export const ExportSavedViewSchema = z.strictObject({
  id: Id,
  productId: Id,
  ownerId: Id.nullable(),
  name: Name,
  shared: z.boolean(),
  config: Json,
  createdAt: Ts,
});

export const ExportRoundSchema = z.strictObject({
  id: Id,
  productId: Id,
  name: Name,
  description: Text(1_000_000),
  status: z.enum(["open", "closed"]),
  deadline: Ts,
  showOthers: z.boolean(),
  closedAt: Ts.nullable(),
  closeReason: z.enum(["deadline", "manual"]).nullable(),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportRoundIdeaSchema = z.strictObject({ roundId: Id, ideaId: Id });

export const ExportRoundVoterSchema = z.strictObject({
  roundId: Id,
  userId: Id,
  teamId: Id.nullable(),
  done: Int.min(0),
  remindedAt: Ts.nullable(),
});

/** value null: an abstention, with its reason. */
export const ExportRatingSchema = z.strictObject({
  roundId: Id,
  voterId: Id,
  ideaId: Id,
  factorId: Id,
  value: Int.min(-32768).max(32767).nullable(),
  abstainReason: Text(100_000).nullable(),
  updatedAt: Ts,
});

export const ExportNotificationSchema = z.strictObject({
  id: Id,
  userId: Id,
  kind: Text(200).min(1),
  title: Text(1_000_000),
  body: Text(1_000_000),
  link: Text(10_000).nullable(),
  readAt: Ts.nullable(),
  createdAt: Ts,
});

/** Scheduled work not done yet (a round's deadline, its reminder); a claim in progress is not kept. */
export const ExportJobSchema = z.strictObject({
  id: Id,
  kind: Text(200).min(1),
  key: Text(10_000).nullable(),
  payload: Json,
  runAt: Ts,
  attempts: Int.min(0),
  lastError: Text(1_000_000).nullable(),
  createdAt: Ts,
});

// ---- objectives and roadmaps (format version 3) ----

/** A calendar day as PostgreSQL's date text gives it ('YYYY-MM-DD'). */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2027-01-31")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "this date does not exist");
/** The first day of a month. */
const Month = Day.refine((s) => s.endsWith("-01"), "expected the first day of a month");
/** A stored JSON object (a version's snapshot, a proposal's result): kept as it is, ids inside follow remaps. */
const JsonObject = z.record(z.string(), z.unknown());

export const ExportObjectiveSchema = z.strictObject({
  id: Id,
  productId: Id.nullable(),
  title: Name,
  description: Text(1_000_000),
  ownerId: Id.nullable(),
  periodStart: Day,
  periodEnd: Day,
  importance: Int.min(1).max(5),
  status: z.enum(OBJECTIVE_STATUSES),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportKeyResultSchema = z.strictObject({
  id: Id,
  objectiveId: Id,
  title: Name,
  metricName: Text(10_000),
  unit: Text(10_000),
  baseline: Num,
  target: Num,
  current: Num.nullable(),
  dueDate: Day,
  position: Int,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportIdeaObjectiveSchema = z.strictObject({ ideaId: Id, objectiveId: Id });

/** A team's capacity set by hand for one month (months without one are derived from people and time off). */
export const ExportTeamCapacitySchema = z.strictObject({
  teamId: Id,
  month: Month,
  capacity: Num,
  note: Text(100_000),
  updatedAt: Ts,
});

export const ExportTimeOffSchema = z.strictObject({
  id: Id,
  userId: Id,
  startDate: Day,
  endDate: Day,
  note: Text(100_000),
  createdAt: Ts,
});

/** Without the calendar feed's secret: an imported roadmap has its feed off (turn it on again for a new URL). */
export const ExportRoadmapSchema = z.strictObject({
  id: Id,
  productId: Id,
  name: Name,
  description: Text(1_000_000),
  periodKind: z.enum(PERIOD_KINDS),
  startMonth: Month,
  horizon: Int.min(1).max(32767),
  laneBy: z.enum(LANE_BY),
  /** The number the roadmap's next saved version gets. */
  nextVersionNumber: Int.min(1),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportRoadmapItemSchema = z.strictObject({
  id: Id,
  roadmapId: Id,
  kind: z.enum(ROADMAP_ITEM_KINDS),
  /** An idea item's idea; null for initiatives, and for an idea item whose idea was deleted. */
  ideaId: Id.nullable(),
  title: Name,
  problem: Text(1_000_000),
  outcome: Text(1_000_000),
  description: Text(1_000_000),
  theme: Text(100_000),
  status: z.enum(ROADMAP_ITEM_STATUSES),
  period: Month.nullable(),
  targetDate: Day.nullable(),
  pinned: z.boolean(),
  successMetric: Text(100_000),
  successTarget: Text(100_000),
  valueOverride: Num.nullable(),
  position: Num,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportRoadmapItemEffortSchema = z.strictObject({ itemId: Id, teamId: Id, effort: Num });

/** An item's link to an objective, a key result, or (an initiative's) grouped idea. */
export const ExportRoadmapItemLinkSchema = z.strictObject({
  itemId: Id,
  kind: z.enum(["objective", "key_result", "idea"]),
  targetId: Id,
});

/** `beforeId` lands no later than `afterId`; both are items of `roadmapId`. */
export const ExportRoadmapDependencySchema = z.strictObject({ roadmapId: Id, beforeId: Id, afterId: Id });

export const ExportRoadmapMilestoneSchema = z.strictObject({
  id: Id,
  roadmapId: Id,
  itemId: Id.nullable(),
  title: Name,
  description: Text(1_000_000),
  date: Day,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

/** The change log behind version comparisons; `itemId` may name an item deleted since (its "deleted" entry). */
export const ExportRoadmapChangeSchema = z.strictObject({
  id: Id,
  roadmapId: Id,
  itemId: Id,
  actorId: Id.nullable(),
  action: Text(200).min(1),
  changes: JsonObject,
  reason: Text(1_000_000),
  createdAt: Ts,
});

export const ExportRoadmapVersionV3Schema = z.strictObject({
  id: Id,
  roadmapId: Id,
  number: Int.min(1),
  name: Name,
  note: Text(1_000_000),
  snapshot: JsonObject,
  itemCount: Int.min(0),
  createdBy: Id.nullable(),
  createdAt: Ts,
});

/** Version 4: when a sign-off approved the version (it is then a baseline, immutable) and which one. */
export const ExportRoadmapVersionSchema = ExportRoadmapVersionV3Schema.extend({
  approvedAt: Ts.nullable(),
  signoffId: Id.nullable(),
});

export const ExportPlanProposalSchema = z.strictObject({
  id: Id,
  roadmapId: Id,
  scope: z.enum(["all", "unplanned"]),
  settings: JsonObject,
  result: JsonObject,
  status: z.enum(["open", "applied", "partly_applied", "discarded"]),
  createdBy: Id.nullable(),
  createdAt: Ts,
  decidedAt: Ts.nullable(),
});

// ---- roadmap sign-off (format version 4) ----

/** A request: the version under review in its current round, the baseline it was compared with, its deadline. */
export const ExportSignoffSchema = z.strictObject({
  id: Id,
  roadmapId: Id,
  versionId: Id,
  baselineVersionId: Id.nullable(),
  round: Int.min(1),
  status: z.enum(SIGNOFF_STATUSES),
  overdue: z.boolean(),
  deadline: Ts,
  message: Text(1_000_000),
  /** Hours before the deadline when pending approvers are reminded. */
  reminders: z.array(Int.min(0)),
  overrideReason: Text(1_000_000).nullable(),
  smartFailures: Int.min(0),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  closedAt: Ts.nullable(),
});

export const ExportSignoffApproverSchema = z.strictObject({
  signoffId: Id,
  userId: Id,
  required: z.boolean(),
  /** The team whose lead this approver was asked as (null when asked in person, or the team is gone). */
  viaTeamId: Id.nullable(),
  decision: z.enum(SIGNOFF_DECISIONS),
  comment: Text(1_000_000),
  decidedAt: Ts.nullable(),
  decidedVersionId: Id.nullable(),
  withdrawnAt: Ts.nullable(),
});

/**
 * The place of a history event or comment in the workspace's order of them (1, 2, 3…): several rows of one
 * transaction share a timestamp. Import inserts rows in this order and the database numbers them afresh.
 */
const Seq = Int.min(1);

export const ExportSignoffEventSchema = z.strictObject({
  id: Id,
  signoffId: Id,
  round: Int.min(1),
  kind: z.enum(SIGNOFF_EVENT_KINDS),
  actorId: Id.nullable(),
  detail: Text(1_000_000),
  createdAt: Ts,
  seq: Seq,
});

/** A comment on the request, or on one of its items (which may have left the roadmap since: its id stays). */
export const ExportSignoffCommentSchema = z.strictObject({
  id: Id,
  signoffId: Id,
  round: Int.min(1),
  itemId: Id.nullable(),
  userId: Id.nullable(),
  body: Text(1_000_000),
  createdAt: Ts,
  seq: Seq,
});

const envelope = {
  format: z.literal(EXPORT_FORMAT),
  exportedAt: Ts,
  source: z.strictObject({ version: z.string(), migration: z.string().nullable() }),
  workspace: ExportWorkspaceV2Schema,
  users: z.array(ExportUserSchema),
  memberships: z.array(ExportMembershipSchema),
  teams: z.array(ExportTeamSchema),
  teamMembers: z.array(ExportTeamMemberSchema),
  invitations: z.array(ExportInvitationSchema),
  auditEvents: z.array(ExportAuditEventSchema),
  outbox: z.array(ExportOutboxSchema),
};

/** Version 2 (before objectives and roadmaps). */
export const ExportDocumentV2Schema = z.strictObject({
  format: envelope.format,
  formatVersion: z.literal(2),
  exportedAt: envelope.exportedAt,
  source: envelope.source,
  workspace: envelope.workspace,
  users: envelope.users,
  memberships: envelope.memberships,
  products: z.array(ExportProductSchema),
  teams: envelope.teams,
  teamMembers: envelope.teamMembers,
  invitations: envelope.invitations,
  auditEvents: envelope.auditEvents,
  outbox: envelope.outbox,
  factors: z.array(ExportFactorSchema),
  ideas: z.array(ExportIdeaSchema),
  ideaComments: z.array(ExportIdeaCommentSchema),
  ideaWatchers: z.array(ExportIdeaWatcherSchema),
  savedViews: z.array(ExportSavedViewSchema),
  rounds: z.array(ExportRoundSchema),
  roundIdeas: z.array(ExportRoundIdeaSchema),
  roundVoters: z.array(ExportRoundVoterSchema),
  ratings: z.array(ExportRatingSchema),
  notifications: z.array(ExportNotificationSchema),
  jobs: z.array(ExportJobSchema),
});

/** Version 3 (before roadmap sign-off). */
export const ExportDocumentV3Schema = ExportDocumentV2Schema.extend({
  formatVersion: z.literal(3),
  workspace: ExportWorkspaceSchema,
  objectives: z.array(ExportObjectiveSchema),
  keyResults: z.array(ExportKeyResultSchema),
  ideaObjectives: z.array(ExportIdeaObjectiveSchema),
  teamCapacity: z.array(ExportTeamCapacitySchema),
  timeOff: z.array(ExportTimeOffSchema),
  roadmaps: z.array(ExportRoadmapSchema),
  roadmapItems: z.array(ExportRoadmapItemSchema),
  roadmapItemEfforts: z.array(ExportRoadmapItemEffortSchema),
  roadmapItemLinks: z.array(ExportRoadmapItemLinkSchema),
  roadmapDependencies: z.array(ExportRoadmapDependencySchema),
  roadmapMilestones: z.array(ExportRoadmapMilestoneSchema),
  roadmapChanges: z.array(ExportRoadmapChangeSchema),
  roadmapVersions: z.array(ExportRoadmapVersionV3Schema),
  planProposals: z.array(ExportPlanProposalSchema),
});

/** Version 4 (before customers and feedback). */
export const ExportDocumentV4Schema = ExportDocumentV3Schema.extend({
  formatVersion: z.literal(4),
  roadmapVersions: z.array(ExportRoadmapVersionSchema),
  signoffs: z.array(ExportSignoffSchema),
  signoffApprovers: z.array(ExportSignoffApproverSchema),
  signoffEvents: z.array(ExportSignoffEventSchema),
  signoffComments: z.array(ExportSignoffCommentSchema),
});

/** Version 5 (before score counting settings and score history). */
export const ExportDocumentV5Schema = ExportDocumentV4Schema.extend({
  formatVersion: z.literal(5),
  companies: z.array(ExportCompanySchema),
  people: z.array(ExportPersonSchema),
  feedbackItems: z.array(ExportFeedbackItemSchema),
  feedbackLinks: z.array(ExportFeedbackLinkSchema),
  feedbackSources: z.array(ExportFeedbackSourceSchema),
});

/** Version 6 (before competitors). */
export const ExportDocumentV6Schema = ExportDocumentV5Schema.extend({
  formatVersion: z.literal(6),
  scoreSettings: z.array(ExportScoreSettingSchema),
  ideaScoreHistory: z.array(ExportIdeaScoreHistorySchema),
  feedbackThemes: z.array(ExportFeedbackThemeSchema),
  feedbackThemeItems: z.array(ExportFeedbackThemeItemSchema),
  feedbackThemeDismissals: z.array(ExportFeedbackThemeDismissalSchema),
  feedbackMessages: z.array(ExportFeedbackMessageSchema),
  replyTemplates: z.array(ExportReplyTemplateSchema),
  changelogEntries: z.array(ExportChangelogEntrySchema),
  changelogLinks: z.array(ExportChangelogLinkSchema),
  loopCampaigns: z.array(ExportLoopCampaignSchema),
  loopSends: z.array(ExportLoopSendSchema),
  loopSendItems: z.array(ExportLoopSendItemSchema),
  customerUnsubscribes: z.array(ExportCustomerUnsubscribeSchema),
});

/** Version 7 (before holiday calendars). */
export const ExportDocumentV7Schema = ExportDocumentV6Schema.extend({
  formatVersion: z.literal(7),
  ...COMPETITOR_SECTIONS,
});

export const ExportDocumentSchema = ExportDocumentV7Schema.extend({
  formatVersion: z.literal(EXPORT_FORMAT_VERSION),
  ...HOLIDAY_SECTIONS,
});

/** Version 1 (before prioritization): no factors, ideas or rounds; products without framework. */
export const ExportDocumentV1Schema = z.strictObject({
  ...envelope,
  formatVersion: z.literal(1),
  products: z.array(ExportProductV1Schema),
});

export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
export type ExportDocumentV7 = z.infer<typeof ExportDocumentV7Schema>;
export type ExportDocumentV6 = z.infer<typeof ExportDocumentV6Schema>;
export type ExportDocumentV5 = z.infer<typeof ExportDocumentV5Schema>;
export type ExportDocumentV4 = z.infer<typeof ExportDocumentV4Schema>;
export type ExportDocumentV3 = z.infer<typeof ExportDocumentV3Schema>;
export type ExportDocumentV2 = z.infer<typeof ExportDocumentV2Schema>;
export type ExportDocumentV1 = z.infer<typeof ExportDocumentV1Schema>;
/** A document as read from a file: the current version or an older one import still takes. */
export type AnyExportDocument =
  | ExportDocument
  | ExportDocumentV7
  | ExportDocumentV6
  | ExportDocumentV5
  | ExportDocumentV4
  | ExportDocumentV3
  | ExportDocumentV2
  | ExportDocumentV1;
export type ExportUser = z.infer<typeof ExportUserSchema>;

/** The row sections, in import order (referenced rows first). */
export const SECTIONS = [
  "users",
  "memberships",
  "products",
  "teams",
  "teamMembers",
  "invitations",
  "auditEvents",
  "outbox",
  "factors",
  "ideas",
  "rounds",
  "roundIdeas",
  "roundVoters",
  "ratings",
  "ideaComments",
  "ideaWatchers",
  "savedViews",
  "notifications",
  "jobs",
  "objectives",
  "keyResults",
  "ideaObjectives",
  "teamCapacity",
  "timeOff",
  "roadmaps",
  "roadmapItems",
  "roadmapItemEfforts",
  "roadmapItemLinks",
  "roadmapDependencies",
  "roadmapMilestones",
  "roadmapChanges",
  "roadmapVersions",
  "planProposals",
  "signoffs",
  "signoffApprovers",
  "signoffEvents",
  "signoffComments",
  "companies",
  "people",
  "feedbackItems",
  "feedbackLinks",
  "feedbackSources",
  "scoreSettings",
  "ideaScoreHistory",
  "feedbackThemes",
  "feedbackThemeItems",
  "feedbackThemeDismissals",
  "feedbackMessages",
  "replyTemplates",
  "changelogEntries",
  "changelogLinks",
  "loopCampaigns",
  "loopSends",
  "loopSendItems",
  "customerUnsubscribes",
  ...(Object.keys(COMPETITOR_SECTIONS) as (keyof typeof COMPETITOR_SECTIONS)[]),
  ...(Object.keys(HOLIDAY_SECTIONS) as (keyof typeof HOLIDAY_SECTIONS)[]),
] as const;
export type Section = (typeof SECTIONS)[number];
/** The sections a version-1 file has. */
export const V1_SECTIONS = SECTIONS.slice(0, 8) as readonly Section[];
/** The sections a version-2 file has. */
export const V2_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("objectives")) as readonly Section[];
/** The sections a version-3 file has. */
export const V3_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("signoffs")) as readonly Section[];
/** The sections a version-4 file has. */
export const V4_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("companies")) as readonly Section[];
/** The sections a version-6 file has. */
export const V6_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("competitors")) as readonly Section[];
/** The sections a version-7 file has. */
export const V7_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("holidayCalendars")) as readonly Section[];
/** The sections a version-5 file has. */
export const V5_SECTIONS = SECTIONS.slice(0, SECTIONS.indexOf("scoreSettings")) as readonly Section[];

/** A version-1 document in version 2's shape: products follow the weighted scorecard, no prioritization data. */
function upgradeV1(doc: ExportDocumentV1): ExportDocumentV2 {
  return {
    ...doc,
    formatVersion: 2,
    products: doc.products.map((p) => ({
      ...p,
      framework: "weighted",
      nextIdeaNumber: 1,
      riceReachFromEvidence: false,
    })),
    factors: [],
    ideas: [],
    ideaComments: [],
    ideaWatchers: [],
    savedViews: [],
    rounds: [],
    roundIdeas: [],
    roundVoters: [],
    ratings: [],
    notifications: [],
    jobs: [],
  };
}

/**
 * An older document in today's shape. Version 7: no holiday calendars. Version 6: no competitors. Version 5: no score counting settings (every product replaces) and no
 * score history. Version 4: no customers or feedback. Version 3: no sign-offs, no version
 * is an approved baseline. Version 2 (and so 1): capacity counted in person-days with the default 10 points per
 * person-month, no objectives or roadmaps.
 */
export function upgradeDocument(doc: AnyExportDocument): ExportDocument {
  if (doc.formatVersion === EXPORT_FORMAT_VERSION) return doc;
  const v7: ExportDocumentV7 =
    doc.formatVersion === 7
      ? doc
      : {
          ...(doc.formatVersion === 6 ? doc : upgradeV5(doc)),
          formatVersion: 7,
          ...emptyCompetitorSections(),
        };
  return { ...v7, formatVersion: EXPORT_FORMAT_VERSION, ...emptyHolidaySections() };
}

/** Version 5 and older in version 6's shape: no score settings or history, themes, conversations or loops. */
function upgradeV5(
  doc: Exclude<AnyExportDocument, ExportDocument | ExportDocumentV7 | ExportDocumentV6>,
): ExportDocumentV6 {
  const v5 = doc.formatVersion === 5 ? doc : upgradeV4(doc);
  return {
    ...v5,
    formatVersion: 6,
    scoreSettings: [],
    ideaScoreHistory: [],
    feedbackThemes: [],
    feedbackThemeItems: [],
    feedbackThemeDismissals: [],
    feedbackMessages: [],
    replyTemplates: [],
    changelogEntries: [],
    changelogLinks: [],
    loopCampaigns: [],
    loopSends: [],
    loopSendItems: [],
    customerUnsubscribes: [],
  };
}

/** Version 4 and older in version 5's shape: no customers or feedback. */
function upgradeV4(
  doc: Exclude<AnyExportDocument, ExportDocument | ExportDocumentV7 | ExportDocumentV6 | ExportDocumentV5>,
): ExportDocumentV5 {
  const v4 = doc.formatVersion === 4 ? doc : upgradeV3(doc);
  return {
    ...v4,
    formatVersion: 5,
    companies: [],
    people: [],
    feedbackItems: [],
    feedbackLinks: [],
    feedbackSources: [],
  };
}

/** Version 3 and older in version 4's shape: no sign-offs, no version is an approved baseline. */
function upgradeV3(
  doc: Exclude<
    AnyExportDocument,
    ExportDocument | ExportDocumentV7 | ExportDocumentV6 | ExportDocumentV5 | ExportDocumentV4
  >,
): ExportDocumentV4 {
  const v3 = doc.formatVersion === 3 ? doc : upgradeV2(doc.formatVersion === 1 ? upgradeV1(doc) : doc);
  return {
    ...v3,
    formatVersion: 4,
    roadmapVersions: v3.roadmapVersions.map((v) => ({ ...v, approvedAt: null, signoffId: null })),
    signoffs: [],
    signoffApprovers: [],
    signoffEvents: [],
    signoffComments: [],
  };
}

/** A version-2 document in version 3's shape. */
function upgradeV2(v2: ExportDocumentV2): ExportDocumentV3 {
  return {
    ...v2,
    formatVersion: 3,
    workspace: { ...v2.workspace, capacityUnit: "person_days", pointsPerPersonMonth: 10 },
    objectives: [],
    keyResults: [],
    ideaObjectives: [],
    teamCapacity: [],
    timeOff: [],
    roadmaps: [],
    roadmapItems: [],
    roadmapItemEfforts: [],
    roadmapItemLinks: [],
    roadmapDependencies: [],
    roadmapMilestones: [],
    roadmapChanges: [],
    roadmapVersions: [],
    planProposals: [],
  };
}
