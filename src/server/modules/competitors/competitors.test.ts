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
import { recordObservedPrices } from "./pricing.service.ts";

let t: TestApp;
let pm: Client;
let contributor: Client;
let viewer: Client;
let stranger: Client;
let w: string;
let pid: string;

beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  viewer = await addUser(pm, "viewer");
  stranger = await otherTenant(pm);
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
});
afterAll(async () => {
  expect(t.conformance?.violations, "responses that contradict the OpenAPI document").toEqual([]);
  await t.close();
});

let n = 0;
const fresh = async (extra: Record<string, unknown> = {}) =>
  pm.ok("POST", `${w}/competitors`, { name: `Rival ${n++}`, ...extra }, 201);
const auditActions = async (entityId: string) =>
  (await pm.ok("GET", `${w}/audit?limit=200`)).items
    .filter((e: { entityId: string }) => e.entityId === entityId)
    .map((e: { action: string }) => e.action);

describe("competitor profiles", () => {
  it("creates, lists with filters, reads, edits with versions and deletes, all audited", async () => {
    const c = await pm.ok(
      "POST",
      `${w}/competitors`,
      {
        name: "  Acme Analytics ",
        website: "https://acme.example",
        positioning: "Analytics for everyone",
        segments: ["SMB", "SMB", "Mid-market"],
        notes: "# Notes\n<script>alert(1)</script>",
        links: [{ label: "Pricing", url: "https://acme.example/pricing" }],
        productIds: [pid],
      },
      201,
    );
    expect(c).toMatchObject({
      name: "Acme Analytics",
      status: "active",
      segments: ["SMB", "Mid-market"],
      products: [{ id: pid, name: "Core" }],
      watching: false,
      watcherCount: 0,
      logoUpdatedAt: null,
      version: 1,
      notes: "# Notes\n<script>alert(1)</script>",
    });
    const other = await fresh({ status: "watch" });
    const list = await viewer.ok("GET", `${w}/competitors`);
    expect(list.items.map((x: { name: string }) => x.name)).toContain("Acme Analytics");
    expect(list.items[0]).not.toHaveProperty("notes");
    const byProduct = await viewer.ok("GET", `${w}/competitors?productId=${pid}`);
    expect(byProduct.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const watched = await viewer.ok("GET", `${w}/competitors?status=watch`);
    expect(watched.items.map((x: { id: string }) => x.id)).toEqual([other.id]);
    expect((await viewer.ok("GET", `${w}/competitors?q=analytics`)).items).toHaveLength(1);

    const edited = await contributor.ok("PATCH", `${w}/competitors/${c.id}`, {
      version: 1,
      positioning: "Cheap analytics",
      status: "watch",
    });
    expect(edited).toMatchObject({ positioning: "Cheap analytics", status: "watch", version: 2 });
    const stale = await contributor.patch(`${w}/competitors/${c.id}`, { version: 1, name: "Late" });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).fields).toEqual({ version: "stale version" });

    // Archiving needs competitors.manage.
    const archive = await contributor.patch(`${w}/competitors/${c.id}`, { version: 2, status: "archived" });
    expect(archive.statusCode).toBe(403);
    expect(
      (await pm.ok("PATCH", `${w}/competitors/${c.id}`, { version: 2, status: "archived" })).status,
    ).toBe("archived");
    expect(await auditActions(c.id)).toEqual(
      expect.arrayContaining(["competitor.create", "competitor.update", "competitor.archive"]),
    );

    expect((await contributor.del(`${w}/competitors/${other.id}`)).statusCode).toBe(403);
    await pm.ok("DELETE", `${w}/competitors/${other.id}`, undefined, 204);
    expect((await pm.get(`${w}/competitors/${other.id}`)).statusCode).toBe(404);
    expect(await auditActions(other.id)).toContain("competitor.delete");
  });

  it("refuses bad input with field errors: names taken, URLs not http(s), unknown products", async () => {
    await pm.ok("POST", `${w}/competitors`, { name: "Unique Co" }, 201);
    const dup = await pm.post(`${w}/competitors`, { name: "unique co" });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).fields).toEqual({ name: "already taken" });
    for (const website of ["javascript:alert(1)", "ftp://x.example", "acme.example", "https://"]) {
      const res = await pm.post(`${w}/competitors`, { name: `U${n++}`, website });
      expect(res.statusCode, website).toBe(400);
      expect(errorOf(res).fields).toHaveProperty("website");
    }
    const badLink = await pm.post(`${w}/competitors`, {
      name: `U${n++}`,
      links: [{ label: "x", url: "data:text/html,hi" }],
    });
    expect(errorOf(badLink).fields).toHaveProperty("links.0.url");
    const empty = await pm.post(`${w}/competitors`, { name: "  " });
    expect(errorOf(empty).fields).toHaveProperty("name");
    const missing = await pm.post(`${w}/competitors`, {
      name: `U${n++}`,
      productIds: ["00000000-0000-4000-8000-000000000000"],
    });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).fields).toEqual({ "productIds.0": "not a product here" });
  });

  it("links and unlinks products (idempotent); another workspace's product is 404", async () => {
    const c = await fresh();
    const p2 = (await pm.ok("POST", `${w}/products`, { name: "Second" }, 201)).id;
    await contributor.ok("PUT", `${w}/competitors/${c.id}/products/${p2}`);
    const again = await contributor.ok("PUT", `${w}/competitors/${c.id}/products/${p2}`);
    expect(again.products).toEqual([{ id: p2, name: "Second" }]);
    const theirs = (
      await stranger.ok("POST", `/api/v1/workspaces/${stranger.wid}/products`, { name: "Theirs" }, 201)
    ).id;
    expect((await contributor.put(`${w}/competitors/${c.id}/products/${theirs}`)).statusCode).toBe(404);
    expect((await viewer.put(`${w}/competitors/${c.id}/products/${p2}`)).statusCode).toBe(403);
    expect((await contributor.ok("DELETE", `${w}/competitors/${c.id}/products/${p2}`)).products).toEqual([]);
    expect(await auditActions(c.id)).toEqual(
      expect.arrayContaining(["competitor.product_link", "competitor.product_unlink"]),
    );
  });

  it("lets any reader watch for themselves; parallel watch requests add one watcher", async () => {
    const c = await fresh();
    const url = `${w}/competitors/${c.id}/watch`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => viewer.put(url)));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.at(-1)?.json()).toEqual({ watching: true, watcherCount: 1 });
    await pm.ok("PUT", url);
    const watchers = await viewer.ok("GET", `${w}/competitors/${c.id}/watchers`);
    expect(watchers.items.map((x: { userId: string }) => x.userId)).toEqual([viewer.userId, pm.userId]);
    expect((await viewer.ok("GET", `${w}/competitors/${c.id}`)).watching).toBe(true);
    expect((await contributor.ok("GET", `${w}/competitors/${c.id}`)).watching).toBe(false);
    expect(await viewer.ok("DELETE", url)).toEqual({ watching: false, watcherCount: 1 });
    expect(await viewer.ok("DELETE", url)).toEqual({ watching: false, watcherCount: 1 });
    expect((await auditActions(c.id)).filter((a: string) => a === "competitor.watch")).toHaveLength(2);
  });
});

// The smallest images of each kind, as their magic bytes and a little padding.
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);
const GIF = Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(16, 0)]);
const ICO = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(16, 0)]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe("logos", () => {
  const upload = (c: Client, id: string, body: Buffer, type = "image/png") =>
    t.app.inject({
      method: "PUT",
      url: `${w}/competitors/${id}/logo`,
      payload: body,
      headers: { cookie: c.cookie, "x-csrf-token": c.csrf, "content-type": type },
    });

  it("keeps an upload checked by its magic bytes and serves it with a CSP that allows nothing", async () => {
    const c = await fresh();
    // The type comes from the bytes, not from what the upload claims.
    const res = await upload(contributor, c.id, GIF, "image/png");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ contentType: "image/gif", bytes: GIF.length, fetchedFrom: null });
    const got = await viewer.get(`${w}/competitors/${c.id}/logo`);
    expect(got.statusCode).toBe(200);
    expect(got.headers["content-type"]).toBe("image/gif");
    expect(got.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    expect(got.rawPayload.equals(GIF)).toBe(true);
    expect((await upload(contributor, c.id, ICO, "image/x-icon")).json().contentType).toBe("image/x-icon");
    expect((await upload(contributor, c.id, PNG)).json().contentType).toBe("image/png");
    expect((await viewer.ok("GET", `${w}/competitors/${c.id}`)).logoUpdatedAt).not.toBeNull();
    expect(await auditActions(c.id)).toContain("competitor.logo_upload");
  });

  it("refuses SVG, HTML, empty and oversized bodies, JSON, and viewers", async () => {
    const c = await fresh();
    const svg = await upload(contributor, c.id, SVG, "image/png");
    expect(svg.statusCode).toBe(400);
    expect(errorOf(svg).fields).toHaveProperty("body");
    expect((await upload(contributor, c.id, SVG, "image/svg+xml")).statusCode).toBe(415);
    expect((await upload(contributor, c.id, Buffer.from("<html></html>"), "image/jpeg")).statusCode).toBe(
      400,
    );
    expect((await upload(contributor, c.id, Buffer.alloc(0), "image/png")).statusCode).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    expect((await upload(contributor, c.id, big)).statusCode).toBe(413);
    expect((await contributor.put(`${w}/competitors/${c.id}/logo`, { image: "x" })).statusCode).toBe(415);
    expect((await upload(viewer, c.id, PNG)).statusCode).toBe(403);
    expect((await viewer.get(`${w}/competitors/${c.id}/logo`)).statusCode).toBe(404);
    expect((await pm.ok("GET", `${w}/competitors/${c.id}`)).logoUpdatedAt).toBeNull();
  });

  it("refuses to fetch a favicon from a loopback address (no BATON_FETCH_ALLOW_PRIVATE here)", async () => {
    const c = await fresh({ website: "http://127.0.0.1:9/" });
    const res = await contributor.post(`${w}/competitors/${c.id}/logo/fetch`);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields?.website).toMatch(/Cannot fetch/);
    const none = await fresh();
    expect(errorOf(await contributor.post(`${w}/competitors/${none.id}/logo/fetch`)).fields).toEqual({
      website: "Add the competitor's website first",
    });
  });
});

describe("SWOT", () => {
  it("adds cards with their source, edits with versions, moves between quadrants and reorders", async () => {
    const c = await fresh();
    const add = (quadrant: string, text: string, extra = {}) =>
      contributor.ok("POST", `${w}/competitors/${c.id}/swot`, { quadrant, text, ...extra }, 201);
    const a = await add("strength", "Great onboarding", {
      sourceUrl: "https://acme.example/blog",
      sourceDate: "2026-11-02",
      changeId: "00000000-0000-4000-8000-000000000001",
    });
    expect(a).toMatchObject({
      quadrant: "strength",
      position: 0,
      sourceUrl: "https://acme.example/blog",
      sourceDate: "2026-11-02",
      changeId: "00000000-0000-4000-8000-000000000001",
    });
    const b = await add("strength", "Big brand");
    const d = await add("threat", "Bundles with CRM");
    expect(b.position).toBe(1);
    // b to the top of strengths.
    const up = await contributor.ok("PATCH", `${w}/swot-cards/${b.id}`, { version: 1, position: 0 });
    expect(up.position).toBe(0);
    // a moves to threats, first.
    const moved = await contributor.ok("PATCH", `${w}/swot-cards/${a.id}`, {
      version: 1,
      quadrant: "threat",
      position: 0,
    });
    expect(moved).toMatchObject({ quadrant: "threat", position: 0, version: 2 });
    const board = (await viewer.ok("GET", `${w}/competitors/${c.id}/swot`)).items;
    expect(
      board.map((x: { text: string; quadrant: string; position: number }) => [
        x.quadrant,
        x.text,
        x.position,
      ]),
    ).toEqual([
      ["strength", "Big brand", 0],
      ["threat", "Great onboarding", 0],
      ["threat", "Bundles with CRM", 1],
    ]);
    expect((await contributor.patch(`${w}/swot-cards/${a.id}`, { version: 1, text: "x" })).statusCode).toBe(
      409,
    );
    const bad = await contributor.post(`${w}/competitors/${c.id}/swot`, {
      quadrant: "joy",
      text: "",
      sourceUrl: "javascript:x",
      sourceDate: "2026-02-30",
    });
    expect(Object.keys(errorOf(bad).fields ?? {}).sort()).toEqual([
      "quadrant",
      "sourceDate",
      "sourceUrl",
      "text",
    ]);
    expect(
      (await viewer.post(`${w}/competitors/${c.id}/swot`, { quadrant: "threat", text: "x" })).statusCode,
    ).toBe(403);
    await contributor.ok("DELETE", `${w}/swot-cards/${a.id}`, undefined, 204);
    const after = (await viewer.ok("GET", `${w}/competitors/${c.id}/swot`)).items;
    expect(after.find((x: { id: string }) => x.id === d.id).position).toBe(0);
    expect(await auditActions(a.id)).toEqual(
      expect.arrayContaining(["swot.create", "swot.move", "swot.delete"]),
    );
  });
});

describe("pricing", () => {
  it("keeps a dated history: created, changed prices appended, unchanged edits not", async () => {
    const c = await fresh();
    const plan = await contributor.ok(
      "POST",
      `${w}/competitors/${c.id}/plans`,
      { name: "Pro", price: 29.999, currency: "usd", unit: "per user", billingPeriod: "month" },
      201,
    );
    expect(plan).toMatchObject({ name: "Pro", price: 30, currency: "USD", unit: "per user", version: 1 });
    const renamed = await contributor.ok("PATCH", `${w}/pricing-plans/${plan.id}`, {
      version: 1,
      name: "Pro+",
    });
    const raised = await contributor.ok("PATCH", `${w}/pricing-plans/${plan.id}`, {
      version: renamed.version,
      price: 35,
      sourceUrl: "https://acme.example/pricing",
    });
    expect(raised.price).toBe(35);
    await contributor.ok("POST", `${w}/competitors/${c.id}/plans`, { name: "Enterprise", price: null }, 201);
    const dup = await contributor.post(`${w}/competitors/${c.id}/plans`, { name: "pro+" });
    expect(dup.statusCode).toBe(409);
    const history = (await viewer.ok("GET", `${w}/competitors/${c.id}/price-history`)).items;
    expect(
      history.map((h: { planName: string; price: number | null; origin: string }) => [
        h.planName,
        h.price,
        h.origin,
      ]),
    ).toEqual([
      ["Pro+", 30, "manual"],
      ["Pro+", 35, "manual"],
      ["Enterprise", null, "manual"],
    ]);
    const stale = await contributor.patch(`${w}/pricing-plans/${plan.id}`, { version: 1, price: 1 });
    expect(stale.statusCode).toBe(409);
    const bad = await contributor.post(`${w}/competitors/${c.id}/plans`, {
      name: "X",
      price: -1,
      currency: "dollars",
      billingPeriod: "week",
    });
    expect(Object.keys(errorOf(bad).fields ?? {}).sort()).toEqual(["billingPeriod", "currency", "price"]);
    expect(await auditActions(plan.id)).toEqual(
      expect.arrayContaining(["pricing.plan_create", "pricing.plan_update", "pricing.price_change"]),
    );
  });

  it("recordObservedPrices: matches plans by name, creates missing ones, appends only real changes", async () => {
    const c = await fresh();
    const plan = await contributor.ok(
      "POST",
      `${w}/competitors/${c.id}/plans`,
      { name: "Starter", price: 10, currency: "EUR", unit: "per seat", billingPeriod: "month" },
      201,
    );
    let minutes = 0;
    const meta = (id: string) => ({
      changeId: id,
      sourceUrl: "https://acme.example/pricing",
      observedAt: new Date(Date.now() + ++minutes * 60_000),
    });
    const first = await t.database.db.transaction((tx) =>
      recordObservedPrices(
        tx,
        pm.wid,
        c.id,
        [
          { plan: "STARTER", price: 10, currency: "eur", period: "month" },
          { plan: "Business", price: 99, currency: "EUR", period: "month", unit: "per seat" },
        ],
        meta("00000000-0000-4000-8000-00000000000a"),
      ),
    );
    expect(first.changed).toEqual([]);
    expect(first.created).toHaveLength(1);
    const second = await t.database.db.transaction((tx) =>
      recordObservedPrices(
        tx,
        pm.wid,
        c.id,
        [
          { plan: "starter", price: 12, currency: "EUR", period: "month" },
          { plan: "Business", price: 99, currency: "EUR", period: "month", unit: "per seat" },
        ],
        meta("00000000-0000-4000-8000-00000000000b"),
      ),
    );
    expect(second).toEqual({ created: [], changed: [plan.id] });
    const history = (await pm.ok("GET", `${w}/competitors/${c.id}/price-history`)).items;
    expect(
      history.map((h: { planName: string; price: number; origin: string; changeId: string | null }) => [
        h.planName,
        h.price,
        h.origin,
        h.changeId,
      ]),
    ).toEqual([
      ["Starter", 10, "manual", null],
      ["Business", 99, "monitor", "00000000-0000-4000-8000-00000000000a"],
      ["Starter", 12, "monitor", "00000000-0000-4000-8000-00000000000b"],
    ]);
    const starter = await pm.ok("GET", `${w}/pricing-plans/${plan.id}`);
    expect(starter).toMatchObject({ price: 12, unit: "per seat", version: 2 });
    // A third run with the same prices changes nothing.
    const third = await t.database.db.transaction((tx) =>
      recordObservedPrices(
        tx,
        pm.wid,
        c.id,
        [{ plan: "Starter", price: 12, currency: "EUR", period: "month" }],
        meta("00000000-0000-4000-8000-00000000000c"),
      ),
    );
    expect(third).toEqual({ created: [], changed: [] });
    expect((await pm.ok("GET", `${w}/competitors/${c.id}/price-history`)).items).toHaveLength(3);
  });
});

describe("battlecards", () => {
  it("has four sections, written with versions (0 the first time)", async () => {
    const c = await fresh();
    const empty = await viewer.ok("GET", `${w}/competitors/${c.id}/battlecard`);
    expect(empty.sections.map((s: { section: string; version: number }) => [s.section, s.version])).toEqual([
      ["why_we_win", 0],
      ["why_we_lose", 0],
      ["objections", 0],
      ["landmines", 0],
    ]);
    const url = `${w}/competitors/${c.id}/battlecard/why_we_win`;
    const s1 = await contributor.ok("PUT", url, { version: 0, body: "- **Faster** setup" });
    expect(s1).toMatchObject({ section: "why_we_win", body: "- **Faster** setup", version: 1 });
    expect((await contributor.put(url, { version: 0, body: "again" })).statusCode).toBe(409);
    const s2 = await contributor.ok("PUT", url, { version: 1, body: "- Faster setup\n- Cheaper" });
    expect(s2.version).toBe(2);
    expect((await contributor.put(url, { version: 1, body: "stale" })).statusCode).toBe(409);
    expect((await viewer.put(url, { version: 2, body: "x" })).statusCode).toBe(403);
    expect(
      (await contributor.put(`${w}/competitors/${c.id}/battlecard/secrets`, { version: 0, body: "" }))
        .statusCode,
    ).toBe(400);
    const card = await viewer.ok("GET", `${w}/competitors/${c.id}/battlecard`);
    expect(card.competitorName).toBe(c.name);
    expect(card.sections[0].body).toBe("- Faster setup\n- Cheaper");
    expect(await auditActions(c.id)).toContain("battlecard.update");
  });
});

describe("tenancy", () => {
  it("answers 404 for another workspace's competitor, card and plan ids", async () => {
    const c = await fresh({ productIds: [pid] });
    const card = await pm.ok(
      "POST",
      `${w}/competitors/${c.id}/swot`,
      { quadrant: "threat", text: "Secret" },
      201,
    );
    const plan = await pm.ok("POST", `${w}/competitors/${c.id}/plans`, { name: "Secret", price: 1 }, 201);
    const own = `/api/v1/workspaces/${stranger.wid}`;
    for (const base of [w, own]) {
      const probes: [string, string, unknown?][] = [
        ["GET", `${base}/competitors/${c.id}`],
        ["PATCH", `${base}/competitors/${c.id}`, { version: 1, name: "Hacked" }],
        ["DELETE", `${base}/competitors/${c.id}`],
        ["PUT", `${base}/competitors/${c.id}/watch`],
        ["GET", `${base}/competitors/${c.id}/swot`],
        ["POST", `${base}/competitors/${c.id}/swot`, { quadrant: "threat", text: "Hacked" }],
        ["PATCH", `${base}/swot-cards/${card.id}`, { version: 1, text: "Hacked" }],
        ["DELETE", `${base}/swot-cards/${card.id}`],
        ["GET", `${base}/competitors/${c.id}/plans`],
        ["PATCH", `${base}/pricing-plans/${plan.id}`, { version: 1, price: 0 }],
        ["GET", `${base}/competitors/${c.id}/price-history`],
        ["PUT", `${base}/competitors/${c.id}/battlecard/landmines`, { version: 0, body: "Hacked" }],
        ["GET", `${base}/competitors/${c.id}/logo`],
      ];
      for (const [method, url, body] of probes) {
        const res = await stranger.request(
          method,
          url,
          body ?? (method === "GET" || method === "DELETE" ? undefined : {}),
        );
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
    // Their own competitor cannot link our product.
    const theirs = await stranger.ok("POST", `${own}/competitors`, { name: "Theirs" }, 201);
    expect((await stranger.put(`${own}/competitors/${theirs.id}/products/${pid}`)).statusCode).toBe(404);
    const still = await pm.ok("GET", `${w}/competitors/${c.id}`);
    expect(still).toMatchObject({ name: c.name, version: 1, watcherCount: 0 });
  });
});
