import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rawRows } from "../../db/hot.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import { MAX_ATTEMPTS, runDueJobs } from "../jobs/jobs.service.ts";
import { checkMonitor, monitorJobHandlers } from "./monitoring.check.ts";
import { clearRobotsCache } from "./monitoring.fetch.ts";
import { countSnapshots } from "./monitoring.queries.ts";
import { FakeSite, pricingPage, productPage } from "./test/fake-site.ts";

// The fake website listens on 127.0.0.1: the guard must let loopback through for these checks, without a pause
// between requests to one host. (The refusal without it is tested below with allowPrivate: false.)
process.env.BATON_FETCH_ALLOW_PRIVATE = "1";
process.env.BATON_FETCH_HOST_DELAY_MS = "0";

let t: TestApp;
let pm: Client;
let w: string;
let site: FakeSite;
let competitor: string;
const PUBLIC_URL = "http://baton.test";

beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  site = await new FakeSite().start();
  competitor = (await pm.ok("POST", `${w}/competitors`, { name: "Acme", website: site.origin }, 201)).id;
  await pm.ok("PUT", `${w}/competitors/${competitor}/watch`);
});
afterAll(async () => {
  await site.close();
  expect(t.conformance?.violations, "responses that contradict the OpenAPI document").toEqual([]);
  await t.close();
});
beforeEach(() => {
  clearRobotsCache();
  site.set("/robots.txt", { status: 404, body: "" });
});

const monitors = () => `${w}/competitors/${competitor}/monitors`;
let n = 0;
const add = async (body: Record<string, unknown>) =>
  pm.ok("POST", monitors(), { name: `M${n++}`, kind: "page", ...body }, 201);
const check = async (m: { id: string }) => pm.ok("POST", `${monitors()}/${m.id}/check`);
/** A check through the service with fetch options the route keeps at their defaults (short timeouts). */
const checkWith = (m: { id: string }, fetch: Parameters<typeof checkMonitor>[4]["fetch"]) =>
  checkMonitor(t.database.db, pm.wid, m.id, t.clock, { publicUrl: PUBLIC_URL, fetch });
const page = (path: string) => `${site.origin}${path}`;

describe("monitors API", () => {
  it("creates a page monitor with defaults, lists it with its health, and audits it", async () => {
    site.html("/api-1", productPage());
    const m = await add({ url: page("/api-1") });
    expect(m).toMatchObject({
      kind: "page",
      url: page("/api-1"),
      config: { selector: null, ignoreSelectors: [], ignorePatterns: [], pricing: false },
      intervalMinutes: 1440,
      thresholdPercent: 1,
      enabled: true,
      health: { state: "pending", checking: false, consecutiveFailures: 0, lastError: null, checks: 0 },
      version: 1,
    });
    const list = await pm.ok("GET", monitors());
    expect(list.items.map((x: { id: string }) => x.id)).toContain(m.id);
    const audit = await pm.ok("GET", `${w}/audit?entityType=monitor&entityId=${m.id}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["monitor.create"]);
  });

  it("refuses bad settings field by field, catastrophic patterns included", async () => {
    const res = await pm.request("POST", monitors(), {
      kind: "page",
      name: "",
      url: "ftp://x",
      intervalMinutes: 5,
      config: { ignorePatterns: ["(a+)+$", "[unclosed", "ok \\d+ users"], selector: "div[" },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual(
      ["config.ignorePatterns.0", "config.ignorePatterns.1", "intervalMinutes", "name", "url"].sort(),
    );
    const selector = await pm.request("POST", monitors(), {
      kind: "page",
      name: "x",
      url: page("/"),
      config: { selector: "div[" },
    });
    expect(errorOf(selector).fields).toHaveProperty("config.selector");
    const pointer = await pm.request("POST", monitors(), {
      kind: "json",
      name: "x",
      url: page("/"),
      config: { pointer: "a/b" },
    });
    expect(errorOf(pointer).fields).toHaveProperty("config.pointer");
    const gh = await pm.request("POST", monitors(), {
      kind: "github_releases",
      name: "x",
      config: { owner: "a b", repo: "" },
    });
    expect(Object.keys(errorOf(gh).fields ?? {}).sort()).toEqual(["config.owner", "config.repo"]);
  });

  it("updates with the version (409 when stale), pauses, deletes, and hides other competitors' monitors", async () => {
    const m = await add({ url: page("/api-2") });
    const bad = await pm.request("PATCH", `${monitors()}/${m.id}`, {
      version: 1,
      config: { ignorePatterns: ["(x*)*"] },
    });
    expect(errorOf(bad).fields).toHaveProperty("config.ignorePatterns.0");
    const u = await pm.ok("PATCH", `${monitors()}/${m.id}`, {
      version: 1,
      enabled: false,
      thresholdPercent: 5,
      intervalMinutes: 60,
      config: { selector: "main", pricing: true },
    });
    expect(u).toMatchObject({
      enabled: false,
      thresholdPercent: 5,
      intervalMinutes: 60,
      version: 2,
      health: { state: "paused" },
    });
    expect(u.config).toMatchObject({ selector: "main", pricing: true, ignorePatterns: [] });
    expect(
      (await pm.request("PATCH", `${monitors()}/${m.id}`, { version: 1, name: "again" })).statusCode,
    ).toBe(409);
    const other = (await pm.ok("POST", `${w}/competitors`, { name: `Other ${n++}` }, 201)).id;
    expect((await pm.request("GET", `${w}/competitors/${other}/monitors/${m.id}`)).statusCode).toBe(404);
    await pm.ok("DELETE", `${monitors()}/${m.id}`, undefined, 204);
    expect((await pm.request("GET", `${monitors()}/${m.id}`)).statusCode).toBe(404);
  });

  it("keeps another workspace out", async () => {
    const m = await add({ url: page("/api-3") });
    const stranger = await otherTenant(pm);
    expect((await stranger.request("GET", monitors())).statusCode).toBe(404);
    const theirs = `/api/v1/workspaces/${stranger.wid}/competitors/${competitor}/monitors/${m.id}`;
    expect((await stranger.request("GET", theirs)).statusCode).toBe(404);
    expect((await stranger.request("POST", `${theirs}/check`)).statusCode).toBe(404);
  });

  it("lets viewers read health but not check or change", async () => {
    const viewer = await addUser(pm, "viewer");
    const m = await add({ url: page("/api-4") });
    expect((await viewer.request("GET", monitors())).statusCode).toBe(200);
    expect((await viewer.request("GET", `${w}/monitors`)).statusCode).toBe(200);
    expect((await viewer.request("POST", `${monitors()}/${m.id}/check`)).statusCode).toBe(403);
  });
});

describe("checking a web page", () => {
  it("stores a first snapshot, nothing for the same content, and reports a real text change with its diff", async () => {
    site.html("/text", productPage());
    const m = await add({ url: page("/text") });
    expect((await check(m)).outcome).toBe("first");
    expect((await check(m)).outcome).toBe("unchanged");
    expect(await countSnapshots(t.database.db, pm.wid, m.id)).toBe(1);
    site.html("/text", productPage({ tagline: "The AI roadmap platform for enterprise product teams" }));
    const r = await check(m);
    expect(r.outcome).toBe("changed");
    expect(r.change).toMatchObject({ reported: true, suggestedCategory: "messaging", importance: "normal" });
    expect(r.change.summary).toContain("AI roadmap");
    expect(r.monitor.health).toMatchObject({ state: "ok", consecutiveFailures: 0 });
    expect(r.monitor.health.lastChangeAt).not.toBeNull();
    expect(await countSnapshots(t.database.db, pm.wid, m.id)).toBe(2);
    // The stored diff: word-level ops, unchanged runs shortened.
    const rows = (await t.database.db.execute(
      `SELECT diff, changed_percent FROM competitor_changes WHERE id = '${r.change.id}'` as never,
    )) as unknown as { rows: { diff: [number, string][] | string }[] };
    const diff = typeof rows.rows[0]!.diff === "string" ? JSON.parse(rows.rows[0]!.diff) : rows.rows[0]!.diff;
    expect(
      diff
        .filter(([op]: [number]) => op === 1)
        .map(([, s]: [number, string]) => s)
        .join(" "),
    ).toMatch(/AI roadmap/);
    expect(
      diff
        .filter(([op]: [number]) => op === -1)
        .map(([, s]: [number, string]) => s)
        .join(" "),
    ).toMatch(/management/);
    // The User-Agent says who we are.
    const ua = site.requests.filter((x) => x.path === "/text").at(-1)!.headers["user-agent"];
    expect(ua).toMatch(/^Baton\/\S+ \(\+competitor monitoring; http:\/\/baton\.test\)$/);
  });

  it("reports nothing when only noise changed (counters, dates, tokens, session ids)", async () => {
    site.html("/noise", productPage({ load: 0 }));
    const m = await add({ url: page("/noise"), config: { pricing: false } });
    await check(m);
    for (const load of [1, 2, 7]) {
      site.html("/noise", productPage({ load }));
      const r = await check(m);
      expect(r.outcome, `load ${load}`).toBe("unchanged");
    }
    expect(await countSnapshots(t.database.db, pm.wid, m.id)).toBe(1);
  });

  it("masks the monitor's own ignore patterns and ignore selectors", async () => {
    const extra = (k: number) =>
      `<p>Our build: v${k}.0 Beta</p><aside class="promo">Promo of the day ${k}</aside>`;
    site.html("/ignore", productPage({ extra: extra(1) }));
    const m = await add({
      url: page("/ignore"),
      config: { ignorePatterns: ["v\\d+\\.0 Beta"], ignoreSelectors: [".promo"] },
    });
    await check(m);
    site.html("/ignore", productPage({ extra: extra(2) }));
    expect((await check(m)).outcome).toBe("unchanged");
  });

  it("keeps a small change below the threshold unreported", async () => {
    site.html("/threshold", productPage());
    const m = await add({ url: page("/threshold"), thresholdPercent: 50 });
    await check(m);
    site.html(
      "/threshold",
      productPage({
        features: [
          "Roadmaps that update themselves",
          "Feedback from every channel",
          "Scoring your team loves",
        ],
      }),
    );
    const r = await check(m);
    expect(r.outcome).toBe("changed");
    expect(r.change.reported).toBe(false);
  });

  it("reads prices from a pricing page into the pricing history on a change, as pricing with high importance", async () => {
    site.html(
      "/pricing",
      pricingPage([
        { name: "Starter", price: "$0" },
        { name: "Pro", price: "$29", period: "per user/month" },
        { name: "Business", price: "€490", period: "/year" },
      ]),
    );
    const m = await add({ url: page("/pricing"), config: { pricing: true } });
    const first = await check(m);
    expect(first.outcome).toBe("first");
    expect(first.prices).toEqual([
      { plan: "Starter", price: 0, currency: "USD", period: "month" },
      { plan: "Pro", price: 29, currency: "USD", period: "month", unit: "per user" },
      { plan: "Business", price: 490, currency: "EUR", period: "year" },
    ]);
    site.html(
      "/pricing",
      pricingPage([
        { name: "Starter", price: "$0" },
        { name: "Pro", price: "$35", period: "per user/month" },
        { name: "Business", price: "€490", period: "/year" },
      ]),
    );
    const r = await check(m);
    expect(r.outcome).toBe("changed");
    expect(r.change).toMatchObject({ reported: true, suggestedCategory: "pricing", importance: "high" });
    const history = await pm.ok("GET", `${w}/competitors/${competitor}/price-history`);
    // The first snapshot's prices start the history (no change yet); the change adds only the price that moved.
    const pro = (
      history.items as { planName: string; price: number; origin: string; changeId: string | null }[]
    )
      .filter((p) => p.planName === "Pro")
      .map((p) => [p.price, p.origin, p.changeId]);
    expect(pro).toEqual([
      [29, "monitor", null],
      [35, "monitor", r.change.id],
    ]);
    const business = history.items.filter((p: { planName: string }) => p.planName === "Business");
    expect(business).toHaveLength(1);
  });

  it("answers 304 with no change, sending the validators it was given", async () => {
    site.html("/etag", productPage(), { etag: '"v1"' });
    const m = await add({ url: page("/etag") });
    await check(m);
    const r = await check(m);
    expect(r.outcome).toBe("not_modified");
    expect(site.requests.filter((x) => x.path === "/etag").at(-1)!.headers["if-none-match"]).toBe('"v1"');
  });

  it("does not mistake a 200 challenge page or a gutted page for a change", async () => {
    site.html("/challenge", productPage());
    const m = await add({ url: page("/challenge") });
    await check(m);
    site.html(
      "/challenge",
      "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
    );
    const r = await check(m);
    expect(r).toMatchObject({ outcome: "error", error: { code: "error_page" }, change: null });
    site.html("/challenge", "<html><head><title>Acme</title></head><body><p>Hi</p></body></html>");
    expect((await check(m)).error?.code).toBe("error_page");
    site.html("/challenge", productPage({ load: 3 }));
    expect((await check(m)).outcome).toBe("unchanged");
  });

  it("says selector_missing when the watched element is gone, and alerts the watchers at once", async () => {
    site.html("/selector", productPage());
    const m = await add({ url: page("/selector"), config: { selector: "#features" } });
    expect((await check(m)).outcome).toBe("first");
    site.html("/selector", productPage().replace('id="features"', 'id="gone"'));
    const r = await check(m);
    expect(r).toMatchObject({
      outcome: "error",
      error: { code: "selector_missing" },
      monitor: { health: { state: "selector_missing" } },
    });
    const inbox = await pm.ok("GET", `${w}/notifications`);
    expect(
      inbox.items.some(
        (x: { kind: string; title: string }) => x.kind === "monitor.alert" && x.title.includes(m.name),
      ),
    ).toBe(true);
  });
});

describe("checking feeds, sitemaps, JSON and APIs", () => {
  const rss = (titles: string[]) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme blog</title><link>${site.origin}</link><description>x</description>${titles
      .map(
        (title, i) =>
          `<item><title>${title}</title><link>${site.origin}/blog/${i}</link><guid>${site.origin}/blog/${title.length}</guid><pubDate>Mon, 0${i + 1} Dec 2026 10:00:00 GMT</pubDate><description>About ${title}</description></item>`,
      )
      .join("")}</channel></rss>`;

  it("reports new feed entries as product changes", async () => {
    const type = { "content-type": "application/rss+xml" };
    site.set("/feed", { headers: type, body: rss(["Dark mode", "SSO for all plans"]) });
    const m = await add({ kind: "feed", url: page("/feed") });
    expect((await check(m)).outcome).toBe("first");
    site.set("/feed", { headers: type, body: rss(["Launching Acme AI", "Dark mode", "SSO for all plans"]) });
    const r = await check(m);
    expect(r.change).toMatchObject({ reported: true, suggestedCategory: "product" });
    expect(r.change.summary).toContain("Launching Acme AI");
    site.set("/feed", { headers: type, body: "<html>not a feed</html>" });
    expect((await check(m)).error?.code).toBe("bad_content");
  });

  it("reads a sitemap index and reports new and removed pages", async () => {
    const urlset = (paths: string[]) =>
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>https://acme.example${p}</loc><lastmod>2026-12-01</lastmod></url>`).join("")}</urlset>`;
    site.set("/sitemap.xml", {
      headers: { "content-type": "application/xml" },
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.origin}/sitemap-pages.xml</loc></sitemap><sitemap><loc>${site.origin}/sitemap-blog.xml</loc></sitemap></sitemapindex>`,
    });
    site.set("/sitemap-pages.xml", { body: urlset(["/", "/pricing", "/about"]) });
    site.set("/sitemap-blog.xml", { body: urlset(["/blog/a", "/blog/b"]) });
    const m = await add({ kind: "sitemap", url: page("/sitemap.xml") });
    expect((await check(m)).outcome).toBe("first");
    site.set("/sitemap-pages.xml", { body: urlset(["/", "/pricing", "/careers", "/enterprise"]) });
    const r = await check(m);
    expect(r.outcome).toBe("changed");
    expect(r.change.summary).toContain("/careers");
    expect(r.change.summary).toContain("/enterprise");
    expect(r.change.summary).toContain("− https://acme.example/about");
  });

  it("watches a JSON pointer and says selector_missing when it is gone", async () => {
    const doc = (price: number) =>
      JSON.stringify({ plans: [{ name: "Pro", price }], generatedAt: Date.now() });
    site.set("/plans.json", { headers: { "content-type": "application/json" }, body: doc(10) });
    const m = await add({ kind: "json", url: page("/plans.json"), config: { pointer: "/plans/0" } });
    await check(m);
    site.set("/plans.json", { headers: { "content-type": "application/json" }, body: doc(10) });
    expect((await check(m)).outcome).toBe("unchanged");
    site.set("/plans.json", { headers: { "content-type": "application/json" }, body: doc(12) });
    const r = await check(m);
    expect(r.change.summary).toContain("12");
    site.set("/plans.json", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ plans: [] }),
    });
    expect((await check(m)).error?.code).toBe("selector_missing");
  });

  it("follows GitHub releases (the REST API's shape, on a local fake)", async () => {
    const release = (tag: string, body: string) => ({
      url: `https://api.github.com/repos/acme/app/releases/${tag.length}`,
      html_url: `https://github.com/acme/app/releases/tag/${tag}`,
      id: tag.length,
      author: { login: "octocat", id: 1, type: "User" },
      node_id: "MDc6UmVsZWFzZTE=",
      tag_name: tag,
      target_commitish: "main",
      name: `Acme ${tag}`,
      body,
      draft: false,
      prerelease: false,
      created_at: "2026-12-01T10:00:00Z",
      published_at: "2026-12-01T10:00:00Z",
      assets: [],
      tarball_url: `https://api.github.com/repos/acme/app/tarball/${tag}`,
      zipball_url: `https://api.github.com/repos/acme/app/zipball/${tag}`,
    });
    const releases = [release("v1.1.0", "Faster sync"), release("v1.0.0", "First release")];
    site.set("/repos/acme/app/releases?per_page=20", () => ({
      headers: { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": "59" },
      body: JSON.stringify(releases),
      etag: `W/"${releases.length}"`,
    }));
    const robots = site.hits("/robots.txt");
    const m = await add({
      kind: "github_releases",
      config: { owner: "acme", repo: "app", apiUrl: site.origin },
    });
    expect(m.url).toBe("https://github.com/acme/app/releases");
    await check(m);
    expect((await check(m)).outcome).toBe("not_modified");
    releases.unshift(release("v2.0.0", "Offline mode and a new editor"), {
      ...release("v2.1.0-draft", "x"),
      draft: true,
    });
    const r = await check(m);
    expect(r.change).toMatchObject({ suggestedCategory: "product", reported: true });
    expect(r.change.summary).toContain("Offline mode");
    expect(r.change.summary).not.toContain("draft");
    const req = site.requests.filter((x) => x.path.startsWith("/repos/acme/app/releases")).at(-1)!;
    expect(req.headers.accept).toBe("application/vnd.github+json");
    expect(site.hits("/robots.txt")).toBe(robots);
  });

  it("follows an App Store listing (the iTunes lookup API's shape): version, notes, rating", async () => {
    const lookup = (version: string, notes: string, rating: number, count: number) =>
      JSON.stringify({
        resultCount: 1,
        results: [
          {
            kind: "software",
            trackId: 284882215,
            trackName: "Acme Roadmaps",
            trackViewUrl: "https://apps.apple.com/us/app/acme/id284882215",
            version,
            releaseNotes: notes,
            currentVersionReleaseDate: "2026-12-01T08:00:00Z",
            averageUserRating: rating,
            userRatingCount: count,
            description: "Plan your product.",
            price: 0,
            currency: "USD",
            sellerName: "Acme Inc.",
          },
        ],
      });
    site.set("/lookup?id=284882215&country=us", {
      headers: { "content-type": "text/javascript; charset=utf-8" },
      body: lookup("5.1", "Bug fixes", 4.61, 1000),
    });
    const m = await add({ kind: "app_store", config: { appId: "284882215", apiUrl: site.origin } });
    expect(m.url).toBe("https://apps.apple.com/us/app/id284882215");
    await check(m);
    // Another rating count and a rounding-level rating move: not a change.
    site.set("/lookup?id=284882215&country=us", { body: lookup("5.1", "Bug fixes", 4.64, 1012) });
    expect((await check(m)).outcome).toBe("unchanged");
    site.set("/lookup?id=284882215&country=us", {
      body: lookup("6.0", "Widgets and an iPad layout", 4.7, 1100),
    });
    const r = await check(m);
    expect(r.change.summary).toContain("6.0");
    expect(r.change.suggestedCategory).toBe("product");
  });
});

describe("failures are visible states, never changes", () => {
  it("waits out a 429's Retry-After", async () => {
    site.html("/busy", productPage());
    const m = await add({ url: page("/busy") });
    await check(m);
    site.set("/busy", { status: 429, headers: { "retry-after": "7200" }, body: "slow down" });
    const r = await check(m);
    expect(r).toMatchObject({
      outcome: "error",
      error: { code: "rate_limited" },
      monitor: { health: { consecutiveFailures: 1 } },
    });
    const next = new Date(r.monitor.health.nextCheckAt).getTime() - t.clock.now().getTime();
    expect(next).toBeGreaterThanOrEqual(7200_000);
  });

  it("times out on a slow page, caps an oversized one, stops a redirect loop, and says blocked on 403", async () => {
    site.html("/slow", productPage(), { delayMs: 2000 });
    const slow = await add({ url: page("/slow") });
    expect((await checkWith(slow, { timeoutMs: 300 }))!.error?.code).toBe("timeout");
    site.set("/huge", { hugeBytes: 20 * 1024 * 1024 });
    const huge = await add({ url: page("/huge") });
    expect((await check(huge)).error?.code).toBe("too_large");
    site.set("/loop-a", { status: 302, headers: { location: "/loop-b" } });
    site.set("/loop-b", { status: 302, headers: { location: "/loop-a" } });
    const loop = await add({ url: page("/loop-a") });
    expect((await check(loop)).error?.code).toBe("redirect_loop");
    site.set("/forbidden", { status: 403, body: "no bots" });
    const forbidden = await add({ url: page("/forbidden") });
    expect((await check(forbidden)).error?.code).toBe("blocked");
    site.set("/api.json", { headers: { "content-type": "application/json" }, body: "{}" });
    const notHtml = await add({ url: page("/api.json") });
    expect((await check(notHtml)).error?.code).toBe("not_html");
  });

  it("honours robots.txt: a disallowed page is never fetched", async () => {
    site.set("/robots.txt", { body: "User-agent: *\nAllow: /\n\nUser-agent: Baton\nDisallow: /private/\n" });
    site.html("/private/page", productPage());
    const m = await add({ url: page("/private/page") });
    const r = await check(m);
    expect(r).toMatchObject({ outcome: "error", error: { code: "robots" } });
    expect(site.hits("/private/page")).toBe(0);
  });

  it("refuses a loopback address unless private addresses are allowed", async () => {
    site.html("/guarded", productPage());
    const m = await add({ url: page("/guarded") });
    const robots = site.hits("/robots.txt");
    const r = await checkWith(m, { allowPrivate: false });
    expect(r!.error?.code).toBe("private_address");
    expect(site.hits("/guarded")).toBe(0);
    expect(site.hits("/robots.txt")).toBe(robots);
  });

  it("backs off, counts failures in a row, alerts the watchers once after three, and recovers", async () => {
    site.set("/flaky", { status: 500, body: "oops" });
    const m = await add({ url: page("/flaky") });
    const alerts = async () =>
      (await pm.ok("GET", `${w}/notifications`)).items.filter(
        (x: { kind: string; title: string }) => x.kind === "monitor.alert" && x.title.includes(`"${m.name}"`),
      ).length;
    const waits: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = await check(m);
      expect(r.monitor.health).toMatchObject({ state: "http_error", consecutiveFailures: i });
      waits.push(new Date(r.monitor.health.nextCheckAt).getTime() - t.clock.now().getTime());
    }
    expect(waits[3]).toBeGreaterThan(waits[0]!);
    expect(waits[3]).toBeLessThanOrEqual(1440 * 60_000);
    expect(await alerts()).toBe(1);
    site.html("/flaky", productPage());
    const ok = await check(m);
    expect(ok.monitor.health).toMatchObject({ state: "ok", consecutiveFailures: 0, lastError: null });
    const overview = await pm.ok("GET", `${w}/monitors?failing=true`);
    expect(overview.items.map((x: { id: string }) => x.id)).not.toContain(m.id);
    expect(overview.counts.total).toBeGreaterThan(overview.counts.failing);
  });
});

describe("scheduled checks", () => {
  it("runs due checks through the durable job once, and re-arms the next one with jitter", async () => {
    site.html("/scheduled", productPage());
    const m = await add({ url: page("/scheduled"), intervalMinutes: 60 });
    const handlers = monitorJobHandlers(PUBLIC_URL);
    const before = site.hits("/scheduled");
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(site.hits("/scheduled")).toBe(before + 1);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(site.hits("/scheduled")).toBe(before + 1);
    const got = await pm.ok("GET", `${monitors()}/${m.id}`);
    const next = new Date(got.health.nextCheckAt).getTime() - t.clock.now().getTime();
    expect(next).toBeGreaterThan(54 * 60_000);
    expect(next).toBeLessThan(66 * 60_000 + 1000);
    t.clock.advance(67 * 60_000);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(site.hits("/scheduled")).toBe(before + 2);
  });

  it("is not lost when its checks keep failing inside Baton: the given-up job re-arms the next regular check", async () => {
    site.html("/doomed", productPage());
    const m = await add({ url: page("/doomed") });
    // A real database error on every attempt: storing this monitor's snapshot raises.
    await rawRows(
      t.database.db,
      `CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.monitor_id = '${m.id}' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`,
      [],
    );
    await rawRows(
      t.database.db,
      "CREATE TRIGGER refuse_doomed BEFORE INSERT ON monitor_snapshots FOR EACH ROW EXECUTE FUNCTION refuse_doomed()",
      [],
    );
    const handlers = monitorJobHandlers(PUBLIC_URL);
    // Every due job, the earlier tests' monitors' included (a round claims 50 at most).
    const drain = async () => {
      while ((await runDueJobs(t.database.db, t.clock, handlers)) > 0) {}
    };
    const pending = () =>
      rawRows<{ at: number; attempts: number }>(
        t.database.db,
        `SELECT (extract(epoch FROM run_at) * 1000)::float8 AS at, attempts FROM jobs
         WHERE kind = 'monitor.check' AND done_at IS NULL AND payload->>'monitorId' = $1`,
        [m.id],
      );
    try {
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        const [job] = await pending();
        expect(job?.attempts).toBe(i - 1);
        t.clock.set(new Date(Math.max(job!.at, t.clock.now().getTime())));
        await drain();
      }
      expect(site.hits("/doomed")).toBe(MAX_ATTEMPTS);
      // Given up: the monitor waits for tomorrow's check (daily, ±10 % at most 30 minutes), says why, and its
      // watchers are told.
      const got = await pm.ok("GET", `${monitors()}/${m.id}`);
      expect(got.health).toMatchObject({ state: "internal", consecutiveFailures: MAX_ATTEMPTS });
      expect(got.health.lastError.message).toBe(
        `Baton failed to check it ${MAX_ATTEMPTS} times in a row (the server's log says why); it tries again at the next regular check`,
      );
      const wait = new Date(got.health.nextCheckAt).getTime() - t.clock.now().getTime();
      expect(wait).toBeGreaterThanOrEqual((1440 - 30) * 60_000);
      expect(wait).toBeLessThanOrEqual((1440 + 30) * 60_000);
      const [next] = await pending();
      expect(next).toEqual({ at: new Date(got.health.nextCheckAt).getTime(), attempts: 0 });
      const alerts = (await pm.ok("GET", `${w}/notifications`)).items.filter(
        (x: { kind: string; title: string }) => x.kind === "monitor.alert" && x.title.includes(`"${m.name}"`),
      );
      expect(alerts.map((x: { title: string }) => x.title)).toEqual([
        `Acme: "${m.name}" needs attention (${MAX_ATTEMPTS} checks in a row failed)`,
      ]);
    } finally {
      await rawRows(t.database.db, "DROP TRIGGER refuse_doomed ON monitor_snapshots", []);
      await rawRows(t.database.db, "DROP FUNCTION refuse_doomed()", []);
    }
    // Fixed: the next regular check stores the page.
    const [next] = await pending();
    t.clock.set(new Date(next!.at));
    await drain();
    expect(site.hits("/doomed")).toBe(MAX_ATTEMPTS + 1);
    expect(await countSnapshots(t.database.db, pm.wid, m.id)).toBe(1);
    expect((await pm.ok("GET", `${monitors()}/${m.id}`)).health).toMatchObject({
      state: "ok",
      consecutiveFailures: 0,
    });
  });

  it("counts the monitors due and being checked, so check all now shows its progress", async () => {
    const owner = await otherTenant(pm);
    const ws = `/api/v1/workspaces/${owner.session.workspaces[0]!.id}`;
    const rival = (await owner.ok("POST", `${ws}/competitors`, { name: "Counted" }, 201)).id;
    for (const p of ["/count-a", "/count-b"]) site.html(p, productPage());
    site.hold("/count-held");
    const addTo = (path: string, enabled = true) =>
      owner.ok(
        "POST",
        `${ws}/competitors/${rival}/monitors`,
        { name: path, kind: "page", url: page(path), enabled },
        201,
      );
    await addTo("/count-a");
    await addTo("/count-b");
    await addTo("/count-paused", false);
    const counts = async () => (await owner.ok("GET", `${ws}/monitors?limit=1`)).counts;
    // New enabled monitors are due at once; the paused one is not.
    expect(await counts()).toEqual({ total: 3, failing: 0, paused: 1, due: 2, checking: 0 });
    await runDueJobs(t.database.db, t.clock, monitorJobHandlers(PUBLIC_URL));
    expect(await counts()).toEqual({ total: 3, failing: 0, paused: 1, due: 0, checking: 0 });
    // A check in flight (its page never answers) is due and being checked until it times out.
    const held = await addTo("/count-held");
    const inFlight = checkMonitor(t.database.db, owner.session.workspaces[0]!.id, held.id, t.clock, {
      publicUrl: PUBLIC_URL,
      fetch: { timeoutMs: 1_500 },
    });
    let during = await counts();
    for (let i = 0; i < 100 && during.checking === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      during = await counts();
    }
    expect(during).toEqual({ total: 4, failing: 0, paused: 1, due: 1, checking: 1 });
    expect((await inFlight)!.error?.code).toBe("timeout");
    expect(await counts()).toEqual({ total: 4, failing: 1, paused: 1, due: 0, checking: 0 });
    // Check all now: the three enabled ones are due until their checks have run.
    expect(await owner.ok("POST", `${ws}/monitors/check`, {}, 202)).toEqual({ queued: 3 });
    expect(await counts()).toEqual({ total: 4, failing: 1, paused: 1, due: 3, checking: 0 });
  });

  it("queues every enabled monitor that is not already due in one request, for the workspace or one competitor", async () => {
    const owner = await otherTenant(pm);
    const ws = `/api/v1/workspaces/${owner.session.workspaces[0]!.id}`;
    const rivals: string[] = [];
    for (const name of ["Bulk A", "Bulk B"])
      rivals.push((await owner.ok("POST", `${ws}/competitors`, { name }, 201)).id);
    const paths = ["/bulk-a1", "/bulk-a2", "/bulk-b1", "/bulk-paused", "/bulk-busy"];
    for (const p of paths) site.html(p, productPage());
    // This site asks for a pause (429, Retry-After two hours): check all leaves it waiting.
    site.set("/bulk-busy", { status: 429, headers: { "retry-after": "7200" }, body: "slow down" });
    const addTo = (cid: string, path: string, enabled = true) =>
      owner.ok(
        "POST",
        `${ws}/competitors/${cid}/monitors`,
        { name: path, kind: "page", url: page(path), enabled },
        201,
      );
    const a1 = await addTo(rivals[0]!, "/bulk-a1");
    await addTo(rivals[0]!, "/bulk-a2");
    await addTo(rivals[1]!, "/bulk-b1");
    await addTo(rivals[1]!, "/bulk-paused", false);
    await addTo(rivals[0]!, "/bulk-busy");
    const handlers = monitorJobHandlers(PUBLIC_URL);
    // The first checks, then nothing is due until tomorrow.
    await runDueJobs(t.database.db, t.clock, handlers);
    const hits = () => paths.map((p) => site.hits(p));
    expect(hits()).toEqual([1, 1, 1, 0, 1]);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(hits()).toEqual([1, 1, 1, 0, 1]);

    // One competitor: its enabled monitor only; asking again while it is due queues nothing more.
    expect(await owner.ok("POST", `${ws}/monitors/check`, { competitorId: rivals[1] }, 202)).toEqual({
      queued: 1,
    });
    expect(await owner.ok("POST", `${ws}/monitors/check`, { competitorId: rivals[1] }, 202)).toEqual({
      queued: 0,
    });
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(hits()).toEqual([1, 1, 2, 0, 1]);
    // The whole workspace: the three enabled ones that are not waiting out a 429, each checked once.
    expect(await owner.ok("POST", `${ws}/monitors/check`, {}, 202)).toEqual({ queued: 3 });
    await runDueJobs(t.database.db, t.clock, handlers);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(hits()).toEqual([2, 2, 3, 0, 1]);
    const audit = await owner.ok("GET", `${ws}/audit?action=monitor.check_all`);
    expect(audit.items.map((e: { after: { queued: number } }) => e.after.queued).sort()).toEqual([0, 1, 3]);

    // Another workspace's competitor is not found; a viewer may not queue checks; a bad id is a field error.
    expect(
      (await owner.request("POST", `${ws}/monitors/check`, { competitorId: competitor })).statusCode,
    ).toBe(404);
    const viewer = await addUser(pm, "viewer");
    expect((await viewer.request("POST", `${w}/monitors/check`, {})).statusCode).toBe(403);
    // No body at all is the whole workspace: the same three, checked and not due again until tomorrow.
    const bare = await owner.request("POST", `${ws}/monitors/check`);
    expect([bare.statusCode, bare.json()]).toEqual([202, { queued: 3 }]);
    // A due monitor whose queued check was lost (nothing would ever check it) is queued again, alone.
    const stranded = await rawRows(
      t.database.db,
      "DELETE FROM jobs WHERE kind = 'monitor.check' AND done_at IS NULL AND payload->>'monitorId' = $1 RETURNING id",
      [a1.id],
    );
    expect(stranded).toHaveLength(1);
    expect(await owner.ok("POST", `${ws}/monitors/check`, {}, 202)).toEqual({ queued: 1 });
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(hits()).toEqual([3, 3, 4, 0, 1]);
    const bad = await owner.request("POST", `${ws}/monitors/check`, { competitorId: "nope" });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("competitorId");
  });
});
