import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PollResult } from "../../../shared/sources.schemas.ts";
import { type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { type PollFetchOptions, pollSource, sourceJobHandlers } from "./sources.poll.ts";
import type { FakeServer } from "./test/fake-server.ts";
import {
  appStoreFake,
  feedFake,
  gitHubFake,
  hackerNewsFake,
  mastodonFake,
  type ServiceFake,
} from "./test/fakes.ts";

// Local fakes on 127.0.0.1: allowed explicitly here (never by default), no pause between requests.
const LOCAL: PollFetchOptions = { allowPrivate: true, hostQueue: null };

let t: TestApp;
let pm: Client;
let w: string;
const servers: FakeServer[] = [];
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await t.close();
});

async function started(fake: ServiceFake) {
  await fake.server.start();
  servers.push(fake.server);
  return fake;
}
const poll = async (id: string) =>
  (await pollSource(t.database.db, pm.wid, id, t.clock, { fetch: LOCAL })) as PollResult;
type Item = {
  sourceId: string;
  externalId: string;
  text: string;
  handle: string;
  url: string;
  receivedAt: string;
};
/** Every inbox item this source brought in (all pages of the inbox). */
const itemsOf = async (id: string) => {
  const all: Item[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Item[]; nextCursor: string | null } = await pm.ok(
      "GET",
      `${w}/feedback?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all.filter((i) => i.sourceId === id);
};
const now = () => t.clock.now().getTime();

type Case = {
  kind: string;
  fake: () => ServiceFake;
  config: (origin: string) => Record<string, unknown>;
  /** Items published before the first poll, and how many the first poll takes. */
  initial: number;
  firstImports: (fake: ServiceFake) => number;
  minFirstRequests: number;
  /** What a second poll with nothing new asks (the incremental parameter). */
  incremental: (url: URL) => boolean;
};

const cases: Case[] = [
  {
    kind: "rss",
    fake: () => feedFake("rss"),
    config: (o) => ({ url: `${o}/feed` }),
    initial: 12,
    firstImports: () => 12,
    minFirstRequests: 1,
    incremental: () => true, // the 304 is checked below
  },
  {
    kind: "hackernews",
    fake: () => hackerNewsFake(20),
    config: (o) => ({ query: "baton export", apiUrl: o }),
    initial: 45,
    firstImports: () => 45,
    minFirstRequests: 3,
    incremental: (u) => /^created_at_i>\d+$/.test(u.searchParams.get("numericFilters") ?? ""),
  },
  {
    kind: "mastodon",
    fake: () => mastodonFake(),
    config: (o) => ({ instanceUrl: o, hashtag: "#baton" }),
    initial: 30,
    firstImports: () => 30,
    minFirstRequests: 1,
    incremental: (u) => /^\d+$/.test(u.searchParams.get("min_id") ?? ""),
  },
  {
    kind: "github",
    fake: () => gitHubFake(30),
    config: (o) => ({ owner: "acme", repo: "app", apiUrl: o }),
    initial: 70,
    firstImports: (f) => f.count(),
    minFirstRequests: 3,
    incremental: (u) => !!u.searchParams.get("since"),
  },
  {
    kind: "appstore",
    fake: () => appStoreFake(50),
    config: (o) => ({ appId: "123456", country: "us", apiUrl: o }),
    initial: 120,
    firstImports: () => 120,
    minFirstRequests: 3,
    incremental: (u) => u.pathname.includes("/page=1/"),
  },
];

describe.each(cases)("$kind connector against its fake service", (c) => {
  let fake: ServiceFake;
  let id: string;
  beforeAll(async () => {
    fake = await started(c.fake());
    fake.add(c.initial);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: c.kind, name: `${c.kind} source`, config: c.config(fake.server.origin) },
      201,
    );
    id = s.id;
  });

  it("imports every page on the first poll, with author, link and time, HTML as text", async () => {
    const r = await poll(id);
    expect(r.error).toBeNull();
    expect(r.outcome).toBe("ok");
    expect(r.created).toBe(c.firstImports(fake));
    expect(r.requests).toBeGreaterThanOrEqual(c.minFirstRequests);
    const items = await itemsOf(id);
    expect(items).toHaveLength(r.created);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    for (const i of items) {
      expect(i.text).not.toMatch(/<\/?[a-z]+[^>]*>|alert\(|&amp;|&#x27;/);
      expect(i.handle).toBeTruthy();
      expect(i.url).toMatch(/^https?:\/\//);
      expect(Date.parse(i.receivedAt)).toBeLessThan(Date.parse("2026-11-02T00:00:00Z"));
    }
    expect(r.source.state).toMatchObject({
      consecutiveFailures: 0,
      lastError: null,
      lastImported: r.created,
    });
    expect(r.source.state.nextPollAt).toBe(new Date(now() + 60 * 60_000).toISOString());
  });

  it("imports nothing on a second poll with nothing new, asking only for what is newer", async () => {
    const before = fake.server.requests.length;
    const r = await poll(id);
    expect(r.outcome).toBe(c.kind === "rss" ? "not_modified" : "ok");
    expect(r.created).toBe(0);
    const asked = fake.server.requests.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(c.incremental(asked[0].url)).toBe(true);
    if (c.kind === "rss") expect(asked[0].headers["if-none-match"]).toBe(`"v${c.initial}"`);
    expect(await itemsOf(id)).toHaveLength(c.firstImports(fake));
  });

  it("imports exactly what was published since", async () => {
    const had = (await itemsOf(id)).length;
    fake.add(7);
    const r = await poll(id);
    expect(r.outcome).toBe("ok");
    const items = await itemsOf(id);
    expect(r.created).toBe(items.length - had);
    expect(items.length).toBe(c.kind === "github" ? fake.count() : c.initial + 7);
  });

  it("honours 429 Retry-After: nothing imported, error recorded, next attempt after the wait", async () => {
    fake.server.fault({
      status: 429,
      headers: { "retry-after": "300" },
      body: '{"error":"Too many requests"}',
    });
    fake.add(2);
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "error", created: 0, error: { code: "http_429" } });
    expect(r.source.state.consecutiveFailures).toBe(1);
    expect(r.source.state.lastError?.code).toBe("http_429");
    expect(r.source.state.nextPollAt).toBe(new Date(now() + 300_000).toISOString());
  });

  it("backs off on 500, then recovers and imports what it missed, once", async () => {
    const had = (await itemsOf(id)).length;
    fake.server.fault({ status: 500, body: "<html>Internal error</html>" });
    const r1 = await poll(id);
    expect(r1).toMatchObject({ outcome: "error", created: 0, error: { code: "http_500" } });
    expect(r1.source.state.consecutiveFailures).toBe(2);
    expect(r1.source.state.nextPollAt).toBe(new Date(now() + 2 * 60_000).toISOString());
    const r2 = await poll(id);
    expect(r2.outcome).toBe("ok");
    expect(r2.source.state).toMatchObject({ consecutiveFailures: 0, lastError: null });
    const items = await itemsOf(id);
    expect(r2.created).toBe(items.length - had);
    expect(r2.created).toBeGreaterThan(0);
  });

  it("records a malformed body as bad_body and imports nothing, keeping the cursor", async () => {
    const cursor = (await pm.ok("GET", `${w}/sources/${id}`)).state.cursor;
    const had = (await itemsOf(id)).length;
    fake.add(3);
    fake.server.fault({
      status: 200,
      body: c.kind === "rss" ? "<html><body>maintenance</body></html>" : '{"hits": "nope", "feed": 3',
    });
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "error", created: 0, error: { code: "bad_body" } });
    expect(r.source.state.cursor).toBe(cursor);
    expect(await itemsOf(id)).toHaveLength(had);
    const again = await poll(id);
    expect(again.outcome).toBe("ok");
    expect(again.created).toBe(c.kind === "github" ? fake.count() - had : 3);
  });
});

describe("scheduling through durable jobs", () => {
  it("polls a due source once, re-arms it for the next interval, and one failing source does not stop another", async () => {
    const good = await started(hackerNewsFake());
    const bad = await started(mastodonFake());
    good.add(5);
    bad.add(5);
    const g = await pm.ok(
      "POST",
      `${w}/sources`,
      {
        kind: "hackernews",
        name: "HN",
        config: { query: "x", apiUrl: good.server.origin },
        intervalMinutes: 30,
      },
      201,
    );
    const b = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "mastodon", name: "Masto", config: { instanceUrl: bad.server.origin, hashtag: "x" } },
      201,
    );
    bad.server.fault({ status: 503, headers: { "retry-after": "60" } });
    const handlers = sourceJobHandlers(LOCAL);
    const ran = await runDueJobs(t.database.db, t.clock, handlers);
    expect(ran).toBeGreaterThanOrEqual(2);
    const gs = await pm.ok("GET", `${w}/sources/${g.id}`);
    const bs = await pm.ok("GET", `${w}/sources/${b.id}`);
    expect(gs.state).toMatchObject({ totalImported: 5, lastError: null });
    expect(bs.state).toMatchObject({
      totalImported: 0,
      consecutiveFailures: 1,
      lastError: { code: "http_503" },
    });
    // Nothing due until the interval has passed.
    const requests = good.server.requests.length;
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(good.server.requests.length).toBe(requests);
    t.clock.advance(30 * 60_000 + 1);
    good.add(2);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect((await pm.ok("GET", `${w}/sources/${g.id}`)).state.totalImported).toBe(7);
    expect((await pm.ok("GET", `${w}/sources/${b.id}`)).state).toMatchObject({
      consecutiveFailures: 0,
      totalImported: 5,
    });
  });

  it("takes over a source whose poller died once its lease runs out", async () => {
    const f = await started(hackerNewsFake());
    f.add(4);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "hackernews", name: "Orphan", config: { query: "x", apiUrl: f.server.origin } },
      201,
    );
    // Another instance took the lease and died mid-poll.
    const leaseUntil = new Date(now() + 10 * 60_000);
    await t.database.db.execute(
      sql`UPDATE feedback_sources SET lease_until = ${leaseUntil.toISOString()} WHERE id = ${s.id}`,
    );
    const handlers = sourceJobHandlers(LOCAL);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(f.server.requests).toHaveLength(0);
    t.clock.advance(10 * 60_000 + 1_000);
    await runDueJobs(t.database.db, t.clock, handlers);
    expect(f.server.requests).toHaveLength(1);
    expect((await pm.ok("GET", `${w}/sources/${s.id}`)).state).toMatchObject({
      totalImported: 4,
      polling: false,
    });
  });

  it("never polls one source twice at once: a second poll while one runs answers busy", async () => {
    const slow = await started(gitHubFake());
    slow.add(3);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "github", name: "Slow", config: { owner: "acme", repo: "app", apiUrl: slow.server.origin } },
      201,
    );
    slow.server.fault({ delayMs: 400 });
    const [a, b] = await Promise.all([
      poll(s.id),
      new Promise((r) => setTimeout(r, 50)).then(() => poll(s.id)),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(["busy", "ok"]);
    expect(slow.server.requests).toHaveLength(1);
    expect((await itemsOf(s.id)).length).toBe(3);
  });
});

describe("GitHub's own rate limit", () => {
  it("waits for x-ratelimit-reset after a 403 with no requests left, sending the token as a bearer token", async () => {
    const gh = await started(gitHubFake());
    gh.add(2);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      {
        kind: "github",
        name: "Limited",
        config: { owner: "acme", repo: "app", apiUrl: gh.server.origin },
        secrets: { token: "ghp_test" },
      },
      201,
    );
    const reset = Math.floor(now() / 1000) + 1800;
    gh.server.fault({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: '{"message":"API rate limit exceeded"}',
    });
    const r = await poll(s.id);
    expect(r).toMatchObject({ outcome: "error", error: { code: "http_403" } });
    expect(r.source.state.nextPollAt).toBe(new Date(reset * 1000).toISOString());
    expect(gh.server.requests[0].headers.authorization).toBe("Bearer ghp_test");
    expect((await poll(s.id)).created).toBe(2);
  });
});

describe("hostile answers", () => {
  it("records a redirect to a cloud metadata address as blocked_address, even with private addresses allowed", async () => {
    const f = await started(feedFake("atom"));
    f.add(2);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "rss", name: "Redirects", config: { url: `${f.server.origin}/feed` } },
      201,
    );
    f.server.fault({
      status: 302,
      headers: { location: "http://169.254.169.254/latest/meta-data/" },
      body: "",
    });
    const r = await poll(s.id);
    expect(r).toMatchObject({ outcome: "error", created: 0, error: { code: "blocked_address" } });
    expect((await poll(s.id)).created).toBe(2);
  });

  it("stops reading a huge answer at the cap and records too_large, importing nothing", async () => {
    const f = await started(feedFake("json"));
    f.add(1);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "rss", name: "Huge", config: { url: `${f.server.origin}/feed` } },
      201,
    );
    f.server.fault({
      status: 200,
      body: `{"version":"https://jsonfeed.org/version/1.1","items":[${"0,".repeat(3_000_000)}0]}`,
    });
    const r = await poll(s.id);
    expect(r).toMatchObject({ outcome: "error", created: 0, error: { code: "too_large" } });
    expect(r.source.state.totalImported).toBe(0);
  });
});
