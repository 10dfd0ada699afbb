import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PollResult } from "../../../shared/sources.schemas.ts";
import { type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { MAX_ATTEMPTS, runDueJobs } from "../jobs/jobs.service.ts";
import { type PollFetchOptions, pollSource, sourceJobHandlers } from "./sources.poll.ts";
import type { FakeServer } from "./test/fake-server.ts";
import {
  appStoreFake,
  type BlueskyFake,
  blueskyFake,
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
  secrets?: Record<string, string>;
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
  {
    kind: "bluesky",
    fake: () => blueskyFake(undefined, 50),
    config: (o) => ({ identifier: "@baton.example.com", query: "baton", apiUrl: o }),
    secrets: { appPassword: "abcd-efgh-ijkl-mnop" },
    initial: 130,
    firstImports: () => 130,
    minFirstRequests: 4, // the sign-in, then three pages
    incremental: (u) =>
      !!Date.parse(u.searchParams.get("since") ?? "") && u.searchParams.get("q") === "baton",
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
      {
        kind: c.kind,
        name: `${c.kind} source`,
        config: c.config(fake.server.origin),
        ...(c.secrets ? { secrets: c.secrets } : {}),
      },
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

  it("is not lost when its polls keep failing inside Baton: the given-up job re-arms the next regular poll", async () => {
    const f = await started(hackerNewsFake());
    f.add(3);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      {
        kind: "hackernews",
        name: "Doomed",
        config: { query: "x", apiUrl: f.server.origin },
        intervalMinutes: 60,
      },
      201,
    );
    // A real database error on every attempt: storing this source's items raises.
    await t.database.db.execute(
      sql.raw(`CREATE FUNCTION refuse_doomed_items() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.source_id = '${s.id}' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`),
    );
    await t.database.db.execute(
      sql.raw(
        "CREATE TRIGGER refuse_doomed_items BEFORE INSERT ON feedback_items FOR EACH ROW EXECUTE FUNCTION refuse_doomed_items()",
      ),
    );
    const handlers = sourceJobHandlers(LOCAL);
    const drain = async () => {
      while ((await runDueJobs(t.database.db, t.clock, handlers)) > 0) {}
    };
    const pending = async () =>
      (
        await t.database.db.execute(
          sql`SELECT (extract(epoch FROM run_at) * 1000)::float8 AS at, attempts FROM jobs
              WHERE kind = 'source.poll' AND done_at IS NULL AND payload->>'sourceId' = ${s.id}`,
        )
      ).rows as { at: number; attempts: number }[];
    try {
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        const [job] = await pending();
        expect(job?.attempts).toBe(i - 1);
        t.clock.set(new Date(Math.max(job!.at, now())));
        await drain();
      }
      const polls = f.server.requests.length;
      expect(polls).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
      // Given up: the source waits for its next regular poll (an hour) and says why.
      const got = await pm.ok("GET", `${w}/sources/${s.id}`);
      expect(got.state).toMatchObject({
        totalImported: 0,
        consecutiveFailures: MAX_ATTEMPTS,
        lastError: {
          code: "internal",
          message: `Baton failed to poll it ${MAX_ATTEMPTS} times in a row (the server's log says why); it tries again at the next regular poll`,
        },
      });
      expect(new Date(got.state.nextPollAt).getTime() - now()).toBe(60 * 60_000);
      expect(await pending()).toEqual([{ at: now() + 60 * 60_000, attempts: 0 }]);
    } finally {
      await t.database.db.execute(sql.raw("DROP TRIGGER refuse_doomed_items ON feedback_items"));
      await t.database.db.execute(sql.raw("DROP FUNCTION refuse_doomed_items()"));
    }
    // Fixed: the next regular poll brings the items in.
    t.clock.advance(60 * 60_000);
    await drain();
    expect((await pm.ok("GET", `${w}/sources/${s.id}`)).state).toMatchObject({
      totalImported: 3,
      consecutiveFailures: 0,
      lastError: null,
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

describe("Bluesky sessions", () => {
  let bsky: BlueskyFake;
  let id: string;
  const searches = () => bsky.server.requests.filter((r) => r.url.pathname.endsWith("searchPosts"));
  beforeAll(async () => {
    bsky = (await started(blueskyFake(undefined, 10))) as BlueskyFake;
    bsky.add(25);
    const s = await pm.ok(
      "POST",
      `${w}/sources`,
      {
        kind: "bluesky",
        name: "Bluesky mentions",
        config: { identifier: "baton.example.com", query: "baton dark mode", apiUrl: bsky.server.origin },
        secrets: { appPassword: "abcd-efgh-ijkl-mnop" },
      },
      201,
    );
    id = s.id;
    // The app password is write-only, and the session Baton keeps is never listed.
    expect(s.secretsSet).toEqual(["appPassword"]);
  });

  it("signs in once with a POST of the app password, then reuses the session as a bearer token", async () => {
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "ok", created: 25, requests: 4 });
    const login = bsky.server.requests[0];
    expect([login.method, login.url.pathname]).toEqual(["POST", "/xrpc/com.atproto.server.createSession"]);
    expect(JSON.parse(login.body)).toEqual({
      identifier: "baton.example.com",
      password: "abcd-efgh-ijkl-mnop",
    });
    expect(login.headers["content-type"]).toBe("application/json");
    expect(searches().map((q) => q.headers.authorization)).toEqual(Array(3).fill("Bearer access-1"));
    expect(searches().map((q) => q.url.searchParams.get("cursor"))).toEqual([null, "10", "20"]);
    const items = await itemsOf(id);
    const newest = items.find((i) => i.text.endsWith("(25)"));
    expect(newest).toMatchObject({
      handle: "@fan25.bsky.social",
      url: `https://bsky.app/profile/fan25.bsky.social/post/3l${(1_000_000_025).toString(36)}`,
      externalId: `at://did:plc:user${"25".padStart(20, "0")}/app.bsky.feed.post/3l${(1_000_000_025).toString(36)}`,
      receivedAt: "2026-11-01T00:25:00.000Z",
    });
    // The cursor is the newest post's sortAt (its createdAt, 2 s before it was indexed).
    expect(r.source.state.cursor).toBe("2026-11-01T00:25:00.000Z");
    expect(bsky.logins()).toBe(1);
    expect(r.source.state.lastNewAt).toBe(new Date(now()).toISOString());
    t.clock.advance(60_000);
    const empty = await poll(id);
    expect(empty).toMatchObject({ outcome: "ok", created: 0 });
    expect(empty.source.state.lastNewAt).toBe(r.source.state.lastNewAt);
    expect(empty.source.state.lastSuccessAt).toBe(new Date(now()).toISOString());
    bsky.add(3);
    const again = await poll(id);
    expect(again).toMatchObject({ outcome: "ok", created: 3, existing: 1, requests: 1 });
    expect(bsky.logins()).toBe(1);
    expect(searches().at(-1)?.url.searchParams.get("since")).toBe("2026-11-01T00:25:00.000Z");
  });

  it("refreshes an expired access token with the refresh token and asks for the page again", async () => {
    bsky.expire({});
    bsky.add(2);
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "ok", created: 2 });
    expect([bsky.logins(), bsky.refreshes()]).toEqual([1, 1]);
    const last = bsky.server.requests.slice(-3);
    expect(last.map((q) => [q.method, q.url.pathname.slice(6), q.headers.authorization])).toEqual([
      ["GET", "app.bsky.feed.searchPosts", "Bearer access-1"],
      ["POST", "com.atproto.server.refreshSession", "Bearer refresh-1"],
      ["GET", "app.bsky.feed.searchPosts", "Bearer access-2"],
    ]);
    // The refreshed session is kept: the next poll uses it without signing in.
    await poll(id);
    expect(searches().at(-1)?.headers.authorization).toBe("Bearer access-2");
  });

  it("signs in again when the refresh token has expired too", async () => {
    bsky.expire({ refresh: true });
    bsky.add(1);
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "ok", created: 1 });
    expect([bsky.logins(), bsky.refreshes()]).toEqual([2, 1]);
    expect(searches().at(-1)?.headers.authorization).toBe("Bearer access-3");
  });

  it("records a refused sign-in (wrong app password) as http_401, then recovers with the right one", async () => {
    let s = await pm.ok("GET", `${w}/sources/${id}`);
    s = await pm.ok("PATCH", `${w}/sources/${id}`, { version: s.version, secrets: { appPassword: "wrong" } });
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "error", created: 0, requests: 1, error: { code: "http_401" } });
    expect(r.error?.message).toMatch(/Invalid identifier or password/);
    expect(r.error?.message).not.toMatch(/wrong/);
    await pm.ok("PATCH", `${w}/sources/${id}`, {
      version: s.version,
      secrets: { appPassword: "abcd-efgh-ijkl-mnop" },
    });
    bsky.add(1);
    expect(await poll(id)).toMatchObject({ outcome: "ok", created: 1 });
  });

  it("waits for ratelimit-reset after a 429 without Retry-After", async () => {
    const reset = Math.floor(now() / 1000) + 900;
    bsky.server.fault({
      status: 429,
      headers: { "ratelimit-limit": "3000", "ratelimit-remaining": "0", "ratelimit-reset": String(reset) },
      body: '{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}',
    });
    const r = await poll(id);
    expect(r).toMatchObject({ outcome: "error", error: { code: "http_429" } });
    expect(r.source.state.nextPollAt).toBe(new Date(reset * 1000).toISOString());
  });

  it("imports a post seen on two pages, or again in the next poll, once (by its URI)", async () => {
    const had = (await itemsOf(id)).length;
    bsky.overlap = true;
    bsky.add(25);
    const r = await poll(id);
    bsky.overlap = false;
    expect(r.outcome).toBe("ok");
    expect(r.created).toBe(25);
    const items = await itemsOf(id);
    expect(items).toHaveLength(had + 25);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    expect((await poll(id)).created).toBe(0);
  });

  it("refuses a Bluesky source without its app password, and removing it", async () => {
    const res = await pm.request("POST", `${w}/sources`, {
      kind: "bluesky",
      name: "No password",
      config: { identifier: "a.bsky.social", query: "x" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ "secrets.appPassword": "Required to poll this source" });
    const s = await pm.ok("GET", `${w}/sources/${id}`);
    const rm = await pm.request("PATCH", `${w}/sources/${id}`, {
      version: s.version,
      secrets: { appPassword: null },
    });
    expect(rm.statusCode).toBe(400);
  });
});
