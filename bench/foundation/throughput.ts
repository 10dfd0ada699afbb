import path from "node:path";
import { type BatonOptions, seedViaApi, startBaton } from "../lib/baton.ts";
import { describeLoad, fmtRate, type LoadResult, measureLoad } from "../lib/load.ts";
import type { ThrowawayPg } from "../lib/pg.ts";
import { freePort, makeTempDir, ROOT, removeTempDir, spawnChild } from "../lib/proc.ts";
import { type BenchContext, type BudgetTable, loadAvg, type Row, row, verdict } from "../lib/report.ts";
import { errorRow } from "./startup.ts";

export interface ThroughputSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  /** Shorter runs for diagnostic rows that have no budget. */
  diagDurationS: number;
}

const noise = (r: LoadResult) =>
  r.otherCores === null ? "" : `other processes used ${r.otherCores.toFixed(2)} cores during the run`;
/** Flags a figure taken while other processes took a noticeable share of the machine. */
const noisy = (r: LoadResult) =>
  r.otherCores !== null && r.otherCores > 0.3
    ? ` (noisy: other processes used ${r.otherCores.toFixed(1)} cores)`
    : "";
const clean = (r: LoadResult) => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0;

/** The ceiling: bench/bare-server.ts (one JSON route, plain Fastify 5) in its own process, same load settings. */
async function measureBare(set: ThroughputSettings): Promise<LoadResult> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: "warn" };
  const child = spawnChild(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/bare-server.ts")], {
    env,
  });
  try {
    await child.waitForLine(/bare ready/, 30_000);
    return await measureLoad({
      url: `http://127.0.0.1:${port}/product`,
      connections: set.connections,
      durationS: set.durationS,
      warmupS: set.warmupS,
      serverPid: child.pid,
    });
  } finally {
    await child.stop();
  }
}

interface KindResult {
  bearer: LoadResult;
  cookie: LoadResult;
  publicRoute: LoadResult;
  volume: string;
  bodyBytes: number;
}

/** Starts Baton on one database, seeds it through the API, then loads GET /workspaces/:wid/products/:id. */
async function measureBaton(
  ctx: BenchContext,
  opts: BatonOptions,
  set: ThroughputSettings,
  pg: ThrowawayPg | null,
): Promise<KindResult> {
  const baton = await startBaton({ ...opts, logLevel: "warn" });
  try {
    ctx.log("  seeding through the API");
    const seed = await seedViaApi(baton.base);
    const url = `${baton.base}/api/v1/workspaces/${seed.workspaceId}/products/${seed.productId}`;
    const bearer = { authorization: `Bearer ${seed.token}` };
    const cookie = { cookie: `baton_session=${seed.sessionCookie}` };
    // Sanity: both credentials really fetch the product (a 401 storm would look fast).
    let bodyBytes = 0;
    for (const headers of [bearer, cookie]) {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      if (res.status !== 200 || JSON.parse(text).id !== seed.productId) {
        throw new Error(`sanity GET failed: ${res.status} ${text.slice(0, 300)}`);
      }
      bodyBytes = text.length;
    }
    const common = {
      url,
      connections: set.connections,
      warmupS: set.warmupS,
      serverPid: baton.child.pid,
      extraPids: pg ? pg.pids : undefined,
    };
    ctx.log("  bearer token");
    const b = await measureLoad({ ...common, headers: bearer, durationS: set.durationS });
    ctx.log("  session cookie");
    const c = await measureLoad({ ...common, headers: cookie, durationS: set.durationS });
    ctx.log("  diagnostic: public route without database (GET /api/v1/permissions)");
    const p = await measureLoad({
      ...common,
      url: `${baton.base}/api/v1/permissions`,
      durationS: set.diagDurationS,
      warmupS: 1,
    });
    return { bearer: b, cookie: c, publicRoute: p, volume: seed.volume, bodyBytes };
  } finally {
    await baton.stop();
  }
}

/** Budget 2: authenticated GET of a small resource, 10 connections, against the bare-Fastify ceiling. */
export async function measureThroughput(
  ctx: BenchContext,
  pg: ThrowawayPg | null,
  pgSkipReason: string | null,
  set: ThroughputSettings,
): Promise<BudgetTable> {
  const table: BudgetTable = { title: "Authenticated GET of a small resource", rows: [], notes: [] };
  const load = `${set.connections} connections, ${set.durationS} s after ${set.warmupS} s warm-up, autocannon in the bench process, server in its own process`;

  // The ceiling is measured right before each database's runs: on a shared machine the background load
  // changes by the minute, and a ratio against a ceiling taken under other conditions would mislead.
  const measureCeiling = async (label: string): Promise<LoadResult | null> => {
    ctx.log(`throughput: bare Fastify ceiling (before ${label})`);
    try {
      const la = loadAvg();
      const bare = await measureBare(set);
      table.rows.push(
        row({
          measure: `Ceiling: bare Fastify 5, one JSON route (bench/bare-server.ts), before ${label}`,
          figure: `${fmtRate(bare.reqPerSec)}, p50 ${bare.p50} ms, p99 ${bare.p99} ms${noisy(bare)}`,
          budget: "ceiling",
          status: clean(bare) ? "INFO" : "FAIL",
          conditions: `${load}; ${bare.bytesPerReq} B responses; ${noise(bare)}; load avg before ${la}`,
        }),
      );
      table.notes.push(`Bare ceiling before ${label}: ${describeLoad(bare)}.`);
      return bare;
    } catch (err) {
      ctx.markCrashed(`throughput/bare: ${(err as Error).message}`);
      table.rows.push(errorRow("Ceiling: bare Fastify", err));
      return null;
    }
  };

  const kinds: { label: string; budget: number; run: () => Promise<KindResult>; db: string }[] = [];
  const dir = makeTempDir("load");
  kinds.push({
    label: "PGlite",
    budget: 1000,
    db: "PGlite (in-process WASM)",
    run: () => measureBaton(ctx, { dataDir: path.join(dir, "data") }, set, null),
  });
  if (pg) {
    kinds.push({
      label: "PostgreSQL",
      budget: 4000,
      db: `PostgreSQL ${pg.version} (same machine, pool of 10)`,
      run: async () => measureBaton(ctx, { databaseUrl: await pg.createDatabase("bench_load") }, set, pg),
    });
  }
  try {
    for (const k of kinds) {
      const bare = await measureCeiling(k.label);
      ctx.log(`throughput: Baton on ${k.label}`);
      const la = loadAvg();
      try {
        const r = await k.run();
        const cond = `${k.db}; ${load}; LOG_LEVEL=warn; data: ${r.volume}; load avg before ${la}`;
        const ratio = (x: LoadResult) =>
          bare ? `, ${((x.reqPerSec / bare.reqPerSec) * 100).toFixed(0)}% of bare` : "";
        const budgetRow = (via: string, x: LoadResult): Row =>
          row({
            measure: `GET /workspaces/:wid/products/:id, ${via} (${k.label})`,
            figure: `${fmtRate(x.reqPerSec)}${ratio(x)}; p50 ${x.p50} ms, p99 ${x.p99} ms; ${x.errors + x.timeouts} errors, ${x.non2xx} non-2xx${noisy(x)}`,
            budget: `≥ ${k.budget.toLocaleString("en-US")} req/s, 0 errors`,
            status: verdict(x.reqPerSec >= k.budget && clean(x)),
            conditions: `${cond}; ${noise(x)}`,
          });
        table.rows.push(budgetRow("Bearer token", r.bearer), budgetRow("session cookie", r.cookie));
        table.rows.push(
          row({
            measure: `Diagnostic: GET /permissions, public, no database (${k.label})`,
            figure: `${fmtRate(r.publicRoute.reqPerSec)}${ratio(r.publicRoute)}; p50 ${r.publicRoute.p50} ms, p99 ${r.publicRoute.p99} ms${noisy(r.publicRoute)}`,
            budget: "diagnostic",
            status: clean(r.publicRoute) ? "INFO" : "FAIL",
            conditions: `${k.label}; ${set.connections} connections, ${set.diagDurationS} s`,
          }),
        );
        table.notes.push(
          `${k.label}, Bearer: ${describeLoad(r.bearer)}.`,
          `${k.label}, cookie: ${describeLoad(r.cookie)}.`,
          `${k.label}, /permissions: ${describeLoad(r.publicRoute)}.`,
        );
      } catch (err) {
        ctx.markCrashed(`throughput/${k.label}: ${(err as Error).message}`);
        table.rows.push(errorRow(`GET product (${k.label})`, err));
      }
    }
  } finally {
    removeTempDir(dir);
  }
  if (!pg) {
    table.rows.push(
      row({
        measure: "GET product (PostgreSQL)",
        figure: "not measured",
        budget: "≥ 4,000 req/s",
        status: "SKIP",
        conditions: pgSkipReason ?? "",
      }),
    );
  }
  table.notes.push(
    "Every request carries the credential (Bearer token or session cookie) and is authorised and answered by the server; the bench caches nothing. Whatever the server caches itself (e.g. resolved credentials) applies exactly as in production.",
  );
  return table;
}
