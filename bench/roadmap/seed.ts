// The roadmap dataset, built in a child process before the server starts (`node --import tsx
// bench/roadmap/seed.ts`, database from BATON_DATA_DIR or DATABASE_URL; the ids go as JSON to
// $BENCH_ROADMAP_SEED_OUT).
//
// Users, workspaces, members, teams and their allocations, products, ideas, objectives with key results,
// hand-set capacity, roadmaps and API tokens go through the services (createUser, createWorkspace, addMember,
// createTeam, putTeamMember, createProduct, insertNewIdeas, createObjective, putCapacity, createRoadmap,
// createToken). Roadmap items, their efforts, links, dependencies, "created" change records and milestones are
// written in bulk into the same tables POST …/items and POST …/milestones write: creating an item through the
// API recomputes the whole roadmap to answer, so 1,800 items one by one take minutes (about 70 s for 1,000
// on PGlite), while the bulk insert takes seconds.
//
// Workspace A (the API and the timeline): 6 teams with 3–5 members each (allocations 25–100 %, capacity
// derived from them), 2 products, 120 ideas, 8 objectives with 2 key results each, a quarterly roadmap of
// 1,000 items over 4 quarters starting with the current one (planned, candidates, in progress, done, dropped;
// ideas, initiatives grouping ideas and plain initiatives; efforts on 1–3 teams; objective and key-result
// links; 150 dependencies; 24 milestones), and another product's roadmap of 300 planned items on the same
// teams, whose load counts in A's load cells.
// Workspace B (the planner): 6 teams, a monthly roadmap of 6 months starting with the current one, and 500
// candidate items with 100 dependencies: generatePlanInstance's values (valueOverride), efforts and hand-set
// capacities (about half the items fit).
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import type { WorkspaceContext } from "../../src/server/context.ts";
import type { Db } from "../../src/server/db/client.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import { roadmapDependencies, roadmapMilestones } from "../../src/server/db/schema.roadmap.ts";
import { systemClock } from "../../src/server/lib/clock.ts";
import { createUser } from "../../src/server/modules/auth/auth.service.ts";
import { putCapacity } from "../../src/server/modules/capacity/capacity.service.ts";
import { insertNewIdeas } from "../../src/server/modules/ideas/ideas.service.ts";
import { addMember } from "../../src/server/modules/members/members.service.ts";
import { createObjective } from "../../src/server/modules/objectives/objectives.service.ts";
import { generatePlanInstance, seededRandom } from "../../src/server/modules/planner/planner.fixtures.ts";
import { createProduct } from "../../src/server/modules/products/products.service.ts";
import { createRoadmap } from "../../src/server/modules/roadmaps/roadmaps.service.ts";
import { createTeam, putTeamMember } from "../../src/server/modules/teams/teams.service.ts";
import { createToken } from "../../src/server/modules/tokens/tokens.service.ts";
import { createWorkspace } from "../../src/server/modules/workspaces/workspaces.service.ts";
import type { PeriodKind } from "../../src/shared/enums.ts";
import { addMonths } from "../../src/shared/roadmap.ts";
import {
  type ItemSpec,
  insertChunks,
  insertItems,
  phaseTimer,
  quarterStart,
  randomTools,
  scaleFromEnv,
} from "../lib/seed.ts";
import { generateIdeas } from "../prioritization/data.ts";
import { FULL_SCALE, type RoadmapScale, type SeedResult } from "./types.ts";

const PASSWORD = "correct horse battery staple";
const OWNER = "owner@bench.example";
const DISCIPLINES = ["engineering", "design", "qa", "marketing", "support", "operations"] as const;
const THEMES = [
  "Onboarding",
  "Billing",
  "Mobile",
  "Reporting",
  "Integrations",
  "Security",
  "Search",
  "Growth",
];
const VERBS = ["Redesign", "Automate", "Speed up", "Simplify", "Launch", "Harden", "Localize", "Consolidate"];
const NOUNS = [
  "invoice export",
  "team dashboard",
  "sign-up flow",
  "audit trail",
  "notification center",
  "search filters",
  "offline mode",
  "usage reports",
  "role management",
  "API webhooks",
  "onboarding checklist",
  "payment retries",
];
const PROBLEMS = [
  "Account admins at mid-sized customers spend hours every month reconciling exports by hand, and churn risk rises.",
  "New users abandon the product during their first week because the setup asks for data they do not have yet.",
  "Support handles hundreds of tickets a month about this, which slows answers for every other customer.",
];
const OUTCOMES = [
  "Admins finish the monthly reconciliation in minutes instead of hours.",
  "Most new users complete setup on their first day without help.",
  "Tickets about this topic drop sharply and answers get faster.",
];
const METRICS = ["Weekly active admins", "Setup completion rate", "Tickets per month", "Time to first value"];

async function insertDependencies(
  db: Db,
  workspaceId: string,
  roadmapId: string,
  pairs: { beforeId: string; afterId: string }[],
) {
  await insertChunks(
    pairs.map((p) => ({ workspaceId, roadmapId, ...p })),
    (c) => db.insert(roadmapDependencies).values(c),
  );
}

/** `count` acyclic dependency pairs among `n` items: before has the lower index (a hidden order), no repeats. */
function acyclicPairs(rnd: () => number, n: number, count: number, ok: (b: number, a: number) => boolean) {
  const seen = new Set<string>();
  const out: [number, number][] = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const x = Math.floor(rnd() * n);
    const y = Math.floor(rnd() * n);
    if (x === y) continue;
    const [b, a] = x < y ? [x, y] : [y, x];
    if (seen.has(`${b}>${a}`) || !ok(b, a)) continue;
    seen.add(`${b}>${a}`);
    out.push([b, a]);
  }
  return out;
}

async function main() {
  const scale = scaleFromEnv<RoadmapScale>("BENCH_ROADMAP_SCALE", FULL_SCALE);
  const { phasesMs, phase } = phaseTimer();
  const rnd = seededRandom(7);
  const { int, pick } = randomTools(rnd);
  const today = systemClock.now().toISOString().slice(0, 10);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const thisQuarter = quarterStart(today);

  const database = await openConfiguredDatabase(loadConfig());
  try {
    await migrate(database);
    const db = database.db;
    phase("open+migrate");

    // ------------------------------------------------------------ people and workspaces
    const owner = await createUser(db, {
      email: OWNER,
      name: "Bench Owner",
      password: PASSWORD,
      isInstanceAdmin: true,
    });
    const people = [owner.id];
    for (let i = 0; i < 15; i += 5) {
      const batch = await Promise.all(
        Array.from({ length: 5 }, (_, k) =>
          createUser(db, {
            email: `member${i + k}@bench.example`,
            name: `Member ${String(i + k).padStart(2, "0")}`,
            password: PASSWORD,
          }),
        ),
      );
      people.push(...batch.map((u) => u.id));
    }
    const workspace = async (name: string) => {
      const ws = await db.transaction((tx) =>
        createWorkspace(tx, { userId: owner.id, via: "cli" }, { name }),
      );
      const ctx: WorkspaceContext = { workspaceId: ws.id, userId: owner.id, role: "owner", via: "cli" };
      for (const [k, id] of people.slice(1).entries())
        await addMember(db, ws.id, ctx, id, k % 3 === 0 ? "product_manager" : "contributor");
      const teamIds: string[] = [];
      for (let t = 0; t < 6; t++) {
        const team = await db.transaction((tx) =>
          createTeam(tx, ctx, {
            name: `${DISCIPLINES[t][0].toUpperCase()}${DISCIPLINES[t].slice(1)} squad`,
            discipline: DISCIPLINES[t],
            description: "Cross-functional squad.",
            leadId: people[1 + t],
          }),
        );
        // 3-5 members (the lead at 100 %), people shared between teams at 25-100 %.
        for (let k = 1; k < 3 + (t % 3); k++)
          await db.transaction((tx) =>
            putTeamMember(tx, ctx, team.id, people[1 + ((t * 2 + k + 5) % 15)], pick([25, 50, 50, 75, 100])),
          );
        teamIds.push(team.id);
      }
      const token = (await createToken(db, systemClock, ctx, { name: "bench", expiresInDays: null })).token;
      return { ctx, teamIds, token };
    };
    const A = await workspace("Acme Products");
    const B = await workspace("Planning Lab");
    phase("users, workspaces, teams");

    // ------------------------------------------------------------ workspace A
    const ctxA = A.ctx;
    const product = (name: string, stage: "growth" | "development") =>
      db.transaction((tx) =>
        createProduct(tx, ctxA, {
          name,
          description: `${name}: the product the roadmap benchmark plans.`,
          stage,
          managerId: owner.id,
        }),
      );
    const portal = await product("Customer Portal", "growth");
    const mobile = await product("Mobile App", "development");
    const ideaIds: string[] = await db.transaction((tx) =>
      insertNewIdeas(
        tx,
        ctxA,
        portal.id,
        generateIdeas(120, 11).map((g) => ({ ...g, status: "planned" as const, ownerId: null, links: [] })),
      ),
    );
    const objectives: { id: string; krs: string[] }[] = [];
    const yearEnd = addMonths(thisQuarter, 12);
    for (let o = 0; o < 8; o++) {
      const created = await db.transaction((tx) =>
        createObjective(tx, ctxA, {
          productId: o < 4 ? null : portal.id,
          title: `${pick(VERBS)} ${pick(NOUNS)} for ${pick(THEMES).toLowerCase()} (objective ${o + 1})`,
          description: "Why this matters this year.",
          ownerId: owner.id,
          periodStart: thisQuarter,
          periodEnd: yearEnd,
          importance: 1 + (o % 5),
          status: "active",
          keyResults: [0, 1].map((k) => ({
            title: `${pick(METRICS)} ${k ? "up" : "improved"}`,
            metricName: pick(METRICS),
            unit: "%",
            baseline: 10,
            target: 40 + k * 10,
            current: 10 + int(0, 20),
            dueDate: addMonths(thisQuarter, 6 + 3 * k),
          })),
        }),
      );
      objectives.push({ id: created.id, krs: created.keyResults.map((k) => k.id) });
    }
    const rmA = (name: string, productId: string) =>
      db.transaction((tx) =>
        createRoadmap(tx, ctxA, {
          productId,
          name,
          description: "The benchmark's roadmap.",
          periodKind: "quarter" as PeriodKind,
          startMonth: thisQuarter,
          horizon: 4,
          laneBy: "team",
        }),
      );
    const view = await rmA("Portal 12-month roadmap", portal.id);
    const other = await rmA("Mobile roadmap", mobile.id);
    const quarters = [0, 1, 2, 3].map((q) => addMonths(thisQuarter, q * 3));
    phase("products, ideas, objectives, roadmaps");

    const effortsOn = (teams: string[], n: number, lo: number, hi: number) =>
      [...teams]
        .sort(() => rnd() - 0.5)
        .slice(0, n)
        .map((teamId) => ({ teamId, effort: int(lo, hi) }));
    const specs: ItemSpec[] = [];
    const counts = {
      planned: 0,
      candidates: 0,
      inProgress: 0,
      done: 0,
      dropped: 0,
      ideaItems: 0,
      initiativesWithIdeas: 0,
      objectiveLinked: 0,
      keyResultLinked: 0,
    };
    let nextIdea = 0;
    for (let i = 0; i < scale.viewItems; i++) {
      const r = rnd();
      const status =
        r < 0.55
          ? "planned"
          : r < 0.8
            ? "candidate"
            : r < 0.88
              ? "in_progress"
              : r < 0.95
                ? "done"
                : "dropped";
      const period =
        status === "candidate"
          ? null
          : status === "in_progress" || status === "done"
            ? quarters[0]
            : pick(quarters);
      const links: ItemSpec["links"] = [];
      let kind: ItemSpec["kind"] = "initiative";
      let ideaId: string | null = null;
      const k = rnd();
      if (k < 0.08 && nextIdea < ideaIds.length) {
        kind = "idea";
        ideaId = ideaIds[nextIdea++];
        counts.ideaItems++;
      } else if (k < 0.12 && nextIdea + 2 < ideaIds.length) {
        for (let j = 0; j < 2; j++) links.push({ kind: "idea", targetId: ideaIds[nextIdea++] });
        counts.initiativesWithIdeas++;
      }
      if (rnd() < 0.45) {
        const objs = [...objectives].sort(() => rnd() - 0.5).slice(0, int(1, 2));
        for (const o of objs) links.push({ kind: "objective", targetId: o.id });
        counts.objectiveLinked++;
        if (rnd() < 0.35) {
          links.push({ kind: "key_result", targetId: pick(objs[0].krs) });
          counts.keyResultLinked++;
        }
      }
      const spelled = rnd() < 0.6;
      specs.push({
        kind,
        ideaId,
        title: `${pick(VERBS)} ${pick(NOUNS)} #${i + 1}`,
        problem: spelled ? pick(PROBLEMS) : "",
        outcome: spelled ? pick(OUTCOMES) : "",
        description:
          rnd() < 0.5 ? "Details, links to research and the rough approach agreed with the team." : "",
        theme: pick(THEMES),
        status,
        period,
        targetDate: rnd() < 0.2 ? addMonths(period ?? quarters[1], 2).replace(/01$/, "15") : null,
        pinned: status === "planned" && rnd() < 0.03,
        successMetric: spelled && rnd() < 0.7 ? pick(METRICS) : "",
        successTarget: spelled ? `+${int(5, 30)} % by the end of the quarter` : "",
        valueOverride: kind === "idea" && rnd() < 0.5 ? null : int(1, 100),
        efforts: rnd() < 0.05 ? [] : effortsOn(A.teamIds, rnd() < 0.5 ? 1 : rnd() < 0.7 ? 2 : 3, 1, 5),
        links,
      });
    }
    // Fixed items for the measurements: a planned, unpinned item in Q2 (PATCH moves it between Q2 and Q3), and
    // one in Q1 with no dependency either way (the timeline drags it to Q2).
    specs[10] = { ...specs[10], status: "planned", period: quarters[1], pinned: false, targetDate: null };
    specs[20] = { ...specs[20], status: "planned", period: quarters[0], pinned: false, targetDate: null };
    for (const s of specs) {
      if (s.status === "planned") counts.planned++;
      else if (s.status === "candidate") counts.candidates++;
      else if (s.status === "in_progress") counts.inProgress++;
      else if (s.status === "done") counts.done++;
      else counts.dropped++;
    }
    const viewIds = await insertItems(db, ctxA, view.id, specs, "Seeded by the roadmap benchmark");
    const reserved = new Set([10, 20]);
    const viewDeps = acyclicPairs(
      rnd,
      specs.length,
      scale.viewDependencies,
      (b, a) => !reserved.has(b) && !reserved.has(a),
    );
    await insertDependencies(
      db,
      ctxA.workspaceId,
      view.id,
      viewDeps.map(([b, a]) => ({ beforeId: viewIds[b], afterId: viewIds[a] })),
    );
    const milestones = Array.from({ length: scale.viewMilestones }, (_, m) => {
      const onItem = m % 2 === 0 ? Math.floor(rnd() * viewIds.length) : -1;
      return {
        workspaceId: ctxA.workspaceId,
        roadmapId: view.id,
        itemId: onItem >= 0 ? viewIds[onItem] : null,
        title: `Milestone ${m + 1}: ${pick(["Beta", "GA", "Launch review", "Pricing change", "Conference"])}`,
        description: "",
        date: `${addMonths(thisQuarter, Math.floor((m * 12) / scale.viewMilestones)).slice(0, 8)}${String(int(1, 28)).padStart(2, "0")}`,
      };
    });
    await insertChunks(milestones, (c) => db.insert(roadmapMilestones).values(c));

    const otherSpecs: ItemSpec[] = Array.from({ length: scale.otherItems }, (_, i) => ({
      kind: "initiative" as const,
      ideaId: null,
      title: `${pick(VERBS)} mobile ${pick(NOUNS)} #${i + 1}`,
      problem: "",
      outcome: "",
      description: "",
      theme: pick(THEMES),
      status: "planned",
      period: pick(quarters),
      targetDate: null,
      pinned: false,
      successMetric: "",
      successTarget: "",
      valueOverride: int(1, 100),
      efforts: effortsOn(A.teamIds, int(1, 2), 1, 4),
      links: [],
    }));
    const otherIds = await insertItems(db, ctxA, other.id, otherSpecs, "Seeded by the roadmap benchmark");
    const otherDeps = acyclicPairs(rnd, otherIds.length, scale.otherDependencies, () => true);
    await insertDependencies(
      db,
      ctxA.workspaceId,
      other.id,
      otherDeps.map(([b, a]) => ({ beforeId: otherIds[b], afterId: otherIds[a] })),
    );
    phase(`workspace A items (${viewIds.length} + ${otherIds.length})`);

    // ------------------------------------------------------------ workspace B: the planner's instance
    const ctxB = B.ctx;
    const inst = generatePlanInstance(scale.planSeed, {
      items: scale.planItems,
      teams: scale.planTeams,
      periods: scale.planPeriods,
      dependencies: scale.planDependencies,
    });
    const teamOf = new Map(inst.teams.map((t, k) => [t, B.teamIds[k % B.teamIds.length]]));
    const planProduct = await db.transaction((tx) =>
      createProduct(tx, ctxB, {
        name: "Platform",
        description: "The product whose roadmap the auto-planner fills.",
        stage: "growth",
        managerId: owner.id,
      }),
    );
    const months = Array.from({ length: scale.planPeriods }, (_, p) => addMonths(thisMonth, p));
    await db.transaction((tx) =>
      putCapacity(tx, ctxB, {
        cells: inst.teams.flatMap((t) =>
          months.map((month, p) => ({
            teamId: teamOf.get(t) as string,
            month,
            capacity: inst.capacity[t][p],
            note: "Set for the planner benchmark",
          })),
        ),
      }),
    );
    const planRoadmap = await db.transaction((tx) =>
      createRoadmap(tx, ctxB, {
        productId: planProduct.id,
        name: "Platform: next 6 months",
        description: "The auto-planner benchmark's roadmap.",
        periodKind: "month",
        startMonth: thisMonth,
        horizon: scale.planPeriods,
        laneBy: "team",
      }),
    );
    const planSpecs: ItemSpec[] = inst.items.map((it) => ({
      kind: "initiative",
      ideaId: null,
      title: `${pick(VERBS)} ${pick(NOUNS)} (${it.id})`,
      problem: "",
      outcome: "",
      description: "",
      theme: pick(THEMES),
      status: "candidate",
      period: null,
      targetDate: null,
      pinned: false,
      successMetric: "",
      successTarget: "",
      valueOverride: it.value,
      efforts: Object.entries(it.effort).map(([t, effort]) => ({
        teamId: teamOf.get(t) as string,
        effort,
      })),
      links: [],
    }));
    const planIds = await insertItems(db, ctxB, planRoadmap.id, planSpecs, "Seeded by the planner benchmark");
    const idOf = new Map(inst.items.map((it, i) => [it.id, planIds[i]]));
    await insertDependencies(
      db,
      ctxB.workspaceId,
      planRoadmap.id,
      inst.dependencies.map((d) => ({
        beforeId: idOf.get(d.before) as string,
        afterId: idOf.get(d.after) as string,
      })),
    );
    phase(`workspace B items (${planIds.length})`);

    const result: SeedResult = {
      ownerEmail: OWNER,
      password: PASSWORD,
      today,
      view: {
        workspaceId: ctxA.workspaceId,
        token: A.token,
        roadmapId: view.id,
        otherRoadmapId: other.id,
        teamIds: A.teamIds,
        periods: quarters,
        patchItemId: viewIds[10],
        dragItemId: viewIds[20],
        counts: {
          items: viewIds.length,
          ...counts,
          dependencies: viewDeps.length,
          milestones: milestones.length,
          objectives: objectives.length,
          otherItems: otherIds.length,
          otherDependencies: otherDeps.length,
          teams: A.teamIds.length,
          members: people.length,
        },
      },
      plan: {
        workspaceId: ctxB.workspaceId,
        token: B.token,
        roadmapId: planRoadmap.id,
        teamIds: B.teamIds,
        periods: months,
        counts: {
          items: planIds.length,
          dependencies: inst.dependencies.length,
          teams: inst.teams.length,
          periods: months.length,
          capacity: Object.values(inst.capacity)
            .flat()
            .reduce((a, b) => a + b, 0),
          effort: inst.items.reduce((s, it) => s + Object.values(it.effort).reduce((a, b) => a + b, 0), 0),
        },
      },
      phasesMs,
    };
    if (process.env.BENCH_ROADMAP_SEED_OUT)
      writeFileSync(process.env.BENCH_ROADMAP_SEED_OUT, JSON.stringify(result));
    console.log(
      `SEEDED ${viewIds.length} + ${otherIds.length} items in workspace A, ${planIds.length} in workspace B`,
    );
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
