import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, otherTenant, setupOwner, type TestApp } from "./test/app.ts";

/**
 * Every id a body (or query) names must belong to the workspace of the URL. A member of workspace B who
 * writes workspace A's ids into B's requests gets a field-level 400/404 naming the field, and nothing is
 * stored in either workspace (their audit logs stay as they were).
 */
let t: TestApp;
let owner: Client; // A
let stranger: Client; // owner of B
let memberB: Client; // B's contributor: votes and approves there
const a: Record<string, string> = {};
const b: Record<string, string> = {};
const day = 86_400_000;

async function fixture(c: Client, wid: string, ids: Record<string, string>, member: string) {
  const w = `/api/v1/workspaces/${wid}`;
  ids.wid = wid;
  ids.member = member;
  ids.product = (await c.ok("POST", `${w}/products`, { name: "Product" }, 201)).id;
  ids.team = (await c.ok("POST", `${w}/teams`, { name: "Team", discipline: "design" }, 201)).id;
  const ideas = `${w}/products/${ids.product}/ideas`;
  ids.idea = (await c.ok("POST", ideas, { title: "Idea" }, 201)).id;
  ids.idea2 = (await c.ok("POST", ideas, { title: "Twin" }, 201)).id;
  ids.view = (await c.ok("POST", `${w}/products/${ids.product}/views`, { name: "V", config: {} }, 201)).id;
  const round = {
    productId: ids.product,
    name: "Round",
    ideaIds: [ids.idea],
    voterIds: [member],
    deadline: new Date(Date.now() + day).toISOString(),
  };
  ids.round = (await c.ok("POST", `${w}/rounds`, round, 201)).id;
  ids.factor = (await c.ok("GET", `${w}/factors`)).factors[0].id;
  const objective = await c.ok(
    "POST",
    `${w}/objectives`,
    {
      title: "Goal",
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      keyResults: [{ title: "KR", metricName: "m", baseline: 0, target: 10, dueDate: "2027-12-31" }],
    },
    201,
  );
  ids.objective = objective.id;
  ids.keyResult = objective.keyResults[0].id;
  ids.roadmap = (
    await c.ok("POST", `${w}/roadmaps`, { productId: ids.product, name: "Plan", startMonth: "2027-01" }, 201)
  ).id;
  const items = `${w}/roadmaps/${ids.roadmap}/items`;
  ids.item = (
    await c.ok("POST", items, { title: "Item", efforts: [{ teamId: ids.team, effort: 5 }] }, 201)
  ).id;
  ids.item2 = (await c.ok("POST", items, { title: "Item 2" }, 201)).id;
  ids.milestone = (
    await c.ok(
      "POST",
      `${w}/roadmaps/${ids.roadmap}/milestones`,
      { title: "Launch", date: "2027-03-01" },
      201,
    )
  ).id;
  ids.version = (await c.ok("POST", `${w}/roadmaps/${ids.roadmap}/versions`, { name: "v1" }, 201)).id;
  ids.roadmap2 = (
    await c.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: ids.product, name: "Plan 2", startMonth: "2027-01" },
      201,
    )
  ).id;
  const signoff = await c.ok(
    "POST",
    `${w}/roadmaps/${ids.roadmap}/signoffs`,
    {
      approvers: [{ userId: member }],
      deadline: new Date(Date.now() + 3 * day).toISOString(),
      overrideReason: "Testing",
    },
    201,
  );
  ids.signoff = signoff.id;
  ids.signoffVersion = signoff.versionId;
}

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Tenant A");
  const memberA = await addUser(owner, "contributor");
  stranger = await otherTenant(owner);
  const widB = stranger.session.workspaces[0].id;
  memberB = await addUser(stranger, "contributor", widB, "Bea");
  await fixture(owner, owner.wid, a, memberA.userId);
  await fixture(stranger, widB, b, memberB.userId);
});
afterAll(() => t.close());

type Case = [label: string, method: string, url: string, body: unknown, field: string, as?: "member"];
const cases = (): Case[] => {
  const w = `/api/v1/workspaces/${b.wid}`;
  const deadline = new Date(Date.now() + 2 * day).toISOString();
  return [
    ["idea owner", "POST", `${w}/products/${b.product}/ideas`, { title: "X", ownerId: a.member }, "ownerId"],
    ["idea owner (patch)", "PATCH", `${w}/ideas/${b.idea}`, { version: 1, ownerId: a.member }, "ownerId"],
    [
      "bulk ids",
      "POST",
      `${w}/products/${b.product}/ideas/bulk`,
      { ids: [a.idea], set: { status: "declined" } },
      "ids",
    ],
    [
      "bulk owner",
      "POST",
      `${w}/products/${b.product}/ideas/bulk`,
      { ids: [b.idea], set: { ownerId: a.member } },
      "set.ownerId",
    ],
    ["merge into", "POST", `${w}/ideas/${b.idea2}/merge`, { intoId: a.idea }, "intoId"],
    ["comment round", "POST", `${w}/ideas/${b.idea}/comments`, { body: "Hi", roundId: a.round }, "roundId"],
    [
      "idea objectives",
      "PUT",
      `${w}/ideas/${b.idea}/objectives`,
      { objectiveIds: [a.objective] },
      "objectiveIds",
    ],
    [
      "view owner filter",
      "POST",
      `${w}/products/${b.product}/views`,
      { name: "Spy", config: { ownerId: a.member } },
      "config.ownerId",
    ],
    [
      "factor override product",
      "PUT",
      `${w}/factors`,
      { productId: a.product, factors: [{ name: "F", weight: 1, direction: "benefit" }] },
      "productId",
    ],
    ["factors of a product (query)", "GET", `${w}/factors?productId=${a.product}`, undefined, "productId"],
    [
      "round product",
      "POST",
      `${w}/rounds`,
      { productId: a.product, name: "R", ideaIds: [b.idea], voterIds: [b.member], deadline },
      "productId",
    ],
    [
      "round ideas",
      "POST",
      `${w}/rounds`,
      { productId: b.product, name: "R", ideaIds: [a.idea], voterIds: [b.member], deadline },
      "ideaIds",
    ],
    [
      "round voters",
      "POST",
      `${w}/rounds`,
      { productId: b.product, name: "R", ideaIds: [b.idea], voterIds: [a.member], deadline },
      "voterIds",
    ],
    [
      "round teams",
      "POST",
      `${w}/rounds`,
      { productId: b.product, name: "R", ideaIds: [b.idea], teamIds: [a.team], deadline },
      "teamIds",
    ],
    [
      "round add ideas",
      "PATCH",
      `${w}/rounds/${b.round}`,
      { version: 1, addIdeaIds: [a.idea] },
      "addIdeaIds",
    ],
    [
      "round add voters",
      "PATCH",
      `${w}/rounds/${b.round}`,
      { version: 1, addVoterIds: [a.member] },
      "addVoterIds",
    ],
    [
      "rating idea",
      "PUT",
      `${w}/rounds/${b.round}/ratings`,
      { ratings: [{ ideaId: a.idea, factorId: b.factor, value: 1 }] },
      "ratings",
      "member",
    ],
    [
      "rating factor",
      "PUT",
      `${w}/rounds/${b.round}/ratings`,
      { ratings: [{ ideaId: b.idea, factorId: a.factor, value: 1 }] },
      "ratings",
      "member",
    ],
    [
      "objective product",
      "POST",
      `${w}/objectives`,
      { title: "O", periodStart: "2027-01-01", periodEnd: "2027-02-01", productId: a.product },
      "productId",
    ],
    [
      "objective owner",
      "POST",
      `${w}/objectives`,
      { title: "O", periodStart: "2027-01-01", periodEnd: "2027-02-01", ownerId: a.member },
      "ownerId",
    ],
    [
      "objective product (patch)",
      "PATCH",
      `${w}/objectives/${b.objective}`,
      { version: 1, productId: a.product },
      "productId",
    ],
    [
      "objective owner (patch)",
      "PATCH",
      `${w}/objectives/${b.objective}`,
      { version: 1, ownerId: a.member },
      "ownerId",
    ],
    [
      "capacity team",
      "PUT",
      `${w}/capacity`,
      { cells: [{ teamId: a.team, month: "2027-01", capacity: 1 }] },
      "cells",
    ],
    [
      "time off person",
      "POST",
      `${w}/time-off`,
      { userId: a.member, startDate: "2027-01-01", endDate: "2027-01-02" },
      "userId",
    ],
    ["team lead", "POST", `${w}/teams`, { name: "T", discipline: "qa", leadId: a.member }, "leadId"],
    ["team lead (patch)", "PATCH", `${w}/teams/${b.team}`, { version: 1, leadId: a.member }, "leadId"],
    ["product manager", "POST", `${w}/products`, { name: "P", managerId: a.member }, "managerId"],
    [
      "product manager (patch)",
      "PATCH",
      `${w}/products/${b.product}`,
      { version: 1, managerId: a.member },
      "managerId",
    ],
    [
      "roadmap product",
      "POST",
      `${w}/roadmaps`,
      { productId: a.product, name: "R", startMonth: "2027-01" },
      "productId",
    ],
    ["item idea", "POST", `${w}/roadmaps/${b.roadmap}/items`, { kind: "idea", ideaId: a.idea }, "ideaId"],
    [
      "item effort team",
      "POST",
      `${w}/roadmaps/${b.roadmap}/items`,
      { title: "I", efforts: [{ teamId: a.team, effort: 1 }] },
      "efforts",
    ],
    [
      "item objectives",
      "POST",
      `${w}/roadmaps/${b.roadmap}/items`,
      { title: "I", objectiveIds: [a.objective] },
      "objectiveIds",
    ],
    [
      "item key results",
      "POST",
      `${w}/roadmaps/${b.roadmap}/items`,
      { title: "I", keyResultIds: [a.keyResult] },
      "keyResultIds",
    ],
    [
      "item grouped ideas",
      "POST",
      `${w}/roadmaps/${b.roadmap}/items`,
      { title: "I", ideaIds: [a.idea] },
      "ideaIds",
    ],
    [
      "item depends on",
      "POST",
      `${w}/roadmaps/${b.roadmap}/items`,
      { title: "I", dependsOn: [a.item] },
      "dependsOn",
    ],
    [
      "item effort team (patch)",
      "PATCH",
      `${w}/roadmap-items/${b.item}`,
      { version: 1, efforts: [{ teamId: a.team, effort: 1 }] },
      "efforts",
    ],
    [
      "item objectives (patch)",
      "PATCH",
      `${w}/roadmap-items/${b.item}`,
      { version: 1, objectiveIds: [a.objective] },
      "objectiveIds",
    ],
    [
      "item key results (patch)",
      "PATCH",
      `${w}/roadmap-items/${b.item}`,
      { version: 1, keyResultIds: [a.keyResult] },
      "keyResultIds",
    ],
    [
      "item grouped ideas (patch)",
      "PATCH",
      `${w}/roadmap-items/${b.item}`,
      { version: 1, ideaIds: [a.idea] },
      "ideaIds",
    ],
    [
      "item depends on (patch)",
      "PATCH",
      `${w}/roadmap-items/${b.item}`,
      { version: 1, dependsOn: [a.item] },
      "dependsOn",
    ],
    [
      "milestone item",
      "POST",
      `${w}/roadmaps/${b.roadmap}/milestones`,
      { title: "M", date: "2027-01-01", itemId: a.item },
      "itemId",
    ],
    [
      "milestone item (patch)",
      "PATCH",
      `${w}/milestones/${b.milestone}`,
      { version: 1, itemId: a.item },
      "itemId",
    ],
    [
      "compare from (query)",
      "GET",
      `${w}/roadmaps/${b.roadmap}/compare?from=${a.version}`,
      undefined,
      "from",
    ],
    [
      "sign-off version",
      "POST",
      `${w}/roadmaps/${b.roadmap2}/signoffs`,
      { versionId: a.version, approvers: [{ userId: b.member }], deadline, overrideReason: "x" },
      "versionId",
    ],
    [
      "sign-off approver",
      "POST",
      `${w}/signoffs/${b.signoff}/approvers`,
      { add: [{ userId: a.member }] },
      "add",
    ],
    [
      "sign-off approver team",
      "POST",
      `${w}/signoffs/${b.signoff}/approvers`,
      { add: [{ teamId: a.team }] },
      "add",
    ],
    [
      "comment mentions",
      "POST",
      `${w}/ideas/${b.idea}/comments`,
      { body: "Hi", mentions: [a.member] },
      "mentions",
    ],
    [
      "sign-off approver removal",
      "POST",
      `${w}/signoffs/${b.signoff}/approvers`,
      { remove: [a.member] },
      "remove",
    ],
    [
      "sign-off comment item",
      "POST",
      `${w}/signoffs/${b.signoff}/comments`,
      { body: "Hi", itemId: a.item },
      "itemId",
    ],
    [
      "sign-off decision version",
      "PUT",
      `${w}/signoffs/${b.signoff}/decision`,
      { versionId: a.signoffVersion, decision: "approved" },
      "versionId",
      "member",
    ],
    [
      "sign-off decision item comment",
      "PUT",
      `${w}/signoffs/${b.signoff}/decision`,
      {
        versionId: b.signoffVersion,
        decision: "approved_with_comments",
        itemComments: [{ itemId: a.item, body: "x" }],
      },
      "itemComments",
      "member",
    ],
    [
      "team member (path)",
      "PUT",
      `${w}/teams/${b.team}/members/${a.member}`,
      { allocationPct: 10 },
      "userId",
    ],
    [
      "sign-off revise version",
      "POST",
      `${w}/signoffs/${b.signoff}/revise`,
      { versionId: a.version, overrideReason: "x" },
      "versionId",
    ],
  ];
};

describe("references to another workspace's records", () => {
  it("are refused with a field error, and nothing is stored", async () => {
    const auditA = await owner.ok("GET", `/api/v1/workspaces/${a.wid}/audit?limit=200`);
    const wrong: string[] = [];
    for (const [label, method, url, body, field, as] of cases()) {
      const auditB = await stranger.ok("GET", `/api/v1/workspaces/${b.wid}/audit?limit=200`);
      const res = await (as ? memberB : stranger).request(method, url, body);
      const err = res.json().error as { fields?: Record<string, string> } | undefined;
      const named = Object.keys(err?.fields ?? {}).some((k) => k === field || k.startsWith(`${field}.`));
      if (![400, 404, 409].includes(res.statusCode) || !named) {
        wrong.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      const after = await stranger.ok("GET", `/api/v1/workspaces/${b.wid}/audit?limit=200`);
      if (after.items.length !== auditB.items.length) wrong.push(`${label}: something was stored`);
    }
    expect(wrong).toEqual([]);
    expect(await owner.ok("GET", `/api/v1/workspaces/${a.wid}/audit?limit=200`)).toEqual(auditA);
  });

  it("used as list filters, show nothing of the other workspace", async () => {
    const w = `/api/v1/workspaces/${b.wid}`;
    for (const url of [
      `${w}/rounds?productId=${a.product}`,
      `${w}/objectives?productId=${a.product}`,
      `${w}/signoffs?roadmapId=${a.roadmap}`,
      `${w}/roadmaps?productId=${a.product}`,
      `${w}/products/${b.product}/ideas?ownerId=${a.member}`,
    ]) {
      const res = await stranger.get(url);
      expect([200, 400, 404], url).toContain(res.statusCode);
      if (res.statusCode === 200) expect(res.json().items, url).toEqual([]);
      expect(res.body, url).not.toContain(a.product);
    }
  });
});
