import { z } from "zod";
import { MonitorKindSchema } from "./monitoring.schemas.ts";
import { CursorSchema, instant, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/**
 * API contract of detected competitor changes (docs/COMPETITORS.md "Changes and the digest"): the feed, a change
 * with its word-level diff and its page's history, triage (category, importance, state), noise with an ignore
 * rule, links to ideas.
 */

export const CHANGE_CATEGORIES = ["pricing", "product", "messaging", "hiring", "other"] as const;
export type ChangeCategory = (typeof CHANGE_CATEGORIES)[number];
export const CHANGE_CATEGORY_LABELS: Record<ChangeCategory, string> = {
  pricing: "Pricing",
  product: "Product / feature",
  messaging: "Messaging",
  hiring: "Hiring",
  other: "Other",
};
export const CHANGE_IMPORTANCES = ["high", "normal", "low"] as const;
export type ChangeImportance = (typeof CHANGE_IMPORTANCES)[number];
export const CHANGE_IMPORTANCE_LABELS: Record<ChangeImportance, string> = {
  high: "High",
  normal: "Normal",
  low: "Low",
};
/** Sort rank: high first. */
export const importanceRank = (i: string) => Math.max(0, CHANGE_IMPORTANCES.indexOf(i as ChangeImportance));
export const CHANGE_STATES = ["new", "reviewed", "noise"] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];
export const CHANGE_STATE_LABELS: Record<ChangeState, string> = {
  new: "New",
  reviewed: "Reviewed",
  noise: "Noise",
};

export const ChangeCategorySchema = z.enum(CHANGE_CATEGORIES);
export const ChangeImportanceSchema = z.enum(CHANGE_IMPORTANCES);
export const ChangeStateSchema = z.enum(CHANGE_STATES);

const Timestamp = z.string();

/** One word-level diff operation: -1 removed, 0 unchanged, 1 added, with its text. */
export const DiffOpSchema = z.tuple([z.number().int(), z.string()]);
export type DiffOp = [number, string];

export const ChangeSummarySchema = z.object({
  id: IdSchema,
  competitorId: IdSchema,
  competitorName: z.string(),
  monitorId: IdSchema,
  monitorName: z.string(),
  monitorKind: MonitorKindSchema,
  monitorUrl: z.string(),
  detectedAt: Timestamp,
  /** Share of words changed, 0–100. */
  changedPercent: z.number(),
  addedWords: z.number().int(),
  removedWords: z.number().int(),
  /** False: below the monitor's threshold, kept for the history only. */
  reported: z.boolean(),
  summary: z.string(),
  category: ChangeCategorySchema,
  suggestedCategory: ChangeCategorySchema,
  importance: ChangeImportanceSchema,
  state: ChangeStateSchema,
  /** Prices read from a pricing page. */
  prices: z.array(z.record(z.string(), z.unknown())).nullable(),
  reviewedBy: IdSchema.nullable(),
  reviewedAt: Timestamp.nullable(),
  ideaCount: z.number().int(),
  version: z.number().int(),
});
export type ChangeSummary = z.infer<typeof ChangeSummarySchema>;

export const ChangePageSchema = z.object({
  items: z.array(ChangeSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ChangePage = z.infer<typeof ChangePageSchema>;

const list = <T extends z.ZodType>(s: T) =>
  z
    .union([s, z.array(s).max(10)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

export const ChangeQuerySchema = z.object({
  competitorId: IdSchema.optional(),
  monitorId: IdSchema.optional(),
  category: list(ChangeCategorySchema),
  importance: list(ChangeImportanceSchema),
  state: list(ChangeStateSchema),
  /** Changes detected at or after this instant. */
  since: instant().optional(),
  /** Changes detected before this instant. */
  until: instant().optional(),
  /** true (default): only reported changes; false: only those below the threshold; any: both (a page's history). */
  reported: z.enum(["true", "false", "any"]).default("true"),
  cursor: CursorSchema.optional(),
  limit: queryInt(1, 200).default(50),
});
export type ChangeQuery = z.infer<typeof ChangeQuerySchema>;

/** A neighbour in the page's history (the same monitor's previous or next change). */
export const ChangeNeighbourSchema = z.object({
  id: IdSchema,
  detectedAt: Timestamp,
  changedPercent: z.number(),
  summary: z.string(),
  reported: z.boolean(),
  state: ChangeStateSchema,
  importance: ChangeImportanceSchema,
});

export const ChangeIdeaSchema = z.object({
  ideaId: IdSchema,
  title: z.string(),
  productId: IdSchema,
  linkedAt: Timestamp,
});
export type ChangeIdea = z.infer<typeof ChangeIdeaSchema>;

export const ChangeDetailSchema = ChangeSummarySchema.extend({
  diff: z.array(DiffOpSchema),
  fromSnapshotId: IdSchema.nullable(),
  toSnapshotId: IdSchema.nullable(),
  monitor: z.object({
    id: IdSchema,
    name: z.string(),
    kind: MonitorKindSchema,
    url: z.string(),
    ignorePatterns: z.array(z.string()),
    thresholdPercent: z.number(),
    version: z.number().int(),
  }),
  competitor: z.object({ id: IdSchema, name: z.string(), website: z.string().nullable() }),
  ideas: z.array(ChangeIdeaSchema),
  previous: ChangeNeighbourSchema.nullable(),
  next: ChangeNeighbourSchema.nullable(),
});
export type ChangeDetail = z.infer<typeof ChangeDetailSchema>;

export const UpdateChangeSchema = z
  .object({
    category: ChangeCategorySchema,
    importance: ChangeImportanceSchema,
    state: ChangeStateSchema,
  })
  .partial()
  .extend({ version: VersionSchema });
export type UpdateChange = z.infer<typeof UpdateChangeSchema>;

/**
 * Marks a change as noise; with `phrase` (a literal text, escaped to a regular expression) or `pattern` (a
 * regular expression of the safe subset), its monitor ignores matches from now on.
 */
export const MarkNoiseSchema = z
  .object({
    version: VersionSchema,
    phrase: text()
      .trim()
      .min(1, "Give the phrase to ignore")
      .max(150, "Use at most 150 characters")
      .optional(),
    pattern: text().min(1, "Give a pattern").max(200, "Use at most 200 characters").optional(),
  })
  .refine((b) => !(b.phrase !== undefined && b.pattern !== undefined), {
    message: "Give a phrase or a pattern, not both",
    path: ["pattern"],
  });
export type MarkNoise = z.infer<typeof MarkNoiseSchema>;

export const NoiseResultSchema = z.object({
  change: ChangeDetailSchema,
  /** The rule added to the monitor (null: none asked for, or it was already there). */
  addedPattern: z.string().nullable(),
});

export const ChangeIdeasSchema = z.object({ items: z.array(ChangeIdeaSchema) });
