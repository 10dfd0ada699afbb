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
