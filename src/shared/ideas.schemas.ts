import { z } from "zod";
import { FRAMEWORKS, IDEA_STATUSES } from "./enums.ts";
import { instant, int, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of ideas, factors, scoring rounds and saved views (the prioritization issue). */

const Timestamp = z.string();
export const IdeaStatusSchema = z.enum(IDEA_STATUSES);
export const FrameworkSchema = z.enum(FRAMEWORKS);
const Title = text().trim().min(1, "Give the idea a title").max(200, "Use at most 200 characters");
const Description = text().max(50_000, "Use at most 50,000 characters");
const Tag = text()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, "Tags are at most 40 characters")
  .regex(/^[^,\s][^,]*$/, "Tags cannot contain commas");
const Tags = z.array(Tag).max(20, "At most 20 tags").default([]);
const Num = (min: number, max: number) => z.number().finite().min(min).max(max).nullable();
export const LinkSchema = z.object({
  url: text()
    .trim()
    .max(2000)
    .regex(/^https?:\/\//i, "Links must start with http:// or https://"),
  title: text().trim().max(200).default(""),
});

/** Inputs of the non-rating frameworks (RICE, ICE, WSJF), entered per idea. */
export const FrameworkInputsSchema = z.object({
  effort: Num(0, 100_000), // person-days or points; RICE effort
  reach: Num(0, 1e9), // people or events per period
  impact: Num(0, 10), // RICE: 0.25 minimal … 3 massive; ICE: 1–10
  confidence: Num(0, 100), // percent
  ease: Num(0, 10), // ICE: 1–10
  businessValue: Num(0, 100), // WSJF parts (Fibonacci 1–20 by convention)
  timeCriticality: Num(0, 100),
  riskReduction: Num(0, 100),
  jobSize: Num(0, 100),
});
export type FrameworkInputs = z.infer<typeof FrameworkInputsSchema>;

export const FactorStatSchema = z.object({
  factorId: IdSchema,
  mean: z.number().nullable(),
  votes: z.number().int(),
  abstentions: z.number().int(),
  spread: z.number().nullable(),
});
export type FactorStat = z.infer<typeof FactorStatSchema>;

export const ScoresSchema = z.object({
  weighted: z.number().nullable(),
  rice: z.number().nullable(),
  ice: z.number().nullable(),
  wsjf: z.number().nullable(),
});
export type Scores = z.infer<typeof ScoresSchema>;

/** One row of the ranked backlog: everything the table shows, nothing more. */
export const IdeaRowSchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  number: z.number().int(),
  title: z.string(),
  status: IdeaStatusSchema,
  ownerId: IdSchema.nullable(),
  ownerName: z.string().nullable(),
  tags: z.array(z.string()),
  effort: z.number().nullable(),
  score: z.number().nullable(), // under the product's active framework
  scores: ScoresSchema,
  rank: z.number().int().nullable(),
  pinnedRank: z.number().int().nullable(),
  pinReason: z.string().nullable(),
  factorStats: z.array(FactorStatSchema),
  voters: z.number().int(), // distinct voters in the scoring round
  commentCount: z.number().int(),
  snippet: z.string().nullable().optional(), // search hit, with <mark> around matches (HTML-escaped otherwise)
  // Customer evidence (backlog list only; within `segment` when the list is filtered by one): linked feedback
  // items, the 0–10 customer demand, and Σ ARR of the distinct companies (only with customers.revenue).
  feedbackCount: z.number().int().optional(),
  demand: z.number().optional(),
  arr: z.number().nullable().optional(),
  // Competitor coverage (backlog list only; docs/COMPETITORS.md "On the backlog"): of the product's competitors
  // (linked, not archived: the matrix's columns), those whose cell in a matrix row linked to the idea is "has" or
  // "partial" (each competitor counted once, with its best cell); `have` = has + ½ × partial, of `total`.
  competitors: z
    .object({
      have: z.number(),
      total: z.number().int(),
      has: z.array(z.string()),
      partial: z.array(z.string()),
    })
    .optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IdeaRow = z.infer<typeof IdeaRowSchema>;

export const IdeaSchema = IdeaRowSchema.extend({
  description: z.string(),
  links: z.array(LinkSchema),
  inputs: FrameworkInputsSchema,
  ranks: z.object({
    weighted: z.number().int().nullable(),
    rice: z.number().int().nullable(),
    ice: z.number().int().nullable(),
    wsjf: z.number().int().nullable(),
  }),
  scoredRoundId: IdSchema.nullable(),
  mergedIntoId: IdSchema.nullable(),
  createdBy: IdSchema.nullable(),
  createdByName: z.string().nullable(),
  watching: z.boolean(),
  watcherCount: z.number().int(),
  version: z.number().int(),
});
export type Idea = z.infer<typeof IdeaSchema>;

export const CreateIdeaSchema = z.object({
  title: Title,
  description: Description.default(""),
  status: IdeaStatusSchema.exclude(["merged"]).default("new"),
  ownerId: IdSchema.nullable().default(null),
  tags: Tags,
  links: z.array(LinkSchema).max(50).default([]),
  inputs: FrameworkInputsSchema.partial().default({}),
});
export type CreateIdea = z.input<typeof CreateIdeaSchema>;
export const UpdateIdeaSchema = z.object({
  version: VersionSchema,
  title: Title.optional(),
  description: Description.optional(),
  status: IdeaStatusSchema.exclude(["merged"]).optional(),
  ownerId: IdSchema.nullable().optional(),
  tags: z.array(Tag).max(20).optional(),
  links: z.array(LinkSchema).max(50).optional(),
  inputs: FrameworkInputsSchema.partial().optional(),
});
export type UpdateIdea = z.infer<typeof UpdateIdeaSchema>;

export const IDEA_SORTS = [
  "rank",
  "score",
  "title",
  "created",
  "updated",
  "rice",
  "ice",
  "wsjf",
  "weighted",
  "demand",
  "arr",
  "competitors",
] as const;
export const IdeaQuerySchema = z.object({
  q: text().trim().max(200).optional(),
  status: z
    .union([IdeaStatusSchema, z.array(IdeaStatusSchema)])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s])),
  tag: text().trim().toLowerCase().max(40).optional(),
  ownerId: IdSchema.optional(),
  /** Ideas with (non-spam) feedback from companies of this segment (case-insensitive); evidence columns count only it. */
  segment: text().trim().min(1).max(60).optional(),
  /** true: only ideas at least one of the product's competitors has, fully or partly (the feature matrix). */
  covered: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  sort: z.enum(IDEA_SORTS).default("rank"),
  dir: z.enum(["asc", "desc"]).optional(),
  offset: queryInt(0, 1_000_000).default(0),
  limit: queryInt(1, 500).default(50),
});
export type IdeaQuery = z.input<typeof IdeaQuerySchema>;
export const IdeaPageSchema = z.object({
  items: z.array(IdeaRowSchema),
  total: z.number().int(),
  nextOffset: z.number().int().nullable(),
  framework: FrameworkSchema,
});
export type IdeaPage = z.infer<typeof IdeaPageSchema>;

export const PinIdeaSchema = z.object({
  rank: int(1, 1_000_000),
  reason: text().trim().min(3, "Say why the rank is pinned").max(500),
});
export const MergeIdeaSchema = z.object({ intoId: IdSchema });
export const BulkIdeasSchema = z.object({
  ids: z.array(IdSchema).min(1).max(1000),
  set: z.object({
    status: IdeaStatusSchema.exclude(["merged"]).optional(),
    ownerId: IdSchema.nullable().optional(),
    addTags: z.array(Tag).max(20).optional(),
    removeTags: z.array(Tag).max(20).optional(),
  }),
});
export const BulkResultSchema = z.object({ updated: z.number().int() });

export const CommentSchema = z.object({
  id: IdSchema,
  ideaId: IdSchema,
  authorId: IdSchema.nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  mentions: z.array(IdSchema),
  roundId: IdSchema.nullable(),
  createdAt: Timestamp,
});
export type Comment = z.infer<typeof CommentSchema>;
export const CreateCommentSchema = z.object({
  body: text().trim().min(1, "Write something").max(10_000),
  mentions: z.array(IdSchema).max(50).default([]),
  roundId: IdSchema.nullable().default(null),
});

/** CSV import: which CSV column feeds which idea field; dry run reports every row's errors. */
export const IMPORT_FIELDS = [
  "title",
  "description",
  "status",
  "tags",
  "ownerEmail",
  "effort",
  "reach",
  "impact",
  "confidence",
  "ease",
] as const;
export const ImportIdeasSchema = z.object({
  // Not text(): a NUL or lone surrogate in a cell is reported per row by the import (ideas.csv.ts).
  csv: z.string().min(1, "The file is empty").max(20_000_000, "The file is larger than 20 MB"),
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), text().max(200)).optional(),
  dryRun: z.boolean().default(false),
});
export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  columns: z.array(z.string()),
  mapping: z.record(z.string(), z.string()),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

// ---- factors ----
/**
 * How a factor gets its value: `rated` by voters in scoring rounds; `customer_demand` computed from the idea's
 * feedback evidence (demandOnScale) and `competitor_coverage` from the feature matrix (coverageOnScale), never
 * rated (docs/SCORING.md "Computed factors").
 */
export const FACTOR_KINDS = ["rated", "customer_demand", "competitor_coverage"] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];
export const isComputedKind = (kind: FactorKind | undefined) => kind !== undefined && kind !== "rated";
export const FactorSchema = z.object({
  id: IdSchema,
  productId: IdSchema.nullable(),
  name: z.string(),
  description: z.string(),
  weight: z.number(),
  direction: z.enum(["benefit", "cost"]),
  kind: z.enum(FACTOR_KINDS),
  scaleMin: z.number().int(),
  scaleMax: z.number().int(),
  labels: z.array(z.string()),
  position: z.number().int(),
});
export type FactorDef = z.infer<typeof FactorSchema>;
export const FactorInputSchema = z
  .object({
    id: IdSchema.optional(),
    name: text().trim().min(1, "Name the factor").max(80),
    description: text().trim().max(500).default(""),
    weight: z.number().finite().gt(0, "Weights are positive").max(1000),
    direction: z.enum(["benefit", "cost"]),
    kind: z.enum(FACTOR_KINDS).default("rated"),
    scaleMin: int(0, 10).default(1),
    scaleMax: int(1, 10).default(5),
    labels: z.array(text().trim().max(80)).max(11).default([]),
  })
  .refine((f) => f.scaleMax > f.scaleMin, { path: ["scaleMax"], message: "The top must be above the bottom" })
  .refine((f) => f.labels.length === 0 || f.labels.length === f.scaleMax - f.scaleMin + 1, {
    path: ["labels"],
    message: "Give one label per scale point, or none",
  });
export const PutFactorsSchema = z.object({
  productId: IdSchema.nullable().default(null), // null: the workspace's defaults
  factors: z
    .array(FactorInputSchema)
    .min(1, "Keep at least one factor")
    .max(12)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((f, i) => {
        if (f.kind === "rated") return;
        if (seen.has(f.kind))
          ctx.addIssue({
            code: "custom",
            path: [i, "kind"],
            message: "A set has at most one factor of this kind",
          });
        seen.add(f.kind);
      });
    }),
});
export type PutFactors = z.input<typeof PutFactorsSchema>;
export const FactorSetSchema = z.object({
  scope: z.enum(["workspace", "product"]),
  productId: IdSchema.nullable(),
  factors: z.array(FactorSchema),
});
export type FactorSet = z.infer<typeof FactorSetSchema>;
export const FactorQuerySchema = z.object({ productId: IdSchema.optional() });
export const RecomputeResultSchema = FactorSetSchema.extend({
  recomputed: z.object({ ideas: z.number().int(), ms: z.number() }),
});

// ---- scoring rounds ----
export const RoundSchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  productName: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(["open", "closed"]),
  deadline: Timestamp,
  showOthers: z.boolean(),
  closedAt: Timestamp.nullable(),
  closeReason: z.enum(["deadline", "manual"]).nullable(),
  ideaCount: z.number().int(),
  voterCount: z.number().int(),
  /** voters who rated or abstained on every idea × factor */
  finishedVoters: z.number().int(),
  /** the caller's own progress, when they are a voter */
  myProgress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  createdBy: IdSchema.nullable(),
  createdAt: Timestamp,
  version: z.number().int(),
});
export type Round = z.infer<typeof RoundSchema>;
export const RoundVoterSchema = z.object({
  userId: IdSchema,
  name: z.string(),
  email: z.string(),
  teamId: IdSchema.nullable(),
  done: z.number().int(),
  total: z.number().int(),
});
export const RoundDetailSchema = RoundSchema.extend({
  ideas: z.array(
    z.object({ id: IdSchema, number: z.number().int(), title: z.string(), description: z.string() }),
  ),
  voters: z.array(RoundVoterSchema),
  factors: z.array(FactorSchema),
  amVoter: z.boolean(),
  canManage: z.boolean(),
});
export type RoundDetail = z.infer<typeof RoundDetailSchema>;
export const CreateRoundSchema = z
  .object({
    productId: IdSchema,
    name: text().trim().min(1, "Name the round").max(120),
    description: text().max(5000).default(""),
    ideaIds: z.array(IdSchema).min(1, "Pick at least one idea").max(2000),
    voterIds: z.array(IdSchema).max(500).default([]),
    teamIds: z.array(IdSchema).max(100).default([]),
    deadline: instant("Give the deadline as an ISO date-time"),
    showOthers: z.boolean().default(false),
  })
  .refine((r) => r.voterIds.length + r.teamIds.length > 0, {
    path: ["voterIds"],
    message: "Choose at least one voter or team",
  });
export type CreateRound = z.input<typeof CreateRoundSchema>;
export const UpdateRoundSchema = z.object({
  version: VersionSchema,
  name: text().trim().min(1).max(120).optional(),
  description: text().max(5000).optional(),
  deadline: instant().optional(),
  showOthers: z.boolean().optional(),
  addIdeaIds: z.array(IdSchema).max(2000).optional(),
  addVoterIds: z.array(IdSchema).max(500).optional(),
});
export const RoundQuerySchema = z.object({
  productId: IdSchema.optional(),
  status: z.enum(["open", "closed"]).optional(),
  mine: z.coerce.boolean().optional(), // rounds where I vote
});

export const RatingSchema = z.object({
  ideaId: IdSchema,
  factorId: IdSchema,
  voterId: IdSchema,
  value: z.number().int().nullable(), // null: abstained
  abstainReason: z.string().nullable(),
  updatedAt: Timestamp,
});
export type RatingRow = z.infer<typeof RatingSchema>;
export const CastRatingSchema = z
  .object({
    ideaId: IdSchema,
    factorId: IdSchema,
    value: int(0, 100).nullable(), // within the factor's scale (checked by the service)
    abstainReason: text().trim().max(500).nullable().default(null),
  })
  .refine((r) => r.value !== null || (r.abstainReason?.length ?? 0) >= 3, {
    path: ["abstainReason"],
    message: "Say why you abstain",
  });
export const CastRatingsSchema = z.object({ ratings: z.array(CastRatingSchema).min(1).max(2000) });
export type CastRatings = z.input<typeof CastRatingsSchema>;
export const BallotSchema = z.object({
  mine: z.array(RatingSchema),
  others: z.array(RatingSchema.extend({ voterName: z.string() })).nullable(),
});

export const ScoreStepSchema = z.object({
  factorId: IdSchema,
  mean: z.number(),
  normalized: z.number(),
  weight: z.number(),
  contribution: z.number(),
});
export const RoundResultSchema = z.object({
  ideaId: IdSchema,
  number: z.number().int(),
  title: z.string(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  factorStats: z.array(FactorStatSchema),
  steps: z.array(ScoreStepSchema),
  participation: z.object({ voters: z.number().int(), of: z.number().int() }),
  spread: z.number().nullable(), // largest per-factor spread
  // Voters who differ from the median of a factor's votes (scoring.ts disagreement), largest first.
  outliers: z.array(
    z.object({
      factorId: IdSchema,
      voterId: IdSchema,
      name: z.string(),
      value: z.number(),
      median: z.number(),
      by: z.number(),
    }),
  ),
  disagreement: z.enum(["low", "some", "high"]),
});
/** What closing a round would change (computed without writing): ideas whose score or rank moves. */
export const ClosePreviewSchema = z.object({
  framework: FrameworkSchema,
  changes: z.array(
    z.object({
      ideaId: IdSchema,
      number: z.number().int(),
      title: z.string(),
      scoreBefore: z.number().nullable(),
      scoreAfter: z.number().nullable(),
      rankBefore: z.number().int().nullable(),
      rankAfter: z.number().int().nullable(),
    }),
  ),
});
export type ClosePreview = z.infer<typeof ClosePreviewSchema>;

// ---- how a product's rounds count, and each idea's score history (docs/SCORING.md) ----
export const SCORE_COUNTING_MODES = ["replace", "combine"] as const;
export const ScoreCountingSchema = z.object({
  mode: z.enum(SCORE_COUNTING_MODES),
  /** Under "combine": a round's votes count half as much every this many rounds; null: no decay. */
  halfLifeRounds: z.number().nullable(),
  version: z.number().int(),
  changedBy: IdSchema.nullable(),
  changedByName: z.string().nullable(),
  changedAt: Timestamp.nullable(),
});
export type ScoreCounting = z.infer<typeof ScoreCountingSchema>;
export const PutScoreCountingSchema = z
  .object({
    /** The version read (0 when the product has never changed it). */
    version: int(0),
    mode: z.enum(SCORE_COUNTING_MODES),
    halfLifeRounds: z
      .number()
      .min(0.25, "At least a quarter of a round")
      .max(100, "At most 100 rounds")
      .nullable()
      .optional(),
  })
  .strict();
export type PutScoreCounting = z.infer<typeof PutScoreCountingSchema>;
export const SCORE_HISTORY_CAUSES = [
  "round",
  "factors",
  "counting",
  "framework",
  "merge",
  "evidence",
] as const;
export const ScoreHistorySchema = z.object({
  items: z.array(
    z.object({
      id: IdSchema,
      at: Timestamp,
      cause: z.enum(SCORE_HISTORY_CAUSES),
      roundId: IdSchema.nullable(),
      roundName: z.string().nullable(),
      framework: FrameworkSchema,
      score: z.number().nullable(),
      scoreWeighted: z.number().nullable(),
      rank: z.number().int().nullable(),
    }),
  ),
});
export type ScoreHistory = z.infer<typeof ScoreHistorySchema>;
export const RoundResultsSchema = z.object({
  round: RoundSchema,
  factors: z.array(FactorSchema),
  results: z.array(RoundResultSchema),
});
export type RoundResults = z.infer<typeof RoundResultsSchema>;

export const ScoreExplanationSchema = z.object({
  framework: FrameworkSchema,
  factors: z.array(FactorSchema),
  /** Each computed factor's value and where it comes from ("Customer demand 6.3 → 3.52 on 1–5: 4 customers"). */
  computed: z.array(
    z.object({
      factorId: IdSchema,
      kind: z.enum(FACTOR_KINDS),
      value: z.number().nullable(),
      source: z.string(),
    }),
  ),
  weighted: z.object({
    score: z.number().nullable(),
    steps: z.array(ScoreStepSchema),
    roundId: IdSchema.nullable(),
    roundName: z.string().nullable(),
  }),
  /** How the product's rounds count, and which closed rounds and voters the weighted score comes from. */
  counting: ScoreCountingSchema,
  rounds: z.array(
    z.object({
      roundId: IdSchema,
      name: z.string(),
      closedAt: Timestamp,
      /** 0 for the latest round that rated the idea, 1 for the one before, … */
      age: z.number().int(),
      /** Each vote of this round counts this much (1 under "replace"; 0.5^(age / half-life) under "combine"). */
      voteWeight: z.number(),
      /** This round's share of the weighted score's votes (its votes × voteWeight over all rounds'), 0–1. */
      share: z.number(),
      voters: z.array(z.object({ userId: IdSchema, name: z.string() })),
    }),
  ),
  inputs: FrameworkInputsSchema,
  /**
   * The product takes RICE's reach from customer evidence (null: off, the entered reach counts): the reach RICE used
   * (distinct voices: a company, else a person, else an external handle; spam excluded), the entered one (kept,
   * unused) and "reach 4 = distinct customers in the evidence".
   */
  riceReach: z
    .object({ reach: z.number().int(), enteredReach: z.number().nullable(), source: z.string() })
    .nullable(),
  scores: ScoresSchema,
  formulas: z.record(FrameworkSchema, z.string()),
});

// ---- saved views ----
export const ViewConfigSchema = z.object({
  q: text().max(200).optional(),
  status: z.array(IdeaStatusSchema).optional(),
  tag: text().max(40).optional(),
  ownerId: IdSchema.optional(),
  sort: z.enum(IDEA_SORTS).optional(),
  dir: z.enum(["asc", "desc"]).optional(),
  columns: z.array(text().max(40)).max(30).optional(),
});
export const SavedViewSchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  name: z.string(),
  shared: z.boolean(),
  ownerId: IdSchema.nullable(),
  config: ViewConfigSchema,
  createdAt: Timestamp,
});
export type SavedView = z.infer<typeof SavedViewSchema>;
export const CreateViewSchema = z.object({
  name: text().trim().min(1, "Name the view").max(80),
  shared: z.boolean().default(false),
  config: ViewConfigSchema,
});

// ---- in-app notifications ----
export const NotificationSchema = z.object({
  id: IdSchema,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Notification = z.infer<typeof NotificationSchema>;
export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  unread: z.number().int(),
});
export const MarkReadSchema = z.object({ ids: z.array(IdSchema).max(500).optional() }); // none: all
