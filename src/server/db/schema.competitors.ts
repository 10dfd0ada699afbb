import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { roadmapItems } from "./schema.roadmap.ts";
import {
  created,
  id,
  ideas,
  products,
  tenantFk,
  ts,
  updated,
  userRef,
  users,
  version,
  wsRef,
} from "./schema.ts";

/**
 * Competitors (issue 14, docs/COMPETITORS.md): profiles, SWOT, pricing history, battlecards, the feature matrix,
 * monitored sources with their snapshots and changes. Tenant tables lead keys and indexes with workspace_id;
 * references inside a workspace are composite keys, so another workspace's ids are refused. The migration turns
 * the nullable references' ON DELETE SET NULL into SET NULL (<that column>).
 */

export type CompetitorStatus = "active" | "watch" | "archived";
export type SwotQuadrant = "strength" | "weakness" | "opportunity" | "threat";
export type BillingPeriod = "month" | "year" | "once" | "other";
export type BattlecardSection = "why_we_win" | "why_we_lose" | "objections" | "landmines";
export type CellStatus = "has" | "partial" | "no" | "unknown";
export type MonitorKind = "page" | "feed" | "sitemap" | "json" | "github_releases" | "app_store";
export type ChangeCategory = "pricing" | "product" | "messaging" | "hiring" | "other";
export type ChangeImportance = "low" | "normal" | "high";
export type ChangeState = "new" | "reviewed" | "noise";

export const competitors = pgTable(
  "competitors",
  {
    workspaceId: wsRef(),
    id: id(),
    name: text("name").notNull(),
    website: text("website"),
    positioning: text("positioning"),
    /** Target segments, as short labels. */
    segments: jsonb("segments").$type<string[]>().notNull().default([]),
    notes: text("notes").notNull().default(""),
    /** Other links: [{ label, url }]. */
    links: jsonb("links").$type<{ label: string; url: string }[]>().notNull().default([]),
    status: text("status").$type<CompetitorStatus>().notNull().default("active"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("competitors_name_key").on(t.workspaceId, sql`lower(${t.name})`),
    index("competitors_list_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

/** A competitor's logo: uploaded or fetched (favicon), kept apart so reads of the profile stay narrow. */
export const competitorLogos = pgTable(
  "competitor_logos",
  {
    workspaceId: wsRef(),
    competitorId: uuid("competitor_id").notNull(),
    contentType: text("content_type").notNull(),
    /** The image, base64 (≤ 256 kB decoded; png, jpeg, webp, gif or ico by magic bytes, never SVG). */
    dataBase64: text("data_base64").notNull(),
    /** Where a fetched logo came from (null when uploaded). */
    fetchedFrom: text("fetched_from"),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.competitorId] }), tenantFk(t, t.competitorId, competitors)],
);

/** Which of our products a competitor competes with. */
export const competitorProducts = pgTable(
  "competitor_products",
  {
    workspaceId: wsRef(),
    competitorId: uuid("competitor_id").notNull(),
    productId: uuid("product_id").notNull(),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.competitorId, t.productId] }),
    index("competitor_products_product_idx").on(t.workspaceId, t.productId),
    tenantFk(t, t.competitorId, competitors),
    tenantFk(t, t.productId, products),
  ],
);

/** Who watches a competitor: their daily digest and the immediate notifications of high-importance changes. */
export const competitorWatchers = pgTable(
  "competitor_watchers",
  {
    workspaceId: wsRef(),
    competitorId: uuid("competitor_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.competitorId, t.userId] }),
    index("competitor_watchers_user_idx").on(t.workspaceId, t.userId),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/** SWOT cards: a quadrant, a text, where it comes from (a URL, a date, or a detected change). */
export const swotCards = pgTable(
  "swot_cards",
  {
    workspaceId: wsRef(),
    id: id(),
    competitorId: uuid("competitor_id").notNull(),
    quadrant: text("quadrant").$type<SwotQuadrant>().notNull(),
    text: text("text").notNull(),
    sourceUrl: text("source_url"),
    sourceDate: date("source_date", { mode: "string" }),
    /** The change this card was made from (no foreign key: changes may be pruned). */
    changeId: uuid("change_id"),
    position: integer("position").notNull().default(0),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("swot_cards_competitor_idx").on(t.workspaceId, t.competitorId, t.quadrant, t.position),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/** A competitor's price plans; the price is the latest of the plan's history (pricing_history). */
export const pricingPlans = pgTable(
  "pricing_plans",
  {
    workspaceId: wsRef(),
    id: id(),
    competitorId: uuid("competitor_id").notNull(),
    name: text("name").notNull(),
    /** Null: "contact us" / not public. */
    price: numeric("price", { precision: 14, scale: 2 }),
    currency: text("currency").notNull().default("USD"),
    /** What one price buys: "per user", "per 1,000 events", "flat". */
    unit: text("unit").notNull().default("flat"),
    billingPeriod: text("billing_period").$type<BillingPeriod>().notNull().default("month"),
    archived: boolean("archived").notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("pricing_plans_name_key").on(t.workspaceId, t.competitorId, sql`lower(${t.name})`),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/** Every observed price of a plan, dated: entered by hand or extracted from a monitored pricing page. */
export const pricingHistory = pgTable(
  "pricing_history",
  {
    workspaceId: wsRef(),
    id: id(),
    planId: uuid("plan_id").notNull(),
    price: numeric("price", { precision: 14, scale: 2 }),
    currency: text("currency").notNull(),
    unit: text("unit").notNull(),
    billingPeriod: text("billing_period").$type<BillingPeriod>().notNull(),
    observedAt: ts("observed_at").notNull().default(sql`now()`),
    /** manual | monitor */
    origin: text("origin").$type<"manual" | "monitor">().notNull().default("manual"),
    sourceUrl: text("source_url"),
    /** The change it was read from (no foreign key: changes may be pruned). */
    changeId: uuid("change_id"),
    createdBy: userRef("created_by"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("pricing_history_plan_idx").on(t.workspaceId, t.planId, t.observedAt),
    tenantFk(t, t.planId, pricingPlans),
  ],
);

/** A battlecard's sections (Markdown), one row per section, for sales and support. */
export const battlecardSections = pgTable(
  "battlecard_sections",
  {
    workspaceId: wsRef(),
    competitorId: uuid("competitor_id").notNull(),
    section: text("section").$type<BattlecardSection>().notNull(),
    body: text("body").notNull().default(""),
    updatedBy: userRef("updated_by"),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.competitorId, t.section] }),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/**
 * The feature matrix's rows: a capability of one of our products, free-standing or tied to an idea or a roadmap
 * item, grouped by theme. Our own cell lives on the row (ours_*); competitors' cells in capability_cells.
 */
export const capabilities = pgTable(
  "capabilities",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    name: text("name").notNull(),
    theme: text("theme").notNull().default(""),
    description: text("description").notNull().default(""),
    ideaId: uuid("idea_id"),
    roadmapItemId: uuid("roadmap_item_id"),
    oursStatus: text("ours_status").$type<CellStatus>().notNull().default("unknown"),
    oursNote: text("ours_note").notNull().default(""),
    oursSourceUrl: text("ours_source_url"),
    oursVerifiedAt: ts("ours_verified_at"),
    position: integer("position").notNull().default(0),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("capabilities_product_idx").on(t.workspaceId, t.productId, t.theme, t.position),
    uniqueIndex("capabilities_name_key").on(t.workspaceId, t.productId, sql`lower(${t.name})`),
    index("capabilities_idea_idx").on(t.workspaceId, t.ideaId).where(sql`idea_id IS NOT NULL`),
    tenantFk(t, t.productId, products),
    tenantFk(t, t.ideaId, ideas, { onDelete: "set null" }),
    tenantFk(t, t.roadmapItemId, roadmapItems, { onDelete: "set null" }),
  ],
);

/** A competitor's cell of the matrix: has / partial / no / unknown, with a note, a source and when it was verified. */
export const capabilityCells = pgTable(
  "capability_cells",
  {
    workspaceId: wsRef(),
    capabilityId: uuid("capability_id").notNull(),
    competitorId: uuid("competitor_id").notNull(),
    status: text("status").$type<CellStatus>().notNull().default("unknown"),
    note: text("note").notNull().default(""),
    sourceUrl: text("source_url"),
    verifiedAt: ts("verified_at"),
    verifiedBy: userRef("verified_by"),
    /** The change this cell was last updated from (no foreign key: changes may be pruned). */
    changeId: uuid("change_id"),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.capabilityId, t.competitorId] }),
    index("capability_cells_competitor_idx").on(t.workspaceId, t.competitorId),
    tenantFk(t, t.capabilityId, capabilities),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/**
 * A monitored source of a competitor: a web page, a feed, a sitemap, a JSON endpoint, GitHub releases or an App
 * Store listing. Its schedule, HTTP validators, lease (one check at a time) and health.
 */
export const monitors = pgTable(
  "monitors",
  {
    workspaceId: wsRef(),
    id: id(),
    competitorId: uuid("competitor_id").notNull(),
    kind: text("kind").$type<MonitorKind>().notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    /** Per kind: selector, ignoreSelectors, ignorePatterns, jsonPointer, repository, appId, country, pricing. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    /** Changes smaller than this share of words (0–100) are kept but not reported. */
    thresholdPercent: doublePrecision("threshold_percent").notNull().default(1),
    intervalMinutes: integer("interval_minutes").notNull().default(1440),
    enabled: boolean("enabled").notNull().default(true),
    etag: text("etag"),
    lastModified: text("last_modified"),
    nextCheckAt: ts("next_check_at").notNull().default(sql`now()`),
    /** Set while an instance checks the source; expires if that instance dies. */
    leaseUntil: ts("lease_until"),
    lastCheckAt: ts("last_check_at"),
    lastSuccessAt: ts("last_success_at"),
    lastChangeAt: ts("last_change_at"),
    lastErrorAt: ts("last_error_at"),
    /** timeout | redirect_loop | too_large | not_html | blocked | rate_limited | robots | http_error | error_page | selector_missing | network | private_address */
    lastErrorCode: text("last_error_code"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    checks: integer("checks").notNull().default(0),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("monitors_competitor_idx").on(t.workspaceId, t.competitorId, t.createdAt, t.id),
    index("monitors_due_idx").on(t.nextCheckAt).where(sql`enabled`),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/** A normalized text snapshot of a monitor; a new one only when the content's hash differs from the latest. */
export const monitorSnapshots = pgTable(
  "monitor_snapshots",
  {
    workspaceId: wsRef(),
    id: id(),
    monitorId: uuid("monitor_id").notNull(),
    /** SHA-256 of text. */
    contentHash: text("content_hash").notNull(),
    text: text("text").notNull(),
    /** Structured content where the kind has it (feed entries, sitemap URLs, releases): [{ key, title, url, date }]. */
    items: jsonb("items").$type<Record<string, unknown>[]>(),
    /** Response size in bytes. */
    bytes: integer("bytes").notNull().default(0),
    fetchedAt: ts("fetched_at").notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("monitor_snapshots_monitor_idx").on(t.workspaceId, t.monitorId, t.fetchedAt),
    tenantFk(t, t.monitorId, monitors),
  ],
);

/**
 * A detected change between two snapshots: its word-level diff (kept here, so snapshots can be pruned), size,
 * category, importance, extracted prices and what the PM did with it.
 */
export const competitorChanges = pgTable(
  "competitor_changes",
  {
    workspaceId: wsRef(),
    id: id(),
    monitorId: uuid("monitor_id").notNull(),
    competitorId: uuid("competitor_id").notNull(),
    /** No foreign keys: snapshots may be pruned, the diff stays. */
    fromSnapshotId: uuid("from_snapshot_id"),
    toSnapshotId: uuid("to_snapshot_id"),
    detectedAt: ts("detected_at").notNull().default(sql`now()`),
    /** Share of words changed, 0–100. */
    changedPercent: doublePrecision("changed_percent").notNull(),
    addedWords: integer("added_words").notNull().default(0),
    removedWords: integer("removed_words").notNull().default(0),
    /** Below the monitor's threshold: kept for the history, not reported. */
    reported: boolean("reported").notNull().default(true),
    /** Word-level diff: [[op, text]] with op -1 removed, 0 same, 1 added (long unchanged runs shortened). */
    diff: jsonb("diff").$type<[number, string][]>().notNull(),
    /** A short excerpt of what was added and removed, for lists and digests. */
    summary: text("summary").notNull().default(""),
    category: text("category").$type<ChangeCategory>().notNull().default("other"),
    suggestedCategory: text("suggested_category").$type<ChangeCategory>().notNull().default("other"),
    importance: text("importance").$type<ChangeImportance>().notNull().default("normal"),
    state: text("state").$type<ChangeState>().notNull().default("new"),
    /** Prices read from a pricing page: [{ plan, price, currency, period }]. */
    prices: jsonb("prices").$type<Record<string, unknown>[]>(),
    reviewedBy: userRef("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("competitor_changes_list_idx").on(t.workspaceId, t.detectedAt, t.id),
    index("competitor_changes_competitor_idx").on(t.workspaceId, t.competitorId, t.detectedAt),
    index("competitor_changes_monitor_idx").on(t.workspaceId, t.monitorId, t.detectedAt),
    tenantFk(t, t.monitorId, monitors),
    tenantFk(t, t.competitorId, competitors),
  ],
);

/** A change linked to an idea of the backlog (one click from the change). */
export const competitorChangeIdeas = pgTable(
  "competitor_change_ideas",
  {
    workspaceId: wsRef(),
    changeId: uuid("change_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    createdBy: userRef("created_by"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.changeId, t.ideaId] }),
    index("competitor_change_ideas_idea_idx").on(t.workspaceId, t.ideaId),
    tenantFk(t, t.changeId, competitorChanges),
    tenantFk(t, t.ideaId, ideas),
  ],
);
