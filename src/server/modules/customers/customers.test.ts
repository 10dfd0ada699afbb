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
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  viewer = await addUser(pm, "viewer");
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

const company = (body: Record<string, unknown>) => pm.ok("POST", `${w}/companies`, body, 201);

describe("companies", () => {
  it("stores revenue as exact numbers and shows it only to those with customers.revenue", async () => {
    const c = await company({
      name: "Globex",
      domain: "globex.test",
      segment: "Enterprise",
      plan: "Scale",
      arr: 120000.5,
      mrr: 10000.04,
      currency: "eur",
      attributes: { region: "EU", seats: 250, trial: false },
    });
    expect(c).toMatchObject({ arr: 120000.5, mrr: 10000.04, currency: "EUR", peopleCount: 0, version: 1 });
    expect(c.attributes).toEqual({ region: "EU", seats: 250, trial: false });
    // A contributor and a viewer see the company, never its revenue (fields absent, not null).
    for (const who of [contributor, viewer]) {
      const seen = await who.ok("GET", `${w}/companies/${c.id}`);
      expect(seen.name).toBe("Globex");
      expect("arr" in seen || "mrr" in seen || "currency" in seen).toBe(false);
      const page = await who.ok("GET", `${w}/companies?q=glob`);
      expect(page.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      expect(Object.keys(page.items[0])).not.toContain("arr");
    }
    expect((await pm.ok("GET", `${w}/companies/${c.id}`)).arr).toBe(120000.5);
    // Nor may they set it.
    const res = await contributor.post(`${w}/companies`, { name: "Sneaky", arr: 5 });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty("arr");
    expect((await contributor.get(`${w}/revenue`)).statusCode).toBe(403);
    const revenue = await pm.ok("GET", `${w}/revenue`);
    expect(revenue.items).toContainEqual({
      segment: "Enterprise",
      currency: "EUR",
      arr: 120000.5,
      mrr: 10000.04,
      companies: 1,
    });
  });

  it("refuses bad input field by field, oversized attributes and stale versions", async () => {
    const res = await pm.post(`${w}/companies`, {
      name: " ",
      arr: -1,
      currency: "euro",
      attributes: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i])),
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual(["arr", "attributes", "currency", "name"]);
    const nul = await pm.post(`${w}/companies`, { name: "A\u0000B" });
    expect(errorOf(nul).fields).toHaveProperty("name");
    const big = await pm.post(`${w}/companies`, {
      name: "Big",
      attributes: {
        note: "x".repeat(1000),
        a: "y".repeat(1000),
        b: "z".repeat(1000),
        c: "q".repeat(1000),
        d: "r".repeat(1000),
        e: "s".repeat(1000),
        f: "t".repeat(1000),
        g: "u".repeat(1000),
        h: "v".repeat(1000),
      },
    });
    expect(errorOf(big).fields).toHaveProperty("attributes");
    const c = await company({ name: "Initech" });
    await pm.ok("PATCH", `${w}/companies/${c.id}`, { version: 1, segment: "SMB" });
    const stale = await pm.patch(`${w}/companies/${c.id}`, { version: 1, segment: "Mid" });
    expect(stale.statusCode).toBe(409);
  });
});

describe("people", () => {
  it("is unique per workspace by e-mail (any case) and external id, and upserts by either", async () => {
    const acme = await company({ name: "Acme Corp", segment: "SMB" });
    const ada = await pm.ok(
      "POST",
      `${w}/people`,
      { name: "Ada", email: "Ada@Acme.test", companyId: acme.id },
      201,
    );
    expect(ada).toMatchObject({ email: "ada@acme.test", companyName: "Acme Corp", feedbackCount: 0 });
    const dup = await pm.post(`${w}/people`, { name: "Ada again", email: "ADA@acme.test" });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).fields).toHaveProperty("email");
    // Upsert by e-mail finds Ada and adds her external id; by external id then finds her too.
    const up = await pm.request("PUT", `${w}/people`, {
      name: "Ada Lovelace",
      email: "ada@ACME.test",
      externalId: "crm-1",
    });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({
      id: ada.id,
      name: "Ada Lovelace",
      externalId: "crm-1",
      companyId: acme.id,
    });
    const again = await pm.request("PUT", `${w}/people`, { name: "Ada L.", externalId: "crm-1" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: ada.id, email: "ada@acme.test", name: "Ada L." });
    const fresh = await pm.request("PUT", `${w}/people`, { name: "Bob", externalId: "crm-2" });
    expect(fresh.statusCode).toBe(201);
    // Parallel upserts of one new customer make one row.
    const racers = await Promise.all(
      [1, 2, 3, 4].map(() => pm.request("PUT", `${w}/people`, { name: "Cy", email: "cy@acme.test" })),
    );
    expect(racers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(racers.map((r) => r.json().id)).size).toBe(1);
    const noKey = await pm.request("PUT", `${w}/people`, { name: "Nobody" });
    expect(noKey.statusCode).toBe(400);
    // An upsert whose e-mail belongs to someone else is refused, not merged silently.
    const clash = await pm.request("PUT", `${w}/people`, {
      name: "Bob",
      externalId: "crm-2",
      email: "ada@acme.test",
    });
    expect(clash.statusCode).toBe(409);
    // Search by name, e-mail or external id; keyset pages.
    const found = await pm.ok("GET", `${w}/people?q=crm-`);
    expect(found.items.map((p: { name: string }) => p.name).sort()).toEqual(["Ada L.", "Bob"]);
    const p1 = await pm.ok("GET", `${w}/people?limit=2`);
    const p2 = await pm.ok("GET", `${w}/people?limit=2&cursor=${p1.nextCursor}`);
    expect(p1.items.length + p2.items.length).toBe(3);
    expect(p2.nextCursor).toBeNull();
    expect((await pm.get(`${w}/people?cursor=abc`)).statusCode).toBe(400);
  });

  it("merges a duplicate: feedback moves to the survivor, the duplicate is gone, the audit log has it", async () => {
    const a = await pm.ok("POST", `${w}/people`, { name: "Dee", email: "dee@x.test" }, 201);
    const b = await pm.ok("POST", `${w}/people`, { name: "Dee (CRM)", externalId: "crm-dee" }, 201);
    const item = await pm.ok(
      "POST",
      `${w}/feedback`,
      { text: "Please add SSO", author: { personId: b.id } },
      201,
    );
    expect((await viewer.post(`${w}/people/${b.id}/merge`, { intoId: a.id })).statusCode).toBe(403);
    expect((await contributor.post(`${w}/people/${b.id}/merge`, { intoId: a.id })).statusCode).toBe(403);
    const merged = await pm.ok("POST", `${w}/people/${b.id}/merge`, { intoId: a.id });
    expect(merged).toMatchObject({ id: a.id, email: "dee@x.test", externalId: "crm-dee", feedbackCount: 1 });
    expect((await pm.ok("GET", `${w}/feedback/${item.id}`)).personId).toBe(a.id);
    expect((await pm.get(`${w}/people/${b.id}`)).statusCode).toBe(404);
    const audit = await pm.ok("GET", `${w}/audit?entityType=person&entityId=${b.id}`);
    const entry = audit.items.find((e: { action: string }) => e.action === "person.merge");
    expect(entry.after).toEqual({ mergedIntoId: a.id, movedFeedback: [item.id], movedSends: 0 });
  });

  it("merge moves close-the-loop sends and unsubscribes; opposite merges in parallel leave one person", async () => {
    const a = await pm.ok("POST", `${w}/people`, { name: "Eve", email: "eve@x.test" }, 201);
    const b = await pm.ok("POST", `${w}/people`, { name: "Eve (old)", email: "eve@old.test" }, 201);
    const product = await pm.ok("POST", `${w}/products`, { name: "Loop product" }, 201);
    const idea = (n: string) => pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: n }, 201);
    const [i1, i2] = [await idea("Told both"), await idea("Told old only")];
    const db = t.database.db;
    const exec = (q: string) => db.execute(q as never);
    const camp = (ideaId: string) =>
      `INSERT INTO loop_campaigns (workspace_id, id, idea_id, status, subject, body)
       VALUES ('${pm.wid}', gen_random_uuid(), '${ideaId}', 'sent', 's', 'b') RETURNING id`;
    const send = async (ideaId: string, personId: string, email: string) => {
      const c = ((await exec(camp(ideaId))) as unknown as { rows: { id: string }[] }).rows[0].id;
      await exec(`INSERT INTO loop_sends (workspace_id, id, campaign_id, idea_id, person_id, email, subject, text)
        VALUES ('${pm.wid}', gen_random_uuid(), '${c}', '${ideaId}', '${personId}', '${email}', 's', 't')`);
    };
    await send(i1.id, a.id, "eve@x.test");
    await send(i1.id, b.id, "eve@old.test");
    await send(i2.id, b.id, "eve@old.test");
    await exec(`INSERT INTO customer_unsubscribes (workspace_id, id, person_id, email)
      VALUES ('${pm.wid}', gen_random_uuid(), '${b.id}', 'eve@old.test')`);
    const merged = await pm.ok("POST", `${w}/people/${b.id}/merge`, { intoId: a.id });
    expect(merged.id).toBe(a.id);
    const rows = async (q: string) => ((await exec(q)) as unknown as { rows: Record<string, string>[] }).rows;
    const sends = await rows(
      `SELECT idea_id AS "ideaId", person_id AS "personId", email FROM loop_sends WHERE workspace_id = '${pm.wid}' ORDER BY email, idea_id`,
    );
    // Told-both keeps one send per person: the duplicate's send keeps its address, no person.
    expect(sends).toEqual(
      [
        { ideaId: i1.id, personId: null, email: "eve@old.test" },
        { ideaId: i2.id, personId: a.id, email: "eve@old.test" },
        { ideaId: i1.id, personId: a.id, email: "eve@x.test" },
      ].sort((x, y) => (x.email + x.ideaId < y.email + y.ideaId ? -1 : 1)),
    );
    expect(
      await rows(
        `SELECT person_id AS "personId" FROM customer_unsubscribes WHERE workspace_id = '${pm.wid}'`,
      ),
    ).toEqual([{ personId: a.id }]);
    const audit = await pm.ok("GET", `${w}/audit?entityType=person&entityId=${b.id}`);
    expect(audit.items.find((e: { action: string }) => e.action === "person.merge").after.movedSends).toBe(1);

    const c = await pm.ok("POST", `${w}/people`, { name: "Fay", email: "fay@x.test" }, 201);
    const d = await pm.ok("POST", `${w}/people`, { name: "Fay 2", email: "fay@y.test" }, 201);
    const [r1, r2] = await Promise.all([
      pm.post(`${w}/people/${c.id}/merge`, { intoId: d.id }),
      pm.post(`${w}/people/${d.id}/merge`, { intoId: c.id }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 404]);
    const left = (await pm.ok("GET", `${w}/people?q=fay&limit=10`)).items;
    expect(left).toHaveLength(1);
  });

  it("keeps tenants apart: another workspace's company or person is 404", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const theirs = await stranger.ok("POST", `${sw}/companies`, { name: "Theirs" }, 201);
    const mine = await pm.ok("POST", `${w}/people`, { name: "Mine" }, 201);
    expect((await pm.get(`${w}/companies/${theirs.id}`)).statusCode).toBe(404);
    const res = await pm.post(`${w}/people`, { name: "X", companyId: theirs.id });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).fields).toEqual({ companyId: "not found" });
    expect((await stranger.get(`${sw}/people/${mine.id}`)).statusCode).toBe(404);
    const theirPerson = await stranger.ok("POST", `${sw}/people`, { name: "Their person" }, 201);
    expect(
      (await stranger.post(`${sw}/people/${mine.id}/merge`, { intoId: theirPerson.id })).statusCode,
    ).toBe(404);
    const into = await stranger.post(`${sw}/people/${theirPerson.id}/merge`, { intoId: mine.id });
    expect(into.statusCode).toBe(404);
    expect(errorOf(into).fields).toEqual({ intoId: "not found" });
    expect((await stranger.get(`${w}/people`)).statusCode).toBe(404);
  });
});
