import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "./test/db.ts";
import { type Running, startBaton } from "./test/spawn.ts";

/** The real binary in a child process: crash safety and clean shutdown of the embedded database. */
const dir = mkdtempSync(path.join(os.tmpdir(), "baton-restart-"));
const running: Running[] = [];
afterAll(() => {
  for (const r of running) r.proc.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function json(url: string, init: RequestInit & { cookie?: string; csrf?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.csrf) headers["x-csrf-token"] = init.csrf;
  const res = await fetch(url, { ...init, headers });
  return {
    status: res.status,
    body: await res.json().catch(() => null),
    cookie: res.headers.get("set-cookie"),
  };
}

describe.runIf(TEST_DB_KIND === "pglite")("embedded database durability", () => {
  it("keeps committed data after kill -9, and shuts down cleanly on SIGINT", async () => {
    const env = { BATON_DATA_DIR: dir };
    const first = await startBaton(env);
    running.push(first);
    const setup = await json(`${first.url}/api/v1/setup`, {
      method: "POST",
      body: JSON.stringify({
        name: "Kim",
        email: "kim@example.test",
        password: "long enough pw",
        workspaceName: "Durable",
      }),
    });
    expect(setup.status).toBe(201);
    const cookie = setup.cookie!.split(";")[0];
    const wid = setup.body.workspaces[0].id;
    const names = ["Alpha", "Beta", "Gamma ✓"];
    for (const name of names) {
      const r = await json(`${first.url}/api/v1/workspaces/${wid}/products`, {
        method: "POST",
        body: JSON.stringify({ name }),
        cookie,
        csrf: setup.body.csrfToken,
      });
      expect(r.status).toBe(201);
    }
    first.proc.kill("SIGKILL");
    await first.exited;
    expect(existsSync(path.join(dir, "baton.pid"))).toBe(true); // stale lock left by the crash

    const second = await startBaton(env);
    running.push(second);
    const list = await json(`${second.url}/api/v1/workspaces/${wid}/products`, { cookie });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual([...names].sort());

    // A second server on the same directory is refused with a clear message.
    await expect(startBaton(env, 90_000)).rejects.toThrow(/Another Baton \(pid \d+\) is using/);

    second.proc.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(existsSync(path.join(dir, "baton.pid"))).toBe(false);

    const third = await startBaton(env);
    running.push(third);
    const health = await json(`${third.url}/api/v1/health`);
    expect(health.body).toMatchObject({ database: "pglite", setupRequired: false });
    third.proc.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  }, 180_000);
});

describe.runIf(TEST_DB_KIND === "postgres")("several instances on one PostgreSQL", () => {
  it("migrate once under the advisory lock when started together, and share state", async () => {
    // An empty database: no migrations yet, so both instances race to apply them.
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `baton_multi_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    try {
      const [a, b] = await Promise.all([
        startBaton({ DATABASE_URL: u.toString() }),
        startBaton({ DATABASE_URL: u.toString() }),
      ]);
      running.push(a, b);
      const setup = await json(`${a.url}/api/v1/setup`, {
        method: "POST",
        body: JSON.stringify({
          name: "Kim",
          email: "kim@example.test",
          password: "long enough pw",
          workspaceName: "Shared",
        }),
      });
      expect(setup.status).toBe(201);
      const viaB = await json(`${b.url}/api/v1/auth/session`, { cookie: setup.cookie!.split(";")[0] });
      expect(viaB.body.user.email).toBe("kim@example.test");
      const check = new pg.Client({ connectionString: u.toString() });
      await check.connect();
      const { rows } = await check.query("SELECT count(*)::int AS n FROM baton_migrations");
      await check.end();
      expect(rows[0].n).toBeGreaterThan(0);
      for (const r of [a, b]) {
        r.proc.kill("SIGTERM");
        expect(await r.exited).toBe(0);
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});

describe.runIf(TEST_DB_KIND === "pglite")("durable jobs", () => {
  it("closes a round at its deadline through the durable job, even when the server crashed before it", async () => {
    const jobsDir = mkdtempSync(path.join(os.tmpdir(), "baton-jobs-"));
    try {
      const env = { BATON_DATA_DIR: jobsDir, BATON_JOB_POLL_MS: "200" };
      const first = await startBaton(env);
      running.push(first);
      const setup = await json(`${first.url}/api/v1/setup`, {
        method: "POST",
        body: JSON.stringify({
          name: "Kim",
          email: "kim@example.test",
          password: "long enough pw",
          workspaceName: "Jobs",
        }),
      });
      const auth = { cookie: setup.cookie!.split(";")[0], csrf: setup.body.csrfToken };
      const w = `${first.url}/api/v1/workspaces/${setup.body.workspaces[0].id}`;
      const post = (url: string, body: unknown) =>
        json(url, { method: "POST", body: JSON.stringify(body), ...auth });
      const product = (await post(`${w}/products`, { name: "P" })).body;
      const idea = (await post(`${w}/products/${product.id}/ideas`, { title: "I" })).body;
      const deadline = new Date(Date.now() + 2500).toISOString();
      const round = await post(`${w}/rounds`, {
        productId: product.id,
        name: "Short",
        ideaIds: [idea.id],
        voterIds: [setup.body.user.id],
        deadline,
      });
      expect(round.status).toBe(201);
      first.proc.kill("SIGKILL");
      await first.exited;
      await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now()) + 200));

      const second = await startBaton(env);
      running.push(second);
      const base = `${second.url}/api/v1/workspaces/${setup.body.workspaces[0].id}`;
      // The list does not close rounds lazily: only the job can have closed it.
      let status = "open";
      for (let i = 0; i < 50 && status === "open"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await json(`${base}/rounds`, auth)).body.items[0].status;
      }
      expect(status).toBe("closed");
      const detail = await json(`${base}/rounds/${round.body.id}`, auth);
      expect(detail.body).toMatchObject({ status: "closed", closeReason: "deadline" });
      second.proc.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(jobsDir, { recursive: true, force: true });
    }
  }, 180_000);
});
