import { writeFileSync } from "node:fs";
import path from "node:path";
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
import { makeTempDir, ROOT, spawnChild } from "./lib/proc.ts";
import {
  type BenchContext,
  type BudgetTable,
  describeMachine,
  fmtMs,
  loadAvg,
  median,
  noisy,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";
import { type Dataset, preparePglite, preparePostgres, scale } from "./prioritization/dataset.ts";
import {
  BACKLOG_QUERIES,
  COLD_TOP,
  checkBacklog,
  cliImportAvailable,
  cliStartMs,
  coldSlots,
  createEmptyProduct,
  type ImportFigures,
  importViaApi,
  importViaCli,
  type LoadSettings,
  loadBacklog,
  loadBacklogCold,
  loadBacklogColdTop,
  loadCast,
  measureRecompute,
  productTotal,
  type RecomputeFigures,
  writeImportCsv,
} from "./prioritization/measure.ts";

/**
 * Issue 3's budgets (ideas, factors, scoring rounds) on 10,000 ideas and 1,000,000 ratings, on PGlite and on
 * a throwaway PostgreSQL 15. Parts: prioritization:backlog, :cast, :recompute, :import (the dataset is always
 * prepared). BENCH_PRIO_DBS=pglite (or postgres) limits the databases while developing.
 */

const BUDGET = {
  backlogPglite: 500,
  backlogPg: 2000,
  backlogP99: 50,
  castP99: 20,
  recomputeMs: 2000,
  importMs: 10_000,
};
// BENCH_PRIO_QUICK=1: short runs while developing (use with a partial run, which leaves RESULTS.md alone).
const QUICK = process.env.BENCH_PRIO_QUICK === "1";
const LOAD: LoadSettings = QUICK
  ? { connections: 10, durationS: 2, warmupS: 1 }
  : { connections: 10, durationS: 10, warmupS: 3 };
const RECOMPUTE_RUNS = QUICK ? 2 : 5;
// BENCH_PRIO_DIAGNOSE=0 skips the step-by-step timing after the measurements.
const DIAGNOSE = process.env.BENCH_PRIO_DIAGNOSE !== "0";
const IMPORT_ROWS = 10_000;

interface DbRun {
  label: Label;
  db: string;
  dataset?: Dataset;
  backlog?: LoadResult;
  cold?: LoadResult & { requestsIssued: number };
  coldTop?: LoadResult & { requestsIssued: number };
  deep?: LoadResult;
  search?: LoadResult;
  vacuumed?: { cold: LoadResult; vacuumMs: number };
  bytes?: { page: number; deep: number; search: number; searchTotal: number };
  castSeq?: LoadResult;
  cast10?: LoadResult;
  recompute?: RecomputeFigures;
  import?: ImportFigures;
  importApi?: ImportFigures;
  cliStartMs?: number;
  diagnosis?: string[];
  loadBefore: Record<string, string>;
  errors: Record<string, string>;
}

const clean = (r: LoadResult) => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0;
const lat = (r: LoadResult) => `p50 ${r.p50} ms, p97.5 ${r.p97_5} ms, p99 ${r.p99} ms`;
const errs = (r: LoadResult) => `${r.errors + r.timeouts} errors, ${r.non2xx} non-2xx`;

async function runOn(
  ctx: BenchContext,
  label: Label,
  db: string,
  prepare: () => Promise<Dataset>,
  pg: ThrowawayPg | null,
): Promise<DbRun> {
  const out: DbRun = { label, db, loadBefore: {}, errors: {} };
  const fail = failureRecorder(ctx, `prioritization/${label}`, out.errors);
  ctx.log(`${label}: preparing the dataset`);
  try {
    out.dataset = await prepare();
    ctx.log(`  ${out.dataset.origin}`);
  } catch (err) {
    fail("dataset", err);
    return out;
  }
  const ds = out.dataset;
  const s = ds.seed;
  const opts = ds.databaseUrl ? { databaseUrl: ds.databaseUrl } : { dataDir: ds.dataDir };
  const extraPids = pg ? pg.pids : undefined;
  // Where the time goes: the same query functions and steps, timed one by one (server stopped).
  const runDiagnosis = async () => {
    try {
      ctx.log("  diagnosis: bench/prioritization/diagnose.ts");
      out.diagnosis = await diagnose(ds);
      for (const l of out.diagnosis) ctx.log(`    ${l}`);
    } catch (err) {
      fail("diagnosis", err);
    }
  };
  let baton: RunningBaton | null = null;
  try {
    baton = await startBaton({ ...opts, logLevel: "warn" }, 180_000);
    ctx.log(`  Baton healthy in ${(baton.startToHealthyMs / 1000).toFixed(1)} s`);

    if (ctx.wants("backlog")) {
      try {
        const b = await checkBacklog(baton, s);
        out.bytes = {
          page: b.pageBytes,
          deep: b.deepBytes,
          search: b.searchBytes,
          searchTotal: b.searchTotal,
        };
        for (const [key, query] of Object.entries(BACKLOG_QUERIES) as [
          keyof typeof BACKLOG_QUERIES,
          string,
        ][]) {
          ctx.log(`  backlog ${key}: GET …/ideas?${query}`);
          out.loadBefore[key] = loadAvg();
          const r = await loadBacklog(baton, s, query, LOAD, extraPids);
          out[key === "page" ? "backlog" : key] = r;
          ctx.log(`    ${describeLoad(r)}`);
          if (key === "page") {
            ctx.log("  backlog cold: limit=50 at rotating offsets, every request a cache miss");
            out.loadBefore.cold = loadAvg();
            out.cold = await loadBacklogCold(baton, s, LOAD, extraPids);
            ctx.log(`    ${describeLoad(out.cold)} (${out.cold.requestsIssued} requests issued)`);
            ctx.log("  backlog cold top: offsets 0-99, limits 50-69, every request a cache miss");
            out.loadBefore.coldTop = loadAvg();
            out.coldTop = await loadBacklogColdTop(baton, s, LOAD, extraPids);
            ctx.log(`    ${describeLoad(out.coldTop)} (${out.coldTop.requestsIssued} requests issued)`);
          }
        }
      } catch (err) {
        fail("backlog", err);
      }
    }
    if (ctx.wants("cast")) {
      try {
        ctx.log("  cast: one cell per request, sequential");
        out.loadBefore.castSeq = loadAvg();
        out.castSeq = await loadCast(baton, s, { ...LOAD, connections: 1 }, 1, extraPids);
        ctx.log(`    ${describeLoad(out.castSeq)}`);
        ctx.log(`  cast: one cell per request, ${LOAD.connections} connections`);
        out.loadBefore.cast10 = loadAvg();
        out.cast10 = await loadCast(baton, s, LOAD, 2, extraPids);
        ctx.log(`    ${describeLoad(out.cast10)}`);
      } catch (err) {
        fail("cast", err);
      }
    }
    if (ctx.wants("recompute")) {
      try {
        ctx.log(`  recompute: PUT /factors changing one weight, ${RECOMPUTE_RUNS} times`);
        out.loadBefore.recompute = loadAvg();
        out.recompute = await measureRecompute(baton, s, RECOMPUTE_RUNS);
        ctx.log(
          `    server ms ${out.recompute.serverMs.join(", ")}; wall ms ${out.recompute.wallMs.map(Math.round).join(", ")}`,
        );
      } catch (err) {
        fail("recompute", err);
      }
    }
    // PGlite never vacuums: show (for information) what the cold backlog costs once the dead row versions are gone.
    if (label === "PGlite" && ctx.wants("backlog") && out.cold && ds.dataDir) {
      try {
        await baton.stop();
        baton = null;
        // Diagnose the table as the server left it, before the VACUUM below changes it.
        if (DIAGNOSE) await runDiagnosis();
        ctx.log("  diagnostic: VACUUM ANALYZE on the PGlite data directory, then the cold backlog again");
        const t0 = performance.now();
        await vacuumPglite(ds.dataDir);
        const vacuumMs = performance.now() - t0;
        baton = await startBaton({ ...opts, logLevel: "warn" }, 180_000);
        out.loadBefore.vacuumed = loadAvg();
        const r = await loadBacklogCold(baton, s, LOAD, extraPids);
        out.vacuumed = { cold: r, vacuumMs };
        ctx.log(`    ${describeLoad(r)}`);
      } catch (err) {
        fail("vacuum diagnostic", err);
      }
    }
    if (ctx.wants("import")) {
      try {
        const csv = writeImportCsv(s, IMPORT_ROWS);
        out.loadBefore.import = loadAvg();
        if (cliImportAvailable()) {
          ctx.log("  import: baton ideas import (CLI)");
          // One process per PGlite directory: the server steps aside while the CLI imports.
          if (!ds.databaseUrl && baton) {
            await baton.stop();
            baton = null;
          }
          const env = ds.databaseUrl ? { DATABASE_URL: ds.databaseUrl } : { BATON_DATA_DIR: ds.dataDir };
          out.cliStartMs = await cliStartMs();
          out.import = await importViaCli(env, s, csv.file, csv.bytes, IMPORT_ROWS);
          ctx.log(`    ${fmtMs(out.import.ms)} via ${out.import.via}`);
          if (!baton) baton = await startBaton({ ...opts, logLevel: "warn" }, 180_000);
          const total = await productTotal(baton, s, s.importProductId);
          if (total !== IMPORT_ROWS)
            throw new Error(`the CLI import left ${total} ideas, not ${IMPORT_ROWS}`);
          ctx.log("  import (information): POST …/ideas/import into another empty product");
          const pid = await createEmptyProduct(baton, s, "Imported through the API");
          out.importApi = await importViaApi(baton, s, csv, IMPORT_ROWS, pid);
          ctx.log(`    ${fmtMs(out.importApi.ms)} via ${out.importApi.via}`);
        } else {
          ctx.log("  import: POST …/ideas/import (no `baton ideas import` in this tree)");
          if (!baton) baton = await startBaton({ ...opts, logLevel: "warn" }, 180_000);
          out.import = await importViaApi(baton, s, csv, IMPORT_ROWS);
          ctx.log(`    ${fmtMs(out.import.ms)} via ${out.import.via}`);
        }
      } catch (err) {
        fail("import", err);
      }
    }
  } catch (err) {
    fail("server", err);
  } finally {
    await baton?.stop().catch((err) => fail("stop", err));
  }
  if (DIAGNOSE && !out.diagnosis && !out.errors.diagnosis) await runDiagnosis();
  return out;
}

async function diagnose(ds: Dataset): Promise<string[]> {
  const seedFile = path.join(makeTempDir("prio-diag"), "seed.json");
  writeFileSync(seedFile, JSON.stringify(ds.seed));
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_PRIO_SEED: seedFile, LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  delete env.BATON_DATA_DIR;
  if (ds.databaseUrl) env.DATABASE_URL = ds.databaseUrl;
  else env.BATON_DATA_DIR = ds.dataDir;
  const child = spawnChild(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/prioritization/diagnose.ts")],
    { env },
  );
  const timer = setTimeout(() => void child.stop(2000), 10 * 60_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`diagnose.ts failed (${code}): ${child.tail()}`);
  return child
    .stdout()
    .split("\n")
    .map((l) => l.trimEnd())
    .filter(Boolean);
}

async function vacuumPglite(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, BATON_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawnChild(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/prioritization/vacuum.ts")],
    {
      env,
    },
  );
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`VACUUM failed: ${child.tail()}`);
}

/** One summary line per metric and database, for the table at the top of the section. */
interface SummaryLine {
  metric: string;
  figure: (r: DbRun) => string | null;
  budget: string;
  ok?: (r: DbRun) => boolean | null;
}

function buildTables(runs: DbRun[], pgSkip: string | null) {
  const tables: BudgetTable[] = [];
  const conditionsOf = (r: DbRun, key: string, x?: LoadResult) =>
    [
      r.db,
      `${scale().ideas.toLocaleString("en-US")} ideas, ${r.dataset?.seed.counts.ratings.toLocaleString("en-US") ?? "?"} ratings`,
      key ? `load avg before ${r.loadBefore[key] ?? "?"}` : "",
      x?.otherCores != null ? `other processes used ${x.otherCores.toFixed(2)} cores meanwhile` : "",
    ]
      .filter(Boolean)
      .join("; ");
  const skipRows = (measure: string, budget: string) => pgSkipRows(pgSkip, measure, budget);

  // Dataset
  const data: BudgetTable = { title: "Dataset", rows: [], notes: [] };
  for (const r of runs) {
    if (r.errors.dataset) data.rows.push(errorRow(`Seed (${r.label})`, r, "dataset"));
    else if (r.dataset) {
      const c = r.dataset.seed.counts;
      data.rows.push(
        row({
          measure: `Seed (${r.label})`,
          figure: r.dataset.origin,
          budget: "",
          status: "INFO",
          conditions: `${c.ideas.toLocaleString("en-US")} ideas, ${c.members} members (50 stakeholders), 4 default factors, ${c.ratings.toLocaleString("en-US")} ratings in ${c.closedRounds} closed rounds (each closed by closeRound), open round with ${c.openRoundRatings.toLocaleString("en-US")} ratings; phases (ms): ${Object.entries(
            r.dataset.seed.phasesMs,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
        }),
      );
    }
  }
  data.notes.push(
    `Seeding: users, workspace, product, ideas with their idea_scores rows (insertNewIdeas), rounds (createRound), tokens (createToken) through the services; ratings in bulk (INSERT … SELECT over round_ideas × round_voters × factors: values 1–5 from an idea-level tendency plus per-voter noise, ${4}% abstentions), round_voters.done = each voter's count of ratings; every round closed through closeRound; a rolled-back full re-score (recomputeWeighted) then changes no score or rank. ${scale().closedRounds} rounds × ${scale().ideasPerRound} ideas × ${scale().votersPerRound} voters × 4 factors. The open round (budget 2): the top ${scale().ideasPerRound} ideas × ${scale().votersPerRound} voters, about half the cells rated.`,
    "PGlite is seeded as the server leaves it (no VACUUM: PGlite has no autovacuum); the PostgreSQL database is vacuumed and analysed after seeding or restoring, as autovacuum would do within a minute.",
  );
  tables.push(data);

  // Budget 1
  const backlog: BudgetTable = {
    title: "Budget 1: ranked backlog page (GET …/ideas?limit=50, rank order, Bearer token)",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    const min = r.label === "PGlite" ? BUDGET.backlogPglite : BUDGET.backlogPg;
    if (r.errors.backlog) backlog.rows.push(errorRow(`Backlog (${r.label})`, r, "backlog"));
    if (r.backlog) {
      const x = r.backlog;
      backlog.rows.push(
        row({
          measure: `GET …/ideas?limit=50, first page by rank, served from the page cache (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}; ${r.bytes?.page.toLocaleString("en-US")} B${noisy(x)}`,
          budget: `≥ ${min.toLocaleString("en-US")} req/s, p99 < ${BUDGET.backlogP99} ms`,
          status: verdict(x.reqPerSec >= min && x.p99 < BUDGET.backlogP99 && clean(x)),
          conditions: `${LOAD.connections} connections, ${LOAD.durationS} s after ${LOAD.warmupS} s warm-up; the same URL every request, so all but the first are cache hits; ${conditionsOf(r, "page", x)}`,
        }),
      );
    }
    if (r.cold && r.dataset) {
      const x = r.cold;
      const slots = coldSlots(r.dataset.seed);
      const distinct = slots * 50;
      backlog.rows.push(
        row({
          measure: `Cold: GET …/ideas?limit=50&offset=…, every request a cache miss (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}${noisy(x)}`,
          budget: `same budget: ≥ ${min.toLocaleString("en-US")} req/s, p99 < ${BUDGET.backlogP99} ms`,
          status: verdict(x.reqPerSec >= min && x.p99 < BUDGET.backlogP99 && clean(x)),
          conditions: `offset of request i = (i mod ${slots}) × 50 + ⌊i / ${slots}⌋ mod 50 (0 … ${(distinct - 1).toLocaleString("en-US")}, full pages, ${distinct.toLocaleString("en-US")} distinct queries; ${x.requestsIssued.toLocaleString("en-US")} issued in warm-up and run, so ${x.requestsIssued > distinct ? `a query repeats only after ${(distinct - 1).toLocaleString("en-US")} others have pushed it out of the 500-page cache` : "none repeats"}); ${LOAD.connections} connections, ${LOAD.durationS} s after ${LOAD.warmupS} s warm-up; ${conditionsOf(r, "cold", x)}`,
        }),
      );
    }
    if (r.coldTop) {
      const x = r.coldTop;
      const distinct = COLD_TOP.offsets * COLD_TOP.limits;
      backlog.rows.push(
        row({
          measure: `Cold, near the top: GET …/ideas?limit=50…69&offset=0…99, every request a cache miss (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}${noisy(x)}`,
          budget: "information (what the first page costs when it must be built)",
          status: clean(x) ? "INFO" : "FAIL",
          conditions: `request i: offset i mod 100, limit 50 + ⌊i / 100⌋ mod 20 (${distinct.toLocaleString("en-US")} distinct queries; ${x.requestsIssued.toLocaleString("en-US")} issued in warm-up and run; a query repeats only after ${(distinct - 1).toLocaleString("en-US")} others, the cache keeps 500); ${LOAD.connections} connections, ${LOAD.durationS} s after ${LOAD.warmupS} s warm-up; ${conditionsOf(r, "coldTop", x)}`,
        }),
      );
    }
    for (const [key, what] of [
      ["deep", "page at offset 5000"],
      ["search", "search q=dash (prefix)"],
    ] as const) {
      const x = r[key];
      if (!x) continue;
      backlog.rows.push(
        row({
          measure: `GET …/ideas?${BACKLOG_QUERIES[key]}, ${what} (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}${key === "search" ? `; ${r.bytes?.searchTotal} matches` : ""}${noisy(x)}`,
          budget: "information",
          status: clean(x) ? "INFO" : "FAIL",
          conditions: `${LOAD.connections} connections, ${LOAD.durationS} s; the same URL every request (cache hits); ${conditionsOf(r, key, x)}`,
        }),
      );
    }
    if (r.vacuumed) {
      const x = r.vacuumed.cold;
      backlog.rows.push(
        row({
          measure: `Diagnostic: cold backlog (every request a miss) after VACUUM ANALYZE (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}${noisy(x)}`,
          budget: "diagnostic",
          status: clean(x) ? "INFO" : "FAIL",
          conditions: `VACUUM ANALYZE took ${fmtMs(r.vacuumed.vacuumMs)} (server stopped); ${conditionsOf(r, "vacuumed", x)}`,
        }),
      );
    }
    for (const [k, x] of [
      ["first page (cache hits)", r.backlog],
      ["cold (every request a miss)", r.cold],
      ["cold near the top (every request a miss)", r.coldTop],
      ["offset 5000 (cache hits)", r.deep],
      ["search (cache hits)", r.search],
      ["cold after VACUUM", r.vacuumed?.cold],
    ] as const)
      if (x) backlog.notes.push(`${r.label}, ${k}: ${describeLoad(x)}.`);
  }
  backlog.notes.push(
    "Since the page cache (keyed by the product's ideas_version, 500 pages, 30 s TTL), a repeated URL is served from memory: the first-page, offset-5000 and search rows measure cache hits (plus the ideas_version read every request does). The cold row is what a backlog read costs when the page must be built (page query, count, validation, JSON); it is judged against the same budget for comparison. No run sends If-None-Match, so there are no 304s (checked separately: the page has an ETag and answers 304 to it).",
  );
  backlog.rows.push(
    ...skipRows(
      "Backlog first page",
      `≥ ${BUDGET.backlogPg.toLocaleString("en-US")} req/s, p99 < ${BUDGET.backlogP99} ms`,
    ),
  );
  tables.push(backlog);

  // Budget 2
  const cast: BudgetTable = {
    title:
      "Budget 2: casting a rating (PUT …/rounds/:id/ratings, one cell, open round 500 ideas × 25 voters)",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.cast) cast.rows.push(errorRow(`Cast (${r.label})`, r, "cast"));
    for (const [key, how] of [
      ["castSeq", "sequential (1 connection)"],
      ["cast10", `${LOAD.connections} connections`],
    ] as const) {
      const x = r[key];
      if (!x) continue;
      cast.rows.push(
        row({
          measure: `PUT one rating, ${how} (${r.label})`,
          figure: `${fmtRate(x.reqPerSec)}; ${lat(x)}; ${errs(x)}${noisy(x)}`,
          budget: `p99 < ${BUDGET.castP99} ms`,
          status: verdict(x.p99 < BUDGET.castP99 && clean(x)),
          conditions: `random voter (own token) × idea × factor × value 1–5 per request; ${LOAD.durationS} s after ${LOAD.warmupS} s warm-up; ${conditionsOf(r, key, x)}`,
        }),
      );
      cast.notes.push(`${r.label}, ${how}: ${describeLoad(x)}.`);
    }
  }
  cast.rows.push(...skipRows("Cast", `p99 < ${BUDGET.castP99} ms`));
  tables.push(cast);

  // Budget 3
  const rec: BudgetTable = {
    title: "Budget 3: recompute after a weight change (PUT /factors, one weight)",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.recompute) rec.rows.push(errorRow(`Recompute (${r.label})`, r, "recompute"));
    const x = r.recompute;
    if (!x) continue;
    const worst = Math.max(...x.wallMs);
    rec.rows.push(
      row({
        measure: `PUT /workspaces/:wid/factors, one weight changed (${r.label})`,
        figure: `request: median ${fmtMs(median(x.wallMs))}, worst ${fmtMs(worst)}; server's recomputed.ms: median ${fmtMs(median(x.serverMs))}, worst ${fmtMs(Math.max(...x.serverMs))}; ${x.ideas.toLocaleString("en-US")} ideas`,
        budget: `< ${fmtMs(BUDGET.recomputeMs)} (worst request)`,
        status: verdict(worst < BUDGET.recomputeMs),
        conditions: `${RECOMPUTE_RUNS} sequential requests, the weight alternately +1 and back; ${conditionsOf(r, "recompute")}`,
      }),
    );
    rec.notes.push(
      `${r.label}: server ms ${x.serverMs.join(", ")}; request ms ${x.wallMs.map(Math.round).join(", ")}.`,
    );
  }
  rec.rows.push(...skipRows("Recompute", `< ${fmtMs(BUDGET.recomputeMs)}`));
  tables.push(rec);

  // Budget 4
  const imp: BudgetTable = { title: "Budget 4: CSV import of 10,000 ideas", rows: [], notes: [] };
  for (const r of runs) {
    if (r.errors.import) imp.rows.push(errorRow(`Import (${r.label})`, r, "import"));
    const x = r.import;
    if (!x) continue;
    imp.rows.push(
      row({
        measure: `Import ${x.rows.toLocaleString("en-US")} ideas (${r.label})`,
        figure: `${fmtMs(x.ms)}${x.dryRunMs !== null ? ` (dry run before it: ${fmtMs(x.dryRunMs)})` : ""}; ${x.created.toLocaleString("en-US")} created`,
        budget: `< ${fmtMs(BUDGET.importMs)}`,
        status: verdict(x.ms < BUDGET.importMs),
        conditions: `${x.via}; ${(x.bytes / 1e6).toFixed(1)} MB CSV (title, description, tags, owner email, effort, reach, impact, confidence, ease) into an empty second product; ${conditionsOf(r, "import")}`,
      }),
    );
  }
  for (const r of runs) {
    const x = r.importApi;
    if (!x) continue;
    imp.rows.push(
      row({
        measure: `Import ${x.rows.toLocaleString("en-US")} ideas through the API (${r.label})`,
        figure: `${fmtMs(x.ms)}${x.dryRunMs !== null ? ` (dry run before it: ${fmtMs(x.dryRunMs)})` : ""}; ${x.created.toLocaleString("en-US")} created`,
        budget: "information",
        status: "INFO",
        conditions: `${x.via}, same CSV, into a new empty product, server running; ${conditionsOf(r, "import")}`,
      }),
    );
  }
  for (const r of runs)
    if (r.cliStartMs !== undefined)
      imp.notes.push(
        `${r.label}: \`baton --version\` alone takes ${fmtMs(r.cliStartMs)} (Node start-up and loading the CLI through tsx), included in the CLI figure.`,
      );
  imp.rows.push(...skipRows("Import", `< ${fmtMs(BUDGET.importMs)}`));
  tables.push(imp);

  // Diagnosis
  const diag: BudgetTable = {
    title: "Where the time goes (bench/prioritization/diagnose.ts, server stopped)",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.diagnosis) diag.rows.push(errorRow(`Diagnosis (${r.label})`, r, "diagnosis"));
    const when =
      r.label === "PGlite"
        ? "after the measurements above (the recompute runs included), before the VACUUM diagnostic"
        : "at the end, after the recompute runs and the imports";
    if (r.diagnosis)
      diag.notes.push(
        `**${r.label}** (${when}):`,
        ...r.diagnosis.map((l) => `\`${l.replace(/\s+/g, " ")}\``),
      );
  }
  if (diag.rows.length || diag.notes.length) tables.push(diag);

  // Summary across databases.
  const byLabel = (l: Label) => runs.find((r) => r.label === l);
  const lines: SummaryLine[] = [
    {
      metric: "Backlog first page (cache hits), 10 conn: req/s",
      figure: (r) => (r.backlog ? `${Math.round(r.backlog.reqPerSec).toLocaleString("en-US")} req/s` : null),
      budget: `≥ ${BUDGET.backlogPglite} (PGlite), ≥ ${BUDGET.backlogPg.toLocaleString("en-US")} (PostgreSQL)`,
      ok: (r) =>
        r.backlog
          ? r.backlog.reqPerSec >= (r.label === "PGlite" ? BUDGET.backlogPglite : BUDGET.backlogPg) &&
            clean(r.backlog)
          : null,
    },
    {
      metric: "Backlog first page: p50 / p97.5 / p99",
      figure: (r) => (r.backlog ? `${r.backlog.p50} / ${r.backlog.p97_5} / ${r.backlog.p99} ms` : null),
      budget: `p99 < ${BUDGET.backlogP99} ms`,
      ok: (r) => (r.backlog ? r.backlog.p99 < BUDGET.backlogP99 : null),
    },
    {
      metric: "Backlog cold (every request a cache miss), 10 conn: req/s, p99",
      figure: (r) =>
        r.cold ? `${Math.round(r.cold.reqPerSec).toLocaleString("en-US")} req/s, p99 ${r.cold.p99} ms` : null,
      budget: `same as the first page (for comparison)`,
      ok: (r) =>
        r.cold
          ? r.cold.reqPerSec >= (r.label === "PGlite" ? BUDGET.backlogPglite : BUDGET.backlogPg) &&
            r.cold.p99 < BUDGET.backlogP99 &&
            clean(r.cold)
          : null,
    },
    {
      metric: "Backlog cold near the top (offsets 0–99, every request a miss): req/s, p99",
      figure: (r) =>
        r.coldTop
          ? `${Math.round(r.coldTop.reqPerSec).toLocaleString("en-US")} req/s, p99 ${r.coldTop.p99} ms`
          : null,
      budget: "information",
    },
    {
      metric: "Backlog offset 5000: req/s, p99",
      figure: (r) =>
        r.deep ? `${Math.round(r.deep.reqPerSec).toLocaleString("en-US")} req/s, p99 ${r.deep.p99} ms` : null,
      budget: "information",
    },
    {
      metric: "Backlog search q=dash: req/s, p99",
      figure: (r) =>
        r.search
          ? `${Math.round(r.search.reqPerSec).toLocaleString("en-US")} req/s, p99 ${r.search.p99} ms`
          : null,
      budget: "information",
    },
    {
      metric: "Cast one rating, sequential: p50 / p99",
      figure: (r) =>
        r.castSeq
          ? `${r.castSeq.p50} / ${r.castSeq.p99} ms (${Math.round(r.castSeq.reqPerSec)} req/s)`
          : null,
      budget: `p99 < ${BUDGET.castP99} ms`,
      ok: (r) => (r.castSeq ? r.castSeq.p99 < BUDGET.castP99 && clean(r.castSeq) : null),
    },
    {
      metric: "Cast one rating, 10 conn: p50 / p99",
      figure: (r) =>
        r.cast10 ? `${r.cast10.p50} / ${r.cast10.p99} ms (${Math.round(r.cast10.reqPerSec)} req/s)` : null,
      budget: `p99 < ${BUDGET.castP99} ms`,
      ok: (r) => (r.cast10 ? r.cast10.p99 < BUDGET.castP99 && clean(r.cast10) : null),
    },
    {
      metric: "Recompute after a weight change: worst request (server ms)",
      figure: (r) =>
        r.recompute
          ? `${fmtMs(Math.max(...r.recompute.wallMs))} (${fmtMs(Math.max(...r.recompute.serverMs))})`
          : null,
      budget: `< ${fmtMs(BUDGET.recomputeMs)}`,
      ok: (r) => (r.recompute ? Math.max(...r.recompute.wallMs) < BUDGET.recomputeMs : null),
    },
    {
      metric: "CSV import of 10,000 ideas",
      figure: (r) => (r.import ? fmtMs(r.import.ms) : null),
      budget: `< ${fmtMs(BUDGET.importMs)}`,
      ok: (r) => (r.import ? r.import.ms < BUDGET.importMs : null),
    },
  ];
  const cell = (r: DbRun | undefined, l: SummaryLine) =>
    !r ? (pgSkip ? "not measured" : "—") : (l.figure(r) ?? (Object.keys(r.errors).length ? "error" : "—"));
  const preamble = [
    "| metric | PGlite | PostgreSQL | budget | result |",
    "|---|---|---|---|---|",
    ...lines.map((l) => {
      const verdicts = (["PGlite", "PostgreSQL"] as Label[])
        .map((label) => {
          const r = byLabel(label);
          const ok = r && l.ok ? l.ok(r) : null;
          return ok === null ? null : { label, ok };
        })
        .filter((v): v is { label: Label; ok: boolean } => v !== null);
      const result = !l.ok
        ? "INFO"
        : !verdicts.length
          ? "—"
          : verdicts.every((v) => v.ok)
            ? "PASS"
            : `**FAIL** (${verdicts
                .filter((v) => !v.ok)
                .map((v) => v.label)
                .join(", ")})`;
      return `| ${l.metric} | ${cell(byLabel("PGlite"), l)} | ${cell(byLabel("PostgreSQL"), l)} | ${l.budget} | ${result} |`;
    }),
  ];
  return { tables, preamble };
}

/** How busy the rest of the (shared) machine was during the load runs. */
function busyNote(runs: DbRun[]) {
  const loads = runs.flatMap((r) =>
    [r.backlog, r.cold, r.coldTop, r.deep, r.search, r.vacuumed?.cold, r.castSeq, r.cast10].filter(
      (x): x is LoadResult => x !== undefined,
    ),
  );
  const other = Math.max(0, ...loads.map((x) => x.otherCores ?? 0));
  return other > 0.3
    ? `a shared machine: other processes used up to ${other.toFixed(2)} cores during some load runs (those figures are flagged noisy and are lower bounds)`
    : `other processes used at most ${other.toFixed(2)} cores during the load runs (the machine was quiet then; it was busy with other builds and tests before and between)`;
}

export const prioritization: Section = {
  name: "prioritization",
  title: "Prioritization: ranked backlog, rating, recompute and CSV import at 10,000 ideas / 1M ratings",
  async run(ctx) {
    const t0Load = loadAvg();
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_PRIO_DBS", (t) =>
      runOn(
        ctx,
        t.label,
        t.db,
        () => (t.pg ? preparePostgres(ctx, t.pg, "bench_prio") : preparePglite(ctx)),
        t.pg,
      ),
    );
    const { tables, preamble } = buildTables(runs, pgSkip);
    const conditions = [
      describeMachine(ctx.machine),
      `load average at the start ${t0Load}, at the end ${loadAvg()}; ${busyNote(runs)}`,
      `load: autocannon ${LOAD.connections} connections (1 for sequential), ${LOAD.durationS} s after ${LOAD.warmupS} s warm-up, in the bench process; server in its own process, LOG_LEVEL=warn`,
      `PostgreSQL binaries ${PG_BIN}`,
    ].join("; ");
    return { conditions, tables, preamble };
  },
};
