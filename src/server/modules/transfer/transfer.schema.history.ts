import { z } from "zod";
import { FRAMEWORKS } from "../../../shared/enums.ts";
import { SCORE_COUNTING_MODES, SCORE_HISTORY_CAUSES } from "../../../shared/ideas.schemas.ts";

/**
 * How rounds count and each idea's score history in the export document (format version 6, docs/SCORING.md):
 * a product's score counting setting, and the history rows of its ideas (the round a row names may be gone: null).
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
const Score = z.number().nullable();

export const ExportScoreSettingSchema = z.strictObject({
  productId: Id,
  mode: z.enum(SCORE_COUNTING_MODES),
  halfLifeRounds: z.number().positive().nullable(),
  updatedBy: Id.nullable(),
  updatedAt: Ts,
  version: z.number().int().min(1),
});

export const ExportIdeaScoreHistorySchema = z.strictObject({
  id: Id,
  ideaId: Id,
  at: Ts,
  cause: z.enum(SCORE_HISTORY_CAUSES),
  roundId: Id.nullable(),
  framework: z.enum(FRAMEWORKS),
  score: Score,
  scoreWeighted: Score,
  rank: z.number().int().min(1).nullable(),
});
