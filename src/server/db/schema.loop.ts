import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { feedbackItems } from "./schema.feedback.ts";
import { roadmapItems } from "./schema.roadmap.ts";
import { created, id, ideas, products, tenantFk, ts, updated, userRef, version, wsRef } from "./schema.ts";

/**
 * Closing the loop and the public changelog (docs/FEEDBACK.md "Close the loop", "Changelog"). Tenant tables
 * lead keys with workspace_id; references inside a workspace are composite keys. A send names its person
 * without a foreign key (and keeps the address): deleting or merging a customer must not forget that they
 * were told, so nobody is told twice.
 */

/** A changelog entry of a product: Markdown body, draft or published (then on the public page and feeds). */
export const changelogEntries = pgTable(
  "changelog_entries",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    status: text("status").notNull().default("draft"),
    publishedAt: ts("published_at"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("changelog_entries_product_idx").on(t.workspaceId, t.productId, t.publishedAt.desc(), t.id),
    tenantFk(t, t.productId, products),
    check("changelog_entries_status_check", sql`${t.status} IN ('draft', 'published')`),
  ],
);

/** An entry names the ideas and roadmap items it announces (exactly one of the two per row). */
export const changelogLinks = pgTable(
  "changelog_links",
  {
    workspaceId: wsRef(),
    id: id(),
    entryId: uuid("entry_id").notNull(),
    ideaId: uuid("idea_id"),
    roadmapItemId: uuid("roadmap_item_id"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("changelog_links_idea_key").on(t.workspaceId, t.entryId, t.ideaId),
    uniqueIndex("changelog_links_item_key").on(t.workspaceId, t.entryId, t.roadmapItemId),
    index("changelog_links_by_idea_idx").on(t.workspaceId, t.ideaId),
    tenantFk(t, t.entryId, changelogEntries),
    tenantFk(t, t.ideaId, ideas),
    tenantFk(t, t.roadmapItemId, roadmapItems),
    check("changelog_links_one_target", sql`num_nonnulls(${t.ideaId}, ${t.roadmapItemId}) = 1`),
  ],
);

/**
 * A close-the-loop message about an idea: a saved draft (at most one per idea) or a sent campaign (its
 * subject and body as the PM sent them, before per-person variables).
 */
export const loopCampaigns = pgTable(
  "loop_campaigns",
  {
    workspaceId: wsRef(),
    id: id(),
    ideaId: uuid("idea_id").notNull(),
    status: text("status").notNull().default("draft"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** The changelog entry {{changelogUrl}} points at (no foreign key: a deleted entry leaves the history). */
    changelogEntryId: uuid("changelog_entry_id"),
    recipients: integer("recipients").notNull().default(0),
    createdBy: userRef("created_by"),
    sentBy: userRef("sent_by"),
    sentAt: ts("sent_at"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("loop_campaigns_draft_key").on(t.workspaceId, t.ideaId).where(sql`status = 'draft'`),
    index("loop_campaigns_idea_idx").on(t.workspaceId, t.ideaId, t.createdAt),
    tenantFk(t, t.ideaId, ideas),
    check("loop_campaigns_status_check", sql`${t.status} IN ('draft', 'sent')`),
  ],
);

/**
 * One person told about one idea: the unique key is the "never twice" guard (a parallel or repeated send
 * inserts nothing for someone already told), and the row keeps what they were told and the outbox message.
 */
export const loopSends = pgTable(
  "loop_sends",
  {
    workspaceId: wsRef(),
    id: id(),
    campaignId: uuid("campaign_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    /** Null once the person is gone (deleted, merged away); the address still counts as told. */
    personId: uuid("person_id"),
    email: text("email").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    outboxId: uuid("outbox_id"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("loop_sends_once_key").on(t.workspaceId, t.ideaId, t.personId),
    index("loop_sends_person_idx").on(t.workspaceId, t.personId, t.createdAt),
    index("loop_sends_email_idx").on(t.workspaceId, t.ideaId, sql`lower(${t.email})`),
    index("loop_sends_campaign_idx").on(t.workspaceId, t.campaignId),
    tenantFk(t, t.campaignId, loopCampaigns),
  ],
);

/** The feedback items a send answered (recorded on each item; deleting an item deletes its records). */
export const loopSendItems = pgTable(
  "loop_send_items",
  {
    workspaceId: wsRef(),
    sendId: uuid("send_id").notNull(),
    itemId: uuid("item_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.sendId, t.itemId] }),
    index("loop_send_items_item_idx").on(t.workspaceId, t.itemId),
    tenantFk(t, t.sendId, loopSends),
    tenantFk(t, t.itemId, feedbackItems),
  ],
);

/**
 * A customer who followed the unsubscribe link: never sent close-the-loop mail again, by person or by address
 * (no foreign key: the refusal outlives a merge or deletion of the person).
 */
export const customerUnsubscribes = pgTable(
  "customer_unsubscribes",
  {
    workspaceId: wsRef(),
    id: id(),
    personId: uuid("person_id"),
    email: text("email"),
    unsubscribedAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("customer_unsubscribes_person_key").on(t.workspaceId, t.personId),
    index("customer_unsubscribes_email_idx").on(t.workspaceId, sql`lower(${t.email})`),
  ],
);

/** Instance-wide secrets (HMAC keys), created on first use and shared by every instance on the database. */
export const instanceSecrets = pgTable("instance_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: created(),
});
