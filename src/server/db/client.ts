import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { type Dirent, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema.ts";

/** A drizzle handle; a transaction handle has the same shape, so services accept either. */
export type Db = PgDatabase<any, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Runs raw SQL on a connection that holds a session-level advisory lock for the whole call. */
  withAdvisoryLock<T>(key: number, fn: (exec: (sql: string) => Promise<unknown[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (delivered when the notifying transaction commits); resolves to
   * a function that stops listening. Best effort: callers keep polling too.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * Long work calls this between its short steps (src/server/lib/steps.ts). On PGlite (one connection, one
   * thread) it waits until no interactive query is queued or running, at most `maxWaitMs` so the work still
   * advances; on PostgreSQL it only lets the event loop turn.
   */
  yieldToInteractive(maxWaitMs?: number): Promise<void>;
  /**
   * Runs `fn` as background work: its queries are not counted as interactive ones (see yieldToInteractive).
   * `queued`: on PGlite each of its statements and transactions also waits its turn in one queue of such work and
   * starts after a quiet turn (and a short pause while the event loop has been busy: paceBackground), so a request
   * waits behind one of them at most (short steps only: a step must not wait for another queued one).
   */
  inBackground<T>(fn: () => Promise<T>, o?: { queued?: boolean }): Promise<T>;
  /** The PGlite instance, when embedded (used for dumping test templates). */
  pglite?: PGlite;
}

/** Every open Database by its drizzle handle (databaseOf). */
const opened = new WeakMap<object, Database>();
const register = (d: Database) => {
  opened.set(d.db, d);
  return d;
};

/**
 * The Database a root drizzle handle belongs to (null for a transaction's handle or one opened elsewhere):
 * for code handed only `db` (job handlers) that runs long work in steps (yieldToInteractive, inBackground).
 */
export const databaseOf = (db: Db): Database | null => opened.get(db) ?? null;

/** The next turn of the event loop: sockets are read (requests parsed, queries started) before it resolves. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Queued background work also leaves the event loop a share of idle time: while the loop was busier than
 * BUSY_SHARE over the last ~100 ms (requests, checks' fetching and statements), the next queued statement waits
 * a few milliseconds, up to PACE_MAX_MS. A cycle of 1,000 checks on PGlite kept the loop ~90 % busy and requests
 * queued behind it; paced, the checks take longer (their budget allows it) and requests find the loop free.
 */
const BUSY_SHARE = 0.7;
const PACE_STEP_MS = 4;
const PACE_MAX_MS = 40;
let eluMark = performance.eventLoopUtilization();
let eluAt = performance.now();
let busyShare = 0;
function loopBusyShare() {
  const now = performance.now();
  if (now - eluAt >= 100) {
    const next = performance.eventLoopUtilization();
    busyShare = performance.eventLoopUtilization(next, eluMark).utilization;
    eluMark = next;
    eluAt = now;
  }
  return busyShare;
}
async function paceBackground() {
  for (let waited = 0; waited < PACE_MAX_MS && loopBusyShare() > BUSY_SHARE; waited += PACE_STEP_MS)
    await sleep(PACE_STEP_MS);
}

/**
 * Counts PGlite's interactive operations (queries, execs, transactions not started by background work), so
 * background steps can let them go first: PGlite's own queue is first come, first served, and a request's
 * three queries would otherwise each wait behind one more step.
 *
 * Queued background work (inBackground with `queued`) goes further: each of its statements and transactions
 * waits its turn in one queue shared by all queued work, and starts after a quiet turn of the event loop. PGlite
 * hands its lock over in a microtask, so eight monitor checks' closing transactions queued on it ran back to
 * back in one ~100 ms stretch with no turn for the requests waiting; now a request waits behind one of them.
 */
function trackInteractive(client: PGlite) {
  const background = new AsyncLocalStorage<{ queued: boolean }>();
  let active = 0;
  let queueTail: Promise<unknown> = Promise.resolve();
  async function yieldToInteractive(maxWaitMs = 250) {
    await nextTurn();
    const until = performance.now() + maxWaitMs;
    // A request runs its queries one after another with a little JS between: wait for a quiet turn.
    while (active > 0 && performance.now() < until) {
      await sleep(1);
      if (active === 0) await nextTurn();
    }
  }
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ["query", "exec", "transaction"]) {
    const original = target[name].bind(client);
    target[name] = async (...args: unknown[]) => {
      const work = background.getStore();
      if (work?.queued) {
        const run = queueTail.then(async () => {
          await yieldToInteractive();
          await paceBackground();
          return original(...args);
        });
        queueTail = run.catch(() => undefined);
        return run;
      }
      if (work) return original(...args);
      active++;
      try {
        return await original(...args);
      } finally {
        active--;
      }
    };
  }
  return {
    inBackground: <T>(fn: () => Promise<T>, o: { queued?: boolean } = {}) =>
      background.run({ queued: o.queued ?? false }, fn),
    yieldToInteractive,
  };
}

// bigint and numeric stay text on both drivers (JSON has no 64-bit integers).
const passText = (v: string) => v;
for (const oid of [20, 1700]) pg.types.setTypeParser(oid, passText);

/**
 * The types drizzle reads as PostgreSQL's text (timestamp, timestamptz, interval, date and their arrays, numeric[]):
 * drizzle passes these parsers with every PGlite query, and PGlite then copies its whole parser table into a new
 * object per query, ~120 kB of garbage each (a third of everything a busy Baton allocated). They are set once on
 * the client instead, and the per-query copy is dropped (withClientParsers). Raw PGlite queries (hot.ts) get
 * the same text forms as drizzle's, as they already did inside transactions.
 */
const DRIZZLE_TEXT_TYPES = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182];
const pgliteParsers: Record<number, (v: string) => unknown> = { 20: passText, 1700: passText };
for (const oid of DRIZZLE_TEXT_TYPES) pgliteParsers[oid] = passText;

type QueryFn = (text: string, params?: unknown[], options?: { parsers?: object }) => Promise<unknown>;

/** `query` without drizzle's per-query parsers when they are only the text types the client already has. */
const DRIZZLE_TEXT_KEYS = new Set(DRIZZLE_TEXT_TYPES.map(String));
function dropTextParsers(query: QueryFn): QueryFn {
  return (text, params, options) => {
    if (!options?.parsers || !Object.keys(options.parsers).every((k) => DRIZZLE_TEXT_KEYS.has(k)))
      return query(text, params, options);
    const { parsers: _, ...rest } = options;
    return query(text, params, rest);
  };
}

/** Applies dropTextParsers to the client's queries and to those of every transaction it opens. */
function withClientParsers(client: PGlite) {
  const target = client as unknown as { query: QueryFn; transaction: PGlite["transaction"] };
  target.query = dropTextParsers(target.query.bind(client));
  const transaction = target.transaction.bind(client);
  target.transaction = ((fn: (tx: { query: QueryFn }) => Promise<unknown>) =>
    transaction((tx) => {
      const t = tx as unknown as { query: QueryFn };
      t.query = dropTextParsers(t.query.bind(tx));
      return fn(t);
    })) as PGlite["transaction"];
}

export interface OpenOptions {
  /** postgres://… — when set, real PostgreSQL is used. */
  url?: string;
  /** PGlite data directory; omitted means in-memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data directory (test templates). */
  loadDataDir?: Blob | File;
  poolSize?: number;
}

/**
 * PGlite's buffer cache, sized by the data it caches: an eighth of the tables' files (`base/`) when the database
 * opens, in steps of 8 MB, at least 16 MB and at most 128 MB. The cache is touched at start-up and stays in Baton's
 * memory for good (WASM memory never shrinks): Postgres's default 128 MB made an idle small Baton ~390 MB. Reads
 * and writes past it go through the OS's page cache, one system call per 8 kB page (and, for evicted dirty pages,
 * file opens at each transaction's end): with 16 MB, a re-score of 10,000 ideas on a 470 MB database spent ~35 %
 * of its time there (docs/DECISIONS.md, "PGlite's buffer cache grows with its data"). BATON_PGLITE_SHARED_BUFFERS
 * sets it (e.g. 64MB).
 */
export function pgliteSharedBuffers(dataDir?: string): string {
  const set = process.env.BATON_PGLITE_SHARED_BUFFERS;
  if (set) return set;
  const tablesMb = dataDir ? bytesUnder(path.join(dataDir, "base")) / 2 ** 20 : 0;
  return `${Math.min(128, Math.max(16, Math.floor(tablesMb / 8 / 8) * 8))}MB`;
}

/** The total size of the files under `dir` (0 when it does not exist). */
function bytesUnder(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const e of entries)
    if (e.isFile()) total += statSync(path.join(e.parentPath, e.name), { throwIfNoEntry: false })?.size ?? 0;
  return total;
}

/**
 * PGlite's Postgres is WebAssembly, compiled by V8's baseline compiler (Liftoff) and, once a function is hot,
 * again by its optimizing one (TurboFan) on background threads. On two cores those compilations competed with
 * the event loop for CPU, and their memory stayed in the process (glibc keeps freed arenas): a monitoring cycle
 * measured ~40 MB more RSS and ~5 CPU s more, and ingesting 100,000 feedback items was no faster with it
 * (docs/DECISIONS.md, "A bounded heap"). Set before PGlite's module is compiled; BATON_PGLITE_TIER_UP=1 keeps V8's
 * default.
 */
function baselineWasmOnly() {
  if (process.env.BATON_PGLITE_TIER_UP !== "1") v8.setFlagsFromString("--no-wasm-tier-up");
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  baselineWasmOnly();
  if (opts.dataDir) mkdirSync(path.dirname(path.resolve(opts.dataDir)), { recursive: true });
  const client = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    parsers: pgliteParsers,
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${pgliteSharedBuffers(opts.dataDir)}`],
  });
  await client.exec("SET TIME ZONE 'UTC'");
  // PGlite replaces array types' parsers with its own at start-up (after the options'): text, as drizzle asks.
  const parsers = (client as unknown as { parsers: Record<number, (v: string) => unknown> }).parsers;
  for (const oid of DRIZZLE_TEXT_TYPES) parsers[oid] = passText;
  withClientParsers(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return register({
    db,
    kind: "pglite",
    pglite: client,
    ...trackInteractive(client),
    async withAdvisoryLock(key, fn) {
      // One connection, one process: the lock only guards against re-entrance, but keeps the code path identical.
      await client.query("SELECT pg_advisory_lock($1)", [key]);
      try {
        return await fn(async (text) => (await client.exec(text)).flatMap((r) => r.rows));
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [key]);
      }
    },
    // Bound to the listener's own context: PGlite calls it inside the query that carried the NOTIFY, whose
    // (background, queued) context must not pass to the work it wakes.
    listen: (channel, onNotify) =>
      client
        .listen(
          channel,
          AsyncResource.bind(() => onNotify()),
        )
        .then((off) => () => off()),
    close: () => client.close(),
  });
}

/**
 * Runs a pooled client's promise-style queries one after another. Inside a transaction every query shares one
 * client, and services may start reads together (Promise.all); pg 8 queues them itself but warns that it will
 * stop in pg 9, so the queue lives here. Callback and stream calls pass through untouched.
 */
function queueQueries(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args.at(-1) === "function" || (first && typeof first.submit === "function"))
      return query(...args);
    const run = tail.then(() => query(...args) as Promise<unknown>);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, options: "-c timezone=UTC" });
  pool.on("error", () => {}); // an idle client dying must not crash the process; the next query reconnects
  pool.on("connect", queueQueries);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return register({
    db,
    kind: "postgres",
    // MVCC and a pool: long work holds one connection and never blocks the others' reads.
    yieldToInteractive: () => nextTurn(),
    inBackground: (fn) => fn(),
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [key]);
        try {
          return await fn(async (text) => {
            const res = await client.query(text);
            return (Array.isArray(res) ? res : [res]).flatMap((r) => r.rows);
          });
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      // A dedicated connection: LISTEN belongs to a session, and pooled clients come and go.
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => {}); // a dropped listener only loses the wake-ups: polling goes on
      client.on("notification", () => onNotify());
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return () => client.end().catch(() => undefined);
    },
    close: () => pool.end(),
  });
}
