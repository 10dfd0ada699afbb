import {
  CreateObjectiveSchema,
  CreateRoadmapItemSchema,
  CreateRoadmapSchema,
  CreateTimeOffSchema,
} from "../../../shared/roadmap.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { createTimeOff, putCapacity, setCapacitySettings } from "../capacity/capacity.service.ts";
import { createIdea, deleteIdea } from "../ideas/ideas.service.ts";
import { createObjective, setIdeaObjectives, updateKeyResult } from "../objectives/objectives.service.ts";
import { createItem, createMilestone, deleteItem, updateItem } from "../roadmaps/items.service.ts";
import { applyProposal, proposePlan } from "../roadmaps/plan.service.ts";
import { rotateFeedToken } from "../roadmaps/roadmaps.export.ts";
import { createRoadmap } from "../roadmaps/roadmaps.service.ts";
import { createVersion } from "../roadmaps/versions.service.ts";

/** Text that breaks naive escaping: it must come back byte for byte, in rows and inside snapshots. */
export const ROADMAP_WEIRD = `Plan «2026» <b>&amp;</b> "quoted" 🎻 e\u0301 ‏עברית‎`;

/**
 * Objectives and roadmaps of every kind for the transfer tests (beside the demo's own): the workspace counted
 * in points, a company and a product objective with key results (with and without progress), ideas linked to
 * objectives, hand-set capacity, time off, a roadmap with idea items and initiatives, efforts, links of the three
 * kinds, dependencies, milestones, moves and edits with reasons, a deleted item (its change log stays), an idea
 * deleted under an item (its link goes, the item keeps its place), two saved versions, an applied and an open
 * planner proposal, and a calendar feed that is on (its secret is never exported).
 */
export async function enrichRoadmaps(db: Db, workspaceId: string, ownerId: string, clock: Clock) {
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" };
  const tx = <T>(fn: (t: Db) => Promise<T>) => db.transaction(fn);
  const [mobile] = (await db.select().from(schema.products)).filter(
    (p) => p.workspaceId === workspaceId && p.name === "Northwind Mobile",
  );
  const teams = new Map(
    (await db.select().from(schema.teams))
      .filter((t) => t.workspaceId === workspaceId)
      .map((t) => [t.name, t.id]),
  );
  const eng = teams.get("Engineering") as string;
  const design = teams.get("Product Design") as string;
  const qa = teams.get("Quality Assurance") as string;
  const ideas = (await db.select().from(schema.ideas)).filter(
    (i) => i.workspaceId === workspaceId && i.productId === mobile.id,
  );
  const idea = (title: string) => ideas.find((i) => i.title === title)?.id as string;
  const members = (await db.select().from(schema.memberships)).filter((m) => m.workspaceId === workspaceId);

  await tx((t) => setCapacitySettings(t, ctx, { capacityUnit: "points", pointsPerPersonMonth: 12.5 }));

  const company = await tx((t) =>
    createObjective(
      t,
      ctx,
      CreateObjectiveSchema.parse({
        title: `Retain new accounts — ${ROADMAP_WEIRD}`,
        description: "Line 1\r\nLine 2\t<i>x</i>",
        ownerId,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        importance: 5,
        keyResults: [
          {
            title: "Day-30 retention",
            metricName: "retention d30",
            unit: "%",
            baseline: 61.5,
            target: 75,
            current: 66.25,
            dueDate: "2026-12-31",
          },
          {
            title: "Churned seats",
            metricName: "churn",
            baseline: 120,
            target: 60,
            dueDate: "2026-09-30",
          },
        ],
      }),
    ),
  );
  const product = await tx((t) =>
    createObjective(
      t,
      ctx,
      CreateObjectiveSchema.parse({
        productId: mobile.id,
        title: "Technicians never lose work",
        periodStart: "2026-04-01",
        periodEnd: "2026-09-30",
        importance: 2,
        status: "active",
        keyResults: [
          {
            title: "Lost-job tickets",
            metricName: "tickets per week",
            baseline: 40,
            target: 5,
            current: 31,
            dueDate: "2026-09-30",
          },
        ],
      }),
    ),
  );
  const [kr1] = company.keyResults;
  await tx((t) => updateKeyResult(t, ctx, kr1.id, { version: kr1.version, current: 70.1 }));

  const survivor = idea("Offline mode");
  const csvIdea = ideas.find((i) => i.title.startsWith("Idea 7:"))?.id as string;
  const weird = ideas.find((i) => i.status === "under_review")?.id as string;
  await tx((t) => setIdeaObjectives(t, ctx, survivor, [company.id, product.id]));
  await tx((t) => setIdeaObjectives(t, ctx, csvIdea, [product.id]));
  const doomed = await tx((t) =>
    createIdea(t, ctx, mobile.id, {
      title: "Removed while on the roadmap",
      description: "",
      status: "new",
      ownerId: null,
      tags: [],
      links: [],
      inputs: {},
    }),
  );

  await tx((t) =>
    putCapacity(t, ctx, {
      cells: [
        { teamId: eng, month: "2026-05-01", capacity: 22.5, note: "Contractor «Ana» joins" },
        { teamId: design, month: "2026-07-01", capacity: 0, note: "" },
      ],
    }),
  );
  const kenji = members.find((m) => m.role === "contributor")?.userId as string;
  await tx((t) =>
    createTimeOff(
      t,
      ctx,
      CreateTimeOffSchema.parse({
        userId: kenji,
        startDate: "2026-05-11",
        endDate: "2026-05-22",
        note: "Parental leave 🍼",
      }),
    ),
  );

  const roadmap = await tx((t) =>
    createRoadmap(
      t,
      ctx,
      CreateRoadmapSchema.parse({
        productId: mobile.id,
        name: ROADMAP_WEIRD,
        description: "Quarterly plan\nwith a second line",
        periodKind: "quarter",
        startMonth: "2026-04",
        horizon: 4,
        laneBy: "objective",
      }),
    ),
  );
  const item = (input: Record<string, unknown>) =>
    tx((t) => createItem(t, ctx, roadmap.id, CreateRoadmapItemSchema.parse(input)));
  const a = await item({
    kind: "idea",
    ideaId: weird,
    problem: "Technicians lose their job list after a reboot and call the dispatcher",
    outcome: "No job list is lost; dispatcher calls about it drop to zero",
    status: "planned",
    period: "2026-04",
    targetDate: "2026-06-15",
    successMetric: "lost-list tickets per week",
    successTarget: "< 5",
    efforts: [
      { teamId: eng, effort: 12.5 },
      { teamId: design, effort: 3 },
    ],
    objectiveIds: [company.id],
    keyResultIds: [kr1.id],
    reason: "Top of the backlog",
  });
  const b = await item({
    kind: "initiative",
    title: `Offline everywhere — ${ROADMAP_WEIRD}`,
    theme: "Offline",
    ideaIds: [survivor, doomed.id],
    period: "2026-07",
    efforts: [
      { teamId: eng, effort: 20 },
      { teamId: qa, effort: 4 },
    ],
    keyResultIds: [product.keyResults[0].id],
    dependsOn: [a.id],
  });
  const c = await item({ kind: "idea", ideaId: csvIdea, efforts: [{ teamId: eng, effort: 2 }] });
  const d = await item({ kind: "idea", ideaId: doomed.id, period: "2026-10", valueOverride: 7.5 });
  const gone = await item({ kind: "initiative", title: "Dropped later", period: "2026-10" });
  await tx((t) => updateItem(t, ctx, c.id, { version: c.version, dependsOn: [a.id, b.id] }));
  await tx((t) =>
    createMilestone(t, ctx, roadmap.id, {
      itemId: a.id,
      title: "Beta, field test; 10 technicians",
      description: "Line 1\nLine 2",
      date: "2026-06-01",
    }),
  );
  await tx((t) =>
    createMilestone(t, ctx, roadmap.id, {
      itemId: null,
      title: "Board review",
      description: "",
      date: "2026-09-15",
    }),
  );
  const v1 = await tx((t) =>
    createVersion(t, ctx, roadmap.id, { name: "Draft «1»", note: "Before the design review" }),
  );

  const bNow = await tx((t) =>
    updateItem(
      t,
      ctx,
      b.id,
      // Only the fields that change: parsing with the update schema would fill the others with defaults.
      { version: b.version, period: "2026-10-01", reason: "Design is away in July — moved to Q4" },
    ),
  );
  await tx((t) =>
    updateItem(t, ctx, a.id, {
      version: a.version,
      efforts: [
        { teamId: eng, effort: 15 },
        { teamId: design, effort: 3 },
      ],
      objectiveIds: [company.id, product.id],
      pinned: true,
      reason: "Sizing after the spike: +2.5",
    }),
  );
  await tx((t) => deleteItem(t, ctx, gone.id, "Out of scope this year"));
  await tx((t) => deleteIdea(t, ctx, doomed.id)); // item d keeps its place without an idea; b loses the link
  await tx((t) => rotateFeedToken(t, ctx, roadmap.id));
  const v2 = await tx((t) => createVersion(t, ctx, roadmap.id, { name: "After review", note: "" }));

  const applied = await proposePlan(
    db,
    ctx,
    roadmap.id,
    { scope: "all", weightByObjective: true, timeLimitSeconds: 5 },
    clock,
  );
  await tx((t) => applyProposal(t, ctx, applied.id, { reason: "Accepted in the review" }));
  await item({ kind: "initiative", title: "Candidate for later", efforts: [{ teamId: qa, effort: 1 }] });
  const open = await proposePlan(
    db,
    ctx,
    roadmap.id,
    { scope: "unplanned", weightByObjective: false, timeLimitSeconds: 5 },
    clock,
  );
  return {
    roadmapId: roadmap.id,
    objectiveIds: [company.id, product.id],
    itemIds: { a: a.id, b: bNow.id, c: c.id, d: d.id, gone: gone.id },
    versionIds: [v1.id, v2.id],
    proposalIds: [applied.id, open.id],
    doomedIdeaId: doomed.id,
  };
}
