import type { Discipline, LifecycleStage, Role } from "../../shared/enums.ts";

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  idea: "Idea",
  discovery: "Discovery",
  development: "Development",
  launched: "Launched",
  growth: "Growth",
  mature: "Mature",
  sunset: "Sunset",
  retired: "Retired",
};

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  idea: "gray",
  discovery: "cyan",
  development: "blue",
  launched: "teal",
  growth: "green",
  mature: "lime",
  sunset: "orange",
  retired: "dark",
};

export const STAGE_DESCRIPTIONS: Record<LifecycleStage, string> = {
  idea: "A hunch worth exploring",
  discovery: "Validating the problem and the market",
  development: "Being built",
  launched: "Recently released",
  growth: "Gaining users and revenue",
  mature: "Stable, optimising",
  sunset: "Being phased out",
  retired: "No longer offered",
};

export const ROLE_COLORS: Record<Role, string> = {
  owner: "baton",
  admin: "grape",
  product_manager: "blue",
  contributor: "teal",
  stakeholder: "orange",
  viewer: "gray",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including deleting the workspace",
  admin: "Manages members, invitations and settings",
  product_manager: "Owns products and teams, runs the loop",
  contributor: "Works on products and contributes evidence",
  stakeholder: "Scores, reviews and signs off",
  viewer: "Reads everything, changes nothing",
};

export const DISCIPLINE_COLORS: Record<Discipline, string> = {
  design: "pink",
  engineering: "blue",
  qa: "teal",
  documentation: "yellow",
  marketing: "orange",
  operations: "cyan",
  sales: "green",
  support: "grape",
  leadership: "baton",
  other: "gray",
};

/** What an outbox mail is, in words: its `kind` is a key such as `invitation` or `notification.signoff.approved`. */
const MAIL_KINDS: Record<string, string> = {
  invitation: "Invitation",
  password_reset: "Password reset",
  "notification.digest": "Daily digest",
  "notification.mention": "Mention",
};
const WORDS: Record<string, string> = { signoff: "sign-off", signoffs: "sign-offs" };
export function mailKindLabel(kind: string): string {
  const known = MAIL_KINDS[kind];
  if (known) return known;
  const words = kind
    .replace(/^notification\./, "")
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => WORDS[w] ?? w.toLowerCase());
  if (!words.length) return "Mail";
  const text = words.join(" ");
  return text[0]!.toUpperCase() + text.slice(1);
}
