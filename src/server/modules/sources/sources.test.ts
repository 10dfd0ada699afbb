import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import type { FakeServer } from "./test/fake-server.ts";
import { feedFake, type ServiceFake } from "./test/fakes.ts";

// No BATON_FETCH_ALLOW_PRIVATE here: the routes poll with the production defaults, so 127.0.0.1 is refused.
process.env.BATON_FETCH_HOST_DELAY_MS = "0";

let t: TestApp;
let pm: Client;
let w: string;
let feed: ServiceFake;
let server: FakeServer;
beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  feed = feedFake("rss");
  server = feed.server;
  await server.start();
  feed.add(3);
});
afterAll(async () => {
  await server.close();
  expect(t.conformance?.violations, "responses that contradict the OpenAPI document").toEqual([]);
  await t.close();
});

const TOKEN = "ghp_s3cr3t-value-never-returned";
const github = (extra: Record<string, unknown> = {}) => ({
  kind: "github",
  name: "Acme issues",
  config: { owner: "acme", repo: "app" },
  secrets: { token: TOKEN },
  ...extra,
});

describe("sources API", () => {
  it("creates a source with defaults, keeps its token write-only, and lists it with its state", async () => {
    const s = await pm.ok("POST", `${w}/sources`, github(), 201);
    expect(s).toMatchObject({
      kind: "github",
      name: "Acme issues",
      config: { owner: "acme", repo: "app", apiUrl: "https://api.github.com" },
      enabled: true,
      intervalMinutes: 60,
      secretsSet: ["token"],
      state: { cursor: null, polling: false, lastError: null, consecutiveFailures: 0, totalImported: 0 },
      version: 1,
    });
    const list = await pm.request("GET", `${w}/sources`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(TOKEN);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(s.id);
    const audit = await pm.ok("GET", `${w}/audit?entityType=source&entityId=${s.id}`);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["source.create"]);
  });

  it("refuses bad settings field by field", async () => {
    const res = await pm.request("POST", `${w}/sources`, {
      kind: "mastodon",
      name: "",
      config: { instanceUrl: "ftp://x", hashtag: "two words" },
      intervalMinutes: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual(
      ["config.hashtag", "config.instanceUrl", "intervalMinutes", "name"].sort(),
    );
    const unknownKind = await pm.request("POST", `${w}/sources`, { kind: "myspace", name: "x", config: {} });
    expect(unknownKind.statusCode).toBe(400);
    const noProduct = await pm.request("POST", `${w}/sources`, github({ productId: crypto.randomUUID() }));
    expect(noProduct.statusCode).toBe(400);
    expect(errorOf(noProduct).fields).toHaveProperty("productId");
  });

  it("updates settings with the version, checks the config against the kind, and removes a secret with null", async () => {
    const s = await pm.ok("POST", `${w}/sources`, github({ name: "To edit" }), 201);
    const bad = await pm.request("PATCH", `${w}/sources/${s.id}`, { version: 1, config: { owner: "a b" } });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("config.owner");
    const u = await pm.ok("PATCH", `${w}/sources/${s.id}`, {
      version: 1,
      name: "Renamed",
      intervalMinutes: 15,
      enabled: false,
      secrets: { token: null },
    });
    expect(u).toMatchObject({
      name: "Renamed",
      intervalMinutes: 15,
      enabled: false,
      secretsSet: [],
      version: 2,
    });
    const stale = await pm.request("PATCH", `${w}/sources/${s.id}`, { version: 1, name: "Again" });
    expect(stale.statusCode).toBe(409);
    await pm.ok("DELETE", `${w}/sources/${s.id}`, undefined, 204);
    expect((await pm.request("GET", `${w}/sources/${s.id}`)).statusCode).toBe(404);
  });

  it("refuses to poll a source on a loopback address without BATON_FETCH_ALLOW_PRIVATE, recording the error", async () => {
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "rss", name: "Local", config: { url: `${server.origin}/feed` } },
      201,
    );
    const before = server.requests.length;
    const r = await pm.ok("POST", `${w}/sources/${s.id}/poll`);
    expect(r).toMatchObject({ outcome: "error", created: 0, error: { code: "blocked_address" } });
    expect(r.source.state).toMatchObject({ consecutiveFailures: 1, lastError: { code: "blocked_address" } });
    expect(server.requests.length).toBe(before);
    // A name that resolves to 127.0.0.1 is refused the same way.
    const named = await pm.ok(
      "POST",
      `${w}/sources`,
      {
        kind: "rss",
        name: "Named",
        config: { url: `${server.origin.replace("127.0.0.1", "localhost")}/feed` },
      },
      201,
    );
    const r2 = await pm.ok("POST", `${w}/sources/${named.id}/poll`);
    expect(r2.error?.code).toBe("blocked_address");
    expect(server.requests.length).toBe(before);
  });
});

describe("sources list pages", () => {
  it("pages oldest first with a keyset cursor, every source once, and refuses a forged cursor", async () => {
    const created: string[] = [];
    // One request after another: each source's created_at (the database's now()) is later than the one before.
    for (let i = 0; i < 5; i++) {
      created.push(
        (await pm.ok("POST", `${w}/sources`, { ...github({ name: `Paged ${i}` }), enabled: false }, 201)).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await pm.ok(
        "GET",
        `${w}/sources?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const all = (await pm.ok("GET", `${w}/sources?limit=200`)).items.map((x: { id: string }) => x.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(-5)).toEqual(created);
    expect(pages).toBe(Math.ceil(all.length / 2));
    const forged = await pm.request("GET", `${w}/sources?cursor=not-a-cursor`);
    expect(forged.statusCode).toBe(400);
    expect((await pm.request("GET", `${w}/sources?limit=201`)).statusCode).toBe(400);
  });
});

describe("sources: tenancy and permissions", () => {
  let id: string;
  beforeAll(async () => {
    id = (await pm.ok("POST", `${w}/sources`, github({ name: "Mine" }), 201)).id;
  });

  it("answers 404 for another workspace's source on every route", async () => {
    const stranger = await otherTenant(pm);
    const ow = `/api/v1/workspaces/${stranger.wid}`;
    expect((await stranger.request("GET", `${ow}/sources/${id}`)).statusCode).toBe(404);
    expect(
      (await stranger.request("PATCH", `${ow}/sources/${id}`, { version: 1, name: "x" })).statusCode,
    ).toBe(404);
    expect((await stranger.request("POST", `${ow}/sources/${id}/poll`)).statusCode).toBe(404);
    expect((await stranger.request("DELETE", `${ow}/sources/${id}`)).statusCode).toBe(404);
    expect((await stranger.ok("GET", `${ow}/sources`)).items).toEqual([]);
    expect((await pm.ok("GET", `${w}/sources/${id}`)).name).toBe("Mine");
  });

  it("lets members read sources, and only owners, admins and product managers manage and poll them", async () => {
    const contributor = await addUser(pm, "contributor");
    const viewer = await addUser(pm, "viewer");
    expect((await viewer.request("GET", `${w}/sources`)).statusCode).toBe(200);
    expect((await viewer.request("GET", `${w}/sources/${id}`)).statusCode).toBe(200);
    for (const c of [contributor, viewer]) {
      expect((await c.request("POST", `${w}/sources`, github())).statusCode).toBe(403);
      expect((await c.request("PATCH", `${w}/sources/${id}`, { version: 1, name: "x" })).statusCode).toBe(
        403,
      );
      expect((await c.request("POST", `${w}/sources/${id}/poll`)).statusCode).toBe(403);
      expect((await c.request("DELETE", `${w}/sources/${id}`)).statusCode).toBe(403);
    }
    const manager = await addUser(pm, "product_manager");
    const s = await manager.ok("POST", `${w}/sources`, github({ name: "By the PM" }), 201);
    await manager.ok("DELETE", `${w}/sources/${s.id}`, undefined, 204);
  });
});
