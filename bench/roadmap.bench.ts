import { appendFileSync } from "node:fs";
import { type BuildState, ensureWebBuild } from "./foundation/web-bundle.ts";
import { type RunningBaton, startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import { describeLoad, fmtRate, type LoadResult } from "./lib/load.ts";
import { PG_BIN, type ThrowawayPg } from "./lib/pg.ts";
import {
  type BenchContext,
  type BudgetTable,
  describeMachine,
  fmtMs,
  loadAvg,
  median,
  noisy,
  nowStamp,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";
import { type ApiFigures, measureApi } from "./roadmap/api.ts";
import { type Dataset, preparePglite, preparePostgres } from "./roadmap/dataset.ts";
import { clean, errs, lat } from "./roadmap/measure.ts";
import {
  ANSWERING_P99_MS,
  answering,
  measurePlan,
  type PlanFigures,
  SIDE_CONNECTIONS,
} from "./roadmap/plan.ts";
import {
  LAG_MAX_FRAME_MS,
  LAG_P95_MS,
  LONG_FRAME_MS,
  measureWeb,
  VIEWPORT,
  type WebFigures,
} from "./roadmap/web.ts";

/**
 * The roadmap issue's budgets: the roadmap API for 1,000 items (roadmap:api), the auto-planner on 500 items ×
 * 6 teams × 6 periods while the server keeps answering (roadmap:plan), and the timeline in Chromium
 * (roadmap:web). API and planner run on PGlite and on a throwaway PostgreSQL 15 (BENCH_ROADMAP_DBS=pglite or
 * postgres limits them), the timeline on the first of them. BENCH_ROADMAP_QUICK=1 shortens the load runs;
 * BENCH_ROADMAP_EARLY=file appends the API figures to a file as soon as they are measured.
 */

const BUDGET = { viewP99: 50, planMs: 10_000, planGap: 0.01, renderMs: 1000 };
const QUICK = process.env.BENCH_ROADMAP_QUICK === "1";
const LOAD = QUICK
  ? { connections: 10, durationS: 3, warmupS: 1 }
  : { connections: 10, durationS: 10, warmupS: 3 };
const TIME_LIMIT_S = 10;
const EARLY = process.env.BENCH_ROADMAP_EARLY;

interface DbRun {
  label: Label;
  db: string;
  dataset?: Dataset;
  api?: ApiFigures;
  plan?: PlanFigures;
  web?: WebFigures;
  errors: Record<string, string>;
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(2)} %`);
const n = (x: number) => x.toLocaleString("en-US");

function earlyReport(label: Label, f: Pick<ApiFigures, "check" | "single" | "view" | "viewGzip">) {
  if (!EARLY) return;
  const ok = (x: LoadResult) => (x.p99 < BUDGET.viewP99 && clean(x) ? "PASS" : "FAIL");
  appendFileSync(
    EARLY,
    [
      `${nowStamp()} UTC roadmap:api on ${label} (load avg ${loadAvg()}):`,
      `  GET …/roadmaps/:id, ${f.check.items} items, ${n(f.check.bytes)} B of JSON, first GET ${fmtMs(f.check.firstMs)}`,
      `  1 connection: ${describeLoad(f.single)}`,
      `  ${LOAD.connections} connections, no Accept-Encoding: ${describeLoad(f.view)} → ${ok(f.view)}`,
      `  ${LOAD.connections} connections, Accept-Encoding gzip: ${describeLoad(f.viewGzip)} → ${ok(f.viewGzip)}`,
      "",
    ].join("\n"),
  );
}

async function runOn(
  ctx: BenchContext,
  label: Label,
  db: string,
  prepare: () => Promise<Dataset>,
  pg: ThrowawayPg | null,
  withWeb: boolean,
): Promise<DbRun> {
  const out: DbRun = { label, db, errors: {} };
  const fail = failureRecorder(ctx, `roadmap/${label}`, out.errors);
  ctx.log(`${label}: seeding (bench/roadmap/seed.ts)`);
  try {
    out.dataset = await prepare();
    ctx.log(`  seeded in ${out.dataset.seedSeconds.toFixed(1)} s`);
  } catch (err) {
    fail("dataset", err);
    return out;
  }
  const ds = out.dataset;
  const opts = ds.databaseUrl ? { databaseUrl: ds.databaseUrl } : { dataDir: ds.dataDir };
  // The server decides at start whether it serves the web app: build it first (when missing or stale).
  let build: BuildState | null = null;
  if (withWeb && ctx.wants("web")) build = await ensureWebBuild(ctx.log);
  let baton: RunningBaton | null = null;
  try {
    baton = await startBaton({ ...opts, logLevel: "warn" }, 120_000);
    ctx.log(`  Baton healthy in ${(baton.startToHealthyMs / 1000).toFixed(1)} s`);
    if (ctx.wants("api")) {
      try {
        out.api = await measureApi(baton, ds.seed, LOAD, pg?.pids, ctx.log, (f) => earlyReport(label, f));
      } catch (err) {
        fail("api", err);
      }
    }
    if (ctx.wants("plan")) {
      try {
        out.plan = await measurePlan(baton, ds.seed, TIME_LIMIT_S, ctx.log);
      } catch (err) {
        fail("plan", err);
      }
    }
    if (build) {
      try {
        out.web = await measureWeb(baton, ds.seed, ctx.log, build);
        if (out.web.skip) ctx.log(`  web: SKIP: ${out.web.skip}`);
      } catch (err) {
        fail("web", err);
      }
    }
  } catch (err) {
    fail("server", err);
  } finally {
    await baton?.stop().catch((err) => fail("stop", err));
  }
  return out;
}

function buildTables(runs: DbRun[], pgSkip: string | null, ctx: BenchContext) {
  const tables: BudgetTable[] = [];
  const skipRow = (measure: string, budget: string) => pgSkipRows(pgSkip, measure, budget);
  const cond = (
    r: DbRun,
    key: string,
    figures: { loadBefore: Record<string, string> },
    x?: { otherCores: number | null } | null,
  ) =>
    [
      r.db,
      `load avg before ${figures.loadBefore[key] ?? "?"}`,
      x?.otherCores != null ? `other processes used ${x.otherCores.toFixed(2)} cores meanwhile` : "",
    ]
      .filter(Boolean)
      .join("; ");

  // Dataset
  const data: BudgetTable = { title: "Dataset", rows: [], notes: [] };
  for (const r of runs) {
    if (r.errors.dataset) data.rows.push(errorRow(`Seed (${r.label})`, r, "dataset"));
    if (!r.dataset) continue;
    const s = r.dataset.seed;
    const v = s.view.counts;
    const p = s.plan.counts;
    data.rows.push(
      row({
        measure: `Seed (${r.label})`,
        figure: `${r.dataset.seedSeconds.toFixed(1)} s`,
        budget: "",
        status: "INFO",
        conditions: `workspace A: roadmap of ${n(v.items)} items over 4 quarters (${v.planned} planned, ${v.candidates} candidates, ${v.inProgress} in progress, ${v.done} done, ${v.dropped} dropped; ${v.ideaItems} idea items, ${v.initiativesWithIdeas} initiatives grouping 2 ideas; ${v.objectiveLinked} linked to objectives, ${v.keyResultLinked} to key results; ${v.dependencies} dependencies; ${v.milestones} milestones), another roadmap of ${v.otherItems} planned items (${v.otherDependencies} dependencies) on the same ${v.teams} teams, ${v.objectives} objectives × 2 key results, ${v.members} people; workspace B: ${p.items} candidates × ${p.teams} teams × ${p.periods} months, ${p.dependencies} dependencies, capacity ${n(p.capacity)} vs ${n(p.effort)} effort needed; phases (ms): ${Object.entries(
          s.phasesMs,
        )
          .map(([k, x]) => `${k} ${x}`)
          .join(", ")}`,
      }),
    );
  }
  data.notes.push(
    "Seeding (bench/roadmap/seed.ts, a child process before the server starts): users, workspaces, members, teams with allocations (capacity in workspace A derived from them), products, 120 ideas, objectives with key results, workspace B's hand-set capacity, roadmaps and API tokens through the services; items with their efforts, links, dependencies, a `created` change record each, and milestones in bulk into the tables POST …/items and …/milestones write (creating 1,000 items one by one through the API takes about 70 s on PGlite, because each answer recomputes the whole roadmap).",
    "Workspace A's roadmaps are quarterly, 4 quarters from the current one; items have efforts of 1–5 person-days on 1–3 of the 6 teams (5 % none), values 1–100 (valueOverride; half the idea items take their idea's score), 60 % a problem, outcome and success target. Workspace B is generatePlanInstance(seed 20260, 500 items, 6 teams, 6 periods, 100 dependencies) from src/server/modules/planner/planner.fixtures.ts: values 1–100, efforts 0–15 person-days on 1–3 teams, capacities 60–120 per team-month set by hand (PUT …/capacity's service), a monthly roadmap of 6 months from the current one.",
  );
  tables.push(data);

  // Budget: API
  const api: BudgetTable = {
    title: "Budget: roadmap API for 1,000 items (GET …/roadmaps/:id, the full view), p99 < 50 ms",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.api) api.rows.push(errorRow(`Roadmap API (${r.label})`, r, "api"));
    const a = r.api;
    if (!a) continue;
    const vol = `${a.check.items} items, ${a.check.dependencies} dependencies, ${a.check.milestones} milestones, ${n(a.check.bytes)} B per response`;
    const viewRow = (x: LoadResult, how: string, key: string) =>
      row({
        measure: `GET …/roadmaps/:id, ${LOAD.connections} connections, ${how} (${r.label})`,
        figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}; ${n(x.bytesPerReq)} B per response${noisy(x)}`,
        budget: `p99 < ${BUDGET.viewP99} ms`,
        status: verdict(x.p99 < BUDGET.viewP99 && clean(x)),
        conditions: `${vol}; Bearer token; the same URL every request (the server's view cache answers all but the first); ${LOAD.durationS} s after a warm-up of ${a.warmRequests} sequential requests (~${LOAD.warmupS} s); ${cond(r, key, a, x)}`,
      });
    api.rows.push(
      viewRow(a.viewGzip, "Accept-Encoding: gzip, deflate, br (as the web app asks)", "viewGzip"),
      viewRow(a.view, "no Accept-Encoding (plain JSON)", "view"),
    );
    if (a.viewEtag)
      api.rows.push(
        row({
          measure: `GET …/roadmaps/:id, ${LOAD.connections} connections, revalidating with If-None-Match (${r.label})`,
          figure: `${fmtRate(a.viewEtag.reqPerSec)}; ${lat(a.viewEtag)}; ${errs(a.viewEtag)} (304 Not Modified counts as non-2xx here: ${n(a.viewEtag.total)} requests)${noisy(a.viewEtag)}`,
          budget: "information",
          status: a.viewEtag.errors === 0 && a.viewEtag.total > 0 ? "INFO" : "FAIL",
          conditions: `the ETag of the current view; ${Math.max(3, Math.round(LOAD.durationS / 2))} s; ${cond(r, "viewEtag", a, a.viewEtag)}`,
        }),
      );
    api.rows.push(
      row({
        measure: `GET …/roadmaps/:id, 1 connection, plain JSON (${r.label})`,
        figure: `${fmtRate(a.single.reqPerSec)}; ${lat(a.single)}; ${errs(a.single)}${noisy(a.single)}; the first GET after start (the cache empty) ${fmtMs(a.check.firstMs)}`,
        budget: "information (one request alone)",
        status: clean(a.single) ? "INFO" : "FAIL",
        conditions: `${Math.max(3, Math.round(LOAD.durationS / 2))} s, right after the warm-up; ${cond(r, "single", a, a.single)}`,
      }),
      row({
        measure: `PATCH …/roadmap-items/:id, move one item between two quarters, sequential (${r.label})`,
        figure: `p50 ${fmtMs(a.patch.p50)}, p99 ${fmtMs(a.patch.p99)}, max ${fmtMs(a.patch.max)} (${a.patch.n} requests)`,
        budget: "information",
        status: "INFO",
        conditions: `one connection, each request with the version the previous answer returned and a reason, each followed by the GET below; ${cond(r, "patch", a)}`,
      }),
      row({
        measure: `GET …/roadmaps/:id right after each PATCH (the write invalidated the cache) (${r.label})`,
        figure: `p50 ${fmtMs(a.afterWrite.p50)}, p99 ${fmtMs(a.afterWrite.p99)}, max ${fmtMs(a.afterWrite.max)} (${a.afterWrite.n} requests)`,
        budget: "information (what a timeline reload costs after a move)",
        status: "INFO",
        conditions: `sequential, Node's fetch (Accept-Encoding: gzip, deflate); ${cond(r, "patch", a)}`,
      }),
      row({
        measure: `GET …/compare?from=<saved version>&to=current, 1 connection (${r.label})`,
        figure: `${fmtRate(a.compare.reqPerSec)}; ${lat(a.compare)}; ${errs(a.compare)}${noisy(a.compare)}; ${n(a.compareCheck.bytes)} B (${a.compareCheck.moved} moved, ${a.compareCheck.changed} changed, ${a.compareCheck.unchanged} unchanged)`,
        budget: "information",
        status: clean(a.compare) ? "INFO" : "FAIL",
        conditions: `version ${a.version.number} saved (POST …/versions, ${fmtMs(a.version.ms)}) before the PATCH runs, which end with the item back in its quarter; ${cond(r, "compare", a, a.compare)}`,
      }),
    );
    api.notes.push(
      `${r.label}, ${LOAD.connections} connections, gzip: ${describeLoad(a.viewGzip)}.`,
      `${r.label}, ${LOAD.connections} connections, plain JSON: ${describeLoad(a.view)}.`,
      `${r.label}, 1 connection: ${describeLoad(a.single)}.`,
      `${r.label}, PATCH samples (ms): ${a.patch.samples.map(Math.round).join(", ")}.`,
    );
  }
  api.rows.push(...skipRow("Roadmap API", `p99 < ${BUDGET.viewP99} ms`));
  if (ctx.wants("api")) tables.push(api);

  // Budget: planner
  const plan: BudgetTable = {
    title: `Budget: auto-planner on 500 items × 6 teams × 6 months with 100 dependencies, optimal or ≤ 1 % proven gap within 10 s, while the server keeps answering`,
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.plan) plan.rows.push(errorRow(`Planner (${r.label})`, r, "plan"));
    const p = r.plan;
    if (!p) continue;
    const s = p.solver;
    const ok =
      (s.status === "optimal" || (s.gap !== null && s.gap <= BUDGET.planGap)) && s.elapsedMs <= BUDGET.planMs;
    plan.rows.push(
      row({
        measure: `POST …/roadmaps/:id/plan {scope all, weightByObjective false, timeLimitSeconds ${TIME_LIMIT_S}} (${r.label})`,
        figure: `${s.status} (${s.method}), gap ${pct(s.gap)} (value ${n(s.objective)}, bound ${s.bound === null ? "—" : n(s.bound)}), solver elapsedMs ${n(s.elapsedMs)}; request ${fmtMs(p.wallMs)}; ${p.candidates} candidates, ${p.added} planned${s.message ? `; ${s.message}` : ""}`,
        budget: `status optimal or gap ≤ ${BUDGET.planGap * 100} %, and elapsedMs ≤ ${n(BUDGET.planMs)}`,
        status: verdict(ok),
        conditions: `server used ${p.serverCores === null ? "?" : p.serverCores.toFixed(2)} cores during the request (main thread + HiGHS worker), with the side load below running; ${cond(r, "plan", p)}`,
      }),
    );
    for (const [i, d] of p.during.entries()) {
      const b = p.baseline[i];
      plan.rows.push(
        row({
          measure: `${d.route} while the planner runs (${r.label})`,
          figure: `p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms; ${d.errors} errors (${d.timeouts} timeouts), ${d.non2xx} non-2xx; ${n(d.requests)} requests (${Math.round(d.reqPerSec)} req/s) — without the planner: p50 ${b.p50} ms, p99 ${b.p99} ms, ${Math.round(b.reqPerSec)} req/s`,
          budget: `keeps answering: p99 < ${ANSWERING_P99_MS} ms, no error or non-2xx`,
          status: verdict(answering(d)),
          conditions: `autocannon ${SIDE_CONNECTIONS} connections on this route and ${SIDE_CONNECTIONS} on the other, from 0.3 s before the plan request to 0.5 s after its answer (${d.durationS.toFixed(1)} s); baseline ${b.durationS.toFixed(0)} s just before; ${cond(r, "plan", p)}`,
        }),
      );
    }
    plan.rows.push(
      row({
        measure: `POST /plans/:id/apply, accept all (${r.label})`,
        figure: `${fmtMs(p.apply.ms)}, ${p.apply.applied} moves applied; afterwards ${p.check.planned} items planned, ${p.check.overloaded.length} team-months over capacity, ${p.check.brokenDeps} of ${p.check.dependencies} dependencies broken`,
        budget: "information (and the plan must be valid)",
        status: p.check.overloaded.length === 0 && p.check.brokenDeps === 0 ? "INFO" : "FAIL",
        conditions: `checked through GET …/roadmaps/:id (load cells and dependencies); ${cond(r, "apply", p)}`,
      }),
    );
    if (p.check.overloaded.length)
      plan.notes.push(`${r.label}: over capacity: ${p.check.overloaded.join("; ")}.`);
  }
  plan.notes.push(
    `"Keeps answering" is defined as: during the plan request, every side request answered with a 2xx, none failed or timed out, and p99 latency under ${ANSWERING_P99_MS} ms on each route. The HiGHS solve runs in a worker thread; on this 2-core machine it takes one core, so the server's main thread, autocannon and PostgreSQL share the other.`,
    `The planner's elapsedMs includes building the model and the greedy start; HiGHS gets time_limit = timeLimitSeconds, so a solve that reaches the limit reports a little over ${TIME_LIMIT_S} s.`,
  );
  plan.rows.push(...skipRow("Planner", "optimal or gap ≤ 1 % within 10 s"));
  if (ctx.wants("plan")) tables.push(plan);

  // Budget: web
  const web: BudgetTable = {
    title: "Budget: the timeline renders 1,000 items in < 1 s in Chromium and drags without visible lag",
    rows: [],
    notes: [],
  };
  const lagBudget = `no visible lag: p95 frame ≤ ${LAG_P95_MS} ms and no frame > ${LAG_MAX_FRAME_MS} ms`;
  const frameFig = (f: { p95: number; max: number; long: number; frames: number[] }) =>
    `p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.long} frames > ${LONG_FRAME_MS} ms (${f.frames.length} frames)`;
  const wr = runs.find((r) => r.web || r.errors.web);
  if (wr?.errors.web) web.rows.push(errorRow(`Timeline (${wr.label})`, wr, "web"));
  const w = wr?.web;
  if (w?.skip) {
    web.rows.push(
      row({
        measure: "Timeline render and drag",
        figure: "not measured",
        budget: `< ${BUDGET.renderMs} ms; ${lagBudget}`,
        status: "SKIP",
        conditions: w.skip,
      }),
    );
  } else if (w && wr) {
    const wc = `${wr.db}; Chromium ${VIEWPORT.width}×${VIEWPORT.height}, headless, --disable-gpu; dist/web (${w.build}); logged in as the owner (POST /auth/login)`;
    if (w.warm.length) {
      const med = median(w.warm.map((s) => s.renderedMs));
      const cards = Math.min(...w.warm.map((s) => s.cards));
      web.rows.push(
        row({
          measure: `Timeline of the ${n(w.items)}-item roadmap: navigation start → the first frame with every card it renders (median of ${w.warm.length} loads)`,
          figure: `${fmtMs(med)} (loads: ${w.warm.map((s) => fmtMs(s.renderedMs)).join(", ")}); ${cards} of the ${n(w.items)} items' cards in the DOM (lanes further down render as they come near the view, see the scroll row); the view's API response had arrived at ${w.warm.map((s) => (s.apiEndMs === null ? "?" : fmtMs(s.apiEndMs))).join(", ")}`,
          budget: `< ${fmtMs(BUDGET.renderMs)}`,
          status: verdict(med < BUDGET.renderMs),
          conditions: `${wc}; warm HTTP cache (after a first load), a full navigation each; cards ([data-item-id]) counted in every animation frame, complete = the count then unchanged for 1.5 s, timed at the next frame; load avg before ${w.loadBefore.warm}`,
        }),
      );
    }
    if (w.cold)
      web.rows.push(
        row({
          measure: "Timeline, first load (empty HTTP cache)",
          figure: `${fmtMs(w.cold.renderedMs)}; ${w.cold.cards} cards; API response at ${w.cold.apiEndMs === null ? "?" : fmtMs(w.cold.apiEndMs)}, DOMContentLoaded ${w.cold.domContentLoadedMs === null ? "?" : fmtMs(w.cold.domContentLoadedMs)}`,
          budget: "information",
          status: "INFO",
          conditions: `${wc}; load avg before ${w.loadBefore.cold}`,
        }),
      );
    if (w.scroll)
      web.rows.push(
        row({
          measure: "Scroll the timeline to its end (mouse wheel): the rest of the cards, and frame times",
          figure: `${w.scroll.before} → ${w.scroll.after} cards, all in the DOM ${fmtMs(w.scroll.allMs)} after the first wheel event (${n(Math.round(w.scroll.scrolledPx))} px); frames ${frameFig(w.scroll)}`,
          budget: "information",
          status: "INFO",
          conditions: `wheel steps of 400 px every ~16 ms over the timeline's scroller; load avg before ${w.loadBefore.scroll}`,
        }),
      );
    else if (w.scrollError)
      web.rows.push(
        row({
          measure: "Scroll the timeline to its end",
          figure: "not measured",
          budget: "information",
          status: "SKIP",
          conditions: w.scrollError,
        }),
      );
    if (w.drags.length) {
      const all = w.drags.flatMap((d) => d.frames);
      const sorted = [...all].sort((a, b) => a - b);
      const f = {
        frames: all,
        p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)],
        max: sorted.at(-1) ?? Number.NaN,
        long: all.filter((x) => x > LONG_FRAME_MS).length,
      };
      web.rows.push(
        row({
          measure: "Drag a card to the next quarter and back, twice: frame times (requestAnimationFrame)",
          figure: `${frameFig(f)}${w.drags.some((d) => d.longAt.length) ? `; long frames: ${w.drags.map((d, i) => `drag ${i + 1}: ${d.longAt.join(", ") || "none"}`).join("; ")}` : ""}`,
          budget: lagBudget,
          status: verdict(f.p95 <= LAG_P95_MS && f.max <= LAG_MAX_FRAME_MS),
          conditions: `${w.drags.length} drags of one card within its lane, 40 pointer moves each (Playwright mouse, ~16 ms apart); frames from pointer down until the card shows in its new period, + 200 ms; ${wc}; load avg before ${w.loadBefore.drag}`,
        }),
        row({
          measure: "Drop → the card shows in its new period",
          figure: w.drags
            .map(
              (d) =>
                `${d.from.slice(0, 7)}→${d.to.slice(0, 7)}: ${d.shownMs === null ? "never (10 s)" : fmtMs(d.shownMs)}${d.savedMs === null ? "" : `, PATCH answered at ${fmtMs(d.savedMs)}`}; the API then reads ${d.persisted?.slice(0, 7) ?? "no period"}`,
            )
            .join("; "),
          budget: "information",
          status: w.drags.every((d) => d.shownMs !== null && d.persisted === d.to) ? "INFO" : "FAIL",
          conditions:
            "from pointerup (event time) to the first animation frame with the card inside the target period's cell",
        }),
      );
    } else if (w.dragError) {
      web.rows.push(
        row({
          measure: "Drag a card to the next quarter",
          figure: "not measured",
          budget: lagBudget,
          status: "SKIP",
          conditions: w.dragError,
        }),
      );
    }
    if (w.problems.length)
      web.notes.push(`Browser console: ${[...new Set(w.problems)].slice(0, 5).join(" | ")}.`);
  } else if (ctx.wants("web") && !wr) {
    web.rows.push(
      row({
        measure: "Timeline",
        figure: "not measured",
        budget: "",
        status: "SKIP",
        conditions: "no database run",
      }),
    );
  }
  web.notes.push(
    'Cards are the elements with data-item-id (or data-testid="roadmap-card"); a card\'s period is read from data-period on an ancestor, else from its cell\'s aria-label ("<lane>, <period label>"). Measured on the first database of the run only (the page\'s cost hardly depends on it).',
  );
  if (ctx.wants("web")) tables.push(web);
  return tables;
}

export const roadmap: Section = {
  name: "roadmap",
  title: "Roadmap: API for 1,000 items, auto-planner at 500 × 6 × 6, timeline in Chromium",
  async run(ctx) {
    const t0Load = loadAvg();
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_ROADMAP_DBS", (t) =>
      runOn(
        ctx,
        t.label,
        t.db,
        () => (t.pg ? preparePostgres(ctx, t.pg, "bench_roadmap") : preparePglite(ctx)),
        t.pg,
        t.first,
      ),
    );
    const tables = buildTables(runs, pgSkip, ctx);
    const loads: LoadResult[] = runs.flatMap((r) =>
      r.api ? [r.api.view, r.api.viewGzip, r.api.single, r.api.compare] : [],
    );
    const other = Math.max(0, ...loads.map((x) => x.otherCores ?? 0));
    const conditions = [
      describeMachine(ctx.machine),
      `load average at the start ${t0Load}, at the end ${loadAvg()}${loads.length ? `; other processes used up to ${other.toFixed(2)} cores during the API load runs${other > 0.3 ? " (figures flagged noisy are lower bounds)" : ""}` : ""}`,
      `load: autocannon ${LOAD.connections} connections, ${LOAD.durationS} s after ~${LOAD.warmupS} s of sequential warm-up requests, in the bench process; server in its own process, LOG_LEVEL=warn`,
      `PostgreSQL binaries ${PG_BIN}`,
    ].join("; ");
    return { conditions, tables };
  },
};
