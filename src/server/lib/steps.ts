import { type Database, type Db, nextTurn } from "../db/client.ts";

/**
 * Long work in short steps (docs/DECISIONS.md, "Long work on PGlite"). PGlite is one connection on the main
 * thread: a transaction holds it whole, and JS work holds the thread. So long operations parse and check in
 * chunks that yield to the event loop, and on PGlite write in short transactions that let interactive
 * requests go first. On PostgreSQL (MVCC, a pool) the writes keep their one transaction.
 */

/** How long one step should hold PGlite (or the event loop), in milliseconds. */
export const STEP_MS = 40;

export { nextTurn };

/** Runs `fn` over `items` in chunks of `size`, letting the event loop turn between chunks (CPU work). */
export async function eachChunk<T>(
  items: readonly T[],
  size: number,
  fn: (chunk: readonly T[], start: number) => void | Promise<void>,
) {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await nextTurn();
    await fn(items.slice(i, i + size), i);
  }
}

/**
 * Sizes batches so each step takes about STEP_MS: scaled by how long the last one took (geometric smoothing,
 * so one slow step, a checkpoint or another process, does not shrink every later one), within [min, max].
 */
export class StepSizer {
  private size: number;
  constructor(
    first: number,
    private readonly min: number,
    private readonly max: number,
    private readonly targetMs = STEP_MS,
  ) {
    this.size = first;
  }

  next(): number {
    return this.size;
  }

  took(items: number, ms: number) {
    const ideal = (items * this.targetMs) / Math.max(1, ms);
    this.size = Math.round(Math.max(this.min, Math.min(this.max, Math.sqrt(this.size * ideal))));
  }
}

export interface Steps {
  /**
   * True on PGlite: each step commits on its own, so the caller must make the partial result harmless and
   * undo it on failure. False on PostgreSQL: every step runs in one transaction (all or nothing by itself).
   */
  readonly separate: boolean;
  /** Runs one step in a transaction: its own (PGlite, after interactive queries had their turn) or the shared one. */
  run<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/**
 * Runs long work whose writes must not hold PGlite's connection for long: on PGlite each step is a short
 * transaction of its own, started once no interactive query waits (Database.yieldToInteractive); on
 * PostgreSQL all steps share one transaction, as a single service call would.
 */
export async function inSteps<T>(database: Database, work: (steps: Steps) => Promise<T>): Promise<T> {
  if (database.kind === "postgres") {
    return database.db.transaction((tx) => work({ separate: false, run: (fn) => fn(tx) }));
  }
  return database.inBackground(() =>
    work({
      separate: true,
      async run(fn) {
        const a = performance.now();
        await database.yieldToInteractive();
        const b = performance.now();
        try {
          return await database.db.transaction(fn);
        } finally {
          if (process.env.STEP_DEBUG)
            console.error(`STEP wait ${Math.round(b - a)} run ${Math.round(performance.now() - b)}`);
        }
      },
    }),
  );
}
