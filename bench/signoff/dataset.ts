// The sign-off dataset on each database: bench/signoff/seed.ts in its own process (it loads server code), into
// a fresh PGlite data directory or a fresh database on the throwaway PostgreSQL (then VACUUM ANALYZE).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { PG_BIN, type ThrowawayPg } from "../lib/pg.ts";
import { makeTempDir, ROOT, runAsync, spawnChild } from "../lib/proc.ts";
import type { BenchContext } from "../lib/report.ts";
import type { SignoffSeed } from "./types.ts";

const SEED_TIMEOUT_MS = 5 * 60_000;

export interface Dataset {
  seed: SignoffSeed;
  dataDir?: string;
  databaseUrl?: string;
  seedSeconds: number;
}

async function runSeeder(ctx: BenchContext, env: NodeJS.ProcessEnv): Promise<SignoffSeed> {
  const out = path.join(makeTempDir("signoff-seed-out"), "seed.json");
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "BATON_DATA_DIR", "SMTP_URL"]) delete childEnv[k];
  Object.assign(childEnv, env, { BENCH_SIGNOFF_SEED_OUT: out, LOG_LEVEL: "warn" });
  const child = spawnChild(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/signoff/seed.ts")], {
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
  return JSON.parse(readFileSync(out, "utf8")) as SignoffSeed;
}

export async function preparePglite(ctx: BenchContext): Promise<Dataset> {
  const dataDir = path.join(makeTempDir("signoff-pglite"), "data");
  const t0 = performance.now();
  const seed = await runSeeder(ctx, { BATON_DATA_DIR: dataDir });
  return { seed, dataDir, seedSeconds: (performance.now() - t0) / 1000 };
}

export async function preparePostgres(ctx: BenchContext, pg: ThrowawayPg, name: string): Promise<Dataset> {
  const databaseUrl = await pg.createDatabase(name);
  const t0 = performance.now();
  const seed = await runSeeder(ctx, { DATABASE_URL: databaseUrl });
  const an = await runAsync(`${PG_BIN}/psql`, [databaseUrl, "-qc", "VACUUM ANALYZE"], 5 * 60_000);
  if (an.code !== 0) throw new Error(`VACUUM ANALYZE failed: ${an.tail}`);
  return { seed, databaseUrl, seedSeconds: (performance.now() - t0) / 1000 };
}
