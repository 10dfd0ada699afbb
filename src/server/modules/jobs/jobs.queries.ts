import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { jobs } from "../../db/schema.ts";

export interface JobRow {
  id: string;
  workspaceId: string | null;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

type NewJob = { workspaceId: string | null; kind: string; key: string; runAt: string; payload: unknown };

/** Schedules jobs in one statement; a job with the same key is rescheduled instead (and re-armed if it already ran). */
export const upsertJobs = (db: Db, js: NewJob[]) =>
  rawRows(
    db,
    `INSERT INTO jobs (workspace_id, kind, key, run_at, payload)
     SELECT j."workspaceId", j.kind, j.key, j."runAt", j.payload
     FROM jsonb_to_recordset($1::jsonb) AS j("workspaceId" uuid, kind text, key text, "runAt" timestamptz, payload jsonb)
     ON CONFLICT (key) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload, done_at = NULL,
       attempts = 0, last_error = NULL, locked_until = NULL`,
    [JSON.stringify(js)],
  );

/** Wakes the job runners of every instance once the caller's transaction commits (NOTIFY is transactional). */
export const notifyJobs = (db: Db) => rawRows(db, "SELECT pg_notify('baton_jobs', '')", []);
export const JOBS_CHANNEL = "baton_jobs";

export const cancelJob = (db: Db, key: string) =>
  rawRows(
    db,
    "UPDATE jobs SET done_at = now(), last_error = 'cancelled' WHERE key = $1 AND done_at IS NULL",
    [key],
  );

/** Claims due jobs for `claimMs` (a minute by default); other instances skip the locked rows. */
export const claimDueJobs = (db: Db, now: string, limit: number, claimMs: number) =>
  rawRows<JobRow>(
    db,
    `UPDATE jobs SET locked_until = $1::timestamptz + $3::int * interval '1 millisecond', attempts = attempts + 1
     WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $1
       AND (locked_until IS NULL OR locked_until < $1) ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, workspace_id AS "workspaceId", kind, key, payload, attempts`,
    [now, limit, claimMs],
  );

/** SQL condition: a job of `kind` whose payload's `field` is `subject` has not finished (waiting or running). */
export const pendingJobFor = (kind: string, field: string, subject: PgColumn | SQL) =>
  sql`EXISTS (SELECT 1 FROM ${jobs} WHERE ${jobs.doneAt} IS NULL AND ${jobs.kind} = ${kind}
    AND ${jobs.payload}->>${field} = ${subject}::text)`;

/** Deletes the pending jobs of `kind` nobody is running whose payload's `field` is one of `values`. */
export const deletePendingJobs = (db: Db, kind: string, field: string, values: string[], now: string) =>
  rawRows(
    db,
    `DELETE FROM jobs WHERE kind = $1 AND done_at IS NULL AND (locked_until IS NULL OR locked_until < $4)
       AND payload->>$2 = ANY($3::text[])`,
    [kind, field, values, now],
  );

export const finishJob = (db: Db, id: string) =>
  rawRows(db, "UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1", [id]);

export const failJob = (db: Db, id: string, error: string, retryAt: string, give_up: boolean) =>
  rawRows(
    db,
    `UPDATE jobs SET last_error = $2, locked_until = NULL, run_at = $3, done_at = CASE WHEN $4 THEN now() ELSE NULL END
     WHERE id = $1`,
    [id, error.slice(0, 2000), retryAt, give_up],
  );

/** Deletes up to `limit` jobs that finished (done or given up) before `before`; returns how many went. */
export const deleteFinishedJobs = async (db: Db, before: string, limit: number) =>
  (
    await rawRows<{ n: number }>(
      db,
      `WITH gone AS (DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE done_at < $1 LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    )
  )[0]!.n;
