/**
 * An action handler that loads its module on first use: `baton --help` and every command stay quick to start,
 * because the server code (drizzle, PGlite, zod schemas) is only loaded by the command that runs.
 */
export function lazy<M extends Record<K, (...args: any[]) => Promise<unknown>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
) {
  return async (...args: unknown[]) => {
    const mod = await load();
    await mod[name](...args);
  };
}
