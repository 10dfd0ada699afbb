import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { ExportProductSchema } from "../transfer/transfer.schema.ts";

/**
 * RICE reach from customer evidence (docs/SCORING.md "Other frameworks"): a product setting, off by default. When on,
 * an idea's RICE reach is the number of distinct voices in its evidence (a company, else a person, else an external
 * handle; spam excluded), not the entered reach, and evidence changes re-score it in the same request.
 */

let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(async () => {
  expect(t.conformance?.violations).toEqual([]);
  await t.close();
});

const scores = async (ideaId: string) =>
  (
    await t.database.db.execute<{ rice: number | null; score: number | null }>(
      sql`SELECT score_rice AS rice, score FROM idea_scores WHERE workspace_id = ${pm.wid} AND idea_id = ${ideaId}`,
    )
  ).rows[0];
const lastCause = async (ideaId: string) =>
  (
    await t.database.db.execute<{ cause: string }>(
      sql`SELECT cause FROM idea_score_history WHERE workspace_id = ${pm.wid} AND idea_id = ${ideaId}
          ORDER BY at DESC, id DESC LIMIT 1`,
    )
  ).rows[0]?.cause;

async function feedback(text: string, author: Record<string, string> = {}) {
  return (await pm.ok("POST", `${w}/feedback`, { text, author }, 201)).id as string;
}
async function person(name: string, companyId: string | null) {
  const email = `${name.toLowerCase()}@example.test`;
  return (await pm.ok("POST", `${w}/people`, { name, email, companyId }, 201)).id as string;
}
async function company(name: string) {
  return (await pm.ok("POST", `${w}/companies`, { name }, 201)).id as string;
}

describe("RICE reach from customer evidence", () => {
  it("replaces the entered reach by the evidence's distinct voices, follows the evidence, and goes back when off", async () => {
    const product = await pm.ok("POST", `${w}/products`, { name: "Reach" }, 201);
    const pid = product.id as string;
    expect(product.riceReachFromEvidence).toBe(false);
    const fw = await pm.ok("PUT", `${w}/products/${pid}/framework`, {
      version: product.version,
      framework: "rice",
    });
    expect(fw.framework).toBe("rice");
    const inputs = { reach: 100, impact: 2, confidence: 80, effort: 2 };
    const a = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Reach A", inputs }, 201))
      .id as string;
    // By hand: 100 × 2 × 0.8 ÷ 2 = 80.
    expect((await scores(a)).rice).toBeCloseTo(80, 9);

    // Four voices: Acme (two people, one voice), Beta, Dee without a company, an external handle.
    const acme = await company("Acme");
    const beta = await company("Beta");
    const items = [
      await feedback("ann", { personId: await person("Ann", acme) }),
      await feedback("bob", { personId: await person("Bob", acme) }),
      await feedback("cy", { personId: await person("Cy", beta) }),
      await feedback("dee", { personId: await person("Dee", null) }),
      await feedback("handle", { handle: "@someone" }),
    ];
    for (const item of items) await pm.ok("POST", `${w}/feedback/${item}/links`, { ideaId: a }, 201);
    // Off: evidence does not touch RICE.
    expect((await scores(a)).rice).toBeCloseTo(80, 9);
    expect(await lastCause(a)).not.toBe("evidence");

    // A viewer may not change the setting; a stale version is refused.
    const viewer = await addUser(pm, "viewer", pm.wid, "Vi Viewer");
    const current = await pm.ok("GET", `${w}/products/${pid}`);
    const denied = await viewer.patch(`${w}/products/${pid}`, {
      version: current.version,
      riceReachFromEvidence: true,
    });
    expect(denied.statusCode).toBe(403);
    const stale = await pm.patch(`${w}/products/${pid}`, {
      version: current.version - 1,
      riceReachFromEvidence: true,
    });
    expect(stale.statusCode).toBe(409);

    const on = await pm.ok("PATCH", `${w}/products/${pid}`, {
      version: current.version,
      riceReachFromEvidence: true,
    });
    expect(on.riceReachFromEvidence).toBe(true);
    // Reach 4 customers × 2 × 0.8 ÷ 2 = 3.2 (RICE is active, so the backlog score too).
    expect((await scores(a)).rice).toBeCloseTo(3.2, 9);
    expect((await scores(a)).score).toBeCloseTo(3.2, 9);
    const why = await pm.ok("GET", `${w}/ideas/${a}/score`);
    expect(why.riceReach).toEqual({
      reach: 4,
      enteredReach: 100,
      source: "reach 4 = distinct customers in the evidence",
    });
    expect(why.scores.rice).toBeCloseTo(3.2, 9);
    expect(why.inputs.reach).toBe(100); // the entered reach is kept, unused
    const audit = (
      await t.database.db.execute<{ action: string; after: unknown }>(
        sql`SELECT action, after FROM audit_events WHERE workspace_id = ${pm.wid} AND entity_id = ${pid}
            AND action = 'product.rice_reach'`,
      )
    ).rows;
    expect(audit).toEqual([{ action: "product.rice_reach", after: { riceReachFromEvidence: true } }]);

    // A fifth customer's feedback: 5 × 2 × 0.8 ÷ 2 = 4.0, in the same request.
    const eve = await feedback("eve", { personId: await person("Eve", await company("Gamma")) });
    await pm.ok("POST", `${w}/feedback/${eve}/links`, { ideaId: a }, 201);
    expect((await scores(a)).rice).toBeCloseTo(4, 9);
    expect(await lastCause(a)).toBe("evidence");
    // Marked spam: back to 4 voices → 3.2.
    const cur = await pm.ok("GET", `${w}/feedback/${eve}`);
    await pm.ok("PATCH", `${w}/feedback/${eve}`, { status: "spam", version: cur.version });
    expect((await scores(a)).rice).toBeCloseTo(3.2, 9);

    // Editing the entered reach does not change RICE while the setting is on; other inputs do.
    const idea = await pm.ok("GET", `${w}/ideas/${a}`);
    const edited = await pm.ok("PATCH", `${w}/ideas/${a}`, {
      version: idea.version,
      inputs: { reach: 50, effort: 4 },
    });
    // 4 × 2 × 0.8 ÷ 4 = 1.6.
    expect(edited.scores.rice).toBeCloseTo(1.6, 9);
    expect((await scores(a)).rice).toBeCloseTo(1.6, 9);
    await pm.ok("PATCH", `${w}/ideas/${a}`, { version: edited.version, inputs: { effort: 2 } });
    expect((await scores(a)).rice).toBeCloseTo(3.2, 9);

    // Off again: the entered reach (now 50) counts: 50 × 2 × 0.8 ÷ 2 = 40.
    const p2 = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: p2.version, riceReachFromEvidence: false });
    expect((await scores(a)).rice).toBeCloseTo(40, 9);
    expect((await scores(a)).score).toBeCloseTo(40, 9);
    expect((await pm.ok("GET", `${w}/ideas/${a}/score`)).riceReach).toBeNull();
  });

  it("a new idea without evidence has reach 0 while the setting is on", async () => {
    const product = await pm.ok("POST", `${w}/products`, { name: "Reach zero" }, 201);
    await pm.ok("PATCH", `${w}/products/${product.id}`, {
      version: product.version,
      riceReachFromEvidence: true,
    });
    const inputs = { reach: 100, impact: 2, confidence: 80, effort: 2 };
    const a = (await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Zero", inputs }, 201))
      .id as string;
    expect((await scores(a)).rice).toBe(0);
  });

  it("with a customer-demand factor too, a re-score reads the evidence once and RICE still follows it", async () => {
    const product = await pm.ok("POST", `${w}/products`, { name: "Reach and demand" }, 201);
    const pid = product.id as string;
    await pm.ok("PUT", `${w}/factors`, {
      productId: pid,
      factors: [
        { name: "Impact", weight: 3, direction: "benefit", kind: "rated" },
        { name: "Demand", weight: 1, direction: "benefit", kind: "customer_demand" },
      ],
    });
    let cur = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PUT", `${w}/products/${pid}/framework`, { version: cur.version, framework: "rice" });
    cur = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: cur.version, riceReachFromEvidence: true });
    const inputs = { reach: 100, impact: 2, confidence: 80, effort: 2 };
    const a = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Both", inputs }, 201))
      .id as string;
    for (const name of ["Fay", "Gus"]) {
      const item = await feedback(name, { personId: await person(name, await company(`${name} Co`)) });
      await pm.ok("POST", `${w}/feedback/${item}/links`, { ideaId: a }, 201);
    }
    // 2 voices × 2 × 0.8 ÷ 2 = 1.6, written by the evidence's re-score.
    expect((await scores(a)).rice).toBeCloseTo(1.6, 9);
    expect(await lastCause(a)).toBe("evidence");
  });

  it("an export file written before the setting imports its products with it off", () => {
    const old = {
      id: "00000000-0000-4000-8000-000000000001",
      name: "Old",
      description: "",
      stage: "idea",
      managerId: null,
      framework: "rice",
      nextIdeaNumber: 1,
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
      version: 1,
    };
    expect(ExportProductSchema.parse(old).riceReachFromEvidence).toBe(false);
    expect(ExportProductSchema.parse({ ...old, riceReachFromEvidence: true }).riceReachFromEvidence).toBe(
      true,
    );
  });
});
