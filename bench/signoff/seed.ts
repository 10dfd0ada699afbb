// The sign-off dataset, built in a child process before the server starts (`node --import tsx
// bench/signoff/seed.ts`, database from BATON_DATA_DIR or DATABASE_URL; the ids go as JSON to
// $BENCH_SIGNOFF_SEED_OUT; BENCH_SIGNOFF_SCALE='{"approvers":100,…}' scales it down).
//
// Workspace A (notifying approvers): the owner and 500 stakeholders, a product and a quarterly roadmap of
// 12 items. The stakeholders' users and memberships are inserted in bulk with one shared password hash
// (creating them one by one hashes each password with scrypt, and accepting 500 invitations takes minutes).
// Workspace B (the approver's page): the owner, 18 members, 6 teams (leads at 100 %, 3–5 members), a product,
// a quarterly roadmap of 1,000 items over 4 quarters with efforts of 1–5 person-days on 1–3 teams (items,
// efforts and "created" change records in bulk by bench/lib/seed.ts's insertItems, as bench/roadmap/seed.ts).
// Then, through the services the routes call: a sign-off with one approver (a team lead), approved (version 1
// becomes the baseline); 100 items changed (moved a quarter, effort changed, or renamed; with "updated"/"moved"
// change records and reasons); and a new sign-off of the roadmap as it is then (version 2), to that approver
// and two others.
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import type { WorkspaceContext } from "../../src/server/context.ts";
import type { Db } from "../../src/server/db/client.ts";
import { rawRows } from "../../src/server/db/hot.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import { roadmapChanges, roadmapItemEfforts } from "../../src/server/db/schema.roadmap.ts";
import { memberships, users } from "../../src/server/db/schema.ts";
import { systemClock } from "../../src/server/lib/clock.ts";
import { hashPassword } from "../../src/server/lib/crypto.ts";
import { createUser } from "../../src/server/modules/auth/auth.service.ts";
import { seededRandom } from "../../src/server/modules/planner/planner.fixtures.ts";
import { createProduct } from "../../src/server/modules/products/products.service.ts";
import { createRoadmap } from "../../src/server/modules/roadmaps/roadmaps.service.ts";
import { createSignoff, decide } from "../../src/server/modules/signoffs/signoffs.service.ts";
import { createTeam, putTeamMember } from "../../src/server/modules/teams/teams.service.ts";
import { createToken } from "../../src/server/modules/tokens/tokens.service.ts";
import { createWorkspace } from "../../src/server/modules/workspaces/workspaces.service.ts";
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
import { FULL_SCALE, type SignoffScale, type SignoffSeed } from "./types.ts";

const PASSWORD = "correct horse battery staple";
const DISCIPLINES = ["engineering", "design", "qa", "marketing", "support", "operations"] as const;
const THEMES = ["Onboarding", "Billing", "Mobile", "Reporting", "Integrations", "Security"];
const VERBS = ["Redesign", "Automate", "Speed up", "Simplify", "Launch", "Harden", "Localize"];
const NOUNS = [
  "invoice export",
  "team dashboard",
  "sign-up flow",
  "audit trail",
  "search filters",
  "usage reports",
];

const REASON = "Seeded by the sign-off benchmark";

/** An initiative with no idea, description, target date or links; themes in turn. */
const initiative = (
  i: number,
  s: Omit<ItemSpec, "kind" | "ideaId" | "description" | "theme" | "targetDate" | "pinned" | "links">,
): ItemSpec => ({
  kind: "initiative",
  ideaId: null,
  description: "",
  theme: THEMES[i % THEMES.length],
  targetDate: null,
  pinned: false,
  links: [],
  ...s,
});

/** Users and memberships in bulk, all with one password hash (scrypt once). */
async function bulkMembers(
  db: Db,
  workspaceId: string,
  hash: string,
  people: { email: string; name: string }[],
  role: string,
) {
  const ids: string[] = [];
  await insertChunks(
    people.map((p) => ({ email: p.email, name: p.name, passwordHash: hash })),
    async (c) => {
      const rows = await db.insert(users).values(c).returning({ id: users.id });
      ids.push(...rows.map((r) => r.id));
    },
  );
  await insertChunks(
    ids.map((userId) => ({ workspaceId, userId, role })),
    (c) => db.insert(memberships).values(c),
  );
  return ids;
}

async function main() {
  const scale = scaleFromEnv<SignoffScale>("BENCH_SIGNOFF_SCALE", FULL_SCALE);
  const { phasesMs, phase } = phaseTimer();
  const rnd = seededRandom(11);
  const { int, pick } = randomTools(rnd);
  const thisQuarter = quarterStart(systemClock.now().toISOString().slice(0, 10));
  const quarters = [0, 1, 2, 3].map((q) => addMonths(thisQuarter, q * 3));
  // Links in mail queued while seeding point nowhere useful; the server's own mail uses its BATON_PUBLIC_URL.
  const mail = { clock: systemClock, publicUrl: "http://127.0.0.1" };
  const deadline = new Date(systemClock.now().getTime() + 3 * 86_400_000).toISOString();

  const database = await openConfiguredDatabase(loadConfig());
  try {
    await migrate(database);
    const db = database.db;
    phase("open+migrate");
    const owner = await createUser(db, {
      email: "owner@bench.example",
      name: "Bench Owner",
      password: PASSWORD,
      isInstanceAdmin: true,
    });
    const hash = await hashPassword(PASSWORD);
    const workspace = async (name: string) => {
      const ws = await db.transaction((tx) =>
        createWorkspace(tx, { userId: owner.id, via: "cli" }, { name }),
      );
      const ctx: WorkspaceContext = { workspaceId: ws.id, userId: owner.id, role: "owner", via: "cli" };
      const product = await db.transaction((tx) =>
        createProduct(tx, ctx, {
          name: `${name} product`,
          description: "The product the sign-off benchmark's roadmap plans.",
          stage: "growth",
          managerId: owner.id,
        }),
      );
      return { ctx, product };
    };

    // ------------------------------------------------------------ workspace A: many approvers
    const A = await workspace("Approvers Inc");
    const stakeholders = Array.from({ length: scale.approvers }, (_, i) => ({
      email: `stakeholder${String(i).padStart(4, "0")}@bench.example`,
      name: `Stakeholder ${i}`,
    }));
    const approverIds = await bulkMembers(db, A.ctx.workspaceId, hash, stakeholders, "stakeholder");
    const ownerTokenA = (await createToken(db, systemClock, A.ctx, { name: "bench", expiresInDays: null }))
      .token;
    const rmA = await db.transaction((tx) =>
      createRoadmap(tx, A.ctx, {
        productId: A.product.id,
        name: "Company roadmap",
        description: "The roadmap 500 stakeholders sign off.",
        periodKind: "quarter",
        startMonth: thisQuarter,
        horizon: 4,
        laneBy: "team",
      }),
    );
    await insertItems(
      db,
      A.ctx,
      rmA.id,
      Array.from({ length: scale.notifyItems }, (_, i) =>
        initiative(i, {
          title: `${pick(VERBS)} ${pick(NOUNS)} #${i + 1}`,
          status: "planned",
          period: pick(quarters),
          problem: "",
          outcome: "",
          successMetric: "",
          successTarget: "",
          valueOverride: int(1, 100),
          efforts: [],
        }),
      ),
      REASON,
    );
    phase(`workspace A (${approverIds.length} stakeholders, ${scale.notifyItems} items)`);

    // ------------------------------------------------------------ workspace B: the approver's page
    const B = await workspace("Review Co");
    const people = await bulkMembers(
      db,
      B.ctx.workspaceId,
      hash,
      Array.from({ length: 18 }, (_, i) => ({
        email: `member${i}@bench.example`,
        name: `Member ${String(i).padStart(2, "0")}`,
      })),
      "contributor",
    );
    const teamIds: string[] = [];
    for (let tm = 0; tm < 6; tm++) {
      const team = await db.transaction((tx) =>
        createTeam(tx, B.ctx, {
          name: `${DISCIPLINES[tm][0].toUpperCase()}${DISCIPLINES[tm].slice(1)} squad`,
          discipline: DISCIPLINES[tm],
          description: "Cross-functional squad.",
          leadId: people[tm],
        }),
      );
      await db.transaction((tx) => putTeamMember(tx, B.ctx, team.id, people[tm], 100));
      for (let k = 0; k < 2 + (tm % 3); k++)
        await db.transaction((tx) =>
          putTeamMember(tx, B.ctx, team.id, people[6 + ((tm * 2 + k) % 12)], pick([50, 75, 100])),
        );
      teamIds.push(team.id);
    }
    // The approver leads team 0 and works a quarter of their time in team 1.
    const approver = people[0];
    await db.transaction((tx) => putTeamMember(tx, B.ctx, teamIds[1], approver, 25));
    const approverCtx: WorkspaceContext = {
      workspaceId: B.ctx.workspaceId,
      userId: approver,
      role: "contributor",
      via: "cli",
    };
    const approverToken = (
      await createToken(db, systemClock, approverCtx, { name: "bench", expiresInDays: null })
    ).token;
    const rmB = await db.transaction((tx) =>
      createRoadmap(tx, B.ctx, {
        productId: B.product.id,
        name: "Platform 12-month roadmap",
        description: "The roadmap whose approver's page the benchmark measures.",
        periodKind: "quarter",
        startMonth: thisQuarter,
        horizon: 4,
        laneBy: "team",
      }),
    );
    const specs: ItemSpec[] = Array.from({ length: scale.reviewItems }, (_, i) => {
      const r = rnd();
      const status = r < 0.6 ? "planned" : r < 0.8 ? "candidate" : r < 0.92 ? "in_progress" : "done";
      const spelled = rnd() < 0.6;
      return initiative(i, {
        title: `${pick(VERBS)} ${pick(NOUNS)} #${i + 1}`,
        status,
        period: status === "candidate" ? null : status === "planned" ? pick(quarters) : quarters[0],
        problem: spelled ? "Admins spend hours every month reconciling exports by hand." : "",
        outcome: spelled ? "Admins finish the reconciliation in minutes." : "",
        successMetric: spelled ? "Weekly active admins" : "",
        successTarget: spelled ? `+${int(5, 30)} % by the end of the quarter` : "",
        valueOverride: int(1, 100),
        efforts:
          rnd() < 0.05
            ? []
            : [...teamIds]
                .sort(() => rnd() - 0.5)
                .slice(0, rnd() < 0.5 ? 1 : rnd() < 0.7 ? 2 : 3)
                .map((teamId) => ({ teamId, effort: int(1, 5) })),
      });
    });
    const itemIds = await insertItems(db, B.ctx, rmB.id, specs, REASON);
    phase(`workspace B (${people.length + 1} members, 6 teams, ${itemIds.length} items)`);

    // Baseline: one approver, approved.
    const first = await db.transaction((tx) =>
      createSignoff(
        tx,
        B.ctx,
        rmB.id,
        {
          approvers: [{ userId: approver }],
          deadline,
          message: "",
          reminders: [48, 4],
          overrideReason: "Benchmark data",
        },
        mail,
      ),
    );
    await db.transaction((tx) =>
      decide(
        tx,
        approverCtx,
        first.id,
        { versionId: first.versionId, decision: "approved", comment: "", itemComments: [] },
        mail,
      ),
    );
    phase("baseline: sign-off requested and approved");

    // ~100 changes since the baseline: a third moved a quarter, a third with other efforts, a third renamed.
    // Change records are written a second later, inside the window the diff reads reasons from.
    await new Promise((r) => setTimeout(r, 1100));
    const changed = { moved: 0, effort: 0, title: 0 };
    const plannedIdx = specs.map((s, i) => (s.status === "planned" ? i : -1)).filter((i) => i >= 0);
    const chosen = [...plannedIdx].sort(() => rnd() - 0.5).slice(0, scale.changedItems);
    // An UPDATE of the item (`set` before updated_at, with $2… from `params`) and its change record.
    const change = async (
      id: string,
      set: string,
      params: unknown[],
      action: string,
      changes: Record<string, unknown>,
      reason: string,
    ) => {
      await rawRows(
        db,
        `UPDATE roadmap_items SET ${set}updated_at = now(), version = version + 1 WHERE id = $1`,
        [id, ...params],
      );
      await db.insert(roadmapChanges).values({
        workspaceId: B.ctx.workspaceId,
        roadmapId: rmB.id,
        itemId: id,
        actorId: owner.id,
        action,
        changes,
        reason,
      });
    };
    for (const [k, i] of chosen.entries()) {
      const id = itemIds[i];
      const s = specs[i];
      const what = k % 3;
      if (what === 0) {
        const to = quarters[(quarters.indexOf(s.period as string) + 1) % 4];
        await change(
          id,
          "period = $2, ",
          [to],
          "moved",
          { period: [s.period, to] },
          "Moved after the capacity review",
        );
        changed.moved++;
      } else if (what === 1) {
        const team = s.efforts[0]?.teamId ?? teamIds[0];
        await rawRows(db, "DELETE FROM roadmap_item_efforts WHERE item_id = $1", [id]);
        await db
          .insert(roadmapItemEfforts)
          .values({ workspaceId: B.ctx.workspaceId, itemId: id, teamId: team, effort: int(6, 10) });
        const efforts = [s.efforts, [{ teamId: team }]];
        await change(id, "", [], "updated", { efforts }, "Re-estimated with the team");
        changed.effort++;
      } else {
        const title = [s.title, `${s.title} (v2)`];
        await change(id, "title = title || ' (v2)', ", [], "updated", { title }, "Clearer title");
        changed.title++;
      }
    }
    await rawRows(db, "UPDATE workspaces SET plan_rev = plan_rev + 1 WHERE id = $1", [B.ctx.workspaceId]);
    phase(`changed ${chosen.length} items`);
    const second = await db.transaction((tx) =>
      createSignoff(
        tx,
        B.ctx,
        rmB.id,
        {
          approvers: [{ userId: approver }, { teamId: teamIds[2] }, { userId: people[10], required: false }],
          deadline,
          message: "Second round: 100 items changed since the baseline.",
          reminders: [48, 4],
          overrideReason: "Benchmark data",
        },
        mail,
      ),
    );
    phase("second sign-off requested");
    const [{ n: queued }] = await rawRows<{ n: number }>(db, "SELECT count(*)::int AS n FROM outbox", []);

    const result: SignoffSeed = {
      notify: {
        workspaceId: A.ctx.workspaceId,
        token: ownerTokenA,
        roadmapId: rmA.id,
        roadmapName: "Company roadmap",
        approverIds,
        approverEmails: stakeholders.map((s) => s.email),
        items: scale.notifyItems,
      },
      review: {
        workspaceId: B.ctx.workspaceId,
        approverToken,
        roadmapId: rmB.id,
        signoffId: second.id,
        baselineVersion: first.versionNumber,
        version: second.versionNumber,
        items: itemIds.length,
        changed,
        teams: teamIds.length,
        members: people.length + 1,
        approvers: second.approvers.length,
      },
      queuedMails: queued,
      phasesMs,
    };
    if (process.env.BENCH_SIGNOFF_SEED_OUT)
      writeFileSync(process.env.BENCH_SIGNOFF_SEED_OUT, JSON.stringify(result));
    console.log(`SEEDED ${approverIds.length} approvers in A, ${itemIds.length} items in B`);
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
