import { benchEnv } from "./lib/api-seed.ts";
import { startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import { type Dataset, type Seeder, seedPglite, seedPostgres } from "./lib/dataset.ts";
import { describeLoad, type LoadResult, measureOneAndTen } from "./lib/load.ts";
import { type BudgetTable, describeMachine, fmtMs, row, type Section, verdict } from "./lib/report.ts";
import type { MatrixSeed } from "./matrix/seed.ts";

/**
 * Issue 14's feature-matrix budget: GET /products/{pid}/matrix of 300 rows × 10 competitors served with p99 < 50 ms
 * on PGlite (PostgreSQL measured too). Seeded by bench/matrix/seed.ts (services and bulk inserts); the load rotates
 * the three views (all, gaps, differentiators). BENCH_MATRIX_DBS=pglite limits the databases, BENCH_MATRIX_QUICK=1
 * shortens the load runs, BENCH_MATRIX_SCALE='{"rows":50}' scales the dataset. `npm run bench -- matrix`.
 */

const env = benchEnv("BENCH_MATRIX");
const P99_MS = 50;
const SEEDER: Seeder = { script: "bench/matrix/seed.ts", outVar: "BENCH_MATRIX_SEED_OUT", tag: "matrix" };

interface Run {
  label: Label;
  db: string;
  data?: Dataset<MatrixSeed>;
  one?: LoadResult;
  ten?: LoadResult;
  /** GET after a cell was written (the cache rebuilt): ms per request. */
  cold?: number[];
  bytes?: number;
  errors: Record<string, string>;
}

async function runOn(
  ctx: Parameters<Section["run"]>[0],
  label: Label,
  db: string,
  data: Dataset<MatrixSeed>,
) {
  const out: Run = { label, db, data, errors: {} };
  const fail = failureRecorder(ctx, `matrix/${label}`, out.errors);
  const baton = await startBaton(
    data.databaseUrl ? { databaseUrl: data.databaseUrl } : { dataDir: data.dataDir },
  );
  try {
    const s = data.seed;
    const headers = { authorization: `Bearer ${s.token}` };
    const path = (view: string) =>
      `/api/v1/workspaces/${s.workspaceId}/products/${s.productId}/matrix?view=${view}`;
    const probe = await fetch(`${baton.base}${path("all")}`, { headers });
    if (probe.status !== 200)
      throw new Error(`GET matrix answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
    out.bytes = (await probe.arrayBuffer()).byteLength;
    // After an edit: write our cell of a row (the fingerprint moves), then time the GET that rebuilds the matrix.
    const first = (
      JSON.parse(await (await fetch(`${baton.base}${path("all")}`, { headers })).text()) as {
        groups: { rows: { id: string }[] }[];
      }
    ).groups[0].rows[0].id;
    out.cold = [];
    for (let i = 0; i < 20; i++) {
      const put = await fetch(
        `${baton.base}/api/v1/workspaces/${s.workspaceId}/matrix/rows/${first}/cells/ours`,
        {
          method: "PUT",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ status: i % 2 ? "has" : "partial" }),
        },
      );
      if (put.status !== 200) throw new Error(`PUT cell answered ${put.status}`);
      const t0 = performance.now();
      const res = await fetch(`${baton.base}${path(i % 3 === 0 ? "gaps" : "all")}`, { headers });
      await res.arrayBuffer();
      out.cold.push(performance.now() - t0);
    }
    const requests = ["all", "gaps", "differentiators", "all"].map((v) => ({
      method: "GET" as const,
      path: path(v),
    }));
    const settings = env.loadSettings;
    await measureOneAndTen(out, {
      url: baton.base,
      headers,
      requests,
      ...settings,
      serverPid: baton.child.pid,
    });
  } catch (err) {
    fail("load", err);
  } finally {
    await baton.stop();
  }
  return out;
}

export const matrix: Section = {
  name: "matrix",
  title: "Feature matrix (issue 14)",
  async run(ctx) {
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_MATRIX_DBS", async (t) => {
      const errors: Record<string, string> = {};
      try {
        ctx.log(`${t.label}: seeding the matrix`);
        const data = t.pg
          ? await seedPostgres<MatrixSeed>(ctx, SEEDER, t.pg, "baton_matrix")
          : await seedPglite<MatrixSeed>(ctx, SEEDER);
        return await runOn(ctx, t.label, t.db, data);
      } catch (err) {
        failureRecorder(ctx, `matrix/${t.label}`, errors)("seed", err);
        return { label: t.label, db: t.db, errors } as Run;
      }
    });
    const first = runs.find((r) => r.data)?.data?.seed;
    const size = first
      ? `${first.rows} rows × ${first.competitors} competitors`
      : "300 rows × 10 competitors";
    const table: BudgetTable = {
      title: `GET /products/{pid}/matrix at ${size}: p99 < ${P99_MS} ms (PGlite)`,
      rows: [],
      notes: [
        "Views all, gaps, differentiators, all in rotation; every cell has a row in capability_cells (notes and sources on most, a third stale); one row in three is linked to a scored idea; 2 archived competitors and 3 of another product are linked but left out. Served from a cache per product and view, checked on every request by one fingerprint query (ideas_version, counts and newest row versions of rows, cells, competitors, roadmap items); 'right after an edit' measures the rebuild: two queries (columns; rows with idea, score, roadmap item and cells as one JSON value) and the JSON text.",
      ],
    };
    for (const r of runs) {
      if (r.errors.seed) {
        table.rows.push(errorRow(`feature matrix (${r.label})`, r, "seed"));
        continue;
      }
      if (r.one)
        table.rows.push(
          row({
            measure: `one request at a time (${r.label})`,
            figure: `p50 ${r.one.p50} ms, p99 ${r.one.p99} ms`,
            budget: r.label === "PGlite" ? `p99 < ${P99_MS} ms` : "",
            status:
              r.label === "PGlite"
                ? verdict(r.one.p99 < P99_MS && r.one.errors + r.one.non2xx === 0)
                : "INFO",
            conditions: `${r.db}; ${describeLoad(r.one)}`,
          }),
        );
      if (r.ten)
        table.rows.push(
          row({
            measure: `10 connections (${r.label})`,
            figure: `p50 ${r.ten.p50} ms, p99 ${r.ten.p99} ms`,
            budget: "",
            status: "INFO",
            conditions: `${r.db}; ${describeLoad(r.ten)}`,
          }),
        );
      if (r.cold?.length) {
        const xs = [...r.cold].sort((a, b) => a - b);
        const q = (p: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]);
        table.rows.push(
          row({
            measure: `right after an edit: the matrix rebuilt (${r.label})`,
            figure: `p50 ${q(0.5)} ms, max ${q(1)} ms`,
            budget: "",
            status: "INFO",
            conditions: `${r.db}; ${xs.length} GETs, each after a PUT of a cell (client-side timing)`,
          }),
        );
      }
      if (r.errors.load) table.rows.push(errorRow(`feature matrix (${r.label})`, r, "load"));
      if (r.data)
        table.notes.push(
          `${r.label}: seeded ${r.data.seed.cells.toLocaleString("en-US")} cells in ${fmtMs(r.data.seedSeconds * 1000)}; the response of view=all is ${((r.bytes ?? 0) / 1024).toFixed(0)} kB of JSON.`,
        );
    }
    table.rows.push(...pgSkipRows(pgSkip, "feature matrix", ""));
    return { conditions: describeMachine(ctx.machine), tables: [table] };
  },
};
