import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { roadmaps, roadmapVersions } from "./schema.roadmap.ts";
import { created, id, tenantFk, ts, updated, userRef, users, wsRef } from "./schema.ts";

/**
 * Roadmap sign-off (the sign-off issue): a request sends one version of a roadmap to approvers with a
 * deadline; revisions are new rounds on newer versions; approval makes the version the baseline.
 */
export const signoffs = pgTable(
  "signoffs",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    /** The version under review in the current round. */
    versionId: uuid("version_id").notNull(),
    baselineVersionId: uuid("baseline_version_id"),
    round: integer("round").notNull().default(1),
    status: text("status").notNull().default("open"),
    overdue: boolean("overdue").notNull().default(false),
    deadline: ts("deadline").notNull(),
    message: text("message").notNull().default(""),
    reminders: jsonb("reminders").notNull().default([]),
    overrideReason: text("override_reason"),
    smartFailures: integer("smart_failures").notNull().default(0),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    closedAt: ts("closed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("signoffs_roadmap_idx").on(t.workspaceId, t.roadmapId, t.createdAt),
    // At most one open request per roadmap.
    uniqueIndex("signoffs_open_key").on(t.workspaceId, t.roadmapId).where(sql`status = 'open'`),
    tenantFk(t, t.roadmapId, roadmaps),
    tenantFk(t, t.versionId, roadmapVersions),
  ],
);

export const signoffApprovers = pgTable(
  "signoff_approvers",
  {
    workspaceId: wsRef(),
    signoffId: uuid("signoff_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    required: boolean("required").notNull().default(true),
    viaTeamId: uuid("via_team_id"),
    decision: text("decision").notNull().default("pending"),
    comment: text("comment").notNull().default(""),
    decidedAt: ts("decided_at"),
    decidedVersionId: uuid("decided_version_id"),
    withdrawnAt: ts("withdrawn_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.signoffId, t.userId] }),
    index("signoff_approvers_user_idx").on(t.workspaceId, t.userId),
    tenantFk(t, t.signoffId, signoffs),
  ],
);

/** The request's history: requested, decisions, revisions, withdrawals, reminders, escalations, extensions. */
export const signoffEvents = pgTable(
  "signoff_events",
  {
    workspaceId: wsRef(),
    id: id(),
    signoffId: uuid("signoff_id").notNull(),
    round: integer("round").notNull(),
    kind: text("kind").notNull(),
    actorId: userRef("actor_id"),
    detail: text("detail").notNull().default(""),
    createdAt: created(),
    /** Insertion order: several events of one transaction share created_at. */
    seq: bigint("seq", { mode: "number" }).notNull().generatedByDefaultAsIdentity(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("signoff_events_signoff_idx").on(t.workspaceId, t.signoffId, t.createdAt),
    tenantFk(t, t.signoffId, signoffs),
  ],
);

/** Comments on the request or on one of its items (the item may since have left the roadmap). */
export const signoffComments = pgTable(
  "signoff_comments",
  {
    workspaceId: wsRef(),
    id: id(),
    signoffId: uuid("signoff_id").notNull(),
    round: integer("round").notNull(),
    itemId: uuid("item_id"),
    userId: userRef("user_id"),
    body: text("body").notNull(),
    createdAt: created(),
    seq: bigint("seq", { mode: "number" }).notNull().generatedByDefaultAsIdentity(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("signoff_comments_signoff_idx").on(t.workspaceId, t.signoffId, t.createdAt),
    tenantFk(t, t.signoffId, signoffs),
  ],
);

/** Read-only links to an approved baseline for people without an account; only the token's hash is kept. */
export const shareLinks = pgTable(
  "share_links",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    versionId: uuid("version_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    lastUsedAt: ts("last_used_at"),
    views: integer("views").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("share_links_token_key").on(t.tokenHash),
    index("share_links_version_idx").on(t.workspaceId, t.versionId),
    tenantFk(t, t.versionId, roadmapVersions),
  ],
);
