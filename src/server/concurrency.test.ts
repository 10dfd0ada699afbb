import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Client as Anonymous,
  addUser,
  type Client,
  createTestApp,
  PASSWORD,
  setupOwner,
  type TestApp,
  uniqueEmail,
} from "./test/app.ts";

/**
 * "Only once" rules and limits (outside log-in) under parallel requests. On PostgreSQL these are real parallel
 * transactions on separate connections; each rule must hold in the database, not only in a check before a write.
 */
let t: TestApp;
let owner: Client;
let member: Awaited<ReturnType<typeof addUser>>;
let w: string;
const day = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Races");
  member = await addUser(owner, "contributor");
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

const codes = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();
const audit = async (action: string) =>
  (
    (await owner.ok("GET", `${w}/audit?limit=200`)).items as { action: string; entityId: string | null }[]
  ).filter((e) => e.action === action);

async function product(name = "Product") {
  const pid = (await owner.ok("POST", `${w}/products`, { name }, 201)).id as string;
  const idea = async (title: string) =>
    (await owner.ok("POST", `${w}/products/${pid}/ideas`, { title }, 201)).id;
  return { pid, idea };
}

/** A roadmap (with one planned item unless told otherwise) sent for sign-off to these approvers. */
async function openSignoff(approvers: string[], o: { name?: string; item?: boolean } = {}) {
  const { pid } = await product(o.name ?? "Decisions");
  const roadmap = await owner.ok(
    "POST",
    `${w}/roadmaps`,
    { productId: pid, name: o.name ?? "Decide", startMonth: "2027-01" },
    201,
  );
  if (o.item !== false)
    await owner.ok("POST", `${w}/roadmaps/${roadmap.id}/items`, { title: "Thing", period: "2027-02" }, 201);
  const signoff = await owner.ok(
    "POST",
    `${w}/roadmaps/${roadmap.id}/signoffs`,
    {
      approvers: approvers.map((userId) => ({ userId })),
      deadline: new Date(Date.now() + 3 * day).toISOString(),
      overrideReason: "x",
    },
    201,
  );
  return { roadmap, signoff };
}

describe("only once, under parallel requests", () => {
  it("two parallel accepts of one invitation make one account and one membership", async () => {
    const email = uniqueEmail("race");
    const inv = await owner.ok("POST", `${w}/invitations`, { email, role: "viewer" }, 201);
    const accept = (name: string) =>
      new Anonymous(t.app).request("POST", "/api/v1/invitations/accept", {
        token: inv.token,
        name,
        password: PASSWORD,
      });
    const res = await Promise.all([accept("One"), accept("Two"), accept("Three")]);
    expect(codes(res).filter((c) => c === 200)).toHaveLength(1);
    for (const r of res) if (r.statusCode !== 200) expect([400, 404, 409, 410]).toContain(r.statusCode);
    const members = (await owner.ok("GET", `${w}/members?limit=100`)).items as { email: string }[];
    expect(members.filter((m) => m.email === email)).toHaveLength(1);
    expect((await audit("invitation.accept")).filter((e) => e.entityId === inv.id)).toHaveLength(1);
  });

  it("two parallel accepts by one logged-in user make one membership", async () => {
    const other = await setupOtherWorkspace();
    const inv = await other.owner.ok(
      "POST",
      `/api/v1/workspaces/${other.wid}/invitations`,
      { email: member.email, role: "viewer" },
      201,
    );
    const res = await Promise.all(
      [1, 2].map(() => member.post("/api/v1/invitations/accept", { token: inv.token })),
    );
    expect(codes(res).filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    const members = (await other.owner.ok("GET", `/api/v1/workspaces/${other.wid}/members?limit=100`))
      .items as {
      userId: string;
    }[];
    expect(members.filter((m) => m.userId === member.userId)).toHaveLength(1);
  });

  it("closing a scoring round twice in parallel closes it once, with one result", async () => {
    const { pid, idea } = await product("Rounds");
    const ideaId = await idea("Rated");
    const round = await owner.ok(
      "POST",
      `${w}/rounds`,
      {
        productId: pid,
        name: "Race",
        ideaIds: [ideaId],
        voterIds: [member.userId],
        deadline: new Date(Date.now() + day).toISOString(),
      },
      201,
    );
    const factor = (await owner.ok("GET", `${w}/factors?productId=${pid}`)).factors[0].id;
    await member.ok("PUT", `${w}/rounds/${round.id}/ratings`, {
      ratings: [{ ideaId, factorId: factor, value: 4 }],
    });
    const res = await Promise.all([1, 2, 3].map(() => owner.post(`${w}/rounds/${round.id}/close`)));
    expect(codes(res).filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of res) expect([200, 409]).toContain(r.statusCode);
    expect((await audit("round.close")).filter((e) => e.entityId === round.id)).toHaveLength(1);
    const closed = await owner.ok("GET", `${w}/rounds/${round.id}`);
    expect(closed.status).toBe("closed");
    const closedAts = new Set(res.filter((r) => r.statusCode === 200).map((r) => r.json().closedAt));
    expect([...closedAts]).toEqual([closed.closedAt]);
  });

  it("parallel demotions never leave the workspace without an owner", async () => {
    const second = await addUser(owner, "owner", owner.wid, "Second Owner");
    const members = (await owner.ok("GET", `${w}/members?limit=100`)).items as {
      userId: string;
      version: number;
    }[];
    const v = (id: string) => members.find((m) => m.userId === id)?.version;
    const res = await Promise.all([
      owner.patch(`${w}/members/${second.userId}`, { version: v(second.userId), role: "admin" }),
      second.patch(`${w}/members/${owner.userId}`, { version: v(owner.userId), role: "admin" }),
    ]);
    const after = (await owner.ok("GET", `${w}/members?limit=100`)).items as { role: string }[];
    expect(after.filter((m) => m.role === "owner").length).toBeGreaterThanOrEqual(1);
    expect(codes(res).filter((c) => c === 200)).toHaveLength(1);
    // Whoever is still owner restores the other, for the tests below.
    const stillOwner = res[0].statusCode === 200 ? owner : second;
    const demoted = stillOwner === owner ? second : owner;
    const row = (
      (await stillOwner.ok("GET", `${w}/members?limit=100`)).items as { userId: string; version: number }[]
    ).find((m) => m.userId === demoted.userId);
    await stillOwner.ok("PATCH", `${w}/members/${demoted.userId}`, { version: row?.version, role: "owner" });
  });

  it("an owner demoting themself and the other owner in parallel keeps one owner", async () => {
    const third = await addUser(owner, "owner", owner.wid, "Third Owner");
    const members = (await owner.ok("GET", `${w}/members?limit=100`)).items as {
      userId: string;
      version: number;
      role: string;
    }[];
    const owners = members.filter((m) => m.role === "owner");
    const res = await Promise.all(
      owners.map((m) => third.patch(`${w}/members/${m.userId}`, { version: m.version, role: "admin" })),
    );
    const after = (await third.ok("GET", `${w}/members?limit=100`)).items as { role: string }[];
    expect(after.filter((m) => m.role === "owner").length).toBeGreaterThanOrEqual(1);
    expect(codes(res).filter((c) => c === 200).length).toBeLessThan(owners.length);
  });

  it("merging two ideas into each other in parallel merges one, never a cycle", async () => {
    const { idea } = await product("Merges");
    const x = await idea("X");
    const y = await idea("Y");
    const res = await Promise.all([
      owner.post(`${w}/ideas/${x}/merge`, { intoId: y }),
      owner.post(`${w}/ideas/${y}/merge`, { intoId: x }),
    ]);
    expect(codes(res)).toEqual([200, 400]);
    const [ix, iy] = await Promise.all([x, y].map((id) => owner.ok("GET", `${w}/ideas/${id}`)));
    expect([ix.mergedIntoId, iy.mergedIntoId].filter(Boolean)).toHaveLength(1);
    expect((await audit("idea.merge")).filter((e) => [x, y].includes(e.entityId ?? ""))).toHaveLength(1);
  });

  it("version-checked PATCHes: two with the same version give exactly one 200 and one 409", async () => {
    const { pid, idea } = await product("Versions");
    const ideaId = await idea("Versioned");
    const team = await owner.ok("POST", `${w}/teams`, { name: "Race team", discipline: "qa" }, 201);
    const objective = await owner.ok(
      "POST",
      `${w}/objectives`,
      {
        title: "Race goal",
        periodStart: "2027-01-01",
        periodEnd: "2027-12-31",
        keyResults: [{ title: "KR", metricName: "m", baseline: 0, target: 10, dueDate: "2027-12-31" }],
      },
      201,
    );
    const roadmap = await owner.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: pid, name: "Race plan", startMonth: "2027-01" },
      201,
    );
    const item = await owner.ok("POST", `${w}/roadmaps/${roadmap.id}/items`, { title: "Race item" }, 201);
    const milestone = await owner.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/milestones`,
      { title: "Race day", date: "2027-03-01" },
      201,
    );
    const targets: [string, Record<string, unknown>, Record<string, unknown>][] = [
      [`${w}/ideas/${ideaId}`, { title: "A" }, { title: "B" }],
      [`${w}/products/${pid}`, { name: "A" }, { name: "B" }],
      [`${w}/teams/${team.id}`, { name: "A" }, { name: "B" }],
      [`${w}/objectives/${objective.id}`, { title: "A" }, { title: "B" }],
      [`${w}/key-results/${objective.keyResults[0].id}`, { current: 1 }, { current: 2 }],
      [`${w}/roadmaps/${roadmap.id}`, { name: "A" }, { name: "B" }],
      [`${w}/roadmap-items/${item.id}`, { title: "A" }, { title: "B" }],
      [`${w}/milestones/${milestone.id}`, { title: "A" }, { title: "B" }],
      [w, { name: "Races A" }, { name: "Races B" }],
    ];
    for (const [url, one, two] of targets) {
      const version = url.includes("/milestones/")
        ? milestone.version
        : url.includes("/key-results/")
          ? (await owner.ok("GET", `${w}/objectives/${objective.id}`)).keyResults[0].version
          : await owner.ok("GET", url).then((o) => o.version ?? o.roadmap.version);
      const res = await Promise.all([
        owner.patch(url, { ...one, version }),
        owner.patch(url, { ...two, version }),
      ]);
      expect(codes(res), url).toEqual([200, 409]);
      const loser = res.find((r) => r.statusCode === 409);
      expect(loser?.json().error.fields, url).toMatchObject({ version: expect.any(String) });
    }
  });

  it("one open sign-off per roadmap: parallel requests open one", async () => {
    const { pid } = await product("Sign-offs");
    const roadmap = await owner.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: pid, name: "Race", startMonth: "2027-01" },
      201,
    );
    const body = {
      approvers: [{ userId: member.userId }],
      deadline: new Date(Date.now() + 3 * day).toISOString(),
      overrideReason: "Race",
    };
    const res = await Promise.all(
      [1, 2, 3].map(() => owner.post(`${w}/roadmaps/${roadmap.id}/signoffs`, body)),
    );
    expect(codes(res)).toEqual([201, 409, 409]);
    const open = (await owner.ok("GET", `${w}/signoffs?roadmapId=${roadmap.id}&status=open`)).items;
    expect(open).toHaveLength(1);
  });

  it("reminding approvers twice in parallel reminds once (at most hourly)", async () => {
    const { signoff } = await openSignoff([member.userId], { name: "Reminders", item: false });
    const res = await Promise.all([1, 2, 3].map(() => owner.post(`${w}/signoffs/${signoff.id}/remind`, {})));
    expect(codes(res)).toEqual([200, 409, 409]);
    expect((await audit("signoff.remind")).filter((e) => e.entityId === signoff.id)).toHaveLength(1);
  });

  it("revoking a share link twice in parallel revokes it once", async () => {
    const { roadmap, signoff } = await openSignoff([member.userId], { name: "Shares", item: false });
    await member.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: signoff.versionId,
      decision: "approved",
    });
    const link = await owner.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/versions/${signoff.versionId}/share-links`,
      { expiresInDays: 7 },
      201,
    );
    const res = await Promise.all([1, 2, 3].map(() => owner.del(`${w}/share-links/${link.id}`)));
    expect(codes(res)).toEqual([204, 204, 204]); // idempotent DELETE
    for (const r of res) expect([200, 204, 404, 409]).toContain(r.statusCode);
    expect((await audit("share_link.revoke")).filter((e) => e.entityId === roadmap.id)).toHaveLength(1);
    const token = String(link.url ?? link.token)
      .split("/")
      .at(-1);
    expect((await new Anonymous(t.app).get(`/api/v1/shared/${token}`)).statusCode).toBe(404);
  });
});

describe("only once in sign-offs and plans, under parallel requests", () => {
  const events = async (id: string, kind: string) =>
    ((await owner.ok("GET", `${w}/signoffs/${id}`)).events as { kind: string }[]).filter(
      (e) => e.kind === kind,
    );

  it("one approver deciding twice in parallel decides once", async () => {
    const { signoff } = await openSignoff([member.userId]);
    const decide = { versionId: signoff.versionId, decision: "approved" };
    const res = await Promise.all(
      [1, 2].map(() => member.put(`${w}/signoffs/${signoff.id}/decision`, decide)),
    );
    expect(codes(res).filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of res) expect([200, 409]).toContain(r.statusCode);
    expect(await events(signoff.id, "decided")).toHaveLength(1);
    expect(await events(signoff.id, "approved")).toHaveLength(1);
  });

  it("the last two approvals arriving together approve once, with one baseline", async () => {
    const second = await addUser(owner, "contributor", owner.wid, "Second Approver");
    const { roadmap, signoff } = await openSignoff([member.userId, second.userId]);
    const decide = { versionId: signoff.versionId, decision: "approved" };
    const res = await Promise.all(
      [member, second].map((c) => c.put(`${w}/signoffs/${signoff.id}/decision`, decide)),
    );
    expect(codes(res)).toEqual([200, 200]);
    const after = await owner.ok("GET", `${w}/signoffs/${signoff.id}`);
    expect(after.status).toBe("approved");
    expect(await events(signoff.id, "approved")).toHaveLength(1);
    const versions = (await owner.ok("GET", `${w}/roadmaps/${roadmap.id}/versions`)).items as {
      approvedAt: string | null;
    }[];
    expect(versions.filter((v) => v.approvedAt)).toHaveLength(1);
  });

  it("cancelling twice in parallel cancels once", async () => {
    const { signoff } = await openSignoff([member.userId]);
    const res = await Promise.all(
      [1, 2].map(() => owner.post(`${w}/signoffs/${signoff.id}/cancel`, { reason: "Changed plans" })),
    );
    expect(codes(res)).toEqual([200, 409]);
    expect(await events(signoff.id, "cancelled")).toHaveLength(1);
  });

  it("saving versions in parallel numbers them all, without gaps or duplicates", async () => {
    const { pid } = await product("Versions in parallel");
    const roadmap = await owner.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: pid, name: "Numbered", startMonth: "2027-01" },
      201,
    );
    const res = await Promise.all(
      [1, 2, 3, 4].map((n) => owner.post(`${w}/roadmaps/${roadmap.id}/versions`, { name: `v${n}` })),
    );
    expect(codes(res)).toEqual([201, 201, 201, 201]);
    const numbers = res.map((r) => r.json().number).sort();
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it("applying one plan proposal twice in parallel applies it once", async () => {
    const { pid } = await product("Plans");
    const team = await owner.ok("POST", `${w}/teams`, { name: "Planners", discipline: "engineering" }, 201);
    const roadmap = await owner.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: pid, name: "Auto", startMonth: "2027-01" },
      201,
    );
    for (const title of ["One", "Two", "Three"])
      await owner.ok(
        "POST",
        `${w}/roadmaps/${roadmap.id}/items`,
        { title, status: "planned", efforts: [{ teamId: team.id, effort: 1 }] },
        201,
      );
    const plan = await owner.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/plan`,
      { scope: "all", timeLimitSeconds: 2 },
      201,
    );
    const res = await Promise.all([1, 2].map(() => owner.post(`${w}/plans/${plan.id}/apply`, {})));
    expect(codes(res)).toEqual([200, 409]);
    expect((await owner.ok("GET", `${w}/plans/${plan.id}`)).status).not.toBe("open");
  });
});

async function setupOtherWorkspace() {
  const o = await addUser(owner, "viewer", owner.wid, "Other Owner");
  const ws = await o.ok("POST", "/api/v1/workspaces", { name: "Other" }, 201);
  return { owner: o, wid: ws.id as string };
}
