import {
  boolean,
  date,
  doublePrecision,
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
import {
  created,
  id,
  ideas,
  products,
  teams,
  tenantFk,
  ts,
  updated,
  userRef,
  users,
  version,
  wsRef,
} from "./schema.ts";

/**
 * Objectives, capacity and roadmaps (the roadmap issue). Same rules as schema.ts: workspace_id leads every
 * key. Calendar days are `date` columns, read as 'YYYY-MM-DD' text.
 */
const day = (name: string) => date(name, { mode: "string" });

/** Company goals (product_id null) and product goals, each with a period and an importance the planner can weigh. */
export const objectives = pgTable(
  "objectives",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    ownerId: userRef("owner_id"),
    periodStart: day("period_start").notNull(),
    periodEnd: day("period_end").notNull(),
    importance: smallint("importance").notNull().default(3),
    status: text("status").notNull().default("active"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("objectives_period_idx").on(t.workspaceId, t.periodStart, t.id),
    tenantFk(t, t.productId, products),
  ],
);

export const keyResults = pgTable(
  "key_results",
  {
    workspaceId: wsRef(),
    id: id(),
    objectiveId: uuid("objective_id").notNull(),
    title: text("title").notNull(),
    metricName: text("metric_name").notNull(),
    unit: text("unit").notNull().default(""),
    baseline: doublePrecision("baseline").notNull(),
    target: doublePrecision("target").notNull(),
    current: doublePrecision("current"),
    dueDate: day("due_date").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("key_results_objective_idx").on(t.workspaceId, t.objectiveId, t.position),
    tenantFk(t, t.objectiveId, objectives),
  ],
);

export const ideaObjectives = pgTable(
  "idea_objectives",
  {
    workspaceId: uuid("workspace_id").notNull(),
    ideaId: uuid("idea_id").notNull(),
    objectiveId: uuid("objective_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.ideaId, t.objectiveId] }),
    index("idea_objectives_objective_idx").on(t.workspaceId, t.objectiveId),
    tenantFk(t, t.ideaId, ideas),
    tenantFk(t, t.objectiveId, objectives),
  ],
);

/** A team's capacity for one calendar month when set by hand; otherwise it is derived from members and time off. */
export const teamCapacity = pgTable(
  "team_capacity",
  {
    workspaceId: uuid("workspace_id").notNull(),
    teamId: uuid("team_id").notNull(),
    month: day("month").notNull(),
    capacity: doublePrecision("capacity").notNull(),
    note: text("note").notNull().default(""),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamId, t.month] }), tenantFk(t, t.teamId, teams)],
);

export const timeOff = pgTable(
  "time_off",
  {
    workspaceId: wsRef(),
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startDate: day("start_date").notNull(),
    endDate: day("end_date").notNull(),
    note: text("note").notNull().default(""),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("time_off_user_idx").on(t.workspaceId, t.userId, t.startDate),
  ],
);

export const roadmaps = pgTable(
  "roadmaps",
  {
    workspaceId: wsRef(),
    id: id(),
    productId: uuid("product_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    periodKind: text("period_kind").notNull().default("quarter"),
    startMonth: day("start_month").notNull(),
    horizon: smallint("horizon").notNull().default(4),
    laneBy: text("lane_by").notNull().default("team"),
    nextVersionNumber: integer("next_version_number").notNull().default(1),
    // SHA-256 of the secret in the milestones iCalendar feed's URL (calendar apps send no cookies); null = feed off.
    feedTokenHash: text("feed_token_hash"),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("roadmaps_product_idx").on(t.workspaceId, t.productId, t.createdAt),
    uniqueIndex("roadmaps_feed_token_key").on(t.feedTokenHash),
    tenantFk(t, t.productId, products),
  ],
);

/** An idea on the roadmap, or an initiative grouping ideas. `period` is the first day of the month it lands in. */
export const roadmapItems = pgTable(
  "roadmap_items",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    kind: text("kind").notNull(),
    ideaId: uuid("idea_id"),
    title: text("title").notNull(),
    problem: text("problem").notNull().default(""),
    outcome: text("outcome").notNull().default(""),
    description: text("description").notNull().default(""),
    theme: text("theme").notNull().default(""),
    status: text("status").notNull().default("candidate"),
    period: day("period"),
    targetDate: day("target_date"),
    pinned: boolean("pinned").notNull().default(false),
    successMetric: text("success_metric").notNull().default(""),
    successTarget: text("success_target").notNull().default(""),
    valueOverride: doublePrecision("value_override"),
    position: doublePrecision("position").notNull().default(0),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("roadmap_items_roadmap_idx").on(t.workspaceId, t.roadmapId, t.position),
    index("roadmap_items_period_idx").on(t.workspaceId, t.period),
    tenantFk(t, t.roadmapId, roadmaps),
    // The migration says ON DELETE SET NULL ("idea_id") (PostgreSQL 15+): the item outlives its idea.
    tenantFk(t, t.ideaId, ideas, { onDelete: "set null" }),
  ],
);

const itemRef = (t: { workspaceId: any; itemId: any }) => tenantFk(t, t.itemId, roadmapItems);

export const roadmapItemEfforts = pgTable(
  "roadmap_item_efforts",
  {
    workspaceId: uuid("workspace_id").notNull(),
    itemId: uuid("item_id").notNull(),
    teamId: uuid("team_id").notNull(),
    effort: doublePrecision("effort").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.itemId, t.teamId] }),
    index("roadmap_item_efforts_team_idx").on(t.workspaceId, t.teamId),
    itemRef(t),
    tenantFk(t, t.teamId, teams),
  ],
);

/** What an item links to: objectives, key results, and (for initiatives) the ideas it groups. */
export const roadmapItemLinks = pgTable(
  "roadmap_item_links",
  {
    workspaceId: uuid("workspace_id").notNull(),
    itemId: uuid("item_id").notNull(),
    kind: text("kind").notNull(),
    targetId: uuid("target_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.itemId, t.kind, t.targetId] }),
    index("roadmap_item_links_target_idx").on(t.workspaceId, t.kind, t.targetId),
    itemRef(t),
  ],
);

/** Finish-before: `before_id` must land no later than `after_id`. */
export const roadmapDependencies = pgTable(
  "roadmap_dependencies",
  {
    workspaceId: uuid("workspace_id").notNull(),
    roadmapId: uuid("roadmap_id").notNull(),
    beforeId: uuid("before_id").notNull(),
    afterId: uuid("after_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.beforeId, t.afterId] }),
    index("roadmap_dependencies_roadmap_idx").on(t.workspaceId, t.roadmapId),
    tenantFk(t, t.beforeId, roadmapItems),
    tenantFk(t, t.afterId, roadmapItems),
  ],
);

export const roadmapMilestones = pgTable(
  "roadmap_milestones",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    itemId: uuid("item_id"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    date: day("date").notNull(),
    createdAt: created(),
    updatedAt: updated(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("roadmap_milestones_roadmap_idx").on(t.workspaceId, t.roadmapId, t.date),
    tenantFk(t, t.roadmapId, roadmaps),
    tenantFk(t, t.itemId, roadmapItems),
  ],
);

/** Every change to an item, with its reason: version comparisons show why each item moved or changed. */
export const roadmapChanges = pgTable(
  "roadmap_changes",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    itemId: uuid("item_id").notNull(),
    actorId: userRef("actor_id"),
    action: text("action").notNull(),
    changes: jsonb("changes").notNull().default({}),
    reason: text("reason").notNull().default(""),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("roadmap_changes_roadmap_idx").on(t.workspaceId, t.roadmapId, t.createdAt),
    tenantFk(t, t.roadmapId, roadmaps),
  ],
);

/** A named snapshot of a roadmap (items, links, efforts, dependencies, milestones) at a moment; immutable. */
export const roadmapVersions = pgTable(
  "roadmap_versions",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    number: integer("number").notNull(),
    name: text("name").notNull(),
    note: text("note").notNull().default(""),
    snapshot: jsonb("snapshot").notNull(),
    itemCount: integer("item_count").notNull(),
    createdBy: userRef("created_by"),
    createdAt: created(),
    /** Set once, when a sign-off approves the version: it is then a baseline (immutable like every version). */
    approvedAt: ts("approved_at"),
    signoffId: uuid("signoff_id"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("roadmap_versions_number_key").on(t.workspaceId, t.roadmapId, t.number),
    tenantFk(t, t.roadmapId, roadmaps),
  ],
);

/** An auto-planner run: its settings, the solver's answer and the proposed moves, until accepted or discarded. */
export const planProposals = pgTable(
  "plan_proposals",
  {
    workspaceId: wsRef(),
    id: id(),
    roadmapId: uuid("roadmap_id").notNull(),
    scope: text("scope").notNull(),
    settings: jsonb("settings").notNull().default({}),
    result: jsonb("result").notNull(),
    status: text("status").notNull().default("open"),
    createdBy: userRef("created_by"),
    createdAt: created(),
    decidedAt: ts("decided_at"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("plan_proposals_roadmap_idx").on(t.workspaceId, t.roadmapId, t.createdAt),
    tenantFk(t, t.roadmapId, roadmaps),
  ],
);
