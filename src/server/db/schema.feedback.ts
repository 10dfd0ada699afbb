import { sql } from "drizzle-orm";
import {
  customType,
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
import { created, id, ideas, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * Customers and feedback (the Listen issue, docs/FEEDBACK.md). Tenant tables lead keys and indexes with
 * workspace_id; references inside a workspace are composite keys, so another workspace's ids are refused.
 * The migration turns the nullable references' ON DELETE SET NULL into SET NULL (<that column>).
 */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const companies = pgTable(
  "companies",
  {
    workspaceId: wsRef(),
    id: id(),
    name: text("name").notNull(),
    domain: text("domain"),
    segment: text("segment"),
    plan: text("plan"),
    arr: numeric("arr", { precision: 16, scale: 2 }),
    mrr: numeric("mrr", { precision: 16, scale: 2 }),
    currency: text("currency"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("companies_list_idx").on(t.workspaceId, t.createdAt, t.id),
    index("companies_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
    index("companies_domain_idx").on(t.workspaceId, sql`lower(${t.domain})`),
  ],
);

export const people = pgTable(
  "people",
  {
    workspaceId: wsRef(),
    id: id(),
    companyId: uuid("company_id"),
    name: text("name").notNull(),
    email: text("email"),
    externalId: text("external_id"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("people_email_key").on(t.workspaceId, sql`lower(${t.email})`),
    uniqueIndex("people_external_id_key").on(t.workspaceId, t.externalId),
    index("people_list_idx").on(t.workspaceId, t.createdAt, t.id),
    index("people_company_idx").on(t.workspaceId, t.companyId),
    index("people_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
    tenantFk(t, t.companyId, companies, { onDelete: "set null" }),
  ],
);

export const feedbackItems = pgTable(
  "feedback_items",
  {
    workspaceId: wsRef(),
    id: id(),
    title: text("title"),
    text: text("text").notNull(),
    source: text("source").notNull(),
    /** Which connection of the source ('' when it has one); with external_id the idempotency key. */
    sourceId: text("source_id").notNull().default(""),
    externalId: text("external_id"),
    personId: uuid("person_id"),
    userId: userRef("user_id"),
    handle: text("handle"),
    companyId: uuid("company_id"),
    url: text("url"),
    receivedAt: ts("received_at").notNull().default(sql`now()`),
    language: text("language").notNull().default("und"),
    sentimentScore: doublePrecision("sentiment_score").notNull().default(0),
    sentimentHint: text("sentiment_hint").notNull().default("neutral"),
    sentiment: text("sentiment").notNull().default("neutral"),
    sentimentBy: userRef("sentiment_by"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    status: text("status").notNull().default("new"),
    assigneeId: userRef("assignee_id"),
    readAt: ts("read_at"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', left(text, 20000)), 'B')`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("feedback_items_external_key")
      .on(t.workspaceId, t.source, t.sourceId, t.externalId)
      .where(sql`external_id IS NOT NULL`),
    // The inbox: newest first, unfiltered or by status (and source); keyset (received_at, id).
    index("feedback_items_inbox_idx").on(t.workspaceId, t.receivedAt.desc(), t.id.desc()),
    index("feedback_items_status_idx").on(
      t.workspaceId,
      t.status,
      t.source,
      t.receivedAt.desc(),
      t.id.desc(),
    ),
    index("feedback_items_unread_idx").on(t.workspaceId, t.status).where(sql`read_at IS NULL`),
    index("feedback_items_person_idx").on(t.workspaceId, t.personId, t.receivedAt),
    index("feedback_items_company_idx").on(t.workspaceId, t.companyId, t.receivedAt),
    index("feedback_items_assignee_idx").on(t.workspaceId, t.assigneeId, t.receivedAt),
    index("feedback_items_search_idx").using("gin", t.search),
    index("feedback_items_tags_idx").using("gin", t.tags),
    tenantFk(t, t.personId, people, { onDelete: "set null" }),
    tenantFk(t, t.companyId, companies, { onDelete: "set null" }),
  ],
);

/** A highlight: (part of) an item as evidence for an idea, with an importance. One per item and idea. */
export const feedbackLinks = pgTable(
  "feedback_links",
  {
    workspaceId: wsRef(),
    id: id(),
    itemId: uuid("item_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    spanStart: integer("span_start"),
    spanEnd: integer("span_end"),
    importance: text("importance").notNull().default("nice"),
    createdBy: userRef("created_by"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("feedback_links_item_idea_key").on(t.workspaceId, t.itemId, t.ideaId),
    index("feedback_links_idea_idx").on(t.workspaceId, t.ideaId),
    tenantFk(t, t.itemId, feedbackItems),
    tenantFk(t, t.ideaId, ideas),
  ],
);
