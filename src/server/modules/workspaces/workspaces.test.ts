import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";
import { slugify } from "./workspaces.service.ts";

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Acme");
});
afterAll(() => t.close());

describe("workspaces", () => {
  it("derives free slugs from names, unicode included", async () => {
    expect(slugify("Ça Marche — Été 2026!")).toBe("ca-marche-ete-2026");
    expect(slugify("日本")).toBe("ws-space");
    const a = await owner.ok("POST", "/api/v1/workspaces", { name: "Acme" }, 201);
    expect(a).toMatchObject({ slug: "acme-2", role: "owner" });
    const taken = await owner.post("/api/v1/workspaces", { name: "X", slug: "acme" });
    expect(taken.statusCode).toBe(409);
    expect(errorOf(taken).fields).toEqual({ slug: "already taken" });
    const badSlug = await owner.post("/api/v1/workspaces", { name: "X", slug: "Not OK!" });
    expect(errorOf(badSlug).fields).toHaveProperty("slug");
  });

  it("lists my workspaces with my role, renames with the version, refuses a taken slug", async () => {
    const mine = await owner.ok("GET", "/api/v1/workspaces");
    expect(mine.items.map((x: { slug: string }) => x.slug)).toEqual(["acme", "acme-2"]);
    const ws = await owner.ok("GET", `/api/v1/workspaces/${owner.wid}`);
    const renamed = await owner.ok("PATCH", `/api/v1/workspaces/${owner.wid}`, {
      version: ws.version,
      name: "Acme Corp",
    });
    expect(renamed).toMatchObject({ name: "Acme Corp", version: ws.version + 1 });
    const clash = await owner.patch(`/api/v1/workspaces/${owner.wid}`, {
      version: renamed.version,
      slug: "acme-2",
    });
    expect(clash.statusCode).toBe(409);
    const audit = await owner.ok("GET", `/api/v1/workspaces/${owner.wid}/audit?action=workspace.update`);
    expect(audit.items[0].before.name).toBe("Acme");
    expect(audit.items[0].after.name).toBe("Acme Corp");
  });
});

describe("audit log", () => {
  it("filters by actor, entity, action and time range, newest first", async () => {
    const w = `/api/v1/workspaces/${owner.wid}`;
    const start = t.clock.now().toISOString();
    const p = await owner.ok("POST", `${w}/products`, { name: "Audited" }, 201);
    await owner.ok("PATCH", `${w}/products/${p.id}`, { version: 1, name: "Audited twice" });
    const byEntity = await owner.ok("GET", `${w}/audit?entityType=product&entityId=${p.id}`);
    expect(byEntity.items.map((e: { action: string }) => e.action)).toEqual([
      "product.update",
      "product.create",
    ]);
    const byActor = await owner.ok("GET", `${w}/audit?actorId=${owner.userId}&limit=200`);
    expect(byActor.items.every((e: { actorId: string }) => e.actorId === owner.userId)).toBe(true);
    const future = await owner.ok("GET", `${w}/audit?from=${encodeURIComponent("2999-01-01T00:00:00Z")}`);
    expect(future.items).toEqual([]);
    const since = await owner.ok("GET", `${w}/audit?from=${encodeURIComponent(start)}&entityType=product`);
    expect(since.items.length).toBeGreaterThanOrEqual(2);
    const bad = await owner.get(`${w}/audit?from=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("from");
  });
});

describe("summary", () => {
  it("counts products by stage, teams, members by role, and pending invitations for admins only", async () => {
    const t2 = await createTestApp();
    try {
      const o = await setupOwner(t2.app);
      const w = `/api/v1/workspaces/${o.wid}`;
      for (const stage of ["growth", "growth", "idea"])
        await o.ok("POST", `${w}/products`, { name: stage, stage }, 201);
      await o.ok("POST", `${w}/teams`, { name: "Design", discipline: "design" }, 201);
      await o.ok("POST", `${w}/invitations`, { email: "a@example.test" }, 201);
      const { addUser } = await import("../../test/app.ts");
      const pm = await addUser(o, "product_manager");
      const s = await o.ok("GET", `${w}/summary`);
      expect(s.products.total).toBe(3);
      expect(s.products.byStage).toMatchObject({ growth: 2, idea: 1, retired: 0 });
      expect(s.teams.total).toBe(1);
      expect(s.members).toEqual({
        total: 2,
        byRole: { owner: 1, admin: 0, product_manager: 1, contributor: 0, stakeholder: 0, viewer: 0 },
      });
      expect(s.pendingInvitations).toBe(1);
      expect((await pm.ok("GET", `${w}/summary`)).pendingInvitations).toBeNull();
    } finally {
      await t2.close();
    }
  });
});
