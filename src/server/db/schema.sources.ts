import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { SourceKind } from "../../shared/sources.schemas.ts";
import { created, id, products, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * Polled feedback sources (docs/FEEDBACK.md "Sources"): a configured connector per workspace (optionally per
 * product) with its schedule, incremental cursor, HTTP validators and error state. Secrets live in their own
 * table so no read of a source can return them and exports leave them out.
 */
export const feedbackSources = pgTable(
  "feedback_sources",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id"),
    kind: text("kind").$type<SourceKind>().notNull(),
    name: text("name").notNull(),
    /** The connector's settings (feed URL, query, instance and hashtag, repository, app id and country). */
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    intervalMinutes: integer("interval_minutes").notNull().default(60),
    /** Where the last complete poll stopped (a time, an id): the next poll asks only for what is newer. */
    cursor: text("cursor"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    nextPollAt: ts("next_poll_at").notNull().default(sql`now()`),
    /** One poll at a time: set while an instance polls the source, expires if that instance dies. */
    leaseUntil: ts("lease_until"),
    lastPolledAt: ts("last_polled_at"),
    lastSuccessAt: ts("last_success_at"),
    lastErrorAt: ts("last_error_at"),
    lastErrorCode: text("last_error_code"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastImported: integer("last_imported").notNull().default(0),
    totalImported: integer("total_imported").notNull().default(0),
    /** When a poll last brought at least one new item (a source that only polls empty answers shows it). */
    lastNewAt: ts("last_new_at"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("feedback_sources_list_idx").on(t.workspaceId, t.createdAt, t.id),
    index("feedback_sources_due_idx").on(t.nextPollAt).where(sql`enabled`),
    tenantFk(t, t.productId, products),
  ],
);

/** Tokens and app passwords of a source: written by the API, read only by the poller, never exported. */
export const feedbackSourceSecrets = pgTable(
  "feedback_source_secrets",
  {
    workspaceId: wsRef(),
    sourceId: uuid("source_id").notNull(),
    secrets: jsonb("secrets").$type<Record<string, string>>().notNull().default({}),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.sourceId] }), tenantFk(t, t.sourceId, feedbackSources)],
);
