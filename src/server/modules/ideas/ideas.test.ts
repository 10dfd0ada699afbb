import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";
import { mergeIdea } from "./ideas.service.ts";

let t: TestApp;
let pm: Client;
let w: string;
let pid: string;
let ideas: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Billing" }, 201)).id;
  ideas = `${w}/products/${pid}/ideas`;
});
afterAll(() => t.close());

const add = (body: Record<string, unknown>) => pm.ok("POST", ideas, body, 201);
type Row = { id: string; title: string; rank: number | null; score: number | null; snippet?: string };

describe("ideas", () => {
  it("numbers ideas, stores unicode and hostile text as given, and computes RICE, ICE and WSJF by hand", async () => {
    const a = await add({
      title: "Zahlung per Überweisung 💸 <script>alert(1)</script>",
      description: "'; DROP TABLE ideas; --",
      tags: ["Payments", "payments", "EU"],
      links: [{ url: "https://example.test/ticket/1" }],
      inputs: {
        reach: 2000,
        impact: 2,
        confidence: 80,
        effort: 4,
        ease: 5,
        businessValue: 8,
        timeCriticality: 5,
        riskReduction: 3,
        jobSize: 4,
      },
    });
    expect(a).toMatchObject({ number: 1, status: "new", tags: ["payments", "eu"], watching: true });
    expect(a.title).toBe("Zahlung per Überweisung 💸 <script>alert(1)</script>");
    // RICE 2000 × 2 × 0.8 ÷ 4 = 800; ICE 2 × 8 × 5 = 80; WSJF (8 + 5 + 3) ÷ 4 = 4.
    expect(a.scores).toEqual({ weighted: null, rice: 800, ice: 80, wsjf: 4 });
    const b = await add({
      title: "Invoices as PDF",
      inputs: { reach: 500, impact: 3, confidence: 100, effort: 1 },
    });
    expect(b.number).toBe(2);
    expect(b.scores.rice).toBe(1500);
    expect(b.scores.wsjf).toBeNull();
    // Switch the product to RICE: the backlog re-ranks by it.
    const product = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: product.version, framework: "rice" });
    const page = await pm.ok("GET", ideas);
    expect(page.framework).toBe("rice");
    expect(page.items.map((r: Row) => [r.title, r.rank, r.score])).toEqual([
      ["Invoices as PDF", 1, 1500],
      [a.title, 2, 800],
    ]);
    const detail = await pm.ok("GET", `${w}/ideas/${a.id}`);
    // Under the weighted scorecard both are unscored: by number, as the backlog would rank them.
    expect(detail.ranks).toEqual({ weighted: 1, rice: 2, ice: 1, wsjf: 1 });
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: product.version + 1, framework: "weighted" });
  });

  it("refuses bad input field by field and stale versions", async () => {
    const res = await pm.post(ideas, {
      title: " ",
      tags: ["a,b"],
      links: [{ url: "javascript:alert(1)" }],
      inputs: { confidence: 400 },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual([
      "inputs.confidence",
      "links.0.url",
      "tags.0",
      "title",
    ]);
    const huge = await pm.post(ideas, { title: "x", description: "y".repeat(60_000) });
    expect(errorOf(huge).fields).toHaveProperty("description");
    const idea = await add({ title: "Versioned" });
    await pm.ok("PATCH", `${w}/ideas/${idea.id}`, { version: 1, title: "First edit" });
    const stale = await pm.patch(`${w}/ideas/${idea.id}`, { version: 1, title: "Lost update" });
    expect(stale.statusCode).toBe(409);
    expect((await pm.ok("GET", `${w}/ideas/${idea.id}`)).title).toBe("First edit");
    const notMember = await pm.patch(`${w}/ideas/${idea.id}`, {
      version: 2,
      ownerId: "00000000-0000-4000-8000-000000000009",
    });
    expect(errorOf(notMember).fields).toHaveProperty("ownerId");
  });

  it("finds ideas by word prefix with escaped, highlighted snippets; injection is just text", async () => {
    await add({
      title: "Dark mode for the dashboard",
      description: "Users in <b>night</b> & day shifts asked for it <img src=x onerror=alert(1)>",
    });
    await add({ title: "Export dashboards", description: "CSV export of every chart" });
    const hit = await pm.ok("GET", `${ideas}?q=${encodeURIComponent("dashb nigh")}`);
    expect(hit.items.map((r: Row) => r.title)).toEqual(["Dark mode for the dashboard"]);
    expect(hit.items[0].snippet).toContain("<mark>dashboard</mark>");
    // Only our <mark> tags are markup: tags in the text are dropped, other specials escaped.
    expect(hit.items[0].snippet).toContain("<mark>night</mark>");
    expect(hit.items[0].snippet).toContain("&amp; day");
    expect(hit.items[0].snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
    const both = await pm.ok("GET", `${ideas}?q=dash`);
    expect(both.total).toBe(2);
    for (const q of ["'); DROP TABLE ideas; --", "a & | ! :*", "((", "ß\u0000"]) {
      const res = await pm.get(`${ideas}?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBeLessThan(500);
    }
    expect((await pm.ok("GET", ideas)).total).toBeGreaterThan(3);
    // Markdown is not shown raw in a snippet (issue 12: "**Why.**").
    await add({
      title: "Offline job list",
      description: "**Why.** Technicians lose _signal_ in [basements](https://x.test).",
    });
    const md = await pm.ok("GET", `${ideas}?q=technicians`);
    expect(md.items[0].snippet).toContain("Why. <mark>Technicians</mark> lose signal in basements");
    expect(md.items[0].snippet).not.toMatch(/[*_[\]]/);
  });

  it("pins a rank with a reason, and the pin survives re-scoring", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Pins" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const mk = (title: string, reach: number) =>
      pm.ok("POST", list, { title, inputs: { reach, impact: 1, confidence: 100, effort: 1 } }, 201);
    const [hi, mid, lo] = [await mk("High", 300), await mk("Mid", 200), await mk("Low", 100)];
    const product = await pm.ok("GET", `${w}/products/${p}`);
    await pm.ok("PATCH", `${w}/products/${p}`, { version: product.version, framework: "rice" });
    const bad = await pm.put(`${w}/ideas/${lo.id}/pin`, { rank: 1, reason: "" });
    expect(errorOf(bad).fields).toHaveProperty("reason");
    const pinned = await pm.ok("PUT", `${w}/ideas/${lo.id}/pin`, {
      rank: 1,
      reason: "Promised to ACME in the contract",
    });
    expect(pinned).toMatchObject({ rank: 1, pinnedRank: 1, pinReason: "Promised to ACME in the contract" });
    const order = async () => (await pm.ok("GET", list)).items.map((r: Row) => r.title);
    expect(await order()).toEqual(["Low", "High", "Mid"]);
    await pm.ok("PATCH", `${w}/ideas/${mid.id}`, { version: mid.version, inputs: { reach: 900 } });
    expect(await order()).toEqual(["Low", "Mid", "High"]);
    await pm.ok("DELETE", `${w}/ideas/${lo.id}/pin`);
    expect(await order()).toEqual(["Mid", "High", "Low"]);
    // Shipped ideas leave the ranking.
    await pm.ok("PATCH", `${w}/ideas/${hi.id}`, { version: hi.version, status: "shipped" });
    const page = await pm.ok("GET", list);
    expect(page.items.map((r: Row) => [r.title, r.rank])).toEqual([
      ["Mid", 1],
      ["Low", 2],
      ["High", null],
    ]);
  });

  it("merges a duplicate: ratings, comments, watchers, links and tags move; the duplicate redirects", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Merge" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const keep = await pm.ok(
      "POST",
      list,
      { title: "SSO login", tags: ["auth"], links: [{ url: "https://a.test" }] },
      201,
    );
    const dup = await pm.ok(
      "POST",
      list,
      { title: "Single sign-on", tags: ["enterprise"], links: [{ url: "https://b.test" }] },
      201,
    );
    const ana = await addUser(pm, "stakeholder", pm.wid, "Ana Merge");
    await ana.ok("POST", `${w}/ideas/${dup.id}/comments`, { body: "We need Okta" }, 201);
    const { factors } = await pm.ok("GET", `${w}/factors`);
    const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      { productId: p, name: "M", ideaIds: [dup.id], voterIds: [ana.userId], deadline },
      201,
    );
    await ana.ok("PUT", `${w}/rounds/${round.id}/ratings`, {
      ratings: factors.map((f: { id: string }) => ({ ideaId: dup.id, factorId: f.id, value: 5 })),
    });
    await pm.ok("POST", `${w}/rounds/${round.id}/close`);
    expect((await pm.ok("GET", `${w}/ideas/${dup.id}`)).score).toBeCloseTo(80, 10); // 5s everywhere, cost inverted: 8/10
    const self = await pm.post(`${w}/ideas/${keep.id}/merge`, { intoId: keep.id });
    expect(errorOf(self).fields).toHaveProperty("intoId");
    const survivor = await pm.ok("POST", `${w}/ideas/${dup.id}/merge`, { intoId: keep.id });
    expect(survivor.tags.sort()).toEqual(["auth", "enterprise"]);
    expect(survivor.links.map((l: { url: string }) => l.url)).toEqual(["https://a.test", "https://b.test"]);
    expect(survivor).toMatchObject({ commentCount: 1, voters: 1, scoredRoundId: round.id });
    expect(survivor.score).toBeCloseTo(80, 10);
    const gone = await pm.ok("GET", `${w}/ideas/${dup.id}`);
    expect(gone).toMatchObject({ status: "merged", mergedIntoId: keep.id, rank: null });
    const comments = await pm.ok("GET", `${w}/ideas/${keep.id}/comments`);
    expect(comments.items.map((c: { body: string }) => c.body)).toEqual(["We need Okta"]);
    expect((await ana.ok("GET", `${w}/ideas/${keep.id}`)).watching).toBe(true);
    const results = await pm.ok("GET", `${w}/rounds/${round.id}/results`);
    expect(results.results.map((r: { ideaId: string }) => r.ideaId)).toEqual([keep.id]);
    expect((await pm.ok("GET", list)).items.map((r: Row) => r.title)).toEqual(["SSO login"]);
    expect((await pm.post(`${w}/ideas/${dup.id}/merge`, { intoId: keep.id })).statusCode).toBe(409);
    // Deleting the survivor takes its ratings along: the voter's progress drops back to zero.
    await pm.ok("DELETE", `${w}/ideas/${keep.id}`, undefined, 204);
    const after = await pm.ok("GET", `${w}/rounds/${round.id}`);
    expect(after.voters.map((v: { done: number }) => v.done)).toEqual([0]);
    expect((await pm.ok("GET", `${w}/rounds/${round.id}/results`)).results).toEqual([]);
  });

  it("serves backlog pages from a cache that every backlog write invalidates, with ETags", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Cache" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const a = await pm.ok("POST", list, { title: "Cached A" }, 201);
    const first = await pm.get(list);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    expect(first.json().items.map((r: Row) => r.title)).toEqual(["Cached A"]);
    const again = await pm.request("GET", list, undefined, { "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    // Each kind of write shows at once, and changes the ETag.
    await pm.ok("POST", `${w}/ideas/${a.id}/comments`, { body: "count me" }, 201);
    const afterComment = await pm.get(list);
    expect(afterComment.headers.etag).not.toBe(etag);
    expect(afterComment.json().items[0].commentCount).toBe(1);
    await pm.ok("POST", list, { title: "Cached B" }, 201);
    expect((await pm.ok("GET", list)).total).toBe(2);
    await pm.ok("PUT", `${w}/ideas/${a.id}/pin`, { rank: 2, reason: "Testing the cache" });
    expect((await pm.ok("GET", list)).items.map((r: Row) => r.title)).toEqual(["Cached B", "Cached A"]);
    const product = await pm.ok("GET", `${w}/products/${p}`);
    await pm.ok("PATCH", `${w}/products/${p}`, { version: product.version, framework: "ice" });
    expect((await pm.ok("GET", list)).framework).toBe("ice");
    // Another query is another entry.
    expect((await pm.ok("GET", `${list}?q=cached%20b`)).items.map((r: Row) => r.title)).toEqual(["Cached B"]);
  });

  it("pages the default order by rank value, the same as the generic offset path, across unranked ideas", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Paging" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const product = await pm.ok("GET", `${w}/products/${p}`);
    await pm.ok("PATCH", `${w}/products/${p}`, { version: product.version, framework: "rice" });
    for (let i = 0; i < 7; i++) {
      const idea = await pm.ok(
        "POST",
        list,
        { title: `P${i}`, inputs: { reach: (i * 37) % 11, impact: 1, confidence: 100, effort: 1 } },
        201,
      );
      if (i % 3 === 0)
        await pm.ok("PATCH", `${w}/ideas/${idea.id}`, { version: idea.version, status: "shipped" });
    }
    const all = ["new", "under_review", "planned", "in_progress", "shipped", "declined"]
      .map((x) => `status=${x}`)
      .join("&");
    const reference = (await pm.ok("GET", `${list}?${all}&limit=100`)).items.map((r: Row) => r.title);
    expect(reference).toHaveLength(7);
    const paged: string[] = [];
    for (let offset = 0; offset < 9; offset += 2) {
      const page = await pm.ok("GET", `${list}?limit=2&offset=${offset}`);
      expect(page.total).toBe(7);
      paged.push(...page.items.map((r: Row) => r.title));
    }
    expect(paged).toEqual(reference);
    expect((await pm.ok("GET", `${list}?limit=100`)).items.map((r: Row) => r.rank)).toEqual([
      1,
      2,
      3,
      4,
      null,
      null,
      null,
    ]);
  });

  it("merges outside a transaction too (the CLI's path)", async () => {
    const a = await add({ title: "Twin A" });
    const b = await add({ title: "Twin B" });
    const ctx = { workspaceId: pm.wid, userId: null, via: "cli" as const, role: "owner" as const };
    const survivor = await mergeIdea(t.database.db, ctx, b.id, a.id);
    expect(survivor.id).toBe(a.id);
    expect((await pm.ok("GET", `${w}/ideas/${b.id}`)).mergedIntoId).toBe(a.id);
  });

  it("notifies mentioned people and watchers, and refuses mentions of strangers", async () => {
    const idea = await add({ title: "Mentions" });
    const dev = await addUser(pm, "contributor", pm.wid, "Dev Mention");
    const c = await pm.ok(
      "POST",
      `${w}/ideas/${idea.id}/comments`,
      { body: "@Dev can you size it?", mentions: [dev.userId] },
      201,
    );
    expect(c).toMatchObject({ authorName: "Olivia Owner", mentions: [dev.userId] });
    const notes = await dev.ok("GET", `${w}/notifications`);
    expect(notes.unread).toBe(1);
    expect(notes.items[0]).toMatchObject({ kind: "mention", link: `/ideas/${idea.id}` });
    await dev.ok("POST", `${w}/ideas/${idea.id}/comments`, { body: "About 3 days" }, 201);
    const mine = await pm.ok("GET", `${w}/notifications`);
    expect(mine.items[0]).toMatchObject({ kind: "comment", body: "About 3 days" });
    expect((await dev.ok("POST", `${w}/notifications/read`, {})).unread).toBe(0);
    const bad = await pm.post(`${w}/ideas/${idea.id}/comments`, {
      body: "x",
      mentions: ["00000000-0000-4000-8000-000000000009"],
    });
    expect(errorOf(bad).fields).toHaveProperty("mentions");
    const activity = await pm.ok("GET", `${w}/ideas/${idea.id}/activity`);
    expect(activity.items.map((e: { action: string }) => e.action)).toEqual([
      "idea.comment",
      "idea.comment",
      "idea.create",
    ]);
  });

  it("bulk-edits status, owner and tags, and keeps saved views per person", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Bulk" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const ids = [];
    for (const title of ["One", "Two", "Three"])
      ids.push((await pm.ok("POST", list, { title, tags: ["old"] }, 201)).id);
    const res = await pm.ok("POST", `${list}/bulk`, {
      ids: ids.slice(0, 2),
      set: { status: "planned", ownerId: pm.userId, addTags: ["q3"], removeTags: ["old"] },
    });
    expect(res.updated).toBe(2);
    const planned = await pm.ok("GET", `${list}?status=planned`);
    expect(
      planned.items.map((r: Row & { tags: string[]; ownerName: string }) => [r.title, r.tags, r.ownerName]),
    ).toEqual([
      ["One", ["q3"], "Olivia Owner"],
      ["Two", ["q3"], "Olivia Owner"],
    ]);
    expect((await pm.ok("GET", `${list}?tag=old`)).items.map((r: Row) => r.title)).toEqual(["Three"]);
    const view = await pm.ok(
      "POST",
      `${w}/products/${p}/views`,
      { name: "Planned", config: { status: ["planned"], sort: "score" } },
      201,
    );
    const other = await addUser(pm, "contributor", pm.wid, "Other Viewer");
    expect((await other.ok("GET", `${w}/products/${p}/views`)).items).toEqual([]);
    expect((await other.del(`${w}/views/${view.id}`)).statusCode).toBe(403);
    expect(
      (await pm.ok("GET", `${w}/products/${p}/views`)).items.map((v: { name: string }) => v.name),
    ).toEqual(["Planned"]);
  });

  it("imports CSV with a dry run that reports per-row errors, then exports what it imported", async () => {
    const p = (await pm.ok("POST", `${w}/products`, { name: "Import" }, 201)).id;
    const list = `${w}/products/${p}/ideas`;
    const csv = [
      "Name,Details,Labels,Owner,Estimate,Status",
      `"Bulk ""quoted"" title","Multi\nline",ux;mobile,${pm.session.user.email},3,planned`,
      ",no title,,,,",
      "Bad number,,,,lots,",
      "Unknown owner,,,ghost@nowhere.test,,",
      '"=HYPERLINK(""http://evil"")",formula,,,,done',
    ].join("\n");
    const dry = await pm.ok("POST", `${list}/import`, { csv, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, rows: 5, created: 0 });
    expect(dry.mapping).toEqual({
      title: "Name",
      description: "Details",
      status: "Status",
      tags: "Labels",
      ownerEmail: "Owner",
      effort: "Estimate",
    });
    expect(dry.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, "title"],
      [4, "effort"],
      [5, "ownerEmail"],
    ]);
    const refused = await pm.ok("POST", `${list}/import`, { csv, dryRun: false });
    expect(refused.created).toBe(0);
    expect((await pm.ok("GET", list)).total).toBe(0);
    const good = csv
      .split("\n")
      .filter((_, i) => ![3, 4, 5].includes(i))
      .join("\n");
    const done = await pm.ok("POST", `${list}/import`, {
      csv: good.replace("\nline", " line"),
      dryRun: false,
    });
    expect(done).toMatchObject({ created: 2, errors: [] });
    const exported = await pm.get(`${list}/export?format=csv`);
    expect(exported.headers["content-type"]).toMatch(/text\/csv/);
    expect(exported.body).toContain('Bulk ""quoted"" title');
    expect(exported.body).toContain("'=HYPERLINK"); // neutralized formula
    const json = await pm.ok("GET", `${list}/export?format=json`);
    expect(
      json.map((r: { title: string; status: string; tags: string }) => [r.title, r.status, r.tags]),
    ).toEqual([
      ['Bulk "quoted" title', "planned", "ux, mobile"],
      ['=HYPERLINK("http://evil")', "shipped", ""],
    ]);
    const bad = await pm.post(`${list}/import`, { csv: "a,b\n1,2", mapping: { title: "nope" } });
    expect(errorOf(bad).fields).toHaveProperty(["mapping.title"]);
  });
});
