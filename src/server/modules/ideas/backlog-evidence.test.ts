import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

/** The backlog's evidence columns (Demand, ARR) and segment filter, against hand-computed values. */
let t: TestApp;
let pm: Client;
let contributor: Client;
let w: string;
let pid: string;
const ids: Record<string, string> = {};
const items: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Evidence" }, 201)).id;
  for (const k of ["A", "B", "C", "D"])
    ids[k] = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: `Idea ${k}` }, 201)).id;
  const company = async (name: string, segment: string, arr: number | null) =>
    (await pm.ok("POST", `${w}/companies`, { name, segment, arr, currency: "EUR" }, 201)).id;
  const big = await company("Big", "Enterprise", 999_000);
  const mid = await company("Mid", "SMB", 9_000);
  const none = await company("None", "SMB", null);
  const person = async (name: string, companyId: string) =>
    (await pm.ok("POST", `${w}/people`, { name, email: `${name}@x.test`, companyId }, 201)).id;
  const [bea, mo, max, nia] = [
    await person("bea", big),
    await person("mo", mid),
    await person("max", mid),
    await person("nia", none),
  ];
  const link = async (key: string, author: Record<string, string>, ideaKey: string, importance: string) => {
    const item = await pm.ok("POST", `${w}/feedback`, { text: `Feedback ${key}`, author }, 201);
    items[key] = item.id;
    await pm.ok("POST", `${w}/feedback/${item.id}/links`, { ideaId: ids[ideaKey], importance }, 201);
  };
  await link("a1", { personId: bea }, "A", "critical");
  await link("b1", { personId: mo }, "B", "nice");
  await link("b2", { personId: max }, "B", "important");
  await link("b3", { handle: "@someone" }, "B", "nice");
  await link("c1", { personId: nia }, "C", "important");
  await link("c2", { personId: bea }, "C", "critical");
  // Spam is no evidence.
  const c2 = await pm.ok("GET", `${w}/feedback/${items.c2}`);
  await pm.ok("PATCH", `${w}/feedback/${items.c2}`, { version: c2.version, status: "spam" });
});
afterAll(() => t.close());

type Row = { title: string; demand: number; arr?: number | null; feedbackCount: number };
const list = async (who: Client, query: string) =>
  (await who.ok("GET", `${w}/products/${pid}/ideas?${query}`)) as { items: Row[]; total: number };
const cols = (rows: Row[]) => rows.map((r) => [r.title.slice(5), r.demand, r.arr, r.feedbackCount]);

describe("backlog evidence", () => {
  it("computes Demand and ARR per idea, sorts by each, both directions", async () => {
    // A: Big (critical) 3 × (1 + log10(1 + 999)) = 12 → 10(1 − e^−1.2) = 6.99
    // B: Mid (highest important) 2 × (1 + log10(1 + 9)) = 4, @someone 1 → 5 → 10(1 − e^−0.5) = 3.93
    // C: None (important) 2 × 1 = 2 → 10(1 − e^−0.2) = 1.81 (the spam item from Big is left out)
    const byRank = await list(pm, "limit=10");
    expect(cols(byRank.items)).toEqual([
      ["A", 6.99, 999_000, 1],
      ["B", 3.93, 9_000, 3],
      ["C", 1.81, null, 1],
      ["D", 0, null, 0],
    ]);
    expect(cols((await list(pm, "sort=demand")).items).map((r) => r[0])).toEqual(["A", "B", "C", "D"]);
    expect(cols((await list(pm, "sort=demand&dir=asc")).items).map((r) => r[0])).toEqual([
      "D",
      "C",
      "B",
      "A",
    ]);
    const byArr = await list(pm, "sort=arr&limit=2");
    expect(cols(byArr.items)).toEqual([
      ["A", 6.99, 999_000, 1],
      ["B", 3.93, 9_000, 3],
    ]);
    expect(byArr.total).toBe(4);
    expect(cols((await list(pm, "sort=arr&offset=2")).items).map((r) => r[0])).toEqual(["C", "D"]);
  });

  it("filters by segment (any case), counting only that segment's evidence", async () => {
    // SMB: B has Mid only → 2 × 2 = 4 → 10(1 − e^−0.4) = 3.30; C as before.
    const smb = await list(pm, "segment=smb&sort=demand");
    expect(cols(smb.items)).toEqual([
      ["B", 3.3, 9_000, 2],
      ["C", 1.81, null, 1],
    ]);
    expect(smb.total).toBe(2);
    expect(cols((await list(pm, "segment=SMB")).items).map((r) => r[0])).toEqual(["B", "C"]);
    const ent = await list(pm, "segment=Enterprise&sort=arr");
    expect(cols(ent.items)).toEqual([["A", 6.99, 999_000, 1]]);
    expect((await list(pm, "segment=Nobody")).total).toBe(0);
    // The segments offered by the filter (no revenue in them), for anyone who reads feedback.
    expect(await contributor.ok("GET", `${w}/segments`)).toEqual({
      items: [
        { segment: "Enterprise", companies: 1 },
        { segment: "SMB", companies: 2 },
      ],
    });
  });

  it("hides ARR without customers.revenue (no column, no ARR sort)", async () => {
    const seen = await list(contributor, "sort=demand");
    expect(seen.items.map((r) => [r.title.slice(5), r.demand])).toEqual([
      ["A", 6.99],
      ["B", 3.93],
      ["C", 1.81],
      ["D", 0],
    ]);
    for (const r of seen.items) expect(Object.keys(r)).not.toContain("arr");
    const res = await contributor.get(`${w}/products/${pid}/ideas?sort=arr`);
    expect(res.statusCode).toBe(403);
  });

  it("serves fresh evidence after a link, a spam verdict or a new ARR (cached pages are versioned)", async () => {
    const first = await list(pm, "limit=10");
    expect(first.items[0].demand).toBe(6.99);
    const a1 = await pm.ok("GET", `${w}/feedback/${items.a1}`);
    await pm.ok("PATCH", `${w}/feedback/${items.a1}`, { version: a1.version, status: "spam" });
    expect(cols((await list(pm, "limit=10")).items)[0]).toEqual(["A", 0, null, 0]);
    await pm.ok("PATCH", `${w}/feedback/${items.a1}`, { version: a1.version + 1, status: "triaged" });
    const mid = (await pm.ok("GET", `${w}/companies?q=mid`)).items[0];
    await pm.ok("PATCH", `${w}/companies/${mid.id}`, { version: mid.version, arr: 99_000 });
    // B: Mid 2 × (1 + log10(1 + 99)) = 6, @someone 1 → 7 → 10(1 − e^−0.7) = 5.03
    expect(cols((await list(pm, "limit=10")).items).slice(0, 2)).toEqual([
      ["A", 6.99, 999_000, 1],
      ["B", 5.03, 99_000, 3],
    ]);
    const d = await pm.ok("POST", `${w}/feedback`, { text: "D please", author: { handle: "@d" } }, 201);
    const link = await pm.ok(
      "POST",
      `${w}/feedback/${d.id}/links`,
      { ideaId: ids.D, importance: "critical" },
      201,
    );
    // D: 3 × 1 = 3 → 10(1 − e^−0.3) = 2.59
    expect(cols((await list(pm, "sort=demand")).items).map((r) => [r[0], r[1]])).toEqual([
      ["A", 6.99],
      ["B", 5.03],
      ["D", 2.59],
      ["C", 1.81],
    ]);
    await pm.ok("DELETE", `${w}/feedback/${d.id}/links/${link.link?.id ?? link.id}`, undefined, 204);
    expect((await list(pm, "limit=10")).items[3]).toMatchObject({ title: "Idea D", demand: 0 });
  });
});
