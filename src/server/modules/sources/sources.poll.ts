import { createHash } from "node:crypto";
import type { CreateFeedback } from "../../../shared/feedback.schemas.ts";
import { normalizeFeedbackText } from "../../../shared/feedback.ts";
import type { PollResult, SourceConfig, SourceKind } from "../../../shared/sources.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import { type Database, type Db, databaseOf } from "../../db/client.ts";
import { AppError, conflict, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { withRoomyHeap } from "../../lib/heap.ts";
import { FetchError, type GuardedFetchOptions, guardedFetch } from "../../lib/http/guarded-fetch.ts";
import { backoffDelayMs } from "../../lib/http/politeness.ts";
import { recheckAfterLease } from "../../lib/lease.queries.ts";
import { ingestFeedback, ingestInBackground } from "../feedback/feedback.service.ts";
import type { JobRow } from "../jobs/jobs.queries.ts";
import { type JobHandlers, MAX_ATTEMPTS, outsideTransaction, withGiveUp } from "../jobs/jobs.service.ts";
import {
  BadBody,
  type Connector,
  type PolledItem,
  type PolledResponse,
  SourceFailure,
} from "./connectors/connector.ts";
import { CONNECTORS } from "./connectors/index.ts";
import { finishPollRow, rearmDueSource, selectSecrets, takeLease, writeSecrets } from "./sources.queries.ts";
import { findSourceRow, POLL_JOB, schedulePoll, toSource } from "./sources.service.ts";

/**
 * Polling a source: take its lease (one poll of a source at a time, across instances), fetch every page
 * through the guarded client with no transaction open, then ingest all items in one transaction
 * (idempotent by source, source id and external id) and advance the cursor. A failure imports nothing,
 * records the error on the source and backs off; it never touches another source's poll.
 */

/** Most requests and items one poll takes; the cursor carries the rest to the next poll. */
export const MAX_REQUESTS = 20;
export const MAX_ITEMS = 5_000;
/** How long a poll may hold its source before another instance may take it (every fetch is capped at 15 s). */
const LEASE_MS = 10 * 60_000;
const MINUTE = 60_000;

/** Fetch settings for tests (allowPrivate for local fakes, no per-host pause); production uses the defaults. */
export type PollFetchOptions = Pick<
  GuardedFetchOptions,
  "allowPrivate" | "hostQueue" | "timeoutMs" | "resolve"
>;

/** Wait before the next attempt after `failures` failures in a row: 1, 2, 4 … minutes up to 6 hours, or longer if the server asked (Retry-After), at most a day (the shared backoff, without jitter). */
export const backoffMs = (failures: number, retryAfterMs: number | null): number =>
  backoffDelayMs({ attempt: failures, retryAfterMs, random: () => 1 });

type Fetched =
  | { outcome: "ok"; items: PolledItem[]; requests: number; etag: string | null; lastModified: string | null }
  | { outcome: "not_modified"; requests: number }
  | { outcome: "error"; requests: number; code: string; message: string; retryAfterMs: number | null };

/** An answer that is not 2xx, as the poll's error (with how long the service asked us to wait). */
function httpError(
  connector: Connector,
  res: PolledResponse,
  retryAfterMs: number | null,
  requests: number,
  now: Date,
): Fetched {
  const body = res.text.slice(0, 200).replace(/\s+/g, " ").trim();
  return {
    outcome: "error",
    requests,
    code: `http_${res.status}`,
    message: `${new URL(res.url).host} answered ${res.status}${body ? `: ${body}` : ""}`,
    retryAfterMs: retryAfterMs ?? connector.rateLimitWaitMs?.(res, now) ?? null,
  };
}

/** Runs a connector's fetch plan: a session first if it needs one, then every page until it says stop or a limit is reached. */
async function fetchAll<K extends SourceKind>(
  connector: Connector<K>,
  config: SourceConfig<K>,
  state: { cursor: string | null; etag: string | null; lastModified: string | null },
  secrets: Record<string, string>,
  clock: Clock,
  opts: PollFetchOptions,
  saveSession: (session: string) => Promise<void>,
): Promise<Fetched> {
  let headers = connector.headers?.(secrets) ?? {};
  let request: ReturnType<Connector<K>["first"]> | null = connector.first(config, state.cursor);
  const items: PolledItem[] = [];
  let requests = 0;
  let validators = { etag: null as string | null, lastModified: null as string | null };
  const seen = new Set<string>([request.url]);
  const flow = connector.session;
  let retryAfterMs: number | null = null;
  const post = async (url: string, json: unknown, extra: Record<string, string> = {}) => {
    requests++;
    const res = await guardedFetch(url, { ...opts, method: "POST", json, headers: extra, clock });
    retryAfterMs = res.retryAfterMs;
    return { url: res.url, status: res.status, headers: res.headers, text: res.text() };
  };
  /** Opens (or renews) the session; an answer when signing in was refused. */
  const open = async (renew: boolean): Promise<PolledResponse | null> => {
    if (!flow) return null;
    const s = await flow.open({ config, secrets, post }, renew);
    if ("failed" in s) return s.failed;
    headers = { ...headers, ...s.headers };
    if (s.save !== undefined) await saveSession(s.save);
    return null;
  };
  try {
    const refused = await open(false);
    if (refused) return httpError(connector, refused, retryAfterMs, requests, clock.now());
    let renewed = false;
    while (request && requests < MAX_REQUESTS && items.length < MAX_ITEMS) {
      requests++;
      const res = await guardedFetch(request.url, {
        ...opts,
        headers,
        clock,
        ...(request.conditional ? { etag: state.etag, lastModified: state.lastModified } : {}),
      });
      if (request.conditional) {
        if (res.notModified) return { outcome: "not_modified", requests };
        validators = { etag: res.etag, lastModified: res.lastModified };
      }
      const polled: PolledResponse = {
        url: res.url,
        status: res.status,
        headers: res.headers,
        text: res.text(),
      };
      if (res.status < 200 || res.status > 299) {
        // An expired session: renewed once a poll, then the same page is asked again.
        if (flow && !renewed && flow.expired(polled)) {
          renewed = true;
          const refusedAgain = await open(true);
          if (refusedAgain) return httpError(connector, refusedAgain, retryAfterMs, requests, clock.now());
          continue;
        }
        return httpError(connector, polled, res.retryAfterMs, requests, clock.now());
      }
      const page = await connector.parse(polled, config, state.cursor);
      items.push(...page.items);
      request = page.next && !seen.has(page.next.url) ? page.next : null;
      if (request) seen.add(request.url);
    }
  } catch (e) {
    if (e instanceof FetchError || e instanceof BadBody || e instanceof SourceFailure) {
      const code = e instanceof BadBody ? "bad_body" : e.code;
      return { outcome: "error", requests, code, message: e.message, retryAfterMs: null };
    }
    throw e;
  }
  return { outcome: "ok", items: items.slice(0, MAX_ITEMS), requests, ...validators };
}

const clip = (s: string | null, max: number) => (s && s.length > max ? s.slice(0, max) : s);
/** External ids longer than the feedback contract allows are keyed by their hash. */
const externalKey = (id: string) =>
  id.length <= 200 ? id : `sha256:${createHash("sha256").update(id).digest("hex")}`;

/** The connector's items as feedback to ingest (empty ones dropped, duplicates within the poll once). */
export function toFeedback(kind: SourceKind, sourceId: string, items: PolledItem[]): CreateFeedback[] {
  const byId = new Map<string, CreateFeedback>();
  for (const it of items) {
    const text = clip(normalizeFeedbackText(it.text), 50_000);
    if (!text) continue;
    const title = it.title ? clip(normalizeFeedbackText(it.title), 300) || null : null;
    const externalId = externalKey(
      normalizeFeedbackText(it.externalId) || createHash("sha256").update(text).digest("hex"),
    );
    if (byId.has(externalId)) continue;
    byId.set(externalId, {
      text,
      title,
      source: CONNECTORS[kind].feedbackSource,
      sourceId,
      externalId,
      author: { personId: null, userId: null, handle: clip(it.handle?.trim() || null, 200) },
      companyId: null,
      url: it.url && it.url.length <= 2000 && /^https?:\/\//i.test(it.url) ? it.url : null,
      receivedAt: it.receivedAt,
      tags: it.tags ?? [],
    });
  }
  return [...byId.values()];
}

function cursorAfter(connector: Connector, items: PolledItem[], cursor: string | null) {
  const compare = connector.compare;
  if (!compare) return cursor;
  let best = cursor;
  for (const it of items) if (it.mark && (best === null || compare(it.mark, best) > 0)) best = it.mark;
  return best;
}

/**
 * Polls one source now. `due`: only if enabled and due (the scheduled job); otherwise any time (poll now).
 * Returns null when the source is gone or (with `due`) not due; outcome "busy" when another poll holds it.
 */
export async function pollSource(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock,
  { due = false, fetch = {} }: { due?: boolean; fetch?: PollFetchOptions } = {},
): Promise<PollResult | null> {
  const started = clock.now();
  const leased = await takeLease(
    db,
    workspaceId,
    id,
    started,
    new Date(started.getTime() + LEASE_MS),
    due ? started : null,
  );
  if (!leased) {
    const row = await findSourceRow(db, workspaceId, id);
    if (!row) return null;
    if (due) {
      // Held by another poll: look again once its lease runs out (its instance may have died).
      const again = recheckAfterLease(row, started);
      if (again) await schedulePoll(db, workspaceId, id, again);
      return null;
    }
    return {
      outcome: "busy",
      fetched: 0,
      created: 0,
      existing: 0,
      requests: 0,
      error: null,
      source: toSource(row, started),
    };
  }
  const kind = leased.kind;
  // One connector and its config of the same kind (the table holds a union TypeScript cannot pair up).
  const connector = CONNECTORS[kind] as Connector;
  const config = leased.config as SourceConfig;
  let result: Fetched;
  let ingested = { created: 0, existing: 0 };
  const items: CreateFeedback[] = [];
  try {
    const secrets = await selectSecrets(db, workspaceId, id);
    result = await fetchAll(connector, config, leased, secrets, clock, fetch, (session) =>
      writeSecrets(db, workspaceId, id, { session }),
    );
    if (result.outcome === "ok") {
      items.push(...toFeedback(kind, id, result.items));
      if (items.length) {
        const ctx: WorkspaceContext = { workspaceId, userId: null, via: "system", role: "owner" };
        try {
          // In steps that let other requests go first (a transaction's handle has no Database: one transaction).
          const database = databaseOf(db);
          ingested = database
            ? await withRoomyHeap(() => ingestInBackground(database, ctx, items, clock), items.length)
            : await ingestFeedback({ db } as Database, ctx, items, clock);
        } catch (e) {
          // The feedback service refused the items (a field error): the source's fault, recorded like one.
          if (!(e instanceof AppError)) throw e;
          const fields = Object.entries(e.fields ?? {}).slice(0, 3);
          const detail = fields.map(([k, v]) => `${k}: ${v}`).join("; ");
          result = {
            outcome: "error",
            requests: result.requests,
            code: "rejected_items",
            message: `The items were refused: ${e.message}${detail ? ` (${detail})` : ""}`,
            retryAfterMs: null,
          };
        }
      }
    }
  } catch (e) {
    // Not the service's fault (a database error, a bug): give the lease back, record it, let the job retry.
    await finishPollRow(db, workspaceId, id, {
      lastPolledAt: clock.now().toISOString(),
      lastErrorAt: clock.now().toISOString(),
      lastErrorCode: "internal",
      lastError: "The poll failed inside Baton; it will be retried",
      consecutiveFailures: leased.consecutiveFailures + 1,
    });
    throw e;
  }
  const now = clock.now();
  const interval = leased.intervalMinutes * MINUTE;
  let next: Date;
  // The outcome and the next poll job together: a crash between them would leave the source never polled again.
  await db.transaction(async (tx) => {
    if (result.outcome === "error") {
      const failures = leased.consecutiveFailures + 1;
      next = new Date(now.getTime() + backoffMs(failures, result.retryAfterMs));
      await finishPollRow(tx, workspaceId, id, {
        lastPolledAt: now.toISOString(),
        lastErrorAt: now.toISOString(),
        lastErrorCode: result.code,
        lastError: result.message.slice(0, 1000),
        consecutiveFailures: failures,
        nextPollAt: next.toISOString(),
        lastImported: 0,
      });
    } else {
      next = new Date(now.getTime() + interval);
      await finishPollRow(tx, workspaceId, id, {
        lastPolledAt: now.toISOString(),
        lastSuccessAt: now.toISOString(),
        lastErrorAt: null,
        lastErrorCode: null,
        lastError: null,
        consecutiveFailures: 0,
        nextPollAt: next.toISOString(),
        lastImported: ingested.created,
        importedMore: ingested.created,
        ...(ingested.created > 0 ? { lastNewAt: now.toISOString() } : {}),
        ...(result.outcome === "ok"
          ? {
              cursor: cursorAfter(connector, result.items, leased.cursor),
              // A feed without validators this time: forget the old ones rather than send stale ones.
              ...(connector.first(config, null).conditional
                ? { etag: result.etag, lastModified: result.lastModified }
                : {}),
            }
          : {}),
      });
    }
    if (leased.enabled) await schedulePoll(tx, workspaceId, id, next);
  });
  const row = await findSourceRow(db, workspaceId, id);
  if (!row) throw notFound("Source");
  return {
    outcome: result.outcome,
    fetched: result.outcome === "ok" ? result.items.length : 0,
    created: ingested.created,
    existing: ingested.existing,
    requests: result.requests,
    error: result.outcome === "error" ? { code: result.code, message: result.message } : null,
    source: toSource(row, now),
  };
}

/** Poll now (the route and the CLI): 409 while another poll of the source runs. */
export async function pollNow(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock,
  fetch: PollFetchOptions = {},
) {
  const r = await pollSource(db, workspaceId, id, clock, { fetch });
  if (!r) throw notFound("Source");
  if (r.outcome === "busy") throw conflict("This source is being polled right now; try again in a moment");
  return r;
}

/**
 * A poll that failed inside Baton on every attempt of its job: the source, still due with nothing left to poll it,
 * waits for its next regular poll instead of being lost.
 */
async function giveUpPoll(db: Db, job: JobRow, clock: Clock) {
  const src = await findSourceRow(db, job.workspaceId as string, job.payload.sourceId as string);
  if (!src?.enabled) return;
  const now = clock.now();
  const next = new Date(now.getTime() + src.intervalMinutes * MINUTE);
  await db.transaction(async (tx) => {
    const set = {
      nextPollAt: next.toISOString(),
      lastErrorCode: "internal",
      lastError: `Baton failed to poll it ${MAX_ATTEMPTS} times in a row (the server's log says why); it tries again at the next regular poll`,
    };
    if (await rearmDueSource(tx, src.workspaceId, src.id, now, set))
      await schedulePoll(tx, src.workspaceId, src.id, next);
  });
}

/** The durable job that polls a due source (outside a transaction: it waits on the network). */
export const sourceJobHandlers = (fetch: PollFetchOptions = {}): JobHandlers => ({
  [POLL_JOB]: withGiveUp(
    outsideTransaction(async (db, job, clock) => {
      await pollSource(db, job.workspaceId as string, job.payload.sourceId as string, clock, {
        due: true,
        fetch,
      });
    }),
    giveUpPoll,
  ),
});
