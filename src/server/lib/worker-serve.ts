import { parentPort } from "node:worker_threads";

/**
 * The worker side of a WorkerPool (worker-pool.ts): answers the pool's tasks with `handler`. Call it once at the
 * top level of the worker's entry. Kept apart from the pool so a worker's bundle holds only this.
 */
export function serveWorker<T>(handler: (task: T) => unknown | Promise<unknown>) {
  const port = parentPort;
  if (!port) throw new Error("serveWorker runs in a worker thread");
  port.on("message", async ({ id, task }: { id: number; task: T }) => {
    try {
      port.postMessage({ id, ok: true, result: await handler(task) });
    } catch (error) {
      port.postMessage({ id, ok: false, error: String((error as Error)?.stack ?? error) });
    }
  });
  port.postMessage({ type: "ready" });
}
