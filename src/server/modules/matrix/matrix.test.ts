import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatrixRow } from "../../../shared/matrix.schemas.ts";
import { competitorProducts, competitors } from "../../db/schema.competitors.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";

let t: TestApp;
let pm: Client;
let viewer: Client;
let stranger: Client;
let w: string;
let product: string;
let otherProduct: string;
const comp: Record<string, string> = {};
const DAY = 86_400_000;

/** Competitors are the competitors module's; the matrix only reads them, so tests insert them directly. */
async function competitor(wid: string, name: string, productIds: string[], status = "active") {
  const [c] = await t.database.db
    .insert(competitors)
    .values({ workspaceId: wid, name, status: status as "active" })
    .returning({ id: competitors.id });
  for (const productId of productIds)
    await t.database.db
      .insert(competitorProducts)
      .values({ workspaceId: wid, competitorId: c.id, productId });
  return c.id;
}

const rowsOf = (m: { groups: { rows: MatrixRow[] }[] }) => m.groups.flatMap((g) => g.rows);
const addRow = (body: Record<string, unknown>, pid = product) =>
  pm.ok<MatrixRow>("POST", `${w}/products/${pid}/matrix/rows`, body, 201);
const cell = (row: string, competitorId: string, body: Record<string, unknown>) =>
  pm.ok("PUT", `${w}/matrix/rows/${row}/cells/${competitorId}`, body);
const idea = async (title: string, pid = product) =>
  (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title }, 201)).id as string;
/** Hand-set backlog scores (creating an idea re-ranks its product, so set them once the ideas exist). */
const setScore = (ideaId: string, score: number) =>
  t.database.db.execute(
    sql`UPDATE idea_scores SET score = ${score} WHERE workspace_id = ${pm.wid} AND idea_id = ${ideaId}`,
  );

beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  viewer = await addUser(pm, "viewer");
  stranger = await otherTenant(pm);
  w = `/api/v1/workspaces/${pm.wid}`;
  product = (await pm.ok("POST", `${w}/products`, { name: "Baton" }, 201)).id;
  otherProduct = (await pm.ok("POST", `${w}/products`, { name: "Other" }, 201)).id;
  comp.a = await competitor(pm.wid, "Alpha", [product]);
  comp.b = await competitor(pm.wid, "Beta", [product, otherProduct]);
  comp.c = await competitor(pm.wid, "Gamma", [product], "watch");
  comp.archived = await competitor(pm.wid, "Archived Co", [product], "archived");
  comp.unlinked = await competitor(pm.wid, "Elsewhere", [otherProduct]);
});
afterAll(async () => {
  expect(t.conformance?.violations).toEqual([]);
  await t.close();
});

describe("matrix", () => {
  it("orders gaps by how many competitors have it, then by the idea's score; finds differentiators", async () => {
    const high = await idea("Dark mode idea");
    const low = await idea("Export idea");
    await setScore(high, 80);
    await setScore(low, 20);
    const sso = await addRow({ name: "SSO", theme: "Security", ours: { status: "no" } });
    const dark = await addRow({ ideaId: high, theme: "UI", ours: { status: "unknown" } });
    const exp = await addRow({ ideaId: low, name: "CSV export", theme: "Data", ours: { status: "partial" } });
    const plain = await addRow({ name: "PDF export", theme: "Data" });
    const audit = await addRow({ name: "Audit log", theme: "Security", ours: { status: "has" } });
    const api = await addRow({ name: "API", ours: { status: "has" } });
    const offline = await addRow({ name: "Offline", ours: { status: "no" } });
    const hooks = await addRow({ name: "Webhooks", ours: { status: "no" } });
    expect(dark.name).toBe("Dark mode idea");
    expect(dark.ideaTitle).toBe("Dark mode idea");
    // SSO: has + has + partial = 2.5. Dark mode and CSV export: has + partial = 1.5 (scores 80 > 20).
    // PDF export: 1.5 with no idea (after both). Audit: we have it, nobody else (differentiator).
    // API: they have it too. Offline: no/unknown only. Webhooks: only an archived competitor has it (not a column).
    await cell(sso.id, comp.a, { status: "has" });
    await cell(sso.id, comp.b, { status: "has" });
    await cell(sso.id, comp.c, { status: "partial" });
    for (const r of [dark, exp, plain]) {
      await cell(r.id, comp.a, { status: "has" });
      await cell(r.id, comp.c, { status: "partial" });
    }
    await cell(audit.id, comp.a, { status: "no" });
    await cell(api.id, comp.b, { status: "has" });
    await cell(offline.id, comp.a, { status: "no" });
    await cell(hooks.id, comp.archived, { status: "has" });
    const gaps = await pm.ok("GET", `${w}/products/${product}/matrix?view=gaps`);
    expect(rowsOf(gaps).map((r: MatrixRow) => r.name)).toEqual([
      "SSO",
      "Dark mode idea",
      "CSV export",
      "PDF export",
    ]);
    expect(rowsOf(gaps)[0]).toMatchObject({ have: 2, partial: 1, gap: true });
    expect(rowsOf(gaps)[1].ideaScore).toBe(80);
    const diff = await pm.ok("GET", `${w}/products/${product}/matrix?view=differentiators`);
    expect(rowsOf(diff).map((r: MatrixRow) => r.name)).toEqual(["Audit log"]);
    const all = await pm.ok("GET", `${w}/products/${product}/matrix`);
    expect(all.columns.map((c: { name: string }) => c.name)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(all.groups.map((g: { theme: string }) => g.theme)).toEqual(["", "Data", "Security", "UI"]);
    expect(all.counts).toMatchObject({ rows: 8, gaps: 4, differentiators: 1 });
    expect(rowsOf(all).find((r: MatrixRow) => r.name === "Webhooks")?.gap).toBe(false);
    // Columns hold only the product's competitors: another product's matrix shows Beta and Elsewhere.
    const other = await pm.ok("GET", `${w}/products/${otherProduct}/matrix`);
    expect(other.columns.map((c: { name: string }) => c.name)).toEqual(["Beta", "Elsewhere"]);
  });

  it("flags stale cells: claims never verified or verified more than 90 days ago; unknown is never stale", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Stale" }, 201)).id;
    const a = await competitor(pm.wid, "Stale Alpha", [p]);
    const b = await competitor(pm.wid, "Stale Beta", [p]);
    const row = await addRow({ name: "Reports" }, p);
    await cell(row.id, a, { status: "has", note: "Seen on pricing page", sourceUrl: "https://alpha.test/p" });
    await cell(row.id, b, { status: "no", verified: false });
    let m = await pm.ok("GET", `${w}/products/${p}/matrix`);
    let r = rowsOf(m)[0];
    expect(r.cells[a]).toMatchObject({ status: "has", stale: false, verifiedBy: pm.userId, version: 1 });
    expect(r.cells[b]).toMatchObject({ status: "no", stale: true, verifiedAt: null });
    expect(r.ours).toMatchObject({ status: "unknown", stale: false });
    expect(m.staleAfterDays).toBe(90);
    // Verified 91 days ago (moving the clock instead would expire the session).
    const longAgo = new Date(t.clock.now().getTime() - 91 * DAY).toISOString();
    await t.database.db.execute(
      sql`UPDATE capability_cells SET verified_at = ${longAgo} WHERE workspace_id = ${pm.wid} AND capability_id = ${row.id} AND competitor_id = ${a}`,
    );
    // Written behind the service's back: the served matrix follows within its minute of cache.
    t.clock.advance(61_000);
    m = await pm.ok("GET", `${w}/products/${p}/matrix`);
    r = rowsOf(m)[0];
    expect(r.cells[a].stale).toBe(true);
    expect(m.counts.staleCells).toBe(2);
    const verified = await pm.ok("POST", `${w}/matrix/rows/${row.id}/cells/${a}/verify`);
    expect(verified).toMatchObject({ status: "has", note: "Seen on pricing page", stale: false, version: 2 });
    const ours = await pm.ok("POST", `${w}/matrix/rows/${row.id}/cells/ours/verify`);
    expect(ours).toMatchObject({ status: "unknown", stale: false });
    expect(ours.verifiedAt).not.toBeNull();
  });

  it("checks versions (409), validates field by field, keeps names unique per product", async () => {
    const row = await addRow({ name: "Kanban" });
    const up = await pm.ok("PATCH", `${w}/matrix/rows/${row.id}`, {
      version: row.version,
      theme: "Views",
      ours: { status: "has", note: "Since 2.0" },
    });
    expect(up).toMatchObject({
      theme: "Views",
      version: row.version + 1,
      ours: { status: "has", note: "Since 2.0" },
    });
    expect(
      (await pm.patch(`${w}/matrix/rows/${row.id}`, { version: row.version, name: "X" })).statusCode,
    ).toBe(409);
    const dup = await pm.post(`${w}/products/${product}/matrix/rows`, { name: "kanban" });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).fields).toHaveProperty("name");
    const c1 = await cell(row.id, comp.a, { status: "partial", version: 0 });
    expect(c1.version).toBe(1);
    expect(
      (await pm.put(`${w}/matrix/rows/${row.id}/cells/${comp.a}`, { status: "has", version: 0 })).statusCode,
    ).toBe(409);
    expect((await cell(row.id, comp.a, { status: "has", version: 1 })).version).toBe(2);
    expect(
      (await pm.put(`${w}/matrix/rows/${row.id}/cells/ours`, { status: "no", version: 1 })).statusCode,
    ).toBe(409);
    const bad = await pm.put(`${w}/matrix/rows/${row.id}/cells/${comp.a}`, {
      status: "maybe",
      sourceUrl: "javascript:alert(1)",
      note: "x".repeat(2001),
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorOf(bad).fields ?? {}).sort()).toEqual(["note", "sourceUrl", "status"]);
    const noName = await pm.post(`${w}/products/${product}/matrix/rows`, { theme: "x" });
    expect(errorOf(noName).fields).toHaveProperty("name");
    const nul = await pm.post(`${w}/products/${product}/matrix/rows`, { name: "a\u0000b" });
    expect(errorOf(nul).fields).toHaveProperty("name");
  });

  it("adds rows from ideas in bulk and from a roadmap item, reorders, deletes, audits every change", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Bulk" }, 201)).id;
    const i1 = await idea("Time tracking", p);
    const i2 = await idea("Gantt chart", p);
    const first = await pm.ok("POST", `${w}/products/${p}/matrix/rows/from-ideas`, { ideaIds: [i1] }, 201);
    expect(first.created.map((r: MatrixRow) => r.name)).toEqual(["Time tracking"]);
    const again = await pm.ok(
      "POST",
      `${w}/products/${p}/matrix/rows/from-ideas`,
      { ideaIds: [i1, i2], theme: "Planning" },
      201,
    );
    expect(again.created.map((r: MatrixRow) => [r.name, r.theme, r.ideaId])).toEqual([
      ["Gantt chart", "Planning", i2],
    ]);
    expect(again.skipped).toEqual([i1]);
    const foreign = await pm.post(`${w}/products/${p}/matrix/rows/from-ideas`, {
      ideaIds: [await idea("Elsewhere")],
    });
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).fields).toHaveProperty("ideaIds");
    const roadmap = await pm.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: p, name: "Plan", startMonth: "2027-01" },
      201,
    );
    const item = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/items`,
      { title: "Resource planning" },
      201,
    );
    const fromItem = await addRow({ roadmapItemId: item.id, theme: "Planning" }, p);
    expect(fromItem).toMatchObject({ name: "Resource planning", roadmapItemTitle: "Resource planning" });
    const wrongProduct = await pm.post(`${w}/products/${product}/matrix/rows`, { roadmapItemId: item.id });
    expect(errorOf(wrongProduct).fields).toHaveProperty("roadmapItemId");
    const gantt = again.created[0].id;
    await pm.ok("PUT", `${w}/products/${p}/matrix/order`, { ids: [fromItem.id, gantt] }, 204);
    const m = await pm.ok("GET", `${w}/products/${p}/matrix`);
    expect(
      m.groups.find((g: { theme: string }) => g.theme === "Planning").rows.map((r: MatrixRow) => r.id),
    ).toEqual([fromItem.id, gantt]);
    const foreignOrder = await pm.put(`${w}/products/${p}/matrix/order`, {
      ids: [gantt, first.created[0].id, p],
    });
    expect(foreignOrder.statusCode).toBe(404);
    await pm.ok("DELETE", `${w}/matrix/rows/${gantt}`, undefined, 204);
    expect((await pm.patch(`${w}/matrix/rows/${gantt}`, { version: 1, name: "Gone" })).statusCode).toBe(404);
    const audit = await pm.ok("GET", `${w}/audit?entityType=capability&limit=100`);
    const actions = new Set(audit.items.map((e: { action: string }) => e.action));
    for (const a of ["capability.create", "capability.update", "capability.delete", "capability.cell.update"])
      expect(actions).toContain(a);
  });

  it("links a gap to a new or existing idea, and shows an idea how many competitors have it", async () => {
    const gap = await addRow({ name: "Mobile app", ours: { status: "no" } });
    await cell(gap.id, comp.a, { status: "has" });
    await cell(gap.id, comp.b, { status: "partial" });
    const linked = await pm.ok("POST", `${w}/matrix/rows/${gap.id}/idea`, {});
    expect(linked.ideaTitle).toBe("Mobile app");
    const cov = await viewer.ok("GET", `${w}/ideas/${linked.ideaId}/competitors`);
    expect(cov).toMatchObject({ total: 3, have: 1, partial: 1, rows: [{ id: gap.id, name: "Mobile app" }] });
    expect(cov.competitors.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ["Alpha", "has"],
      ["Beta", "partial"],
      ["Gamma", "unknown"],
    ]);
    // A second row linked to the same idea: each competitor counts once, with its best status.
    const second = await addRow({ name: "Tablet app", ideaId: linked.ideaId });
    await cell(second.id, comp.b, { status: "has" });
    expect(await pm.ok("GET", `${w}/ideas/${linked.ideaId}/competitors`)).toMatchObject({
      have: 2,
      partial: 0,
    });
    const existing = await idea("Native apps");
    const relinked = await pm.ok("POST", `${w}/matrix/rows/${gap.id}/idea`, { ideaId: existing });
    expect(relinked.ideaId).toBe(existing);
    const otherIdea = await idea("Not here", otherProduct);
    const wrong = await pm.post(`${w}/matrix/rows/${gap.id}/idea`, { ideaId: otherIdea });
    expect(errorOf(wrong).fields).toHaveProperty("ideaId");
    const none = await pm.ok("GET", `${w}/ideas/${otherIdea}/competitors`);
    expect(none).toMatchObject({ total: 2, have: 0, rows: [] });
  });

  it("keeps tenants apart and refuses a competitor not linked to the row's product", async () => {
    const row = await addRow({ name: "Tenancy" });
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const theirProduct = (await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201)).id;
    const theirIdea = (await stranger.ok("POST", `${sw}/products/${theirProduct}/ideas`, { title: "T" }, 201))
      .id;
    const theirComp = await competitor(stranger.wid, "Their rival", [theirProduct]);
    const theirRow = (
      await stranger.ok("POST", `${sw}/products/${theirProduct}/matrix/rows`, { name: "Theirs" }, 201)
    ).id;
    expect((await pm.get(`${w}/products/${theirProduct}/matrix`)).statusCode).toBe(404);
    expect((await pm.post(`${w}/products/${theirProduct}/matrix/rows`, { name: "x" })).statusCode).toBe(404);
    expect((await pm.patch(`${w}/matrix/rows/${theirRow}`, { version: 1, name: "x" })).statusCode).toBe(404);
    expect((await pm.del(`${w}/matrix/rows/${theirRow}`)).statusCode).toBe(404);
    expect((await pm.put(`${w}/matrix/rows/${theirRow}/cells/ours`, { status: "has" })).statusCode).toBe(404);
    expect(
      (await pm.put(`${w}/matrix/rows/${row.id}/cells/${theirComp}`, { status: "has" })).statusCode,
    ).toBe(404);
    expect((await pm.get(`${w}/ideas/${theirIdea}/competitors`)).statusCode).toBe(404);
    const foreignIdea = await pm.post(`${w}/products/${product}/matrix/rows`, { ideaId: theirIdea });
    expect(foreignIdea.statusCode).toBe(404);
    expect(errorOf(foreignIdea).fields).toHaveProperty("ideaId");
    expect((await pm.post(`${w}/matrix/rows/${row.id}/idea`, { ideaId: theirIdea })).statusCode).toBe(404);
    // The stranger's workspace, with our ids: 404 as well.
    expect((await stranger.get(`${sw}/products/${product}/matrix`)).statusCode).toBe(404);
    expect(
      (await stranger.put(`${sw}/matrix/rows/${row.id}/cells/${comp.a}`, { status: "has" })).statusCode,
    ).toBe(404);
    const unlinked = await pm.put(`${w}/matrix/rows/${row.id}/cells/${comp.unlinked}`, { status: "has" });
    expect(unlinked.statusCode).toBe(400);
    expect(errorOf(unlinked).fields?.competitorId).toMatch(/not linked/);
  });

  it("serves the matrix from its cache only while nothing it shows changed", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Cached" }, 201)).id;
    const a = await competitor(pm.wid, "Cache rival", [p]);
    const i = await idea("Cached idea", p);
    const row = await addRow({ ideaId: i, theme: "T" }, p);
    const get = async () => rowsOf(await pm.ok("GET", `${w}/products/${p}/matrix`))[0];
    expect((await get()).ideaTitle).toBe("Cached idea");
    const current = await pm.ok("GET", `${w}/ideas/${i}`);
    await pm.ok("PATCH", `${w}/ideas/${i}`, { version: current.version, title: "Renamed idea" });
    expect((await get()).ideaTitle).toBe("Renamed idea");
    await cell(row.id, a, { status: "has" });
    expect((await get()).cells[a]?.status).toBe("has");
    await t.database.db.execute(sql`UPDATE competitors SET name = 'Renamed rival' WHERE id = ${a}`);
    const m = await pm.ok("GET", `${w}/products/${p}/matrix?view=gaps`);
    expect(m.columns.map((c: { name: string }) => c.name)).toEqual(["Renamed rival"]);
    expect(rowsOf(m).map((r: MatrixRow) => r.id)).toEqual([row.id]);
    await t.database.db.execute(sql`UPDATE competitors SET status = 'archived' WHERE id = ${a}`);
    expect((await pm.ok("GET", `${w}/products/${p}/matrix`)).columns).toEqual([]);
  });

  it("lets viewers read and only writers change", async () => {
    const row = await addRow({ name: "Permissions" });
    expect((await viewer.get(`${w}/products/${product}/matrix?view=gaps`)).statusCode).toBe(200);
    expect(
      (await viewer.put(`${w}/matrix/rows/${row.id}/cells/${comp.a}`, { status: "has" })).statusCode,
    ).toBe(403);
    expect((await viewer.post(`${w}/products/${product}/matrix/rows`, { name: "V" })).statusCode).toBe(403);
    expect((await viewer.post(`${w}/matrix/rows/${row.id}/idea`, {})).statusCode).toBe(403);
  });
});
