/** Types of the prioritization API (type-only: zod never reaches the bundle), and web-side copies of its vocabularies. */
import type { z } from "zod";
import type { Framework, IdeaStatus } from "../../../shared/enums.ts";
import type {
  IDEA_SORTS,
  IMPORT_FIELDS,
  ImportIdeasSchema,
  ScoreExplanationSchema,
  ScoreStepSchema,
  ViewConfigSchema,
} from "../../../shared/ideas.schemas.ts";

export type {
  Comment,
  FactorDef,
  FactorSet,
  FactorStat,
  FrameworkInputs,
  Idea,
  IdeaPage,
  IdeaRow,
  ImportResult,
  SavedView,
  ScoreHistory,
  Scores,
} from "../../../shared/ideas.schemas.ts";

export type IdeaSort = (typeof IDEA_SORTS)[number];
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ScoreExplanation = z.infer<typeof ScoreExplanationSchema>;
export type ScoreStep = z.infer<typeof ScoreStepSchema>;
export type ViewConfig = z.infer<typeof ViewConfigSchema>;
export type ImportMapping = NonNullable<z.input<typeof ImportIdeasSchema>["mapping"]>;

/** The same lists as the shared schemas (importing those values would pull zod into the bundle). */
export const SORTS = [
  "rank",
  "score",
  "title",
  "created",
  "updated",
  "rice",
  "ice",
  "wsjf",
  "weighted",
] as const satisfies readonly IdeaSort[];
export const IMPORT_FIELD_LIST = [
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
] as const satisfies readonly ImportField[];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  title: "Title",
  description: "Description",
  status: "Status",
  tags: "Tags",
  ownerEmail: "Owner (e-mail)",
  effort: "Effort",
  reach: "Reach",
  impact: "Impact",
  confidence: "Confidence %",
  ease: "Ease",
};

export const STATUS_COLORS: Record<IdeaStatus, string> = {
  new: "gray",
  under_review: "yellow",
  planned: "blue",
  in_progress: "indigo",
  shipped: "teal",
  declined: "red",
  merged: "dark",
};

/**
 * The value-vs-effort matrix's dot colour per status: six distinct hues (the badges' "gray" for New would
 * vanish on the chart, and the brand indigo it used to borrow is Started's indigo).
 */
export const MATRIX_STATUS_COLORS: Record<Exclude<IdeaStatus, "merged">, string> = {
  new: "gray",
  under_review: "yellow",
  planned: "blue",
  in_progress: "grape",
  shipped: "teal",
  declined: "red",
};

export const FRAMEWORK_HINTS: Record<Framework, string> = {
  weighted: "Stakeholders rate each idea on the scoring factors; 0–100",
  rice: "Reach × Impact × Confidence ÷ Effort",
  ice: "Impact × Confidence × Ease",
  wsjf: "(Business value + Time criticality + Risk reduction) ÷ Job size",
};

/** The statuses an idea can be set to by hand ("merged" comes only from merging). */
export type SettableStatus = Exclude<IdeaStatus, "merged">;
