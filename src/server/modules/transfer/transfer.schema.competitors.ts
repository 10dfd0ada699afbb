import { z } from "zod";

/**
 * Competitors in the export document (format version 7): profiles and their logos, the products they compete
 * with, who watches them, monitored sources with the latest snapshot of each (older snapshots are pruned: the
 * diff of every change travels on the change), detected changes and the ideas they were linked to, SWOT cards,
 * pricing plans and their history, battlecards, and the feature matrix (rows and cells). Prices travel as
 * PostgreSQL's numeric text, so cents never pass through a float.
 */

const Id = z.uuid();
const Ts = z.iso.datetime({ offset: true });
const Version = z.number().int().min(1);
const Int = z.number().int();
const Str = () => z.string().refine((s) => !s.includes("\0"), "must not contain NUL characters");
const Text = (max: number) => Str().max(max);
const Name = Str().min(1).max(10_000);
const Day = z.iso.date();
const JsonObject = z.record(z.string(), z.unknown());
/** numeric(14,2) as PostgreSQL prints it. */
const Price = z
  .string()
  .regex(/^-?\d{1,12}\.\d{2}$/, "expected an amount like 29.00")
  .nullable();
const CellStatus = z.enum(["has", "partial", "no", "unknown"]);
const Period = z.enum(["month", "year", "once", "other"]);
const Category = z.enum(["pricing", "product", "messaging", "hiring", "other"]);

export const ExportCompetitorSchema = z.strictObject({
  id: Id,
  name: Name,
  website: Text(10_000).nullable(),
  positioning: Text(10_000).nullable(),
  segments: z.array(Text(10_000)),
  notes: Text(1_000_000),
  links: z.array(z.strictObject({ label: Text(10_000), url: Text(10_000) })),
  status: z.enum(["active", "watch", "archived"]),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportCompetitorLogoSchema = z.strictObject({
  competitorId: Id,
  contentType: z.enum(["image/png", "image/jpeg", "image/webp", "image/gif", "image/x-icon"]),
  /** ≤ 256 kB decoded. */
  dataBase64: z
    .string()
    .max(350_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "expected base64"),
  fetchedFrom: Text(10_000).nullable(),
  updatedAt: Ts,
});

export const ExportCompetitorProductSchema = z.strictObject({
  competitorId: Id,
  productId: Id,
  createdAt: Ts,
});

export const ExportCompetitorWatcherSchema = z.strictObject({ competitorId: Id, userId: Id, createdAt: Ts });

export const ExportMonitorSchema = z.strictObject({
  id: Id,
  competitorId: Id,
  kind: z.enum(["page", "feed", "sitemap", "json", "github_releases", "app_store"]),
  name: Name,
  url: Text(10_000),
  config: JsonObject,
  thresholdPercent: z.number().min(0).max(100),
  intervalMinutes: Int.min(1),
  enabled: z.boolean(),
  etag: Text(10_000).nullable(),
  lastModified: Text(10_000).nullable(),
  nextCheckAt: Ts,
  lastCheckAt: Ts.nullable(),
  lastSuccessAt: Ts.nullable(),
  lastChangeAt: Ts.nullable(),
  lastErrorAt: Ts.nullable(),
  lastErrorCode: Text(100).nullable(),
  lastError: Text(100_000).nullable(),
  consecutiveFailures: Int.min(0),
  checks: Int.min(0),
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

/** Only each monitor's latest snapshot travels: the next check compares with it. */
export const ExportMonitorSnapshotSchema = z.strictObject({
  id: Id,
  monitorId: Id,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "expected a SHA-256 in hex"),
  text: Text(50_000_000),
  items: z.array(JsonObject).nullable(),
  bytes: Int.min(0),
  fetchedAt: Ts,
});

export const ExportCompetitorChangeSchema = z.strictObject({
  id: Id,
  monitorId: Id,
  competitorId: Id,
  detectedAt: Ts,
  changedPercent: z.number().min(0).max(100),
  addedWords: Int.min(0),
  removedWords: Int.min(0),
  reported: z.boolean(),
  diff: z.array(z.tuple([z.union([z.literal(-1), z.literal(0), z.literal(1)]), Text(50_000_000)])),
  summary: Text(1_000_000),
  category: Category,
  suggestedCategory: Category,
  importance: z.enum(["low", "normal", "high"]),
  state: z.enum(["new", "reviewed", "noise"]),
  prices: z.array(JsonObject).nullable(),
  reviewedBy: Id.nullable(),
  reviewedAt: Ts.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportCompetitorChangeIdeaSchema = z.strictObject({
  changeId: Id,
  ideaId: Id,
  createdBy: Id.nullable(),
  createdAt: Ts,
});

export const ExportSwotCardSchema = z.strictObject({
  id: Id,
  competitorId: Id,
  quadrant: z.enum(["strength", "weakness", "opportunity", "threat"]),
  text: Text(100_000).min(1),
  sourceUrl: Text(10_000).nullable(),
  sourceDate: Day.nullable(),
  changeId: Id.nullable(),
  position: Int,
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportPricingPlanSchema = z.strictObject({
  id: Id,
  competitorId: Id,
  name: Name,
  price: Price,
  currency: Text(100),
  unit: Text(10_000),
  billingPeriod: Period,
  archived: z.boolean(),
  position: Int,
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportPricingHistorySchema = z.strictObject({
  id: Id,
  planId: Id,
  price: Price,
  currency: Text(100),
  unit: Text(10_000),
  billingPeriod: Period,
  observedAt: Ts,
  origin: z.enum(["manual", "monitor"]),
  sourceUrl: Text(10_000).nullable(),
  changeId: Id.nullable(),
  createdBy: Id.nullable(),
  createdAt: Ts,
});

export const ExportBattlecardSectionSchema = z.strictObject({
  competitorId: Id,
  section: z.enum(["why_we_win", "why_we_lose", "objections", "landmines"]),
  body: Text(1_000_000),
  updatedBy: Id.nullable(),
  updatedAt: Ts,
  version: Version,
});

export const ExportCapabilitySchema = z.strictObject({
  id: Id,
  productId: Id,
  name: Name,
  theme: Text(10_000),
  description: Text(1_000_000),
  ideaId: Id.nullable(),
  roadmapItemId: Id.nullable(),
  oursStatus: CellStatus,
  oursNote: Text(100_000),
  oursSourceUrl: Text(10_000).nullable(),
  oursVerifiedAt: Ts.nullable(),
  position: Int,
  createdBy: Id.nullable(),
  createdAt: Ts,
  updatedAt: Ts,
  version: Version,
});

export const ExportCapabilityCellSchema = z.strictObject({
  capabilityId: Id,
  competitorId: Id,
  status: CellStatus,
  note: Text(100_000),
  sourceUrl: Text(10_000).nullable(),
  verifiedAt: Ts.nullable(),
  verifiedBy: Id.nullable(),
  changeId: Id.nullable(),
  updatedAt: Ts,
  version: Version,
});

/** The competitor sections of a version-7 document, in import order (each references only earlier ones). */
export const COMPETITOR_SECTIONS = {
  competitors: z.array(ExportCompetitorSchema),
  competitorLogos: z.array(ExportCompetitorLogoSchema),
  competitorProducts: z.array(ExportCompetitorProductSchema),
  competitorWatchers: z.array(ExportCompetitorWatcherSchema),
  monitors: z.array(ExportMonitorSchema),
  monitorSnapshots: z.array(ExportMonitorSnapshotSchema),
  competitorChanges: z.array(ExportCompetitorChangeSchema),
  competitorChangeIdeas: z.array(ExportCompetitorChangeIdeaSchema),
  swotCards: z.array(ExportSwotCardSchema),
  pricingPlans: z.array(ExportPricingPlanSchema),
  pricingHistory: z.array(ExportPricingHistorySchema),
  battlecardSections: z.array(ExportBattlecardSectionSchema),
  capabilities: z.array(ExportCapabilitySchema),
  capabilityCells: z.array(ExportCapabilityCellSchema),
};

/** A version-6 document has none of them. */
export const emptyCompetitorSections = () => ({
  competitors: [],
  competitorLogos: [],
  competitorProducts: [],
  competitorWatchers: [],
  monitors: [],
  monitorSnapshots: [],
  competitorChanges: [],
  competitorChangeIdeas: [],
  swotCards: [],
  pricingPlans: [],
  pricingHistory: [],
  battlecardSections: [],
  capabilities: [],
  capabilityCells: [],
});
