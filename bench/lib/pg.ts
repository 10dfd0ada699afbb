import { existsSync, readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { registerSyncCleanup, runSync } from "./proc.ts";

export interface ThrowawayPg {
  url: string;
  version: string;
  /** A fresh, empty database on this server: postgres://…/name. */
  createDatabase(name: string): Promise<string>;
  /** The postmaster and its children (backends), to measure PostgreSQL's CPU. */
  pids(): number[];
  dir?: string;
  stop(): void;
}

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Why PostgreSQL cannot be measured here, or null when it can. */
export function pgUnavailableReason(): string | null {
  if (!existsSync(`${PG_BIN}/initdb`)) return `no PostgreSQL server binaries in ${PG_BIN}`;
  if (process.getuid?.() !== 0) return "scripts/pg-throwaway.sh needs root (runuser)";
  return null;
}

/** Starts a throwaway PostgreSQL 15 on 127.0.0.1 via scripts/pg-throwaway.sh; stopped on exit in any case. */
export async function startThrowawayPg(): Promise<ThrowawayPg> {
  const res = runSync("bash", ["scripts/pg-throwaway.sh"], 60_000);
  if (res.status !== 0) throw new Error(`pg-throwaway.sh failed: ${res.output.slice(-2000)}`);
  const vars: Record<string, string> = {};
  for (const line of res.output.split("\n")) {
    const m = line.match(/^export (\w+)=(.*)$/);
    if (m) vars[m[1]] = m[2];
  }
  const url = vars.TEST_DATABASE_URL;
  const dir = vars.PG_THROWAWAY_DIR;
  if (!url || !dir) throw new Error(`unexpected pg-throwaway.sh output: ${res.output.slice(-500)}`);
  const stop = () => {
    runSync("bash", ["scripts/pg-throwaway.sh", "stop", dir], 30_000);
  };
  const unregister = registerSyncCleanup(stop);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let version = "";
  try {
    version = (await admin.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await admin.end();
  }
  return {
    url,
    version,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    dir,
    pids: () => postgresPids(dir),
    stop() {
      unregister();
      stop();
    },
  };
}

function postgresPids(dir: string): number[] {
  try {
    const master = Number(readFileSync(`${dir}/data/postmaster.pid`, "utf8").split("\n")[0]);
    const pids = [master];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === master) pids.push(Number(entry));
      } catch {}
    }
    return pids;
  } catch {
    return [];
  }
}
