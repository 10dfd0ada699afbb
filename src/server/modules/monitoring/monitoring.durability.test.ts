import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "../../test/db.ts";
import { api, apiOk, type Running, startBaton, waitFor, withScratchDatabase } from "../../test/spawn.ts";
import { FakeSite, productPage } from "./test/fake-site.ts";

/**
 * Monitor checks through the real binary against a local fake website: a check killed mid-fetch (kill -9) runs
 * exactly once more after the restart, and two instances sharing one PostgreSQL check a due monitor once and
 * refuse a second "check now" while one runs.
 */
let site: FakeSite;
const running: Running[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  site = await new FakeSite().start();
});
afterAll(async () => {
  for (const r of running) r.proc.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await site.close();
});

/** A loaded machine can take more than a minute to start a Baton. */
const START_MS = 150_000;
const ENV = {
  BATON_FETCH_ALLOW_PRIVATE: "1",
  BATON_FETCH_HOST_DELAY_MS: "0",
  BATON_MONITOR_LEASE_MS: "3000",
  // A killed instance's claim on the check's job runs out in 6 s rather than a minute.
  BATON_JOB_CLAIM_MS: "6000",
  BATON_JOB_POLL_MS: "200",
};

async function seed(base: string, tag: string) {
  const setup = await apiOk(`${base}/api/v1/setup`, "POST", {
    name: "Pat PM",
    email: `pm.${tag}@example.test`,
    password: "long enough pw",
    workspaceName: "Watch",
  });
  const auth = { cookie: setup.cookie, csrf: setup.json.csrfToken as string };
  const w = `${base}/api/v1/workspaces/${setup.json.workspaces[0].id}`;
  const cid = (await apiOk(`${w}/competitors`, "POST", { name: "Acme" }, auth)).json.id as string;
  return { w, cid, auth };
}

describe.runIf(TEST_DB_KIND === "pglite")("a check killed mid-flight", () => {
  it("runs exactly once more after kill -9 and a restart", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-monitor-"));
    dirs.push(dataDir);
    const first = await startBaton({ ...ENV, BATON_DATA_DIR: dataDir }, START_MS);
    running.push(first);
    const s = await seed(first.url, "kill");
    // The page hangs: the first check (due at once) is in flight when the process dies.
    site.html("/killed", productPage(), { delayMs: 3_600_000 });
    const m = (
      await apiOk(
        `${s.w}/competitors/${s.cid}/monitors`,
        "POST",
        { kind: "page", name: "Home", url: `${site.origin}/killed` },
        s.auth,
      )
    ).json;
    await waitFor(() => site.hits("/killed") === 1, 20_000, "the first check to reach the site");
    first.proc.kill("SIGKILL");
    await first.exited;
    site.html("/killed", productPage());

    const second = await startBaton({ ...ENV, BATON_DATA_DIR: dataDir }, START_MS);
    running.push(second);
    const w2 = s.w.replace(first.url, second.url);
    const url = `${w2}/competitors/${s.cid}/monitors/${m.id}`;
    // The killed job's claim (6 s) and its lease (3 s) run out: the check runs again, once.
    let health: { checks: number; lastSuccessAt: string | null } = { checks: 0, lastSuccessAt: null };
    const deadline = Date.now() + 200_000;
    while (!health.lastSuccessAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      health = (await api(url, "GET", undefined, s.auth)).json.health;
    }
    expect(health.lastSuccessAt, second.output()).not.toBeNull();
    await new Promise((r) => setTimeout(r, 2000)); // room for a duplicate to show up
    expect(site.hits("/killed")).toBe(2);
    expect((await api(url, "GET", undefined, s.auth)).json.health).toMatchObject({ checks: 1, state: "ok" });
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 420_000);
});

describe.runIf(TEST_DB_KIND === "postgres")("two instances on one PostgreSQL", () => {
  it("check a due monitor once, and let only one check-now run at a time", async () => {
    await withScratchDatabase("baton_monitor", async (db) => {
      const a = await startBaton({ ...ENV, DATABASE_URL: db, BATON_JOB_POLL_MS: "100" }, START_MS);
      const b = await startBaton({ ...ENV, DATABASE_URL: db, BATON_JOB_POLL_MS: "100" }, START_MS);
      running.push(a, b);
      const s = await seed(a.url, "twin");
      site.html("/twin", productPage(), { delayMs: 300 });
      const m = (
        await apiOk(
          `${s.w}/competitors/${s.cid}/monitors`,
          "POST",
          { kind: "page", name: "Home", url: `${site.origin}/twin` },
          s.auth,
        )
      ).json;
      await waitFor(() => site.hits("/twin") >= 1, 20_000, "the first check");
      await new Promise((r) => setTimeout(r, 2500));
      expect(site.hits("/twin")).toBe(1);
      // Check now on both at once while the page is slow: one runs, the other is told it is busy.
      site.html("/twin", productPage({ tagline: "Now with AI" }), { delayMs: 1500 });
      const onB = s.w.replace(a.url, b.url);
      const results = await Promise.all(
        [s.w, onB].map((w) => api(`${w}/competitors/${s.cid}/monitors/${m.id}/check`, "POST", {}, s.auth)),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 200)!.json.outcome).toBe("changed");
      expect(site.hits("/twin")).toBe(2);
      for (const r of [a, b]) {
        r.proc.kill("SIGTERM");
        expect(await r.exited).toBe(0);
      }
    });
  }, 360_000);
});
