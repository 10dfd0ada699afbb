// Deterministic, realistic-looking product-backlog text: idea titles, descriptions, tags, CSV files.
// Everything derives from a seeded PRNG, so every run (and the cached dataset) sees the same data.
import { seededRandom } from "../../src/server/modules/planner/planner.search.mjs";

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export const prng = seededRandom;

const VERBS = [
  "Add",
  "Export",
  "Improve",
  "Support",
  "Show",
  "Sync",
  "Allow editing of",
  "Automate",
  "Speed up",
  "Redesign",
  "Simplify",
  "Bulk-edit",
  "Filter",
  "Schedule",
  "Audit",
  "Localize",
];
const OBJECTS = [
  "dashboard widgets",
  "invoice PDFs",
  "dark mode",
  "SSO login",
  "Slack notifications",
  "CSV export",
  "offline mode",
  "the audit log",
  "roadmap sharing",
  "webhooks",
  "the customer portal",
  "usage analytics",
  "release notes",
  "search suggestions",
  "team permissions",
  "billing reports",
  "onboarding checklists",
  "API rate limits",
  "calendar sync",
  "saved filters",
  "email digests",
  "two-factor authentication",
  "the mobile app",
  "data retention rules",
  "Jira integration",
  "custom fields",
  "dashboard sharing",
  "support ticket tags",
];
const QUALIFIERS = [
  "",
  "",
  "for admins",
  "on mobile",
  "in the billing page",
  "for enterprise customers",
  "per workspace",
  "for read-only users",
  "across products",
  "in bulk",
  "with keyboard shortcuts",
  "for EU customers",
];
const SENTENCES = [
  "Several enterprise customers asked for this during their quarterly reviews.",
  "Support receives about a dozen tickets a week that this would prevent.",
  "Sales reports it as a blocker in two open deals.",
  "Today people work around it with spreadsheets, which gets out of date quickly.",
  "The current flow takes five clicks and confuses new users.",
  "Competitors shipped something similar last quarter.",
  "Engineering thinks the groundwork is already in place after the platform migration.",
  "It needs a design review before we estimate it.",
  "Operations would save several hours a week on manual exports.",
  "Customers on the dashboard page keep asking for it in the feedback widget.",
  "Security flagged the current behaviour in the last penetration test.",
  "Would make the onboarding of large teams much smoother.",
  "Low effort if we reuse the existing notification service.",
  "Depends on the new permissions model landing first.",
  "Marketing wants to announce it at the user conference.",
  "Analytics show that a third of active users open this page daily.",
];
export const TAGS = [
  "billing",
  "mobile",
  "integrations",
  "performance",
  "ux",
  "security",
  "reporting",
  "api",
  "onboarding",
  "admin",
  "enterprise",
  "notifications",
];

export interface GeneratedIdea {
  title: string;
  description: string;
  tags: string[];
  inputs: { effort: number; reach: number; impact: number; confidence: number; ease: number };
}

const pick = <T>(rnd: () => number, xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

function sentence(rnd: () => number, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rnd, SENTENCES));
  return out.join(" ");
}

/** Ideas as a product team would have them: short titles, a few sentences, 0–3 tags, framework inputs. */
export function generateIdeas(count: number, seed: number): GeneratedIdea[] {
  const rnd = prng(seed);
  const out: GeneratedIdea[] = [];
  for (let i = 0; i < count; i++) {
    const q = pick(rnd, QUALIFIERS);
    const title = `${pick(rnd, VERBS)} ${pick(rnd, OBJECTS)}${q ? ` ${q}` : ""}`;
    const tags = [...new Set(Array.from({ length: Math.floor(rnd() * 4) }, () => pick(rnd, TAGS)))];
    out.push({
      title,
      description: sentence(rnd, 2 + Math.floor(rnd() * 3)),
      tags,
      inputs: {
        effort: [1, 2, 3, 5, 8, 13, 21][Math.floor(rnd() * 7)],
        reach: Math.round(50 + rnd() * 5000),
        impact: [0.25, 0.5, 1, 2, 3][Math.floor(rnd() * 5)],
        confidence: [50, 80, 100][Math.floor(rnd() * 3)],
        ease: 1 + Math.floor(rnd() * 10),
      },
    });
  }
  return out;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A CSV export from another tool: title, description, tags, owner email, effort, reach, impact, confidence,
 * ease. Owners are members of the workspace (some rows have none), headers use the usual spellings.
 */
export function generateImportCsv(count: number, ownerEmails: string[], seed: number): string {
  const rnd = prng(seed);
  const ideas = generateIdeas(count, seed + 1);
  const lines = ["Title,Description,Tags,Owner Email,Effort,Reach,Impact,Confidence,Ease"];
  for (const idea of ideas) {
    const owner = rnd() < 0.7 ? pick(rnd, ownerEmails) : "";
    const { effort, reach, impact, confidence, ease } = idea.inputs;
    lines.push(
      [
        idea.title,
        idea.description,
        idea.tags.join(", "),
        owner,
        effort,
        reach,
        impact,
        `${confidence}%`,
        ease,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
