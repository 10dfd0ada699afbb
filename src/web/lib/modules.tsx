import {
  type Icon,
  IconBulb,
  IconCalendarEvent,
  IconChartLine,
  IconMessages,
  IconRocket,
  IconRoute,
  IconSwords,
  IconTarget,
} from "@tabler/icons-react";

/** The PM loop step a module serves (PRODUCT.md). */
export type LoopStep = "Gather evidence" | "Decide" | "Commit" | "Coordinate" | "Learn";

export interface ModuleInfo {
  key: string;
  label: string;
  icon: Icon;
  /** One sentence under the title. */
  summary: string;
  /** What people will be able to do, from PRODUCT.md. */
  features: string[];
  steps: LoopStep[];
  /** Set to false when the module ships: the navbar then routes to its real pages. */
  comingSoon: boolean;
}

/** Modules still to come, in the order of the PM loop; shown in the navbar as "coming soon". */
export const MODULES: ModuleInfo[] = [
  {
    key: "ideas",
    label: "Ideas",
    icon: IconBulb,
    summary:
      "A backlog of candidate features that stakeholders score together on weighted factors, so priorities serve the company's objectives.",
    features: [
      "Backlog with statuses, comments and merging of duplicates",
      "Configurable weighted factors: business impact, technical effort, ease for operations, customer happiness",
      "Scoring rounds with a deadline where each stakeholder rates each feature on each factor",
      "Weighted scorecard, RICE, ICE, WSJF and a value/effort matrix",
      "See where people disagree and why a feature got its score",
    ],
    steps: ["Decide"],
    comingSoon: false,
  },
  {
    key: "roadmap",
    label: "Roadmap",
    icon: IconRoute,
    summary:
      "A SMART roadmap that fits each team's capacity, shared with every stakeholder and signed off before a deadline.",
    features: [
      "Periods and lanes, with a SMART check of every item",
      "Team capacity per period, dependencies, and an optimal auto-planner",
      "Timeline, now–next–later and capacity views",
      "Versions with diffs and reasons; sign-off by chosen stakeholders with reminders and escalation",
      "The approved baseline everyone works from",
    ],
    steps: ["Commit"],
    comingSoon: false,
  },
  {
    key: "objectives",
    label: "Objectives",
    icon: IconTarget,
    summary: "Company goals and key results with measurable targets, and the work aligned to them.",
    features: [
      "Goals and key results with measurable targets",
      "Align features to the objectives they serve",
      "Coverage: goals with no work, and work with no goal",
    ],
    steps: ["Decide", "Learn"],
    comingSoon: false,
  },
  {
    key: "feedback",
    label: "Feedback",
    icon: IconMessages,
    summary:
      "One inbox for everything internal stakeholders and customers tell you, linked to features as evidence.",
    features: [
      "Sources: manual, sessions, portal, e-mail, RSS/Atom, social networks, review sites, CSV, webhooks",
      "Customers with segment and revenue; sentiment and themes; duplicates",
      "Link feedback to features as evidence, reply, and close the loop when it ships",
    ],
    steps: ["Gather evidence", "Learn"],
    comingSoon: false,
  },
  {
    key: "competitors",
    label: "Competitors",
    icon: IconSwords,
    summary: "Profiles of your competitors and their moves, tracked every day.",
    features: [
      "Profiles, SWOT and pricing",
      "A feature matrix against ours",
      "Tracked pages and feeds checked daily with diffs, and a digest",
      "Links from competitor moves to features",
    ],
    steps: ["Gather evidence"],
    comingSoon: false,
  },
  {
    key: "metrics",
    label: "Metrics",
    icon: IconChartLine,
    summary: "A metric catalogue with targets tied to key results, alerts, launch impact and experiments.",
    features: [
      "Ingestion through the API or CSV, with charts",
      "Targets tied to key results; threshold and anomaly alerts",
      "Launch impact: did the metric move?",
      "A/B analysis (frequentist and Bayesian), sample sizes and a decision log",
    ],
    steps: ["Gather evidence", "Learn"],
    comingSoon: true,
  },
  {
    key: "sessions",
    label: "Sessions",
    icon: IconCalendarEvent,
    summary: "Recurring stakeholder sessions with an agenda built from what changed since last time.",
    features: [
      "Recurring series with calendar feeds",
      "An agenda built from what changed since the last session",
      "Notes, decisions and action items; feedback captured on the spot",
    ],
    steps: ["Gather evidence", "Coordinate"],
    comingSoon: true,
  },
  {
    key: "releases",
    label: "Releases",
    icon: IconRocket,
    summary: "Releases with per-discipline readiness, so you lead the launch without doing everyone's work.",
    features: [
      "Readiness per discipline — design, engineering, QA, docs, marketing, support — with gates",
      "Delivery-tool sync: issues out, status back",
      "Changelog, release notes and a public roadmap",
    ],
    steps: ["Coordinate", "Learn"],
    comingSoon: true,
  },
];

export function findModule(key: string | undefined): ModuleInfo | undefined {
  return MODULES.find((m) => m.key === key);
}
