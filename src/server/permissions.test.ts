import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../shared/enums.ts";
import { can, PERMISSIONS, type Permission } from "../shared/permissions.ts";
import { insertOneChange } from "./modules/monitoring/changes.fixture.ts";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "./test/app.ts";

/** Walks the whole permission matrix: every role against every guarded route, with valid requests. */
let t: TestApp;
let owner: Client;
const as: Partial<Record<Role, Client>> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Matrix");
  as.owner = owner;
  for (const role of ROLES.filter((r) => r !== "owner"))
    as[role] = await addUser(owner, role, owner.wid, `${role} person`);
});
afterAll(() => t.close());

const w = () => `/api/v1/workspaces/${owner.wid}`;
let n = 0;
const freshProduct = async () => (await owner.ok("POST", `${w()}/products`, { name: `P${n++}` }, 201)).id;
const freshTeam = async () =>
  (await owner.ok("POST", `${w()}/teams`, { name: `T${n++}`, discipline: "qa" }, 201)).id;
const freshIdea = async () =>
  (await owner.ok("POST", `${w()}/products/${await freshProduct()}/ideas`, { title: `I${n++}` }, 201))
    .id as string;
const freshRound = async (voterId: string) => {
  const productId = await freshProduct();
  const idea = (await owner.ok("POST", `${w()}/products/${productId}/ideas`, { title: "R" }, 201)).id;
  const deadline = new Date(Date.now() + 86_400_000).toISOString();
  const r = await owner.ok(
    "POST",
    `${w()}/rounds`,
    { productId, name: "R", ideaIds: [idea], voterIds: [voterId], deadline },
    201,
  );
  return { id: r.id as string, idea: idea as string, factor: r.factors[0].id as string };
};
const voterFor = (caller: Client, role = roleOf(caller)) =>
  can(role, "rounds.vote") ? caller.userId : owner.userId;
const roleOf = (caller: Client) => (Object.entries(as).find(([, c]) => c === caller)?.[0] ?? "owner") as Role;
const freshMember = async () => (await addUser(owner, "viewer", owner.wid, `M${n++}`)).userId;

interface Case {
  perm: Permission;
  method: string;
  url: (caller: Client) => Promise<string> | string;
  body?: () => Promise<unknown> | unknown;
}

const cases: Case[] = [
  { perm: "workspace.read", method: "GET", url: w },
  {
    perm: "workspace.update",
    method: "PATCH",
    url: w,
    body: async () => ({ version: (await owner.ok("GET", w())).version, name: "Matrix" }),
  },
  { perm: "members.read", method: "GET", url: () => `${w()}/members` },
  {
    perm: "members.manage",
    method: "PATCH",
    url: async () => `${w()}/members/${await freshMember()}`,
    body: () => ({ version: 1, role: "stakeholder" }),
  },
  { perm: "members.manage", method: "DELETE", url: async () => `${w()}/members/${await freshMember()}` },
  { perm: "invitations.manage", method: "GET", url: () => `${w()}/invitations` },
  {
    perm: "invitations.manage",
    method: "POST",
    url: () => `${w()}/invitations`,
    body: () => ({ email: `inv${n++}@example.test`, role: "viewer" }),
  },
  { perm: "products.read", method: "GET", url: () => `${w()}/products` },
  { perm: "products.read", method: "GET", url: async () => `${w()}/products/${await freshProduct()}` },
  { perm: "products.write", method: "POST", url: () => `${w()}/products`, body: () => ({ name: "New" }) },
  {
    perm: "products.write",
    method: "PATCH",
    url: async () => `${w()}/products/${await freshProduct()}`,
    body: () => ({ version: 1, stage: "growth" }),
  },
  { perm: "products.delete", method: "DELETE", url: async () => `${w()}/products/${await freshProduct()}` },
  { perm: "teams.read", method: "GET", url: () => `${w()}/teams` },
  {
    perm: "teams.write",
    method: "POST",
    url: () => `${w()}/teams`,
    body: () => ({ name: "New", discipline: "design" }),
  },
  {
    perm: "teams.write",
    method: "PATCH",
    url: async () => `${w()}/teams/${await freshTeam()}`,
    body: () => ({ version: 1, name: "Renamed" }),
  },
  {
    perm: "teams.write",
    method: "PUT",
    url: async () => `${w()}/teams/${await freshTeam()}/members/${owner.userId}`,
    body: () => ({ allocationPct: 40 }),
  },
  { perm: "teams.delete", method: "DELETE", url: async () => `${w()}/teams/${await freshTeam()}` },
  { perm: "audit.read", method: "GET", url: () => `${w()}/audit` },
  { perm: "outbox.read", method: "GET", url: () => `${w()}/outbox` },
  { perm: "tokens.own", method: "GET", url: () => `${w()}/tokens` },
  { perm: "tokens.own", method: "POST", url: () => `${w()}/tokens`, body: () => ({ name: "cli" }) },
  { perm: "ideas.read", method: "GET", url: async () => `${w()}/products/${await freshProduct()}/ideas` },
  { perm: "ideas.read", method: "GET", url: async () => `${w()}/ideas/${await freshIdea()}` },
  {
    perm: "ideas.write",
    method: "POST",
    url: async () => `${w()}/products/${await freshProduct()}/ideas`,
    body: () => ({ title: "New idea" }),
  },
  {
    perm: "ideas.write",
    method: "PATCH",
    url: async () => `${w()}/ideas/${await freshIdea()}`,
    body: () => ({ version: 1, title: "Renamed" }),
  },
  { perm: "ideas.delete", method: "DELETE", url: async () => `${w()}/ideas/${await freshIdea()}` },
  {
    perm: "ideas.comment",
    method: "POST",
    url: async () => `${w()}/ideas/${await freshIdea()}/comments`,
    body: () => ({ body: "Nice" }),
  },
  {
    perm: "ideas.prioritize",
    method: "PUT",
    url: async () => `${w()}/ideas/${await freshIdea()}/pin`,
    body: () => ({ rank: 1, reason: "Contract" }),
  },
  {
    perm: "factors.write",
    method: "PUT",
    url: () => `${w()}/factors`,
    body: async () => ({
      productId: await freshProduct(),
      factors: [{ name: "Value", weight: 1, direction: "benefit" }],
    }),
  },
  { perm: "rounds.read", method: "GET", url: () => `${w()}/rounds` },
  {
    perm: "rounds.manage",
    method: "POST",
    url: () => `${w()}/rounds`,
    body: async () => {
      const productId = await freshProduct();
      const idea = (await owner.ok("POST", `${w()}/products/${productId}/ideas`, { title: "R" }, 201)).id;
      return {
        productId,
        name: "R",
        ideaIds: [idea],
        voterIds: [owner.userId],
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      };
    },
  },
  {
    perm: "rounds.manage",
    method: "POST",
    url: async () => `${w()}/rounds/${(await freshRound(owner.userId)).id}/close`,
  },
  {
    perm: "rounds.vote",
    method: "PUT",
    url: async (caller) => {
      const r = await freshRound(voterFor(caller));
      lastRound = r;
      return `${w()}/rounds/${r.id}/ratings`;
    },
    body: () => ({ ratings: [{ ideaId: lastRound.idea, factorId: lastRound.factor, value: 3 }] }),
  },
  { perm: "roadmaps.read", method: "GET", url: () => `${w()}/roadmaps` },
  { perm: "roadmaps.read", method: "GET", url: async () => `${w()}/roadmaps/${await freshRoadmap()}` },
  {
    perm: "roadmaps.write",
    method: "POST",
    url: () => `${w()}/roadmaps`,
    body: async () => ({ productId: await freshProduct(), name: "Plan", startMonth: "2027-01" }),
  },
  {
    perm: "roadmaps.write",
    method: "POST",
    url: async () => `${w()}/roadmaps/${await freshRoadmap()}/items`,
    body: () => ({ title: "Item" }),
  },
  {
    perm: "objectives.write",
    method: "POST",
    url: () => `${w()}/objectives`,
    body: () => ({ title: "Goal", periodStart: "2027-01-01", periodEnd: "2027-03-31" }),
  },
  {
    perm: "capacity.write",
    method: "PUT",
    url: () => `${w()}/capacity`,
    body: async () => ({ cells: [{ teamId: await freshTeam(), month: "2027-01", capacity: 10 }] }),
  },
  {
    perm: "capacity.write",
    method: "POST",
    url: () => `${w()}/holiday-calendars`,
    body: () => ({ name: `Holidays ${Math.random().toString(36).slice(2)}` }),
  },
  { perm: "roadmaps.read", method: "GET", url: () => `${w()}/holiday-calendars` },
  { perm: "roadmaps.read", method: "GET", url: () => `${w()}/signoffs` },
  {
    perm: "roadmaps.read",
    method: "GET",
    url: async () => `${w()}/signoffs/${(await freshSignoff(owner.userId)).id}`,
  },
  {
    perm: "signoffs.manage",
    method: "POST",
    url: async () => `${w()}/roadmaps/${await freshRoadmap()}/signoffs`,
    body: () => signoffBody(owner.userId),
  },
  {
    perm: "signoffs.manage",
    method: "POST",
    url: async () => `${w()}/signoffs/${(await freshSignoff(owner.userId)).id}/cancel`,
    body: () => ({ reason: "Plan changed" }),
  },
  {
    // Every role may decide, as an approver: the request names the caller.
    perm: "signoffs.decide",
    method: "PUT",
    url: async (caller) => {
      lastSignoff = await freshSignoff(caller.userId);
      return `${w()}/signoffs/${lastSignoff.id}/decision`;
    },
    body: () => ({ versionId: lastSignoff.versionId, decision: "approved" }),
  },
  {
    perm: "signoffs.decide",
    method: "POST",
    url: async (caller) => `${w()}/signoffs/${(await freshSignoff(caller.userId)).id}/comments`,
    body: () => ({ body: "Looks right" }),
  },
  {
    perm: "roadmaps.share",
    method: "GET",
    url: async () => `${await baseline()}/share-links`,
  },
  {
    perm: "roadmaps.share",
    method: "POST",
    url: async () => `${await baseline()}/share-links`,
    body: () => ({ expiresInDays: 7 }),
  },
  {
    perm: "roadmaps.share",
    method: "DELETE",
    url: async () => {
      const link = await owner.ok("POST", `${await baseline()}/share-links`, {}, 201);
      return `${w()}/share-links/${link.id}`;
    },
  },
  { perm: "feedback.read", method: "GET", url: () => `${w()}/feedback` },
  { perm: "feedback.read", method: "GET", url: () => `${w()}/people` },
  { perm: "feedback.write", method: "POST", url: () => `${w()}/feedback`, body: () => ({ text: `F${n++}` }) },
  {
    perm: "customers.write",
    method: "POST",
    url: () => `${w()}/companies`,
    body: () => ({ name: `C${n++}` }),
  },
  {
    perm: "customers.manage",
    method: "DELETE",
    url: async () =>
      `${w()}/companies/${(await owner.ok("POST", `${w()}/companies`, { name: "Gone" }, 201)).id}`,
  },
  { perm: "customers.revenue", method: "GET", url: () => `${w()}/revenue` },
  {
    perm: "customers.contact",
    method: "PUT",
    url: async () => `${w()}/ideas/${await freshIdea()}/loop/draft`,
    body: () => ({ subject: "Shipped: {{idea}}", body: "Hi {{firstName}}" }),
  },
  {
    perm: "changelog.write",
    method: "POST",
    url: async () => `${w()}/products/${await freshProduct()}/changelog`,
    body: () => ({ title: `Release ${n++}` }),
  },
  { perm: "feedback.read", method: "GET", url: () => `${w()}/sources` },
  {
    perm: "sources.manage",
    method: "POST",
    url: () => `${w()}/sources`,
    body: () => ({
      kind: "rss",
      name: `S${n++}`,
      config: { url: "https://feeds.example/rss" },
      enabled: false,
    }),
  },
  {
    perm: "customers.contact",
    method: "POST",
    url: () => `${w()}/reply-templates`,
    body: () => ({ name: `T${n++}`, body: "Hi {{customer.name}}" }),
  },
  // The feature matrix (competitors.read sees it, competitors.write edits rows and cells).
  {
    perm: "competitors.read",
    method: "GET",
    url: async () => `${w()}/products/${await freshProduct()}/matrix`,
  },
  {
    perm: "competitors.read",
    method: "GET",
    url: async () => `${w()}/ideas/${await freshIdea()}/competitors`,
  },
  {
    perm: "competitors.write",
    method: "POST",
    url: async () => `${w()}/products/${await freshProduct()}/matrix/rows`,
    body: () => ({ name: `Row ${n++}` }),
  },
  {
    perm: "competitors.write",
    method: "PATCH",
    url: async () => `${w()}/matrix/rows/${await freshMatrixRow()}`,
    body: () => ({ version: 1, theme: "Moved" }),
  },
  {
    perm: "competitors.write",
    method: "PUT",
    url: async () => `${w()}/matrix/rows/${await freshMatrixRow()}/cells/ours`,
    body: () => ({ status: "has", note: "Shipped" }),
  },
  {
    perm: "competitors.write",
    method: "DELETE",
    url: async () => `${w()}/matrix/rows/${await freshMatrixRow()}`,
  },
  // Competitors: everyone reads and watches; contributors edit profiles, SWOT, pricing, battlecards; managers add and delete.
  { perm: "competitors.read", method: "GET", url: () => `${w()}/competitors` },
  // Monitored sources: everyone reads their health; managers add, change, check and delete them.
  { perm: "competitors.read", method: "GET", url: () => `${w()}/monitors?failing=true` },
  {
    perm: "competitors.read",
    method: "GET",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/monitors`,
  },
  {
    perm: "competitors.manage",
    method: "POST",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/monitors`,
    body: () => ({ kind: "page", name: `M${n++}`, url: "https://rival.example/pricing", enabled: false }),
  },
  {
    perm: "competitors.manage",
    method: "PATCH",
    url: () => freshMonitor(),
    body: () => ({ version: 1, enabled: false }),
  },
  { perm: "competitors.manage", method: "DELETE", url: () => freshMonitor() },
  // A loopback address the guard refuses: the check answers 200 with the recorded error, reaching nothing.
  {
    perm: "competitors.manage",
    method: "POST",
    url: async () => `${await freshMonitor("http://127.0.0.1:9/")}/check`,
  },
  // A competitor with no monitors: nothing is queued (202, queued 0).
  {
    perm: "competitors.manage",
    method: "POST",
    url: () => `${w()}/monitors/check`,
    body: async () => ({ competitorId: await freshCompetitor() }),
  },
  {
    perm: "competitors.read",
    method: "PUT",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/watch`,
  },
  {
    perm: "competitors.manage",
    method: "POST",
    url: () => `${w()}/competitors`,
    body: () => ({ name: `C${n++}`, website: "https://rival.example" }),
  },
  {
    perm: "competitors.manage",
    method: "DELETE",
    url: async () => `${w()}/competitors/${await freshCompetitor()}`,
  },
  {
    perm: "competitors.write",
    method: "PATCH",
    url: async () => `${w()}/competitors/${await freshCompetitor()}`,
    body: () => ({ version: 1, positioning: "Cheaper" }),
  },
  {
    perm: "competitors.write",
    method: "POST",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/swot`,
    body: () => ({ quadrant: "strength", text: "Fast" }),
  },
  {
    perm: "competitors.write",
    method: "POST",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/plans`,
    body: () => ({ name: "Pro", price: 20 }),
  },
  {
    perm: "competitors.write",
    method: "PUT",
    url: async () => `${w()}/competitors/${await freshCompetitor()}/battlecard/landmines`,
    body: () => ({ version: 0, body: "Ask about SSO" }),
  },
  // Detected changes: everyone sees them; contributors triage, mark noise, link ideas.
  { perm: "competitors.read", method: "GET", url: () => `${w()}/changes` },
  { perm: "competitors.read", method: "GET", url: async () => `${w()}/changes/${await freshChange()}` },
  {
    perm: "competitors.write",
    method: "PATCH",
    url: async () => `${w()}/changes/${await freshChange()}`,
    body: () => ({ version: 1, importance: "low", state: "reviewed" }),
  },
  {
    perm: "competitors.write",
    method: "POST",
    url: async () => `${w()}/changes/${await freshChange()}/noise`,
    body: () => ({ version: 1, phrase: "Visitors today" }),
  },
  {
    perm: "competitors.write",
    method: "POST",
    url: async () => `${w()}/changes/${await freshChange()}/ideas/${await freshIdea()}`,
  },
];
/** A reported change of a fresh competitor's page, written straight to the tables (the check engine is not needed). */
const freshChange = async () => (await insertOneChange(t.database.db, owner.wid, `Changed ${n++}`)).changeId;
const freshCompetitor = async () =>
  (await owner.ok("POST", `${w()}/competitors`, { name: `Rival ${n++}` }, 201)).id as string;
/** A paused monitor of a fresh competitor: its URL. */
const freshMonitor = async (url = "https://rival.example/") => {
  const cid = await freshCompetitor();
  const m = await owner.ok(
    "POST",
    `${w()}/competitors/${cid}/monitors`,
    { kind: "page", name: `M${n++}`, url, enabled: false },
    201,
  );
  return `${w()}/competitors/${cid}/monitors/${m.id}`;
};
const freshMatrixRow = async () =>
  (await owner.ok("POST", `${w()}/products/${await freshProduct()}/matrix/rows`, { name: `R${n++}` }, 201))
    .id as string;
const signoffBody = (approverId: string) => ({
  approvers: [{ userId: approverId }],
  deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  overrideReason: "Estimates come later",
});
/** An open sign-off of a fresh roadmap, requested by the owner from one approver. */
const freshSignoff = async (approverId: string) =>
  (await owner.ok(
    "POST",
    `${w()}/roadmaps/${await freshRoadmap()}/signoffs`,
    signoffBody(approverId),
    201,
  )) as { id: string; versionId: string };
let lastSignoff: { id: string; versionId: string };
let baselineUrl: string | undefined;
/** The versions URL of one approved baseline (the owner approves their own request), made once. */
const baseline = async () => {
  if (baselineUrl) return baselineUrl;
  const s = await freshSignoff(owner.userId);
  const done = await owner.ok("PUT", `${w()}/signoffs/${s.id}/decision`, {
    versionId: s.versionId,
    decision: "approved",
  });
  expect(done.status).toBe("approved");
  const detail = await owner.ok("GET", `${w()}/signoffs/${s.id}`);
  baselineUrl = `${w()}/roadmaps/${detail.roadmapId}/versions/${s.versionId}`;
  return baselineUrl;
};
const freshRoadmap = async () =>
  (
    await owner.ok(
      "POST",
      `${w()}/roadmaps`,
      { productId: await freshProduct(), name: "R", startMonth: "2027-01" },
      201,
    )
  ).id as string;
let lastRound: { id: string; idea: string; factor: string };

describe("permission matrix", () => {
  it("covers every permission except the destructive workspace.delete (tested below) and export.run (transfer tests)", () => {
    const covered = new Set(cases.map((c) => c.perm));
    const missing = (Object.keys(PERMISSIONS) as Permission[]).filter(
      (p) => !covered.has(p) && p !== "workspace.delete" && p !== "export.run",
    );
    expect(missing).toEqual([]);
  });

  for (const role of ROLES) {
    it(`enforces it for the ${role} role`, async () => {
      const caller = as[role]!;
      for (const c of cases) {
        const url = await c.url(caller);
        const body = c.body ? await c.body() : undefined;
        const res = await caller.request(c.method, url, body);
        const label = `${role} ${c.method} ${url} (${c.perm}): ${res.body}`;
        if (can(role, c.perm)) expect(res.statusCode, label).toBeLessThan(300);
        else {
          expect(res.statusCode, label).toBe(403);
          expect(errorOf(res).code).toBe("forbidden");
        }
      }
    });
  }

  it("lets only the owner delete a workspace", async () => {
    for (const role of ROLES.filter((r) => r !== "owner")) {
      expect((await as[role]!.del(w())).statusCode, role).toBe(403);
    }
    const spare = await owner.ok("POST", "/api/v1/workspaces", { name: "Spare" }, 201);
    await owner.ok("DELETE", `/api/v1/workspaces/${spare.id}`, undefined, 204);
    expect((await owner.get(`/api/v1/workspaces/${spare.id}`)).statusCode).toBe(404);
  });

  it("keeps admins below owners: no granting or changing ownership", async () => {
    const admin = as.admin!;
    const target = await freshMember();
    const grant = await admin.patch(`${w()}/members/${target}`, { version: 1, role: "owner" });
    expect(grant.statusCode).toBe(403);
    const demoteOwner = await admin.patch(`${w()}/members/${owner.userId}`, { version: 1, role: "viewer" });
    expect(demoteOwner.statusCode).toBe(403);
    const inviteOwner = await admin.post(`${w()}/invitations`, { email: "boss@example.test", role: "owner" });
    expect(inviteOwner.statusCode).toBe(403);
  });

  it("never leaves a workspace without an owner", async () => {
    const me = await owner.ok("GET", `${w()}/members?q=${encodeURIComponent(owner.session.user.email)}`);
    const res = await owner.patch(`${w()}/members/${owner.userId}`, {
      version: me.items[0].version,
      role: "admin",
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).fields).toHaveProperty("role");
    expect((await owner.del(`${w()}/members/${owner.userId}`)).statusCode).toBe(409);
  });

  it("publishes the matrix", async () => {
    const res = await t.app.inject({ url: "/api/v1/permissions" });
    const body = res.json();
    expect(body.roles).toEqual([...ROLES]);
    const audit = body.permissions.find((p: { key: string }) => p.key === "audit.read");
    expect(audit.roles).toEqual(["owner", "admin"]);
    const roles = (key: string) => body.permissions.find((p: { key: string }) => p.key === key)?.roles;
    expect(roles("signoffs.manage")).toEqual(["owner", "admin", "product_manager"]);
    expect(roles("signoffs.decide")).toEqual([...ROLES]);
    expect(roles("roadmaps.share")).toEqual(["owner", "admin", "product_manager"]);
  });
});
