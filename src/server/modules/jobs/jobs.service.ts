import type { Database, Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import {
  cancelJob,
  claimDueJobs,
  deleteFinishedJobs,
  deletePendingJobs,
  failJob,
  finishJob,
  JOBS_CHANNEL,
  type JobRow,
  notifyJobs,
  upsertJobs,
} from "./jobs.queries.ts";

/**
 * Durable scheduled work in a jobs table: survives restarts, and several instances share it
 * (FOR UPDATE SKIP LOCKED). A handler runs in a transaction with the job's completion.
 */
export type JobHandler = ((db: Db, job: JobRow, clock: Clock) => Promise<void>) & {
  /** Runs on the database, not in the job's transaction (network I/O such as SMTP must not hold one). */
  outsideTransaction?: boolean;
  /**
   * Runs once when the job fails for the last time (recurring work re-arms itself here: a monitor whose check
   * keeps failing inside Baton must not stop being checked). Its own failure is logged, never retried.
   */
  onGiveUp?: (db: Db, job: JobRow, clock: Clock, error: unknown) => Promise<void>;
};
export type JobHandlers = Record<string, JobHandler>;

/**
 * Marks a handler that runs outside the job's transaction: it must be safe to run again (the job is
 * marked done after it returns, so a crash in between runs it once more after the claim expires).
 */
export const outsideTransaction = (h: JobHandler): JobHandler =>
  Object.assign(h, { outsideTransaction: true });

/** Gives a handler its last-failure hook (JobHandler.onGiveUp). */
export const withGiveUp = (h: JobHandler, onGiveUp: NonNullable<JobHandler["onGiveUp"]>): JobHandler =>
  Object.assign(h, { onGiveUp });

type ScheduledJob = {
  workspaceId: string | null;
  kind: string;
  key: string;
  runAt: string;
  payload?: unknown;
};

export const scheduleJob = (db: Db, j: ScheduledJob) => scheduleJobs(db, [j]);

/** How soon a job must be due for its scheduling to wake the runners rather than wait for their poll. */
const WAKE_WITHIN_MS = 2_000;

/** Schedules several jobs in one statement (their keys must differ); jobs due now wake the runners on commit. */
export const scheduleJobs = async (db: Db, js: ScheduledJob[]) => {
  if (!js.length) return;
  await upsertJobs(
    db,
    js.map((j) => ({ ...j, payload: j.payload ?? {} })),
  );
  const soon = Date.now() + WAKE_WITHIN_MS;
  if (js.some((j) => new Date(j.runAt).getTime() <= soon)) await notifyJobs(db);
};

export const unscheduleJob = (db: Db, key: string) => cancelJob(db, key);

/**
 * Cancels the pending jobs of `kind` for these subjects (`payload[field]` is one of `ids`), but one running now:
 * work pulled forward replaces the jobs that waited for it.
 */
export const unschedulePending = (db: Db, kind: string, field: string, ids: string[], now: Date) =>
  ids.length ? deletePendingJobs(db, kind, field, ids, now.toISOString()) : undefined;

/** Attempts before a failing job is given up (retried after 1, 4, 9 … 49 minutes). */
export const MAX_ATTEMPTS = 8;
/**
 * How long a claim lasts (a minute; BATON_JOB_CLAIM_MS shortens it for tests that wait for a crashed instance's
 * claim to run out), and how much of it must be left to start a job (two thirds).
 */
const claimMs = () => Number(process.env.BATON_JOB_CLAIM_MS ?? 60_000);

/** Handlers outside a transaction (network I/O such as SMTP) run this many at a time. */
const OUTSIDE_CONCURRENCY = 8;

/** Runs every due job once; returns how many were claimed. Failures retry with backoff (1, 4, 9 … minutes). */
export async function runDueJobs(db: Db, clock: Clock, handlers: JobHandlers, limit = 50): Promise<number> {
  const now = clock.now();
  const claim = claimMs();
  const jobs = await claimDueJobs(db, now.toISOString(), limit, claim);
  // Slow jobs earlier in the batch: leave the rest to a later round (after their claim expires) rather than
  // run one another instance may have claimed again meanwhile.
  const inTime = () => clock.now().getTime() <= now.getTime() + claim / 3;
  const run = async (job: JobRow) => {
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
      const giveUp = job.attempts >= MAX_ATTEMPTS;
      await failJob(db, job.id, String((e as Error)?.stack ?? e), retry, giveUp);
      const onGiveUp = handlers[job.kind]?.onGiveUp;
      if (giveUp && onGiveUp)
        await onGiveUp(db, job, clock, e).catch((err) =>
          console.error(`job ${job.kind}: giving up failed:`, err),
        );
    }
  };
  const outside = jobs.filter((j) => handlers[j.kind]?.outsideTransaction);
  for (const job of jobs.filter((j) => !outside.includes(j))) {
    if (!inTime()) return jobs.length;
    await run(job);
  }
  // Network-bound jobs (mail) overlap their waits; each still starts only within its claim's margin.
  let next = 0;
  const worker = async () => {
    while (next < outside.length && inTime()) await run(outside[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(OUTSIDE_CONCURRENCY, outside.length) }, worker));
  return jobs.length;
}

/** Finished jobs are kept this long (to read their errors), then deleted; re-scheduling a key works either way. */
export const KEEP_FINISHED_MS = 7 * 24 * 3600_000;
const PURGE_EVERY_MS = 3600_000;
const PURGE_BATCH = 1000;

/**
 * Deletes jobs finished more than KEEP_FINISHED_MS ago, in short batches (recurring work such as polling a feed
 * source leaves one finished row per run), awaiting `between` before each (the runner lets PGlite's waiting
 * requests go first: DECISIONS #25). Returns how many were deleted.
 */
export async function purgeFinishedJobs(
  db: Db,
  clock: Clock,
  between: () => Promise<void> = async () => {},
): Promise<number> {
  const before = new Date(clock.now().getTime() - KEEP_FINISHED_MS).toISOString();
  let total = 0;
  for (;;) {
    await between();
    const n = await deleteFinishedJobs(db, before, PURGE_BATCH);
    total += n;
    if (n < PURGE_BATCH) return total;
  }
}

/**
 * Runs due jobs every `intervalMs`, and at once when a transaction that scheduled a due job commits
 * (NOTIFY baton_jobs, on every instance), until stopped.
 */
export function startJobRunner(database: Database, clock: Clock, handlers: JobHandlers, intervalMs: number) {
  let running = false;
  let again = false;
  let stopped = false;
  let purgedAt = Number.NEGATIVE_INFINITY;
  const tick = async () => {
    if (stopped) return;
    if (running) {
      again = true; // woken mid-run: go round once more when done
      return;
    }
    running = true;
    try {
      do {
        again = false;
        while (!stopped && (await runDueJobs(database.db, clock, handlers)) > 0) {}
      } while (again && !stopped);
      if (!stopped && clock.now().getTime() - purgedAt >= PURGE_EVERY_MS) {
        purgedAt = clock.now().getTime();
        await database.inBackground(() =>
          purgeFinishedJobs(database.db, clock, () => database.yieldToInteractive()),
        );
      }
    } catch (e) {
      console.error("job runner:", e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const unlisten = database
    .listen(JOBS_CHANNEL, () => void tick())
    .catch((e) => {
      console.error("job runner: LISTEN failed, polling only:", e);
      return async () => {};
    });
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await (await unlisten)();
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
