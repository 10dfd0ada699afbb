import { z } from "zod";
import { DaySchema, instant, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/**
 * The contract of competitors (docs/COMPETITORS.md "Profiles, SWOT, pricing and battlecards"): profiles with
 * their products, watchers and logo, SWOT cards, pricing plans with their dated history, battlecards.
 */

const Timestamp = z.string();

export const COMPETITOR_STATUSES = ["active", "watch", "archived"] as const;
export type CompetitorStatusValue = (typeof COMPETITOR_STATUSES)[number];
export const COMPETITOR_STATUS_LABELS: Record<CompetitorStatusValue, string> = {
  active: "Active",
  watch: "Watching",
  archived: "Archived",
};
export const SWOT_QUADRANTS = ["strength", "weakness", "opportunity", "threat"] as const;
export type Quadrant = (typeof SWOT_QUADRANTS)[number];
export const SWOT_LABELS: Record<Quadrant, string> = {
  strength: "Strengths",
  weakness: "Weaknesses",
  opportunity: "Opportunities",
  threat: "Threats",
};
export const BILLING_PERIODS = ["month", "year", "once", "other"] as const;
export type Period = (typeof BILLING_PERIODS)[number];
export const BILLING_PERIOD_LABELS: Record<Period, string> = {
  month: "per month",
  year: "per year",
  once: "one-time",
  other: "other",
};
export const BATTLECARD_SECTIONS = ["why_we_win", "why_we_lose", "objections", "landmines"] as const;
export type Section = (typeof BATTLECARD_SECTIONS)[number];
export const BATTLECARD_LABELS: Record<Section, string> = {
  why_we_win: "Why we win",
  why_we_lose: "Why we lose",
  objections: "Objection handling",
  landmines: "Landmines",
};

/** Logo uploads: at most 256 kB, a raster image recognised by its first bytes (never SVG: it can carry script). */
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif", "image/x-icon"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** The image type of a logo from its magic bytes; null for anything else (SVG, HTML, text …). */
export function sniffImage(b: Uint8Array): LogoType | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (b.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (b.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (
    b.length >= 6 &&
    (at(0, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || at(0, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61))
  )
    return "image/gif";
  if (b.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  // ICO: reserved 0, type 1 (icon), at least one image.
  if (b.length >= 6 && at(0, 0, 0, 1, 0) && (b[4] > 0 || b[5] > 0)) return "image/x-icon";
  return null;
}

export const HttpUrlSchema = text()
  .trim()
  .max(2000, "Use at most 2,000 characters")
  .regex(/^https?:\/\/[^\s/?#]+[^\s]*$/i, "Use an address that starts with http:// or https://");

const Name = text().trim().min(1, "Give the competitor a name").max(200, "At most 200 characters");
const Positioning = text().trim().max(500, "At most 500 characters");
const Segments = z
  .array(text().trim().min(1, "Empty segment").max(60, "At most 60 characters"))
  .max(20, "At most 20 segments");
const Notes = text().max(100_000, "At most 100,000 characters");
const Links = z
  .array(
    z.object({
      label: text().trim().min(1, "Give the link a label").max(100, "At most 100 characters"),
      url: HttpUrlSchema,
    }),
  )
  .max(30, "At most 30 links");

const ProductRef = z.object({ id: IdSchema, name: z.string() });

export const CompetitorSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  website: z.string().nullable(),
  positioning: z.string().nullable(),
  segments: z.array(z.string()),
  status: z.enum(COMPETITOR_STATUSES),
  products: z.array(ProductRef),
  /** When the logo last changed (for cache-busting its URL); null without a logo. */
  logoUpdatedAt: Timestamp.nullable(),
  watching: z.boolean(),
  watcherCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type CompetitorSummary = z.infer<typeof CompetitorSummarySchema>;

export const CompetitorSchema = CompetitorSummarySchema.extend({
  notes: z.string(),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  createdBy: IdSchema.nullable(),
});
export type Competitor = z.infer<typeof CompetitorSchema>;

export const CompetitorListSchema = z.object({ items: z.array(CompetitorSummarySchema) });

export const CompetitorQuerySchema = z.object({
  status: z.enum(COMPETITOR_STATUSES).optional(),
  productId: IdSchema.optional(),
  q: text().trim().max(200).optional(),
});

export const CreateCompetitorSchema = z.object({
  name: Name,
  website: HttpUrlSchema.nullable().default(null),
  positioning: Positioning.nullable().default(null),
  segments: Segments.default([]),
  notes: Notes.default(""),
  links: Links.default([]),
  status: z.enum(COMPETITOR_STATUSES).default("active"),
  productIds: z.array(IdSchema).max(100, "At most 100 products").default([]),
});
export type CreateCompetitor = z.infer<typeof CreateCompetitorSchema>;

export const UpdateCompetitorSchema = z.object({
  version: VersionSchema,
  name: Name.optional(),
  website: HttpUrlSchema.nullable().optional(),
  positioning: Positioning.nullable().optional(),
  segments: Segments.optional(),
  notes: Notes.optional(),
  links: Links.optional(),
  /** Archiving (or bringing back from the archive) needs competitors.manage. */
  status: z.enum(COMPETITOR_STATUSES).optional(),
});
export type UpdateCompetitor = z.infer<typeof UpdateCompetitorSchema>;

export const WatchStateSchema = z.object({ watching: z.boolean(), watcherCount: z.number().int() });
export const WatcherListSchema = z.object({
  items: z.array(z.object({ userId: IdSchema, name: z.string(), since: Timestamp })),
});

export const LogoInfoSchema = z.object({
  contentType: z.enum(LOGO_TYPES),
  bytes: z.number().int(),
  fetchedFrom: z.string().nullable(),
  updatedAt: Timestamp,
});
export type LogoInfo = z.infer<typeof LogoInfoSchema>;

// ---- SWOT ----
const CardText = text().trim().min(1, "Write the card").max(2000, "At most 2,000 characters");

export const SwotCardSchema = z.object({
  id: IdSchema,
  competitorId: IdSchema,
  quadrant: z.enum(SWOT_QUADRANTS),
  text: z.string(),
  sourceUrl: z.string().nullable(),
  sourceDate: z.string().nullable(),
  changeId: IdSchema.nullable(),
  position: z.number().int(),
  createdBy: IdSchema.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type SwotCard = z.infer<typeof SwotCardSchema>;
export const SwotListSchema = z.object({ items: z.array(SwotCardSchema) });

export const CreateSwotCardSchema = z.object({
  quadrant: z.enum(SWOT_QUADRANTS),
  text: CardText,
  sourceUrl: HttpUrlSchema.nullable().default(null),
  sourceDate: DaySchema.nullable().default(null),
  /** The detected change the card was made from. */
  changeId: IdSchema.nullable().default(null),
});
export type CreateSwotCard = z.infer<typeof CreateSwotCardSchema>;

export const UpdateSwotCardSchema = z.object({
  version: VersionSchema,
  text: CardText.optional(),
  sourceUrl: HttpUrlSchema.nullable().optional(),
  sourceDate: DaySchema.nullable().optional(),
  /** Move to this quadrant (at `position`, else at its end). */
  quadrant: z.enum(SWOT_QUADRANTS).optional(),
  /** The card's place in its quadrant, from 0 (past the end: last). */
  position: z.number().int("Use a whole number").min(0, "At least 0").max(10_000, "At most 10000").optional(),
});
export type UpdateSwotCard = z.infer<typeof UpdateSwotCardSchema>;

// ---- pricing ----
/** A price in the plan's currency: two decimals, below a trillion (numeric(14,2)). */
const Price = z
  .number()
  .min(0, "At least 0")
  .max(999_999_999_999, "At most 999,999,999,999")
  .transform((n) => Math.round(n * 100) / 100);
const Currency = text()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "Use a three-letter currency code like USD")
  .transform((s) => s.toUpperCase());
const Unit = text()
  .trim()
  .min(1, "Say what one price buys, e.g. per user")
  .max(100, "At most 100 characters");
const PlanName = text().trim().min(1, "Give the plan a name").max(200, "At most 200 characters");

export const PricingPlanSchema = z.object({
  id: IdSchema,
  competitorId: IdSchema,
  name: z.string(),
  price: z.number().nullable(),
  currency: z.string(),
  unit: z.string(),
  billingPeriod: z.enum(BILLING_PERIODS),
  archived: z.boolean(),
  position: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type PricingPlan = z.infer<typeof PricingPlanSchema>;
export const PricingPlanListSchema = z.object({ items: z.array(PricingPlanSchema) });

export const CreatePricingPlanSchema = z.object({
  name: PlanName,
  /** Null: not public ("contact us"). */
  price: Price.nullable().default(null),
  currency: Currency.default("USD"),
  unit: Unit.default("flat"),
  billingPeriod: z.enum(BILLING_PERIODS).default("month"),
  /** When this price was seen (default now). */
  observedAt: instant().optional(),
  sourceUrl: HttpUrlSchema.nullable().default(null),
});
export type CreatePricingPlan = z.infer<typeof CreatePricingPlanSchema>;

export const UpdatePricingPlanSchema = z.object({
  version: VersionSchema,
  name: PlanName.optional(),
  price: Price.nullable().optional(),
  currency: Currency.optional(),
  unit: Unit.optional(),
  billingPeriod: z.enum(BILLING_PERIODS).optional(),
  archived: z.boolean().optional(),
  position: z.number().int().min(0, "At least 0").max(10_000, "At most 10000").optional(),
  /** When a new price was seen (default now); only used when the price, currency, unit or period changes. */
  observedAt: instant().optional(),
  sourceUrl: HttpUrlSchema.nullable().optional(),
});
export type UpdatePricingPlan = z.infer<typeof UpdatePricingPlanSchema>;

export const PricePointSchema = z.object({
  id: IdSchema,
  planId: IdSchema,
  planName: z.string(),
  price: z.number().nullable(),
  currency: z.string(),
  unit: z.string(),
  billingPeriod: z.enum(BILLING_PERIODS),
  observedAt: Timestamp,
  origin: z.enum(["manual", "monitor"]),
  sourceUrl: z.string().nullable(),
  changeId: IdSchema.nullable(),
});
export type PricePoint = z.infer<typeof PricePointSchema>;
export const PriceHistorySchema = z.object({ items: z.array(PricePointSchema) });

// ---- battlecard ----
export const BattlecardSectionSchema = z.object({
  section: z.enum(BATTLECARD_SECTIONS),
  body: z.string(),
  updatedBy: IdSchema.nullable(),
  /** Null: never written. */
  updatedAt: Timestamp.nullable(),
  /** 0: never written (send 0 to write it the first time). */
  version: z.number().int(),
});
export type BattlecardSectionValue = z.infer<typeof BattlecardSectionSchema>;
export const BattlecardSchema = z.object({
  competitorId: IdSchema,
  competitorName: z.string(),
  sections: z.array(BattlecardSectionSchema),
});
export type Battlecard = z.infer<typeof BattlecardSchema>;

export const UpdateBattlecardSectionSchema = z.object({
  /** The section's version as read (0 when it was never written). */
  version: z.number().int("Use a whole number").min(0, "At least 0").max(2_147_483_647, "At most 2147483647"),
  body: text().max(50_000, "At most 50,000 characters"),
});
export type UpdateBattlecardSection = z.infer<typeof UpdateBattlecardSectionSchema>;
