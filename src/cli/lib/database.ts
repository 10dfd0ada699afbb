import { loadConfig } from "../../server/config.ts";
import type { Database } from "../../server/db/client.ts";
import { listMigrations, migrate, migrationLevel } from "../../server/db/migrate.ts";
import { openConfiguredDatabase } from "../../server/db/open.ts";

/** Where the configured database lives, for messages (the password of a URL is never printed). */
export function describeDatabase(): string {
  const config = loadConfig();
  if (!config.databaseUrl) return `PGlite in ${config.dataDir}`;
  try {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

/**
 * Opens the configured database (DATABASE_URL, else PGlite in BATON_DATA_DIR), runs `fn`, and always closes it:
 * an open PGlite keeps the process alive. "write" applies pending migrations first; "read" refuses a database
 * that is behind this build, rather than failing halfway on a missing column.
 */
export async function withDatabase<T>(
  mode: "read" | "write",
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    if (mode === "write") await migrate(database);
    else {
      const level = await migrationLevel(database);
      const latest = listMigrations().at(-1)?.tag ?? null;
      if (level.latest !== latest) {
        throw new Error(
          `The database is at migration ${level.latest ?? "none"}, this Baton needs ${latest}: run \`baton migrate\` first`,
        );
      }
    }
    return await fn(database);
  } finally {
    await database.close();
  }
}
