// The seeded dataset on each database, cached between runs under /tmp (seeding 1M ratings takes minutes on
// PGlite): a copy of the PGlite data directory, a pg_dump of the PostgreSQL database, and the seed's ids and
// tokens. The cache key covers the seed version, the scale, the migrations and the PGlite version, so a
// schema change or a new seed re-seeds.
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { PG_BIN, type ThrowawayPg } from "../lib/pg.ts";
import { makeTempDir, ROOT, runAsync, spawnChild } from "../lib/proc.ts";
import type { BenchContext } from "../lib/report.ts";
import { FULL_SCALE, type SeedResult, type SeedScale } from "./types.ts";

/** Bump when the seed's content changes. */
const SEED_VERSION = 2;
const CACHE_ROOT = process.env.BENCH_PRIO_CACHE ?? "/tmp/baton-bench-prioritization-cache";
const SEED_TIMEOUT_MS = 20 * 60_000;

export interface Dataset {
  seed: SeedResult;
  /** PGlite: BATON_DATA_DIR of a private copy; PostgreSQL: the database URL. */
  dataDir?: string;
  databaseUrl?: string;
  /** How it was obtained, for the report: "seeded in 95 s" or "restored from cache in 4 s (seeded in 95 s)". */
  origin: string;
  seedSeconds: number;
  restoreSeconds: number | null;
}

export function scale(): SeedScale {
  return process.env.BENCH_PRIO_SCALE
    ? { ...FULL_SCALE, ...JSON.parse(process.env.BENCH_PRIO_SCALE) }
    : FULL_SCALE;
}

export function cacheKey(kind: "pglite" | "postgres") {
  const h = createHash("sha256");
  h.update(`v${SEED_VERSION}|${JSON.stringify(scale())}|${kind}|`);
  const migrations = path.join(ROOT, "src/server/db/migrations");
  for (const f of readdirSync(migrations)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    h.update(f);
    h.update(readFileSync(path.join(migrations, f)));
  }
  const pglite = JSON.parse(
    readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8"),
  ).version;
  h.update(`pglite ${pglite}`);
  return `${kind}-v${SEED_VERSION}-${h.digest("hex").slice(0, 12)}`;
}

/** Runs bench/prioritization/seed.ts in its own process against the given database. */
async function runSeeder(ctx: BenchContext, env: NodeJS.ProcessEnv): Promise<SeedResult> {
  const out = path.join(makeTempDir("prio-seed-out"), "seed.json");
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "BATON_DATA_DIR"]) delete childEnv[k];
  Object.assign(childEnv, env, { BENCH_PRIO_SEED_OUT: out, LOG_LEVEL: "warn" });
  const child = spawnChild(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bench/prioritization/seed.ts")],
    { env: childEnv },
  );
  let seen = 0;
  const progress = setInterval(() => {
    const lines = child
      .stdout()
      .split("\n")
      .filter((l) => l.startsWith("seed:"));
    for (const l of lines.slice(seen)) ctx.log(`    ${l}`);
    seen = lines.length;
  }, 2000);
  const timer = setTimeout(() => void child.stop(2000), SEED_TIMEOUT_MS);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  clearInterval(progress);
  if (code !== 0 || !existsSync(out)) throw new Error(`seeding failed (${code ?? signal}):\n${child.tail()}`);
  return JSON.parse(readFileSync(out, "utf8")) as SeedResult;
}

interface CacheMeta {
  seedSeconds: number;
  seed: SeedResult;
}

const secs = (t0: number) => (performance.now() - t0) / 1000;

/** A private PGlite data directory with the dataset: a copy of the cached one, or freshly seeded (then cached). */
export async function preparePglite(ctx: BenchContext): Promise<Dataset> {
  const dir = path.join(CACHE_ROOT, cacheKey("pglite"));
  const work = makeTempDir("prio-pglite");
  const dataDir = path.join(work, "data");
  if (existsSync(path.join(dir, "meta.json"))) {
    const meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as CacheMeta;
    const t0 = performance.now();
    cpSync(path.join(dir, "data"), dataDir, { recursive: true });
    const restoreSeconds = secs(t0);
    return {
      seed: meta.seed,
      dataDir,
      origin: `copied from the cache ${dir} in ${restoreSeconds.toFixed(1)} s (seeding took ${meta.seedSeconds.toFixed(0)} s)`,
      seedSeconds: meta.seedSeconds,
      restoreSeconds,
    };
  }
  ctx.log(`  seeding PGlite (no cache in ${dir})`);
  const t0 = performance.now();
  const seed = await runSeeder(ctx, { BATON_DATA_DIR: dataDir });
  const seedSeconds = secs(t0);
  // Cache it: copy to a temporary name, then rename, so an interrupted copy is never taken for a cache.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  cpSync(dataDir, path.join(tmp, "data"), { recursive: true });
  writeFileSync(path.join(tmp, "meta.json"), JSON.stringify({ seedSeconds, seed } satisfies CacheMeta));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return {
    seed,
    dataDir,
    origin: `seeded in ${seedSeconds.toFixed(0)} s`,
    seedSeconds,
    restoreSeconds: null,
  };
}

/** A fresh database on the throwaway server with the dataset: pg_restore of the cached dump, or seeded (then dumped). */
export async function preparePostgres(ctx: BenchContext, pg: ThrowawayPg, name: string): Promise<Dataset> {
  const dir = path.join(CACHE_ROOT, cacheKey("postgres"));
  const dump = path.join(dir, "db.dump");
  const databaseUrl = await pg.createDatabase(name);
  if (existsSync(path.join(dir, "meta.json"))) {
    const meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as CacheMeta;
    const t0 = performance.now();
    const res = await runAsync(
      `${PG_BIN}/pg_restore`,
      ["--no-owner", "--jobs=2", `--dbname=${databaseUrl}`, dump],
      15 * 60_000,
    );
    if (res.code !== 0) throw new Error(`pg_restore failed (${res.code ?? res.signal}): ${res.tail}`);
    // A restored database has no planner statistics yet; autovacuum would gather them within a minute.
    const an = await runAsync(`${PG_BIN}/psql`, [databaseUrl, "-qc", "ANALYZE"], 5 * 60_000);
    if (an.code !== 0) throw new Error(`ANALYZE failed: ${an.tail}`);
    const restoreSeconds = secs(t0);
    return {
      seed: meta.seed,
      databaseUrl,
      origin: `restored from the cached dump ${dump} in ${restoreSeconds.toFixed(1)} s, then ANALYZE (seeding took ${meta.seedSeconds.toFixed(0)} s)`,
      seedSeconds: meta.seedSeconds,
      restoreSeconds,
    };
  }
  ctx.log(`  seeding PostgreSQL (no cache in ${dir})`);
  const t0 = performance.now();
  const seed = await runSeeder(ctx, { DATABASE_URL: databaseUrl });
  const seedSeconds = secs(t0);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const res = await runAsync(
    `${PG_BIN}/pg_dump`,
    ["--format=custom", `--file=${path.join(tmp, "db.dump")}`, databaseUrl],
    15 * 60_000,
  );
  if (res.code === 0) {
    writeFileSync(path.join(tmp, "meta.json"), JSON.stringify({ seedSeconds, seed } satisfies CacheMeta));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } else {
    ctx.log(`  pg_dump failed, not cached: ${res.tail.slice(0, 300)}`);
    rmSync(tmp, { recursive: true, force: true });
  }
  return {
    seed,
    databaseUrl,
    origin: `seeded in ${seedSeconds.toFixed(0)} s`,
    seedSeconds,
    restoreSeconds: null,
  };
}
