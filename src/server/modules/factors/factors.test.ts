import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";

let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

type F = { id: string; name: string; weight: number; direction: string; labels: string[] };

describe("factors", () => {
  it("start as the four defaults with a label per scale point", async () => {
    const set = await pm.ok("GET", `${w}/factors`);
    expect(set.scope).toBe("workspace");
    expect(set.factors.map((f: F) => [f.name, f.direction, f.weight, f.labels.length])).toEqual([
      ["Business impact", "benefit", 3, 5],
      ["Customer happiness", "benefit", 3, 5],
      ["Operational ease", "benefit", 2, 5],
      ["Technical effort", "cost", 2, 5],
    ]);
    expect(set.factors[2].description).toMatch(/operations and support staff/);
  });

  it("refuse bad sets field by field and change nothing", async () => {
    const res = await pm.put(`${w}/factors`, {
      factors: [
        { name: "Value", weight: 0, direction: "benefit" },
        { name: "value", weight: 1, direction: "benefit" },
        { name: "Risk", weight: 1, direction: "sideways" },
        { name: "Scale", weight: 1, direction: "cost", scaleMin: 3, scaleMax: 2 },
        { name: "Labels", weight: 1, direction: "cost", labels: ["one", "two"] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual([
      "factors.0.weight",
      "factors.2.direction",
      "factors.3.scaleMax",
      "factors.4.labels",
    ]);
    const dup = await pm.put(`${w}/factors`, {
      factors: [
        { name: "Value", weight: 1, direction: "benefit" },
        { name: " value ", weight: 1, direction: "benefit" },
      ],
    });
    expect(errorOf(dup).fields).toHaveProperty(["factors.1.name"]);
    expect((await pm.ok("GET", `${w}/factors`)).factors).toHaveLength(4);
  });

  it("override per product, keep ratings of removed factors, and fall back to the defaults", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Override" }, 201)).id;
    const idea = await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Rated" }, 201);
    const voter = await addUser(pm, "stakeholder", pm.wid, "Vera Voter");
    const { factors } = await pm.ok("GET", `${w}/factors?productId=${pid}`);
    const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      { productId: pid, name: "R", ideaIds: [idea.id], voterIds: [voter.userId], deadline },
      201,
    );
    // Business impact 5, customer happiness 1, operational ease 3, effort 1 (cheap).
    const values = [5, 1, 3, 1];
    await voter.ok("PUT", `${w}/rounds/${round.id}/ratings`, {
      ratings: factors.map((f: F, i: number) => ({ ideaId: idea.id, factorId: f.id, value: values[i] })),
    });
    await pm.ok("POST", `${w}/rounds/${round.id}/close`);
    // 100 × (3·1 + 3·0 + 2·0.5 + 2·1) / 10 = 60
    expect((await pm.ok("GET", `${w}/ideas/${idea.id}`)).score).toBeCloseTo(60, 10);

    // The product keeps only business impact and effort (its own copies: new ids, no ratings yet) → unscored.
    const own = await pm.ok("PUT", `${w}/factors`, {
      productId: pid,
      factors: [
        { name: "Business impact", weight: 1, direction: "benefit" },
        { name: "Technical effort", weight: 1, direction: "cost" },
      ],
    });
    expect(own).toMatchObject({ scope: "product", recomputed: { ideas: 1 } });
    expect((await pm.ok("GET", `${w}/ideas/${idea.id}`)).score).toBeNull();
    // Dropping the override restores the defaults, and the old ratings score again.
    const back = await pm.ok("DELETE", `${w}/products/${pid}/factors`);
    expect(back.scope).toBe("workspace");
    expect((await pm.ok("GET", `${w}/ideas/${idea.id}`)).score).toBeCloseTo(60, 10);

    // Removing a default factor archives it: the ratings stay, the score leaves it out.
    const defaults: F[] = (await pm.ok("GET", `${w}/factors`)).factors;
    await pm.ok("PUT", `${w}/factors`, { factors: defaults.filter((f) => f.name !== "Customer happiness") });
    // 100 × (3·1 + 2·0.5 + 2·1) / 7
    expect((await pm.ok("GET", `${w}/ideas/${idea.id}`)).score).toBeCloseTo(600 / 7, 10);
    const ballot = await voter.ok("GET", `${w}/rounds/${round.id}/ballot`);
    expect(ballot.mine).toHaveLength(4);
    const audit = await pm.ok("GET", `${w}/audit?action=factors.update`);
    expect(audit.items.length).toBeGreaterThanOrEqual(2);
    expect(audit.items[0].before.map((f: F) => f.name)).toContain("Customer happiness");
  });
});
