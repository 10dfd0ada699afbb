import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competitorProducts, competitors } from "../../db/schema.competitors.ts";
import { DAY } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { ExportFactorSchema } from "../transfer/transfer.schema.ts";

/**
 * Computed factors (docs/SCORING.md "Computed factors"): a customer demand factor and a competitor coverage
 * factor sit next to a rated one; linking feedback or changing matrix cells re-scores the idea in the same
 * request, to the hand-computed value, and back when undone.
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

type Kind = "rated" | "customer_demand" | "competitor_coverage";
const factor = (name: string, weight: number, kind: Kind) => ({ name, weight, direction: "benefit", kind });

/** A product whose own set is Impact (rated, weight 3) and `computed` (weight 1); idea A rated Impact 4, B unrated. */
async function product(name: string, computed: Kind) {
  const pid = (await pm.ok("POST", `${w}/products`, { name }, 201)).id as string;
  await pm.ok("PUT", `${w}/factors`, {
    productId: pid,
    factors: [factor("Impact", 3, "rated"), factor("Computed", 1, computed)],
  });
  const a = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: `${name} A` }, 201)).id as string;
  const b = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: `${name} B` }, 201)).id as string;
  const voter = await addUser(pm, "stakeholder", pm.wid, `${name} voter`);
  const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
  const round = await pm.ok(
    "POST",
    `${w}/rounds`,
    { productId: pid, name: `${name} round`, ideaIds: [a], voterIds: [voter.userId], deadline },
    201,
  );
  // Voters see (and are counted on) the rated factor only; the computed one cannot be rated.
  expect(round.factors.map((f: { name: string }) => f.name)).toEqual(["Impact"]);
  const set = await pm.ok("GET", `${w}/factors?productId=${pid}`);
  const computedId = set.factors.find((f: { kind: string }) => f.kind === computed).id;
  const bad = await voter.put(`${w}/rounds/${round.id}/ratings`, {
    ratings: [{ ideaId: a, factorId: computedId, value: 5 }],
  });
  expect(bad.statusCode).toBe(400);
  const impact = round.factors[0].id;
  const saved = await voter.ok("PUT", `${w}/rounds/${round.id}/ratings`, {
    ratings: [{ ideaId: a, factorId: impact, value: 4 }],
  });
  expect(saved.progress).toEqual({ done: 1, total: 1 });
  await pm.ok("POST", `${w}/rounds/${round.id}/close`);
  return { pid, a, b };
}

const scoreOf = async (ideaId: string) =>
  (
    await t.database.db.execute<{ score: number | null }>(
      sql`SELECT score_weighted AS score FROM idea_scores WHERE workspace_id = ${pm.wid} AND idea_id = ${ideaId}`,
    )
  ).rows[0].score;
const lastCause = async (ideaId: string) =>
  (
    await t.database.db.execute<{ cause: string }>(
      sql`SELECT cause FROM idea_score_history WHERE workspace_id = ${pm.wid} AND idea_id = ${ideaId}
          ORDER BY at DESC, id DESC LIMIT 1`,
    )
  ).rows[0]?.cause;

describe("computed factors", () => {
  it("validates kinds: at most one factor of each computed kind per set; old bodies default to rated", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Kinds" }, 201)).id;
    const two = await pm.put(`${w}/factors`, {
      productId: pid,
      factors: [factor("D1", 1, "customer_demand"), factor("D2", 1, "customer_demand")],
    });
    expect(two.statusCode).toBe(400);
    const bogus = await pm.put(`${w}/factors`, {
      productId: pid,
      factors: [{ ...factor("X", 1, "rated"), kind: "magic" }],
    });
    expect(bogus.statusCode).toBe(400);
    const set = await pm.ok("PUT", `${w}/factors`, {
      productId: pid,
      factors: [
        { name: "Plain", weight: 1, direction: "benefit" },
        factor("Demand", 1, "customer_demand"),
        factor("Coverage", 1, "competitor_coverage"),
      ],
    });
    expect(set.factors.map((f: { kind: string }) => f.kind)).toEqual([
      "rated",
      "customer_demand",
      "competitor_coverage",
    ]);
  });

  it("customer demand: linking feedback re-scores the idea as computed by hand; unlinking goes back", async () => {
    const { a, b } = await product("Demand", "customer_demand");
    // No evidence: demand 0 → the scale's min 1 → normalized 0. 100 × (3 × 0.75 + 1 × 0) / 4 = 56.25.
    expect(await scoreOf(a)).toBeCloseTo(56.25, 9);
    expect(await scoreOf(b)).toBeNull();
    const big = await pm.ok("POST", `${w}/companies`, { name: "BigCo", arr: 999000, currency: "EUR" }, 201);
    const ann = (
      await pm.ok("POST", `${w}/people`, { name: "Ann", email: "ann@bigco.test", companyId: big.id }, 201)
    ).id;
    const item = (
      await pm.ok("POST", `${w}/feedback`, { text: "We need this", author: { personId: ann } }, 201)
    ).id;
    const link = await pm.ok(
      "POST",
      `${w}/feedback/${item}/links`,
      { ideaId: a, importance: "critical" },
      201,
    );
    // raw = 3 × (1 + log10(1 + 999)) = 12; demand = 10 × (1 − e^−1.2) = 6.99; on 1–5: 1 + 4 × 0.699 = 3.80 (3.796
    // rounded); normalized (3.8 − 1) / 4 = 0.7; score 100 × (2.25 + 0.7) / 4 = 73.75.
    expect(await scoreOf(a)).toBeCloseTo(73.75, 9);
    expect(await lastCause(a)).toBe("evidence");
    const why = await pm.ok("GET", `${w}/ideas/${a}/score`);
    expect(why.computed).toEqual([
      expect.objectContaining({
        kind: "customer_demand",
        value: 3.8,
        source: "Customer demand 6.99 → 3.8 on 1–5: 1 customer, 999k ARR",
      }),
    ]);
    expect(why.weighted.score).toBeCloseTo(73.75, 9);
    // A viewer without customers.revenue sees no ARR.
    const viewer = await addUser(pm, "viewer", pm.wid, "Vi Viewer");
    expect((await viewer.ok("GET", `${w}/ideas/${a}/score`)).computed[0].source).toBe(
      "Customer demand 6.99 → 3.8 on 1–5: 1 customer",
    );
    // The company's ARR drops to 9,000: raw = 3 × (1 + log10(10)) = 6; demand = 10 × (1 − e^−0.6) = 4.51;
    // 1 + 4 × 0.451 = 2.80 (2.804 rounded); normalized 0.45; score 100 × (2.25 + 0.45) / 4 = 67.5.
    const arr9k = await pm.ok("PATCH", `${w}/companies/${big.id}`, { arr: 9000, version: big.version });
    expect(await scoreOf(a)).toBeCloseTo(67.5, 9);
    await pm.ok("PATCH", `${w}/companies/${big.id}`, { arr: 999000, version: arr9k.version });
    expect(await scoreOf(a)).toBeCloseTo(73.75, 9);
    // Marked spam: no evidence left → 56.25; back to linked → 73.75.
    const cur = await pm.ok("GET", `${w}/feedback/${item}`);
    const spam = await pm.ok("PATCH", `${w}/feedback/${item}`, { status: "spam", version: cur.version });
    expect(await scoreOf(a)).toBeCloseTo(56.25, 9);
    await pm.ok("PATCH", `${w}/feedback/${item}`, { status: "linked", version: spam.version });
    expect(await scoreOf(a)).toBeCloseTo(73.75, 9);
    // Evidence on an idea nobody rated does not score it.
    await pm.ok("POST", `${w}/feedback/${item}/links`, { ideaId: b, importance: "critical" }, 201);
    expect(await scoreOf(b)).toBeNull();
    await pm.ok("DELETE", `${w}/feedback/${item}/links/${link.id}`, undefined, 204);
    expect(await scoreOf(a)).toBeCloseTo(56.25, 9);
  });

  it("competitor coverage: matrix cells re-score the idea as computed by hand", async () => {
    const { pid, a } = await product("Coverage", "competitor_coverage");
    const comp: string[] = [];
    for (const name of ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]) {
      const [c] = await t.database.db
        .insert(competitors)
        .values({ workspaceId: pm.wid, name, status: "active" })
        .returning({ id: competitors.id });
      await t.database.db
        .insert(competitorProducts)
        .values({ workspaceId: pm.wid, competitorId: c.id, productId: pid });
      comp.push(c.id);
    }
    // Competitors inserted directly (no re-score): the idea's score still says 0 of 0 → 1 → 56.25.
    expect(await scoreOf(a)).toBeCloseTo(56.25, 9);
    const row = await pm.ok("POST", `${w}/products/${pid}/matrix/rows`, { name: "SSO", ideaId: a }, 201);
    const cell = (i: number, status: string) =>
      pm.ok("PUT", `${w}/matrix/rows/${row.id}/cells/${comp[i]}`, { status });
    await cell(0, "has");
    await cell(1, "has");
    await cell(2, "partial");
    // 2.5 of 5 → 1 + 4 × 0.5 = 3 → normalized 0.5 → 100 × (2.25 + 0.5) / 4 = 68.75.
    expect(await scoreOf(a)).toBeCloseTo(68.75, 9);
    await cell(2, "has");
    // 3 of 5 → 3.4 → 0.6 → 100 × (2.25 + 0.6) / 4 = 71.25.
    expect(await scoreOf(a)).toBeCloseTo(71.25, 9);
    const why = await pm.ok("GET", `${w}/ideas/${a}/score`);
    expect(why.computed[0].source).toBe("Competitor coverage: 3 of 5 competitors → 3.4 on 1–5");
    await cell(0, "no");
    // 2 of 5 → 2.6 → 0.4 → 100 × (2.25 + 0.4) / 4 = 66.25.
    expect(await scoreOf(a)).toBeCloseTo(66.25, 9);
    expect(await lastCause(a)).toBe("evidence");
  });

  it("an export file written before factor kinds imports its factors as rated", () => {
    const old = {
      id: "00000000-0000-4000-8000-000000000001",
      productId: null,
      name: "Impact",
      description: "",
      weight: 3,
      direction: "benefit",
      scaleMin: 1,
      scaleMax: 5,
      labels: [],
      position: 0,
      archivedAt: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    };
    expect(ExportFactorSchema.parse(old).kind).toBe("rated");
    expect(ExportFactorSchema.parse({ ...old, kind: "customer_demand" }).kind).toBe("customer_demand");
  });

  it("a product without computed factors is not re-scored by evidence", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Plain" }, 201)).id;
    const idea = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Plain idea" }, 201)).id;
    const item = (await pm.ok("POST", `${w}/feedback`, { text: "plain" }, 201)).id;
    await pm.ok("POST", `${w}/feedback/${item}/links`, { ideaId: idea }, 201);
    expect(await lastCause(idea)).toBeUndefined();
  });
});
