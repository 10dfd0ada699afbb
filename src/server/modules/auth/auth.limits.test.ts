import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build.ts";
import { loadConfig } from "../../config.ts";
import { execRows } from "../../db/hot.ts";
import { authDevices, loginAttempts, outbox, users } from "../../db/schema.ts";
import { DAY, HOUR } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  PASSWORD,
  setupOwner,
  type TestApp,
  uniqueEmail,
} from "../../test/app.ts";

// Every limit and "only once" rule of log-in, set-up and password reset, fired at with parallel requests.
let t: TestApp;
let owner: Client;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
});
afterAll(() => t.close());

type Res = Awaited<ReturnType<TestApp["app"]["inject"]>>;
const statuses = (rs: Res[]) =>
  rs.reduce<Record<number, number>>((m, r) => {
    m[r.statusCode] = (m[r.statusCode] ?? 0) + 1;
    return m;
  }, {});
const deviceCookie = (r: Res) => r.cookies.find((c) => c.name === "baton_device")?.value;

function login(email: string, password: string, ip: string, opts: { device?: string; app?: TestApp } = {}) {
  return (opts.app ?? t).app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
    remoteAddress: ip,
    headers: opts.device ? { cookie: `baton_device=${opts.device}` } : {},
  });
}
const requestReset = (email: string, ip = "10.77.0.1") =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/password-reset/request",
    payload: { email },
    remoteAddress: ip,
  });
const confirmReset = (token: string, newPassword: string, ip = "10.77.0.1") =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/auth/password-reset/confirm",
    payload: { token, newPassword },
    remoteAddress: ip,
  });
async function resetMails(email: string) {
  return t.database.db
    .select({ text: outbox.text })
    .from(outbox)
    .where(and(eq(outbox.to, email), eq(outbox.kind, "password_reset")))
    .orderBy(outbox.createdAt);
}
const tokenOf = (mail: { text: string }) => mail.text.match(/token=([\w-]+)/)![1];
const newUser = () => addUser(owner, "contributor");
const evaluatedFor = async (email: string) =>
  (await t.database.db.select({ n: count() }).from(loginAttempts).where(eq(loginAttempts.email, email)))[0].n;

describe("log-in limits hold under parallel requests", () => {
  it("20 parallel wrong passwords for one account from one address: 5 are checked, 15 refused unchecked", async () => {
    const u = await newUser();
    const rs = await Promise.all(
      Array.from({ length: 20 }, () => login(u.email, "wrong password", "10.10.0.1")),
    );
    expect(statuses(rs)).toEqual({ 401: 5, 429: 15 });
    expect(await evaluatedFor(u.email)).toBe(5);
    expect(errorOf(rs.find((r) => r.statusCode === 429)!).code).toBe("rate_limited");
  });

  it("20 parallel wrong passwords for one account from 20 addresses: the account budget (10) holds", async () => {
    const u = await newUser();
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(u.email, "wrong password", `10.11.0.${i + 1}`)),
    );
    expect(statuses(rs)).toEqual({ 401: 10, 429: 10 });
    expect(await evaluatedFor(u.email)).toBe(10);
  });

  it("40 parallel wrong passwords for 40 addresses from one IP: 30 are checked", async () => {
    const emails = Array.from({ length: 40 }, () => uniqueEmail("spray"));
    const rs = await Promise.all(emails.map((e) => login(e, "wrong password", "10.12.0.1")));
    expect(statuses(rs)).toEqual({ 401: 30, 429: 10 });
  });

  it("two app instances on one database share the counts (no per-process state)", async () => {
    const second = await buildApp({
      database: t.database,
      config: loadConfig({ LOG_LEVEL: "silent", BATON_WEB_DIR: "/nonexistent" }),
      clock: t.clock,
    });
    try {
      const u = await newUser();
      const rs = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 ? second : t.app).inject({
            method: "POST",
            url: "/api/v1/auth/login",
            payload: { email: u.email, password: "wrong password" },
            remoteAddress: "10.13.0.1",
          }),
        ),
      );
      expect(statuses(rs)).toEqual({ 401: 5, 429: 11 });
    } finally {
      await second.close();
    }
  });

  it("parallel wrong current passwords on a password change: 5 are checked", async () => {
    const u = await newUser();
    const rs = await Promise.all(
      Array.from({ length: 12 }, () =>
        u.post("/api/v1/auth/password", {
          currentPassword: "not my password",
          newPassword: "another long password",
        }),
      ),
    );
    expect(statuses(rs)).toEqual({ 400: 5, 429: 7 });
    const right = await u.post("/api/v1/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "another long password",
    });
    expect(right.statusCode).toBe(429); // even the right one waits: it is a guessing budget
    t.clock.advance(16 * 60_000);
    expect(
      (
        await u.post("/api/v1/auth/password", {
          currentPassword: PASSWORD,
          newPassword: "another long password",
        })
      ).statusCode,
    ).toBe(204);
  });
});

describe("strangers cannot lock a user out", () => {
  it("an attacker exhausting the limit from one address leaves the user free on another; the attacker stays limited", async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++)
      expect((await login(u.email, "wrong password", "10.20.0.1")).statusCode).toBe(401);
    expect((await login(u.email, "wrong password", "10.20.0.1")).statusCode).toBe(429);
    expect((await login(u.email, PASSWORD, "10.20.0.1")).statusCode).toBe(429); // no check at all
    expect((await login(u.email, PASSWORD, "10.20.0.2")).statusCode).toBe(200);
    expect((await login(u.email, "wrong password", "10.20.0.1")).statusCode).toBe(429);
    expect((await login(u.email, PASSWORD, "10.20.0.1")).statusCode).toBe(429);
  });

  it("a distributed attack slows untrusted browsers, but the user's device cookie still logs in", async () => {
    const u = await newUser();
    const first = await login(u.email, PASSWORD, "10.21.0.1");
    expect(first.statusCode).toBe(200);
    const device = deviceCookie(first)!;
    expect(device).toBeTruthy();
    const cookie = first.cookies.find((c) => c.name === "baton_device")!;
    expect(cookie.httpOnly).toBe(true);
    expect(new Date(cookie.expires!).getTime() - t.clock.now().getTime()).toBeGreaterThan(90 * DAY);
    const attack = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(u.email, "wrong password", `10.22.${i}.1`)),
    );
    expect(statuses(attack)).toEqual({ 401: 10, 429: 20 });
    // A new browser on a new address must wait (an increasing delay), not 15 minutes of lock-out.
    const fresh = await login(u.email, PASSWORD, "10.23.0.1");
    expect(fresh.statusCode).toBe(429);
    expect(errorOf(fresh).message).toMatch(/second/);
    // The user's known browser passes the account limit at once, from any address.
    const known = await login(u.email, PASSWORD, "10.23.0.2", { device });
    expect(known.statusCode).toBe(200);
    // The delay is short: a second later the fresh browser gets its turn.
    t.clock.advance(1_100);
    expect((await login(u.email, PASSWORD, "10.23.0.1")).statusCode).toBe(200);
  });

  it("a device cookie counts only for its own account, and wrong passwords on it are limited too", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    const victimDevice = deviceCookie(await login(victim.email, PASSWORD, "10.24.0.1"))!;
    const own = deviceCookie(await login(attacker.email, PASSWORD, "10.24.0.2"))!;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(victim.email, "wrong password", `10.25.0.${i}`)),
    );
    // The attacker's own device cookie does not exempt them from the victim's account limit.
    expect((await login(victim.email, "wrong password", "10.24.0.2", { device: own })).statusCode).toBe(429);
    // A stolen device cookie gives 5 guesses, not unlimited ones.
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        login(victim.email, "wrong password", `10.27.0.${i}`, { device: victimDevice }),
      ),
    );
    expect(statuses(rs)).toEqual({ 401: 5, 429: 3 });
  });

  it("after a password reset the user logs in at once, even while the account is under attack", async () => {
    const u = await newUser();
    expect((await login(u.email, PASSWORD, "10.28.1.1")).statusCode).toBe(200); // a device to be forgotten
    await Promise.all(Array.from({ length: 15 }, (_, i) => login(u.email, "wrong password", `10.28.0.${i}`)));
    expect((await login(u.email, PASSWORD, "10.29.0.1")).statusCode).toBe(429);
    expect((await requestReset(u.email, "10.29.0.1")).statusCode).toBe(202);
    const [mail] = await resetMails(u.email);
    const done = await confirmReset(tokenOf(mail), "a fresh long password", "10.29.0.1");
    expect(done.statusCode).toBe(204);
    // The browser that reset the password is now a known device; any browser gets in too (the account limit is cleared).
    expect(deviceCookie(done)).toBeTruthy();
    // Whoever knew the old password loses their known devices: only the resetting browser is left.
    const devices = await t.database.db.select().from(authDevices).where(eq(authDevices.userId, u.userId));
    expect(devices.map((d) => d.id)).toEqual([sha256(deviceCookie(done)!)]);
    expect((await login(u.email, "a fresh long password", "10.29.0.2")).statusCode).toBe(200);
  });
});

describe("proxy trust", () => {
  it("reads BATON_TRUST_PROXY as off, a hop count or a list of proxy addresses", () => {
    const tp = (v?: string) => loadConfig(v === undefined ? {} : { BATON_TRUST_PROXY: v }).trustProxy;
    expect(tp()).toBe(false);
    expect(tp("0")).toBe(false);
    expect(tp("false")).toBe(false);
    expect(tp("1")).toBe(1);
    expect(tp("true")).toBe(1);
    expect(tp("2")).toBe(2);
    expect(tp("10.0.0.1, 192.168.0.0/16 ,::1")).toEqual(["10.0.0.1", "192.168.0.0/16", "::1"]);
    expect(() => tp("proxy.example")).toThrow(/BATON_TRUST_PROXY/);
    expect(() => tp("10.0.0.0/33")).toThrow(/BATON_TRUST_PROXY/);
  });

  const behind = async (env: string, xff: (i: number) => string, expectIp: string) => {
    const p = await createTestApp({ env: { BATON_TRUST_PROXY: env } });
    try {
      const c = await setupOwner(p.app);
      const email = c.session.user.email;
      const at = (i: number, password: string) =>
        p.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email, password },
          remoteAddress: "10.0.0.1",
          headers: { "x-forwarded-for": xff(i) },
        });
      // Each attempt claims another client address in the part of X-Forwarded-For the client writes.
      for (let i = 0; i < 5; i++) expect((await at(i, "wrong password")).statusCode).toBe(401);
      expect((await at(5, PASSWORD)).statusCode).toBe(429);
      const ips = await p.database.db
        .selectDistinct({ ip: loginAttempts.ip })
        .from(loginAttempts)
        .where(eq(loginAttempts.email, email));
      expect(ips).toEqual([{ ip: expectIp }]);
    } finally {
      await p.close();
    }
  };

  it("BATON_TRUST_PROXY=1: the proxy's own entry (rightmost) is the client; spoofed entries change nothing", () =>
    behind("1", (i) => `203.0.113.${i}, 198.51.100.7`, "198.51.100.7"));

  it("BATON_TRUST_PROXY=2: two hops", () =>
    behind("2", (i) => `203.0.113.${i}, 198.51.100.8, 10.0.0.2`, "198.51.100.8"));

  it("BATON_TRUST_PROXY=10.0.0.0/8: only listed proxies are skipped", () =>
    behind("10.0.0.0/8", (i) => `203.0.113.${i}, 198.51.100.9, 10.0.0.2`, "198.51.100.9"));
});

describe("password reset", () => {
  it("a newer link revokes the older one", async () => {
    const u = await newUser();
    await requestReset(u.email);
    t.clock.advance(6 * 60_000);
    await requestReset(u.email);
    const [first, second] = await resetMails(u.email);
    expect(second).toBeDefined();
    const old = await confirmReset(tokenOf(first), "old link new password");
    expect(old.statusCode).toBe(400);
    expect(errorOf(old).fields).toHaveProperty("token");
    expect((await confirmReset(tokenOf(second), "new link new password")).statusCode).toBe(204);
    expect((await login(u.email, "new link new password", "10.30.0.1")).statusCode).toBe(200);
  });

  it("using one link revokes every other outstanding link of the user", async () => {
    const u = await newUser();
    await requestReset(u.email);
    t.clock.advance(6 * 60_000);
    await requestReset(u.email);
    const [first, second] = await resetMails(u.email);
    expect((await confirmReset(tokenOf(second), "second link password")).statusCode).toBe(204);
    expect((await confirmReset(tokenOf(first), "first link password")).statusCode).toBe(400);
    expect((await login(u.email, "second link password", "10.31.0.1")).statusCode).toBe(200);
  });

  it("two parallel uses of one link: exactly one succeeds", async () => {
    const u = await newUser();
    await requestReset(u.email);
    const [mail] = await resetMails(u.email);
    const rs = await Promise.all(
      ["parallel password one", "parallel password two", "parallel password three"].map((p) =>
        confirmReset(tokenOf(mail), p),
      ),
    );
    expect(statuses(rs)).toEqual({ 204: 1, 400: 2 });
  });

  it("20 requests in a row queue 1 mail per 5 minutes and at most 5 a day, answering the same every time", async () => {
    const u = await newUser();
    const rs = [];
    for (let i = 0; i < 20; i++) rs.push(await requestReset(u.email, `10.32.0.${i}`));
    expect(new Set(rs.map((r) => `${r.statusCode} ${r.body}`))).toEqual(new Set(['202 {"ok":true}']));
    expect(await resetMails(u.email)).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      t.clock.advance(5 * 60_000 + 1);
      for (let j = 0; j < 3; j++) await requestReset(u.email, `10.33.${i}.${j}`);
    }
    expect(await resetMails(u.email)).toHaveLength(5);
    t.clock.advance(DAY);
    await requestReset(u.email, "10.34.0.1");
    expect(await resetMails(u.email)).toHaveLength(6);
  });

  it("20 parallel requests for one address queue 1 mail", async () => {
    const u = await newUser();
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => requestReset(u.email, `10.35.0.${i}`)));
    expect(statuses(rs)).toEqual({ 202: 20 });
    expect(await resetMails(u.email)).toHaveLength(1);
  });

  it("parallel requests from one address for many accounts: at most 10 mails an hour", async () => {
    const us = [];
    for (let i = 0; i < 14; i++) us.push(await newUser());
    const rs = await Promise.all(us.map((u) => requestReset(u.email, "10.36.0.1")));
    expect(statuses(rs)).toEqual({ 202: 14 });
    const sent = (await Promise.all(us.map((u) => resetMails(u.email)))).flat();
    expect(sent).toHaveLength(10);
    const unsent = [];
    for (const u of us) if ((await resetMails(u.email)).length === 0) unsent.push(u);
    expect(unsent).toHaveLength(4);
    t.clock.advance(HOUR + 1);
    await requestReset(unsent[0].email, "10.36.0.1");
    expect(await resetMails(unsent[0].email)).toHaveLength(1);
  });

  it("unknown addresses get the same answer and no mail", async () => {
    const ghost = uniqueEmail("ghost");
    const a = await requestReset(ghost);
    const u = await newUser();
    const b = await requestReset(u.email);
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    expect(await resetMails(ghost)).toHaveLength(0);
  });
});

describe("invitation accept under parallel requests", () => {
  it("4 parallel accepts of one invitation: one succeeds, one account", async () => {
    const email = uniqueEmail("invitee");
    const inv = await owner.ok(
      "POST",
      `/api/v1/workspaces/${owner.wid}/invitations`,
      { email, role: "viewer" },
      201,
    );
    const rs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/invitations/accept",
          payload: { token: inv.token, name: `Invitee ${i}`, password: PASSWORD },
        }),
      ),
    );
    expect(rs.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(rs.filter((r) => r.statusCode >= 500)).toHaveLength(0);
    const [{ n }] = await t.database.db.select({ n: count() }).from(users).where(eq(users.email, email));
    expect(n).toBe(1);
  });
});

describe("first-run set-up under parallel requests", () => {
  it("8 parallel set-ups create exactly one owner", async () => {
    const f = await createTestApp();
    try {
      const rs = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          f.app.inject({
            method: "POST",
            url: "/api/v1/setup",
            payload: {
              name: `Owner ${i}`,
              email: uniqueEmail("race"),
              password: PASSWORD,
              workspaceName: `W${i}`,
            },
          }),
        ),
      );
      expect(statuses(rs)).toEqual({ 201: 1, 409: 7 });
      const [{ n }] = await f.database.db.select({ n: count() }).from(users);
      expect(n).toBe(1);
      const ws = await execRows<{ n: number }>(f.database.db, sql`SELECT count(*)::int AS n FROM workspaces`);
      expect(ws[0].n).toBe(1);
    } finally {
      await f.close();
    }
  });
});
