import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

/** Trap 2 of issue 12: an idea's rank under each framework follows the one documented rank rule. */
let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

type Row = { id: string; number: number; rank: number | null };

describe("per-framework ranks", () => {
  it("break ties by idea number, leave shipped ideas unranked and match the backlog rank", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Ranks" }, 201)).id;
    const list = `${w}/products/${pid}/ideas`;
    const add = (title: string, reach: number) =>
      pm.ok("POST", list, { title, inputs: { reach, impact: 1, confidence: 100, effort: 1 } }, 201);
    // RICE = reach × 1 × 1 ÷ 1: #1 100, #2 100 (tie with #1), #3 300 (to be shipped), #4 50.
    const a = await add("Tied older", 100);
    const b = await add("Tied newer", 100);
    const shipped = await add("Already shipped", 300);
    const d = await add("Lowest", 50);
    await pm.ok("PATCH", `${w}/ideas/${shipped.id}`, { version: shipped.version, status: "shipped" });
    const product = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: product.version, framework: "rice" });

    const page = await pm.ok("GET", list);
    const backlog = new Map(page.items.map((r: Row) => [r.id, r.rank]));
    expect([a, b, shipped, d].map((x) => backlog.get(x.id))).toEqual([1, 2, null, 3]);

    const ranks = async (id: string) => (await pm.ok("GET", `${w}/ideas/${id}`)).ranks;
    // Under RICE: the tie is broken by number (1, 2), never both 1; the shipped idea has no rank.
    expect((await ranks(a.id)).rice).toBe(1);
    expect((await ranks(b.id)).rice).toBe(2);
    expect((await ranks(d.id)).rice).toBe(3);
    expect(await ranks(shipped.id)).toEqual({ weighted: null, rice: null, ice: null, wsjf: null });
    // Nobody has ICE or WSJF inputs or ratings: all unscored, so by number, as the backlog would order them.
    expect(await ranks(b.id)).toEqual({ weighted: 2, rice: 2, ice: 2, wsjf: 2 });
    // For every idea, the rank under the active framework is the backlog rank.
    for (const x of [a, b, d]) expect((await ranks(x.id)).rice).toBe(backlog.get(x.id));
  });
});
