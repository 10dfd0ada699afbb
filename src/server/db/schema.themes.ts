import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { feedbackItems } from "./schema.feedback.ts";
import { created, id, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * Feedback themes (docs/FEEDBACK.md "Themes"): groupings of feedback items a person confirmed (suggestions are
 * computed on demand and not stored), and the items a person dismissed from suggestions.
 */
export const feedbackThemes = pgTable(
  "feedback_themes",
  {
    workspaceId: wsRef(),
    id: id(),
    name: text("name").notNull(),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("feedback_themes_name_key").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

/** An item in a theme; an item may be in several. */
export const feedbackThemeItems = pgTable(
  "feedback_theme_items",
  {
    workspaceId: wsRef(),
    themeId: uuid("theme_id").notNull(),
    itemId: uuid("item_id").notNull(),
    addedBy: userRef("added_by"),
    addedAt: ts("added_at").notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.themeId, t.itemId] }),
    index("feedback_theme_items_item_idx").on(t.workspaceId, t.itemId),
    tenantFk(t, t.themeId, feedbackThemes),
    tenantFk(t, t.itemId, feedbackItems),
  ],
);

/** Items a person dismissed from a suggested theme: they are not suggested again. */
export const feedbackThemeDismissals = pgTable(
  "feedback_theme_dismissals",
  {
    workspaceId: wsRef(),
    itemId: uuid("item_id").notNull(),
    dismissedBy: userRef("dismissed_by"),
    dismissedAt: ts("dismissed_at").notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.itemId] }), tenantFk(t, t.itemId, feedbackItems)],
);
