import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import {
  Client,
  createTestApp,
  errorOf,
  PASSWORD,
  setupOwner,
  type TestApp,
  uniqueEmail,
} from "../../test/app.ts";

let t: TestApp;
let owner: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

const accept = (body: unknown, c = new Client(t.app)) =>
  c.request("POST", "/api/v1/invitations/accept", body);

describe("invitations", () => {
  it("invites by link (shown once, mailed to the outbox); a new person joins with the role", async () => {
    const email = uniqueEmail("sh");
    const inv = await owner.ok(
      "POST",
      `${w}/invitations`,
      { email: email.toUpperCase(), role: "stakeholder" },
      201,
    );
    expect(inv.url).toBe(`http://baton.test/invite/${inv.token}`);
    expect(inv).toMatchObject({ email, role: "stakeholder", status: "pending" });
    const mail = await owner.ok("GET", `${w}/outbox`);
    expect(mail.items[0]).toMatchObject({ to: email, kind: "invitation" });
    expect(mail.items[0].text).toContain(inv.url);
    const list = await owner.ok("GET", `${w}/invitations`);
    expect(JSON.stringify(list)).not.toContain(inv.token);
    // Without an e-mail server the mail waits in the outbox: the list says so instead of "Sent" (issue 12).
    expect(inv.mail).toBe("waiting");
    expect(list.items.find((i: { id: string }) => i.id === inv.id).mail).toBe("waiting");

    const preview = await t.app.inject({ url: `/api/v1/invitations/${inv.token}` });
    expect(preview.json()).toMatchObject({
      workspaceName: "Acme",
      email,
      role: "stakeholder",
      accountExists: false,
    });

    const missing = await accept({ token: inv.token });
    expect(missing.statusCode).toBe(400);
    expect(Object.keys(errorOf(missing).fields!).sort()).toEqual(["name", "password"]);

    const badZone = await accept({
      token: inv.token,
      name: "Sasha",
      password: PASSWORD,
      timezone: "Nowhere/Else",
    });
    expect(badZone.statusCode).toBe(400);
    expect(errorOf(badZone).fields).toEqual({ timezone: "Unknown time zone" });

    const res = await accept({
      token: inv.token,
      name: "Sasha",
      password: PASSWORD,
      timezone: "Asia/Kolkata",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.timezone).toBe("Asia/Kolkata");
    expect(res.json().workspaces).toEqual([expect.objectContaining({ id: owner.wid, role: "stakeholder" })]);
    expect(res.cookies.find((c) => c.name === "baton_session")?.value).toBeTruthy();

    // Single use.
    expect((await accept({ token: inv.token, name: "Again", password: PASSWORD })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/invitations/${inv.token}` })).statusCode).toBe(404);
    const after = await owner.ok("GET", `${w}/invitations`);
    expect(after.items.find((i: { id: string }) => i.id === inv.id).status).toBe("accepted");
  });

  it("refuses expired and revoked links", async () => {
    const a = await owner.ok("POST", `${w}/invitations`, { email: uniqueEmail(), expiresInDays: 1 }, 201);
    const b = await owner.ok("POST", `${w}/invitations`, { email: uniqueEmail() }, 201);
    await owner.ok("DELETE", `${w}/invitations/${b.id}`, undefined, 204);
    expect((await owner.del(`${w}/invitations/${b.id}`)).statusCode).toBe(409);
    expect((await accept({ token: b.token, name: "B", password: PASSWORD })).statusCode).toBe(404);
    t.clock.advance(DAY + 1000);
    expect((await accept({ token: a.token, name: "A", password: PASSWORD })).statusCode).toBe(404);
    const list = await owner.ok("GET", `${w}/invitations?limit=200`);
    const status = (id: string) => list.items.find((i: { id: string }) => i.id === id).status;
    expect([status(a.id), status(b.id)]).toEqual(["expired", "revoked"]);
  });

  it("lets an existing account accept only when logged in as the invited address", async () => {
    const t2owner = await owner.ok("POST", "/api/v1/workspaces", { name: "Second" }, 201);
    // Invite the owner's own address into the workspace... they're a member already: refused.
    const dup = await owner.post(`${w}/invitations`, { email: owner.session.user.email });
    expect(dup.statusCode).toBe(409);
    // Invite someone from the first workspace into the second.
    const email = uniqueEmail("existing");
    const first = await owner.ok("POST", `${w}/invitations`, { email }, 201);
    const person = new Client(t.app);
    person.adopt((await accept({ token: first.token, name: "Existing", password: PASSWORD }, person)).json());
    const second = await owner.ok(
      "POST",
      `/api/v1/workspaces/${t2owner.id}/invitations`,
      { email, role: "viewer" },
      201,
    );
    const anonymous = await accept({ token: second.token, name: "X", password: PASSWORD });
    expect(anonymous.statusCode).toBe(401);
    // Someone else logged in cannot take it.
    const wrong = await owner.post("/api/v1/invitations/accept", { token: second.token });
    expect(wrong.statusCode).toBe(403);
    const ok = await person.ok("POST", "/api/v1/invitations/accept", { token: second.token });
    expect(ok.workspaces.map((x: { name: string }) => x.name).sort()).toEqual(["Acme", "Second"]);
  });

  it("re-inviting replaces the pending link", async () => {
    const email = uniqueEmail();
    const a = await owner.ok("POST", `${w}/invitations`, { email }, 201);
    const b = await owner.ok("POST", `${w}/invitations`, { email, role: "contributor" }, 201);
    expect((await t.app.inject({ url: `/api/v1/invitations/${a.token}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/invitations/${b.token}` })).json().role).toBe("contributor");
  });
});
