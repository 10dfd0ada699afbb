import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";

let t: TestApp;
let owner: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

describe("products", () => {
  it("creates with defaults, reads, updates with the version, deletes — and audits each step", async () => {
    const p = await owner.ok("POST", `${w}/products`, { name: "Insights" }, 201);
    expect(p).toMatchObject({
      name: "Insights",
      description: "",
      stage: "idea",
      managerId: null,
      version: 1,
    });
    const u = await owner.ok("PATCH", `${w}/products/${p.id}`, {
      version: 1,
      stage: "discovery",
      managerId: owner.userId,
    });
    expect(u).toMatchObject({
      stage: "discovery",
      managerId: owner.userId,
      managerName: "Olivia Owner",
      version: 2,
    });
    expect(Date.parse(u.updatedAt)).toBeGreaterThanOrEqual(Date.parse(p.updatedAt));
    await owner.ok("DELETE", `${w}/products/${p.id}`, undefined, 204);
    expect((await owner.get(`${w}/products/${p.id}`)).statusCode).toBe(404);
    const audit = await owner.ok("GET", `${w}/audit?entityType=product&entityId=${p.id}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      "product.delete",
      "product.update",
      "product.create",
    ]);
    const update = audit.items[1];
    expect(update.before.stage).toBe("idea");
    expect(update.after.stage).toBe("discovery");
    expect(update.actorName).toBe("Olivia Owner");
  });

  it("refuses a stale version with 409 and keeps the first writer's change", async () => {
    const p = await owner.ok("POST", `${w}/products`, { name: "Race" }, 201);
    const [a, b] = await Promise.all([
      owner.patch(`${w}/products/${p.id}`, { version: 1, name: "Writer A" }),
      owner.patch(`${w}/products/${p.id}`, { version: 1, name: "Writer B" }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? "Writer A" : "Writer B";
    const loser = a.statusCode === 409 ? a : b;
    expect(errorOf(loser).fields).toHaveProperty("version");
    expect((await owner.ok("GET", `${w}/products/${p.id}`)).name).toBe(winner);
  });

  it("gives field-level errors and stores nothing on bad input", async () => {
    const before = (await owner.ok("GET", `${w}/products?limit=200`)).items.length;
    const res = await owner.post(`${w}/products`, { name: " ", stage: "someday", managerId: "nope" });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields!).sort()).toEqual(["managerId", "name", "stage"]);
    const notMember = await owner.post(`${w}/products`, {
      name: "X",
      managerId: "00000000-0000-4000-8000-000000000000",
    });
    expect(notMember.statusCode).toBe(400);
    expect(errorOf(notMember).fields).toEqual({ managerId: "Not a member of this workspace" });
    expect((await owner.ok("GET", `${w}/products?limit=200`)).items.length).toBe(before);
  });

  it("stores unicode, HTML and SQL-looking text verbatim, and searches it safely", async () => {
    const nasty = "Ünïcødé 🚀 <script>alert(1)</script> '); DROP TABLE products;-- 100%_done";
    const p = await owner.ok("POST", `${w}/products`, { name: nasty.slice(0, 120), description: nasty }, 201);
    expect((await owner.ok("GET", `${w}/products/${p.id}`)).description).toBe(nasty);
    const found = await owner.ok("GET", `${w}/products?q=${encodeURIComponent("100%_")}`);
    expect(found.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const none = await owner.ok("GET", `${w}/products?q=${encodeURIComponent("%")}&limit=200`);
    expect(none.items.every((x: { name: string }) => x.name.includes("%"))).toBe(true);
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await owner.post(`${w}/products`, { name: "Big", description: "x".repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(errorOf(res).code).toBe("payload_too_large");
  });

  it("paginates with a cursor: every product once, newest first, filterable by stage", async () => {
    const t2 = await createTestApp();
    try {
      const o = await setupOwner(t2.app);
      const base = `/api/v1/workspaces/${o.wid}/products`;
      const created: string[] = [];
      for (let i = 0; i < 23; i++) {
        created.push((await o.ok("POST", base, { name: `P${i}`, stage: i % 2 ? "growth" : "idea" }, 201)).id);
        t2.clock.advance(1);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await o.ok(
          "GET",
          `${base}?limit=10${cursor ? `&cursor=${cursor}` : ""}`,
        );
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(23);
      expect(seen).toEqual([...created].reverse());
      const growth = await o.ok("GET", `${base}?stage=growth&limit=200`);
      expect(growth.items).toHaveLength(11);
      expect((await o.get(`${base}?cursor=garbage`)).statusCode).toBe(400);
      expect((await o.get(`${base}?limit=0`)).statusCode).toBe(400);
    } finally {
      await t2.close();
    }
  });

  it("changes the ranking framework as an audited product setting that says who changed it and when", async () => {
    const p = await owner.ok("POST", `${w}/products`, { name: "Framework setting" }, 201);
    const path = `${w}/products/${p.id}/framework`;
    expect(await owner.ok("GET", path)).toEqual({
      framework: "weighted",
      changedBy: null,
      changedByName: null,
      changedAt: null,
    });
    const set = await owner.ok("PUT", path, { version: p.version, framework: "rice" });
    expect(set).toMatchObject({ framework: "rice", changedBy: owner.userId });
    expect(set.changedByName).toEqual(expect.any(String));
    expect(Date.parse(set.changedAt)).toBeGreaterThan(0);
    expect(await owner.ok("GET", path)).toEqual(set);
    expect((await owner.ok("GET", `${w}/products/${p.id}`)).framework).toBe("rice");
    const audit = await owner.ok("GET", `${w}/audit?action=product.framework&entityId=${p.id}`);
    expect(audit.items.map((e: { before: unknown; after: unknown }) => [e.before, e.after])).toEqual([
      [{ framework: "weighted" }, { framework: "rice" }],
    ]);
    // A stale version is refused; a viewer may read the setting but not change it.
    expect((await owner.put(path, { version: p.version, framework: "ice" })).statusCode).toBe(409);
    const viewer = await addUser(owner, "viewer", owner.wid, "Vera Viewer");
    expect((await viewer.get(path)).statusCode).toBe(200);
    expect((await viewer.put(path, { version: p.version + 1, framework: "ice" })).statusCode).toBe(403);
  });

  it("lets a viewer read but not write", async () => {
    const viewer = await addUser(owner, "viewer");
    expect((await viewer.get(`${w}/products`)).statusCode).toBe(200);
    expect((await viewer.post(`${w}/products`, { name: "Nope" })).statusCode).toBe(403);
  });
});
