import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";

let t: TestApp;
let owner: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

describe("teams", () => {
  it("creates a team whose lead is a member, adds people at an allocation, and lists them", async () => {
    const dev = await addUser(owner, "contributor", owner.wid, "Dana Dev");
    const team = await owner.ok(
      "POST",
      `${w}/teams`,
      { name: "Platform", discipline: "engineering", leadId: dev.userId },
      201,
    );
    expect(team).toMatchObject({ leadId: dev.userId, leadName: "Dana Dev", discipline: "engineering" });
    expect(team.members).toEqual([
      { userId: dev.userId, name: "Dana Dev", email: dev.email, allocationPct: 100 },
    ]);
    const after = await owner.ok("PUT", `${w}/teams/${team.id}/members/${owner.userId}`, {
      allocationPct: 50,
    });
    expect(
      after.members.map((m: { name: string; allocationPct: number }) => [m.name, m.allocationPct]),
    ).toEqual([
      ["Dana Dev", 100],
      ["Olivia Owner", 50],
    ]);
    // The same person in a second team.
    const design = await owner.ok("POST", `${w}/teams`, { name: "Design", discipline: "design" }, 201);
    await owner.ok("PUT", `${w}/teams/${design.id}/members/${owner.userId}`, { allocationPct: 50 });
    const members = await owner.ok("GET", `${w}/members?q=Olivia`);
    expect(members.items[0].teams.map((x: { name: string }) => x.name)).toEqual(["Design", "Platform"]);
    const list = await owner.ok("GET", `${w}/teams?discipline=design`);
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([design.id]);
  });

  it("validates allocation, discipline and membership", async () => {
    const team = await owner.ok("POST", `${w}/teams`, { name: "QA", discipline: "qa" }, 201);
    const bad = await owner.put(`${w}/teams/${team.id}/members/${owner.userId}`, { allocationPct: 150 });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("allocationPct");
    const stranger = await owner.put(
      `${w}/teams/${team.id}/members/00000000-0000-4000-8000-000000000001`,
      {},
    );
    expect(stranger.statusCode).toBe(400);
    expect(errorOf(stranger).fields).toHaveProperty("userId");
    const disc = await owner.post(`${w}/teams`, { name: "X", discipline: "astrology" });
    expect(errorOf(disc).fields).toHaveProperty("discipline");
    expect((await owner.del(`${w}/teams/${team.id}/members/${owner.userId}`)).statusCode).toBe(404);
  });

  it("drops a person's team places when they leave the workspace, and a team's when it is deleted", async () => {
    const ops = await addUser(owner, "stakeholder", owner.wid, "Omar Ops");
    const team = await owner.ok(
      "POST",
      `${w}/teams`,
      { name: "Ops", discipline: "operations", leadId: ops.userId },
      201,
    );
    await owner.ok("DELETE", `${w}/members/${ops.userId}`, undefined, 204);
    const after = await owner.ok("GET", `${w}/teams/${team.id}`);
    expect(after.members).toEqual([]);
    expect(after.leadId).toBe(ops.userId); // still shown as the former lead until reassigned
    await owner.ok("DELETE", `${w}/teams/${team.id}`, undefined, 204);
    expect((await owner.get(`${w}/teams/${team.id}`)).statusCode).toBe(404);
  });

  it("refuses a stale team update", async () => {
    const team = await owner.ok("POST", `${w}/teams`, { name: "Docs", discipline: "documentation" }, 201);
    await owner.ok("PATCH", `${w}/teams/${team.id}`, { version: 1, name: "Documentation" });
    const stale = await owner.patch(`${w}/teams/${team.id}`, { version: 1, name: "Docs again" });
    expect(stale.statusCode).toBe(409);
    expect((await owner.ok("GET", `${w}/teams/${team.id}`)).name).toBe("Documentation");
  });
});
