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

let t: TestApp;
let pm: Client;
let contributor: Client;
let viewer: Client;
let w: string;
let pid: string;
const idea: Record<string, string> = {};
const item: Record<string, string> = {};
const person: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  viewer = await addUser(pm, "viewer");
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
  for (const k of ["sso", "pdf"])
    idea[k] = (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: `Idea ${k}` }, 201)).id;
  const big = await pm.ok(
    "POST",
    `${w}/companies`,
    { name: "Big", segment: "Enterprise", arr: 999000, currency: "EUR" },
    201,
  );
  const small = await pm.ok(
    "POST",
    `${w}/companies`,
    { name: "Small", segment: "SMB", arr: 9000, currency: "EUR" },
    201,
  );
  person.ann = (
    await pm.ok("POST", `${w}/people`, { name: "Ann", email: "ann@big.test", companyId: big.id }, 201)
  ).id;
  person.bo = (
    await pm.ok("POST", `${w}/people`, { name: "Bo", email: "bo@small.test", companyId: small.id }, 201)
  ).id;
  person.cy = (await pm.ok("POST", `${w}/people`, { name: "Cy", email: "cy@home.test" }, 201)).id;
  const add = async (key: string, text: string, author: Record<string, string>, receivedAt: string) =>
    (item[key] = (await pm.ok("POST", `${w}/feedback`, { text, author, receivedAt }, 201)).id);
  await add(
    "f1",
    "Hello. We need SSO, it is critical for our audit.",
    { personId: person.ann },
    "2026-11-01T00:00:00Z",
  );
  await add("f2", "SSO would be nice to have.", { personId: person.ann }, "2026-11-02T00:00:00Z");
  await add(
    "f3",
    "Single sign-on is important to us, we love the product otherwise.",
    { personId: person.bo },
    "2026-11-03T00:00:00Z",
  );
  await add("f4", "sso please", { personId: person.cy }, "2026-11-04T00:00:00Z");
  await add("f5", "PDF export would be great", { handle: "@x@social.test" }, "2026-11-05T00:00:00Z");
});
afterAll(() => t.close());

const link = (who: Client, key: string, body: Record<string, unknown>, status = 201) =>
  who.ok("POST", `${w}/feedback/${item[key]}/links`, body, status);

describe("links and evidence", () => {
  it("links items (or a span) to ideas, marks them linked, and refuses bad spans and viewers", async () => {
    const l1 = await link(pm, "f1", { ideaId: idea.sso, start: 7, end: 30, importance: "critical" });
    expect(l1).toMatchObject({
      ideaId: idea.sso,
      ideaTitle: "Idea sso",
      quote: "We need SSO, it is crit",
      importance: "critical",
    });
    // Linking again updates the span and importance (200), never a second link.
    const again = await link(pm, "f1", { ideaId: idea.sso, start: 7, end: 49, importance: "critical" }, 200);
    expect(again.id).toBe(l1.id);
    expect(again.quote).toBe("We need SSO, it is critical for our audit.");
    await link(contributor, "f2", { ideaId: idea.sso });
    await link(pm, "f3", { ideaId: idea.sso, importance: "important" });
    await link(pm, "f4", { ideaId: idea.sso });
    await link(pm, "f5", { ideaId: idea.pdf });
    // One item may support several ideas.
    await link(pm, "f3", { ideaId: idea.pdf, importance: "nice" });
    const detail = await pm.ok("GET", `${w}/feedback/${item.f3}`);
    expect(detail.status).toBe("linked");
    expect(detail.links.map((l: { ideaId: string }) => l.ideaId).sort()).toEqual([idea.sso, idea.pdf].sort());
    const bad = await pm.post(`${w}/feedback/${item.f4}/links`, { ideaId: idea.sso, start: 0, end: 99 });
    expect(errorOf(bad).fields).toHaveProperty("end");
    const half = await pm.post(`${w}/feedback/${item.f4}/links`, { ideaId: idea.sso, start: 3 });
    expect(errorOf(half).fields).toHaveProperty("end");
    expect((await viewer.post(`${w}/feedback/${item.f4}/links`, { ideaId: idea.pdf })).statusCode).toBe(403);
    const audit = await pm.ok("GET", `${w}/audit?entityType=feedback&entityId=${item.f1}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["feedback.link", "feedback.relink"]),
    );
  });

  it("sums an idea's evidence by hand: counts, demand, ARR by segment, mixes, quotes", async () => {
    const e = await pm.ok("GET", `${w}/ideas/${idea.sso}/evidence`);
    expect(e).toMatchObject({ feedbackCount: 4, customers: 3, companies: 2 });
    // Big critical 3 × (1 + log10(1000)) = 12, Small important 2 × 2 = 4, Cy nice 1 × 1 = 1: raw 17
    // → 10 × (1 − e^−1.7) = 8.173.
    expect(e.demand).toBe(8.17);
    expect(e.arrBySegment).toEqual([
      { segment: "Enterprise", currency: "EUR", arr: 999000, companies: 1 },
      { segment: "SMB", currency: "EUR", arr: 9000, companies: 1 },
    ]);
    const mix = Object.fromEntries(e.importance.map((m: { key: string; count: number }) => [m.key, m.count]));
    expect(mix).toEqual({ critical: 1, important: 1, nice: 2 });
    expect(e.sentiment.reduce((s: number, m: { count: number }) => s + m.count, 0)).toBe(4);
    expect(e.quotes.map((q: { itemId: string }) => q.itemId)).toEqual([item.f4, item.f3, item.f2, item.f1]);
    expect(e.quotes[3]).toMatchObject({
      quote: "We need SSO, it is critical for our audit.",
      personName: "Ann",
      companyName: "Big",
    });
    // Without customers.revenue the ARR is not there at all; the demand (already weighted) is.
    const seen = await contributor.ok("GET", `${w}/ideas/${idea.sso}/evidence`);
    expect("arrBySegment" in seen).toBe(false);
    expect(seen.demand).toBe(8.17);
  });

  it("gives every idea's demand in a product, highest first, ARR only with customers.revenue", async () => {
    const d = await pm.ok("GET", `${w}/products/${pid}/demand`);
    // pdf: the handle's nice 1 + Small's nice 1 × 2 = 3 → 10 × (1 − e^−0.3) = 2.59.
    expect(d.items).toEqual([
      { ideaId: idea.sso, feedbackCount: 4, companies: 2, demand: 8.17, arr: 1008000 },
      { ideaId: idea.pdf, feedbackCount: 2, companies: 1, demand: 2.59, arr: 9000 },
    ]);
    const c = await contributor.ok("GET", `${w}/products/${pid}/demand`);
    expect(c.items.map((r: Record<string, unknown>) => "arr" in r)).toEqual([false, false]);
  });

  it("shows a customer's page: feedback, the ideas it supports, the company without revenue for others", async () => {
    const page = await contributor.ok("GET", `${w}/people/${person.ann}/page`);
    expect(page.person).toMatchObject({ name: "Ann", feedbackCount: 2 });
    expect(page.company.name).toBe("Big");
    expect("arr" in page.company).toBe(false);
    expect(page.feedback.map((f: { id: string }) => f.id)).toEqual([item.f2, item.f1]);
    expect(page.ideas).toEqual([
      { ideaId: idea.sso, title: "Idea sso", status: "new", importance: "critical", items: 2 },
    ]);
    expect((await pm.ok("GET", `${w}/people/${person.ann}/page`)).company.arr).toBe(999000);
  });

  it("unlinking the last link returns an item to triaged and lowers demand; spam does not count", async () => {
    const detail = await pm.ok("GET", `${w}/feedback/${item.f4}`);
    await pm.ok("DELETE", `${w}/feedback/${item.f4}/links/${detail.links[0].id}`, undefined, 204);
    expect((await pm.ok("GET", `${w}/feedback/${item.f4}`)).status).toBe("triaged");
    // raw 16 → 7.98.
    expect((await pm.ok("GET", `${w}/ideas/${idea.sso}/evidence`)).demand).toBe(7.98);
    const f3 = await pm.ok("GET", `${w}/feedback/${item.f3}`);
    await pm.ok("PATCH", `${w}/feedback/${item.f3}`, { version: f3.version, status: "spam" });
    // raw 12 → 6.99.
    const e = await pm.ok("GET", `${w}/ideas/${idea.sso}/evidence`);
    expect(e).toMatchObject({ feedbackCount: 2, companies: 1, demand: 6.99 });
    expect((await pm.del(`${w}/feedback/${item.f4}/links/${detail.links[0].id}`)).statusCode).toBe(404);
  });

  it("refuses linking to another workspace's idea, and keeps evidence and demand in their workspace", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const sp = (await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201)).id;
    const theirIdea = (await stranger.ok("POST", `${sw}/products/${sp}/ideas`, { title: "Theirs" }, 201)).id;
    const res = await pm.post(`${w}/feedback/${item.f5}/links`, { ideaId: theirIdea });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).fields).toEqual({ ideaId: "not found" });
    const theirItem = (await stranger.ok("POST", `${sw}/feedback`, { text: "theirs" }, 201)).id;
    expect((await stranger.post(`${sw}/feedback/${theirItem}/links`, { ideaId: idea.sso })).statusCode).toBe(
      404,
    );
    expect((await stranger.get(`${sw}/ideas/${idea.sso}/evidence`)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/products/${pid}/demand`)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/people/${person.ann}/page`)).statusCode).toBe(404);
    const detail = await pm.ok("GET", `${w}/feedback/${item.f5}`);
    expect((await stranger.del(`${sw}/feedback/${item.f5}/links/${detail.links[0].id}`)).statusCode).toBe(
      404,
    );
  });
});
