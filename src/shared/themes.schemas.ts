import { z } from "zod";
import { FeedbackStatusSchema, SentimentSchema } from "./feedback.schemas.ts";
import { instant, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of feedback themes, trends and similar items (docs/FEEDBACK.md "Themes"). */

const ThemeName = text().trim().min(1, "Give the theme a name").max(120, "Use at most 120 characters");
const ItemIds = z.array(IdSchema).min(1, "Pick at least one item").max(500, "At most 500 items at once");

export const CreateThemeSchema = z.object({ name: ThemeName, itemIds: ItemIds });
export type CreateTheme = z.infer<typeof CreateThemeSchema>;
export const UpdateThemeSchema = z.object({ name: ThemeName, version: VersionSchema });
export const MergeThemeSchema = z.object({ intoId: IdSchema });
export const ThemeItemsSchema = z.object({ itemIds: ItemIds });
export const DismissSuggestionSchema = z.object({ itemIds: ItemIds });

export const ThemeSchema = z.object({
  id: IdSchema,
  name: z.string(),
  itemCount: z.number().int(),
  /** When its newest item was received (null without items). */
  latestAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Theme = z.infer<typeof ThemeSchema>;
export const ThemeListSchema = z.object({ items: z.array(ThemeSchema) });

export const SuggestionsQuerySchema = z.object({
  /** How many of the newest unthemed items to group. */
  limit: queryInt(10, 2000).default(1000),
});
export const SuggestedItemSchema = z.object({
  id: IdSchema,
  title: z.string().nullable(),
  excerpt: z.string(),
  receivedAt: z.string(),
  sentiment: SentimentSchema,
});
export const SuggestionSchema = z.object({
  /** The group's first item id: stable while its items do not change. */
  key: z.string(),
  name: z.string(),
  terms: z.array(z.string()),
  /** Mean similarity of its items (0–1). */
  cohesion: z.number(),
  items: z.array(SuggestedItemSchema),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;
export const SuggestionsSchema = z.object({
  /** How many items were grouped (newest first, not spam, in no theme, not dismissed). */
  considered: z.number().int(),
  suggestions: z.array(SuggestionSchema),
});

export const TrendsQuerySchema = z.object({
  /** Weeks to show, ending with the week of `to` (default this week). */
  weeks: queryInt(1, 104).default(12),
  to: instant().optional(),
  /** Themes to chart (repeatable); default the 8 with most items in the range. */
  themeId: z
    .union([IdSchema, z.array(IdSchema).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
});
export const TrendsSchema = z.object({
  /** Week starts (Mondays, UTC), oldest first. */
  weeks: z.array(z.string()),
  /** One entry per week: items received (spam left out), per sentiment, and the mean sentiment score (−1…1). */
  sentiment: z.array(
    z.object({
      week: z.string(),
      count: z.number().int(),
      positive: z.number().int(),
      neutral: z.number().int(),
      negative: z.number().int(),
      averageScore: z.number().nullable(),
    }),
  ),
  themes: z.array(
    z.object({
      id: IdSchema,
      name: z.string(),
      total: z.number().int(),
      /** Items per week, aligned with `weeks`. */
      counts: z.array(z.number().int()),
      averageScore: z.array(z.number().nullable()),
    }),
  ),
});
export type Trends = z.infer<typeof TrendsSchema>;

export const SimilarQuerySchema = z.object({
  /** The text being typed (a title or a body). */
  q: text().max(2000, "Use at most 2,000 characters"),
  /** Limit ideas to one product. */
  productId: IdSchema.optional(),
  limit: queryInt(1, 20).default(5),
  /** Leave this item out (the one being edited). */
  exclude: IdSchema.optional(),
});
export const SimilarSchema = z.object({
  feedback: z.array(
    z.object({
      id: IdSchema,
      title: z.string().nullable(),
      excerpt: z.string(),
      status: FeedbackStatusSchema,
      receivedAt: z.string(),
      /** 0–1: how alike the texts are. */
      score: z.number(),
    }),
  ),
  ideas: z.array(
    z.object({
      id: IdSchema,
      productId: IdSchema,
      number: z.number().int(),
      title: z.string(),
      status: z.string(),
      score: z.number(),
    }),
  ),
});
export type Similar = z.infer<typeof SimilarSchema>;
