import path from "node:path";
import { type BatonOptions, seedViaApi, startBaton } from "../lib/baton.ts";
import type { ThrowawayPg } from "../lib/pg.ts";
import { makeTempDir, removeTempDir, waitForQuiet } from "../lib/proc.ts";
import { type BenchContext, type BudgetTable, loadAvg, type Row, row, verdict } from "../lib/report.ts";

const BUDGET_MS = 3000;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(a.length / 2);
  return a.length % 2 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
};

interface Sample {
  ms: number;
  reported: number | null;
  otherCores: number | null;
}

const fmtSample = (x: Sample) =>
  `${s(x.ms)}${x.reported !== null ? ` (server ${x.reported} ms)` : ""}${x.otherCores !== null && x.otherCores > 0.3 ? ` [other processes busy: ${x.otherCores.toFixed(1)} cores]` : ""}`;

/** A first start on an empty database, then `restarts` restarts of the same data; each stop is a clean SIGTERM. */
async function startCycle(opts: BatonOptions, restarts: number) {
  await waitForQuiet(10_000);
  const first = await startBaton(opts);
  let volume = "";
  try {
    // Give the restarts real data to open: an owner, members, a team, products.
    const seeded = await seedViaApi(first.base, { members: 3, teams: 1, products: 5, otherProducts: 2 });
    volume = seeded.volume;
  } finally {
    await first.stop();
  }
  const again: Sample[] = [];
  for (let i = 0; i < restarts; i++) {
    await waitForQuiet(5_000);
    const b = await startBaton(opts);
    again.push({ ms: b.startToHealthyMs, reported: b.reportedReadyMs, otherCores: b.otherCores });
    await b.stop();
  }
  return {
    first: { ms: first.startToHealthyMs, reported: first.reportedReadyMs, otherCores: first.otherCores },
    again,
    volume,
  };
}

function rowsFor(
  label: string,
  res: Awaited<ReturnType<typeof startCycle>>,
  cond: string,
  notes: string[],
): Row[] {
  const ms = res.again.map((x) => x.ms);
  const med = median(ms);
  const max = Math.max(...ms);
  const reported = res.again.map((x) => x.reported).filter((x): x is number => x !== null);
  const others = res.again.map((x) => x.otherCores).filter((x): x is number => x !== null);
  const noisy =
    others.length && median(others) > 0.3
      ? ` (noisy: other processes used ${median(others).toFixed(1)} cores meanwhile)`
      : "";
  notes.push(
    `${label}: first start ${fmtSample(res.first)}; restarts ${res.again.map(fmtSample).join(", ")}. ` +
      `"server" is what \`baton start\` prints (database open + migrations + listen); the rest is Node start-up and loading the TypeScript sources through tsx.`,
  );
  return [
    row({
      measure: `First start, empty database (${label})`,
      figure: s(res.first.ms),
      budget: "report only",
      status: "INFO",
      conditions: cond,
    }),
    row({
      measure: `Restart to healthy, existing data (${label})`,
      figure: `median ${s(med)}, max ${s(max)} (n=${ms.length}${reported.length ? `; server part median ${median(reported)} ms` : ""})${noisy}`,
      budget: "< 3 s (median)",
      status: verdict(med < BUDGET_MS),
      conditions: `${cond}; data: ${res.volume}`,
    }),
  ];
}

/** Budget 1: start to healthy (spawn `node bin/baton.js start` → first 200 from GET /api/v1/health). */
export async function measureStartup(
  ctx: BenchContext,
  pg: ThrowawayPg | null,
  pgSkipReason: string | null,
  restarts = 5,
): Promise<BudgetTable> {
  const table: BudgetTable = { title: "Start to healthy", rows: [], notes: [] };
  const common = "child process `node bin/baton.js start`, polled every 20 ms on 127.0.0.1";

  ctx.log("startup: PGlite (first start creates the database, then restarts)");
  const dir = makeTempDir("startup");
  try {
    const cond = `PGlite in a temp BATON_DATA_DIR; ${common}; load avg before ${loadAvg()}`;
    const res = await startCycle({ dataDir: path.join(dir, "data") }, restarts);
    table.rows.push(...rowsFor("PGlite", res, cond, table.notes));
  } catch (err) {
    ctx.markCrashed(`startup/PGlite: ${(err as Error).message}`);
    table.rows.push(errorRow("Start to healthy (PGlite)", err));
  } finally {
    removeTempDir(dir);
  }

  if (!pg) {
    table.rows.push(
      row({
        measure: "Start to healthy (PostgreSQL)",
        figure: "not measured",
        budget: "< 3 s",
        status: "SKIP",
        conditions: pgSkipReason ?? "",
      }),
    );
    return table;
  }
  ctx.log("startup: PostgreSQL (first start migrates an empty database, then restarts)");
  try {
    const url = await pg.createDatabase("bench_startup");
    const cond = `PostgreSQL ${pg.version} (throwaway, fsync off, same machine) via DATABASE_URL; ${common}; load avg before ${loadAvg()}`;
    const res = await startCycle({ databaseUrl: url }, restarts);
    table.rows.push(...rowsFor("PostgreSQL", res, cond, table.notes));
  } catch (err) {
    ctx.markCrashed(`startup/PostgreSQL: ${(err as Error).message}`);
    table.rows.push(errorRow("Start to healthy (PostgreSQL)", err));
  }
  return table;
}

export function errorRow(measure: string, err: unknown): Row {
  const msg = (err as Error)?.message ?? String(err);
  return row({
    measure,
    figure: `error: ${msg.split("\n").slice(0, 3).join(" ").slice(0, 300)}`,
    budget: "",
    status: "ERROR",
    conditions: "",
  });
}
