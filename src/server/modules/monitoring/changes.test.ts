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
import { insertChanges, insertCompetitor, insertMonitor, insertWatchers } from "./changes.fixture.ts";

let t: TestApp;
let pm: Client;
let viewer: Client;
let w: string;
const ids: Record<string, string> = {};
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  viewer = await addUser(pm, "viewer", pm.wid, "Vic Viewer");
  w = `/api/v1/workspaces/${pm.wid}`;
  const db = t.database.db;
  ids.rival = await insertCompetitor(db, pm.wid, "Rival");
  ids.other = await insertCompetitor(db, pm.wid, "Other Co", "https://other.example");
  ids.pricing = await insertMonitor(db, pm.wid, ids.rival, { name: "Pricing page" });
  ids.blog = await insertMonitor(db, pm.wid, ids.rival, {
    name: "Blog",
    kind: "feed",
    url: "https://rival.example/feed",
    config: {},
  });
  ids.otherPage = await insertMonitor(db, pm.wid, ids.other, { name: "Home", url: "https://other.example/" });
  // The pricing page's history, oldest first: two reported, one below the threshold, one noise.
  [ids.p1, ids.p2, ids.p3, ids.p4] = await insertChanges(db, pm.wid, ids.rival, ids.pricing, [
    { detectedAt: at(400), category: "pricing", importance: "high", summary: "Price up" },
    { detectedAt: at(300), reported: false, changedPercent: 0.2, summary: "Tiny" },
    { detectedAt: at(200), category: "pricing", state: "noise", summary: "Counter" },
    { detectedAt: at(100), category: "pricing", importance: "low", summary: "Footer" },
  ]);
  [ids.b1] = await insertChanges(db, pm.wid, ids.rival, ids.blog, [
    { detectedAt: at(150), category: "product", summary: "New post: SSO" },
  ]);
  [ids.o1, ids.o2] = await insertChanges(db, pm.wid, ids.other, ids.otherPage, [
    { detectedAt: at(50), category: "messaging", summary: "New tagline" },
    { detectedAt: at(10), category: "hiring", summary: "Hiring" },
  ]);
  const product = await pm.ok("POST", `${w}/products`, { name: "App" }, 201);
  ids.idea = (await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Usage pricing" }, 201)).id;
});
afterAll(() => t.close());

const list = async (q = "") =>
  (await viewer.ok("GET", `${w}/changes${q}`)) as { items: { id: string }[]; nextCursor: string | null };
const idsOf = async (q = "") => (await list(q)).items.map((c) => c.id);

describe("the changes feed", () => {
  it("lists reported changes newest first, with names and counts", async () => {
    expect(await idsOf()).toEqual([ids.o2, ids.o1, ids.p4, ids.b1, ids.p3, ids.p1]);
    const first = (await list()).items[0];
    expect(first).toMatchObject({
      competitorName: "Other Co",
      monitorName: "Home",
      monitorKind: "page",
      category: "hiring",
      importance: "normal",
      state: "new",
      reported: true,
      ideaCount: 0,
      version: 1,
    });
  });

  it("filters by competitor, monitor, category, importance, state, since and reported", async () => {
    expect(await idsOf(`?competitorId=${ids.other}`)).toEqual([ids.o2, ids.o1]);
    expect(await idsOf(`?monitorId=${ids.pricing}`)).toEqual([ids.p4, ids.p3, ids.p1]);
    expect(await idsOf(`?monitorId=${ids.pricing}&reported=any`)).toEqual([ids.p4, ids.p3, ids.p2, ids.p1]);
    expect(await idsOf("?reported=false")).toEqual([ids.p2]);
    expect(await idsOf("?category=pricing&category=product")).toEqual([ids.p4, ids.b1, ids.p3, ids.p1]);
    expect(await idsOf("?importance=high")).toEqual([ids.p1]);
    expect(await idsOf("?state=new&state=reviewed")).toEqual([ids.o2, ids.o1, ids.p4, ids.b1, ids.p1]);
    expect(await idsOf(`?since=${encodeURIComponent(at(120))}`)).toEqual([ids.o2, ids.o1, ids.p4]);
    expect(await idsOf(`?since=${encodeURIComponent(at(120))}&until=${encodeURIComponent(at(30))}`)).toEqual([
      ids.o1,
      ids.p4,
    ]);
    const bad = await viewer.get(`${w}/changes?importance=urgent&since=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorOf(bad).fields ?? {}).sort()).toEqual(["importance", "since"]);
  });

  it("pages with a keyset cursor, stable under new changes", async () => {
    const one = await list("?limit=2");
    expect(one.items.map((c) => c.id)).toEqual([ids.o2, ids.o1]);
    // A change detected now lands before the cursor: the next pages are unaffected.
    await insertChanges(t.database.db, pm.wid, ids.other, ids.otherPage, [
      { detectedAt: at(1), summary: "Late" },
    ]);
    const two = await list(`?limit=2&cursor=${one.nextCursor}`);
    expect(two.items.map((c) => c.id)).toEqual([ids.p4, ids.b1]);
    const three = await list(`?limit=2&cursor=${two.nextCursor}`);
    expect(three.items.map((c) => c.id)).toEqual([ids.p3, ids.p1]);
    expect(three.nextCursor).toBeNull();
  });

  it("shows a change with its diff, monitor, competitor and neighbours in the page's history", async () => {
    const c = await viewer.ok("GET", `${w}/changes/${ids.p3}`);
    expect(c.diff).toEqual([
      [0, "Plans start at"],
      [-1, "$10"],
      [1, "$12"],
      [0, "per user per month"],
    ]);
    expect(c.monitor).toMatchObject({ id: ids.pricing, kind: "page", ignorePatterns: [], version: 1 });
    expect(c.competitor).toMatchObject({ id: ids.rival, name: "Rival", website: "https://rival.example" });
    // Neighbours are the same monitor's changes, reported or not.
    expect(c.previous).toMatchObject({ id: ids.p2, reported: false });
    expect(c.next).toMatchObject({ id: ids.p4 });
    const oldest = await viewer.ok("GET", `${w}/changes/${ids.p1}`);
    expect(oldest.previous).toBeNull();
    expect((await viewer.get(`${w}/changes/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });
});

describe("triage", () => {
  it("sets category, importance and state at the version read; a stale version is a 409", async () => {
    const c = await pm.ok("PATCH", `${w}/changes/${ids.o1}`, {
      version: 1,
      category: "product",
      importance: "high",
      state: "reviewed",
    });
    expect(c).toMatchObject({
      category: "product",
      suggestedCategory: "messaging",
      importance: "high",
      state: "reviewed",
      reviewedBy: pm.userId,
      version: 2,
    });
    const stale = await pm.patch(`${w}/changes/${ids.o1}`, { version: 1, importance: "low" });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).fields).toEqual({ version: "stale version" });
    expect((await pm.ok("GET", `${w}/changes/${ids.o1}`)).importance).toBe("high");
    expect((await viewer.patch(`${w}/changes/${ids.o1}`, { version: 2, state: "new" })).statusCode).toBe(403);
    const audit = await pm.ok("GET", `${w}/audit?limit=50`);
    const entry = audit.items.find((a: { action: string }) => a.action === "change.update");
    expect(entry).toMatchObject({
      entityId: ids.o1,
      before: { importance: "normal", state: "new" },
      after: { importance: "high", state: "reviewed" },
    });
  });

  it("raising a change to high importance notifies the competitor's watchers, not the person who did it", async () => {
    const ann = await addUser(pm, "contributor", pm.wid, "Ann Watcher");
    await insertWatchers(t.database.db, pm.wid, ids.other, [ann.userId, pm.userId]);
    await pm.ok("PATCH", `${w}/changes/${ids.o2}`, { version: 1, importance: "high" });
    const mine = await ann.ok("GET", `${w}/notifications`);
    expect(mine.items).toEqual([
      expect.objectContaining({ kind: "competitor.change", link: `/changes/${ids.o2}`, body: "Hiring" }),
    ]);
    expect(mine.items[0].title).toContain("Other Co");
    expect((await pm.ok("GET", `${w}/notifications`)).items).toEqual([]);
    // Already high: nothing again.
    await pm.ok("PATCH", `${w}/changes/${ids.o2}`, { version: 2, category: "other" });
    expect((await ann.ok("GET", `${w}/notifications`)).items).toHaveLength(1);
  });
});

describe("noise", () => {
  it("marks a change noise and adds a literal phrase as an ignore rule to its monitor, bumping its version", async () => {
    const r = await pm.ok("POST", `${w}/changes/${ids.p4}/noise`, {
      version: 1,
      phrase: "Updated 3 min. ago (beta)",
    });
    expect(r.addedPattern).toBe("Updated\\s3\\smin\\.\\sago\\s\\(beta\\)");
    expect(r.change).toMatchObject({ state: "noise", version: 2 });
    expect(r.change.monitor).toMatchObject({ ignorePatterns: [r.addedPattern], version: 2 });
    expect(new RegExp(r.addedPattern, "giu").test("… Updated 3 min. ago (beta) …")).toBe(true);
    expect(new RegExp(r.addedPattern, "giu").test("Updated 3 minXago")).toBe(false);
    const audit = await pm.ok("GET", `${w}/audit?limit=50`);
    expect(audit.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(["change.noise", "monitor.ignore_pattern"]),
    );
    // The same rule again: marked, nothing added, the monitor unchanged.
    const again = await pm.ok("POST", `${w}/changes/${ids.p1}/noise`, {
      version: 1,
      pattern: "Updated\\s3\\smin\\.\\sago\\s\\(beta\\)",
    });
    expect(again.addedPattern).toBeNull();
    expect(again.change.monitor.version).toBe(2);
  });

  it("validates the pattern, refuses rules for feeds, and changes nothing on a stale version", async () => {
    const bad = await pm.post(`${w}/changes/${ids.p3}/noise`, { version: 1, pattern: "(a+)+$" });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("pattern");
    const broken = await pm.post(`${w}/changes/${ids.p3}/noise`, { version: 1, pattern: "([" });
    expect(errorOf(broken).fields?.pattern).toMatch(/valid regular expression/);
    const both = await pm.post(`${w}/changes/${ids.p3}/noise`, { version: 1, pattern: "x", phrase: "y" });
    expect(both.statusCode).toBe(400);
    const feed = await pm.post(`${w}/changes/${ids.b1}/noise`, { version: 1, phrase: "Posted by" });
    expect(feed.statusCode).toBe(400);
    expect(errorOf(feed).fields).toHaveProperty("phrase");
    const stale = await pm.post(`${w}/changes/${ids.p3}/noise`, { version: 7, phrase: "Visitors today" });
    expect(stale.statusCode).toBe(409);
    const c = await pm.ok("GET", `${w}/changes/${ids.p3}`);
    expect(c.monitor.ignorePatterns).not.toContain("Visitors\\stoday");
    expect(c.version).toBe(1);
    // Without a rule: only marked.
    const plain = await pm.ok("POST", `${w}/changes/${ids.b1}/noise`, { version: 1 });
    expect(plain).toMatchObject({ addedPattern: null, change: { state: "noise" } });
  });
});

describe("links to ideas", () => {
  it("links and unlinks an idea; another workspace's idea is a 404", async () => {
    const url = `${w}/changes/${ids.o1}/ideas/${ids.idea}`;
    const linked = await pm.ok("POST", url, undefined, 201);
    expect(linked.items).toEqual([expect.objectContaining({ ideaId: ids.idea, title: "Usage pricing" })]);
    expect((await pm.ok("POST", url, undefined, 200)).items).toHaveLength(1);
    expect((await pm.ok("GET", `${w}/changes/${ids.o1}`)).ideas).toHaveLength(1);
    expect((await list(`?competitorId=${ids.other}`)).items.find((c) => c.id === ids.o1)).toMatchObject({
      ideaCount: 1,
    });

    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const theirs = await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201);
    const theirIdea = (await stranger.ok("POST", `${sw}/products/${theirs.id}/ideas`, { title: "X" }, 201))
      .id;
    const cross = await pm.post(`${w}/changes/${ids.o1}/ideas/${theirIdea}`);
    expect(cross.statusCode).toBe(404);
    // And the stranger cannot reach this workspace's change, under either workspace.
    expect((await stranger.post(`${w}/changes/${ids.o1}/ideas/${ids.idea}`)).statusCode).toBe(404);
    expect((await stranger.post(`${sw}/changes/${ids.o1}/ideas/${theirIdea}`)).statusCode).toBe(404);

    await pm.ok("DELETE", url, undefined, 204);
    expect((await pm.del(url)).statusCode).toBe(404);
    expect((await pm.ok("GET", `${w}/changes/${ids.o1}`)).ideas).toEqual([]);
    const actions = (await pm.ok("GET", `${w}/audit?limit=50`)).items.map(
      (a: { action: string }) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["change.link_idea", "change.unlink_idea"]));
  });
});
