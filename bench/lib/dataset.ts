// A section's dataset on each database: its seeder (bench/<section>/seed.ts) run in its own process (it loads
// server code), into a fresh PGlite data directory or a fresh database on the throwaway PostgreSQL (then
// VACUUM ANALYZE). The seeder writes its ids as JSON to the file named by `outVar`; its "seed:" lines are logged.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PG_BIN, type ThrowawayPg } from "./pg.ts";
import { makeTempDir, ROOT, runAsync, spawnChild } from "./proc.ts";
import type { BenchContext } from "./report.ts";

const SEED_TIMEOUT_MS = 5 * 60_000;

export interface Seeder {
  /** The seeder script, relative to the repository root. */
  script: string;
  /** The environment variable naming the file the seeder writes its result to. */
  outVar: string;
  /** Prefix of the temporary directories ("roadmap": baton-bench-roadmap-pglite-…). */
  tag: string;
  /** Variables of the bench's environment the seeder must not see, besides DATABASE_URL and BATON_DATA_DIR. */
  unset?: string[];
}

export interface Dataset<S> {
  seed: S;
  /** PGlite: BATON_DATA_DIR; PostgreSQL: the database URL. */
  dataDir?: string;
  databaseUrl?: string;
  seedSeconds: number;
}

async function runSeeder<S>(ctx: BenchContext, seeder: Seeder, env: NodeJS.ProcessEnv): Promise<S> {
  const out = path.join(makeTempDir(`${seeder.tag}-seed-out`), "seed.json");
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "BATON_DATA_DIR", ...(seeder.unset ?? [])]) delete childEnv[k];
  Object.assign(childEnv, env, { [seeder.outVar]: out, LOG_LEVEL: "warn" });
  const child = spawnChild(process.execPath, ["--import", "tsx", path.join(ROOT, seeder.script)], {
    env: childEnv,
  });
  const timer = setTimeout(() => void child.stop(2000), SEED_TIMEOUT_MS);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  for (const l of child
    .stdout()
    .split("\n")
    .filter((x) => x.startsWith("seed:")))
    ctx.log(`    ${l}`);
  if (code !== 0 || !existsSync(out)) throw new Error(`seeding failed (${code ?? signal}):\n${child.tail()}`);
  return JSON.parse(readFileSync(out, "utf8")) as S;
}

export async function seedPglite<S>(ctx: BenchContext, seeder: Seeder): Promise<Dataset<S>> {
  const dataDir = path.join(makeTempDir(`${seeder.tag}-pglite`), "data");
  const t0 = performance.now();
  const seed = await runSeeder<S>(ctx, seeder, { BATON_DATA_DIR: dataDir });
  return { seed, dataDir, seedSeconds: (performance.now() - t0) / 1000 };
}

/** A fresh database on the throwaway server, seeded, then ANALYZEd (as autovacuum would within a minute). */
export async function seedPostgres<S>(
  ctx: BenchContext,
  seeder: Seeder,
  pg: ThrowawayPg,
  name: string,
): Promise<Dataset<S>> {
  const databaseUrl = await pg.createDatabase(name);
  const t0 = performance.now();
  const seed = await runSeeder<S>(ctx, seeder, { DATABASE_URL: databaseUrl });
  const an = await runAsync(`${PG_BIN}/psql`, [databaseUrl, "-qc", "VACUUM ANALYZE"], 5 * 60_000);
  if (an.code !== 0) throw new Error(`VACUUM ANALYZE failed: ${an.tail}`);
  return { seed, databaseUrl, seedSeconds: (performance.now() - t0) / 1000 };
}
