import { writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../../shared/enums.ts";
import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import * as feedbackSchema from "../../db/schema.feedback.ts";
import * as historySchema from "../../db/schema.history.ts";
import * as roadmapSchema from "../../db/schema.roadmap.ts";
import * as signoffSchema from "../../db/schema.signoff.ts";
import * as sourcesSchema from "../../db/schema.sources.ts";
import * as schema from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import { DAY, manualClock } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";
import { seedDemoIfEmpty } from "../../seed/demo.ts";
import { createTestDatabase } from "../../test/db.ts";
import { putFactors } from "../factors/factors.service.ts";
import { addComment, createView } from "../ideas/collab.service.ts";
import { importIdeas } from "../ideas/ideas.csv.ts";
import { createIdea, deleteIdea, mergeIdea, pinIdea } from "../ideas/ideas.service.ts";
import { acceptInvitation, createInvitation, revokeInvitation } from "../invitations/invitations.service.ts";
import { removeMember } from "../members/members.service.ts";
import { shutdownPlanner } from "../planner/planner.ts";
import { createProduct, updateProduct } from "../products/products.service.ts";
import { castRatings, closeRound, createRound } from "../rounds/rounds.service.ts";
import { recomputeWeighted, storeScoreCounting } from "../scoring/scoring.service.ts";
import { addComment as addSignoffComment } from "../signoffs/lifecycle.service.ts";
import { getSignoff } from "../signoffs/signoffs.service.ts";
import { createTeam } from "../teams/teams.service.ts";
import { COMPETITOR_WEIRD, enrichCompetitors } from "./transfer.competitors.fixture.ts";
import { enrichFeedback, FEEDBACK_WEIRD } from "./transfer.feedback.fixture.ts";
import { enrichHolidays, HOLIDAY_WEIRD } from "./transfer.holidays.fixture.ts";
import { enrichLoop, LOOP_WEIRD } from "./transfer.loop.fixture.ts";
import { enrichRoadmaps, ROADMAP_WEIRD } from "./transfer.roadmaps.fixture.ts";
import {
  type ExportDocument,
  SECTIONS,
  V1_SECTIONS,
  V2_SECTIONS,
  V3_SECTIONS,
  V4_SECTIONS,
  V5_SECTIONS,
  V6_SECTIONS,
  V7_SECTIONS,
} from "./transfer.schema.ts";
import {
  exportWorkspace,
  importWorkspace,
  parseExportText,
  type TransferProgress,
} from "./transfer.service.ts";
import { enrichSignoffs, SIGNOFF_WEIRD } from "./transfer.signoffs.fixture.ts";

// Names that break naive escaping, normalization or encoding: they must come back byte for byte.
const WEIRD = {
  product: `<script>alert("x")</script> & 'quotes' — Ünïcödé 🎻 日本語 e\u0301 ‏עברית‎`,
  description: `Line 1\r\nLine 2\t<b>bold</b> &amp; &lt;\n\u{1F3BC}\u200d zero-width: \u200b end  `,
  team: `  Équipe «QA» <img src=x onerror=alert(1)>  `,
};

const clock = manualClock("2026-03-02T09:00:00.000Z");
const auth = { clock, sessionDays: 14 };
let src: Database;
let dst: Database;
let wid: string;
let doc1: ExportDocument;
let roadmapFixture: Awaited<ReturnType<typeof enrichRoadmaps>>;
let signoffFixture: Awaited<ReturnType<typeof enrichSignoffs>>;
let feedbackFixture: Awaited<ReturnType<typeof enrichFeedback>>;
let loopFixture: Awaited<ReturnType<typeof enrichLoop>>;
let competitorFixture: Awaited<ReturnType<typeof enrichCompetitors>>;
let holidayFixture: Awaited<ReturnType<typeof enrichHolidays>>;
/** The document as it travels: through a JSON file. */
let text: string;
const exportProgress: TransferProgress[] = [];

async function countAll(db: Database["db"]) {
  const tables = {
    users: schema.users,
    workspaces: schema.workspaces,
    memberships: schema.memberships,
    products: schema.products,
    teams: schema.teams,
    teamMembers: schema.teamMembers,
    invitations: schema.invitations,
    auditEvents: schema.auditEvents,
    outbox: schema.outbox,
    factors: schema.factors,
    ideas: schema.ideas,
    ideaComments: schema.ideaComments,
    ideaWatchers: schema.ideaWatchers,
    savedViews: schema.savedViews,
    rounds: schema.rounds,
    roundIdeas: schema.roundIdeas,
    roundVoters: schema.roundVoters,
    ratings: schema.ratings,
    notifications: schema.notifications,
    jobs: schema.jobs,
    objectives: roadmapSchema.objectives,
    keyResults: roadmapSchema.keyResults,
    ideaObjectives: roadmapSchema.ideaObjectives,
    teamCapacity: roadmapSchema.teamCapacity,
    timeOff: roadmapSchema.timeOff,
    roadmaps: roadmapSchema.roadmaps,
    roadmapItems: roadmapSchema.roadmapItems,
    roadmapItemEfforts: roadmapSchema.roadmapItemEfforts,
    roadmapItemLinks: roadmapSchema.roadmapItemLinks,
    roadmapDependencies: roadmapSchema.roadmapDependencies,
    roadmapMilestones: roadmapSchema.roadmapMilestones,
    roadmapChanges: roadmapSchema.roadmapChanges,
    roadmapVersions: roadmapSchema.roadmapVersions,
    planProposals: roadmapSchema.planProposals,
    signoffs: signoffSchema.signoffs,
    signoffApprovers: signoffSchema.signoffApprovers,
    signoffEvents: signoffSchema.signoffEvents,
    signoffComments: signoffSchema.signoffComments,
    shareLinks: signoffSchema.shareLinks,
    companies: feedbackSchema.companies,
    people: feedbackSchema.people,
    feedbackItems: feedbackSchema.feedbackItems,
    feedbackLinks: feedbackSchema.feedbackLinks,
    feedbackSources: sourcesSchema.feedbackSources,
    scoreSettings: historySchema.scoreSettings,
    ideaScoreHistory: historySchema.ideaScoreHistory,
  };
  const out: Record<string, number> = {};
  for (const [k, t] of Object.entries(tables)) out[k] = await db.$count(t);
  return out;
}

/** Adds what the demo lacks: invitations of every status, mail, a former member still referenced, odd text. */
async function enrich(db: Database["db"], workspaceId: string, ownerId: string) {
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" as Role };
  const url = "http://baton.test";
  await createInvitation(db, clock, url, ctx, {
    email: "pending@example.test",
    role: "stakeholder",
    expiresInDays: 7,
  });
  const revoked = await createInvitation(db, clock, url, ctx, {
    email: "revoked@example.test",
    role: "viewer",
    expiresInDays: 7,
  });
  await revokeInvitation(db, clock, ctx, revoked.id);
  const accepted = await createInvitation(db, clock, url, ctx, {
    email: "former@example.test",
    role: "product_manager",
    expiresInDays: 7,
  });
  const { userId: formerId } = await acceptInvitation(db, auth, null, {
    token: accepted.token,
    name: "Förmer Mémber <b>",
    password: "correct horse battery",
  });
  const product = await db.transaction((tx) =>
    createProduct(tx, ctx, {
      name: WEIRD.product,
      description: WEIRD.description,
      stage: "idea",
      managerId: formerId,
    }),
  );
  await updateProduct(db, ctx, product.id, { version: 1, stage: "discovery" });
  await createTeam(db, ctx, {
    name: WEIRD.team,
    discipline: "qa",
    description: WEIRD.description,
    leadId: null,
  });
  // They leave, but still manage the product and appear in the audit log: their account must travel too.
  await removeMember(db, ctx, formerId);
  return { formerId, productId: product.id };
}

const VOLUME_IDEAS = 400;

/**
 * Prioritization data of every kind: ideas (CSV and one by one), a product's own factors with one archived
 * after a closed round rated on it (abstentions included), comments with mentions (notifications, watchers),
 * a saved view, a pin, a merged duplicate, a deleted idea whose ratings stay behind, a large round whose
 * ratings come in bulk, and an open round whose deadline and reminder are pending jobs.
 */
async function enrichPrioritization(db: Database["db"], workspaceId: string, ownerId: string) {
  const ctx: WorkspaceContext = { workspaceId, userId: ownerId, via: "session", role: "owner" as Role };
  const product = (await db.select().from(schema.products)).find(
    (p) => p.workspaceId === workspaceId && p.name === "Northwind Mobile",
  )!;
  const pid = product.id;
  const members = (await db.select().from(schema.memberships)).filter(
    (m) => m.workspaceId === workspaceId && can(m.role as Role, "rounds.vote"),
  );
  const voterCtx = (userId: string, role: string): WorkspaceContext => ({
    workspaceId,
    userId,
    via: "session",
    role: role as Role,
  });

  const csv = stringify([
    ["title", "description", "status", "tags", "effort", "reach", "impact", "confidence", "ease"],
    ...Array.from({ length: VOLUME_IDEAS }, (_, i) => [
      `Idea ${i + 1}: "quoted", ünïcode`,
      `Body ${i}\r\nline two`,
      i % 3 ? "new" : "planned",
      "a;b",
      i % 7,
      i * 10,
      2,
      80,
      5,
    ]),
  ]);
  const imported = await db.transaction((tx) => importIdeas(tx, ctx, pid, { csv, dryRun: false }));
  if (imported.created !== VOLUME_IDEAS) throw new Error(JSON.stringify(imported.errors.slice(0, 3)));

  const weird = await db.transaction((tx) =>
    createIdea(tx, ctx, pid, {
      title: WEIRD.product.slice(0, 200),
      description: WEIRD.description,
      status: "under_review",
      ownerId,
      tags: ["ux", "mobile"],
      links: [{ url: "https://example.test/a?b=1&c=<2>", title: "Spec «v2»" }],
      inputs: { businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 2, effort: 1.5 },
    }),
  );
  const dup = await db.transaction((tx) =>
    createIdea(tx, ctx, pid, {
      title: "Offline mode (duplicate)",
      description: "",
      status: "new",
      ownerId: null,
      tags: ["offline"],
      links: [],
      inputs: {},
    }),
  );
  const survivor = await db.transaction((tx) =>
    createIdea(tx, ctx, pid, {
      title: "Offline mode",
      description: "Work without a network",
      status: "new",
      ownerId: null,
      tags: [],
      links: [],
      inputs: { reach: 1000, impact: 2, confidence: 50, effort: 10 },
    }),
  );
  const doomed = await db.transaction((tx) =>
    createIdea(tx, ctx, pid, {
      title: "Deleted later",
      description: "",
      status: "new",
      ownerId: null,
      tags: [],
      links: [],
      inputs: {},
    }),
  );

  // The product's own factors; the third is archived once the round rated on it has closed.
  const own = await db.transaction((tx) =>
    putFactors(tx, ctx, {
      productId: pid,
      factors: [
        {
          name: "Value",
          description: "Worth to customers",
          weight: 3,
          direction: "benefit",
          scaleMin: 1,
          scaleMax: 5,
          labels: [],
        },
        {
          name: "Risk",
          description: "",
          weight: 1.5,
          direction: "cost",
          scaleMin: 0,
          scaleMax: 3,
          labels: ["none", "low", "mid", "high"],
        },
        {
          name: "Reach «all»",
          description: "",
          weight: 0.25,
          direction: "benefit",
          scaleMin: 1,
          scaleMax: 10,
          labels: [],
        },
      ],
    }),
  );
  const [value, risk, reach] = own.factors;

  const small = [weird.id, dup.id, survivor.id, doomed.id];
  const round = await db.transaction((tx) =>
    createRound(
      tx,
      ctx,
      {
        productId: pid,
        name: "Q3 priorities",
        description: "Rate <everything>",
        ideaIds: small,
        voterIds: members.map((m) => m.userId),
        teamIds: [],
        deadline: new Date(clock.now().getTime() + 2 * DAY).toISOString(),
        showOthers: true,
      },
      clock,
      null,
    ),
  );
  for (const [k, m] of members.entries()) {
    const ratings = small.flatMap((ideaId, i) => [
      { ideaId, factorId: value.id, value: 1 + ((k + i) % 5) },
      { ideaId, factorId: risk.id, value: (k * i) % 4 },
      k % 4 === 1
        ? { ideaId, factorId: reach.id, value: null, abstainReason: "Don't know the numbers" }
        : { ideaId, factorId: reach.id, value: 1 + ((k * 3 + i) % 10) },
    ]);
    await db.transaction((tx) => castRatings(tx, voterCtx(m.userId, m.role), round.id, { ratings }, clock));
  }
  const roundComment = await db.transaction((tx) =>
    addComment(
      tx,
      ctx,
      weird.id,
      {
        body: `Why so low? @someone <b>bold</b> ${WEIRD.team}`,
        mentions: members
          .filter((m) => m.userId !== ownerId)
          .slice(0, 2)
          .map((m) => m.userId),
        roundId: round.id,
      },
      null,
    ),
  );
  await db.transaction((tx) => closeRound(tx, ctx, round.id, "manual", null));

  // A large closed round: every CSV idea, its ratings written in bulk (as thousands of ballots would).
  const ideaIds = (
    await db
      .select({ id: schema.ideas.id, productId: schema.ideas.productId, title: schema.ideas.title })
      .from(schema.ideas)
  )
    .filter((i) => i.productId === pid && i.title.startsWith("Idea "))
    .map((i) => i.id);
  const big = await db.transaction((tx) =>
    createRound(
      tx,
      ctx,
      {
        productId: pid,
        name: "Volume round",
        description: "",
        ideaIds,
        voterIds: members.map((m) => m.userId),
        teamIds: [],
        deadline: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
        showOthers: false,
      },
      clock,
      null,
    ),
  );
  await rawRows(
    db,
    `INSERT INTO ratings (workspace_id, round_id, voter_id, idea_id, factor_id, value, abstain_reason, updated_at)
     SELECT $1, $2, v.user_id, ri.idea_id, f.id,
       CASE WHEN (hashtext(ri.idea_id::text || v.user_id::text) % 17) = 0 THEN NULL ELSE f.scale_min + abs(hashtext(ri.idea_id::text || f.id::text || v.user_id::text)) % (f.scale_max - f.scale_min + 1) END,
       CASE WHEN (hashtext(ri.idea_id::text || v.user_id::text) % 17) = 0 THEN 'No opinion' END,
       '2026-03-02T10:00:00.123Z'
     FROM round_ideas ri JOIN round_voters v ON v.workspace_id = ri.workspace_id AND v.round_id = ri.round_id
       JOIN factors f ON f.workspace_id = ri.workspace_id AND f.product_id = $3 AND f.archived_at IS NULL
     WHERE ri.workspace_id = $1 AND ri.round_id = $2`,
    [workspaceId, big.id, pid],
  );
  await db.transaction((tx) => closeRound(tx, ctx, big.id, "manual", null));

  // Archive the third factor (its ratings stay), recompute like PUT /factors does.
  await db.transaction(async (tx) => {
    await putFactors(tx, ctx, {
      productId: pid,
      factors: [
        {
          id: value.id,
          name: value.name,
          description: value.description,
          weight: 2,
          direction: "benefit",
          scaleMin: 1,
          scaleMax: 5,
          labels: [],
        },
        {
          id: risk.id,
          name: risk.name,
          description: "",
          weight: 1.5,
          direction: "cost",
          scaleMin: 0,
          scaleMax: 3,
          labels: ["none", "low", "mid", "high"],
        },
      ],
    });
    await recomputeWeighted(tx, workspaceId, [pid]);
    // This product combines its rounds (a setting row; the other products have none: replace).
    await storeScoreCounting(tx, workspaceId, pid, {
      version: 0,
      mode: "combine",
      halfLifeRounds: 1.5,
      userId: ownerId,
    });
  });

  await db.transaction((tx) => mergeIdea(tx, ctx, dup.id, survivor.id));
  await db.transaction((tx) =>
    pinIdea(tx, ctx, survivor.id, { rank: 1, reason: "CEO promised it — «urgent»" }),
  );
  await db.transaction((tx) => deleteIdea(tx, ctx, doomed.id));
  await db.transaction((tx) =>
    addComment(tx, ctx, survivor.id, { body: "Merged the duplicate.", mentions: [], roundId: null }, null),
  );
  await db.transaction((tx) =>
    createView(tx, ctx, pid, {
      name: "Mine, by RICE",
      shared: true,
      config: { ownerId, sort: "rice", dir: "desc", status: ["new", "planned"], columns: ["score", "rice"] },
    }),
  );

  // Still open: its deadline and reminder are pending jobs.
  const open = await db.transaction((tx) =>
    createRound(
      tx,
      ctx,
      {
        productId: pid,
        name: "Next quarter",
        description: "",
        ideaIds: [weird.id, survivor.id],
        voterIds: members.slice(0, 3).map((m) => m.userId),
        teamIds: [],
        deadline: new Date(clock.now().getTime() + 5 * DAY).toISOString(),
        showOthers: false,
      },
      clock,
      null,
    ),
  );
  return { productId: pid, roundId: round.id, openRoundId: open.id, commentId: roundComment.id };
}

beforeAll(async () => {
  [src, dst] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const seeded = await seedDemoIfEmpty(src.db);
  if (!seeded.seeded) throw new Error("demo seed did not run");
  wid = seeded.workspace.id;
  const owner = (await src.db.select().from(schema.users)).find((u) => u.email === seeded.login.email)!;
  await enrich(src.db, wid, owner.id);
  await enrichPrioritization(src.db, wid, owner.id);
  roadmapFixture = await enrichRoadmaps(src.db, wid, owner.id, clock);
  signoffFixture = await enrichSignoffs(src.db, wid, owner.id, clock);
  feedbackFixture = await enrichFeedback(src, wid, owner.id, clock);
  loopFixture = await enrichLoop(src, wid, owner.id, clock);
  competitorFixture = await enrichCompetitors(src, wid, owner.id);
  holidayFixture = await enrichHolidays(src.db, wid, owner.id);
  doc1 = await exportWorkspace(src.db, wid, { clock, onProgress: (p) => exportProgress.push(p) });
  text = JSON.stringify(doc1, null, 2);
  if (process.env.TRANSFER_GOLDEN) writeFileSync(process.env.TRANSFER_GOLDEN, text);
}, 300_000); // the demo and every fixture: about 30 s on an idle machine, minutes on a loaded one
afterAll(async () => {
  await shutdownPlanner();
  await Promise.all([src?.close(), dst?.close()]);
});

describe("export", () => {
  it("holds the whole workspace, without secrets", () => {
    expect(doc1).toMatchObject({
      format: "baton-export",
      formatVersion: 8,
      exportedAt: "2026-03-02T09:00:00.000Z",
    });
    expect(doc1.source.migration).toMatch(/^\d{4}_/);
    expect(doc1.workspace).toMatchObject({ id: wid, name: "Northwind Labs", slug: "northwind-labs" });
    // 13 demo members + the former member, who is still referenced.
    expect(doc1.users).toHaveLength(14);
    expect(doc1.memberships).toHaveLength(13);
    expect(doc1.users.map((u) => u.email)).toContain("former@example.test");
    expect(doc1.products.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Northwind Mobile", WEIRD.product]),
    );
    expect(doc1.teams).toHaveLength(8);
    expect(doc1.teamMembers.length).toBeGreaterThanOrEqual(12);
    expect(doc1.invitations.map((i) => i.email).sort()).toEqual([
      "former@example.test",
      "pending@example.test",
      "revoked@example.test",
    ]);
    // The invitations' mail (sign-off requests and announcements come beside it).
    expect(
      doc1.outbox.filter(
        (m) => !m.kind.startsWith("notification.signoff") && m.kind !== "feedback.reply" && m.kind !== "loop",
      ),
    ).toHaveLength(3);
    // A reply to a customer, with its conversation and a reply template; the inbound address stays behind.
    expect(doc1.outbox.filter((m) => m.kind === "feedback.reply")).toHaveLength(1);
    expect(doc1.feedbackMessages.map((m) => m.direction).sort()).toEqual(["in", "out"]);
    expect(doc1.feedbackMessages.find((m) => m.direction === "in")?.attachments).toEqual([
      { name: "shot.png", type: "image/png", size: 10_485_760 },
    ]);
    expect(doc1.replyTemplates).toHaveLength(1);
    expect(text).not.toMatch(/feedback\+[0-9a-f]{32}@/);
    expect(doc1.auditEvents.some((e) => e.via === "cli" && e.action === "workspace.create")).toBe(true);
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash|scrypt\$|bcal_/);
  });

  it("holds the prioritization data: factors (archived too), ideas, rounds, ratings, comments, views, jobs", () => {
    const archived = doc1.factors.filter((f) => f.archivedAt !== null);
    expect(archived.map((f) => f.name)).toEqual(["Reach «all»"]);
    // The product's own 3 (one archived), beside the workspace's defaults.
    const own = doc1.factors
      .filter((f) => f.productId === archived[0].productId)
      .sort((a, b) => a.position - b.position);
    expect(own.map((f) => [f.name, f.archivedAt === null])).toEqual([
      ["Value", true],
      ["Risk", true],
      ["Reach «all»", false],
    ]);
    expect(doc1.factors.filter((f) => f.productId === null).length).toBeGreaterThanOrEqual(4);
    // CSV ideas + 4 by hand, one of them deleted.
    expect(doc1.ideas.filter((i) => i.title.startsWith("Idea ")).length).toBe(VOLUME_IDEAS);
    expect(doc1.ideas[0]).not.toHaveProperty("search");
    const survivor = doc1.ideas.find((i) => i.title === "Offline mode")!;
    expect(survivor).toMatchObject({ pinnedRank: 1, rank: 1, pinReason: "CEO promised it — «urgent»" });
    expect(doc1.ideas.find((i) => i.title === "Offline mode (duplicate)")).toMatchObject({
      status: "merged",
      mergedIntoId: survivor.id,
    });
    expect(doc1.ideas.some((i) => i.title === "Deleted later")).toBe(false);
    const product = doc1.products.find((p) => p.id === survivor.productId)!;
    const numbers = doc1.ideas.filter((i) => i.productId === product.id).map((i) => i.number);
    // The last two were deleted (the second by the roadmap fixture): numbers are not reused.
    expect(product.nextIdeaNumber).toBe(Math.max(...numbers) + 3);
    expect(doc1.rounds.map((r) => [r.name, r.status])).toEqual(
      expect.arrayContaining([
        ["Q3 priorities", "closed"],
        ["Volume round", "closed"],
        ["Next quarter", "open"],
      ]),
    );
    const ideaIds = new Set(doc1.ideas.map((i) => i.id));
    expect(doc1.ratings.every((r) => ideaIds.has(r.ideaId))).toBe(true);
    expect(doc1.ratings.length).toBeGreaterThan(VOLUME_IDEAS * 2 * 10);
    expect(doc1.ratings.some((r) => r.value === null && r.abstainReason === "Don't know the numbers")).toBe(
      true,
    );
    expect(doc1.ratings.some((r) => r.factorId === archived[0].id)).toBe(true);
    expect(survivor.factorStats.length).toBeGreaterThan(0);
    expect(doc1.ideaComments.map((c) => c.body)).toContain("Merged the duplicate.");
    expect(doc1.ideaComments.find((c) => c.body.startsWith("Why so low?"))?.mentions).toHaveLength(2);
    expect(doc1.ideaWatchers.length).toBeGreaterThanOrEqual(3);
    expect(doc1.savedViews).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "Mine, by RICE", shared: true })]),
    );
    expect(doc1.notifications.map((n) => n.kind)).toEqual(
      expect.arrayContaining(["round.invite", "round.closed", "mention"]),
    );
    const open = doc1.rounds.find((r) => r.name === "Next quarter")!;
    expect(doc1.jobs.map((j) => j.key)).toEqual(
      expect.arrayContaining([`round.close:${open.id}`, `round.remind:${open.id}`]),
    );
  });

  it("holds objectives, capacity and roadmaps: items, efforts, links, dependencies, milestones, changes, versions, proposals", () => {
    const f = roadmapFixture;
    expect(doc1.workspace).toMatchObject({ capacityUnit: "points", pointsPerPersonMonth: 12.5 });
    const company = doc1.objectives.find((o) => o.id === f.objectiveIds[0])!;
    expect(company).toMatchObject({
      productId: null,
      importance: 5,
      title: expect.stringContaining(ROADMAP_WEIRD),
    });
    expect(doc1.keyResults.filter((k) => k.objectiveId === company.id).map((k) => k.current)).toEqual(
      expect.arrayContaining([70.1, null]),
    );
    expect(doc1.ideaObjectives.filter((l) => f.objectiveIds.includes(l.objectiveId))).toHaveLength(3);
    expect(doc1.teamCapacity.map((c) => [c.capacity, c.note])).toEqual(
      expect.arrayContaining([
        [22.5, "Contractor «Ana» joins"],
        [0, ""],
      ]),
    );
    expect(doc1.timeOff.map((t) => [t.startDate, t.endDate, t.note])).toContainEqual([
      "2026-05-11",
      "2026-05-22",
      "Parental leave 🍼",
    ]);

    const roadmap = doc1.roadmaps.find((r) => r.id === f.roadmapId)!;
    expect(roadmap).toMatchObject({ name: ROADMAP_WEIRD, startMonth: "2026-04-01", nextVersionNumber: 3 });
    expect(roadmap).not.toHaveProperty("feedTokenHash");
    expect(text).not.toMatch(/feed_?token/i);
    const items = doc1.roadmapItems.filter((i) => i.roadmapId === f.roadmapId);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["idea", "initiative"]));
    expect(items.some((i) => i.id === f.itemIds.gone)).toBe(false);
    // The idea under item d was deleted: the item stays, without its idea; the initiative lost that link.
    expect(items.find((i) => i.id === f.itemIds.d)).toMatchObject({
      kind: "idea",
      ideaId: null,
      valueOverride: 7.5,
    });
    expect(doc1.roadmapItemLinks.some((l) => l.targetId === f.doomedIdeaId)).toBe(false);
    const linkKinds = doc1.roadmapItemLinks
      .filter((l) => items.some((i) => i.id === l.itemId))
      .map((l) => l.kind);
    expect(new Set(linkKinds)).toEqual(new Set(["objective", "key_result", "idea"]));
    expect(doc1.roadmapItemEfforts.find((e) => e.itemId === f.itemIds.a && e.effort === 15)).toBeTruthy();
    expect(doc1.roadmapDependencies.filter((d) => d.roadmapId === f.roadmapId)).toHaveLength(3);
    expect(doc1.roadmapMilestones.filter((m) => m.roadmapId === f.roadmapId).map((m) => m.itemId)).toEqual(
      expect.arrayContaining([f.itemIds.a, null]),
    );
    const changes = doc1.roadmapChanges.filter((c) => c.roadmapId === f.roadmapId);
    expect(changes.map((c) => c.reason)).toEqual(
      expect.arrayContaining(["Design is away in July — moved to Q4", "Out of scope this year"]),
    );
    // The log of the deleted item stays: its id is named only there (and in the first version's snapshot).
    expect(changes.find((c) => c.itemId === f.itemIds.gone && c.action === "deleted")).toBeTruthy();
    expect(changes.some((c) => c.action === "planned" && c.reason.startsWith("Auto-planner: "))).toBe(true);
    const versions = doc1.roadmapVersions.filter((v) => v.roadmapId === f.roadmapId);
    expect(versions.map((v) => [v.number, v.name])).toEqual([
      [1, "Draft «1»"],
      [2, "After review"],
    ]);
    const snap = versions[0].snapshot as {
      items: { id: string; dependsOn: string[]; objectiveIds: string[] }[];
    };
    expect(snap.items.map((i) => i.id)).toContain(f.itemIds.gone);
    expect(snap.items.find((i) => i.id === f.itemIds.c)?.dependsOn.sort()).toEqual(
      [f.itemIds.a, f.itemIds.b].sort(),
    );
    const proposals = doc1.planProposals.filter((p) => p.roadmapId === f.roadmapId);
    expect(proposals.map((p) => [p.scope, p.status, p.decidedAt === null])).toEqual([
      ["all", "applied", false],
      ["unplanned", "open", true],
    ]);
    expect((proposals[0].result as { moves: unknown[] }).moves.length).toBeGreaterThan(0);
  });

  it("holds sign-off: requests, approvers and decisions, history and comments in order, approved versions; no share links", () => {
    const f = signoffFixture;
    const [s1, s2] = f.signoffIds.map((id) => doc1.signoffs.find((s) => s.id === id)!);
    expect(s1).toMatchObject({
      roadmapId: f.roadmapId,
      versionId: f.baselineId,
      baselineVersionId: null,
      round: 2,
      status: "approved",
      closedAt: expect.any(String),
      message: "Job import split",
      reminders: [72, 24, 2],
    });
    expect(s2).toMatchObject({ status: "open", round: 1, baselineVersionId: f.baselineId, closedAt: null });
    const approvers = doc1.signoffApprovers.filter((a) => a.signoffId === s1.id);
    expect(approvers).toHaveLength(4);
    const by = (id: string) => approvers.find((a) => a.userId === id)!;
    expect(by(f.approverIds.stakeholder)).toMatchObject({ required: true, decision: "approved" });
    expect(by(f.approverIds.lead).viaTeamId).toEqual(expect.any(String));
    expect(by(f.approverIds.viewer)).toMatchObject({ required: false, decision: "pending" });
    expect(by(f.approverIds.contributor)).toMatchObject({
      decision: "approved",
      decidedVersionId: f.baselineId,
    });
    // Events and comments come in their order, numbered 1, 2, 3… in the workspace.
    expect(doc1.signoffEvents.map((e) => e.seq)).toEqual(doc1.signoffEvents.map((_, i) => i + 1));
    expect(doc1.signoffComments.map((c) => c.seq)).toEqual(doc1.signoffComments.map((_, i) => i + 1));
    const kinds = doc1.signoffEvents.filter((e) => e.signoffId === s1.id).map((e) => e.kind);
    expect(kinds.slice(0, 5)).toEqual(["requested", "decided", "decided", "commented", "revised"]);
    expect(kinds.at(-1)).toBe("approved");
    expect(doc1.signoffEvents.filter((e) => e.signoffId === s2.id).map((e) => e.kind)).toEqual([
      "requested",
      "extended",
    ]);
    // The item commented on was deleted since: the comment still names it.
    const comments = doc1.signoffComments.filter((c) => c.signoffId === s1.id);
    expect(comments.map((c) => [c.itemId, c.body])).toEqual([
      [f.droppedItemId, `Is this needed? ${SIGNOFF_WEIRD}`],
      [null, "Splitting it"],
    ]);
    expect(doc1.roadmapItems.some((i) => i.id === f.droppedItemId)).toBe(false);
    const versions = doc1.roadmapVersions.filter((v) => v.roadmapId === f.roadmapId);
    expect(versions.map((v) => [v.id === f.baselineId, v.signoffId, v.approvedAt === null])).toEqual([
      [false, null, true],
      [true, s1.id, false],
      [false, null, true],
    ]);
    // Pending reminders and the deadline of the open request travel as jobs.
    expect(doc1.jobs.filter((j) => j.key?.includes(s2.id)).length).toBeGreaterThan(0);
    // Share links are secrets: neither the link's token nor its hash is in the file (its audit entry stays).
    const token = f.shareUrl.split("/s/")[1];
    expect(text).not.toContain(token);
    expect(text).not.toContain(sha256(token));
    expect(text).not.toMatch(/bshr_|"shareLinks"/);
    expect(doc1.auditEvents.some((e) => e.action === "share_link.create")).toBe(true);
  });

  it("holds customers and feedback: companies, people, items (no search vector), links to ideas", () => {
    const f = feedbackFixture;
    const acme = doc1.companies.find((c) => c.id === f.companyIds[0])!;
    expect(acme).toMatchObject({
      name: `Acme ${FEEDBACK_WEIRD}`,
      arr: "125000.50",
      mrr: "10416.71",
      currency: "EUR",
      attributes: { seats: 40, trial: false, region: "EMEA «north»", note: null },
    });
    // The deleted company is gone; its person stays, without a company.
    expect(doc1.companies.some((c) => c.id === f.companyIds[1])).toBe(false);
    expect(doc1.people.find((p) => p.id === f.personIds[1])?.companyId).toBeNull();
    expect(doc1.people.find((p) => p.id === f.personIds[0])).toMatchObject({
      email: "ada@acme.example",
      externalId: "crm-42",
      companyId: acme.id,
    });
    const items = f.itemIds.map((id) => doc1.feedbackItems.find((i) => i.id === id)!);
    expect(items[0]).toMatchObject({
      source: "email",
      externalId: "<msg-1@acme.example>",
      personId: f.personIds[0],
      companyId: acme.id,
      status: "linked",
      sentiment: "negative",
      sentimentBy: expect.any(String),
      assigneeId: expect.any(String),
      readAt: expect.any(String),
      tags: ["export", "speed"],
    });
    expect(items[1].userId).toEqual(expect.any(String));
    expect(items[2]).toMatchObject({ handle: "@fan@social.example", receivedAt: "2026-02-27T08:15:30.123Z" });
    expect(doc1.feedbackItems[0]).not.toHaveProperty("search");
    expect(doc1.feedbackLinks.map((l) => [l.itemId, l.spanStart, l.spanEnd, l.importance])).toEqual(
      expect.arrayContaining([
        [f.itemIds[0], 4, 10, "nice"],
        [f.itemIds[1], null, null, "critical"],
      ]),
    );
    // The polled source travels with its schedule and its poll job; its token stays behind.
    const source = doc1.feedbackSources.find((x) => x.id === f.sourceId)!;
    expect(source).toMatchObject({ kind: "github", config: { owner: "acme", repo: "app" }, enabled: true });
    expect(doc1.jobs.some((j) => j.key?.includes(f.sourceId))).toBe(true);
    expect(text).not.toContain("ghp_secret_never_exported");
    const users = new Set(doc1.users.map((u) => u.id));
    for (const i of items)
      for (const u of [i.userId, i.assigneeId, i.sentimentBy, i.createdBy])
        if (u) expect(users.has(u)).toBe(true);
  });

  it("holds the changelog and closed loops: entries, links, campaigns, sends, answered items, unsubscriptions", () => {
    const f = loopFixture;
    expect(doc1.changelogEntries.find((e) => e.id === f.entryId)).toMatchObject({
      title: `Release ${LOOP_WEIRD}`.normalize("NFC"),
      status: "published",
      publishedAt: "2026-03-01T09:30:00.250Z",
    });
    expect(doc1.changelogLinks.filter((l) => l.entryId === f.entryId).map((l) => l.ideaId)).toEqual([
      f.ideaId,
    ]);
    const campaigns = doc1.loopCampaigns.filter((c) => c.ideaId === f.ideaId);
    expect(campaigns.map((c) => c.status).sort()).toEqual(["draft", "sent"]);
    expect(campaigns.find((c) => c.status === "sent")).toMatchObject({
      changelogEntryId: f.entryId,
      recipients: 1,
    });
    const [send, ...more] = doc1.loopSends.filter((s) => s.campaignId === f.campaignId);
    expect(more).toEqual([]);
    expect(send).toMatchObject({ personId: f.personId, email: "ada@acme.example" });
    expect(doc1.outbox.some((m) => m.id === send.outboxId)).toBe(true);
    expect(doc1.loopSendItems.filter((x) => x.sendId === send.id)).toHaveLength(1);
    expect(doc1.customerUnsubscribes.map((u) => u.personId)).toEqual([f.personId]);
    expect(text).not.toContain("unsubscribe-hmac");
  });

  it("holds competitors: profiles, logos, watchers, monitors with their latest snapshot, changes, SWOT, pricing, battlecards, the matrix", () => {
    const f = competitorFixture;
    expect(doc1.competitors.find((c) => c.id === f.rivalId)).toMatchObject({
      name: COMPETITOR_WEIRD,
      segments: ["SMB", "Mid-market «EU»"],
      links: [{ label: "Blog", url: "https://rival.example/blog" }],
      status: "active",
    });
    expect(doc1.competitors.find((c) => c.id === f.oldId)?.status).toBe("archived");
    expect(doc1.competitorLogos.map((l) => [l.competitorId, l.contentType])).toEqual([
      [f.rivalId, "image/png"],
    ]);
    expect(doc1.competitorProducts.filter((l) => l.competitorId === f.rivalId)).toHaveLength(1);
    // The demo has competitors of its own: look at the fixture's.
    const ours = (id: string) => id === f.rivalId || id === f.oldId;
    expect(doc1.competitorWatchers.filter((w) => ours(w.competitorId)).map((w) => w.competitorId)).toEqual([
      f.rivalId,
    ]);
    // The monitor travels without its lease; of its three snapshots only the latest.
    const monitor = doc1.monitors.find((m) => m.id === f.monitorId)!;
    expect(monitor).toMatchObject({ etag: '"v3"', checks: 3, config: { pricing: true } });
    expect(monitor).not.toHaveProperty("leaseUntil");
    const snapshots = doc1.monitorSnapshots.filter((s) => s.monitorId === f.monitorId);
    expect(snapshots.map((s) => s.id)).toEqual([f.latestSnapshotId]);
    expect(snapshots[0].text).toBe(`Pro $39 per month ${COMPETITOR_WEIRD}`);
    // The demo's monitors: one snapshot each too.
    expect(doc1.monitorSnapshots).toHaveLength(new Set(doc1.monitorSnapshots.map((s) => s.monitorId)).size);
    const changes = doc1.competitorChanges.filter((c) => c.monitorId === f.monitorId);
    expect(changes.map((c) => c.id)).toEqual([f.priceChangeId, f.wordChangeId]);
    expect(changes[0]).toMatchObject({
      category: "pricing",
      importance: "high",
      diff: [
        [0, "Pro "],
        [-1, "$29"],
        [1, "$39"],
        [0, " per month"],
      ],
      prices: [{ plan: "Pro", price: 39, currency: "USD", period: "month" }],
    });
    expect(changes[0]).not.toHaveProperty("fromSnapshotId");
    expect(doc1.competitorChangeIdeas.filter((l) => changes.some((c) => c.id === l.changeId))).toEqual([
      expect.objectContaining({ changeId: f.wordChangeId, ideaId: f.ideaId }),
    ]);
    // A card keeps its change; a card whose change is gone names none.
    expect(doc1.swotCards.find((c) => c.id === f.cardId)).toMatchObject({
      quadrant: "threat",
      changeId: f.priceChangeId,
      sourceDate: "2026-02-28",
    });
    expect(doc1.swotCards.find((c) => c.id === f.orphanCardId)?.changeId).toBeNull();
    expect(doc1.pricingPlans.find((p) => p.id === f.planId)).toMatchObject({
      price: "39.00",
      unit: "per user",
    });
    expect(
      doc1.pricingHistory.filter((h) => h.planId === f.planId).map((h) => [h.price, h.origin, h.changeId]),
    ).toEqual([
      ["29.00", "manual", null],
      ["39.00", "monitor", f.priceChangeId],
    ]);
    expect(doc1.battlecardSections.filter((s) => ours(s.competitorId))).toEqual([
      expect.objectContaining({ competitorId: f.rivalId, section: "why_we_win" }),
    ]);
    expect(doc1.capabilities.find((c) => c.id === f.rowId)).toMatchObject({
      ideaId: f.ideaId,
      oursStatus: "no",
    });
    expect(
      doc1.capabilityCells
        .filter((c) => c.capabilityId === f.rowId)
        .map((c) => [c.competitorId, c.status, c.changeId])
        .sort(),
    ).toEqual(
      [
        [f.rivalId, "has", f.wordChangeId],
        [f.oldId, "partial", null],
      ].sort(),
    );
  });

  it("reports progress by section, up to the total number of rows", () => {
    const rows = 1 + SECTIONS.reduce((n, section) => n + doc1[section].length, 0);
    expect(exportProgress.map((p) => p.section)).toEqual(["workspace", ...SECTIONS]);
    expect(exportProgress.every((p) => p.total === rows)).toBe(true);
    expect(exportProgress.at(-1)?.done).toBe(rows);
  });
});

describe("import into a fresh Baton", () => {
  it("round-trips exactly: export → import → export gives the same document", async () => {
    const before = await countAll(dst.db);
    const result = await importWorkspace(dst.db, JSON.parse(text));
    expect(result.workspace).toEqual({ id: wid, name: "Northwind Labs", slug: "northwind-labs" });
    expect(result.remappedIds).toBe(0);
    expect(result.createdUsers).toHaveLength(14);
    expect(result.reusedUsers).toEqual([]);
    const doc2 = await exportWorkspace(dst.db, wid, { clock: manualClock("2030-01-01T00:00:00.000Z") });
    expect(doc2.exportedAt).toBe("2030-01-01T00:00:00.000Z");
    expect(JSON.stringify({ ...doc2, exportedAt: doc1.exportedAt }, null, 2)).toBe(text);
    const after = await countAll(dst.db);
    expect(after.users - before.users).toBe(14);
    expect(after.auditEvents - before.auditEvents).toBe(doc1.auditEvents.length);
    expect(after.signoffEvents - before.signoffEvents).toBe(doc1.signoffEvents.length);
    // Share links were not exported: the imported baseline has none.
    expect(after.shareLinks - before.shareLinks).toBe(0);
  }, 120_000);

  it("keeps the order of sign-off history and comments; later rows come after the imported ones", async () => {
    const ctx: WorkspaceContext = {
      workspaceId: wid,
      userId: doc1.memberships.find((m) => m.role === "owner")!.userId,
      via: "session",
      role: "owner",
    };
    const [s1, s2] = signoffFixture.signoffIds;
    const original = await getSignoff(src.db, ctx, s1);
    const imported = await getSignoff(dst.db, ctx, s1);
    expect(imported.events.map((e) => e.id)).toEqual(original.events.map((e) => e.id));
    expect(imported.comments.map((c) => c.id)).toEqual(original.comments.map((c) => c.id));
    const added = await dst.db.transaction((tx) =>
      addSignoffComment(tx, ctx, s2, { itemId: null, body: "After the import" }, true),
    );
    const after = await getSignoff(dst.db, ctx, s2);
    expect(after.comments.at(-1)?.id).toBe(added.id);
    const [{ max }] = await rawRows<{ max: number }>(
      dst.db,
      "SELECT max(seq)::int AS max FROM signoff_comments WHERE workspace_id <> $1",
      [wid],
    );
    const [{ seq }] = await rawRows<{ seq: number }>(
      dst.db,
      "SELECT seq::int AS seq FROM signoff_comments WHERE id = $1",
      [added.id],
    );
    expect(seq).toBeGreaterThan(max ?? 0);
  });

  it("keeps unicode and HTML byte for byte", async () => {
    const doc2 = await exportWorkspace(dst.db, wid);
    expect(doc2.products.find((p) => p.name === WEIRD.product)?.description).toBe(WEIRD.description);
    expect(doc2.teams.find((t) => t.name === WEIRD.team)?.description).toBe(WEIRD.description);
    expect(doc2.users.find((u) => u.email === "former@example.test")?.name).toBe("Förmer Mémber <b>");
    expect(doc2.users.find((u) => u.email === "chloe.martin@northwind.test")?.name).toBe("Chloé Martin");
  });

  it("gives imported accounts no usable password and dead invitation links", async () => {
    const rows = await dst.db.select().from(schema.users);
    expect(rows.every((u) => !u.passwordHash.startsWith("scrypt$") && !u.isInstanceAdmin)).toBe(true);
    const srcHashes = new Set((await src.db.select().from(schema.invitations)).map((i) => i.tokenHash));
    const dstHashes = (await dst.db.select().from(schema.invitations)).map((i) => i.tokenHash);
    expect(dstHashes).toHaveLength(3);
    expect(dstHashes.some((h) => srcHashes.has(h))).toBe(false);
  });
});

/** Replaces every id by what it names (e-mail, product name, …), so two copies compare by meaning. */
function byMeaning(doc: ExportDocument) {
  const label = new Map<string, string>([[doc.workspace.id, "WORKSPACE"]]);
  for (const u of doc.users) label.set(u.id, `user:${u.email}`);
  for (const p of doc.products) label.set(p.id, `product:${p.name}`);
  for (const t of doc.teams) label.set(t.id, `team:${t.name}`);
  for (const i of doc.invitations) label.set(i.id, `invitation:${i.email}`);
  for (const e of doc.auditEvents) label.set(e.id, `audit:${e.action}@${e.at}`);
  for (const m of doc.outbox) label.set(m.id, `mail:${m.subject}@${m.createdAt}`);
  const name = (id: string | null) => (id === null ? "-" : (label.get(id) ?? id));
  for (const f of doc.factors) label.set(f.id, `factor:${name(f.productId)}:${f.name}:${f.archivedAt}`);
  for (const i of doc.ideas) label.set(i.id, `idea:${name(i.productId)}#${i.number}`);
  for (const r of doc.rounds) label.set(r.id, `round:${r.name}`);
  for (const c of doc.ideaComments) label.set(c.id, `comment:${c.body}@${c.createdAt}`);
  for (const v of doc.savedViews) label.set(v.id, `view:${v.name}`);
  for (const n of doc.notifications)
    label.set(n.id, `notification:${name(n.userId)}:${n.title}@${n.createdAt}`);
  for (const j of doc.jobs) label.set(j.id, `job:${j.kind}@${j.runAt}`);
  for (const o of doc.objectives) label.set(o.id, `objective:${o.title}`);
  for (const k of doc.keyResults) label.set(k.id, `kr:${name(k.objectiveId)}:${k.title}`);
  for (const t of doc.timeOff) label.set(t.id, `timeoff:${name(t.userId)}:${t.startDate}`);
  for (const r of doc.roadmaps) label.set(r.id, `roadmap:${r.name}`);
  for (const i of doc.roadmapItems) label.set(i.id, `item:${name(i.roadmapId)}:${i.title}`);
  for (const m of doc.roadmapMilestones) label.set(m.id, `milestone:${name(m.roadmapId)}:${m.title}`);
  for (const c of doc.roadmapChanges) label.set(c.id, `change:${name(c.itemId)}:${c.action}@${c.createdAt}`);
  for (const v of doc.roadmapVersions) label.set(v.id, `version:${name(v.roadmapId)}#${v.number}`);
  for (const p of doc.planProposals) label.set(p.id, `proposal:${name(p.roadmapId)}@${p.createdAt}`);
  for (const s of doc.signoffs) label.set(s.id, `signoff:${name(s.roadmapId)}@${s.createdAt}`);
  for (const e of doc.signoffEvents) label.set(e.id, `signoff-event:#${e.seq}`);
  for (const c of doc.signoffComments) label.set(c.id, `signoff-comment:#${c.seq}`);
  for (const c of doc.companies) label.set(c.id, `company:${c.name}`);
  for (const p of doc.people) label.set(p.id, `person:${p.name}`);
  for (const f of doc.feedbackItems) label.set(f.id, `feedback:${f.text}`);
  for (const l of doc.feedbackLinks) label.set(l.id, `feedback-link:${name(l.itemId)}:${name(l.ideaId)}`);
  for (const f of doc.feedbackSources) label.set(f.id, `source:${f.name}`);
  for (const h of doc.ideaScoreHistory)
    label.set(h.id, `score-history:${name(h.ideaId)}:${h.cause}:${name(h.roundId)}@${h.at}`);
  for (const t of doc.feedbackThemes) label.set(t.id, `theme:${t.name}`);
  for (const m of doc.feedbackMessages) label.set(m.id, `message:${m.direction}:${m.subject}@${m.createdAt}`);
  for (const t of doc.replyTemplates) label.set(t.id, `reply-template:${t.name}`);
  for (const e of doc.changelogEntries) label.set(e.id, `changelog:${e.title}`);
  for (const l of doc.changelogLinks)
    label.set(l.id, `changelog-link:${name(l.entryId)}:${name(l.ideaId ?? l.roadmapItemId)}`);
  for (const c of doc.loopCampaigns) label.set(c.id, `campaign:${name(c.ideaId)}:${c.status}:${c.subject}`);
  for (const x of doc.loopSends) label.set(x.id, `send:${name(x.campaignId)}:${x.email}`);
  for (const u of doc.customerUnsubscribes) label.set(u.id, `unsubscribe:${u.email}`);
  for (const c of doc.competitors) label.set(c.id, `competitor:${c.name}`);
  for (const m of doc.monitors) label.set(m.id, `monitor:${name(m.competitorId)}:${m.name}`);
  for (const x of doc.monitorSnapshots) label.set(x.id, `snapshot:${name(x.monitorId)}@${x.fetchedAt}`);
  for (const c of doc.competitorChanges)
    label.set(c.id, `competitor-change:${name(c.monitorId)}@${c.detectedAt}`);
  for (const c of doc.swotCards) label.set(c.id, `swot:${name(c.competitorId)}:${c.text}`);
  for (const p of doc.pricingPlans) label.set(p.id, `plan:${name(p.competitorId)}:${p.name}`);
  for (const h of doc.pricingHistory) label.set(h.id, `price:${name(h.planId)}@${h.observedAt}`);
  for (const c of doc.capabilities) label.set(c.id, `capability:${name(c.productId)}:${c.name}`);
  for (const c of doc.holidayCalendars) label.set(c.id, `holiday-calendar:${c.name}`);
  for (const h of doc.holidays) label.set(h.id, `holiday:${name(h.calendarId)}:${h.name}@${h.date}`);
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return label.get(v) ?? v.replace(uuid, (m) => label.get(m) ?? m);
    if (Array.isArray(v))
      return v.map(walk).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const { exportedAt: _e, workspace, ...rest } = doc;
  return walk({ ...rest, workspace: { ...workspace, name: "-", slug: "-" } });
}

describe("import into the same Baton", () => {
  let copy: ExportDocument;
  let result: Awaited<ReturnType<typeof importWorkspace>>;

  beforeAll(async () => {
    result = await importWorkspace(src.db, parseExportText(text), {
      slug: "northwind-copy",
      name: "Northwind (copy)",
    });
    copy = await exportWorkspace(src.db, result.workspace.id, { clock });
  }, 120_000);

  it("creates a new workspace with new ids, reusing the accounts", () => {
    expect(result.workspace.id).not.toBe(wid);
    expect(copy.workspace).toMatchObject({ name: "Northwind (copy)", slug: "northwind-copy" });
    expect(result.createdUsers).toEqual([]);
    expect(result.reusedUsers).toHaveLength(14);
    // workspace + every row with an id got a new id.
    const withIds = [
      ...doc1.products,
      ...doc1.teams,
      ...doc1.invitations,
      ...doc1.auditEvents,
      ...doc1.outbox,
      ...doc1.factors,
      ...doc1.ideas,
      ...doc1.ideaComments,
      ...doc1.savedViews,
      ...doc1.rounds,
      ...doc1.notifications,
      ...doc1.jobs,
      ...doc1.objectives,
      ...doc1.keyResults,
      ...doc1.timeOff,
      ...doc1.roadmaps,
      ...doc1.roadmapItems,
      ...doc1.roadmapMilestones,
      ...doc1.roadmapChanges,
      ...doc1.roadmapVersions,
      ...doc1.planProposals,
      ...doc1.signoffs,
      ...doc1.signoffEvents,
      ...doc1.signoffComments,
      ...doc1.companies,
      ...doc1.people,
      ...doc1.feedbackItems,
      ...doc1.feedbackLinks,
      ...doc1.feedbackSources,
      ...doc1.ideaScoreHistory,
      ...doc1.feedbackThemes,
      ...doc1.feedbackMessages,
      ...doc1.replyTemplates,
      ...doc1.changelogEntries,
      ...doc1.changelogLinks,
      ...doc1.loopCampaigns,
      ...doc1.loopSends,
      ...doc1.customerUnsubscribes,
      ...doc1.competitors,
      ...doc1.monitors,
      ...doc1.monitorSnapshots,
      ...doc1.competitorChanges,
      ...doc1.swotCards,
      ...doc1.pricingPlans,
      ...doc1.pricingHistory,
      ...doc1.capabilities,
      ...doc1.holidayCalendars,
      ...doc1.holidays,
    ];
    expect(result.remappedIds).toBe(1 + withIds.length);
    const oldIds = new Set(withIds.map((r) => r.id));
    const copied = [
      ...copy.products,
      ...copy.teams,
      ...copy.auditEvents,
      ...copy.outbox,
      ...copy.factors,
      ...copy.ideas,
      ...copy.rounds,
      ...copy.jobs,
      ...copy.objectives,
      ...copy.roadmaps,
      ...copy.roadmapItems,
      ...copy.roadmapVersions,
      ...copy.planProposals,
      ...copy.signoffs,
      ...copy.signoffEvents,
      ...copy.companies,
      ...copy.people,
      ...copy.feedbackItems,
      ...copy.feedbackLinks,
      ...copy.feedbackSources,
      ...copy.ideaScoreHistory,
      ...copy.feedbackThemes,
      ...copy.feedbackMessages,
      ...copy.replyTemplates,
      ...copy.changelogEntries,
      ...copy.loopCampaigns,
      ...copy.loopSends,
      ...copy.competitors,
      ...copy.monitors,
      ...copy.competitorChanges,
      ...copy.capabilities,
      ...copy.holidayCalendars,
      ...copy.holidays,
    ];
    for (const r of copied) expect(oldIds.has(r.id)).toBe(false);
    expect(copy.users).toEqual(doc1.users);
    expect(copy.ratings).toHaveLength(doc1.ratings.length);
    // Job keys name the new rounds: the original's jobs are untouched and both run.
    const open = copy.rounds.find((r) => r.name === "Next quarter")!;
    expect(copy.jobs.map((j) => j.key)).toEqual(
      expect.arrayContaining([`round.close:${open.id}`, `round.remind:${open.id}`]),
    );
    const copyRounds = new Set(copy.rounds.map((r) => r.id));
    const copySignoffs = new Set(copy.signoffs.map((s) => s.id));
    for (const j of copy.jobs.filter((x) => x.kind.startsWith("signoff."))) {
      const signoffId = (j.payload as { signoffId: string }).signoffId;
      expect(copySignoffs.has(signoffId)).toBe(true);
      expect(j.key).toContain(signoffId);
    }
    for (const j of copy.jobs.filter((x) => x.kind.startsWith("round."))) {
      const roundId = (j.payload as { roundId: string }).roundId;
      expect(copyRounds.has(roundId)).toBe(true);
      expect(j.key).toBe(`${j.kind}:${roundId}`);
    }
  });

  it("keeps every reference intact (the copy means the same as the original)", () => {
    expect(byMeaning(copy)).toEqual(byMeaning(doc1));
    // Spot checks: audit entries point at the new rows, inside their before/after too.
    const product = copy.products.find((p) => p.name === WEIRD.product)!;
    const created = copy.auditEvents.find((e) => e.action === "product.create" && e.entityId === product.id);
    expect(created?.after).toMatchObject({
      id: product.id,
      managerId: doc1.users.find((u) => u.email === "former@example.test")?.id,
    });
    expect(copy.auditEvents.some((e) => e.entityId === wid || JSON.stringify(e.after).includes(wid))).toBe(
      false,
    );
  });

  it("follows new ids into snapshots and proposals; imported roadmaps have their feed off", async () => {
    const items = new Set(copy.roadmapItems.map((i) => i.id));
    const objectives = new Set(copy.objectives.map((o) => o.id));
    const oldItems = new Set(doc1.roadmapItems.map((i) => i.id));
    for (const v of copy.roadmapVersions) {
      const snap = v.snapshot as { items: { id: string; dependsOn: string[]; objectiveIds: string[] }[] };
      for (const i of snap.items) {
        expect(oldItems.has(i.id)).toBe(false);
        for (const d of i.dependsOn) expect(items.has(d)).toBe(true);
        for (const o of i.objectiveIds) expect(objectives.has(o)).toBe(true);
      }
    }
    for (const p of copy.planProposals)
      for (const m of (p.result as { moves: { itemId: string }[] }).moves)
        expect(items.has(m.itemId)).toBe(true);
    const feeds = (await src.db.select().from(roadmapSchema.roadmaps)).filter(
      (r) => r.workspaceId === result.workspace.id,
    );
    expect(feeds.length).toBe(doc1.roadmaps.length);
    expect(feeds.every((r) => r.feedTokenHash === null)).toBe(true);
  });

  it("leaves the original untouched", async () => {
    const again = await exportWorkspace(src.db, wid, { clock });
    expect(JSON.stringify(again, null, 2)).toBe(text);
  });

  it("refuses a taken address, and writes nothing", async () => {
    const before = await countAll(src.db);
    await expect(importWorkspace(src.db, JSON.parse(text))).rejects.toMatchObject({
      code: "conflict",
      fields: { slug: "already taken" },
    });
    expect(await countAll(src.db)).toEqual(before);
  });
});

describe("import where a new account's id is taken by another account", () => {
  it("gives the account a new id and follows it everywhere", async () => {
    // dst holds the round-tripped workspace: every id of the document is taken there.
    const d = JSON.parse(text) as ExportDocument;
    const grace = d.users.find((u) => u.email === "grace.oconnell@northwind.test")!;
    grace.email = "grace@elsewhere.test";
    const result = await importWorkspace(dst.db, d, { slug: "northwind-3" });
    expect(result.createdUsers).toEqual(["grace@elsewhere.test"]);
    expect(result.reusedUsers).toHaveLength(13);
    const copy = await exportWorkspace(dst.db, result.workspace.id);
    const newGrace = copy.users.find((u) => u.email === "grace@elsewhere.test")!;
    expect(newGrace.id).not.toBe(grace.id);
    expect(copy.memberships.find((m) => m.userId === newGrace.id)?.role).toBe("viewer");
    expect(copy.memberships.some((m) => m.userId === grace.id)).toBe(false);
    const added = copy.auditEvents.find((e) => e.action === "member.add" && e.entityId === newGrace.id);
    expect(added?.after).toEqual({ role: "viewer" });
  }, 120_000);
});

describe("refusals: nothing is written", () => {
  const attempt = async (input: unknown) => {
    const before = await countAll(dst.db);
    let error: AppError | undefined;
    try {
      await importWorkspace(dst.db, typeof input === "string" ? parseExportText(input) : input, {
        slug: "never",
      });
    } catch (err) {
      error = err as AppError;
    }
    expect(await countAll(dst.db)).toEqual(before);
    expect(error).toBeInstanceOf(AppError);
    return error!;
  };
  const mutate = (fn: (d: any) => void) => {
    const d = JSON.parse(text);
    fn(d);
    return d;
  };

  it("a damaged (truncated) file", async () => {
    const e = await attempt(text.slice(0, text.length / 2));
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.fields?.file).toBeTruthy();
  });

  it("a foreign JSON file", async () => {
    expect((await attempt('{"name":"some-package","version":"1.0.0"}')).fields).toEqual({
      format: 'missing (a Baton export has "format": "baton-export")',
    });
    expect((await attempt("[1,2,3]")).message).toMatch(/not a Baton export/);
    expect((await attempt(mutate((d) => (d.format = "trello-export")))).fields?.format).toMatch(
      /"trello-export"/,
    );
  });

  it("a newer format version", async () => {
    const e = await attempt(mutate((d) => (d.formatVersion = 9)));
    expect(e.message).toMatch(/newer Baton \(format version 9\)/);
    expect(e.fields?.formatVersion).toBeTruthy();
  });

  it("invalid rows, with the path of each problem", async () => {
    const e = await attempt(
      mutate((d) => {
        d.products[1].stage = "booming";
        d.teams[0].leadId = "not-a-uuid";
        delete d.users[2].email;
        d.memberships[0].extra = true;
        d.outbox[0].text = "nul \u0000 byte";
      }),
    );
    expect(e.message).toMatch(/invalid: 5 problems; nothing was imported/);
    expect(Object.keys(e.fields ?? {}).sort()).toEqual([
      "memberships[0]",
      "outbox[0].text",
      "products[1].stage",
      "teams[0].leadId",
      "users[2].email",
    ]);
    expect(e.fields?.["memberships[0]"]).toMatch(/"extra"/);
  });

  it("references that point nowhere", async () => {
    const e = await attempt(
      mutate((d) => {
        d.teamMembers[0].userId = "0190a0a0-0000-4000-8000-000000000000";
        d.memberships = d.memberships.filter((m: { role: string }) => m.role !== "owner");
      }),
    );
    expect(e.message).toMatch(/inconsistent/);
    expect(e.fields).toMatchObject({
      "teamMembers[0].userId": expect.stringMatching(/is not a member/),
      memberships: expect.stringMatching(/owner/),
    });
  });

  it("prioritization references that point nowhere, duplicates, and a reused idea number", async () => {
    const nowhere = "0190a0a0-0000-4000-8000-000000000000";
    const e = await attempt(
      mutate((d) => {
        d.ratings[5].factorId = nowhere;
        d.roundIdeas[0].ideaId = nowhere;
        d.ideaComments[0].mentions = [nowhere];
        d.ideas[1].number = d.ideas[0].number;
        d.ideas[2].productId = d.ideas[0].productId;
        d.ratings.push({ ...d.ratings[0] });
        const p = d.products.find((x: { id: string }) => x.id === d.ideas[0].productId);
        p.nextIdeaNumber = 2;
      }),
    );
    expect(e.message).toMatch(/inconsistent/);
    expect(e.fields).toMatchObject({
      "ratings[5].factorId": expect.stringMatching(/is not a factor/),
      "roundIdeas[0].ideaId": expect.stringMatching(/is not an idea/),
      "ideaComments[0].mentions[0]": expect.stringMatching(/is not a user/),
      "ideas[1]": expect.stringMatching(/duplicate/),
      [`ratings[${JSON.parse(text).ratings.length}]`]: expect.stringMatching(/duplicate/),
    });
    expect(Object.entries(e.fields ?? {}).find(([k]) => k.endsWith(".nextIdeaNumber"))?.[1]).toMatch(
      /must be above/,
    );
  });

  it("roadmap references that point nowhere or at the wrong kind of row, with the path of each", async () => {
    const nowhere = "0190a0a0-0000-4000-8000-000000000000";
    // Shape first: a capacity month that is not the first of a month, a snapshot that is not an object.
    const e = await attempt(
      mutate((d) => {
        d.teamCapacity[0].month = "2026-05-02";
        d.roadmapVersions[0].snapshot = null;
      }),
    );
    expect(e.message).toMatch(/invalid: 2 problems/);
    expect(Object.keys(e.fields ?? {}).sort()).toEqual([
      "roadmapVersions[0].snapshot",
      "teamCapacity[0].month",
    ]);
    const r = await attempt(
      mutate((d) => {
        const first = d.roadmapItems[0];
        d.keyResults[0].objectiveId = nowhere;
        d.roadmapItems[2].roadmapId = nowhere;
        d.roadmapItemEfforts[0].teamId = nowhere;
        const kr = d.roadmapItemLinks.findIndex((l: { kind: string }) => l.kind === "key_result");
        d.roadmapItemLinks[kr].kind = "objective";
        d.roadmapDependencies.push({ roadmapId: first.roadmapId, beforeId: first.id, afterId: first.id });
        d.roadmapMilestones[0].itemId = nowhere;
        d.ideaObjectives[0].objectiveId = d.ideaObjectives[0].ideaId;
        d.roadmapVersions.push({ ...d.roadmapVersions[0], id: nowhere });
      }),
    );
    const kr = JSON.parse(text).roadmapItemLinks.findIndex((l: { kind: string }) => l.kind === "key_result");
    const deps = JSON.parse(text).roadmapDependencies.length;
    const versions = JSON.parse(text).roadmapVersions.length;
    expect(r.message).toMatch(/inconsistent/);
    expect(r.fields).toMatchObject({
      "keyResults[0].objectiveId": expect.stringMatching(/is not an objective/),
      "roadmapItems[2].roadmapId": expect.stringMatching(/is not a roadmap/),
      "roadmapItemEfforts[0].teamId": expect.stringMatching(/is not a team/),
      [`roadmapItemLinks[${kr}].targetId`]: expect.stringMatching(/is not an objective/),
      [`roadmapDependencies[${deps}]`]: "an item cannot depend on itself",
      "roadmapMilestones[0].itemId": expect.stringMatching(/is not a roadmap item/),
      "ideaObjectives[0].objectiveId": expect.stringMatching(/is not an objective/),
      [`roadmapVersions[${versions}]`]: expect.stringMatching(/duplicate/),
    });
    expect(Object.entries(r.fields ?? {}).find(([k]) => k.endsWith(".nextVersionNumber"))).toBeUndefined();
  });

  it("a dependency between items of two roadmaps, and a cycle", async () => {
    const e = await attempt(
      mutate((d) => {
        // A second roadmap with one item, and a dependency of the first roadmap pointing at that item.
        const other = { ...d.roadmaps[0], id: "0190a0a0-0000-4000-8000-0000000000a1", name: "Other" };
        const item = {
          ...d.roadmapItems[0],
          id: "0190a0a0-0000-4000-8000-0000000000a2",
          roadmapId: other.id,
        };
        d.roadmaps.push(other);
        d.roadmapItems.push(item);
        const r1 = d.roadmapItems[0].roadmapId;
        d.roadmapDependencies.push({ roadmapId: r1, beforeId: d.roadmapItems[0].id, afterId: item.id });
        const dep = d.roadmapDependencies.find((x: { roadmapId: string }) => x.roadmapId === r1);
        d.roadmapDependencies.push({ roadmapId: r1, beforeId: dep.afterId, afterId: dep.beforeId });
      }),
    );
    const n = JSON.parse(text).roadmapDependencies.length;
    expect(e.fields).toMatchObject({
      [`roadmapDependencies[${n}].afterId`]: expect.stringMatching(/is an item of another roadmap/),
      roadmapDependencies: expect.stringMatching(/a dependency cycle through the items/),
    });
  });

  it("an invalid new address or name", async () => {
    const before = await countAll(dst.db);
    await expect(
      importWorkspace(dst.db, JSON.parse(text), { slug: "no spaces!", name: " " }),
    ).rejects.toMatchObject({
      code: "validation",
      fields: { slug: expect.any(String), name: expect.any(String) },
    });
    expect(await countAll(dst.db)).toEqual(before);
  });

  it("a failure halfway through the transaction rolls everything back", async () => {
    const before = await countAll(dst.db);
    let sections: string[] = [];
    await expect(
      importWorkspace(dst.db, JSON.parse(text), {
        slug: "halfway",
        onProgress: (p) => {
          sections.push(p.section);
          if (p.section === "auditEvents") throw new Error("disk on fire");
        },
      }),
    ).rejects.toThrow("disk on fire");
    sections = [...new Set(sections)];
    expect(sections).toEqual([
      "workspace",
      "users",
      "memberships",
      "products",
      "teams",
      "teamMembers",
      "invitations",
      "auditEvents",
    ]);
    expect(await countAll(dst.db)).toEqual(before);
  });
});

describe("a version-1 file (written before prioritization)", () => {
  it("imports, and the workspace gets the default scoring factors", async () => {
    const d = JSON.parse(text) as ExportDocument;
    const v1: Record<string, unknown> = { ...d, formatVersion: 1 };
    for (const s of SECTIONS) if (!V1_SECTIONS.includes(s)) delete v1[s];
    v1.products = d.products.map(
      ({ framework: _f, nextIdeaNumber: _n, riceReachFromEvidence: _r, ...p }) => p,
    );
    const { capacityUnit: _u, pointsPerPersonMonth: _p, ...workspace } = d.workspace;
    v1.workspace = workspace;
    const parsed = parseExportText(JSON.stringify(v1));
    expect(parsed.formatVersion).toBe(1);
    // A key of version 2 in a version-1 file is refused like any unknown key.
    expect(() => parseExportText(JSON.stringify({ ...v1, ideas: [] }))).toThrow(/invalid: 1 problem/);
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v1" });
    expect(result.defaultFactors).toBe(true);
    expect(result.rows.ideas).toBe(0);
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect(again.formatVersion).toBe(8);
    const factors = again.factors.sort((a, b) => a.position - b.position);
    expect(factors.map((f) => [f.name, f.productId, f.archivedAt])).toEqual([
      ["Business impact", null, null],
      ["Customer happiness", null, null],
      ["Operational ease", null, null],
      ["Technical effort", null, null],
    ]);
    expect(
      again.products.every(
        (p) => p.framework === "weighted" && p.nextIdeaNumber === 1 && !p.riceReachFromEvidence,
      ),
    ).toBe(true);
    expect(again.ideas).toEqual([]);
    expect(again.auditEvents).toHaveLength(d.auditEvents.length);
  }, 120_000); // a whole workspace imported and exported: seconds idle, tens of seconds under load
});

describe("a version-2 file (written before objectives and roadmaps)", () => {
  it("imports exactly what it has, counted in person-days, with no objectives or roadmaps", async () => {
    const d = JSON.parse(text) as ExportDocument;
    const v2: Record<string, unknown> = { ...d, formatVersion: 2 };
    for (const s of SECTIONS) if (!V2_SECTIONS.includes(s)) delete v2[s];
    const { capacityUnit: _u, pointsPerPersonMonth: _p, ...workspace } = d.workspace;
    v2.workspace = workspace;
    // Jobs of sign-offs and polled sources name rows a version-2 file cannot have.
    v2.jobs = d.jobs.filter((j) => !/^(signoff|source)\./.test(j.kind));
    const parsed = parseExportText(JSON.stringify(v2));
    expect(parsed.formatVersion).toBe(2);
    // A key of version 3 in a version-2 file is refused like any unknown key.
    expect(() => parseExportText(JSON.stringify({ ...v2, roadmaps: [] }))).toThrow(/invalid: 1 problem/);
    expect(() => parseExportText(JSON.stringify({ ...v2, workspace: d.workspace }))).toThrow(
      /invalid: 1 problem/,
    );
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v2" });
    expect(result.defaultFactors).toBe(false);
    expect(result.rows).toMatchObject({ roadmaps: 0, objectives: 0, ideas: d.ideas.length });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect(again.workspace).toMatchObject({ capacityUnit: "person_days", pointsPerPersonMonth: 10 });
    expect(again.roadmaps).toEqual([]);
    expect(again.objectives).toEqual([]);
    // Everything version 2 had comes back as it was (ids were taken here, so compare by meaning).
    const strip = (x: ExportDocument) => {
      const out: Record<string, unknown> = { ...x };
      for (const s of SECTIONS) if (!V2_SECTIONS.includes(s)) out[s] = [];
      out.workspace = { ...x.workspace, capacityUnit: "-", pointsPerPersonMonth: 0 };
      out.jobs = x.jobs.filter((j) => !/^(signoff|source)\./.test(j.kind));
      return out as ExportDocument;
    };
    expect(byMeaning(strip(again))).toEqual(byMeaning(strip(d)));
  }, 120_000); // a whole workspace imported and exported: seconds idle, tens of seconds under load
});

describe("a version-3 file (written before roadmap sign-off)", () => {
  it("imports exactly what it has: no sign-offs, no version is a baseline", async () => {
    const d = JSON.parse(text) as ExportDocument;
    const v3: Record<string, unknown> = { ...d, formatVersion: 3 };
    for (const s of SECTIONS) if (!V3_SECTIONS.includes(s)) delete v3[s];
    v3.roadmapVersions = d.roadmapVersions.map(({ approvedAt: _a, signoffId: _s, ...v }) => v);
    const parsed = parseExportText(JSON.stringify(v3));
    expect(parsed.formatVersion).toBe(3);
    // A key of version 4 in a version-3 file is refused like any unknown key.
    expect(() => parseExportText(JSON.stringify({ ...v3, signoffs: [] }))).toThrow(/invalid: 1 problem/);
    expect(() => parseExportText(JSON.stringify({ ...v3, roadmapVersions: d.roadmapVersions }))).toThrow(
      /invalid: \d+ problems?/,
    );
    // The open request's jobs name a sign-off the file does not have (a poll job, a source): they go with it.
    v3.jobs = d.jobs.filter((j) => !/^(signoff|source)\./.test(j.kind));
    const result = await importWorkspace(dst.db, v3, { slug: "from-v3" });
    expect(result.rows).toMatchObject({ signoffs: 0, roadmapVersions: d.roadmapVersions.length });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect(again.formatVersion).toBe(8);
    expect(again.signoffs).toEqual([]);
    expect(again.roadmapVersions.every((v) => v.approvedAt === null && v.signoffId === null)).toBe(true);
    const strip = (x: ExportDocument) => {
      const out: Record<string, unknown> = { ...x };
      for (const s of SECTIONS) if (!V3_SECTIONS.includes(s)) out[s] = [];
      out.roadmapVersions = x.roadmapVersions.map((v) => ({ ...v, approvedAt: null, signoffId: null }));
      out.jobs = x.jobs.filter((j) => !/^(signoff|source)\./.test(j.kind));
      return out as ExportDocument;
    };
    expect(byMeaning(strip(again))).toEqual(byMeaning(strip(d)));
  }, 120_000); // a whole workspace imported and exported: seconds idle, tens of seconds under load
});

describe("sign-off references that point nowhere", () => {
  it("are refused with the path of each, and nothing is written", async () => {
    const nowhere = "0190a0a0-0000-4000-8000-000000000000";
    const d = JSON.parse(text);
    const before = await countAll(dst.db);
    // A request of the fixture's roadmap pointed at a version of another roadmap (the demo has its own requests).
    const target = d.signoffs.findIndex(
      (s: { roadmapId: string }) => s.roadmapId === signoffFixture.roadmapId,
    );
    const other = d.roadmapVersions.find(
      (v: { roadmapId: string }) => v.roadmapId !== signoffFixture.roadmapId,
    );
    d.signoffs[target].versionId = other.id;
    d.signoffApprovers[0].userId = nowhere;
    d.signoffEvents[1].seq = d.signoffEvents[0].seq;
    d.signoffComments[0].signoffId = nowhere;
    const openOne = d.signoffs.find((s: { status: string }) => s.status === "open");
    d.signoffs.push({ ...openOne, id: "0190a0a0-0000-4000-8000-0000000000b1" });
    const open = d.signoffs.length - 1;
    const e = await importWorkspace(dst.db, d, { slug: "never-signed" }).then(
      () => null,
      (err: AppError) => err,
    );
    expect(e?.message).toMatch(/inconsistent/);
    expect(e?.fields).toMatchObject({
      [`signoffs[${target}].versionId`]: expect.stringMatching(/is a version of another roadmap/),
      "signoffApprovers[0].userId": expect.stringMatching(/is not a user/),
      "signoffEvents[1]": expect.stringMatching(/duplicate/),
      "signoffComments[0].signoffId": expect.stringMatching(/is not a sign-off/),
      [`signoffs[${open}].status`]: expect.stringMatching(/second open request/),
    });
    expect(await countAll(dst.db)).toEqual(before);
  });
});

describe("a version-4 file (written before customers and feedback)", () => {
  it("imports exactly what it has: no companies, people or feedback", async () => {
    const d = JSON.parse(text) as ExportDocument;
    const v4: Record<string, unknown> = { ...d, formatVersion: 4 };
    for (const s of SECTIONS) if (!V4_SECTIONS.includes(s)) delete v4[s];
    // Poll jobs name a source the file cannot have.
    v4.jobs = d.jobs.filter((j) => !j.kind.startsWith("source."));
    const parsed = parseExportText(JSON.stringify(v4));
    expect(parsed.formatVersion).toBe(4);
    // A key of version 5 in a version-4 file is refused like any unknown key.
    expect(() => parseExportText(JSON.stringify({ ...v4, companies: [] }))).toThrow(/invalid: 1 problem/);
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v4" });
    expect(result.rows).toMatchObject({ companies: 0, feedbackItems: 0, ideas: d.ideas.length });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect(again.formatVersion).toBe(8);
    expect([again.companies, again.people, again.feedbackItems, again.feedbackLinks]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    const strip = (x: ExportDocument) => {
      const out: Record<string, unknown> = { ...x };
      for (const s of SECTIONS) if (!V4_SECTIONS.includes(s)) out[s] = [];
      out.jobs = x.jobs.filter((j) => !j.kind.startsWith("source."));
      return out as ExportDocument;
    };
    expect(byMeaning(strip(again))).toEqual(byMeaning(strip(d)));
  }, 120_000); // a whole workspace imported and exported: seconds idle, tens of seconds under load
});

describe("a version-5 file (written before score counting and score history)", () => {
  it("imports with every product replacing and no score history; their references are checked", async () => {
    const d = JSON.parse(text) as ExportDocument;
    // The fixture has a combining product and history rows of closes, factor changes and a merge.
    expect(d.scoreSettings).toMatchObject([{ mode: "combine", halfLifeRounds: 1.5, version: 1 }]);
    expect(new Set(d.ideaScoreHistory.map((h) => h.cause))).toEqual(new Set(["round", "factors", "merge"]));
    const v5: Record<string, unknown> = { ...d, formatVersion: 5 };
    for (const s of SECTIONS) if (!V5_SECTIONS.includes(s)) delete v5[s];
    const parsed = parseExportText(JSON.stringify(v5));
    expect(parsed.formatVersion).toBe(5);
    expect(() => parseExportText(JSON.stringify({ ...v5, scoreSettings: [] }))).toThrow(/invalid: 1 problem/);
    const bad = JSON.parse(text) as ExportDocument;
    bad.scoreSettings[0].productId = "0190a0a0-0000-4000-8000-000000000000";
    bad.ideaScoreHistory[0].ideaId = "0190a0a0-0000-4000-8000-000000000000";
    expect(() => parseExportText(JSON.stringify(bad))).toThrow(/inconsistent/);
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v5" });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect([again.formatVersion, again.scoreSettings, again.ideaScoreHistory]).toEqual([8, [], []]);
  }, 120_000);
});

describe("a version-6 file (written before competitors)", () => {
  it("imports exactly what it has: no competitors; competitor references are checked in version 7", async () => {
    const d = JSON.parse(text) as ExportDocument;
    const v6: Record<string, unknown> = { ...d, formatVersion: 6 };
    for (const s of SECTIONS) if (!V6_SECTIONS.includes(s)) delete v6[s];
    const parsed = parseExportText(JSON.stringify(v6));
    expect(parsed.formatVersion).toBe(6);
    // A version-6 file with a version-7 section is refused (strict shape).
    expect(() => parseExportText(JSON.stringify({ ...v6, competitors: [] }))).toThrow(/invalid: 1 problem/);
    const nowhere = "0190a0a0-0000-4000-8000-000000000000";
    const bad = JSON.parse(text) as ExportDocument;
    bad.competitorChanges[0].monitorId = nowhere;
    bad.capabilityCells[0].competitorId = nowhere;
    bad.pricingPlans.push({ ...bad.pricingPlans[0], id: "0190a0a0-0000-4000-8000-0000000000d1" });
    let fields: Record<string, string> = {};
    try {
      parseExportText(JSON.stringify(bad));
    } catch (e) {
      fields = (e as { fields?: Record<string, string> }).fields ?? {};
    }
    expect(fields).toMatchObject({
      "competitorChanges[0].monitorId": expect.stringMatching(/monitored source/),
      "capabilityCells[0].competitorId": expect.stringMatching(/competitor/),
      [`pricingPlans[${bad.pricingPlans.length - 1}]`]: expect.stringMatching(/duplicate/),
    });
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v6" });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect([again.formatVersion, again.competitors, again.capabilities]).toEqual([8, [], []]);
  }, 120_000);
});

describe("holiday calendars (format 8)", () => {
  it("travel with their holidays and teams' calendars; a version-7 file imports with none", async () => {
    const f = holidayFixture;
    expect(doc1.holidayCalendars.map((c) => [c.id, c.isDefault])).toEqual(
      expect.arrayContaining([
        [f.homeId, true],
        [f.awayId, false],
      ]),
    );
    expect(doc1.holidays.map((h) => h.name)).toEqual(
      expect.arrayContaining([HOLIDAY_WEIRD, "St Patrick's Day"]),
    );
    expect(doc1.holidays.filter((h) => h.uid === "stpatrick@example.test").length).toBeGreaterThan(1);
    expect(doc1.teamHolidayCalendars).toEqual([
      expect.objectContaining({ teamId: f.teamId, calendarId: f.awayId }),
    ]);
    const bad = JSON.parse(text) as ExportDocument;
    bad.holidays[0].calendarId = "0190a0a0-0000-4000-8000-000000000000";
    bad.holidayCalendars.push({ ...bad.holidayCalendars[0], id: "0190a0a0-0000-4000-8000-0000000000e1" });
    let fields: Record<string, string> = {};
    try {
      parseExportText(JSON.stringify(bad));
    } catch (e) {
      fields = (e as { fields?: Record<string, string> }).fields ?? {};
    }
    expect(fields).toMatchObject({
      "holidays[0].calendarId": expect.stringMatching(/is not a holiday calendar/),
      [`holidayCalendars[${bad.holidayCalendars.length - 1}]`]: expect.stringMatching(/duplicate/),
    });
    const v7: Record<string, unknown> = { ...(JSON.parse(text) as ExportDocument), formatVersion: 7 };
    for (const s of SECTIONS) if (!V7_SECTIONS.includes(s)) delete v7[s];
    const parsed = parseExportText(JSON.stringify(v7));
    expect(parsed.formatVersion).toBe(7);
    expect(() => parseExportText(JSON.stringify({ ...v7, holidays: [] }))).toThrow(/invalid: 1 problem/);
    const result = await importWorkspace(dst.db, parsed, { slug: "from-v7" });
    const again = await exportWorkspace(dst.db, result.workspace.id);
    expect([again.formatVersion, again.holidayCalendars, again.holidays]).toEqual([8, [], []]);
  }, 120_000);
});

describe("feedback references that point nowhere, and keys the database keeps unique", () => {
  it("are refused with the path of each, and nothing is written", async () => {
    const nowhere = "0190a0a0-0000-4000-8000-000000000000";
    const d = JSON.parse(text) as ExportDocument;
    const before = await countAll(dst.db);
    d.people[0].companyId = nowhere;
    d.feedbackItems[0].personId = nowhere;
    d.feedbackItems[1].assigneeId = nowhere;
    d.feedbackLinks[0].ideaId = nowhere;
    d.feedbackLinks[1].itemId = nowhere;
    // Rows of one transaction share their time: find the keyed ones rather than trust their place.
    const withEmail = d.people.find((p) => p.email !== null)!;
    const keyed = d.feedbackItems.find((f) => f.externalId !== null)!;
    d.people.push({ ...withEmail, id: "0190a0a0-0000-4000-8000-0000000000c1", externalId: null });
    d.feedbackItems.push({ ...keyed, id: "0190a0a0-0000-4000-8000-0000000000c2" });
    const e = await importWorkspace(dst.db, d, { slug: "never-heard" }).then(
      () => null,
      (err: AppError) => err,
    );
    const people = d.people.length - 1;
    const items = d.feedbackItems.length - 1;
    expect(e?.message).toMatch(/inconsistent/);
    expect(e?.fields).toMatchObject({
      "people[0].companyId": expect.stringMatching(/is not a company/),
      "feedbackItems[0].personId": expect.stringMatching(/is not a person/),
      "feedbackItems[1].assigneeId": expect.stringMatching(/is not a user/),
      "feedbackLinks[0].ideaId": expect.stringMatching(/is not an idea/),
      "feedbackLinks[1].itemId": expect.stringMatching(/is not a feedback item/),
      [`people[${people}]`]: expect.stringMatching(/duplicate of an earlier row \(e-mail /),
      [`feedbackItems[${items}]`]: expect.stringMatching(/duplicate/),
    });
    expect(await countAll(dst.db)).toEqual(before);
  });
});
