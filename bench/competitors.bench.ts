import { readFileSync } from "node:fs";
import { diffTexts, normalizeText } from "../src/server/modules/monitoring/monitoring.diff.ts";
import { extractPage } from "../src/server/modules/monitoring/monitoring.extract.ts";
import { BenchSite, benchPage } from "./competitors/site.ts";
import { benchEnv, setupOwner } from "./lib/api-seed.ts";
import { type Api, type RunningBaton, startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import { cpuSeconds, makeTempDir, sleep } from "./lib/proc.ts";
import {
  type BudgetTable,
  describeMachine,
  fmtMs,
  loadAvg,
  median,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";
import { type Latencies, sample } from "./lib/sample.ts";

/**
 * Issue 14's monitoring budgets, through a real Baton checking a local fake website:
 * - a cycle of 1,000 monitors (100 kB pages, half of them changed since the last check) checked in < 60 s, the
 *   Baton process's RSS < 400 MB meanwhile, and other API requests p99 < 50 ms meanwhile;
 * - the CPU time of that cycle extrapolated to 5,000 monitors checked daily, as a share of one core (< 2%);
 * - the diff of two 200 kB pages < 50 ms (in the bench process, the engine's own functions).
 *
 * The fake site is 100 HTTP servers on 127.0.0.2 … 127.0.0.101: each is its own host name to the per-host
 * politeness queue (one request at a time per host, BATON_FETCH_HOST_DELAY_MS at its default of 1 s), as 100
 * competitors' sites would be. Scale: BENCH_COMPETITORS_MONITORS (1000), BENCH_COMPETITORS_HOSTS (100),
 * BENCH_COMPETITORS_DBS (pglite; "pglite,postgres" for both), BENCH_COMPETITORS_WAIT_S (300: longest round).
 * Parts: `competitors:cycle` (the cycle and CPU per day) or `competitors:diff` alone, leaving RESULTS.md as it is.
 */
const env = benchEnv("BENCH_COMPETITORS");
const MONITORS = env.num("MONITORS", 1000);
const HOSTS = env.num("HOSTS", 100);
const COMPETITORS = 10;
/** How long a round of checks may take before the run gives up (a heavily loaded machine needs more). */
const WAIT_MS = env.num("WAIT_S", 300) * 1000;
const BUDGET = { cycleS: 60, rssMb: 400, p99: 50, corePct: 2, diffMs: 50 };
const n = (x: number) => x.toLocaleString("en-US");

interface Out {
  label: Label;
  errors: Record<string, string>;
  baselineMs?: number;
  cycle?: {
    ms: number;
    checked: number;
    changed: number;
    failed: number;
    cpuS: number | null;
    rssMaxMb: number | null;
    /** RSS just before the cycle (every monitor has its first snapshot; nothing is being checked). */
    rssBeforeMb: number | null;
    during: Latencies;
    load: string;
  };
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (x: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

type M = {
  id: string;
  cid: string;
  version: number;
  health: { checks: number; lastChangeAt: string | null; consecutiveFailures: number };
};

/** Every monitor of the workspace (the health overview, 200 a page). */
async function allMonitors(api: Api, wid: string): Promise<M[]> {
  const out: M[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: (M & { competitorId: string })[]; nextCursor: string | null } = await api.call(
      "GET",
      `/workspaces/${wid}/monitors?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
    );
    out.push(...page.items.map((m) => ({ ...m, cid: m.competitorId })));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Enables (or pauses) every monitor: enabling arms its check for now. */
async function setEnabled(api: Api, wid: string, ms: M[], enabled: boolean) {
  await pool(ms, 16, async (m) => {
    const r = await api.call("PATCH", `/workspaces/${wid}/competitors/${m.cid}/monitors/${m.id}`, {
      version: m.version,
      enabled,
    });
    m.version = r.version;
  });
}

/**
 * Waits until every monitor shows `atLeast` checks. Progress is read from the overview's counts (one monitor and
 * the counts, as the health page polls them); the whole list (5 pages of 200) is read only once nothing is due
 * or being checked, to confirm. (Until 2026-12-07 the whole list was read every 250 ms: that watching alone cost
 * Baton ~10 of a cycle's ~37 CPU s.)
 */
async function waitChecks(api: Api, wid: string, atLeast: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { counts } = await api.call("GET", `/workspaces/${wid}/monitors?limit=1`);
    if (counts.due === 0 && counts.checking === 0) {
      const ms = await allMonitors(api, wid);
      if (ms.every((m) => m.health.checks >= atLeast)) return ms;
      if (performance.now() > deadline)
        throw new Error(`${ms.filter((m) => m.health.checks < atLeast).length} monitors not checked in time`);
    } else if (performance.now() > deadline)
      throw new Error(
        `${counts.due} monitors still due (${counts.checking} being checked) after ${timeoutMs} ms`,
      );
    await sleep(250);
  }
}

async function runOn(label: Label, db: { dataDir?: string; databaseUrl?: string }, log: (m: string) => void) {
  const out: Out = { label, errors: {} };
  const site = await new BenchSite().start(HOSTS);
  let baton: RunningBaton | null = null;
  try {
    // A loaded machine can take more than the default minute to start a PGlite Baton (migrations in WASM).
    baton = await startBaton(
      { ...db, env: { BATON_FETCH_ALLOW_PRIVATE: "1", BATON_JOB_POLL_MS: "1000" } },
      240_000,
    );
    const { api, wid, token } = await setupOwner(baton.base, "Competitive");
    const cids: string[] = [];
    for (let c = 0; c < COMPETITORS; c++)
      cids.push((await api.call("POST", `/workspaces/${wid}/competitors`, { name: `Rival ${c}` })).id);
    log(`  adding ${n(MONITORS)} monitors on ${HOSTS} local hosts`);
    await pool(
      Array.from({ length: MONITORS }, (_, i) => i),
      16,
      async (i) => {
        await api.call("POST", `/workspaces/${wid}/competitors/${cids[i % COMPETITORS]}/monitors`, {
          kind: "page",
          name: `Page ${i}`,
          url: site.url(i),
          enabled: false,
          intervalMinutes: 1440,
        });
      },
    );
    let ms = await allMonitors(api, wid);
    // The baseline: every monitor's first snapshot.
    let t0 = performance.now();
    await setEnabled(api, wid, ms, true);
    ms = await waitChecks(api, wid, 1, WAIT_MS);
    out.baselineMs = performance.now() - t0;
    log(`  baseline (first snapshots) in ${fmtMs(out.baselineMs)}`);
    // Half the pages change; one "check all now" queues every monitor's check: the measured cycle.
    site.flip(Array.from({ length: MONITORS }, (_, i) => i).filter((i) => i % 2 === 0));
    await sleep(2000);
    const pid = baton.child.pid;
    const cpu0 = cpuSeconds(pid);
    const rssBefore = rssMb(pid);
    let rssMax = rssBefore;
    const rssTimer = setInterval(() => {
      const r = rssMb(pid);
      if (r !== null && (rssMax === null || r > rssMax)) rssMax = r;
    }, 200);
    const load = loadAvg();
    t0 = performance.now();
    const since = new Date().toISOString();
    const cycle = (async () => {
      const { queued } = await api.call("POST", `/workspaces/${wid}/monitors/check`, {});
      if (queued !== ms.length) throw new Error(`${queued} of ${ms.length} checks queued`);
      return waitChecks(api, wid, 2, WAIT_MS);
    })();
    const during = await sample(
      baton.base,
      token,
      [
        `/workspaces/${wid}/competitors/${cids[0]}/monitors`,
        `/workspaces/${wid}/monitors?failing=true&limit=50`,
        "/health",
      ],
      cycle,
      20,
    );
    const after = await cycle;
    const ms1 = performance.now() - t0;
    clearInterval(rssTimer);
    const cpu1 = cpuSeconds(pid);
    out.cycle = {
      ms: ms1,
      checked: after.filter((m) => m.health.checks >= 2).length,
      changed: after.filter((m) => m.health.lastChangeAt && m.health.lastChangeAt >= since).length,
      failed: after.filter((m) => m.health.consecutiveFailures > 0).length,
      cpuS: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
      rssMaxMb: rssMax,
      rssBeforeMb: rssBefore,
      during,
      load,
    };
    log(
      `  cycle in ${fmtMs(ms1)}: ${out.cycle.changed} changed, ${out.cycle.failed} failing, CPU ${out.cycle.cpuS?.toFixed(1)} s`,
    );
  } catch (err) {
    out.errors.cycle = (err as Error).message;
  } finally {
    await baton?.stop().catch(() => undefined);
    await site.close();
  }
  return out;
}

/** The engine's diff on two 200 kB pages (extracted and normalized as a check does): median of 20 runs. */
async function diffBench() {
  const cfg = { selector: null, ignoreSelectors: [], ignorePatterns: [], pricing: false };
  const text = (html: string) => normalizeText(extractPage(html, cfg).text);
  const a = text(benchPage(7, 0, 200));
  const b = text(benchPage(7, 1, 200));
  // A heavier edit: every fifth paragraph rewritten.
  const lines = a.split("\n");
  const c = lines.map((l, i) => (i % 5 === 0 ? l.split(" ").reverse().join(" ") : l)).join("\n");
  const time = async (x: string, y: string) => {
    for (let i = 0; i < 5; i++) await diffTexts(x, y);
    const ts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await diffTexts(x, y);
      ts.push(performance.now() - t0);
    }
    return { median: median(ts), max: Math.max(...ts), size: Math.round((x.length + y.length) / 2048) };
  };
  return { typical: await time(a, b), heavy: await time(a, c), load: loadAvg() };
}

export const competitors: Section = {
  name: "competitors",
  title: "Competitor monitoring: a check cycle, CPU per day, diffs (issue 14)",
  async run(ctx) {
    process.env.BENCH_COMPETITORS_DBS ??= "pglite";
    const errs: Record<string, string> = {};
    const fail = failureRecorder(ctx, "competitors", errs);
    let diff: Awaited<ReturnType<typeof diffBench>> | null = null;
    try {
      if (ctx.wants("diff")) diff = await diffBench();
    } catch (err) {
      fail("diff", err);
    }
    const wanted = ctx.wants("cycle");
    if (!wanted) process.env.BENCH_COMPETITORS_DBS = "none";
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_COMPETITORS_DBS", async (t) =>
      runOn(
        t.label,
        t.pg
          ? { databaseUrl: await t.pg.createDatabase("baton_competitors") }
          : { dataDir: makeTempDir("baton-bench-competitors-") },
        ctx.log,
      ),
    );
    const cycle: BudgetTable = {
      title: `A cycle of ${n(MONITORS)} monitors (100 kB pages, half changed): < ${BUDGET.cycleS} s, RSS < ${BUDGET.rssMb} MB, API p99 < ${BUDGET.p99} ms meanwhile`,
      rows: [],
      notes: [
        `The fake site: ${HOSTS} HTTP servers in the bench process on 127.0.0.2 … 127.0.0.${HOSTS + 1} (distinct host names, so Baton's per-host politeness, one request at a time with a 1 s pause, applies per site as it would to ${HOSTS} competitors; ${MONITORS / HOSTS} pages per host). Pages ~100 kB of product-page HTML (sections, headings, lists), different per page, with volatile bits (CSRF token, users online, a date) on every load; half the pages get a new section, a reworded heading and a price before the measured cycle.`,
        "The cycle: one POST /monitors/check (check all now) queues every monitor's check as a durable job due now, as a day's scheduled checks fall due; measured from that request until every monitor shows its second check (the overview's counts polled every 250 ms until nothing is due or being checked, then every monitor read to confirm; until 2026-12-07 all 1,000 monitors were read every 250 ms, and that watching cost Baton ~10 CPU s a cycle). The checks run in Baton's job runner (8 at a time), the way scheduled checks do. (Until 2026-12-07 the cycle was armed by 1,000 PATCHes that paused and re-enabled every monitor, 16 at a time: that burst of writes, not the checks, held the sampler's requests ~60–150 ms in the cycle's first 5 s.) Meanwhile one client GETs a competitor's monitors, the failing-monitors overview and /health in turn (20 ms apart).",
        "Wall-clock figures depend on how much of the machine Baton gets: when other processes keep the load average far above the 2 cores (see the conditions), the process runs on a fraction of a core and the cycle takes its CPU seconds divided by that fraction. The CPU seconds do not depend on the load; with a free core the cycle would take about its CPU seconds (the checks' parsing and diffing run on one thread), or the politeness floor (pages per host × 1 s), whichever is larger.",
        "CPU per day: the Baton process's CPU seconds for the cycle (user + system, /proc), ÷ monitors × 5,000 ÷ 86,400 s. It includes the health polls and the sampler's requests, and half the pages changed (a diff, a change row, a snapshot): an upper bound for a day where a few pages change.",
      ],
    };
    const perDay: BudgetTable = {
      title: `5,000 monitors checked daily: < ${BUDGET.corePct}% of one core`,
      rows: [],
      notes: [],
    };
    for (const r of runs) {
      const c = r.cycle;
      const cond = c ? `${r.label}; load average ${c.load} at the start` : r.label;
      if (c) {
        cycle.rows.push(
          row({
            measure: `cycle of ${n(MONITORS)} checks (${r.label})`,
            figure: `${fmtMs(c.ms)} (${n(c.checked)} checked, ${n(c.changed)} changed, ${c.failed} failing)`,
            budget: `< ${BUDGET.cycleS} s`,
            status: verdict(c.ms < BUDGET.cycleS * 1000 && c.checked === MONITORS && c.failed === 0),
            conditions: cond,
          }),
          row({
            measure: `Baton RSS, highest (${r.label})`,
            figure:
              c.rssMaxMb === null
                ? "n/a"
                : `${Math.round(c.rssMaxMb)} MB (${c.rssBeforeMb === null ? "n/a" : Math.round(c.rssBeforeMb)} MB just before the cycle)`,
            budget: `< ${BUDGET.rssMb} MB`,
            status: c.rssMaxMb === null ? "SKIP" : verdict(c.rssMaxMb < BUDGET.rssMb),
            conditions: cond,
          }),
          row({
            measure: `API during the cycle (${r.label})`,
            figure: `p50 ${c.during.p50} ms, p99 ${c.during.p99} ms, max ${c.during.max} ms (${n(c.during.count)} requests, ${c.during.failed} failed)`,
            budget: `p99 < ${BUDGET.p99} ms`,
            status: verdict(c.during.p99 < BUDGET.p99 && c.during.failed === 0),
            conditions: cond,
          }),
        );
        if (c.cpuS !== null)
          cycle.rows.push(
            row({
              measure: `Baton's CPU during the cycle (${r.label})`,
              figure: `${c.cpuS.toFixed(1)} CPU s in ${fmtMs(c.ms)}: ${(c.cpuS / (c.ms / 1000)).toFixed(2)} cores on average`,
              budget: "—",
              status: "INFO",
              conditions: cond,
            }),
          );
        if (r.baselineMs !== undefined)
          cycle.rows.push(
            row({
              measure: `first snapshots of ${n(MONITORS)} monitors (${r.label})`,
              figure: fmtMs(r.baselineMs),
              budget: "—",
              status: "INFO",
              conditions: cond,
            }),
          );
        if (c.cpuS !== null) {
          const pct = ((c.cpuS / MONITORS) * 5000 * 100) / 86_400;
          perDay.rows.push(
            row({
              measure: `CPU for 5,000 checks a day (${r.label})`,
              figure: `${pct.toFixed(2)}% of one core (${c.cpuS.toFixed(1)} CPU s for ${n(MONITORS)} checks, ${((c.cpuS / MONITORS) * 1000).toFixed(0)} ms each)`,
              budget: `< ${BUDGET.corePct}%`,
              status: verdict(pct < BUDGET.corePct),
              conditions: cond,
            }),
          );
        }
      }
      if (r.errors.cycle)
        cycle.rows.push(errorRow(`cycle (${r.label})`, { errors: r.errors, db: r.label }, "cycle"));
    }
    cycle.rows.push(...pgSkipRows(pgSkip, "cycle", `< ${BUDGET.cycleS} s`));
    const diffTable: BudgetTable = {
      title: `Diff of two 200 kB pages: < ${BUDGET.diffMs} ms`,
      rows: [],
      notes: [
        "In the bench process: two ~200 kB product pages extracted and normalized as a check does, then diffTexts (patience line diff, then words inside changed lines); median of 20 runs after 5 warm-ups.",
      ],
    };
    if (diff) {
      diffTable.rows.push(
        row({
          measure: `a typical edit (a new section, a heading, a price; ${diff.typical.size} kB of text each)`,
          figure: `${diff.typical.median.toFixed(1)} ms median, ${diff.typical.max.toFixed(1)} ms max`,
          budget: `< ${BUDGET.diffMs} ms`,
          status: verdict(diff.typical.median < BUDGET.diffMs),
          conditions: `load average ${diff.load}`,
        }),
        row({
          measure: "a heavy edit (every fifth paragraph rewritten)",
          figure: `${diff.heavy.median.toFixed(1)} ms median, ${diff.heavy.max.toFixed(1)} ms max`,
          budget: "—",
          status: "INFO",
          conditions: `load average ${diff.load}`,
        }),
      );
    } else if (errs.diff)
      diffTable.rows.push(errorRow("diff", { errors: errs, db: "bench process" }, "diff"));
    return { conditions: describeMachine(ctx.machine), tables: [cycle, perDay, diffTable] };
  },
};
