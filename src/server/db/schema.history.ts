import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { id, ideas, products, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * How a product's scoring rounds count (docs/SCORING.md "Which ratings count"): "replace" (the latest closed
 * round's ratings replace earlier ones; also what a product without a row does) or "combine" (every closed
 * round's per-factor means, weighted by votes, older rounds halving every `halfLifeRounds` rounds; null: no decay).
 */
export const scoreSettings = pgTable(
  "score_settings",
  {
    workspaceId: wsRef(),
    productId: uuid("product_id").notNull(),
    mode: text("mode").notNull().default("replace"),
    halfLifeRounds: doublePrecision("half_life_rounds"),
    updatedBy: userRef("updated_by"),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.productId] }), tenantFk(t, t.productId, products)],
);

/**
 * Each idea's score history: one row per change of its weighted or active score or its rank made by a scoring
 * event (a round closed, a factor change, a change of how rounds count, of the framework, a merge), with the
 * product's framework then. Rank shifts caused by other ideas' status or pins are not recorded.
 */
export const ideaScoreHistory = pgTable(
  "idea_score_history",
  {
    workspaceId: wsRef(),
    id: id(),
    ideaId: uuid("idea_id").notNull(),
    at: ts("at").notNull().default(sql`now()`),
    /** round | factors | counting | framework | merge */
    cause: text("cause").notNull(),
    /** The round whose close caused the change (no foreign key: the history outlives a deleted round). */
    roundId: uuid("round_id"),
    framework: text("framework").notNull(),
    score: doublePrecision("score"),
    scoreWeighted: doublePrecision("score_weighted"),
    rank: integer("rank"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("idea_score_history_idea_idx").on(t.workspaceId, t.ideaId, t.at),
    tenantFk(t, t.ideaId, ideas),
  ],
);
