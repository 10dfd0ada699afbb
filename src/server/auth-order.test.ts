import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission } from "../shared/permissions.ts";
import { type AuthRequirement, authRequirements } from "./plugins/auth.ts";
import { addUser, Client, createTestApp, otherTenant, setupOwner, type TestApp } from "./test/app.ts";

/**
 * Authentication and authorization come before the body is read: whatever the body, an anonymous caller
 * gets 401, a non-member 404 and a member without the permission 403 — never the 400 that would tell
 * them the field rules. Every operation of the OpenAPI document is called with a junk body and query.
 */
let t: TestApp;
let owner: Client;
let viewer: Client;
let stranger: Client;
const ops: { method: string; path: string; need: AuthRequirement }[] = [];
const JUNK = { junk: true, version: "x", name: 42, title: [], ids: "nope", email: 7 };

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Order");
  viewer = await addUser(owner, "viewer");
  stranger = await otherTenant(owner);
  const doc = await owner.ok("GET", "/api/v1/openapi.json");
  const needs = authRequirements(t.app);
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    if (!path.startsWith("/api/")) continue;
    for (const method of Object.keys(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`;
      const need = needs.get(key);
      if (!need) throw new Error(`${key} is in the OpenAPI document but has no declared requirement`);
      ops.push({ method: method.toUpperCase(), path, need });
    }
  }
});
afterAll(() => t.close());

/** The operation's URL with every path parameter filled (the workspace's own id for :wid), plus a junk query. */
const urlOf = (path: string) =>
  `${path.replace(/\{(\w+)\}/g, (_, name) => (name === "wid" ? owner.wid : randomUUID()))}?limit=junk&from=junk&format=junk`;
const send = (c: Client, method: string, path: string) =>
  c.request(method, urlOf(path), method === "GET" || method === "DELETE" ? undefined : JUNK);
const isWorkspacePermission = (need: AuthRequirement) => !["public", "user", "session", "cli"].includes(need);

describe("authentication before validation", () => {
  it("the document lists the API (sanity)", () => {
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((o) => isWorkspacePermission(o.need)).length).toBeGreaterThan(80);
  });

  it("junk bodies do reach validation for the owner (so the checks below mean something)", async () => {
    let invalid = 0;
    for (const o of ops.filter(
      (x) => ["POST", "PUT", "PATCH"].includes(x.method) && isWorkspacePermission(x.need),
    )) {
      if ((await send(owner, o.method, o.path)).statusCode === 400) invalid++;
    }
    expect(invalid).toBeGreaterThan(30);
  });

  it("anonymous callers get 401 on every non-public operation, never 400", async () => {
    const wrong: string[] = [];
    const anonymous = new Client(t.app);
    for (const o of ops.filter((x) => x.need !== "public")) {
      const res = await send(anonymous, o.method, o.path);
      if (res.statusCode !== 401) wrong.push(`${o.method} ${o.path}: ${res.statusCode} ${res.body}`);
      else expect(res.json().error.code).toBe("unauthenticated");
    }
    expect(wrong).toEqual([]);
  });

  it("a body that is not even JSON still gets 401 first", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/workspaces/${owner.wid}/products`,
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(401);
  });

  it("members of another workspace get 404 on every workspace operation", async () => {
    const wrong: string[] = [];
    for (const o of ops.filter((x) => isWorkspacePermission(x.need) && x.path.includes("{wid}"))) {
      const res = await send(stranger, o.method, o.path);
      if (res.statusCode !== 404) wrong.push(`${o.method} ${o.path}: ${res.statusCode} ${res.body}`);
    }
    expect(wrong).toEqual([]);
  });

  it("a viewer gets 403 on every operation their role does not grant", async () => {
    const wrong: string[] = [];
    const denied = ops.filter(
      (x) =>
        isWorkspacePermission(x.need) && x.path.includes("{wid}") && !can("viewer", x.need as Permission),
    );
    expect(denied.length).toBeGreaterThan(40);
    for (const o of denied) {
      const res = await send(viewer, o.method, o.path);
      if (res.statusCode !== 403) wrong.push(`${o.method} ${o.path}: ${res.statusCode} ${res.body}`);
    }
    expect(wrong).toEqual([]);
  });
});
