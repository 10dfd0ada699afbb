import { availableParallelism } from "node:os";
import { WorkerPool, WorkerPoolUnavailable } from "../../lib/worker-pool.ts";
import { cpuTurns } from "./monitoring.diff.ts";
import type { WorkResult, WorkTask } from "./monitoring.work.ts";

/**
 * Where a check's CPU work runs: a worker thread (docs/DECISIONS.md, "Monitoring checks parse and diff in a
 * worker thread"). Parsing a 100 kB page and diffing it held the event loop 10-40 ms a step and, eight checks
 * at a time, kept requests waiting; the DOMs' garbage also grew the main heap. The worker starts with the
 * first check and ends after a minute idle; its heap is capped. BATON_MONITOR_WORKERS=0 keeps the work on the
 * main thread (one check's step at a time, yielding between steps), as when the worker cannot start.
 */

function workerCount(): number {
  const set = process.env.BATON_MONITOR_WORKERS;
  if (set !== undefined && set !== "" && Number.isInteger(Number(set))) return Math.max(0, Number(set));
  // The main thread keeps a core for requests and the database (PGlite runs there); the rest parse.
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

const pool = new WorkerPool({
  entry: new URL("./monitoring.worker.ts", import.meta.url),
  size: workerCount,
  idleMs: 60_000,
  taskTimeoutMs: 60_000,
  // A 5 MiB page's DOM fits; a runaway one ends the worker (the check fails and is retried) instead of growing
  // Baton's memory.
  resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 },
});

/** Texts shorter than this are normalized here (a message to the worker would cost more than the work). */
const SMALL = 20_000;

/** The tasks' code on this thread (linkedom, Readability, diff), loaded only when needed here. */
let local: Promise<typeof import("./monitoring.work.ts")> | null = null;
async function runHere(task: WorkTask) {
  local ??= import("./monitoring.work.ts");
  return (await local).runWork(task);
}

/** Runs a check's CPU task in the worker, or here when workers are off or cannot start. */
export async function checkWork<T extends WorkTask>(task: T): Promise<WorkResult<T>> {
  if (task.kind === "normalize" && task.text.length < SMALL) return (await runHere(task)) as WorkResult<T>;
  try {
    return await pool.run<WorkResult<T>>(task);
  } catch (e) {
    if (!(e instanceof WorkerPoolUnavailable)) throw e;
    return (await cpuTurns.run(() => runHere(task))) as WorkResult<T>;
  }
}

/** Test hook: the pool's state, and ending its workers. */
export const checkWorkers = { state: () => pool.state(), close: () => pool.close() };
