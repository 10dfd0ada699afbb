import { loadConfig } from "./config.ts";
import type { Database } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { openConfiguredDatabase } from "./db/open.ts";

export { openConfiguredDatabase };

/** Starts Baton: database, migrations (under an advisory lock), HTTP server, clean shutdown on signals. */
export async function startServer(
  config = loadConfig(),
  opts: { onReady?: (database: Database) => Promise<void> } = {},
) {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    if (opts.onReady) await opts.onReady(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  // Loaded here so CLI commands that only need the database don't pay for the web stack.
  const { buildApp } = await import("./app.ts");
  const app = await buildApp({ database, config });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ port: config.port, host: config.host });
  return { app, database, config };
}
