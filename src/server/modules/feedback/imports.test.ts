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

/** CSV imports of customers and feedback (docs/FEEDBACK.md, "CSV import"). */
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

const count = async (table: string) =>
  Number(
    (
      (await t.database.db.execute(
        `SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = '${pm.wid}'` as never,
      )) as unknown as { rows: { n: number }[] }
    ).rows[0].n,
  );

const CUSTOMERS = [
  "Full Name,E-mail,CRM Id,Company,Domain,Tier,ARR,Currency",
  "Ada Lovelace,ada@analytical.test,crm-1,Analytical Engines,analytical.test,Enterprise,120000,EUR",
  "Charles Babbage,charles@analytical.test,crm-2,Analytical Engines,analytical.test,Enterprise,120000,EUR",
  "Grace Hopper,grace@cobol.test,crm-3,Cobol Inc,cobol.test,SMB,9000,USD",
  ",,,Lonely Co,lonely.test,SMB,,",
].join("\n");

describe("customers import", () => {
  it("guesses the mapping, dry-runs with counts and writes nothing, then imports; a re-import changes nothing", async () => {
    const before = [await count("people"), await count("companies")];
    const dry = await pm.ok("POST", `${w}/customers/import`, { csv: CUSTOMERS, dryRun: true });
    expect(dry.mapping).toEqual({
      name: "Full Name",
      email: "E-mail",
      externalId: "CRM Id",
      companyName: "Company",
      companyDomain: "Domain",
      segment: "Tier",
      arr: "ARR",
      currency: "Currency",
    });
    expect(dry).toMatchObject({
      dryRun: true,
      rows: 4,
      errors: [],
      companies: { created: 3, updated: 0 },
      people: { created: 3, updated: 0 },
    });
    expect([await count("people"), await count("companies")]).toEqual(before);

    const done = await pm.ok("POST", `${w}/customers/import`, { csv: CUSTOMERS });
    expect(done).toMatchObject({ dryRun: false, companies: { created: 3 }, people: { created: 3 } });
    const companies = (await pm.ok("GET", `${w}/companies?q=analytical`)).items;
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({
      segment: "Enterprise",
      arr: 120000,
      currency: "EUR",
      peopleCount: 2,
    });
    const ada = (await pm.ok("GET", `${w}/people?q=ada@analytical`)).items[0];
    expect(ada).toMatchObject({
      name: "Ada Lovelace",
      externalId: "crm-1",
      companyName: "Analytical Engines",
    });

    const again = await pm.ok("POST", `${w}/customers/import`, { csv: CUSTOMERS });
    expect(again).toMatchObject({
      companies: { created: 0, updated: 0 },
      people: { created: 0, updated: 0 },
    });

    // Upsert: crm-1 is matched by external id (new e-mail), a new ARR updates the company.
    const changed = await pm.ok("POST", `${w}/customers/import`, {
      csv: "name,email,external id,company,domain,arr\nAda King,ada@king.test,crm-1,Analytical Engines,analytical.test,150000",
    });
    expect(changed).toMatchObject({
      companies: { created: 0, updated: 1 },
      people: { created: 0, updated: 1 },
    });
    expect((await pm.ok("GET", `${w}/people/${ada.id}`)).email).toBe("ada@king.test");
    expect((await pm.ok("GET", `${w}/companies/${companies[0].id}`)).arr).toBe(150000);
    const audit = await pm.ok("GET", `${w}/audit?limit=50`);
    expect(audit.items.some((e: { action: string }) => e.action === "customers.import")).toBe(true);
  });

  it("reports every row's errors with an explicit mapping, writes nothing; revenue needs customers.revenue", async () => {
    const before = [await count("people"), await count("companies")];
    const csv = "who,mail,org,money\nNo Key,,Acme,12\nBad Mail,not-an-email,Acme,x\nOk,ok@x.test,Acme,5";
    const mapping = { name: "who", email: "mail", companyName: "org", arr: "money" };
    for (const dryRun of [true, false]) {
      const r = await pm.ok("POST", `${w}/customers/import`, { csv, mapping, dryRun });
      expect(r.errors).toEqual([
        { row: 2, field: "email", message: "Give an e-mail or an external id to match the person by" },
        { row: 3, field: "arr", message: '"x" is not an amount' },
        { row: 3, field: "email", message: "Use an e-mail address like ada@example.com" },
      ]);
      expect(r.people).toEqual({ created: 0, updated: 0 });
    }
    expect([await count("people"), await count("companies")]).toEqual(before);
    const res = await contributor.post(`${w}/customers/import`, { csv, mapping });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toEqual({
      "mapping.arr": "Only people who may see revenue import ARR, MRR or currency",
    });
    expect((await viewer.post(`${w}/customers/import`, { csv: "name,email\na,a@b.test" })).statusCode).toBe(
      403,
    );
    const nope = await pm.post(`${w}/customers/import`, { csv, mapping: { name: "nope" } });
    expect(errorOf(nope).fields).toEqual({ "mapping.name": 'No column "nope"' });
  });

  it("parallel imports of the same file make each company and person once", async () => {
    const csv = [
      "name,email,company,domain",
      ...Array.from({ length: 30 }, (_, i) => `P${i},p${i}@par.test,Parallel ${i % 3},par${i % 3}.test`),
    ].join("\n");
    const results = await Promise.all([1, 2, 3].map(() => pm.ok("POST", `${w}/customers/import`, { csv })));
    expect(results.reduce((s, r) => s + r.people.created, 0)).toBe(30);
    expect(results.reduce((s, r) => s + r.companies.created, 0)).toBe(3);
    expect((await pm.ok("GET", `${w}/companies?q=parallel&limit=50`)).items).toHaveLength(3);
    expect((await pm.ok("GET", `${w}/people?q=@par.test&limit=100`)).items).toHaveLength(30);
  });
});

describe("feedback import", () => {
  const FEEDBACK = [
    "id,feedback,subject,from,author,company,date,tags",
    'z-1,"The export to Excel is broken, I hate it",Export,charles@analytical.test,,,2026-11-01,"export, bug"',
    "z-2,I love the new roadmap view. Great work!,,newcomer@else.test,Nina New,,2026-11-02T10:00:00Z,",
    "z-3,Please add dark mode,,,,Cobol Inc,2026-11-03,ui",
  ].join("\n");

  it("maps columns, dry-runs, imports with sentiment, language, customers and companies; re-import adds nothing", async () => {
    const items = await count("feedback_items");
    const people = await count("people");
    const dry = await pm.ok("POST", `${w}/feedback/import`, { csv: FEEDBACK, dryRun: true });
    expect(dry.mapping).toEqual({
      text: "feedback",
      title: "subject",
      externalId: "id",
      receivedAt: "date",
      email: "from",
      authorName: "author",
      company: "company",
      tags: "tags",
    });
    expect(dry).toMatchObject({ rows: 3, errors: [], created: 3, existing: 0, peopleCreated: 1 });
    expect([await count("feedback_items"), await count("people")]).toEqual([items, people]);

    const done = await pm.ok("POST", `${w}/feedback/import`, { csv: FEEDBACK });
    expect(done).toMatchObject({ created: 3, existing: 0, peopleCreated: 1 });
    const page = await pm.ok("GET", `${w}/feedback?source=csv&limit=10`);
    const byText = (s: string) => page.items.find((i: { text: string }) => i.text.startsWith(s));
    expect(byText("The export")).toMatchObject({
      title: "Export",
      personName: "Charles Babbage",
      companyName: "Analytical Engines",
      receivedAt: "2026-11-01T00:00:00.000Z",
      tags: ["export", "bug"],
      sentimentHint: "negative",
      language: "en",
      externalId: "z-1",
    });
    expect(byText("I love")).toMatchObject({ personName: "Nina New", sentimentHint: "positive" });
    expect(byText("Please add")).toMatchObject({ companyName: "Cobol Inc", personId: null });

    const again = await pm.ok("POST", `${w}/feedback/import`, { csv: FEEDBACK });
    expect(again).toMatchObject({ created: 0, existing: 3, peopleCreated: 0 });
    expect(await count("feedback_items")).toBe(items + 3);
  });

  it("without an id column, the same rows are recognised by their content; parallel imports don't duplicate", async () => {
    const csv = [
      "text,handle",
      ...Array.from({ length: 40 }, (_, i) => `Idea number ${i} would help our team a lot,@user${i % 4}`),
    ].join("\n");
    const before = await count("feedback_items");
    const results = await Promise.all([1, 2, 3].map(() => pm.ok("POST", `${w}/feedback/import`, { csv })));
    expect(results.reduce((s, r) => s + r.created, 0)).toBe(40);
    expect(results.reduce((s, r) => s + r.existing, 0)).toBe(80);
    expect(await count("feedback_items")).toBe(before + 40);
  });

  it("reports row errors (NUL, unknown company, bad date, bad e-mail) and writes nothing", async () => {
    const before = [await count("feedback_items"), await count("people")];
    const csv = [
      "text,company,date,email",
      "fine,,,",
      "has a \u0000 nul,,,",
      "x,Nowhere Ltd,,",
      "y,,yesterday-ish,",
      "z,,,not-mail",
      ",,,",
    ].join("\n");
    for (const dryRun of [true, false]) {
      const r = await pm.ok("POST", `${w}/feedback/import`, { csv, dryRun });
      expect(r.created).toBe(0);
      expect(r.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
        "3:text",
        "4:company",
        "5:receivedAt",
        "6:email",
        "7:text",
      ]);
    }
    expect([await count("feedback_items"), await count("people")]).toEqual(before);
  });

  it("refuses unreadable CSV as a whole: bad quoting, a huge field, no text column", async () => {
    const bad = await pm.post(`${w}/feedback/import`, { csv: 'text\n"unclosed quote,\nmore' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.csv).toMatch(/^Not a readable CSV file: /);
    const huge = await pm.post(`${w}/feedback/import`, { csv: `text\n"${"a".repeat(1_100_000)}"` });
    expect(huge.statusCode).toBe(400);
    expect(errorOf(huge).fields?.csv).toMatch(/^Not a readable CSV file: /);
    const nul = await pm.post(`${w}/feedback/import`, { csv: "te\u0000xt\nhello" });
    expect(errorOf(nul).fields?.csv).toMatch(/NUL/);
    const unmapped = await pm.post(`${w}/feedback/import`, { csv: "foo,bar\n1,2" });
    expect(errorOf(unmapped).fields).toEqual({ "mapping.text": "Choose the column that holds the feedback" });
    expect((await viewer.post(`${w}/feedback/import`, { csv: "text\nhi" })).statusCode).toBe(403);
  });

  it("another workspace's companies are not found by name", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const r = await stranger.ok("POST", `${sw}/feedback/import`, {
      csv: "text,company\nHello there,Cobol Inc",
      dryRun: true,
    });
    expect(r.errors).toEqual([
      {
        row: 2,
        field: "company",
        message: 'No company "Cobol Inc" (import customers first, or leave the column unmapped)',
      },
    ]);
    const imported = await stranger.ok("POST", `${sw}/customers/import`, {
      csv: "name,email\nAda,ada@analytical.test",
    });
    // Our workspace's imports are not the stranger's to run.
    expect((await stranger.post(`${w}/feedback/import`, { csv: "text\nhi", dryRun: true })).statusCode).toBe(
      404,
    );
    expect((await stranger.post(`${w}/customers/import`, { csv: "name,email\na,a@b.test" })).statusCode).toBe(
      404,
    );
    // The same e-mail in another workspace is a new customer there, not ours updated.
    expect(imported.people).toEqual({ created: 1, updated: 0 });
    expect((await pm.ok("GET", `${w}/people?q=ada@king.test`)).items[0].name).toBe("Ada King");
  });
});
