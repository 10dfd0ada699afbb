import type { CheckResult, MonitorConfig, MonitorErrorCode } from "../../../shared/monitoring.schemas.ts";
import { type Db, databaseOf } from "../../db/client.ts";
import { conflict, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { backoffDelayMs } from "../../lib/http/politeness.ts";
import { recheckAfterLease } from "../../lib/lease.queries.ts";
import { VERSION } from "../../version.ts";
import { competitorWatcherIds, findCompetitor } from "../competitors/competitors.service.ts";
import { recordObservedPrices } from "../competitors/pricing.service.ts";
import type { JobRow } from "../jobs/jobs.queries.ts";
import { type JobHandlers, MAX_ATTEMPTS, outsideTransaction, withGiveUp } from "../jobs/jobs.service.ts";
import { notify } from "../notifications/notifications.service.ts";
import { notifyNewChanges } from "./changes.notify.ts";
import { changedText, PRICE_TOKEN, suggestCategory, type TextDiff } from "./monitoring.diff.ts";
import type { ObservedPrice } from "./monitoring.extract.ts";
import {
  type Fetched,
  fetchMonitor,
  type MonitorFetchOptions,
  monitorUserAgent,
} from "./monitoring.fetch.ts";
import { checkWork } from "./monitoring.pool.ts";
import {
  finishCheckRow,
  insertChange,
  insertSnapshot,
  type MonitorRow,
  rearmDueMonitor,
  renewLease,
  selectLatestSnapshot,
  selectSnapshotText,
  takeLease,
} from "./monitoring.queries.ts";
import { CHECK_JOB, findMonitorRow, nextCheckAfter, scheduleCheck, toMonitor } from "./monitoring.service.ts";

/**
 * Checking a monitor: take its lease (one check at a time, across instances), fetch and normalize with no
 * transaction open, compare the hash with the latest snapshot, diff outside any transaction, then store the
 * snapshot, the change, the outcome, the prices, the notifications and the next check's job in one short
 * transaction. A failure is a state on the monitor (never a false "changed"), backs off, and alerts the
 * competitor's watchers after ALERT_AFTER failures in a row (or at once when the watched element is gone).
 */

/** How long a check may hold its monitor before another instance may take it; renewed before every request. */
const leaseMs = () => Number(process.env.BATON_MONITOR_LEASE_MS ?? 120_000);
/** Failures in a row that alert the watchers. */
export const ALERT_AFTER = 3;
const MINUTE = 60_000;

/** States worth retrying soon (with backoff); the others wait for the next regular check. */
const RETRYABLE = new Set<MonitorErrorCode>([
  "timeout",
  "network",
  "http_error",
  "rate_limited",
  "error_page",
  "internal",
]);

export interface CheckOptions {
  /** Only when enabled and due (the scheduled job); otherwise any time (check now). */
  due?: boolean;
  fetch?: MonitorFetchOptions;
  /** The instance's public URL (User-Agent, links in alert mail). */
  publicUrl: string;
  random?: () => number;
}

type Outcome = CheckResult["outcome"];

/**
 * Checks one monitor now. Returns null when the monitor is gone, and always with `due` (the scheduled job reads no
 * result); outcome "busy" when another check holds it.
 */
export async function checkMonitor(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock,
  o: CheckOptions,
): Promise<CheckResult | null> {
  const started = clock.now();
  const leased = await takeLease(
    db,
    workspaceId,
    id,
    started,
    new Date(started.getTime() + leaseMs()),
    o.due ? started : null,
  );
  if (!leased) {
    const row = await findMonitorRow(db, workspaceId, id);
    if (!row) return null;
    if (o.due) {
      // Held by another check: look again once its lease runs out (its instance may have died).
      const again = recheckAfterLease(row, started);
      if (again) await scheduleCheck(db, workspaceId, id, again);
      return null;
    }
    return { outcome: "busy", change: null, error: null, prices: [], monitor: toMonitor(row, started) };
  }
  let held = leased.leaseUntil as string;
  const config = leased.config as MonitorConfig;
  const pricing = leased.kind === "page" && (config as MonitorConfig<"page">).pricing;
  try {
    const latest = await selectLatestSnapshot(db, workspaceId, id);
    const fetched: Fetched = await fetchMonitor({
      kind: leased.kind,
      url: leased.url,
      config,
      etag: latest ? leased.etag : null,
      lastModified: latest ? leased.lastModified : null,
      previousLength: latest?.length ?? null,
      latestHash: latest?.contentHash ?? null,
      userAgent: monitorUserAgent(VERSION, o.publicUrl),
      clock,
      options: o.fetch ?? {},
      async beforeRequest() {
        // Renewed once half of it is spent (most checks finish well within the first half).
        const now = clock.now().getTime();
        if (now < new Date(held).getTime() - leaseMs() / 2) return;
        const until = new Date(now + leaseMs());
        const renewed = await renewLease(db, workspaceId, id, held, until);
        if (!renewed) throw new Error("The check's lease expired while it ran");
        held = renewed;
      },
    });
    if (fetched.outcome === "error") return await finishFailure(db, leased, fetched, clock, o);
    if (fetched.outcome === "not_modified")
      return await finishSuccess(db, leased, clock, o, { outcome: "not_modified" });
    // Parsing, masking, hashing and diffing run in the check worker (monitoring.pool.ts); a page comes back
    // normalized from the fetch, other kinds' texts are normalized here.
    const { text, hash } = fetched.page
      ? { text: fetched.text, hash: fetched.page.hash }
      : await checkWork({ kind: "normalize", text: fetched.text, ignorePatterns: [] });
    const prices = pricing && fetched.page ? fetched.page.prices : [];
    const validators = { etag: fetched.etag, lastModified: fetched.lastModified };
    if (latest && latest.contentHash === hash)
      return await finishSuccess(db, leased, clock, o, { outcome: "unchanged", validators });
    const snapshot = {
      contentHash: hash,
      text,
      items: fetched.items as Record<string, unknown>[] | null,
      bytes: fetched.bytes,
    };
    if (!latest)
      return await finishSuccess(db, leased, clock, o, { outcome: "first", validators, snapshot, prices });
    // The diff runs here, with no transaction open (it yields between chunks).
    const diff = await checkWork({
      kind: "diff",
      before: await selectSnapshotText(db, workspaceId, latest.id),
      after: text,
    });
    return await finishSuccess(db, leased, clock, o, {
      outcome: "changed",
      validators,
      snapshot,
      prices,
      diff,
      fromSnapshotId: latest.id,
      headings: fetched.page?.headings ?? [],
    });
  } catch (e) {
    // Not the site's fault (a database error, a bug): give the lease back, record it, let the job retry.
    await finishCheckRow(db, workspaceId, id, {
      lastCheckAt: clock.now().toISOString(),
      lastErrorAt: clock.now().toISOString(),
      lastErrorCode: "internal",
      lastError: "The check failed inside Baton; it will be retried",
      consecutiveFailures: leased.consecutiveFailures + 1,
    }).catch(() => undefined);
    throw e;
  }
}

interface Success {
  outcome: Exclude<Outcome, "error" | "busy">;
  validators?: { etag: string | null; lastModified: string | null };
  snapshot?: { contentHash: string; text: string; items: Record<string, unknown>[] | null; bytes: number };
  prices?: ObservedPrice[];
  diff?: TextDiff;
  fromSnapshotId?: string;
  headings?: string[];
}

async function finishSuccess(
  db: Db,
  m: MonitorRow,
  clock: Clock,
  o: CheckOptions,
  s: Success,
): Promise<CheckResult | null> {
  const now = clock.now();
  const next = nextCheckAfter(now, m.intervalMinutes, o.random);
  const config = m.config as MonitorConfig;
  const pricing = m.kind === "page" && (config as MonitorConfig<"page">).pricing;
  let change: CheckResult["change"] = null;
  await db.transaction(async (tx) => {
    let snapshotId: string | null = null;
    if (s.snapshot) {
      snapshotId = (
        await insertSnapshot(tx, {
          workspaceId: m.workspaceId,
          monitorId: m.id,
          fetchedAt: now.toISOString(),
          ...s.snapshot,
        })
      ).id;
    }
    if (s.diff && snapshotId) {
      const d = s.diff;
      const words = changedText(d.diff);
      // Wording added inside a heading (a hero line, a tagline): messaging.
      const added = d.diff
        .filter(([op, text]) => op === 1 && text.trim().length >= 3)
        .map(([, text]) => text.trim());
      const headingsChanged = (s.headings ?? []).some((h) => added.some((a) => h.includes(a)));
      const category = suggestCategory(m.kind, pricing, { ...words, headingsChanged });
      const importance = category === "pricing" ? "high" : "normal";
      // A price that moved on a pricing page is reported however small a share of the page it is.
      const priceMoved = pricing && (PRICE_TOKEN.test(words.added) || PRICE_TOKEN.test(words.removed));
      const reported = d.changedPercent > 0 && (d.changedPercent >= m.thresholdPercent || priceMoved);
      const { id: changeId } = await insertChange(tx, {
        workspaceId: m.workspaceId,
        monitorId: m.id,
        competitorId: m.competitorId,
        fromSnapshotId: s.fromSnapshotId ?? null,
        toSnapshotId: snapshotId,
        detectedAt: now.toISOString(),
        changedPercent: d.changedPercent,
        addedWords: d.addedWords,
        removedWords: d.removedWords,
        reported,
        diff: d.diff,
        summary: d.summary.slice(0, 1000),
        category,
        suggestedCategory: category,
        importance,
        prices: s.prices?.length ? (s.prices as unknown as Record<string, unknown>[]) : null,
      });
      change = {
        id: changeId,
        changedPercent: d.changedPercent,
        addedWords: d.addedWords,
        removedWords: d.removedWords,
        reported,
        summary: d.summary.slice(0, 1000),
        suggestedCategory: category,
        importance,
      };
      if (reported) await notifyNewChanges(tx, m.workspaceId, [changeId]);
    }
    // Prices go to the pricing history with the change they were read on, or none on the page's first snapshot
    // (the history adds a row only when a plan's price differs from its current one).
    const changeId = (change as CheckResult["change"])?.id ?? null;
    if (s.prices?.length && (changeId || s.outcome === "first")) {
      await recordObservedPrices(tx, m.workspaceId, m.competitorId, s.prices, {
        changeId,
        sourceUrl: m.url,
        observedAt: now,
      });
    }
    await finishCheckRow(tx, m.workspaceId, m.id, {
      lastCheckAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      lastErrorAt: null,
      lastErrorCode: null,
      lastError: null,
      consecutiveFailures: 0,
      nextCheckAt: next.toISOString(),
      ...(s.validators ?? {}),
      ...(change ? { lastChangeAt: now.toISOString() } : {}),
    });
    if (m.enabled) await scheduleCheck(tx, m.workspaceId, m.id, next);
  });
  return result(db, m, clock, o, { outcome: s.outcome, change, error: null, prices: s.prices ?? [] });
}

async function finishFailure(
  db: Db,
  m: MonitorRow,
  f: Extract<Fetched, { outcome: "error" }>,
  clock: Clock,
  o: CheckOptions,
): Promise<CheckResult | null> {
  const now = clock.now();
  const failures = m.consecutiveFailures + 1;
  // Retryable: backoff (1, 2, 4 … minutes, never past the regular interval), but never sooner than the site asked.
  const next = RETRYABLE.has(f.code)
    ? new Date(
        now.getTime() +
          backoffDelayMs({
            attempt: failures,
            random: o.random,
            maxMs: m.intervalMinutes * MINUTE,
            retryAfterMs: f.retryAfterMs,
            maxRetryAfterMs: 7 * 24 * 60 * MINUTE,
          }),
      )
    : nextCheckAfter(now, m.intervalMinutes, o.random);
  // Alert once per streak: at the ALERT_AFTER-th failure, or at once when the watched element disappeared.
  const alert =
    failures === ALERT_AFTER || (f.code === "selector_missing" && m.lastErrorCode !== "selector_missing");
  await db.transaction(async (tx) => {
    await finishCheckRow(tx, m.workspaceId, m.id, {
      lastCheckAt: now.toISOString(),
      lastErrorAt: now.toISOString(),
      lastErrorCode: f.code,
      lastError: f.message,
      consecutiveFailures: failures,
      nextCheckAt: next.toISOString(),
    });
    if (m.enabled) await scheduleCheck(tx, m.workspaceId, m.id, next);
    if (alert) await alertWatchers(tx, m, f, failures, clock, o.publicUrl);
  });
  return result(db, m, clock, o, {
    outcome: "error",
    change: null,
    error: { code: f.code, message: f.message },
    prices: [],
  });
}

async function alertWatchers(
  db: Db,
  m: MonitorRow,
  f: { code: string; message: string },
  failures: number,
  clock: Clock,
  publicUrl: string,
) {
  const users = await competitorWatcherIds(db, m.workspaceId, m.competitorId);
  if (!users.length) return;
  const competitor = (await findCompetitor(db, m.workspaceId, m.competitorId))?.name ?? "A competitor";
  const why =
    f.code === "selector_missing" ? "the watched element is gone" : `${failures} checks in a row failed`;
  await notify(
    db,
    m.workspaceId,
    users.map((userId) => ({
      userId,
      kind: "monitor.alert",
      title: `${competitor}: "${m.name}" needs attention (${why})`,
      body: f.message,
      link: `/w/${m.workspaceId}/competitors/${m.competitorId}?tab=sources`,
    })),
    { clock, publicUrl },
  );
}

/** The check's result with the monitor as it now stands; none for the scheduled job, which reads nothing back. */
async function result(
  db: Db,
  m: MonitorRow,
  clock: Clock,
  o: CheckOptions,
  r: Omit<CheckResult, "monitor">,
): Promise<CheckResult | null> {
  if (o.due) return null;
  const row = await findMonitorRow(db, m.workspaceId, m.id);
  if (!row) throw notFound("Monitor");
  return { ...r, monitor: toMonitor(row, clock.now()) };
}

/** Check now (the route and the CLI): 409 while another check of the monitor runs. */
export async function checkNow(
  db: Db,
  workspaceId: string,
  competitorId: string,
  id: string,
  clock: Clock,
  o: CheckOptions,
) {
  const row = await findMonitorRow(db, workspaceId, id);
  if (!row || row.competitorId !== competitorId) throw notFound("Monitor");
  const r = await checkMonitor(db, workspaceId, id, clock, o);
  if (!r) throw notFound("Monitor");
  if (r.outcome === "busy") throw conflict("This monitor is being checked right now; try again in a moment");
  return r;
}

/**
 * A check that failed inside Baton on every attempt of its job: the monitor, still due with nothing left to check
 * it, waits for its next regular check instead of being lost, and its watchers are told.
 */
async function giveUpCheck(db: Db, job: JobRow, clock: Clock, publicUrl: string) {
  const m = await findMonitorRow(db, job.workspaceId as string, job.payload.monitorId as string);
  if (!m?.enabled) return;
  const now = clock.now();
  const next = nextCheckAfter(now, m.intervalMinutes);
  const f = {
    code: "internal",
    message: `Baton failed to check it ${MAX_ATTEMPTS} times in a row (the server's log says why); it tries again at the next regular check`,
  };
  await db.transaction(async (tx) => {
    const set = { nextCheckAt: next.toISOString(), lastErrorCode: "internal" as const, lastError: f.message };
    if (!(await rearmDueMonitor(tx, m.workspaceId, m.id, now, set))) return;
    await scheduleCheck(tx, m.workspaceId, m.id, next);
    await alertWatchers(tx, m, f, m.consecutiveFailures, clock, publicUrl);
  });
}

/** The durable job that checks a due monitor (outside a transaction: it waits on the network). */
export const monitorJobHandlers = (publicUrl: string, fetch: MonitorFetchOptions = {}): JobHandlers => ({
  [CHECK_JOB]: withGiveUp(
    outsideTransaction(async (db, job, clock) => {
      // Queued background work on a serving Baton: each statement and transaction lets interactive ones go first
      // and waits behind one other check's at most (PGlite's one connection).
      const database = databaseOf(db);
      const check = () =>
        checkMonitor(db, job.workspaceId as string, job.payload.monitorId as string, clock, {
          due: true,
          fetch,
          publicUrl,
        });
      await (database ? database.inBackground(check, { queued: true }) : check());
    }),
    (db, job, clock) => giveUpCheck(db, job, clock, publicUrl),
  ),
});
