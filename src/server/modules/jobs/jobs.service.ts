import type { Database, Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { cancelJob, claimDueJobs, failJob, finishJob, type JobRow, upsertJob } from "./jobs.queries.ts";

/**
 * Durable scheduled work in a jobs table: survives restarts, and several instances share it
 * (FOR UPDATE SKIP LOCKED). A handler runs in a transaction with the job's completion.
 */
export type JobHandler = (db: Db, job: JobRow, clock: Clock) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export const scheduleJob = (
  db: Db,
  j: { workspaceId: string | null; kind: string; key: string; runAt: string; payload?: unknown },
) => upsertJob(db, { ...j, payload: j.payload ?? {} });

export const unscheduleJob = (db: Db, key: string) => cancelJob(db, key);

const MAX_ATTEMPTS = 8;

/** Runs every due job once; returns how many ran. Failures retry with backoff (1, 4, 9 … minutes). */
export async function runDueJobs(db: Db, clock: Clock, handlers: JobHandlers, limit = 20): Promise<number> {
  const now = clock.now();
  const jobs = await claimDueJobs(db, now.toISOString(), limit);
  for (const job of jobs) {
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await db.transaction(async (tx) => {
        await handler(tx, job, clock);
        await finishJob(tx, job.id);
      });
    } catch (e) {
      const retry = new Date(now.getTime() + job.attempts ** 2 * 60_000).toISOString();
      await failJob(db, job.id, String((e as Error)?.stack ?? e), retry, job.attempts >= MAX_ATTEMPTS);
    }
  }
  return jobs.length;
}

/** Polls for due jobs every `intervalMs` until stopped. */
export function startJobRunner(database: Database, clock: Clock, handlers: JobHandlers, intervalMs: number) {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      while (!stopped && (await runDueJobs(database.db, clock, handlers)) > 0) {}
    } catch (e) {
      console.error("job runner:", e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
