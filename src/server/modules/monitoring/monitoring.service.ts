import {
  type CheckAll,
  type CreateMonitor,
  MONITOR_CONFIG_SCHEMAS,
  type Monitor,
  type MonitorConfig,
  type MonitorKind,
  type MonitorOverviewQuery,
  type UpdateMonitor,
} from "../../../shared/monitoring.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoOrNull, isoTimestamp } from "../../db/schema.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findCompetitor } from "../competitors/competitors.service.ts";
import { scheduleJobs, unschedulePending } from "../jobs/jobs.service.ts";
import {
  countOverview,
  deleteMonitorRow,
  insertMonitorRow,
  type MonitorRow,
  makeDueNow,
  selectMonitor,
  selectMonitors,
  selectOverview,
  updateMonitorRow,
} from "./monitoring.queries.ts";

/** Monitored sources of competitors (docs/COMPETITORS.md "Monitoring"): settings, schedule, health. */

export const CHECK_JOB = "monitor.check";
const MINUTE = 60_000;

/** A monitor as the API shows it, with its health. */
export function toMonitor(r: MonitorRow, now: Date): Monitor {
  const checking = r.leaseUntil !== null && new Date(r.leaseUntil).getTime() > now.getTime();
  const failed = r.lastErrorCode && r.lastErrorAt && r.consecutiveFailures > 0;
  return {
    id: r.id,
    competitorId: r.competitorId,
    kind: r.kind,
    name: r.name,
    url: r.url,
    config: r.config,
    enabled: r.enabled,
    intervalMinutes: r.intervalMinutes,
    thresholdPercent: r.thresholdPercent,
    health: {
      state: !r.enabled ? "paused" : failed ? (r.lastErrorCode as string) : r.lastCheckAt ? "ok" : "pending",
      checking,
      nextCheckAt: r.enabled ? isoTimestamp(r.nextCheckAt) : null,
      lastCheckAt: isoOrNull(r.lastCheckAt),
      lastSuccessAt: isoOrNull(r.lastSuccessAt),
      lastChangeAt: isoOrNull(r.lastChangeAt),
      lastError:
        r.lastErrorCode && r.lastErrorAt
          ? { code: r.lastErrorCode, message: r.lastError ?? "", at: isoTimestamp(r.lastErrorAt) }
          : null,
      consecutiveFailures: r.consecutiveFailures,
      checks: r.checks,
    },
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
    version: r.version,
  };
}

/** 404 unless the workspace has the competitor; its name. */
export async function assertCompetitor(db: Db, workspaceId: string, competitorId: string) {
  const c = await findCompetitor(db, workspaceId, competitorId);
  if (!c) throw notFound("Competitor");
  return c.name;
}

export async function findMonitorRow(db: Db, workspaceId: string, id: string) {
  return (await selectMonitor(db, workspaceId, id)) ?? null;
}

/** The monitor of this competitor, or 404 (another competitor's id through this URL is not found too). */
async function getRow(db: Db, workspaceId: string, competitorId: string, id: string) {
  const r = await selectMonitor(db, workspaceId, id);
  if (!r || r.competitorId !== competitorId) throw notFound("Monitor");
  return r;
}

export async function getMonitor(
  db: Db,
  workspaceId: string,
  competitorId: string,
  id: string,
  clock: Clock,
) {
  return toMonitor(await getRow(db, workspaceId, competitorId, id), clock.now());
}

export async function listMonitors(db: Db, workspaceId: string, competitorId: string, clock: Clock) {
  await assertCompetitor(db, workspaceId, competitorId);
  const now = clock.now();
  return { items: (await selectMonitors(db, workspaceId, competitorId)).map((r) => toMonitor(r, now)) };
}

/** The workspace's monitors with health (optionally only failing ones), a page at a time, and the counts. */
export async function monitorOverview(db: Db, workspaceId: string, clock: Clock, q: MonitorOverviewQuery) {
  const now = clock.now();
  const rows = await selectOverview(db, workspaceId, decodeCursor(q.cursor), q.limit, q.failing === "true");
  const page = toPage(rows, q.limit, (r) => ({ at: isoTimestamp(r.createdAt), id: r.id }));
  return {
    items: page.items.map((r) => ({ ...toMonitor(r, now), competitorName: r.competitorName })),
    nextCursor: page.nextCursor,
    counts: await countOverview(db, workspaceId, now.toISOString()),
  };
}

/**
 * Check now, in bulk: every enabled monitor that is not already due (of the workspace, or of one competitor)
 * becomes due, and its check is queued as a durable job (replacing the one that waited for its old time); so does
 * one that is due with no check queued. The checks then run as scheduled ones do: a few at a time, one request at
 * a time per host, letting requests go first.
 */
export async function checkAll(db: Db, ctx: WorkspaceContext, input: CheckAll, clock: Clock) {
  const competitorId = input.competitorId ?? null;
  if (competitorId && !(await findCompetitor(db, ctx.workspaceId, competitorId)))
    throw notFound("Competitor");
  const now = clock.now();
  const due = await makeDueNow(db, ctx.workspaceId, competitorId, now.toISOString(), CHECK_JOB);
  await unschedulePending(
    db,
    CHECK_JOB,
    "monitorId",
    due.map(({ id }) => id),
    now,
  );
  await scheduleJobs(
    db,
    due.map(({ id }) => checkJob(ctx.workspaceId, id, now)),
  );
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "monitor.check_all",
    entityType: competitorId ? "competitor" : "workspace",
    entityId: competitorId ?? ctx.workspaceId,
    after: { queued: due.length },
  });
  return { queued: due.length };
}

/** The durable job that checks the monitor at `at` (one job per due time; a stale one finds it not due). */
const checkJob = (workspaceId: string, monitorId: string, at: Date) => ({
  workspaceId,
  kind: CHECK_JOB,
  key: `${CHECK_JOB}:${monitorId}:${at.toISOString()}`,
  runAt: at.toISOString(),
  payload: { monitorId },
});

/** Arms the durable job that checks the monitor at `at`. */
export const scheduleCheck = (db: Db, workspaceId: string, monitorId: string, at: Date) =>
  scheduleJobs(db, [checkJob(workspaceId, monitorId, at)]);

/**
 * The next check after one at `from`: the interval with ±10% jitter (at most 30 minutes either way), so a
 * hundred daily monitors added together do not all fire in the same minute forever after.
 */
export function nextCheckAfter(
  from: Date,
  intervalMinutes: number,
  random: () => number = Math.random,
): Date {
  const interval = intervalMinutes * MINUTE;
  const spread = Math.min(interval * 0.1, 30 * MINUTE);
  return new Date(from.getTime() + interval + Math.round((random() * 2 - 1) * spread));
}

/** The URL a GitHub or App Store monitor shows (the API address is derived at check time). */
function derivedUrl(kind: MonitorKind, config: MonitorConfig, given: string | undefined): string {
  if (kind === "github_releases") {
    const c = config as MonitorConfig<"github_releases">;
    return `https://github.com/${c.owner}/${c.repo}/releases`;
  }
  if (kind === "app_store") {
    const c = config as MonitorConfig<"app_store">;
    return `https://apps.apple.com/${c.country}/app/id${c.appId}`;
  }
  return given as string;
}

/**
 * Selectors are checked by the DOM that will run them (zod cannot). The DOM (linkedom) is loaded on first use:
 * checks parse pages in their worker thread, so most Batons never need it on the main thread.
 */
async function checkSelectors(kind: MonitorKind, config: MonitorConfig) {
  if (kind !== "page") return;
  const c = config as MonitorConfig<"page">;
  if (!c.selector && !c.ignoreSelectors.length) return;
  const { selectorProblem } = await import("./monitoring.extract.ts");
  const fields: Record<string, string> = {};
  if (c.selector) {
    const why = selectorProblem(c.selector);
    if (why) fields["config.selector"] = why;
  }
  c.ignoreSelectors.forEach((s, i) => {
    const why = selectorProblem(s);
    if (why) fields[`config.ignoreSelectors.${i}`] = why;
  });
  if (Object.keys(fields).length) throw invalid(fields);
}

const auditable = (m: Monitor) => {
  const { health: _health, ...rest } = m;
  return rest;
};

export async function createMonitor(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  input: CreateMonitor,
  clock: Clock,
) {
  await assertCompetitor(db, ctx.workspaceId, competitorId);
  const config = input.config as MonitorConfig;
  await checkSelectors(input.kind, config);
  const now = clock.now();
  const { id } = await insertMonitorRow(db, {
    workspaceId: ctx.workspaceId,
    competitorId,
    kind: input.kind,
    name: input.name,
    url: derivedUrl(input.kind, config, "url" in input ? input.url : undefined),
    config,
    thresholdPercent: input.thresholdPercent,
    intervalMinutes: input.intervalMinutes,
    enabled: input.enabled,
    nextCheckAt: now.toISOString(),
    createdBy: ctx.userId,
  });
  // The first check soon: the baseline snapshot every later change is measured against.
  if (input.enabled) await scheduleCheck(db, ctx.workspaceId, id, now);
  const after = await getMonitor(db, ctx.workspaceId, competitorId, id, clock);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "monitor.create",
    entityType: "monitor",
    entityId: id,
    after: auditable(after),
  });
  return after;
}

export async function updateMonitor(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  id: string,
  input: UpdateMonitor,
  clock: Clock,
) {
  const beforeRow = await getRow(db, ctx.workspaceId, competitorId, id);
  const before = toMonitor(beforeRow, clock.now());
  const { version, config, url, ...set } = input;
  const row: Partial<MonitorRow> = { ...set };
  let nextConfig = beforeRow.config as MonitorConfig;
  if (config !== undefined) {
    const parsed = MONITOR_CONFIG_SCHEMAS[before.kind].safeParse(config);
    if (!parsed.success) {
      throw invalid(
        Object.fromEntries(parsed.error.issues.map((i) => [["config", ...i.path].join("."), i.message])),
      );
    }
    nextConfig = parsed.data as MonitorConfig;
    await checkSelectors(before.kind, nextConfig);
    row.config = nextConfig;
  }
  if (url !== undefined) {
    if (before.kind === "github_releases" || before.kind === "app_store")
      throw invalid({ url: "This kind's address comes from its settings (config)" });
    row.url = url;
  }
  if (config !== undefined && (before.kind === "github_releases" || before.kind === "app_store"))
    row.url = derivedUrl(before.kind, nextConfig, undefined);
  // Another address or config watches something else: forget the validators, so the next check reads it whole.
  const target =
    (row.url ?? before.url) !== before.url || JSON.stringify(nextConfig) !== JSON.stringify(before.config);
  if (target) Object.assign(row, { etag: null, lastModified: null });
  const now = clock.now();
  const enabling = set.enabled === true && !before.enabled;
  let next: Date | null = null;
  if (enabling || (target && (set.enabled ?? before.enabled))) next = now;
  else if (
    set.intervalMinutes !== undefined &&
    set.intervalMinutes !== before.intervalMinutes &&
    before.enabled
  ) {
    const from = before.health.lastCheckAt ? new Date(before.health.lastCheckAt) : now;
    next = new Date(Math.max(now.getTime(), nextCheckAfter(from, set.intervalMinutes).getTime()));
  }
  if (next) row.nextCheckAt = next.toISOString();
  if (!(await updateMonitorRow(db, ctx.workspaceId, id, version, row))) throw staleVersion("The monitor");
  const after = await getMonitor(db, ctx.workspaceId, competitorId, id, clock);
  if (next && after.enabled) await scheduleCheck(db, ctx.workspaceId, id, next);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "monitor.update",
    entityType: "monitor",
    entityId: id,
    before: auditable(before),
    after: auditable(after),
  });
  return after;
}

/** Deletes the monitor with its snapshots and changes (its pending check job finds nothing and ends). */
export async function deleteMonitor(
  db: Db,
  ctx: WorkspaceContext,
  competitorId: string,
  id: string,
  clock: Clock,
) {
  const before = await getMonitor(db, ctx.workspaceId, competitorId, id, clock);
  await deleteMonitorRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "monitor.delete",
    entityType: "monitor",
    entityId: id,
    before: auditable(before),
  });
}
