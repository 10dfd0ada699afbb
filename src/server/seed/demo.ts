import type { Discipline, LifecycleStage, Role } from "../../shared/enums.ts";
import { cliActor, type WorkspaceContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import { hashPassword } from "../lib/crypto.ts";
import { createUser, deleteAccounts, isSetupRequired } from "../modules/auth/auth.service.ts";
import { addMember } from "../modules/members/members.service.ts";
import { createProduct } from "../modules/products/products.service.ts";
import { createTeam, putTeamMember } from "../modules/teams/teams.service.ts";
import { createWorkspace, deleteWorkspace } from "../modules/workspaces/workspaces.service.ts";
import { seedDemoCompetitors } from "./demo-competitors.ts";
import { seedDemoFeedback } from "./demo-feedback.ts";
import { seedDemoBacklog } from "./demo-ideas.ts";
import { moveDemoRoadmap, seedDemoRoadmap } from "./demo-roadmap.ts";
import { seedDemoBaseline, seedDemoSignoff } from "./demo-signoff.ts";

/** Log-in of the demo owner; every demo account shares the password, so each role can be tried. */
export const DEMO_LOGIN = { email: "demo@northwind.test", password: "baton-demo-2026" } as const;
export const DEMO_WORKSPACE = { name: "Northwind Labs", slug: "northwind-labs" } as const;

type Key =
  | "dana"
  | "marcus"
  | "priya"
  | "tomas"
  | "lena"
  | "noah"
  | "kenji"
  | "amara"
  | "sofia"
  | "ethan"
  | "chloe"
  | "rahul"
  | "grace";

/** The demo's people, with the job each plays (titles are shown by `baton seed demo`, not stored). */
export const DEMO_PEOPLE: Record<Key, { name: string; email: string; role: Role; title: string }> = {
  dana: { name: "Dana Whitfield", email: DEMO_LOGIN.email, role: "owner", title: "Chief Product Officer" },
  marcus: {
    name: "Marcus Chen",
    email: "marcus.chen@northwind.test",
    role: "admin",
    title: "VP Engineering",
  },
  priya: {
    name: "Priya Raman",
    email: "priya.raman@northwind.test",
    role: "product_manager",
    title: "Product manager, Mobile",
  },
  tomas: {
    name: "Tomás Herrera",
    email: "tomas.herrera@northwind.test",
    role: "product_manager",
    title: "Product manager, Insights",
  },
  lena: {
    name: "Lena Fischer",
    email: "lena.fischer@northwind.test",
    role: "contributor",
    title: "Design lead",
  },
  noah: {
    name: "Noah Lindqvist",
    email: "noah.lindqvist@northwind.test",
    role: "contributor",
    title: "Product designer",
  },
  kenji: {
    name: "Kenji Watanabe",
    email: "kenji.watanabe@northwind.test",
    role: "contributor",
    title: "Staff engineer",
  },
  amara: {
    name: "Amara Okafor",
    email: "amara.okafor@northwind.test",
    role: "contributor",
    title: "Software engineer in test",
  },
  sofia: { name: "Sofia Rossi", email: "sofia.rossi@northwind.test", role: "contributor", title: "QA lead" },
  ethan: {
    name: "Ethan Brooks",
    email: "ethan.brooks@northwind.test",
    role: "contributor",
    title: "Technical writer",
  },
  chloe: {
    name: "Chloé Martin",
    email: "chloe.martin@northwind.test",
    role: "stakeholder",
    title: "Head of marketing",
  },
  rahul: {
    name: "Rahul Mehta",
    email: "rahul.mehta@northwind.test",
    role: "stakeholder",
    title: "Head of customer operations",
  },
  grace: {
    name: "Grace O'Connell",
    email: "grace.oconnell@northwind.test",
    role: "viewer",
    title: "Finance business partner",
  },
};

const PRODUCTS: { name: string; stage: LifecycleStage; manager: Key; description: string }[] = [
  {
    name: "Northwind Mobile",
    stage: "growth",
    manager: "priya",
    description:
      "The field-service app for iOS and Android: technicians see their day's jobs, capture photos and signatures offline, and sync when back in coverage. 40 000 weekly active users across 310 customer accounts; this year's goal is retention of new accounts past day 30.",
  },
  {
    name: "Northwind Insights",
    stage: "discovery",
    manager: "tomas",
    description:
      "Analytics for operations managers: first-time fix rate, travel time and SLA risk per region. In discovery with eight design partners; we are validating which three reports they would pay for before committing engineering time.",
  },
];

const TEAMS: {
  name: string;
  discipline: Discipline;
  lead: Key;
  description: string;
  members: [Key, number][];
}[] = [
  {
    name: "Leadership",
    discipline: "leadership",
    lead: "dana",
    description: "Sets company objectives and signs off the roadmap.",
    members: [
      ["dana", 100],
      ["marcus", 50],
    ],
  },
  {
    name: "Product Design",
    discipline: "design",
    lead: "lena",
    description: "Research, interaction and visual design for both products.",
    members: [
      ["lena", 100],
      ["noah", 100],
    ],
  },
  {
    name: "Engineering",
    discipline: "engineering",
    lead: "marcus",
    description: "Mobile, web and data platform engineering.",
    members: [
      ["marcus", 50],
      ["kenji", 100],
      ["amara", 50],
    ],
  },
  {
    name: "Quality Assurance",
    discipline: "qa",
    lead: "sofia",
    description: "Test strategy, automation and release sign-off.",
    members: [
      ["sofia", 100],
      ["amara", 50],
    ],
  },
  {
    name: "Documentation",
    discipline: "documentation",
    lead: "ethan",
    description: "Help centre, release notes and API reference.",
    members: [["ethan", 100]],
  },
  {
    name: "Marketing",
    discipline: "marketing",
    lead: "chloe",
    description: "Positioning, launches and customer stories.",
    members: [["chloe", 100]],
  },
  {
    name: "Customer Operations",
    discipline: "operations",
    lead: "rahul",
    description: "Onboarding, support and the operational readiness of every release.",
    members: [["rahul", 100]],
  },
];

export type DemoSeedResult =
  | { seeded: false; reason: string }
  | {
      seeded: true;
      workspace: { id: string; name: string; slug: string };
      login: { email: string; password: string };
      users: number;
      teams: number;
      products: number;
      ideas: number;
      rounds: number;
      objectives: number;
      roadmaps: number;
      companies: number;
      customers: number;
      feedback: number;
      sources: number;
      competitors: number;
      capabilities: number;
      monitors: number;
      changes: number;
    };

/**
 * Fills the "Northwind Labs" demo workspace (people, products, teams, the Mobile backlog and its 2027 roadmap,
 * customers and feedback, competitors with their matrix and changes)
 * through the services, so the audit log records it (via "cli"). Does nothing when any account exists: a demo
 * never mixes with real data.
 *
 * Long work (docs/DECISIONS.md #25): it runs in eight phases, each its own transaction, with `between` awaited
 * before each one (a running server passes Database.yieldToInteractive, so requests go first on PGlite). The
 * one shared password is hashed before the first (scrypt inside a transaction held PGlite ~1 s per account).
 * If a phase fails, the demo workspace and its accounts are deleted again: the Baton is empty as before.
 */
export async function seedDemoIfEmpty(
  db: Db,
  between: () => Promise<void> = async () => {},
): Promise<DemoSeedResult> {
  const hasAccounts = { seeded: false as const, reason: "the database already has accounts" };
  if (!(await isSetupRequired(db))) return hasAccounts; // spare the hash; phase 1 checks again
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const phase = async <T>(fn: (tx: Db) => Promise<T>) => {
    await between();
    return db.transaction(fn);
  };
  const people = await phase(async (tx) => {
    if (!(await isSetupRequired(tx))) return null;
    const ids = {} as Record<Key, string>;
    for (const [key, p] of Object.entries(DEMO_PEOPLE) as [Key, (typeof DEMO_PEOPLE)[Key]][]) {
      const user = await createUser(tx, {
        email: p.email,
        name: p.name,
        passwordHash,
        isInstanceAdmin: p.role === "owner",
      });
      ids[key] = user.id;
    }
    const actor = { ...cliActor(ids.dana), userId: ids.dana };
    const ws = await createWorkspace(tx, actor, { ...DEMO_WORKSPACE });
    const ctx: WorkspaceContext = { ...actor, workspaceId: ws.id, role: "owner" };
    for (const [key, p] of Object.entries(DEMO_PEOPLE) as [Key, (typeof DEMO_PEOPLE)[Key]][]) {
      if (p.role !== "owner") await addMember(tx, ws.id, ctx, ids[key], p.role);
    }
    const productIds: string[] = [];
    for (const p of PRODUCTS) {
      const product = await createProduct(tx, ctx, {
        name: p.name,
        description: p.description,
        stage: p.stage,
        managerId: ids[p.manager],
      });
      productIds.push(product.id);
    }
    const teamIds: Record<string, string> = {};
    for (const t of TEAMS) {
      const team = await createTeam(tx, ctx, {
        name: t.name,
        discipline: t.discipline,
        description: t.description,
        leadId: ids[t.lead],
      });
      teamIds[t.name] = team.id;
      for (const [key, pct] of t.members) {
        // The lead joined at 100% with the team; change it only when they split their time.
        if (key !== t.lead || pct !== 100) await putTeamMember(tx, ctx, team.id, ids[key], pct);
      }
    }
    return { ids, ws, ctx, productIds, teams: teamIds as Record<(typeof TEAMS)[number]["name"], string> };
  });
  if (!people) return hasAccounts;
  const { ids, ws, ctx, productIds, teams } = people;
  try {
    const backlog = await phase((tx) => seedDemoBacklog(tx, ctx, productIds[0], ids));
    const plan = await phase((tx) =>
      seedDemoRoadmap(
        tx,
        ctx,
        productIds[0],
        ids,
        teams as Parameters<typeof seedDemoRoadmap>[4],
        backlog.ideas,
      ),
    );
    const pm = { ...ctx, userId: ids.priya };
    // After the kick-off version was saved (its own transaction: see moveDemoRoadmap).
    await phase((tx) =>
      seedDemoBaseline(tx, pm, plan.later.roadmapId, ids, teams as Parameters<typeof seedDemoBaseline>[4]),
    );
    await phase((tx) => moveDemoRoadmap(tx, pm, plan.later));
    await phase((tx) =>
      seedDemoSignoff(tx, pm, plan.later.roadmapId, ids, teams as Parameters<typeof seedDemoSignoff>[4]),
    );
    const listen = await phase((tx) => seedDemoFeedback(tx, pm, productIds[0], backlog.ideas, ids));
    const compete = await phase((tx) => seedDemoCompetitors(tx, pm, productIds, backlog.ideas, ids));
    return {
      seeded: true,
      ideas: backlog.ideas.length,
      rounds: backlog.rounds,
      objectives: plan.objectives,
      roadmaps: plan.roadmaps,
      workspace: { id: ws.id, name: ws.name, slug: ws.slug },
      login: { ...DEMO_LOGIN },
      users: Object.keys(DEMO_PEOPLE).length,
      teams: TEAMS.length,
      products: PRODUCTS.length,
      companies: listen.companies,
      customers: listen.customers,
      feedback: listen.feedback,
      sources: listen.sources,
      ...compete,
    };
  } catch (err) {
    await db.transaction(async (tx) => {
      await deleteWorkspace(tx, ctx);
      await deleteAccounts(tx, Object.values(ids));
    });
    throw err;
  }
}
