import type { Database, Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { cancelJob, claimDueJobs, failJob, finishJob, type JobRow, upsertJobs } from "./jobs.queries.ts";

/**
 * Durable scheduled work in a jobs table: survives restarts, and several instances share it
 * (FOR UPDATE SKIP LOCKED). A handler runs in a transaction with the job's completion.
 */
export type JobHandler = ((db: Db, job: JobRow, clock: Clock) => Promise<void>) & {
  /** Runs on the database, not in the job's transaction (network I/O such as SMTP must not hold one). */
  outsideTransaction?: boolean;
};
export type JobHandlers = Record<string, JobHandler>;

/**
 * Marks a handler that runs outside the job's transaction: it must be safe to run again (the job is
 * marked done after it returns, so a crash in between runs it once more after the claim expires).
 */
export const outsideTransaction = (h: JobHandler): JobHandler =>
  Object.assign(h, { outsideTransaction: true });

type ScheduledJob = {
  workspaceId: string | null;
  kind: string;
  key: string;
  runAt: string;
  payload?: unknown;
};

export const scheduleJob = (db: Db, j: ScheduledJob) => scheduleJobs(db, [j]);

/** Schedules several jobs in one statement (their keys must differ). */
export const scheduleJobs = async (db: Db, js: ScheduledJob[]) => {
  if (js.length)
    await upsertJobs(
      db,
      js.map((j) => ({ ...j, payload: j.payload ?? {} })),
    );
};

export const unscheduleJob = (db: Db, key: string) => cancelJob(db, key);

const MAX_ATTEMPTS = 8;
/** How long a claim lasts (jobs.queries claimDueJobs), and how much of it must be left to start a job. */
const CLAIM_MS = 60_000;
const START_MARGIN_MS = 40_000;

/** Runs every due job once; returns how many ran. Failures retry with backoff (1, 4, 9 … minutes). */
export async function runDueJobs(db: Db, clock: Clock, handlers: JobHandlers, limit = 20): Promise<number> {
  const now = clock.now();
  const jobs = await claimDueJobs(db, now.toISOString(), limit);
  for (const job of jobs) {
    // Slow jobs earlier in the batch: leave the rest to a later round (after their claim expires)
    // rather than run one another instance may have claimed again meanwhile.
    if (clock.now().getTime() > now.getTime() + CLAIM_MS - START_MARGIN_MS) break;
    try {
      const handler = handlers[job.kind];
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      if (handler.outsideTransaction) {
        await handler(db, job, clock);
        await finishJob(db, job.id);
      } else {
        await db.transaction(async (tx) => {
          await handler(tx, job, clock);
          await finishJob(tx, job.id);
        });
      }
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
