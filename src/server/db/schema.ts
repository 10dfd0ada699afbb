import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The one schema for PGlite and PostgreSQL 15. Every tenant-owned table carries workspace_id and
 * leads its primary key and indexes with it, so tenants can later be sharded (Citus).
 */
/** PostgreSQL's text form of a timestamptz ("2026-01-02 03:04:05.6+00") as ISO-8601 UTC. */
export function isoTimestamp(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  if (v === "infinity" || v === "-infinity") return v;
  return new Date(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();
}
// Millisecond precision, read as ISO strings on both drivers: timestamps round-trip exactly through JSON.
const timestamptz = customType<{ data: string; driverData: string }>({
  dataType: () => "timestamp (3) with time zone",
  fromDriver: isoTimestamp,
});
const ts = (name: string) => timestamptz(name);
const id = () => uuid("id").notNull().default(sql`gen_random_uuid()`);
const created = () => ts("created_at").notNull().default(sql`now()`);
const updated = () => ts("updated_at").notNull().default(sql`now()`);
const version = () => integer("version").notNull().default(1);

export const users = pgTable(
  "users",
  {
    id: id().primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    isInstanceAdmin: boolean("is_instance_admin").notNull().default(false),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(), // sha256 of the cookie token
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    userAgent: text("user_agent"),
    createdAt: created(),
    lastSeenAt: ts("last_seen_at").notNull().default(sql`now()`),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const passwordResets = pgTable("password_resets", {
  id: text("id").primaryKey(), // sha256 of the token
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  createdAt: created(),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
});

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: id().primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    at: ts("at").notNull().default(sql`now()`),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.at), index("login_attempts_ip_idx").on(t.ip, t.at)],
);

export const workspaces = pgTable(
  "workspaces",
  {
    id: id().primaryKey(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [uniqueIndex("workspaces_slug_key").on(t.slug)],
);

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: id(),
    email: text("email").notNull(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: created(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("invitations_token_key").on(t.tokenHash),
    index("invitations_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: created(),
    lastUsedAt: ts("last_used_at"),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.workspaceId, t.userId, t.createdAt),
  ],
);

export const products = pgTable(
  "products",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: id(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    stage: text("stage").notNull(),
    managerId: uuid("manager_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("products_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const teams = pgTable(
  "teams",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: id(),
    name: text("name").notNull(),
    discipline: text("discipline").notNull(),
    description: text("description").notNull().default(""),
    leadId: uuid("lead_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("teams_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    teamId: uuid("team_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    allocationPct: integer("allocation_pct").notNull().default(100),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    index("team_members_user_idx").on(t.workspaceId, t.userId),
    foreignKey({
      columns: [t.workspaceId, t.teamId],
      foreignColumns: [teams.workspaceId, teams.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [memberships.workspaceId, memberships.userId],
    }).onDelete("cascade"),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: id(),
    at: ts("at").notNull().default(sql`clock_timestamp()`),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    via: text("via").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("audit_events_at_idx").on(t.workspaceId, t.at, t.id),
    index("audit_events_entity_idx").on(t.workspaceId, t.entityType, t.entityId),
  ],
);

/** Mail waiting for (or already sent by) the mailer; without SMTP it is read in the UI. */
export const outbox = pgTable(
  "outbox",
  {
    id: id().primaryKey(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("body_text").notNull(),
    kind: text("kind").notNull(),
    createdAt: created(),
    sentAt: ts("sent_at"),
  },
  (t) => [index("outbox_ws_idx").on(t.workspaceId, t.createdAt, t.id)],
);
