import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/** Repository root (bench/lib/ → ../..). */
export const ROOT = path.resolve(import.meta.dirname, "../..");

// Everything the bench starts is registered here so it is cleaned up even when a measurement throws,
// the process is interrupted, or it exits early: children by pid, temp dirs, and custom stoppers.
const children = new Set<ChildProcess>();
const groups = new WeakSet<ChildProcess>();
const tempDirs = new Set<string>();
const syncCleanups = new Set<() => void>();

export function registerSyncCleanup(fn: () => void) {
  syncCleanups.add(fn);
  return () => syncCleanups.delete(fn);
}

/** Kills what is left, synchronously (safe inside process.on("exit")). */
export function cleanupAllSync() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        // A child started in its own process group (npm → sh → node) is killed with its descendants.
        process.kill(groups.has(child) ? -child.pid : child.pid, "SIGKILL");
      } catch {}
    }
  }
  children.clear();
  for (const fn of syncCleanups) {
    try {
      fn();
    } catch {}
  }
  syncCleanups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installed = false;
export function installCleanupHandlers() {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupAllSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      console.error(`\nbench: ${sig}, cleaning up`);
      cleanupAllSync();
      process.exit(130);
    });
  }
}

export function makeTempDir(prefix: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `baton-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** Resolves on the first stdout line matching re. */
  waitForLine(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stdout(): string;
  /** SIGTERM, then SIGKILL after graceMs; resolves when the process has exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a child process, tracked for cleanup. Its output is kept (bounded), never inherited. */
export function spawnChild(
  cmd: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; group?: boolean },
): Child {
  const proc = spawn(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.group ?? false,
  });
  if (!proc.pid) throw new Error(`could not spawn ${cmd}`);
  children.add(proc);
  if (opts.group) groups.add(proc);
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(opts.group ? -proc.pid! : proc.pid!, sig);
    } catch {}
  };
  let out = "";
  let all = "";
  const keep = (s: string, chunk: string) => (s + chunk).slice(-20_000);
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  proc.stdout!.setEncoding("utf8").on("data", (c: string) => {
    out = keep(out, c);
    all = keep(all, c);
    for (const w of [...waiters]) {
      const m = out.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  proc.stderr!.setEncoding("utf8").on("data", (c: string) => {
    all = keep(all, c);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => {
      children.delete(proc);
      resolve({ code, signal });
    }),
  );
  const tail = () => all.replace(ANSI, "").trim().split("\n").slice(-15).join("\n");
  return {
    proc,
    pid: proc.pid,
    tail,
    stdout: () => out,
    exited,
    waitForLine(re, timeoutMs) {
      const m = out.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${re} in output:\n${tail()}`)),
          timeoutMs,
        );
        waiters.push({
          re,
          resolve: (mm) => {
            clearTimeout(timer);
            resolve(mm);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`process exited (${code ?? signal}) before ${re}:\n${tail()}`));
        });
      });
    },
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      const res = await exited;
      clearTimeout(timer);
      return res;
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat); null elsewhere. */
export function machineBusySeconds(): number | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = everything but idle and iowait.
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - f[3] - f[4]) / 100;
  } catch {
    return null;
  }
}

/**
 * Waits (bounded) until the rest of the machine is nearly idle, so a measurement is not run on top of
 * someone's test suite. Returns the cores busy during the last one-second sample.
 */
export async function waitForQuiet(maxWaitMs = 20_000, maxBusyCores = 0.35): Promise<number | null> {
  // The whole run may spend at most QUIET_BUDGET_MS waiting, so a busy machine cannot stretch it much.
  const deadline = performance.now() + Math.min(maxWaitMs, quietBudgetMs);
  const started = performance.now();
  let busy: number | null = null;
  do {
    const a = machineBusySeconds();
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineBusySeconds();
    if (a === null || b === null) return null;
    busy = (b - a) / ((performance.now() - t) / 1000);
    if (busy <= maxBusyCores) break;
  } while (performance.now() < deadline);
  quietBudgetMs = Math.max(0, quietBudgetMs - (performance.now() - started - 1000));
  return busy;
}
let quietBudgetMs = 60_000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to completion with a time limit; returns its status and the tail of its output. */
export function runSync(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
) {
  const res = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 50e6 });
  const output = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  return { status: res.status, signal: res.signal, error: res.error, output };
}

/** Runs a command to completion without blocking the event loop; killed after timeoutMs. */
export async function runAsync(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
) {
  const child = spawnChild(cmd, args, { env, group: true });
  const timer = setTimeout(() => void child.stop(2000), timeoutMs);
  const { code, signal } = await child.exited;
  clearTimeout(timer);
  return { code, signal, tail: child.tail() };
}
