import { and, asc, desc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { competitorChanges, competitors, monitorSnapshots, monitors } from "../../db/schema.competitors.ts";
import { dueAndFree, leaseFree } from "../../lib/lease.queries.ts";
import { pendingJobFor } from "../jobs/jobs.queries.ts";

export type MonitorRow = typeof monitors.$inferSelect;
export type NewMonitorRow = typeof monitors.$inferInsert;

const one = (workspaceId: string, id: string) =>
  and(eq(monitors.workspaceId, workspaceId), eq(monitors.id, id));

/** A competitor's monitors, oldest first (a competitor has a handful; capped). */
export const selectMonitors = (db: Db, workspaceId: string, competitorId: string) =>
  db
    .select()
    .from(monitors)
    .where(and(eq(monitors.workspaceId, workspaceId), eq(monitors.competitorId, competitorId)))
    .orderBy(asc(monitors.createdAt), asc(monitors.id))
    .limit(500);

export const selectMonitor = async (
  db: Db,
  workspaceId: string,
  id: string,
): Promise<MonitorRow | undefined> => (await db.select().from(monitors).where(one(workspaceId, id)))[0];

/** Whether the last check failed (what the overview's "failing" filter and count mean). */
const failing = sql`(${monitors.enabled} AND ${monitors.consecutiveFailures} > 0)`;

/** A page of the workspace's monitors with their competitor's name, oldest first, after the keyset `after`. */
export const selectOverview = (
  db: Db,
  workspaceId: string,
  after: { at: string; id: string } | null,
  limit: number,
  onlyFailing: boolean,
) => {
  const rest: SQL | undefined = after
    ? sql`(${monitors.createdAt}, ${monitors.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`
    : undefined;
  return db
    .select({ ...getTableColumns(monitors), competitorName: competitors.name })
    .from(monitors)
    .innerJoin(
      competitors,
      and(eq(competitors.workspaceId, monitors.workspaceId), eq(competitors.id, monitors.competitorId)),
    )
    .where(and(eq(monitors.workspaceId, workspaceId), rest, onlyFailing ? failing : undefined))
    .orderBy(asc(monitors.createdAt), asc(monitors.id))
    .limit(limit + 1);
};

/**
 * Makes the enabled monitors that are not yet due (all of the workspace's, or one competitor's) due at `now`, and
 * returns their ids (the caller queues their checks); so too those due with no `jobKind` job waiting to check
 * them. A monitor whose site answered "too many requests" keeps the wait it asked for (Retry-After): checking it
 * now would ask again too soon.
 */
export const makeDueNow = async (
  db: Db,
  workspaceId: string,
  competitorId: string | null,
  now: string,
  jobKind: string,
) =>
  db
    .update(monitors)
    .set({ nextCheckAt: now })
    .where(
      and(
        eq(monitors.workspaceId, workspaceId),
        competitorId ? eq(monitors.competitorId, competitorId) : undefined,
        monitors.enabled,
        // Not due yet, or due with no check queued (stranded: nothing would ever check it).
        sql`(${monitors.nextCheckAt} > ${now}::timestamptz OR NOT ${pendingJobFor(jobKind, "monitorId", monitors.id)})`,
        sql`NOT (${monitors.consecutiveFailures} > 0 AND ${monitors.lastErrorCode} IS NOT DISTINCT FROM 'rate_limited')`,
      ),
    )
    .returning({ id: monitors.id });

/**
 * The overview's counts at `now`: every monitor, the failing and paused ones, those due (enabled, their check time
 * come: queued or being checked) and those being checked (leased).
 */
export const countOverview = async (db: Db, workspaceId: string, now: string) =>
  (
    await db
      .select({
        total: sql<number>`count(*)::int`,
        failing: sql<number>`(count(*) FILTER (WHERE ${failing}))::int`,
        paused: sql<number>`(count(*) FILTER (WHERE NOT ${monitors.enabled}))::int`,
        due: sql<number>`(count(*) FILTER (WHERE ${monitors.enabled} AND ${monitors.nextCheckAt} <= ${now}::timestamptz))::int`,
        checking: sql<number>`(count(*) FILTER (WHERE ${monitors.enabled} AND ${monitors.leaseUntil} > ${now}::timestamptz))::int`,
      })
      .from(monitors)
      .where(eq(monitors.workspaceId, workspaceId))
  )[0]!;

export const insertMonitorRow = async (db: Db, row: NewMonitorRow) =>
  (await db.insert(monitors).values(row).returning({ id: monitors.id }))[0]!;

/**
 * Sets the check state of a monitor that is still due at `now` and not being checked, without counting a check
 * (a given-up job re-arms it); false when it is not (checked since, or being checked).
 */
export const rearmDueMonitor = async (
  db: Db,
  workspaceId: string,
  id: string,
  now: Date,
  set: Partial<NewMonitorRow>,
) =>
  (
    await db
      .update(monitors)
      .set(set)
      .where(and(one(workspaceId, id), dueAndFree(monitors.nextCheckAt, monitors.leaseUntil, now)))
      .returning({ id: monitors.id })
  ).length > 0;

/** Updates a monitor's settings if it still has `version` (then bumps it). */
export const updateMonitorRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<NewMonitorRow>,
) =>
  (
    await db
      .update(monitors)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${monitors.version} + 1` })
      .where(and(one(workspaceId, id), eq(monitors.version, version)))
      .returning({ id: monitors.id })
  ).length > 0;

export const deleteMonitorRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(monitors).where(one(workspaceId, id));

/**
 * Takes the monitor's check lease when nobody holds it (or theirs expired); `dueBy` also requires it to be enabled
 * and due. Returns the monitor as it was when taken, or nothing.
 */
export const takeLease = async (
  db: Db,
  workspaceId: string,
  id: string,
  now: Date,
  until: Date,
  dueBy: Date | null,
) =>
  (
    await db
      .update(monitors)
      .set({ leaseUntil: until.toISOString() })
      .where(
        and(
          one(workspaceId, id),
          leaseFree(monitors.leaseUntil, now),
          dueBy
            ? and(eq(monitors.enabled, true), sql`${monitors.nextCheckAt} <= ${dueBy.toISOString()}`)
            : undefined,
        ),
      )
      .returning()
  )[0];

/** Extends a lease this check still holds (false: it expired and someone else may have it). */
export const renewLease = async (db: Db, workspaceId: string, id: string, held: string, until: Date) =>
  (
    await db
      .update(monitors)
      .set({ leaseUntil: until.toISOString() })
      .where(and(one(workspaceId, id), eq(monitors.leaseUntil, held)))
      .returning({ leaseUntil: monitors.leaseUntil })
  )[0]?.leaseUntil ?? null;

/** Records a check's outcome and gives the lease back (state columns only: the version stays). */
export const finishCheckRow = (db: Db, workspaceId: string, id: string, set: Partial<NewMonitorRow>) =>
  db
    .update(monitors)
    .set({ ...set, leaseUntil: null, checks: sql`${monitors.checks} + 1` })
    .where(one(workspaceId, id));

/** The monitor's latest snapshot: its hash and text length (the text itself only when a change is diffed). */
export const selectLatestSnapshot = async (db: Db, workspaceId: string, monitorId: string) =>
  (
    await db
      .select({
        id: monitorSnapshots.id,
        contentHash: monitorSnapshots.contentHash,
        length: sql<number>`length(${monitorSnapshots.text})::int`,
      })
      .from(monitorSnapshots)
      .where(and(eq(monitorSnapshots.workspaceId, workspaceId), eq(monitorSnapshots.monitorId, monitorId)))
      .orderBy(desc(monitorSnapshots.fetchedAt), desc(monitorSnapshots.id))
      .limit(1)
  )[0];

/** A snapshot's text (the side of a diff). */
export const selectSnapshotText = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select({ text: monitorSnapshots.text })
      .from(monitorSnapshots)
      .where(and(eq(monitorSnapshots.workspaceId, workspaceId), eq(monitorSnapshots.id, id)))
  )[0]?.text ?? "";

export const insertSnapshot = async (db: Db, row: typeof monitorSnapshots.$inferInsert) =>
  (await db.insert(monitorSnapshots).values(row).returning({ id: monitorSnapshots.id }))[0]!;

export const insertChange = async (db: Db, row: typeof competitorChanges.$inferInsert) =>
  (await db.insert(competitorChanges).values(row).returning({ id: competitorChanges.id }))[0]!;

/** Snapshots of a monitor, newest first (tests and the history). */
export const countSnapshots = async (db: Db, workspaceId: string, monitorId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(monitorSnapshots)
      .where(and(eq(monitorSnapshots.workspaceId, workspaceId), eq(monitorSnapshots.monitorId, monitorId)))
  )[0]!.n;
