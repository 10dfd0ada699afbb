import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

/**
 * The backlog's Competitors column (docs/COMPETITORS.md "On the backlog"): of the product's competitors (linked,
 * not archived), those having an idea's matrix rows, has 1 and partial ½, against hand-computed values; its sort and
 * filter; and fresh pages after every kind of write that moves it (the page cache is keyed by ideas_version).
 */
let t: TestApp;
let pm: Client;
let viewer: Client;
let w: string;
let pid: string;
let other: string;
const ideas: Record<string, string> = {};
const comp: Record<string, string> = {};
const rows: Record<string, string> = {};
const rowVersion: Record<string, number> = {};

type Coverage = { have: number; total: number; has: string[]; partial: string[] };
type Row = { title: string; competitors: Coverage };
const list = async (query = "", who = pm) =>
  (await who.ok("GET", `${w}/products/${pid}/ideas?${/limit=/.test(query) ? "" : "limit=50&"}${query}`)) as {
    items: Row[];
    total: number;
  };
/** Title letter → [have, total, has, partial]. */
const cov = (items: Row[]) =>
  Object.fromEntries(
    items.map((r) => [
      r.title.slice(5),
      [r.competitors.have, r.competitors.total, r.competitors.has, r.competitors.partial],
    ]),
  );
const cell = (row: string, competitorId: string, status: string) =>
  pm.ok("PUT", `${w}/matrix/rows/${row}/cells/${competitorId}`, { status });
const competitor = async (name: string, productIds: string[], status = "active") =>
  (await pm.ok("POST", `${w}/competitors`, { name, productIds, status }, 201)).id as string;
const row = async (name: string, ideaId: string | null) => {
  const r = await pm.ok(
    "POST",
    `${w}/products/${pid}/matrix/rows`,
    { name, ...(ideaId ? { ideaId } : {}) },
    201,
  );
  rowVersion[r.id] = r.version; // a cell write leaves the row's version as it is
  return r.id as string;
};

beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  viewer = await addUser(pm, "viewer");
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Field app" }, 201)).id;
  other = (await pm.ok("POST", `${w}/products`, { name: "Other" }, 201)).id;
  for (const k of ["A", "B", "C", "D"])
    ideas[k] = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: `Idea ${k}` }, 201)).id;
  comp.alpha = await competitor("Alpha", [pid]);
  comp.beta = await competitor("Beta", [pid, other]);
  comp.gamma = await competitor("Gamma", [pid], "watch");
  comp.delta = await competitor("Delta", [pid]);
  comp.zeta = await competitor("Zeta", [other]);
  rows.a1 = await row("Offline list", ideas.A);
  rows.a2 = await row("Offline photos", ideas.A);
  rows.b = await row("SSO", ideas.B);
  rows.free = await row("Dark mode", null);
  await cell(rows.a1, comp.alpha, "has");
  await cell(rows.a1, comp.beta, "partial");
  await cell(rows.a2, comp.beta, "has"); // Beta's best over A's rows: has
  await cell(rows.a2, comp.gamma, "no");
  await cell(rows.b, comp.gamma, "partial");
  await cell(rows.b, comp.delta, "has");
  await cell(rows.free, comp.alpha, "has"); // no idea: counts for no one
  // Delta archived: not one of the product's competitors any more (nor counted where it has it).
  const delta = await pm.ok("GET", `${w}/competitors/${comp.delta}`);
  await pm.ok("PATCH", `${w}/competitors/${comp.delta}`, { version: delta.version, status: "archived" });
});
afterAll(() => t.close());

describe("the backlog's Competitors column", () => {
  it("counts each competitor once with its best cell over the idea's rows: has 1, partial ½, of the product's", async () => {
    // Competitors of the product: Alpha, Beta, Gamma (watch counts; Delta archived; Zeta on another product) → 3.
    expect(cov((await list()).items)).toEqual({
      A: [2, 3, ["Alpha", "Beta"], []],
      B: [0.5, 3, [], ["Gamma"]],
      C: [0, 3, [], []],
      D: [0, 3, [], []],
    });
    // Everyone who reads the backlog sees it (competitors.read is everyone's).
    expect(cov((await list("", viewer)).items).A).toEqual([2, 3, ["Alpha", "Beta"], []]);
  });

  it("sorts by coverage (descending by default, ties in backlog order) and filters to covered ideas", async () => {
    const byCoverage = (await list("sort=competitors")).items.map((r) => r.title.slice(5));
    expect(byCoverage.slice(0, 2)).toEqual(["A", "B"]);
    const asc = (await list("sort=competitors&dir=asc")).items.map((r) => r.title.slice(5));
    expect(asc.slice(2)).toEqual(["B", "A"]);
    const covered = await list("covered=true");
    expect(covered.items.map((r) => r.title.slice(5)).sort()).toEqual(["A", "B"]);
    expect(covered.total).toBe(2);
    const sortedCovered = await list("covered=true&sort=competitors&limit=1");
    expect(sortedCovered.items.map((r) => r.title.slice(5))).toEqual(["A"]);
    expect(sortedCovered.total).toBe(2);
    expect((await list("covered=true&q=idea%20b")).items.map((r) => r.title)).toEqual(["Idea B"]);
    expect((await list("covered=false")).total).toBe(4);
    const bad = await pm.get(`${w}/products/${pid}/ideas?covered=yes`);
    expect(bad.statusCode).toBe(400);
  });

  it("is fresh after cell, row, idea-link and competitor writes (the served page's version moves)", async () => {
    const etag = async () =>
      (await pm.get(`${w}/products/${pid}/ideas?limit=50`)).headers.etag as string | undefined;
    await list(); // cached
    let before = await etag();
    const moved = async () => {
      const now = await etag();
      expect(now).not.toBe(before);
      before = now;
    };
    // A cell: Gamma has it on A's second row.
    await cell(rows.a2, comp.gamma, "has");
    expect(cov((await list()).items).A).toEqual([3, 3, ["Alpha", "Beta", "Gamma"], []]);
    await moved();
    // A rename.
    const alpha = await pm.ok("GET", `${w}/competitors/${comp.alpha}`);
    await pm.ok("PATCH", `${w}/competitors/${comp.alpha}`, { version: alpha.version, name: "Aardvark" });
    expect(cov((await list()).items).A[2]).toEqual(["Aardvark", "Beta", "Gamma"]);
    await moved();
    // Archiving Beta: 2 competitors left.
    const beta = await pm.ok("GET", `${w}/competitors/${comp.beta}`);
    await pm.ok("PATCH", `${w}/competitors/${comp.beta}`, { version: beta.version, status: "archived" });
    expect(cov((await list()).items).A).toEqual([2, 2, ["Aardvark", "Gamma"], []]);
    await moved();
    // Unlinking Gamma from the product; linking Zeta (no cells): 2 competitors again.
    await pm.ok("DELETE", `${w}/competitors/${comp.gamma}/products/${pid}`);
    await pm.ok("PUT", `${w}/competitors/${comp.zeta}/products/${pid}`);
    expect(cov((await list()).items)).toMatchObject({
      A: [1, 2, ["Aardvark"], []],
      B: [0, 2, [], []],
    });
    await moved();
    // A new competitor of the product: "of 3".
    comp.eta = await competitor("Eta", [pid]);
    expect(cov((await list()).items).A).toEqual([1, 3, ["Aardvark"], []]);
    await moved();
    // A row's idea moved from A to C, then the row linked through the gap's "link to an idea".
    await pm.ok("PATCH", `${w}/matrix/rows/${rows.a1}`, { version: rowVersion[rows.a1], ideaId: ideas.C });
    expect(cov((await list()).items)).toMatchObject({ A: [0, 3, [], []], C: [1, 3, ["Aardvark"], []] });
    await moved();
    await pm.ok("POST", `${w}/matrix/rows/${rows.free}/idea`, { ideaId: ideas.D });
    expect(cov((await list()).items).D).toEqual([1, 3, ["Aardvark"], []]);
    await moved();
    // Deleting a row, then a competitor.
    await pm.ok("DELETE", `${w}/matrix/rows/${rows.free}`, undefined, 204);
    expect(cov((await list()).items).D).toEqual([0, 3, [], []]);
    await moved();
    await cell(rows.a2, comp.eta, "partial");
    expect(cov((await list()).items).A).toEqual([0.5, 3, [], ["Eta"]]);
    await pm.ok("DELETE", `${w}/competitors/${comp.eta}`, undefined, 204);
    expect(cov((await list()).items).A).toEqual([0, 2, [], []]);
    await moved();
  });
});
