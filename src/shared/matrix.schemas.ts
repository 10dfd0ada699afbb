import { z } from "zod";
import { CELL_STATUSES } from "./matrix.ts";
import { text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of the feature matrix (docs/COMPETITORS.md "Feature matrix"). */

const Timestamp = z.string();
export const CellStatusSchema = z.enum(CELL_STATUSES);
export const MATRIX_VIEWS = ["all", "gaps", "differentiators"] as const;
export const MatrixViewSchema = z.enum(MATRIX_VIEWS);
export type MatrixView = z.infer<typeof MatrixViewSchema>;

const Name = text().trim().min(1, "Give the capability a name").max(200, "Use at most 200 characters");
const Theme = text().trim().max(100, "Use at most 100 characters");
const Description = text().trim().max(5000, "Use at most 5,000 characters");
const Note = text().trim().max(2000, "Use at most 2,000 characters");
const SourceUrl = text()
  .trim()
  .max(2000, "Use at most 2,000 characters")
  .regex(/^https?:\/\//i, "Links must start with http:// or https://")
  .nullable();

export const MatrixQuerySchema = z.object({ view: MatrixViewSchema.default("all") });

export const MatrixCellSchema = z.object({
  status: CellStatusSchema,
  note: z.string(),
  sourceUrl: z.string().nullable(),
  verifiedAt: Timestamp.nullable(),
  verifiedBy: IdSchema.nullable(),
  /** The detected change this cell was last updated from (competitor cells only). */
  changeId: IdSchema.nullable(),
  /** A claim (has, partial, no) never verified or verified more than staleAfterDays ago. */
  stale: z.boolean(),
  /** The cell's version (our own cell: the row's version). 0: a competitor cell never written. */
  version: z.number().int(),
});
export type MatrixCell = z.infer<typeof MatrixCellSchema>;

export const MatrixRowSchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  name: z.string(),
  theme: z.string(),
  description: z.string(),
  ideaId: IdSchema.nullable(),
  ideaNumber: z.number().int().nullable(),
  ideaTitle: z.string().nullable(),
  /** The linked idea's score in the ranked backlog (idea_scores.score). */
  ideaScore: z.number().nullable(),
  roadmapItemId: IdSchema.nullable(),
  roadmapItemTitle: z.string().nullable(),
  position: z.number().int(),
  ours: MatrixCellSchema,
  /** Competitors' cells by competitor id; a column without a cell is unknown and never verified. */
  cells: z.record(z.string(), MatrixCellSchema),
  /** Competitors (of the matrix's columns) that have it / have it partly. */
  have: z.number().int(),
  partial: z.number().int(),
  gap: z.boolean(),
  differentiator: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type MatrixRow = z.infer<typeof MatrixRowSchema>;

export const MatrixColumnSchema = z.object({
  id: IdSchema,
  name: z.string(),
  status: z.string(),
});
export type MatrixColumn = z.infer<typeof MatrixColumnSchema>;

export const MatrixSchema = z.object({
  productId: IdSchema,
  view: MatrixViewSchema,
  staleAfterDays: z.number().int(),
  /** The competitors linked to the product that are not archived, by name; "ours" is every row's `ours`. */
  columns: z.array(MatrixColumnSchema),
  /**
   * view=all: one group per theme (themes by name, the unthemed group "" first), rows by position. gaps and
   * differentiators: one group with theme "" holding the rows in the view's order (each row keeps its theme).
   */
  groups: z.array(z.object({ theme: z.string(), rows: z.array(MatrixRowSchema) })),
  counts: z.object({
    rows: z.number().int(),
    gaps: z.number().int(),
    differentiators: z.number().int(),
    staleCells: z.number().int(),
  }),
});
export type Matrix = z.infer<typeof MatrixSchema>;

/** Our own cell, set with a row (verified now). */
export const OursInputSchema = z.object({
  status: CellStatusSchema,
  note: Note.default(""),
  sourceUrl: SourceUrl.default(null),
});

export const CreateMatrixRowSchema = z
  .object({
    /** Defaults to the idea's or the roadmap item's title. */
    name: Name.optional(),
    theme: Theme.default(""),
    description: Description.default(""),
    ideaId: IdSchema.nullable().default(null),
    roadmapItemId: IdSchema.nullable().default(null),
    ours: OursInputSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.ideaId !== null || b.roadmapItemId !== null, {
    message: "Give the capability a name, or pick an idea or a roadmap item",
    path: ["name"],
  });
export type CreateMatrixRow = z.input<typeof CreateMatrixRowSchema>;

export const RowsFromIdeasSchema = z.object({
  ideaIds: z.array(IdSchema).min(1, "Pick at least one idea").max(200, "At most 200 ideas at once"),
  theme: Theme.default(""),
});
export const RowsFromIdeasResultSchema = z.object({
  created: z.array(MatrixRowSchema),
  /** Ideas that already had a row in this product's matrix. */
  skipped: z.array(IdSchema),
});

export const UpdateMatrixRowSchema = z.object({
  version: VersionSchema,
  name: Name.optional(),
  theme: Theme.optional(),
  description: Description.optional(),
  ideaId: IdSchema.nullable().optional(),
  roadmapItemId: IdSchema.nullable().optional(),
  ours: OursInputSchema.optional(),
});
export type UpdateMatrixRow = z.infer<typeof UpdateMatrixRowSchema>;

export const ReorderMatrixSchema = z.object({
  /** Row ids in their new order (positions 0, 1, …); rows left out keep theirs. */
  ids: z
    .array(IdSchema)
    .min(1)
    .max(5000)
    .refine((ids) => new Set(ids).size === ids.length, "Each row only once"),
});

export const PutMatrixCellSchema = z.object({
  status: CellStatusSchema,
  note: Note.default(""),
  sourceUrl: SourceUrl.default(null),
  /** Mark the cell verified now (default) or keep its last verification. */
  verified: z.boolean().default(true),
  /** The detected change this update comes from (the changes UI sets it). */
  changeId: IdSchema.nullable().optional(),
  /** The version you read (0 for a cell never written); a stale one is a 409. Leave out to overwrite. */
  version: z.number().int().min(0).max(2_147_483_647).optional(),
});
export type PutMatrixCell = z.input<typeof PutMatrixCellSchema>;

/** "ours" or a competitor's id. */
export const CellTargetSchema = z.union([z.literal("ours"), IdSchema]);
export const MatrixCellParams = z.object({ wid: z.string(), id: IdSchema, competitorId: CellTargetSchema });

export const LinkRowIdeaSchema = z.object({
  /** Link this existing idea of the product; leave out to create a new idea from the row. */
  ideaId: IdSchema.optional(),
  /** The new idea's title (defaults to the row's name). */
  title: text().trim().min(1).max(200).optional(),
});

export const IdeaCompetitorsSchema = z.object({
  ideaId: IdSchema,
  productId: IdSchema,
  /** Competitors linked to the idea's product (not archived). */
  total: z.number().int(),
  /** Competitors that have it (in any of the idea's rows), and those that have it only partly. */
  have: z.number().int(),
  partial: z.number().int(),
  rows: z.array(z.object({ id: IdSchema, name: z.string(), theme: z.string() })),
  competitors: z.array(
    z.object({
      id: IdSchema,
      name: z.string(),
      status: CellStatusSchema,
      verifiedAt: Timestamp.nullable(),
      stale: z.boolean(),
    }),
  ),
});
export type IdeaCompetitors = z.infer<typeof IdeaCompetitorsSchema>;
