import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../lib/clock.ts";
import { Client, createTestApp, errorOf, PASSWORD, setupOwner, type TestApp } from "../../test/app.ts";

let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
});
afterAll(() => t.close());
// Some tests move the clock by weeks or log everyone out: start each with a live owner session.
beforeEach(async () => {
  if ((await owner.get("/api/v1/auth/session")).statusCode !== 200)
    owner = await loginAs(owner.session.user.email);
});

const login = (email: string, password: string, ip = "10.9.9.9") =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
    remoteAddress: ip,
  });

describe("first-run set-up", () => {
  it("created an instance-admin owner with a workspace, and refuses a second set-up", async () => {
    expect(owner.session.user.isInstanceAdmin).toBe(true);
    expect(owner.session.workspaces).toHaveLength(1);
    expect(owner.session.workspaces[0]).toMatchObject({ name: "Acme", slug: "acme", role: "owner" });
    const again = await new Client(t.app).request("POST", "/api/v1/setup", {
      name: "Eve",
      email: "eve@example.test",
      password: PASSWORD,
      workspaceName: "Evil",
    });
    expect(again.statusCode).toBe(409);
    const health = await t.app.inject({ url: "/api/v1/health" });
    expect(health.json().setupRequired).toBe(false);
  });

  it("rejects a weak password and a bad e-mail field by field", async () => {
    const res = await new Client(t.app).request("POST", "/api/v1/setup", {
      name: "",
      email: "not-an-email",
      password: "short",
      workspaceName: "X",
      timezone: "Mars/Olympus",
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(errorOf(res).fields!).sort()).toEqual(["email", "name", "password", "timezone"]);
  });

  it("keeps the time zone the browser sent at set-up", async () => {
    const t2 = await createTestApp();
    try {
      const res = await new Client(t2.app).request("POST", "/api/v1/setup", {
        name: "Tomás",
        email: "tomas@example.test",
        password: PASSWORD,
        workspaceName: "Lima",
        timezone: "America/Lima",
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().user.timezone).toBe("America/Lima");
    } finally {
      await t2.close();
    }
  });
});

describe("log in and sessions", () => {
  it("logs in, sets an httpOnly SameSite=Lax cookie, and reads the session", async () => {
    const res = await login(owner.session.user.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "baton_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.secure).toBeFalsy();
    const me = await t.app.inject({
      url: "/api/v1/auth/session",
      headers: { cookie: `baton_session=${cookie.value}` },
    });
    expect(me.json().user.id).toBe(owner.userId);
  });

  it("marks the cookie Secure behind HTTPS", async () => {
    const t2 = await createTestApp({ env: { BATON_TRUST_PROXY: "1" } });
    try {
      const c = await setupOwner(t2.app);
      const res = await t2.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: c.session.user.email, password: PASSWORD },
        headers: { "x-forwarded-proto": "https" },
      });
      expect(res.cookies.find((k) => k.name === "baton_session")!.secure).toBe(true);
    } finally {
      await t2.close();
    }
  });

  it("says the same thing for a wrong password and an unknown account", async () => {
    const a = await login(owner.session.user.email, "wrong password!", "10.0.0.1");
    const b = await login("nobody@example.test", "wrong password!", "10.0.0.1");
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(errorOf(a).message).toBe(errorOf(b).message);
  });

  it("rate-limits failed log-ins per address and account for 15 minutes (more in auth.limits.test.ts)", async () => {
    const c = await setupOwnerLike();
    for (let i = 0; i < 5; i++)
      expect((await login(c.email, "bad password", "10.1.0.99")).statusCode).toBe(401);
    const blocked = await login(c.email, PASSWORD, "10.1.0.99");
    expect(blocked.statusCode).toBe(429);
    expect(errorOf(blocked).code).toBe("rate_limited");
    t.clock.advance(16 * 60_000);
    expect((await login(c.email, PASSWORD, "10.1.0.99")).statusCode).toBe(200);
  });

  it("requires the CSRF header on cookie-authenticated writes", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/workspaces/${owner.wid}/products`,
      payload: { name: "No CSRF" },
      headers: { cookie: owner.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe("csrf");
    const wrong = await t.app.inject({
      method: "POST",
      url: `/api/v1/workspaces/${owner.wid}/products`,
      payload: { name: "Wrong CSRF" },
      headers: { cookie: owner.cookie, "x-csrf-token": "x".repeat(32) },
    });
    expect(wrong.statusCode).toBe(403);
  });

  it("expires idle sessions and slides the expiry on activity", async () => {
    const c = await freshLogin();
    t.clock.advance(10 * DAY);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200); // activity: expiry moves to +14 days
    t.clock.advance(10 * DAY);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    t.clock.advance(15 * DAY);
    const res = await c.get("/api/v1/auth/session");
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe("unauthenticated");
  });

  it("logs out one session, and everywhere", async () => {
    const user = await setupOwnerLike();
    const a = await loginAs(user.email);
    const b = await loginAs(user.email);
    const c = await loginAs(user.email);
    await a.ok("POST", "/api/v1/auth/logout", undefined, 204);
    expect((await a.request("GET", "/api/v1/auth/session", undefined, { cookie: a.cookie })).statusCode).toBe(
      401,
    );
    expect((await b.get("/api/v1/auth/session")).statusCode).toBe(200);
    const sessions = await b.ok("GET", "/api/v1/auth/sessions");
    expect(sessions.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const out = await b.ok("POST", "/api/v1/auth/logout-all");
    expect(out.ended).toBeGreaterThanOrEqual(2);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(401);
  });
});

describe("credential cache", () => {
  it("honours a session revoked by another instance for at most 2 seconds", async () => {
    const user = await setupOwnerLike();
    const c = await loginAs(user.email);
    await new Promise((r) => setTimeout(r, 1_100)); // past the quiet period that follows the invitation's invalidation
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    // Another instance logs the user out: only the database changes, this process is not told.
    const { sessions } = await import("../../db/schema.ts");
    const { eq } = await import("drizzle-orm");
    await t.database.db.delete(sessions).where(eq(sessions.userId, c.userId));
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    t.clock.advance(2_001);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(401);
  });
});

describe("passwords", () => {
  it("changes the password with the current one, ending other sessions", async () => {
    const c = await setupOwnerLike();
    const a = await loginAs(c.email);
    const b = await loginAs(c.email);
    const bad = await a.post("/api/v1/auth/password", {
      currentPassword: "nope nope nope",
      newPassword: "a new long password",
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty("currentPassword");
    await a.ok(
      "POST",
      "/api/v1/auth/password",
      { currentPassword: PASSWORD, newPassword: "a new long password" },
      204,
    );
    expect((await a.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect((await b.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await login(c.email, "a new long password", "10.2.0.1")).statusCode).toBe(200);
  });

  it("resets a password by a single-use, one-hour token delivered to the outbox", async () => {
    const c = await setupOwnerLike();
    const session = await loginAs(c.email);
    const req = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/request",
      payload: { email: c.email },
    });
    expect(req.statusCode).toBe(202);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/request",
      payload: { email: "ghost@example.test" },
    });
    expect(unknown.statusCode).toBe(202); // no account discovery
    const mail = await owner.ok("GET", `/api/v1/workspaces/${owner.wid}/outbox?scope=instance`);
    const msg = mail.items.find((m: { to: string }) => m.to === c.email);
    expect(msg.subject).toMatch(/reset/i);
    const token = msg.text.match(/token=([\w-]+)/)[1];
    const confirm = (newPassword: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/auth/password-reset/confirm",
        payload: { token, newPassword },
      });
    expect((await confirm("brand new password 1")).statusCode).toBe(204);
    expect((await confirm("brand new password 2")).statusCode).toBe(400); // reused
    expect((await session.get("/api/v1/auth/session")).statusCode).toBe(401); // sessions ended
    expect((await login(c.email, "brand new password 1", "10.3.0.1")).statusCode).toBe(200);
  });

  it("refuses an expired reset token", async () => {
    const c = await setupOwnerLike();
    await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/request",
      payload: { email: c.email },
    });
    const mail = await owner.ok("GET", `/api/v1/workspaces/${owner.wid}/outbox?scope=instance`);
    const token = mail.items.find((m: { to: string }) => m.to === c.email).text.match(/token=([\w-]+)/)[1];
    t.clock.advance(HOUR + 1000);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token, newPassword: "brand new password 3" },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty("token");
  });

  it("non-admins cannot read the instance outbox", async () => {
    const { addUser } = await import("../../test/app.ts");
    const pm = await addUser(owner, "product_manager");
    expect((await pm.get(`/api/v1/workspaces/${owner.wid}/outbox?scope=instance`)).statusCode).toBe(403);
  });
});

describe("profile", () => {
  it("updates name and time zone, rejecting unknown zones", async () => {
    const c = await loginAs(owner.session.user.email);
    await new Promise((r) => setTimeout(r, 1_100)); // past any quiet period, so the principal gets cached
    expect((await c.ok("GET", "/api/v1/auth/session")).user.name).toBe("Olivia Owner");
    const bad = await c.patch("/api/v1/me", { timezone: "Mars/Olympus" });
    expect(bad.statusCode).toBe(400);
    const ok = await c.ok("PATCH", "/api/v1/me", { name: "Olivia Ø. Owner", timezone: "Europe/Paris" });
    expect(ok).toMatchObject({ name: "Olivia Ø. Owner", timezone: "Europe/Paris" });
    // The session shows the new name at once (no stale cached principal).
    const session = await c.ok("GET", "/api/v1/auth/session");
    expect(session.user).toMatchObject({ name: "Olivia Ø. Owner", timezone: "Europe/Paris" });
  });
});

// helpers
async function setupOwnerLike() {
  const { addUser } = await import("../../test/app.ts");
  return addUser(owner, "contributor");
}
async function loginAs(email: string) {
  const res = await login(email, PASSWORD, `10.50.${Math.floor(Math.random() * 250)}.1`);
  expect(res.statusCode, res.body).toBe(200);
  const c = new Client(t.app);
  c.cookie = `baton_session=${res.cookies.find((k) => k.name === "baton_session")!.value}`;
  return c.adopt(res.json());
}
const freshLogin = () => loginAs(owner.session.user.email);
