import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import { ExportDocumentSchema } from "./transfer.schema.ts";
import { exportWorkspace } from "./transfer.service.ts";

let t: TestApp;
let owner: Client;
const name = `Ünïcode <b>&amp;</b> "product" 🎻`;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Export Co");
  await owner.ok("POST", `/api/v1/workspaces/${owner.wid}/products`, { name, stage: "growth" }, 201);
});
afterAll(() => t.close());

describe("GET /api/v1/workspaces/:wid/export", () => {
  it("returns the export document as an attachment, the same as the service", async () => {
    const res = await owner.get(`/api/v1/workspaces/${owner.wid}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="baton-export-co-\d{4}-\d\d-\d\d\.json"$/,
    );
    const doc = res.json();
    expect(doc).toMatchObject({ format: "baton-export", formatVersion: 8, workspace: { id: owner.wid } });
    expect(doc.products.map((p: { name: string }) => p.name)).toEqual([name]);
    const direct = await exportWorkspace(t.database.db, owner.wid, { clock: t.clock });
    expect({ ...doc, exportedAt: "" }).toEqual({ ...direct, exportedAt: "" });
    // Written in chunks, byte for byte what the response schema's serializer would write.
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toBe(
      JSON.stringify(z.encode(ExportDocumentSchema, { ...direct, exportedAt: doc.exportedAt })),
    );
  });

  it("works for an admin, with an API token too", async () => {
    const admin = await addUser(owner, "admin", owner.wid, "Ada Admin");
    const token = await admin.ok("POST", `/api/v1/workspaces/${owner.wid}/tokens`, { name: "backup" }, 201);
    admin.bearer = token.token;
    const doc = await admin.ok("GET", `/api/v1/workspaces/${owner.wid}/export`);
    expect(doc.users.map((u: { name: string }) => u.name)).toContain("Ada Admin");
  });

  it("is 403 for roles below admin", async () => {
    for (const role of ["product_manager", "viewer"]) {
      const member = await addUser(owner, role);
      const res = await member.get(`/api/v1/workspaces/${owner.wid}/export`);
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe("forbidden");
    }
  });

  it("is 404 for a member of another workspace (who can export their own)", async () => {
    const stranger = await otherTenant(owner);
    const res = await stranger.get(`/api/v1/workspaces/${owner.wid}/export`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe("not_found");
    const own = await stranger.ok("GET", `/api/v1/workspaces/${stranger.wid}/export`);
    expect(own.workspace.name).toBe("Other Co");
    expect(JSON.stringify(own)).not.toContain(owner.session.user.email);
  });

  it("is 401 without credentials", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/v1/workspaces/${owner.wid}/export` });
    expect(res.statusCode).toBe(401);
  });
});
