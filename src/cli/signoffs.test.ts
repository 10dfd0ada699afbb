import { describe, expect, it } from "vitest";
import type { WorkspaceContext } from "../server/context.ts";
import type { Database } from "../server/db/client.ts";
import { systemClock } from "../server/lib/clock.ts";
import { createUser } from "../server/modules/auth/auth.service.ts";
import { addMember } from "../server/modules/members/members.service.ts";
import { createProduct } from "../server/modules/products/products.service.ts";
import { createItem } from "../server/modules/roadmaps/items.service.ts";
import { createRoadmap } from "../server/modules/roadmaps/roadmaps.service.ts";
import { createSignoff, decide } from "../server/modules/signoffs/signoffs.service.ts";
import { createWorkspace } from "../server/modules/workspaces/workspaces.service.ts";
import { CreateRoadmapItemSchema, CreateRoadmapSchema } from "../shared/roadmap.schemas.ts";
import { CreateSignoffSchema, DecideSchema } from "../shared/signoff.schemas.ts";
import { cliScratch, runBaton } from "./test-helpers.ts";

/** `baton signoffs list` through the real binary: one request, approved by one of two required approvers. */
const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
let signoffId = "";

async function setup(database: Database) {
  const db = database.db;
  const pm = await createUser(db, { email: "pm@example.test", name: "Pat PM", password: "long-enough-pw" });
  const ws = await createWorkspace(db, { userId: pm.id, via: "cli" }, { name: "Acme" });
  const ctx: WorkspaceContext = { workspaceId: ws.id, userId: pm.id, via: "cli", role: "owner" };
  const people: { id: string }[] = [];
  for (const name of ["Ana", "Ben"]) {
    const u = await createUser(db, { email: `${name}@example.test`, name, password: "long-enough-pw" });
    await addMember(db, ws.id, ctx, u.id, "stakeholder");
    people.push(u);
  }
  const product = await createProduct(db, ctx, {
    name: "App",
    description: "",
    stage: "growth",
    managerId: null,
  });
  const roadmap = await db.transaction((tx) =>
    createRoadmap(
      tx,
      ctx,
      CreateRoadmapSchema.parse({
        productId: product.id,
        name: "2027 plan",
        periodKind: "quarter",
        startMonth: "2027-01",
        horizon: 4,
      }),
    ),
  );
  await db.transaction((tx) =>
    createItem(tx, ctx, roadmap.id, CreateRoadmapItemSchema.parse({ title: "Offline mode" })),
  );
  const mail = { clock: systemClock, publicUrl: "http://baton.test" };
  const s = await db.transaction((tx) =>
    createSignoff(
      tx,
      ctx,
      roadmap.id,
      CreateSignoffSchema.parse({
        approvers: people.map((p) => ({ userId: p.id })),
        deadline,
        overrideReason: "Estimates pending",
      }),
      mail,
    ),
  );
  signoffId = s.id;
  await db.transaction((tx) =>
    decide(
      tx,
      { ...ctx, userId: people[0].id, role: "stakeholder" },
      s.id,
      DecideSchema.parse({ versionId: s.versionId, decision: "approved" }),
      mail,
    ),
  );
}

const cli = cliScratch("baton-cli-signoffs-", setup);

describe("baton signoffs list", () => {
  it("shows each request's status, required approvals and who is still missing", async () => {
    const csv = await runBaton(cli.env, ["signoffs", "list", "--format", "csv"]);
    expect(csv.stderr).toBe("");
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split("\n")).toEqual([
      "roadmap,version,status,deadline,requiredApproved,waitingFor,id",
      `2027 plan,v1 (round 1),open,${deadline},1/2,Ben: Pending,${signoffId}`,
    ]);
    const bad = await runBaton(cli.env, ["signoffs", "list", "--status", "done"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--status/);
  }, 90_000);
});
