import v8 from "node:v8";

/**
 * How far the JavaScript heap may grow past what survived the last full collection before V8 collects again.
 * V8 sizes that factor from its heap limit: on a machine with a few GB it allows up to 4×, so a server whose
 * live heap is ~70 MB held 200+ MB between full collections (mostly garbage: query results, pages, JSON), and a
 * busy Baton on PGlite stood at ~550 MB. 1.2× keeps it under 400 MB, for a few percent more CPU in the collector
 * (docs/DECISIONS.md, "A bounded heap"). V8 reads this setting at every collection, so it applies once set here.
 *
 * BATON_HEAP_GROWTH_PERCENT: the growth allowed, in percent (default 20); 0 leaves V8's own choice.
 * Returns the V8 flag applied, or null.
 */
let bound: string | null = null;
let roomy = 0;

export function boundHeapGrowth(setting = process.env.BATON_HEAP_GROWTH_PERCENT): string | null {
  const percent = setting === undefined || setting.trim() === "" ? 20 : Number(setting);
  if (!Number.isInteger(percent) || percent < 0 || percent > 400)
    throw new Error(`BATON_HEAP_GROWTH_PERCENT must be a whole number from 0 to 400, not "${setting}"`);
  bound = percent === 0 ? null : `--heap-growing-percent=${percent}`;
  v8.setFlagsFromString(bound ?? "--heap-growing-percent=0");
  return bound;
}

/** Work on fewer items than this (a small batch, a quiet poll) keeps the bound. */
const BULK_ITEMS = 500;

/**
 * Runs bulk work (a CSV import, a large batch of items) with V8's own heap growth: its live heap is large, and
 * collecting it at every 20 % of growth cost a 100,000-row import ~2 s of 27. The bound is back once the last
 * such work ends (parallel ones share the room). `items`: how many items the work writes, when known.
 */
export async function withRoomyHeap<T>(fn: () => Promise<T>, items = Number.POSITIVE_INFINITY): Promise<T> {
  if (!bound || items < BULK_ITEMS) return fn();
  if (roomy++ === 0) v8.setFlagsFromString("--heap-growing-percent=0");
  try {
    return await fn();
  } finally {
    if (--roomy === 0 && bound) v8.setFlagsFromString(bound);
  }
}

/** Tests: the bound in force and how many bulk jobs hold the heap roomy. */
export const heapState = () => ({ bound, roomy });
