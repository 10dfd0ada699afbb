/** Fixed vocabularies shared by server, web and CLI. */
export const ROLES = ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  product_manager: "Product manager",
  contributor: "Contributor",
  stakeholder: "Stakeholder",
  viewer: "Viewer",
};

export const LIFECYCLE_STAGES = [
  "idea",
  "discovery",
  "development",
  "launched",
  "growth",
  "mature",
  "sunset",
  "retired",
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const DISCIPLINES = [
  "design",
  "engineering",
  "qa",
  "documentation",
  "marketing",
  "operations",
  "sales",
  "support",
  "leadership",
  "other",
] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export const DISCIPLINE_LABELS: Record<Discipline, string> = {
  design: "Design",
  engineering: "Engineering",
  qa: "QA",
  documentation: "Documentation",
  marketing: "Marketing",
  operations: "Operations",
  sales: "Sales",
  support: "Support",
  leadership: "Leadership",
  other: "Other",
};

export const IDEA_STATUSES = [
  "new",
  "under_review",
  "planned",
  "in_progress",
  "shipped",
  "declined",
  "merged",
] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];
export const IDEA_STATUS_LABELS: Record<IdeaStatus, string> = {
  new: "New",
  under_review: "Under review",
  planned: "Planned",
  in_progress: "In progress",
  shipped: "Shipped",
  declined: "Declined",
  merged: "Merged",
};

/** Prioritization frameworks; a product picks its active one (docs/SCORING.md). */
export const FRAMEWORKS = ["weighted", "rice", "ice", "wsjf"] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const FRAMEWORK_LABELS: Record<Framework, string> = {
  weighted: "Weighted scorecard",
  rice: "RICE",
  ice: "ICE",
  wsjf: "WSJF",
};

export const ROUND_STATUSES = ["open", "closed"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Objectives, capacity and roadmaps (docs/ROADMAP.md). */
export const OBJECTIVE_STATUSES = ["active", "achieved", "missed", "dropped"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
export const CAPACITY_UNITS = ["person_days", "points"] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];
export const CAPACITY_UNIT_LABELS: Record<CapacityUnit, string> = {
  person_days: "person-days",
  points: "points",
};
/** Roadmap periods: calendar months, quarters, or three buckets (Now, Next, Later) of `horizon` months each. */
export const PERIOD_KINDS = ["month", "quarter", "nnl"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const LANE_BY = ["team", "objective", "theme", "status"] as const;
export type LaneBy = (typeof LANE_BY)[number];
export const ROADMAP_ITEM_KINDS = ["idea", "initiative"] as const;
export type RoadmapItemKind = (typeof ROADMAP_ITEM_KINDS)[number];
export const ROADMAP_ITEM_STATUSES = ["candidate", "planned", "in_progress", "done", "dropped"] as const;
export type RoadmapItemStatus = (typeof ROADMAP_ITEM_STATUSES)[number];
export const ROADMAP_ITEM_STATUS_LABELS: Record<RoadmapItemStatus, string> = {
  candidate: "Candidate",
  planned: "Planned",
  in_progress: "In progress",
  done: "Done",
  dropped: "Dropped",
};
export const SMART_KEYS = ["specific", "measurable", "achievable", "relevant", "timeBound"] as const;
export type SmartKey = (typeof SMART_KEYS)[number];
export const SMART_LABELS: Record<SmartKey, string> = {
  specific: "Specific",
  measurable: "Measurable",
  achievable: "Achievable",
  relevant: "Relevant",
  timeBound: "Time-bound",
};

export const SIGNOFF_STATUSES = ["open", "approved", "cancelled"] as const;
export type SignoffStatus = (typeof SIGNOFF_STATUSES)[number];
export const SIGNOFF_DECISIONS = ["pending", "approved", "approved_with_comments", "objected"] as const;
export type SignoffDecision = (typeof SIGNOFF_DECISIONS)[number];
export const SIGNOFF_DECISION_LABELS: Record<SignoffDecision, string> = {
  pending: "Pending",
  approved: "Approved",
  approved_with_comments: "Approved with comments",
  objected: "Objected",
};
export const SIGNOFF_EVENT_KINDS = [
  "requested",
  "decided",
  "commented",
  "revised",
  "withdrawn",
  "reminded",
  "escalated",
  "extended",
  "cancelled",
  "approved",
  "approvers",
] as const;
