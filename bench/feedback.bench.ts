import {
  appStoreFake,
  blueskyFake,
  feedFake,
  gitHubFake,
  hackerNewsFake,
  mastodonFake,
  type ServiceFake,
} from "../src/server/modules/sources/test/fakes.ts";
import {
  FEEDBACK_BATCH as BATCH,
  benchEnv,
  feedbackBatches,
  pick,
  postFeedback,
  prng,
  setupOwner,
} from "./lib/api-seed.ts";
import { type Api, type RunningBaton, startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import { describeLoad, fmtRate, type LoadResult, measureLoad } from "./lib/load.ts";
import { makeTempDir } from "./lib/proc.ts";
import {
  type BenchContext,
  type BudgetTable,
  describeMachine,
  fmtMs,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";
import { type Latencies, sample } from "./lib/sample.ts";

/**
 * Issue 13's feedback budgets, on PGlite and PostgreSQL, everything through the HTTP API of a real Baton:
 * - ingest: 100,000 items through POST /feedback/batch (1,000 a request, sentiment and language computed), < 30 s
 *   on PGlite;
 * - csv: 100,000 items through the CSV import (POST /feedback/import, one file, mapped by its header), < 30 s;
 * - inbox: the first page (50 items filtered by status and source) at 100,000 items, ≥ 500 req/s on PGlite and
 *   ≥ 2,000 on PostgreSQL with p99 < 50 ms; a cold page (every request a different query) p99 < 100 ms;
 * - poll: one poll cycle of 50 sources (RSS, Hacker News, Mastodon, GitHub, App Store, Bluesky fakes on
 *   127.0.0.1) bringing 10,000 new posts in total, < 30 s, while other requests keep p99 < 50 ms.
 *
 * Scale it down while developing: BENCH_FEEDBACK_ITEMS (default 100000), BENCH_FEEDBACK_SOURCES (50),
 * BENCH_FEEDBACK_POSTS (10000, in total), BENCH_FEEDBACK_QUICK=1 (short load runs), BENCH_FEEDBACK_DBS=pglite.
 * Parts: feedback:ingest, feedback:csv, feedback:inbox (ingests first), feedback:poll.
 */

const env = benchEnv("BENCH_FEEDBACK");
const ITEMS = env.num("ITEMS", 100_000);
const SOURCES = env.num("SOURCES", 50);
const POSTS = env.num("POSTS", 10_000);
const QUICK = env.quick;
const BUDGET = {
  ingestS: 30,
  inboxPglite: 500,
  inboxPg: 2000,
  p99: 50,
  coldP99: 100,
  pollS: 30,
  pollP99: 50,
};
const FEEDBACK_SOURCES = ["email", "api", "hackernews", "mastodon", "appstore", "csv"] as const;
const n = (x: number) => x.toLocaleString("en-US");

const WHAT = [
  "The CSV export",
  "Dark mode",
  "Single sign-on",
  "The roadmap view",
  "Search",
  "The mobile app",
];
const HOW = [
  "is wonderful and saves us hours every week",
  "keeps crashing, this is really frustrating",
  "would be great with more options",
  "is too slow on large workspaces",
  "is missing for our team",
];
const TAIL = [
  "since the last update.",
  "for our enterprise account.",
  "when there are many rows.",
  "Thanks!",
  "Please fix it soon.",
];
const FR = ["L'export CSV est trop lent depuis la dernière mise à jour.", "Le mode sombre serait génial."];

/** A realistic item: mostly English sentences, some French, with a source, an external id and a time. */
function item(r: () => number, i: number, base: number) {
  const text = r() < 0.1 ? pick(r, FR) : `${pick(r, WHAT)} ${pick(r, HOW)} ${pick(r, TAIL)}`;
  return {
    text,
    source: FEEDBACK_SOURCES[i % FEEDBACK_SOURCES.length],
    externalId: `bench-${i}`,
    author: { personId: null, userId: null, handle: `@user${i % 5000}` },
    receivedAt: new Date(base - i * 60_000).toISOString(),
  };
}

interface Run {
  label: Label;
  db: string;
  ingestMs?: number;
  csv?: { ms: number; created: number; bytes: number };
  inbox?: LoadResult;
  inbox1?: LoadResult;
  cold?: LoadResult;
  poll?: { ms: number; expected: number; created: number; failed: number; during: Latencies };
  errors: Record<string, string>;
}

async function ingest(api: Api, wid: string, log: (s: string) => void) {
  const r = prng(7);
  const base = Date.parse("2026-12-01T00:00:00Z");
  // The bodies are built first, so the figure is mostly the server's time (not the generator's).
  const bodies = feedbackBatches(ITEMS, (i) => item(r, i, base));
  log(`  ingesting ${n(ITEMS)} items in ${bodies.length} batches`);
  const t0 = performance.now();
  await postFeedback(api, wid, bodies);
  return performance.now() - t0;
}

/** One CSV file of ITEMS rows (text, title, external id, time, handle), imported in one request. */
async function csvImport(api: Api, wid: string, log: (s: string) => void) {
  const r = prng(11);
  const base = Date.parse("2026-11-01T00:00:00Z");
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const lines = ["text,title,externalId,receivedAt,handle"];
  for (let i = 0; i < ITEMS; i++) {
    const it = item(r, i, base);
    lines.push([it.text, `Row ${i}`, `csv-${i}`, it.receivedAt, `@csv${i % 5000}`].map(cell).join(","));
  }
  const csv = `${lines.join("\n")}\n`;
  log(`  importing a CSV file of ${n(ITEMS)} rows (${(csv.length / 1e6).toFixed(1)} MB)`);
  const t0 = performance.now();
  const res = await api.call("POST", `/workspaces/${wid}/feedback/import`, { csv, dryRun: false });
  const ms = performance.now() - t0;
  if (res.created !== ITEMS)
    throw new Error(
      `the import created ${res.created} of ${ITEMS}: ${JSON.stringify(res.errors?.slice(0, 3))}`,
    );
  return { ms, created: res.created as number, bytes: csv.length };
}

/** The fakes of one poll cycle: kinds in rotation, each source on its own local server. */
function fakesFor(count: number) {
  const kinds = ["rss", "hackernews", "mastodon", "github", "appstore", "bluesky"] as const;
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const fake: ServiceFake =
      kind === "rss"
        ? feedFake(i % 2 ? "atom" : "rss")
        : kind === "hackernews"
          ? hackerNewsFake(100)
          : kind === "mastodon"
            ? mastodonFake()
            : kind === "github"
              ? gitHubFake(100)
              : kind === "appstore"
                ? appStoreFake(50)
                : blueskyFake(undefined, 100);
    return { kind, fake };
  });
}

function sourceBody(kind: string, origin: string, i: number) {
  const common = { name: `${kind} ${i}`, intervalMinutes: 7 * 24 * 60 };
  switch (kind) {
    case "rss":
      return { ...common, kind, config: { url: `${origin}/feed` } };
    case "hackernews":
      return { ...common, kind, config: { query: "baton", apiUrl: origin } };
    case "mastodon":
      return { ...common, kind, config: { instanceUrl: origin, hashtag: "baton" } };
    case "github":
      return { ...common, kind, config: { owner: "acme", repo: "app", apiUrl: origin } };
    case "appstore":
      return { ...common, kind, config: { appId: "123456", country: "us", apiUrl: origin } };
    default:
      return {
        ...common,
        kind,
        config: { identifier: "baton.example.com", query: "baton", apiUrl: origin },
        secrets: { appPassword: "abcd-efgh-ijkl-mnop" },
      };
  }
}

async function pollCycle(
  baton: RunningBaton,
  api: Api,
  wid: string,
  token: string,
  log: (s: string) => void,
) {
  const fakes = fakesFor(SOURCES);
  await Promise.all(fakes.map((f) => f.fake.server.start()));
  try {
    // One post each, polled once, so every source has its cursor (Mastodon's first poll takes the latest page only).
    for (const f of fakes) f.fake.add(1);
    const ids: string[] = [];
    for (const [i, f] of fakes.entries()) {
      const s = await api.call("POST", `/workspaces/${wid}/sources`, {
        ...sourceBody(f.kind, f.fake.server.origin, i),
        enabled: false,
      });
      ids.push(s.id);
    }
    for (const id of ids) {
      const r = await api.call("POST", `/workspaces/${wid}/sources/${id}/poll`);
      if (r.outcome !== "ok" && r.outcome !== "not_modified")
        throw new Error(`priming poll: ${JSON.stringify(r.error)}`);
    }
    const per = Math.floor(POSTS / SOURCES);
    // What the services publish as items (GitHub's list mixes in pull requests, which are not imported).
    const published = () => fakes.reduce((sum, f) => sum + f.fake.count(), 0);
    const before = published();
    fakes.forEach((f, i) => {
      f.fake.add(per + (i < POSTS - per * SOURCES ? 1 : 0));
    });
    const expected = published() - before;
    log(`  ${SOURCES} sources primed; polling them all at once for ${n(POSTS)} new posts`);
    const t0 = performance.now();
    const cycle = Promise.all(
      ids.map((id) =>
        fetch(`${baton.base}/api/v1/workspaces/${wid}/sources/${id}/poll`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: "{}",
          signal: AbortSignal.timeout(120_000),
        }).then(async (res) => {
          const body = await res.json();
          return res.ok && body.outcome === "ok" ? (body.created as number) : -1;
        }),
      ),
    ).then((created) => ({ ms: performance.now() - t0, created }));
    const during = await sample(
      baton.base,
      token,
      ["/health", `/workspaces/${wid}/feedback?status=new&source=email&limit=50`],
      cycle,
    );
    const { ms, created } = await cycle;
    return {
      ms,
      expected,
      created: created.filter((c) => c >= 0).reduce((a, b) => a + b, 0),
      failed: created.filter((c) => c < 0).length,
      during,
    };
  } finally {
    await Promise.all(fakes.map((f) => f.fake.server.close()));
  }
}

async function runOn(ctx: BenchContext, label: Label, db: string, databaseUrl: string | null): Promise<Run> {
  const out: Run = { label, db, errors: {} };
  const fail = failureRecorder(ctx, `feedback/${label}`, out.errors);
  const opts = databaseUrl ? { databaseUrl } : { dataDir: makeTempDir("feedback") };
  // Local fakes on 127.0.0.1 (allowed explicitly), all on one host: no politeness pause between their requests.
  const baton = await startBaton(
    { ...opts, logLevel: "warn", env: { BATON_FETCH_ALLOW_PRIVATE: "1", BATON_FETCH_HOST_DELAY_MS: "0" } },
    120_000,
  );
  try {
    const { api, wid, token } = await setupOwner(baton.base, "Listen Co");
    if (ctx.wants("ingest") || ctx.wants("inbox")) {
      try {
        out.ingestMs = await ingest(api, wid, ctx.log);
        ctx.log(`  ingested in ${fmtMs(out.ingestMs)}`);
      } catch (err) {
        fail("ingest", err);
      }
    }
    if (ctx.wants("csv")) {
      try {
        out.csv = await csvImport(api, wid, ctx.log);
        ctx.log(`  CSV imported in ${fmtMs(out.csv.ms)}`);
      } catch (err) {
        fail("csv", err);
      }
    }
    if (ctx.wants("inbox") && out.ingestMs !== undefined) {
      const headers = { authorization: `Bearer ${token}` };
      const settings = env.loadSettings;
      const page = `/api/v1/workspaces/${wid}/feedback?status=new&source=email&limit=50`;
      // Cold: every request a different query (source × a `to` bound moving back through the data).
      const base = Date.parse("2026-12-01T00:00:00Z");
      const cold = Array.from({ length: 600 }, (_, i) => ({
        method: "GET" as const,
        path: `/api/v1/workspaces/${wid}/feedback?status=new&source=${FEEDBACK_SOURCES[i % 6]}&limit=50&to=${encodeURIComponent(
          new Date(base - Math.floor((i * ITEMS) / 600) * 60_000).toISOString(),
        )}`,
      }));
      try {
        const load = (connections: number, requests?: typeof cold) =>
          measureLoad({
            url: requests ? baton.base : `${baton.base}${page}`,
            headers,
            connections,
            ...(requests ? { requests } : {}),
            ...settings,
            serverPid: baton.child.pid,
          });
        out.inbox = await load(10);
        out.inbox1 = await load(1);
        out.cold = await load(1, cold);
      } catch (err) {
        fail("inbox", err);
      }
    }
    if (ctx.wants("poll")) {
      try {
        out.poll = await pollCycle(baton, api, wid, token, ctx.log);
        ctx.log(`  poll cycle in ${fmtMs(out.poll.ms)}: ${n(out.poll.created)} new items`);
      } catch (err) {
        fail("poll", err);
      }
    }
  } finally {
    await baton.stop();
  }
  return out;
}

export const feedback: Section = {
  name: "feedback",
  title: "Feedback: ingestion, inbox, polling (issue 13)",
  async run(ctx) {
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_FEEDBACK_DBS", async (t) =>
      runOn(ctx, t.label, t.db, t.pg ? await t.pg.createDatabase("baton_feedback") : null),
    );
    const ingest: BudgetTable = {
      title: `Ingest ${n(ITEMS)} items through POST /feedback/batch (${n(BATCH)} a request, one after another), sentiment and language computed: < ${BUDGET.ingestS} s on PGlite`,
      rows: [],
      notes: [
        "Items: short English sentences (10 % French), six sources, an external id each (the idempotency key).",
      ],
    };
    const csvTable: BudgetTable = {
      title: `CSV import of ${n(ITEMS)} items (POST /feedback/import, one file mapped by its header), sentiment and language computed: < ${BUDGET.ingestS} s`,
      rows: [],
      notes: [
        "The same sentences as the ingest part, with a title, an external id, a time and a handle per row; imported into the workspace after the ingest part (so on top of its items), the whole request timed from the bench process.",
      ],
    };
    const inbox: BudgetTable = {
      title: `Inbox first page (50 items, status=new & source=email) at ${n(ITEMS)} items: ≥ ${n(BUDGET.inboxPglite)} req/s on PGlite, ≥ ${n(BUDGET.inboxPg)} on PostgreSQL, p99 < ${BUDGET.p99} ms; a cold page p99 < ${BUDGET.coldP99} ms`,
      rows: [],
      notes: [
        "Cold: 600 different queries in rotation (six sources × a received-before bound moving through the data), one connection.",
      ],
    };
    const poll: BudgetTable = {
      title: `One poll cycle of ${SOURCES} sources bringing ${n(POSTS)} new posts from local fake services: < ${BUDGET.pollS} s, other requests p99 < ${BUDGET.pollP99} ms meanwhile`,
      rows: [],
      notes: [
        "Fakes of RSS/Atom, Hacker News, Mastodon, GitHub, App Store and Bluesky on 127.0.0.1 (one server each, in the bench process), serving the services' documented shapes and pagination (GitHub's list mixes in pull requests, about 1 in 7, which are not imported: the posts published as items are the figure to reach); every source polled once before (its cursor set), then all polled at once with POST /sources/:id/poll. BATON_FETCH_HOST_DELAY_MS=0: all fakes share one host name, which the politeness queue would otherwise space 1 s apart.",
        "Other requests: GET /health and the inbox's first page, one at a time, from the bench process while the cycle runs.",
      ],
    };
    for (const r of runs) {
      if (r.errors.ingest) ingest.rows.push(errorRow(`ingest (${r.label})`, r, "ingest"));
      else if (r.ingestMs !== undefined)
        ingest.rows.push(
          row({
            measure: `ingest ${n(ITEMS)} items (${r.label})`,
            figure: `${fmtMs(r.ingestMs)} (${n(Math.round(ITEMS / (r.ingestMs / 1000)))} items/s)`,
            budget: r.label === "PGlite" ? `< ${BUDGET.ingestS} s` : "",
            status: r.label === "PGlite" ? verdict(r.ingestMs < BUDGET.ingestS * 1000) : "INFO",
            conditions: r.db,
          }),
        );
      if (r.errors.csv) csvTable.rows.push(errorRow(`CSV import (${r.label})`, r, "csv"));
      else if (r.csv)
        csvTable.rows.push(
          row({
            measure: `CSV import of ${n(ITEMS)} items (${r.label})`,
            figure: `${fmtMs(r.csv.ms)} (${n(Math.round(ITEMS / (r.csv.ms / 1000)))} items/s, ${(r.csv.bytes / 1e6).toFixed(1)} MB)`,
            budget: `< ${BUDGET.ingestS} s`,
            status: verdict(r.csv.ms < BUDGET.ingestS * 1000),
            conditions: r.db,
          }),
        );
      const floor = r.label === "PGlite" ? BUDGET.inboxPglite : BUDGET.inboxPg;
      if (r.inbox)
        inbox.rows.push(
          row({
            measure: `first page, 10 connections (${r.label})`,
            figure: `${fmtRate(r.inbox.reqPerSec)}, p99 ${r.inbox.p99} ms`,
            budget: `≥ ${n(floor)} req/s, p99 < ${BUDGET.p99} ms`,
            status: verdict(
              r.inbox.reqPerSec >= floor && r.inbox.p99 < BUDGET.p99 && r.inbox.errors + r.inbox.non2xx === 0,
            ),
            conditions: `${r.db}; ${describeLoad(r.inbox)}`,
          }),
        );
      if (r.inbox1)
        inbox.rows.push(
          row({
            measure: `first page, one connection (${r.label})`,
            figure: `p50 ${r.inbox1.p50} ms, p99 ${r.inbox1.p99} ms`,
            budget: "",
            status: "INFO",
            conditions: `${r.db}; ${describeLoad(r.inbox1)}`,
          }),
        );
      if (r.cold)
        inbox.rows.push(
          row({
            measure: `cold page (${r.label})`,
            figure: `p50 ${r.cold.p50} ms, p99 ${r.cold.p99} ms`,
            budget: `p99 < ${BUDGET.coldP99} ms`,
            status: verdict(r.cold.p99 < BUDGET.coldP99 && r.cold.errors + r.cold.non2xx === 0),
            conditions: `${r.db}; ${describeLoad(r.cold)}`,
          }),
        );
      if (r.errors.inbox) inbox.rows.push(errorRow(`inbox (${r.label})`, r, "inbox"));
      if (r.poll) {
        const p = r.poll;
        poll.rows.push(
          row({
            measure: `poll cycle (${r.label})`,
            figure: `${fmtMs(p.ms)}, ${n(p.created)} new items of ${n(p.expected)} published${p.failed ? `, ${p.failed} polls failed` : ""}`,
            budget: `< ${BUDGET.pollS} s`,
            status: verdict(p.ms < BUDGET.pollS * 1000 && p.failed === 0 && p.created === p.expected),
            conditions: r.db,
          }),
          row({
            measure: `other requests during the cycle (${r.label})`,
            figure: `p50 ${p.during.p50} ms, p99 ${p.during.p99} ms, max ${p.during.max} ms (${n(p.during.count)} requests, ${p.during.failed} failed)`,
            budget: `p99 < ${BUDGET.pollP99} ms`,
            status: verdict(p.during.p99 < BUDGET.pollP99 && p.during.failed === 0),
            conditions: r.db,
          }),
        );
      }
      if (r.errors.poll) poll.rows.push(errorRow(`poll cycle (${r.label})`, r, "poll"));
    }
    ingest.rows.push(...pgSkipRows(pgSkip, "ingest", ""));
    inbox.rows.push(...pgSkipRows(pgSkip, "inbox", `≥ ${n(BUDGET.inboxPg)} req/s`));
    poll.rows.push(...pgSkipRows(pgSkip, "poll cycle", `< ${BUDGET.pollS} s`));
    const scaled = ITEMS !== 100_000 || SOURCES !== 50 || POSTS !== 10_000 || QUICK;
    return {
      conditions: `${describeMachine(ctx.machine)}${scaled ? `; SCALED DOWN (items ${n(ITEMS)}, sources ${SOURCES}, posts ${n(POSTS)}${QUICK ? ", quick load runs" : ""}): not the budget's volume` : ""}`,
      tables: [ingest, csvTable, inbox, poll],
    };
  },
};
