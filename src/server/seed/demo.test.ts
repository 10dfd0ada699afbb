import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createTestApp, type TestApp } from "../test/app.ts";
import { DEMO_LOGIN, DEMO_PEOPLE, type DemoSeedResult, seedDemoIfEmpty } from "./demo.ts";

let t: TestApp;
let result: DemoSeedResult;
let dana: Client;

beforeAll(async () => {
  t = await createTestApp();
  result = await seedDemoIfEmpty(t.database.db);
  dana = new Client(t.app);
  const res = await dana.request("POST", "/api/v1/auth/login", DEMO_LOGIN);
  expect(res.statusCode, res.body).toBe(200);
  dana.adopt(res.json());
});
afterAll(() => t.close());

describe("demo seed", () => {
  it("reports what it created and the log-in", () => {
    expect(result).toMatchObject({
      seeded: true,
      workspace: { name: "Northwind Labs", slug: "northwind-labs" },
      login: { email: "demo@northwind.test", password: "baton-demo-2026" },
      users: 13,
      teams: 7,
      products: 2,
      ideas: 20,
      rounds: 2,
    });
  });

  it("has a ranked Mobile backlog from a closed round, a pin, and an open round waiting for Dana", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const mobile = (await dana.ok("GET", `${w}/products?q=Mobile`)).items[0];
    const page = await dana.ok("GET", `${w}/products/${mobile.id}/ideas?limit=100`);
    expect(page.total).toBe(20);
    const ranks = page.items.map((i: { rank: number }) => i.rank);
    expect(ranks).toEqual(ranks.map((_: number, k: number) => k + 1));
    expect(page.items[1]).toMatchObject({ title: "SSO with Okta and Azure AD", pinnedRank: 2 });
    const scored = page.items.filter(
      (i: { scores: { weighted: number | null } }) => i.scores.weighted !== null,
    );
    expect(scored).toHaveLength(14);
    const rounds = (await dana.ok("GET", `${w}/rounds?mine=true&status=open`)).items;
    expect(rounds.map((r: { name: string }) => r.name)).toEqual(["Sync & notifications deep-dive"]);
    expect(rounds[0].myProgress).toEqual({ done: 0, total: 32 });
  });

  it("lets the owner log in to Northwind Labs, as instance admin and owner", () => {
    expect(dana.session.user).toMatchObject({ name: "Dana Whitfield", isInstanceAdmin: true });
    expect(dana.session.workspaces).toEqual([
      expect.objectContaining({ name: "Northwind Labs", role: "owner" }),
    ]);
  });

  it("fills members with every role, products with managers, and teams with leads and allocations", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const members = (await dana.ok("GET", `${w}/members?limit=100`)).items as {
      role: string;
      name: string;
    }[];
    expect(members).toHaveLength(13);
    const roles: Record<string, number> = {};
    for (const m of members) roles[m.role] = (roles[m.role] ?? 0) + 1;
    expect(roles).toEqual({
      owner: 1,
      admin: 1,
      product_manager: 2,
      contributor: 6,
      stakeholder: 2,
      viewer: 1,
    });

    const products = (await dana.ok("GET", `${w}/products`)).items as any[];
    expect(products.map((p) => [p.name, p.stage, p.managerName]).sort()).toEqual([
      ["Northwind Insights", "discovery", "Tomás Herrera"],
      ["Northwind Mobile", "growth", "Priya Raman"],
    ]);
    expect(products.every((p) => p.description.length > 80)).toBe(true);

    const teams = (await dana.ok("GET", `${w}/teams?limit=100`)).items as any[];
    expect(teams.map((x) => x.discipline).sort()).toEqual([
      "design",
      "documentation",
      "engineering",
      "leadership",
      "marketing",
      "operations",
      "qa",
    ]);
    expect(teams.every((x) => x.leadId && x.members.some((m: any) => m.userId === x.leadId))).toBe(true);
    const allocation = (team: string, person: string) =>
      teams.find((x) => x.name === team).members.find((m: any) => m.name === person)?.allocationPct;
    expect(allocation("Engineering", "Amara Okafor")).toBe(50);
    expect(allocation("Quality Assurance", "Amara Okafor")).toBe(50);
    expect(allocation("Engineering", "Marcus Chen")).toBe(50);
    expect(allocation("Leadership", "Marcus Chen")).toBe(50);
    expect(allocation("Product Design", "Noah Lindqvist")).toBe(100);
  });

  it("is recorded in the audit log as done by the CLI", async () => {
    const audit = (await dana.ok("GET", `/api/v1/workspaces/${dana.wid}/audit?limit=200`)).items as any[];
    expect(audit.length).toBeGreaterThan(20);
    // Everything through the CLI; ideas, ratings and comments by the people who would have done them.
    expect(audit.every((e) => e.via === "cli")).toBe(true);
    const names = new Set(Object.values(DEMO_PEOPLE).map((p) => p.name));
    expect(audit.every((e) => e.actorName === null || names.has(e.actorName))).toBe(true);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "workspace.create",
        "member.add",
        "product.create",
        "team.create",
        "team.member.put",
      ]),
    );
  });

  it("does nothing once accounts exist", async () => {
    expect(await seedDemoIfEmpty(t.database.db)).toEqual({
      seeded: false,
      reason: "the database already has accounts",
    });
    const members = await dana.ok("GET", `/api/v1/workspaces/${dana.wid}/members?limit=100`);
    expect(members.items).toHaveLength(13);
  });
});
