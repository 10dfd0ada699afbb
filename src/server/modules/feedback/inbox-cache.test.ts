import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, otherTenant, setupOwner, type TestApp } from "../../test/app.ts";
import { type PollFetchOptions, pollSource } from "../sources/sources.poll.ts";
import type { FakeServer } from "../sources/test/fake-server.ts";
import { feedFake } from "../sources/test/fakes.ts";
import { inboxCacheSize } from "./feedback.service.ts";

// The inbox's pages are served from a cache keyed by workspaces.feedback_rev (feedback.service listFeedbackJson):
// every kind of write that can change a page must show on the next read, and no workspace sees another's page.

let t: TestApp;
let pm: Client;
let w: string;
let fb: string;
let server: FakeServer | null = null;
beforeAll(async () => {
  t = await createTestApp({ conformance: true });
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  fb = `${w}/feedback`;
});
afterAll(async () => {
  await server?.close();
  expect(t.conformance?.violations, "responses that contradict the OpenAPI document").toEqual([]);
  await t.close();
});

type Item = {
  id: string;
  text: string;
  status: string;
  tags: string[];
  read: boolean;
  personId: string | null;
  personName: string | null;
  companyName: string | null;
  version: number;
};
type Page = { items: Item[]; nextCursor: string | null };
const page = (q = ""): Promise<Page> => pm.ok("GET", `${fb}?limit=50${q}`);
/** Reads a page twice (the second read is a cache hit) and returns it. */
const cached = async (q = "") => {
  const first = await page(q);
  expect(await page(q)).toEqual(first);
  return first;
};
const add = async (text: string, extra: Record<string, unknown> = {}) =>
  (await pm.ok("POST", fb, { text, author: { handle: "@a" }, ...extra }, 201)) as Item;
const find = (p: Page, id: string) => p.items.find((i) => i.id === id);

describe("inbox page cache", () => {
  it("serves a repeated page from the cache, each query (every parameter) its own entry", async () => {
    await add("The export is slow", { source: "email", tags: ["perf"] });
    const before = inboxCacheSize();
    const a = await cached("&source=email");
    expect(inboxCacheSize()).toBe(before + 1);
    await page("&source=email"); // a hit: no new entry
    expect(inboxCacheSize()).toBe(before + 1);
    await page("&source=api");
    await page("&source=email&tag=perf");
    await pm.ok("GET", `${fb}?limit=49&source=email`);
    expect(inboxCacheSize()).toBe(before + 4);
    expect(a.items).toHaveLength(1);
    expect((await page("&source=api")).items).toHaveLength(0);
  });

  it("shows a new item, a batch and a CSV import at once", async () => {
    await cached();
    const one = await add("Dark mode please", { source: "email" });
    expect(find(await page(), one.id)).toBeDefined();
    expect((await cached("&source=mastodon")).items).toEqual([]);
    const batch = await pm.ok("POST", `${fb}/batch`, {
      items: [
        { text: "Batch one", source: "mastodon", externalId: "b1", author: { handle: "@b" } },
        { text: "Batch two", source: "mastodon", externalId: "b2", author: { handle: "@b" } },
      ],
    });
    expect(batch.created).toBe(2);
    expect((await page("&source=mastodon")).items.map((i) => i.text).sort()).toEqual([
      "Batch one",
      "Batch two",
    ]);
    await cached("&source=csv");
    const csv = await pm.ok("POST", `${fb}/import`, {
      csv: "text,externalId\nFrom a spreadsheet,c1\n",
      dryRun: false,
    });
    expect(csv.created).toBe(1);
    expect((await page("&source=csv")).items.map((i) => i.text)).toEqual(["From a spreadsheet"]);
  });

  it("shows triage (status, tags, read), a link to an idea and a deletion at once", async () => {
    const item = await add("Triage me");
    await cached("&status=new");
    const patched = await pm.ok("PATCH", `${fb}/${item.id}`, {
      version: item.version,
      status: "triaged",
      tags: ["later"],
      read: true,
    });
    expect(find(await page("&status=new"), item.id)).toBeUndefined();
    expect(find(await cached("&status=triaged"), item.id)).toMatchObject({ tags: ["later"], read: true });
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
    const idea = await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Triage" }, 201);
    await pm.ok("POST", `${fb}/${item.id}/links`, { ideaId: idea.id }, 201);
    expect(find(await page("&status=triaged"), item.id)).toBeUndefined();
    expect(find(await cached("&status=linked"), item.id)).toBeDefined();
    expect(patched.version).toBeGreaterThan(item.version);
    await pm.ok("DELETE", `${fb}/${item.id}`, undefined, 204);
    expect(find(await page("&status=linked"), item.id)).toBeUndefined();
  });

  it("shows a theme's new items, and customers' and companies' new names, segments and merges", async () => {
    const item = await add("Theme me");
    const theme = await pm.ok("POST", `${fb}/themes`, { name: "Misc", itemIds: [item.id] }, 201);
    expect((await cached(`&theme=${theme.id}`)).items.map((i) => i.id)).toEqual([item.id]);
    const other = await add("Theme me too");
    await pm.ok("POST", `${fb}/themes/${theme.id}/items`, { itemIds: [other.id] });
    expect((await page(`&theme=${theme.id}`)).items).toHaveLength(2);

    const co = await pm.ok("POST", `${w}/companies`, { name: "Acme", segment: "SMB" }, 201);
    const ann = await pm.ok("POST", `${w}/people`, { name: "Ann", companyId: co.id }, 201);
    const dup = await pm.ok("POST", `${w}/people`, { name: "Ann (dup)" }, 201);
    const byAnn = await add("From Ann", { author: { personId: ann.id } });
    const byDup = await add("From Ann's twin", { author: { personId: dup.id } });
    expect(find(await cached(), byAnn.id)).toMatchObject({ personName: "Ann", companyName: "Acme" });
    expect((await cached("&segment=SMB")).items.map((i) => i.id)).toEqual([byAnn.id]);
    await pm.ok("PATCH", `${w}/people/${ann.id}`, { version: ann.version, name: "Ann Lee" });
    expect(find(await cached(), byAnn.id)).toMatchObject({ personName: "Ann Lee" });
    await pm.ok("PATCH", `${w}/companies/${co.id}`, {
      version: co.version,
      name: "Acme Inc",
      segment: "Mid",
    });
    expect(find(await cached(), byAnn.id)).toMatchObject({ companyName: "Acme Inc" });
    expect((await page("&segment=SMB")).items).toEqual([]);
    await pm.ok("POST", `${w}/people/${dup.id}/merge`, { intoId: ann.id });
    expect(find(await page(), byDup.id)).toMatchObject({ personId: ann.id, personName: "Ann Lee" });
  });

  it("shows what a poll brought in", async () => {
    const feed = feedFake("rss");
    server = feed.server;
    await server.start();
    feed.add(2);
    const source = await pm.ok(
      "POST",
      `${w}/sources`,
      { kind: "rss", name: "Blog", config: { url: `${server.origin}/feed` }, enabled: false },
      201,
    );
    await cached("&source=rss");
    const local: PollFetchOptions = { allowPrivate: true, hostQueue: null };
    const r = await pollSource(t.database.db, pm.wid, source.id, t.clock, { fetch: local });
    expect(r?.created).toBe(2);
    expect((await page("&source=rss")).items).toHaveLength(2);
  });

  it("never serves a workspace's page to another workspace", async () => {
    const mine = await cached("&source=email");
    expect(mine.items.length).toBeGreaterThan(0);
    const stranger = await otherTenant(pm);
    const theirs = `/api/v1/workspaces/${stranger.session?.workspaces[0].id}/feedback?limit=50&source=email`;
    expect((await stranger.ok("GET", theirs)).items).toEqual([]);
    // The same query on the first workspace, by someone who is not a member there: refused, not served.
    expect((await stranger.request("GET", `${fb}?limit=50&source=email`)).statusCode).toBe(404);
  });
});
