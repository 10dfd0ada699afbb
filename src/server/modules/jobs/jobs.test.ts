import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { migrate } from "../../db/migrate.ts";
import { manualClock, systemClock } from "../../lib/clock.ts";
import { createTestDatabase } from "../../test/db.ts";
import {
  type JobHandlers,
  KEEP_FINISHED_MS,
  MAX_ATTEMPTS,
  outsideTransaction,
  purgeFinishedJobs,
  runDueJobs,
  scheduleJob,
  startJobRunner,
  withGiveUp,
} from "./jobs.service.ts";

/** The durable job runner: woken on commit by NOTIFY, never by a rolled-back change; network jobs overlap. */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database);
});
afterAll(() => database.close());

const key = (s: string) => `test:${s}:${Math.random().toString(36).slice(2)}`;

describe("job runner", () => {
  it("runs a job scheduled in a committed transaction at once, long before its next poll", async () => {
    const ran: string[] = [];
    const handlers: JobHandlers = {
      "test.echo": async (_db, job) => void ran.push(job.payload.tag as string),
    };
    const runner = startJobRunner(database, systemClock, handlers, 600_000);
    try {
      await new Promise((r) => setTimeout(r, 300)); // the first tick (at start) is over
      const k = key("rolled-back");
      await database.db
        .transaction(async (tx) => {
          await scheduleJob(tx, {
            workspaceId: null,
            kind: "test.echo",
            key: k,
            runAt: new Date().toISOString(),
            payload: { tag: "rolled back" },
          });
          throw new Error("abort");
        })
        .catch(() => undefined);
      const started = Date.now();
      await database.db.transaction((tx) =>
        scheduleJob(tx, {
          workspaceId: null,
          kind: "test.echo",
          key: key("now"),
          runAt: new Date().toISOString(),
          payload: { tag: "committed" },
        }),
      );
      while (!ran.length && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
      // The poll is 10 minutes away: only the NOTIFY of the committed transaction can have run it.
      expect(ran).toEqual(["committed"]);
    } finally {
      await runner.stop();
    }
  });

  it("overlaps jobs that run outside a transaction, at most 8 at a time", async () => {
    let running = 0;
    let peak = 0;
    const handlers: JobHandlers = {
      "test.slow": outsideTransaction(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 50));
        running--;
      }),
    };
    const at = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 20; i++)
      await scheduleJob(database.db, {
        workspaceId: null,
        kind: "test.slow",
        key: key(`slow${i}`),
        runAt: at,
      });
    expect(await runDueJobs(database.db, systemClock, handlers)).toBe(20);
    expect(peak).toBe(8);
    expect(running).toBe(0);
  });
});

describe("a failing job", () => {
  it("is retried after 1, 4, 9 … minutes, then given up once: its give-up hook runs once, with the error", async () => {
    const clock = manualClock(new Date("2026-03-02T09:00:00Z"));
    const runs: number[] = [];
    const gaveUp: string[] = [];
    const handlers: JobHandlers = {
      "test.broken": withGiveUp(
        async (_db, job) => {
          runs.push(job.attempts);
          throw new Error(`broken #${job.attempts}`);
        },
        async (_db, job, _clock, e) => void gaveUp.push(`${job.payload.tag}: ${(e as Error).message}`),
      ),
    };
    const k = key("broken");
    await scheduleJob(database.db, {
      workspaceId: null,
      kind: "test.broken",
      key: k,
      runAt: clock.now().toISOString(),
      payload: { tag: "feed" },
    });
    const waits: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const [row] = await rawRows<{ runAt: number }>(
        database.db,
        'SELECT (extract(epoch FROM run_at) * 1000)::float8 AS "runAt" FROM jobs WHERE key = $1',
        [k],
      );
      waits.push((row!.runAt - clock.now().getTime()) / 60_000);
      clock.set(new Date(row!.runAt));
      // A minute early: nothing runs.
      if (i > 0) {
        clock.advance(-60_000);
        expect(await runDueJobs(database.db, clock, handlers)).toBe(0);
        clock.advance(60_000);
      }
      expect(await runDueJobs(database.db, clock, handlers)).toBe(1);
    }
    expect(runs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(waits).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
    expect(gaveUp).toEqual(["feed: broken #8"]);
    // Given up: it never runs again, and keeps its last error.
    clock.advance(365 * 24 * 3600_000);
    expect(await runDueJobs(database.db, clock, handlers)).toBe(0);
    const [done] = await rawRows<{ lastError: string; finished: boolean }>(
      database.db,
      'SELECT last_error AS "lastError", done_at IS NOT NULL AS finished FROM jobs WHERE key = $1',
      [k],
    );
    expect(done!.finished).toBe(true);
    expect(done!.lastError).toContain("broken #8");
  });
});

describe("finished jobs", () => {
  it("are deleted a week after they finished (done or given up), never while pending; the key can be scheduled again", async () => {
    const now = new Date("2031-03-10T12:00:00Z");
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const keys = {
      old: key("old"),
      oldFailed: key("old-failed"),
      recent: key("recent"),
      pending: key("pending"),
    };
    for (const k of Object.values(keys))
      await scheduleJob(database.db, {
        workspaceId: null,
        kind: "test.none",
        key: k,
        runAt: ago(30 * 86400_000),
      });
    const finish = (k: string, at: string, error: string | null) =>
      rawRows(database.db, "UPDATE jobs SET done_at = $2, last_error = $3 WHERE key = $1", [k, at, error]);
    await finish(keys.old, ago(KEEP_FINISHED_MS + 60_000), null);
    await finish(keys.oldFailed, ago(KEEP_FINISHED_MS + 1), "gave up");
    await finish(keys.recent, ago(KEEP_FINISHED_MS - 60_000), null);
    const left = async () =>
      (
        await rawRows<{ key: string }>(database.db, "SELECT key FROM jobs WHERE key = ANY($1) ORDER BY key", [
          Object.values(keys),
        ])
      ).map((r) => r.key);
    const deleted = await purgeFinishedJobs(database.db, manualClock(now));
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await left()).toEqual([keys.pending, keys.recent].sort());
    // A purged key schedules afresh.
    await scheduleJob(database.db, { workspaceId: null, kind: "test.none", key: keys.old, runAt: ago(0) });
    expect(await left()).toEqual([keys.old, keys.pending, keys.recent].sort());
    await rawRows(database.db, "DELETE FROM jobs WHERE key = ANY($1)", [Object.values(keys)]);
  });
});
