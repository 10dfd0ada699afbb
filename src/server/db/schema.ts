import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The one schema for PGlite and PostgreSQL 15. Every tenant-owned table carries workspace_id and
 * leads its primary key and indexes with it, so tenants can later be sharded (Citus).
 */
/** A UTC timestamptz in PostgreSQL's text form (the session's time zone is UTC): date, time, fraction. */
const UTC_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * PostgreSQL's text form of a timestamptz ("2026-01-02 03:04:05.6+00") as ISO-8601 UTC; a Date, or a value
 * already read through a timestamp column (ISO, ending in "Z"), as it is.
 */
export function isoTimestamp(v: string | Date): string {
  if (v instanceof Date) return v.toISOString();
  if (v.endsWith("Z")) return v;
  // The usual case, rewritten without a Date (every timestamp of every row read goes through here).
  const m = UTC_TEXT.exec(v);
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? "").padEnd(3, "0").slice(0, 3)}Z`;
  if (v === "infinity" || v === "-infinity") return v;
  return new Date(v.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00")).toISOString();
}

/** isoTimestamp of a nullable column. */
export const isoOrNull = (v: string | Date | null) => (v === null ? null : isoTimestamp(v));

// Millisecond precision, read as ISO strings on both drivers: timestamps round-trip exactly through JSON.
const timestamptz = customType<{ data: string; driverData: string }>({
  dataType: () => "timestamp (3) with time zone",
  fromDriver: isoTimestamp,
});
export const ts = (name: string) => timestamptz(name);
export const id = () => uuid("id").notNull().default(sql`gen_random_uuid()`);
export const created = () => ts("created_at").notNull().default(sql`now()`);
export const updated = () => ts("updated_at").notNull().default(sql`now()`);
export const version = () => integer("version").notNull().default(1);

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

export const passwordResets = pgTable(
  "password_resets",
  {
    id: text("id").primaryKey(), // sha256 of the token
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: created(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  // A new link or a used one revokes the user's other links.
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** Rate-limit counters shared by every app instance: one row per key, counted by one atomic upsert. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    hits: integer("hits").notNull(),
    /** The window ends (and the count restarts) here. */
    expiresAt: ts("expires_at").notNull(),
    /** The next hit is refused before this (increasing delays). */
    nextAt: ts("next_at").notNull(),
  },
  (t) => [index("rate_limits_expires_idx").on(t.expiresAt)],
);

/** Browsers that logged in to an account (the device cookie, stored as its SHA-256): they skip the per-account log-in limit. */
export const authDevices = pgTable(
  "auth_devices",
  {
    id: text("id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: created(),
    lastSeenAt: ts("last_seen_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.userId] }),
    index("auth_devices_user_idx").on(t.userId, t.lastSeenAt),
  ],
);

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
    // Capacity is counted in person-days or story points; a person-month of points is this many points.
    capacityUnit: text("capacity_unit").notNull().default("person_days"),
    pointsPerPersonMonth: doublePrecision("points_per_person_month").notNull().default(10),
    // Bumped by every write that can change a roadmap view (items, capacity, teams, objectives): keys its cache.
    planRev: bigint("plan_rev", { mode: "number" }).notNull().default(0),
    // Bumped by every write that can change an inbox page (feedback items, their customers, themes): keys its cache.
    feedbackRev: bigint("feedback_rev", { mode: "number" }).notNull().default(0),
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
    framework: text("framework").notNull().default("weighted"),
    // RICE's reach from customer evidence (distinct voices) instead of the hand-entered value (docs/SCORING.md).
    riceReachFromEvidence: boolean("rice_reach_from_evidence").notNull().default(false),
    nextIdeaNumber: integer("next_idea_number").notNull().default(1),
    // Bumped by every write that changes the product's backlog; keys the served-page cache. Starts at the
    // creation time in ms so a product re-created with the same id never meets an old cache entry.
    ideasVersion: bigint("ideas_version", { mode: "number" })
      .notNull()
      .default(sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`),
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
    tenantFk(t, t.teamId, teams),
    tenantFk(t, t.userId, memberships, { to: memberships.userId }),
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
export interface OutboxHeaders {
  inReplyTo?: string;
  references?: string[];
  replyTo?: string;
}

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
    /** SMTP attempts so far and the last one's error (cleared when sent). */
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** Threading headers of a reply to a customer (In-Reply-To, References, Reply-To); null for other mail. */
    headers: jsonb("headers").$type<OutboxHeaders>(),
    /** The HTML alternative of the text (a digest), already escaped; null: text only. */
    html: text("body_html"),
  },
  (t) => [index("outbox_ws_idx").on(t.workspaceId, t.createdAt, t.id)],
);

export const wsRef = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
export const userRef = (name: string) => uuid(name).references(() => users.id, { onDelete: "set null" });

/**
 * The composite tenant foreign key: (workspace_id, `column`) → (`target`.workspace_id, `target`.id, or `to`), so a row
 * can only point inside its own workspace. Cascades by default. For "set null", edit the generated migration to
 * `ON DELETE SET NULL ("column")`, or PostgreSQL would clear workspace_id too (see 0018).
 */
export const tenantFk = (
  t: { workspaceId: AnyPgColumn },
  column: AnyPgColumn,
  target: { workspaceId: AnyPgColumn; id?: AnyPgColumn },
  o: { to?: AnyPgColumn; onDelete?: "cascade" | "set null"; name?: string } = {},
) => {
  const to = o.to ?? target.id;
  if (!to) throw new Error("tenantFk: the target has no id column; name the referenced column in `to`");
  return foreignKey({
    ...(o.name ? { name: o.name } : {}),
    columns: [t.workspaceId, column],
    foreignColumns: [target.workspaceId, to],
  }).onDelete(o.onDelete ?? "cascade");
};
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** Scoring factors: the workspace's defaults (product_id null) or a product's override. Archived, never deleted: ratings keep them. */
export const factors = pgTable(
  "factors",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    weight: doublePrecision("weight").notNull(),
    direction: text("direction").notNull(),
    /** rated (by voters in rounds), customer_demand or competitor_coverage (computed; docs/SCORING.md). */
    kind: text("kind").notNull().default("rated"),
    scaleMin: integer("scale_min").notNull().default(1),
    scaleMax: integer("scale_max").notNull().default(5),
    labels: jsonb("labels").$type<string[]>().notNull().default([]),
    position: integer("position").notNull().default(0),
    archivedAt: ts("archived_at"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("factors_product_idx").on(t.workspaceId, t.productId, t.position),
    tenantFk(t, t.productId, products),
  ],
);

/** Ideas as people write them; their computed scores live in idea_scores. */
export const ideas = pgTable(
  "ideas",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: text("status").notNull().default("new"),
    ownerId: userRef("owner_id"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    links: jsonb("links").$type<{ url: string; title: string }[]>().notNull().default([]),
    effort: doublePrecision("effort"),
    reach: doublePrecision("reach"),
    impact: doublePrecision("impact"),
    confidence: doublePrecision("confidence"),
    ease: doublePrecision("ease"),
    businessValue: doublePrecision("business_value"),
    timeCriticality: doublePrecision("time_criticality"),
    riskReduction: doublePrecision("risk_reduction"),
    jobSize: doublePrecision("job_size"),
    pinnedRank: integer("pinned_rank"),
    pinReason: text("pin_reason"),
    commentCount: integer("comment_count").notNull().default(0),
    mergedIntoId: uuid("merged_into_id"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
    search: tsvector("search").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', description), 'B')`,
    ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("ideas_number_key").on(t.workspaceId, t.productId, t.number),
    index("ideas_product_idx").on(t.workspaceId, t.productId, t.number),
    index("ideas_search_idx").using("gin", t.search),
    index("ideas_tags_idx").using("gin", t.tags),
    tenantFk(t, t.productId, products),
    // The migration says ON DELETE SET NULL ("merged_into_id").
    tenantFk(t, t.mergedIntoId, t, { onDelete: "set null" }),
  ],
);

/**
 * Scores materialized per idea, in a narrow table of their own so re-scoring 10,000 ideas rewrites small rows
 * with two indexes, not the wide idea rows with their search and tag indexes. factor_stats and
 * score_weighted come from the idea's latest closed round, the other scores from its inputs, score from the
 * product's active framework, rank from scores and pins. The ranked backlog is one index range scan.
 */
export const ideaScores = pgTable(
  "idea_scores",
  {
    workspaceId: uuid("workspace_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    productId: uuid("product_id").notNull(),
    scoreWeighted: doublePrecision("score_weighted"),
    scoreRice: doublePrecision("score_rice"),
    scoreIce: doublePrecision("score_ice"),
    scoreWsjf: doublePrecision("score_wsjf"),
    score: doublePrecision("score"),
    rank: integer("rank"),
    factorStats: jsonb("factor_stats").notNull().default([]),
    voters: integer("voters").notNull().default(0),
    scoredRoundId: uuid("scored_round_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ideaId] }),
    index("idea_scores_rank_idx").on(t.workspaceId, t.productId, t.rank),
    tenantFk(t, t.ideaId, ideas),
  ],
);

export const ideaComments = pgTable(
  "idea_comments",
  {
    workspaceId: wsRef(),
    id: id(),
    ideaId: uuid("idea_id").notNull(),
    authorId: userRef("author_id"),
    body: text("body").notNull(),
    mentions: jsonb("mentions").$type<string[]>().notNull().default([]),
    roundId: uuid("round_id"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("idea_comments_idea_idx").on(t.workspaceId, t.ideaId, t.createdAt),
    tenantFk(t, t.ideaId, ideas),
    // The migration says ON DELETE SET NULL ("round_id"): the comment outlives its round.
    tenantFk(t, t.roundId, rounds, { onDelete: "set null" }),
  ],
);

export const ideaWatchers = pgTable(
  "idea_watchers",
  {
    workspaceId: wsRef(),
    ideaId: uuid("idea_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ideaId, t.userId] }), tenantFk(t, t.ideaId, ideas)],
);

export const savedViews = pgTable(
  "saved_views",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    shared: boolean("shared").notNull().default(false),
    config: jsonb("config").notNull(),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("saved_views_product_idx").on(t.workspaceId, t.productId),
    tenantFk(t, t.productId, products),
  ],
);

export const rounds = pgTable(
  "rounds",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    status: text("status").notNull().default("open"),
    deadline: ts("deadline").notNull(),
    showOthers: boolean("show_others").notNull().default(false),
    closedAt: ts("closed_at"),
    closeReason: text("close_reason"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("rounds_product_idx").on(t.workspaceId, t.productId, t.createdAt),
    tenantFk(t, t.productId, products),
  ],
);

export const roundIdeas = pgTable(
  "round_ideas",
  {
    workspaceId: uuid("workspace_id").notNull(),
    roundId: uuid("round_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.roundId, t.ideaId] }),
    index("round_ideas_idea_idx").on(t.workspaceId, t.ideaId),
    tenantFk(t, t.roundId, rounds),
    tenantFk(t, t.ideaId, ideas),
  ],
);

/** Voters of a round, resolved from people and teams when chosen; `done` counts their rated or abstained cells. */
export const roundVoters = pgTable(
  "round_voters",
  {
    workspaceId: uuid("workspace_id").notNull(),
    roundId: uuid("round_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id"),
    done: integer("done").notNull().default(0),
    remindedAt: ts("reminded_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.roundId, t.userId] }),
    index("round_voters_user_idx").on(t.workspaceId, t.userId),
    tenantFk(t, t.roundId, rounds),
    // The migration says ON DELETE SET NULL ("team_id"): the voter stays when their team goes.
    tenantFk(t, t.teamId, teams, { onDelete: "set null" }),
  ],
);

/** One voter's rating of one idea on one factor in one round; value null is an abstention (with a reason). */
export const ratings = pgTable(
  "ratings",
  {
    workspaceId: uuid("workspace_id").notNull(),
    roundId: uuid("round_id").notNull(),
    voterId: uuid("voter_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    factorId: uuid("factor_id").notNull(),
    value: smallint("value"),
    abstainReason: text("abstain_reason"),
    updatedAt: ts("updated_at").notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.roundId, t.voterId, t.ideaId, t.factorId] }),
    tenantFk(t, t.roundId, rounds),
  ],
);

/** Durable scheduled work (round deadlines, reminders): claimed with FOR UPDATE SKIP LOCKED by any instance. */
export const jobs = pgTable(
  "jobs",
  {
    id: id().primaryKey(),
    workspaceId: uuid("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    key: text("key"),
    payload: jsonb("payload").notNull().default({}),
    runAt: ts("run_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: ts("locked_until"),
    doneAt: ts("done_at"),
    lastError: text("last_error"),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex("jobs_key_key").on(t.key),
    index("jobs_due_idx").on(t.runAt).where(sql`done_at IS NULL`),
  ],
);

/** Per member: how notifications reach them by mail (immediate, a daily digest, or off). Not exported. */
export const mailPreferences = pgTable(
  "mail_preferences",
  {
    workspaceId: wsRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    preference: text("preference").notNull().default("immediate"),
    digestSentAt: ts("digest_sent_at"),
    /** The member's local day whose digest went out last: a day's digest is sent at most once (two runners, a re-armed job). */
    digestDay: date("digest_day", { mode: "string" }),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export const notifications = pgTable(
  "notifications",
  {
    workspaceId: wsRef(),
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    readAt: ts("read_at"),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("notifications_user_idx").on(t.workspaceId, t.userId, t.createdAt),
  ],
);
