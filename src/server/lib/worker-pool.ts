import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";

/**
 * A small pool of worker threads running a TypeScript entry (CPU work off the event loop). The entry is bundled
 * with esbuild (the one tsx brings) into one self-contained script the first time a worker is needed, so the
 * same source runs in Vitest, under tsx and from the bundled CLI alike (a worker thread has no TypeScript loader
 * of its own). Workers start on first use and end once idle for `idleMs`: an idle Baton holds none.
 *
 * The entry calls `serveWorker(handler)` (worker-serve.ts): it posts { type: "ready" }, then answers { id, task } with
 * { id, ok: true, result } or { id, ok: false, error }. When the workers cannot start (no esbuild, a broken
 * entry), `run` rejects with WorkerPoolUnavailable and callers do the work on the main thread.
 */

export class WorkerPoolUnavailable extends Error {}

export interface WorkerPoolOptions {
  /** The worker's TypeScript entry (new URL("./x.worker.ts", import.meta.url)). */
  entry: URL;
  /** Workers at most (0: never start one; every run rejects with WorkerPoolUnavailable). */
  size: () => number;
  /** An idle worker ends after this long. */
  idleMs?: number;
  /** A task not answered in this time ends its worker and rejects. */
  taskTimeoutMs?: number;
  /** Heap limits per worker (the worker ends with ERR_WORKER_OUT_OF_MEMORY past them; its task rejects). */
  resourceLimits?: ResourceLimits;
}

interface Task {
  message: unknown;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

const bundles = new Map<string, Promise<string>>();

/** The entry and everything it imports as one CommonJS script (built once per process). */
function bundle(entry: URL): Promise<string> {
  let code = bundles.get(entry.href);
  if (!code) {
    code = (async () => {
      const requireFromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
      const esbuild = (await import(requireFromTsx.resolve("esbuild"))) as typeof import("esbuild");
      const out = await esbuild.build({
        entryPoints: [fileURLToPath(entry)],
        bundle: true,
        write: false,
        platform: "node",
        format: "cjs",
        target: `node${process.versions.node}`,
        logLevel: "silent",
      });
      // Its service process is not needed any more (Vitest may share the module: left running there).
      if (!process.env.VITEST) await esbuild.stop();
      return out.outputFiles[0]!.text;
    })();
    bundles.set(entry.href, code);
  }
  return code;
}

export class WorkerPool {
  private readonly queue: Task[] = [];
  private readonly idle: Worker[] = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private live = 0;
  private nextId = 1;
  /** Why the workers cannot start (then every run rejects at once). */
  broken: string | null = null;

  constructor(private readonly o: WorkerPoolOptions) {}

  /** Runs one task in a worker; rejects with WorkerPoolUnavailable when no worker can run it. */
  run<R>(message: unknown): Promise<R> {
    if (this.broken || this.o.size() <= 0)
      return Promise.reject(new WorkerPoolUnavailable(this.broken ?? "worker threads are turned off"));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ message, resolve: resolve as (r: unknown) => void, reject });
      this.pump();
    });
  }

  /** How the pool stands (tests). */
  state() {
    return { live: this.live, idle: this.idle.length, queued: this.queue.length, broken: this.broken };
  }

  /** Ends every worker (tests; a running task rejects). */
  async close() {
    for (const w of this.idle.splice(0)) {
      clearTimeout(this.idleTimers.get(w));
      this.idleTimers.delete(w);
      this.live--;
      await w.terminate();
    }
  }

  private pump() {
    while (this.queue.length && this.idle.length) {
      const w = this.idle.pop() as Worker;
      clearTimeout(this.idleTimers.get(w));
      this.idleTimers.delete(w);
      this.dispatch(w, this.queue.shift() as Task);
    }
    const want = Math.min(this.o.size(), this.live + this.queue.length);
    while (!this.broken && this.live < want) {
      this.live++;
      this.spawn().then(
        (w) => this.release(w),
        (e: Error) => {
          this.live--;
          this.broken = e.message;
          for (const t of this.queue.splice(0)) t.reject(new WorkerPoolUnavailable(e.message));
        },
      );
    }
  }

  private async spawn(): Promise<Worker> {
    const code = await bundle(this.o.entry);
    return new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, resourceLimits: this.o.resourceLimits });
      const fail = (why: string) => {
        off();
        void w.terminate();
        reject(new Error(why));
      };
      const onMessage = (msg: { type?: string; error?: string }) => {
        if (msg.type !== "ready") return fail(`worker failed to load: ${msg.error}`);
        off();
        resolve(w);
      };
      const onError = (e: Error) => fail(`worker failed to start: ${e.message}`);
      const onExit = (code: number) => fail(`worker exited while loading (code ${code})`);
      const off = () => w.off("message", onMessage).off("error", onError).off("exit", onExit);
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
    });
  }

  /** An idle worker: takes the next task, or waits (unref'd) and ends after idleMs. */
  private release(w: Worker) {
    w.unref();
    this.idle.push(w);
    const timer = setTimeout(() => {
      const i = this.idle.indexOf(w);
      if (i < 0) return;
      this.idle.splice(i, 1);
      this.idleTimers.delete(w);
      this.live--;
      void w.terminate();
    }, this.o.idleMs ?? 30_000);
    timer.unref();
    this.idleTimers.set(w, timer);
    this.pump();
  }

  private dispatch(w: Worker, task: Task) {
    const id = this.nextId++;
    w.ref(); // a task in progress keeps the process alive; an idle worker does not
    const done = (healthy: boolean) => {
      clearTimeout(timer);
      w.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (healthy) this.release(w);
      else {
        this.live--;
        void w.terminate();
        this.pump();
      }
    };
    const onMessage = (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      if (msg.id !== id) return;
      done(true);
      if (msg.ok) task.resolve(msg.result);
      else task.reject(new Error(msg.error));
    };
    const onError = (e: Error) => {
      done(false);
      task.reject(e);
    };
    const onExit = (code: number) => {
      done(false);
      task.reject(new Error(`worker exited (code ${code})`));
    };
    const limit = this.o.taskTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      done(false);
      task.reject(new Error(`worker did not answer within ${limit} ms`));
    }, limit);
    w.on("message", onMessage).on("error", onError).on("exit", onExit);
    w.postMessage({ id, task: task.message });
  }
}
