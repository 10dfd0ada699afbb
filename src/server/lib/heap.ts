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
export function boundHeapGrowth(setting = process.env.BATON_HEAP_GROWTH_PERCENT): string | null {
  const percent = setting === undefined || setting.trim() === "" ? 20 : Number(setting);
  if (!Number.isInteger(percent) || percent < 0 || percent > 400)
    throw new Error(`BATON_HEAP_GROWTH_PERCENT must be a whole number from 0 to 400, not "${setting}"`);
  if (percent === 0) return null;
  const flag = `--heap-growing-percent=${percent}`;
  v8.setFlagsFromString(flag);
  return flag;
}
