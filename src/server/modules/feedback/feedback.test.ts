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
let viewer: Client;
let contributor: Client;
let w: string;
let fb: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  viewer = await addUser(pm, "viewer");
  contributor = await addUser(pm, "contributor");
  w = `/api/v1/workspaces/${pm.wid}`;
  fb = `${w}/feedback`;
});
afterAll(() => t.close());

type Item = { id: string; status: string; source: string; receivedAt: string };
const count = async (q = "") => {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { items: Item[]; nextCursor: string | null } = await pm.ok(
      "GET",
      `${fb}?limit=200${q}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
};

describe("feedback ingestion", () => {
  it("stores one item with language and sentiment computed, Markdown as given, and records it in the audit log", async () => {
    const res = await pm.request("POST", fb, {
      text: "  **Love** the new roadmap view!\r\nIt is fast and <b>clear</b>.\u0007 ",
      title: "Roadmap praise",
      source: "email",
      externalId: "<m1@mail.test>",
      author: { handle: "ada@mail.test" },
      url: "https://mail.test/m1",
      receivedAt: "2026-11-30T10:00:00Z",
      tags: ["UX", "ux", "roadmap"],
    });
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      created: true,
      text: "**Love** the new roadmap view!\nIt is fast and <b>clear</b>.",
      source: "email",
      sourceId: "",
      handle: "ada@mail.test",
      language: "en",
      sentiment: "positive",
      sentimentHint: "positive",
      sentimentOverridden: false,
      status: "new",
      read: false,
      tags: ["ux", "roadmap"],
      receivedAt: "2026-11-30T10:00:00.000Z",
      version: 1,
    });
    expect(item.sentimentScore).toBeGreaterThan(0.5);
    const audit = await pm.ok("GET", `${w}/audit?entityType=feedback&entityId=${item.id}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["feedback.create"]);
  });

  it("answers a re-delivery with the stored item, sequentially and under parallel duplicates", async () => {
    const body = {
      text: "Export to Excel please",
      source: "webhook",
      sourceId: "zap-1",
      externalId: "evt-42",
    };
    const first = await pm.request("POST", fb, body);
    expect(first.statusCode).toBe(201);
    const again = await pm.request("POST", fb, { ...body, text: "changed on the way" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      id: first.json().id,
      created: false,
      text: "Export to Excel please",
    });
    // The same external id from another source or connection is another item.
    expect((await pm.request("POST", fb, { ...body, sourceId: "zap-2" })).statusCode).toBe(201);
    const racers = await Promise.all(
      Array.from({ length: 8 }, () => pm.request("POST", fb, { ...body, externalId: "evt-race" })),
    );
    expect(racers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(racers.map((r) => r.json().id)).size).toBe(1);
    expect(await count("&source=webhook")).toBe(3);
  });

  it("ingests a batch idempotently: duplicates inside it, re-deliveries and parallel overlapping batches", async () => {
    const items = Array.from({ length: 600 }, (_, i) => ({
      text: `Batch item ${i}: the calendar view is slow`,
      source: "api",
      sourceId: "crm",
      externalId: `b-${i}`,
    }));
    const r1 = await pm.ok("POST", `${fb}/batch`, { items: [...items, items[0]] });
    expect(r1).toMatchObject({ created: 600, existing: 1 });
    expect(r1.items[600].id).toBe(r1.items[0].id);
    const r2 = await pm.ok("POST", `${fb}/batch`, { items: items.slice(0, 10) });
    expect(r2).toMatchObject({ created: 0, existing: 10 });
    expect(r2.items.map((x: { id: string }) => x.id)).toEqual(
      r1.items.slice(0, 10).map((x: { id: string }) => x.id),
    );
    // Two batches sharing half their keys, in opposite orders, at once: every key stored once.
    const more = Array.from({ length: 200 }, (_, i) => ({
      text: `More ${i}`,
      source: "api",
      sourceId: "crm",
      externalId: `m-${i}`,
    }));
    const [a, b] = await Promise.all([
      pm.ok("POST", `${fb}/batch`, { items: more.slice(0, 150) }),
      pm.ok("POST", `${fb}/batch`, { items: more.slice(50).reverse() }),
    ]);
    expect(a.created + b.created).toBe(200);
    expect(a.existing + b.existing).toBe(100);
    expect(await count("&source=api")).toBe(800);
    const audit = await pm.ok("GET", `${w}/audit?entityType=feedback`);
    expect(
      audit.items.filter((e: { action: string }) => e.action === "feedback.ingest").length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("refuses a batch with any bad row, naming each row's field, and stores nothing of it", async () => {
    const before = await count();
    const good = (i: number) => ({ text: `fine ${i}`, externalId: `ok-${i}` });
    const res = await pm.post(`${fb}/batch`, {
      items: [
        good(0),
        good(1),
        good(2),
        { text: " " },
        good(4),
        { text: "x", url: "ftp://x" },
        { text: "a\u0000b" },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual([
      "items.3.text",
      "items.5.url",
      "items.6.text",
    ]);
    // Only control characters: empty once normalized.
    const blank = await pm.post(`${fb}/batch`, { items: [good(0), { text: "\u0007\u0008" }] });
    expect(errorOf(blank).fields).toEqual({ "items.1.text": "Write the feedback" });
    const stranger = await otherTenant(pm);
    const theirs = await stranger.ok("POST", `/api/v1/workspaces/${stranger.wid}/people`, { name: "T" }, 201);
    const refs = await pm.post(`${fb}/batch`, {
      items: [
        good(0),
        good(1),
        { text: "y", author: { personId: theirs.id } },
        { text: "z", author: { userId: stranger.userId } },
      ],
    });
    expect(refs.statusCode).toBe(404);
    expect(errorOf(refs).fields).toEqual({
      "items.2.author.personId": "not found",
      "items.3.author.userId": "not found",
    });
    const tooMany = await pm.post(`${fb}/batch`, { items: Array.from({ length: 1001 }, (_, i) => good(i)) });
    expect(tooMany.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe("the inbox", () => {
  it("filters, pages by (received_at, id) and counts unread per status", async () => {
    const acme = await pm.ok("POST", `${w}/companies`, { name: "Acme", segment: "Enterprise" }, 201);
    const ada = await pm.ok(
      "POST",
      `${w}/people`,
      { name: "Ada", email: "ada@acme.test", companyId: acme.id },
      201,
    );
    const at = (d: number) => `2026-10-${String(d).padStart(2, "0")}T12:00:00Z`;
    const made = await pm.ok("POST", `${fb}/batch`, {
      items: [
        {
          text: "The calendar crashes constantly, terrible",
          source: "github",
          externalId: "g1",
          receivedAt: at(1),
          author: { personId: ada.id },
          tags: ["calendar"],
        },
        {
          text: "Wonderful calendar sync, thanks",
          source: "github",
          externalId: "g2",
          receivedAt: at(2),
          tags: ["calendar"],
        },
        {
          text: "Please add SAML",
          source: "mastodon",
          externalId: "t1",
          receivedAt: at(3),
          author: { handle: "@bob@social.test" },
        },
        { text: "Same second, other id", source: "mastodon", externalId: "t2", receivedAt: at(3) },
      ],
    });
    const ids = made.items.map((x: { id: string }) => x.id);
    // Ada's company came with her.
    expect((await pm.ok("GET", `${fb}/${ids[0]}`)).companyId).toBe(acme.id);
    const seg = await pm.ok("GET", `${fb}?segment=Enterprise`);
    expect(seg.items.map((i: Item) => i.id)).toEqual([ids[0]]);
    const neg = await pm.ok("GET", `${fb}?sentiment=negative&source=github`);
    expect(neg.items.map((i: Item) => i.id)).toEqual([ids[0]]);
    const tag = await pm.ok(
      "GET",
      `${fb}?tag=calendar&status=new&from=2026-10-02T00:00:00Z&to=2026-10-03T00:00:00Z`,
    );
    expect(tag.items.map((i: Item) => i.id)).toEqual([ids[1]]);
    const search = await pm.ok("GET", `${fb}?q=saml`);
    expect(search.items.map((i: Item) => i.id)).toEqual([ids[2]]);
    // Keyset pages over the two mastodon items of the same second, then github, never repeating one.
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 5; i++) {
      const page = await pm.ok("GET", `${fb}?source=mastodon&source=github&limit=1${cursor}`);
      seen.push(...page.items.map((x: Item) => x.id));
      if (!page.nextCursor) break;
      cursor = `&cursor=${page.nextCursor}`;
    }
    expect(seen.slice(2)).toEqual([ids[1], ids[0]]);
    expect(new Set(seen.slice(0, 2))).toEqual(new Set([ids[2], ids[3]]));
    // Unread counts move when an item is read or triaged.
    const c0 = await pm.ok("GET", `${fb}/counts`);
    const newBefore = c0.statuses.find((s: { status: string }) => s.status === "new");
    await pm.ok("PATCH", `${fb}/${ids[0]}`, {
      version: 1,
      read: true,
      status: "triaged",
      assigneeId: contributor.userId,
    });
    const c1 = await pm.ok("GET", `${fb}/counts`);
    expect(c1.statuses.find((s: { status: string }) => s.status === "new")).toEqual({
      status: "new",
      total: newBefore.total - 1,
      unread: newBefore.unread - 1,
    });
    expect(c1.statuses.find((s: { status: string }) => s.status === "triaged")).toEqual({
      status: "triaged",
      total: 1,
      unread: 0,
    });
    const mine = await pm.ok("GET", `${fb}?assignee=${contributor.userId}`);
    expect(mine.items.map((i: Item) => i.id)).toEqual([ids[0]]);
    expect((await pm.get(`${fb}?status=bogus`)).statusCode).toBe(400);
  });

  it("lets a person override the sentiment while keeping the computed hint; stale versions are refused", async () => {
    const item = await pm.ok("POST", fb, { text: "This is fine I guess, terrible colours though" }, 201);
    const hint = item.sentimentHint;
    const o = await pm.ok("PATCH", `${fb}/${item.id}`, { version: 1, sentiment: "positive" });
    expect(o).toMatchObject({
      sentiment: "positive",
      sentimentHint: hint,
      sentimentOverridden: true,
      version: 2,
    });
    const back = await pm.ok("PATCH", `${fb}/${item.id}`, { version: 2, sentiment: null });
    expect(back).toMatchObject({ sentiment: hint, sentimentOverridden: false });
    expect((await pm.patch(`${fb}/${item.id}`, { version: 2, status: "spam" })).statusCode).toBe(409);
    const linked = await pm.patch(`${fb}/${item.id}`, { version: 3, status: "linked" });
    expect(errorOf(linked).fields).toHaveProperty("status");
    const bad = await pm.patch(`${fb}/${item.id}`, {
      version: 3,
      assigneeId: "00000000-0000-4000-8000-000000000000",
    });
    expect(bad.statusCode).toBe(400);
  });

  it("lets a viewer read but not write, and keeps another workspace out", async () => {
    const item = await pm.ok("POST", fb, { text: "Viewer can read this" }, 201);
    expect((await viewer.get(`${fb}/${item.id}`)).statusCode).toBe(200);
    expect((await viewer.post(fb, { text: "no" })).statusCode).toBe(403);
    expect((await viewer.post(`${fb}/batch`, { items: [{ text: "no" }] })).statusCode).toBe(403);
    expect((await viewer.patch(`${fb}/${item.id}`, { version: 1, status: "spam" })).statusCode).toBe(403);
    expect((await viewer.del(`${fb}/${item.id}`)).statusCode).toBe(403);
    const stranger = await otherTenant(pm);
    const sfb = `/api/v1/workspaces/${stranger.wid}/feedback`;
    expect((await stranger.get(`${sfb}/${item.id}`)).statusCode).toBe(404);
    expect((await stranger.patch(`${sfb}/${item.id}`, { version: 1, status: "spam" })).statusCode).toBe(404);
    expect((await stranger.del(`${sfb}/${item.id}`)).statusCode).toBe(404);
    expect((await stranger.get(fb)).statusCode).toBe(404);
    const theirs = await stranger.ok("POST", sfb, { text: "theirs", externalId: "same-key" }, 201);
    // The same idempotency key in two workspaces is two items.
    const ours = await pm.ok("POST", fb, { text: "ours", externalId: "same-key" }, 201);
    expect(ours.id).not.toBe(theirs.id);
    await pm.ok("DELETE", `${fb}/${item.id}`, undefined, 204);
    expect((await pm.get(`${fb}/${item.id}`)).statusCode).toBe(404);
  });
});
