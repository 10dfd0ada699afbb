import { z } from "zod";
import {
  CAPACITY_UNITS,
  LANE_BY,
  OBJECTIVE_STATUSES,
  PERIOD_KINDS,
  ROADMAP_ITEM_KINDS,
  ROADMAP_ITEM_STATUSES,
} from "./enums.ts";
import { DaySchema, int, MonthSchema, num, queryInt, text, VersionSchema } from "./primitives.schemas.ts";
import { IdSchema } from "./schemas.ts";

/** API contract of objectives, capacity, roadmaps, the auto-planner and roadmap versions (the roadmap issue). */

const Timestamp = z.string();

export { DaySchema, MonthSchema };

const Title = text().trim().min(1, "Give it a title").max(200, "Use at most 200 characters");
const LongText = text().max(20_000, "Use at most 20,000 characters");
const Reason = text().trim().max(500, "Use at most 500 characters");
/**
 * A key result's baseline, target or current value. Bounded so that progress, (current − baseline) /
 * (target − baseline), is always a finite number (±1e308 made it NaN and poisoned the objectives list).
 */
const Metric = num(-1e12, 1e12);
const Amount = z.number().finite().min(0, "Cannot be negative").max(1_000_000, "Too large");

export const ObjectiveStatusSchema = z.enum(OBJECTIVE_STATUSES);
export const CapacityUnitSchema = z.enum(CAPACITY_UNITS);
export const PeriodKindSchema = z.enum(PERIOD_KINDS);
export const LaneBySchema = z.enum(LANE_BY);
export const RoadmapItemKindSchema = z.enum(ROADMAP_ITEM_KINDS);
export const RoadmapItemStatusSchema = z.enum(ROADMAP_ITEM_STATUSES);

// ---------------------------------------------------------------- objectives
export const KeyResultSchema = z.object({
  id: IdSchema,
  objectiveId: IdSchema,
  title: z.string(),
  metricName: z.string(),
  unit: z.string(),
  baseline: z.number(),
  target: z.number(),
  current: z.number().nullable(),
  dueDate: z.string(),
  progress: z.number().nullable(), // 0..1, (current − baseline) / (target − baseline), clamped
  version: z.number().int(),
});
export type KeyResult = z.infer<typeof KeyResultSchema>;

const KeyResultFields = {
  title: Title,
  metricName: text().trim().min(1, "Name the metric").max(120),
  unit: text().trim().max(40).default(""),
  baseline: Metric,
  target: Metric,
  current: Metric.nullable().default(null),
  dueDate: DaySchema,
};
export const CreateKeyResultSchema = z.object(KeyResultFields).refine((k) => k.target !== k.baseline, {
  path: ["target"],
  message: "The target must differ from the baseline",
});
export type CreateKeyResult = z.input<typeof CreateKeyResultSchema>;
export const UpdateKeyResultSchema = z.object({
  version: VersionSchema,
  title: Title.optional(),
  metricName: KeyResultFields.metricName.optional(),
  unit: text().trim().max(40).optional(),
  baseline: Metric.optional(),
  target: Metric.optional(),
  current: Metric.nullable().optional(),
  dueDate: DaySchema.optional(),
});
export type UpdateKeyResult = z.infer<typeof UpdateKeyResultSchema>;

export const ObjectiveSchema = z.object({
  id: IdSchema,
  productId: IdSchema.nullable(), // null: a company objective
  title: z.string(),
  description: z.string(),
  ownerId: IdSchema.nullable(),
  ownerName: z.string().nullable(),
  periodStart: z.string(),
  periodEnd: z.string(),
  importance: int(1, 5),
  status: ObjectiveStatusSchema,
  progress: z.number().nullable(), // mean of its key results' progress
  keyResults: z.array(KeyResultSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Objective = z.infer<typeof ObjectiveSchema>;

const Importance = z.number().int().min(1, "1 (low) to 5 (critical)").max(5, "1 (low) to 5 (critical)");
const objectiveFields = {
  productId: IdSchema.nullable().default(null),
  title: Title,
  description: LongText.default(""),
  ownerId: IdSchema.nullable().default(null),
  periodStart: DaySchema,
  periodEnd: DaySchema,
  importance: Importance.default(3),
  status: ObjectiveStatusSchema.default("active"),
};
export const CreateObjectiveSchema = z
  .object({ ...objectiveFields, keyResults: z.array(CreateKeyResultSchema).max(20).default([]) })
  .refine((o) => o.periodEnd >= o.periodStart, {
    path: ["periodEnd"],
    message: "The period ends before it starts",
  });
export type CreateObjective = z.input<typeof CreateObjectiveSchema>;
export const UpdateObjectiveSchema = z.object({
  version: VersionSchema,
  productId: IdSchema.nullable().optional(),
  title: Title.optional(),
  description: LongText.optional(),
  ownerId: IdSchema.nullable().optional(),
  periodStart: DaySchema.optional(),
  periodEnd: DaySchema.optional(),
  importance: Importance.optional(),
  status: ObjectiveStatusSchema.optional(),
});
export type UpdateObjective = z.infer<typeof UpdateObjectiveSchema>;
export const ObjectiveQuerySchema = z.object({
  productId: IdSchema.optional(),
  status: ObjectiveStatusSchema.optional(),
});

/** Coverage: which objectives have planned work, which planned items serve none, capacity share per objective. */
export const CoverageSchema = z.object({
  unit: CapacityUnitSchema,
  totalPlannedEffort: z.number(),
  objectives: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      productId: IdSchema.nullable(),
      importance: z.number().int(),
      plannedItems: z.number().int(),
      plannedEffort: z.number(),
      share: z.number(), // of totalPlannedEffort, 0..1
    }),
  ),
  uncoveredObjectiveIds: z.array(IdSchema),
  itemsWithoutObjective: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      roadmapId: IdSchema,
      roadmapName: z.string(),
      effort: z.number(),
    }),
  ),
});
export type Coverage = z.infer<typeof CoverageSchema>;

// ---------------------------------------------------------------- capacity
export const CapacitySettingsSchema = z.object({
  capacityUnit: CapacityUnitSchema,
  pointsPerPersonMonth: z.number().finite().min(0.1).max(1000),
});
export type CapacitySettings = z.infer<typeof CapacitySettingsSchema>;

export const CapacityCellSchema = z.object({
  month: z.string(),
  derived: z.number(), // from members' allocation, time off and holidays
  override: z.number().nullable(), // set by hand in the grid
  note: z.string(),
  capacity: z.number(), // override (less holidays) ?? derived
  // Weekday public holidays of the team's calendar this month (docs/ROADMAP.md, "Public holidays").
  holidays: z.array(z.object({ date: z.string(), name: z.string() })),
  workingDays: z.number().int(), // Mondays to Fridays of the month
  load: z.number(), // effort of items planned in this month (items spanning several months spread evenly)
  // The items making up the load, with this team's effort in this month.
  items: z.array(z.object({ id: IdSchema, title: z.string(), roadmapId: IdSchema, effort: z.number() })),
});
export const CapacityGridSchema = z.object({
  unit: CapacityUnitSchema,
  pointsPerPersonMonth: z.number(),
  months: z.array(z.string()),
  teams: z.array(
    z.object({
      id: IdSchema,
      name: z.string(),
      members: z.array(z.object({ userId: IdSchema, name: z.string(), allocationPct: z.number().int() })),
      cells: z.array(CapacityCellSchema),
    }),
  ),
});
export type CapacityGrid = z.infer<typeof CapacityGridSchema>;
export const CapacityQuerySchema = z.object({
  from: MonthSchema,
  months: queryInt(1, 36).default(12),
});
export const PutCapacitySchema = z.object({
  cells: z
    .array(
      z.object({
        teamId: IdSchema,
        month: MonthSchema,
        capacity: Amount.nullable(), // null: back to the derived value
        note: text().trim().max(200).default(""),
      }),
    )
    .min(1)
    .max(2000),
});
export type PutCapacity = z.input<typeof PutCapacitySchema>;

export const TimeOffSchema = z.object({
  id: IdSchema,
  userId: IdSchema,
  userName: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  note: z.string(),
  createdAt: Timestamp,
});
export type TimeOff = z.infer<typeof TimeOffSchema>;
export const CreateTimeOffSchema = z
  .object({
    userId: IdSchema,
    startDate: DaySchema,
    endDate: DaySchema,
    note: text().trim().max(200).default(""),
  })
  .refine((t) => t.endDate >= t.startDate, {
    path: ["endDate"],
    message: "The time off ends before it starts",
  });
export type CreateTimeOff = z.input<typeof CreateTimeOffSchema>;

// ---------------------------------------------------------------- roadmaps
export const PeriodSchema = z.object({
  key: z.string(), // first day of the period, 'YYYY-MM-01'
  label: z.string(), // "Jan 2027", "Q1 2027", "Now"
  start: z.string(),
  end: z.string(), // exclusive
});
export type Period = z.infer<typeof PeriodSchema>;

export const RoadmapSchema = z.object({
  id: IdSchema,
  productId: IdSchema,
  productName: z.string(),
  name: z.string(),
  description: z.string(),
  periodKind: PeriodKindSchema,
  startMonth: z.string(),
  horizon: z.number().int(),
  laneBy: LaneBySchema,
  itemCount: z.number().int(),
  feedEnabled: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Roadmap = z.infer<typeof RoadmapSchema>;
export const CreateRoadmapSchema = z.object({
  productId: IdSchema,
  name: Title,
  description: LongText.default(""),
  periodKind: PeriodKindSchema.default("quarter"),
  startMonth: MonthSchema,
  horizon: int(1, 24).default(4),
  laneBy: LaneBySchema.default("team"),
});
export type CreateRoadmap = z.input<typeof CreateRoadmapSchema>;
export const UpdateRoadmapSchema = z.object({
  version: VersionSchema,
  name: Title.optional(),
  description: LongText.optional(),
  periodKind: PeriodKindSchema.optional(),
  startMonth: MonthSchema.optional(),
  horizon: int(1, 24).optional(),
  laneBy: LaneBySchema.optional(),
});
export type UpdateRoadmap = z.input<typeof UpdateRoadmapSchema>;

export const SmartCheckSchema = z.object({ ok: z.boolean(), reason: z.string().nullable() });
export const SmartSchema = z.object({
  specific: SmartCheckSchema,
  measurable: SmartCheckSchema,
  achievable: SmartCheckSchema,
  relevant: SmartCheckSchema,
  timeBound: SmartCheckSchema,
});
export type Smart = z.infer<typeof SmartSchema>;

export const EffortSchema = z.object({ teamId: IdSchema, effort: Amount });
export const RoadmapItemSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  kind: RoadmapItemKindSchema,
  ideaId: IdSchema.nullable(),
  ideaNumber: z.number().int().nullable(),
  title: z.string(),
  problem: z.string(),
  outcome: z.string(),
  description: z.string(),
  theme: z.string(),
  status: RoadmapItemStatusSchema,
  period: z.string().nullable(), // first day of the month it lands in
  targetDate: z.string().nullable(),
  pinned: z.boolean(),
  successMetric: z.string(),
  successTarget: z.string(),
  valueOverride: z.number().nullable(),
  value: z.number(), // priority value the planner maximizes (docs/ROADMAP.md)
  position: z.number(),
  efforts: z.array(EffortSchema),
  objectiveIds: z.array(IdSchema), // linked directly or through its ideas
  keyResultIds: z.array(IdSchema),
  ideaIds: z.array(IdSchema), // an initiative's grouped ideas
  dependsOn: z.array(IdSchema), // items that must land no later
  smart: SmartSchema,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type RoadmapItem = z.infer<typeof RoadmapItemSchema>;

// Field rules without defaults: an update must leave absent fields alone (a default would blank them).
const ItemText = text().trim().max(5000);
const ItemTheme = text().trim().max(80);
const ItemMetric = text().trim().max(200);
const ItemValue = z.number().finite().min(0).max(1e9).nullable();
const itemFields = {
  title: Title,
  problem: ItemText.default(""),
  outcome: ItemText.default(""),
  description: LongText.default(""),
  theme: ItemTheme.default(""),
  status: RoadmapItemStatusSchema.default("candidate"),
  period: MonthSchema.nullable().default(null),
  targetDate: DaySchema.nullable().default(null),
  pinned: z.boolean().default(false),
  successMetric: ItemMetric.default(""),
  successTarget: ItemMetric.default(""),
  valueOverride: ItemValue.default(null),
  efforts: z.array(EffortSchema).max(50).default([]),
  objectiveIds: z.array(IdSchema).max(50).default([]),
  keyResultIds: z.array(IdSchema).max(50).default([]),
  ideaIds: z.array(IdSchema).max(500).default([]),
  dependsOn: z.array(IdSchema).max(100).default([]),
};
export const CreateRoadmapItemSchema = z.object({
  kind: RoadmapItemKindSchema.default("initiative"),
  ideaId: IdSchema.nullable().default(null), // kind "idea": the idea it plans; title/description default to the idea's
  ...itemFields,
  title: Title.optional(),
  reason: Reason.default(""),
});
export type CreateRoadmapItem = z.input<typeof CreateRoadmapItemSchema>;
export const UpdateRoadmapItemSchema = z.object({
  version: VersionSchema,
  title: Title.optional(),
  problem: ItemText.optional(),
  outcome: ItemText.optional(),
  description: LongText.optional(),
  theme: ItemTheme.optional(),
  status: RoadmapItemStatusSchema.optional(),
  period: MonthSchema.nullable().optional(),
  targetDate: DaySchema.nullable().optional(),
  pinned: z.boolean().optional(),
  successMetric: ItemMetric.optional(),
  successTarget: ItemMetric.optional(),
  valueOverride: ItemValue.optional(),
  position: num(-1e9, 1e9).optional(),
  efforts: z.array(EffortSchema).max(50).optional(),
  objectiveIds: z.array(IdSchema).max(50).optional(),
  keyResultIds: z.array(IdSchema).max(50).optional(),
  ideaIds: z.array(IdSchema).max(500).optional(),
  dependsOn: z.array(IdSchema).max(100).optional(),
  reason: Reason.default(""), // why: shown when versions are compared
});
export type UpdateRoadmapItem = z.input<typeof UpdateRoadmapItemSchema>;
export const DeleteRoadmapItemQuerySchema = z.object({ reason: Reason.default("") });

export const MilestoneSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  itemId: IdSchema.nullable(),
  title: z.string(),
  description: z.string(),
  date: z.string(),
  version: z.number().int(),
});
export type Milestone = z.infer<typeof MilestoneSchema>;
export const CreateMilestoneSchema = z.object({
  itemId: IdSchema.nullable().default(null),
  title: Title,
  description: text().max(2000).default(""),
  date: DaySchema,
});
export type CreateMilestone = z.input<typeof CreateMilestoneSchema>;
export const UpdateMilestoneSchema = z.object({
  version: VersionSchema,
  itemId: IdSchema.nullable().optional(),
  title: Title.optional(),
  description: text().max(2000).optional(),
  date: DaySchema.optional(),
});

export const LoadCellSchema = z.object({
  teamId: IdSchema,
  period: z.string(), // period key
  capacity: z.number(),
  load: z.number(), // everything planned in the workspace for this team in this period
  itemIds: z.array(IdSchema), // this roadmap's items contributing
});
export type LoadCell = z.infer<typeof LoadCellSchema>;

/** Everything one roadmap page needs, in one response. */
export const RoadmapViewSchema = z.object({
  roadmap: RoadmapSchema,
  unit: CapacityUnitSchema,
  today: z.string(),
  periods: z.array(PeriodSchema),
  items: z.array(RoadmapItemSchema),
  dependencies: z.array(z.object({ beforeId: IdSchema, afterId: IdSchema })),
  milestones: z.array(MilestoneSchema),
  teams: z.array(z.object({ id: IdSchema, name: z.string() })),
  objectives: z.array(z.object({ id: IdSchema, title: z.string(), importance: z.number().int() })),
  load: z.array(LoadCellSchema),
  smartSummary: z.object({
    items: z.number().int(), // items checked (not dropped)
    passing: z.number().int(), // all five badges
    failing: z.object({
      specific: z.number().int(),
      measurable: z.number().int(),
      achievable: z.number().int(),
      relevant: z.number().int(),
      timeBound: z.number().int(),
    }),
  }),
});
export type RoadmapView = z.infer<typeof RoadmapViewSchema>;

export const PortfolioQuerySchema = z.object({
  from: MonthSchema.optional(),
  months: queryInt(1, 36).default(12),
});
export const PortfolioSchema = z.object({
  unit: CapacityUnitSchema,
  months: z.array(z.string()),
  roadmaps: z.array(RoadmapSchema),
  items: z.array(
    RoadmapItemSchema.pick({
      id: true,
      roadmapId: true,
      title: true,
      status: true,
      period: true,
      targetDate: true,
      theme: true,
      objectiveIds: true,
      smart: true,
    }).extend({ productId: IdSchema, teamIds: z.array(IdSchema) }),
  ),
});
export type Portfolio = z.infer<typeof PortfolioSchema>;

// ---------------------------------------------------------------- auto-planner
export const PlanRequestSchema = z.object({
  scope: z.enum(["all", "unplanned"]).default("all"), // all: re-plan every unpinned item; unplanned: keep planned items where they are
  weightByObjective: z.boolean().default(true),
  timeLimitSeconds: int(1, 60).default(10),
  // A move a person recorded with a reason is a human decision: the planner keeps the item in that period
  // unless overrideHumanMoves (all of them) or the item is in overrideItemIds (docs/ROADMAP.md).
  overrideHumanMoves: z.boolean().default(false),
  overrideItemIds: z.array(IdSchema).max(5000).default([]),
});
export type PlanRequest = z.input<typeof PlanRequestSchema>;
export const PlanMoveSchema = z.object({
  itemId: IdSchema,
  title: z.string(),
  change: z.enum(["added", "moved", "dropped"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  value: z.number(), // the item's own value
  weight: z.number(), // the objective-importance multiplier the planner applied (1 when not weighting)
  reason: z.string(),
  itemVersion: z.number().int(),
  /** The reason of the human decision this move overrules (only when the PM allowed overruling it). */
  overrules: z.string().nullable().optional(),
});
export type PlanMove = z.infer<typeof PlanMoveSchema>;
export const PlanProposalSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  scope: z.enum(["all", "unplanned"]),
  status: z.enum(["open", "applied", "partly_applied", "discarded"]),
  solver: z.object({
    status: z.enum(["optimal", "feasible", "greedy", "infeasible"]),
    method: z.enum(["milp", "greedy"]),
    objective: z.number(),
    bound: z.number().nullable(),
    gap: z.number().nullable(),
    elapsedMs: z.number(),
    message: z.string().nullable(),
  }),
  valueBefore: z.number(),
  valueAfter: z.number(),
  candidates: z.number().int(),
  moves: z.array(PlanMoveSchema),
  /** Human decisions the planner kept where they are (a move recorded with a reason; docs/ROADMAP.md). */
  keptDecisions: z
    .array(
      z.object({ itemId: IdSchema, title: z.string(), period: z.string().nullable(), reason: z.string() }),
    )
    .optional(),
  createdAt: Timestamp,
});
export type PlanProposal = z.infer<typeof PlanProposalSchema>;
export const ApplyPlanSchema = z.object({
  itemIds: z.array(IdSchema).max(5000).optional(), // omitted: accept every move
  reason: Reason.default(""),
});

// ---------------------------------------------------------------- versions
export const RoadmapVersionSchema = z.object({
  id: IdSchema,
  roadmapId: IdSchema,
  number: z.number().int(),
  name: z.string(),
  note: z.string(),
  itemCount: z.number().int(),
  createdBy: IdSchema.nullable(),
  createdByName: z.string().nullable(),
  createdAt: Timestamp,
  /** Set when a sign-off approved this version: it is then the roadmap's baseline (the latest such). */
  approvedAt: Timestamp.nullable(),
  signoffId: IdSchema.nullable(),
});
export type RoadmapVersion = z.infer<typeof RoadmapVersionSchema>;
export const CreateRoadmapVersionSchema = z.object({
  name: Title,
  note: text().trim().max(2000).default(""),
});
/** One item as frozen in a version. */
export const SnapshotItemSchema = z.object({
  id: IdSchema,
  title: z.string(),
  kind: RoadmapItemKindSchema,
  ideaId: IdSchema.nullable(),
  problem: z.string(),
  outcome: z.string(),
  description: z.string(),
  theme: z.string(),
  status: RoadmapItemStatusSchema,
  period: z.string().nullable(),
  targetDate: z.string().nullable(),
  pinned: z.boolean(),
  successMetric: z.string(),
  successTarget: z.string(),
  value: z.number(),
  efforts: z.array(EffortSchema),
  objectiveIds: z.array(IdSchema),
  keyResultIds: z.array(IdSchema),
  ideaIds: z.array(IdSchema),
  dependsOn: z.array(IdSchema),
  smart: SmartSchema,
});
export type SnapshotItem = z.infer<typeof SnapshotItemSchema>;
export const RoadmapSnapshotSchema = z.object({
  roadmap: RoadmapSchema.pick({
    name: true,
    periodKind: true,
    startMonth: true,
    horizon: true,
    laneBy: true,
  }),
  periods: z.array(PeriodSchema),
  items: z.array(SnapshotItemSchema),
  milestones: z.array(MilestoneSchema.omit({ version: true })),
});
export type RoadmapSnapshot = z.infer<typeof RoadmapSnapshotSchema>;
export const RoadmapVersionDetailSchema = RoadmapVersionSchema.extend({ snapshot: RoadmapSnapshotSchema });

export const FieldChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const VersionDiffSchema = z.object({
  from: z.object({ id: IdSchema.nullable(), number: z.number().int().nullable(), name: z.string() }),
  to: z.object({ id: IdSchema.nullable(), number: z.number().int().nullable(), name: z.string() }),
  added: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      period: z.string().nullable(),
      reasons: z.array(z.string()),
    }),
  ),
  removed: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      period: z.string().nullable(),
      reasons: z.array(z.string()),
    }),
  ),
  moved: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      reasons: z.array(z.string()),
    }),
  ),
  changed: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      fields: z.array(FieldChangeSchema),
      reasons: z.array(z.string()),
    }),
  ),
  unchanged: z.number().int(),
});
export type VersionDiff = z.infer<typeof VersionDiffSchema>;
export const CompareQuerySchema = z.object({
  from: IdSchema,
  to: z.union([IdSchema, z.literal("current")]).default("current"),
});
