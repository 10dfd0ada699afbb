import type { Role } from "./enums.ts";

/**
 * The permission matrix. The server checks every route against it (default deny);
 * the web app uses it only to hide controls. docs/PERMISSIONS.md renders it.
 */
export const PERMISSIONS = {
  "workspace.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "workspace.update": ["owner", "admin"],
  "workspace.delete": ["owner"],
  "members.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "members.manage": ["owner", "admin"],
  "invitations.manage": ["owner", "admin"],
  "products.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "products.write": ["owner", "admin", "product_manager"],
  "products.delete": ["owner", "admin"],
  "teams.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "teams.write": ["owner", "admin", "product_manager"],
  "teams.delete": ["owner", "admin"],
  "audit.read": ["owner", "admin"],
  "outbox.read": ["owner", "admin"],
  "tokens.own": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "export.run": ["owner", "admin"],
  "ideas.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "ideas.write": ["owner", "admin", "product_manager", "contributor"],
  "ideas.delete": ["owner", "admin", "product_manager"],
  "ideas.comment": ["owner", "admin", "product_manager", "contributor", "stakeholder"],
  "ideas.prioritize": ["owner", "admin", "product_manager"],
  "factors.write": ["owner", "admin", "product_manager"],
  "rounds.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "rounds.manage": ["owner", "admin", "product_manager"],
  "rounds.vote": ["owner", "admin", "product_manager", "contributor", "stakeholder"],
  "roadmaps.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "roadmaps.write": ["owner", "admin", "product_manager"],
  "objectives.write": ["owner", "admin", "product_manager"],
  "capacity.write": ["owner", "admin", "product_manager"],
  "signoffs.manage": ["owner", "admin", "product_manager"],
  "signoffs.decide": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "roadmaps.share": ["owner", "admin", "product_manager"],
  "feedback.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "feedback.write": ["owner", "admin", "product_manager", "contributor"],
  "customers.write": ["owner", "admin", "product_manager", "contributor"],
  "customers.manage": ["owner", "admin", "product_manager"],
  "customers.revenue": ["owner", "admin", "product_manager"],
  "sources.manage": ["owner", "admin", "product_manager"],
  "customers.contact": ["owner", "admin", "product_manager"],
  "changelog.write": ["owner", "admin", "product_manager"],
  "competitors.read": ["owner", "admin", "product_manager", "contributor", "stakeholder", "viewer"],
  "competitors.write": ["owner", "admin", "product_manager", "contributor"],
  "competitors.manage": ["owner", "admin", "product_manager"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_DESCRIPTIONS: Record<Permission, string> = {
  "workspace.read": "See the workspace and its settings",
  "workspace.update": "Rename the workspace, change its settings",
  "workspace.delete": "Delete the workspace",
  "members.read": "See members and their roles",
  "members.manage": "Change members' roles, remove members",
  "invitations.manage": "Invite people, revoke invitations",
  "products.read": "See products",
  "products.write": "Create and edit products",
  "products.delete": "Delete products",
  "teams.read": "See teams and their members",
  "teams.write": "Create and edit teams and their membership",
  "teams.delete": "Delete teams",
  "audit.read": "Browse the audit log",
  "outbox.read": "Read the outgoing mail outbox",
  "tokens.own": "Create and revoke own API tokens",
  "export.run": "Export the whole workspace",
  "ideas.read": "See ideas, their scores and the ranked backlog",
  "ideas.write": "Create and edit ideas, bulk-edit, save views",
  "ideas.delete": "Delete ideas",
  "ideas.comment": "Comment on ideas and @mention people",
  "ideas.prioritize": "Pin ranks, merge duplicates, import ideas, pick the framework",
  "factors.write": "Define scoring factors, their weights and scales",
  "rounds.read": "See scoring rounds (results once closed, or live when the round allows it)",
  "rounds.manage": "Open, edit and close scoring rounds",
  "rounds.vote": "Rate ideas in rounds one is a voter of",
  "roadmaps.read": "See objectives, capacity, roadmaps, their versions and exports",
  "roadmaps.write": "Edit roadmaps and their items, run the auto-planner, save versions",
  "objectives.write": "Create and edit objectives and key results, record progress",
  "capacity.write": "Edit team capacity, time off and the capacity unit",
  "signoffs.manage": "Request sign-off of a roadmap version; revise, extend or cancel a request",
  "signoffs.decide": "Approve or object to a roadmap in a sign-off one is an approver of",
  "roadmaps.share": "Create and revoke read-only share links to approved baselines",
  "feedback.read": "See feedback, customers and companies, and the evidence on ideas",
  "feedback.write": "Capture and ingest feedback, triage it, link it to ideas",
  "customers.write": "Add and edit customers and companies, upsert them through the API",
  "customers.manage": "Merge duplicate customers, delete customers and companies",
  "customers.revenue": "See companies' ARR and MRR and revenue-weighted evidence",
  "sources.manage":
    "Add, change and delete polled feedback sources (feeds, social searches) and their tokens; poll now",
  "customers.contact":
    "Write to customers by e-mail: reply from a feedback item, manage reply templates, send close-the-loop messages (and save their drafts) to the people whose feedback an idea answers",
  "changelog.write": "Write, publish, unpublish and delete a product's changelog entries",
  "competitors.read":
    "See competitors, their SWOT, pricing history, battlecards, the feature matrix, monitored sources and detected changes; watch a competitor",
  "competitors.write":
    "Edit competitors' profiles, SWOT cards, pricing, battlecards and feature-matrix rows and cells; triage detected changes",
  "competitors.manage":
    "Add, archive and delete competitors; add, change, check now and delete monitored sources",
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Roles ranked by power: an admin may grant up to admin, only an owner grants owner. */
export const ROLE_RANK: Record<Role, number> = {
  owner: 6,
  admin: 5,
  product_manager: 4,
  contributor: 3,
  stakeholder: 2,
  viewer: 1,
};
