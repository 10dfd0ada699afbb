import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { execRows } from "./hot.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
const MIGRATION_LOCK = 727_001; // arbitrary, constant: every Baton instance uses the same key

interface Migration {
  tag: string;
  sql: string;
  hash: string;
}

/** The migrations shipped with this build, in order (drizzle-kit's journal). */
export function listMigrations(): Migration[] {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_DIR}meta/_journal.json`, "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => {
    const sql = readFileSync(`${MIGRATIONS_DIR}${tag}.sql`, "utf8");
    return { tag, sql, hash: createHash("sha256").update(sql).digest("hex") };
  });
}

export interface MigrationLevel {
  applied: number;
  latest: string | null;
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so several instances may start at once:
 * the first migrates, the others wait and then find nothing to do. Each migration runs in its own transaction.
 */
export async function migrate(database: Database): Promise<MigrationLevel> {
  const migrations = listMigrations();
  return database.withAdvisoryLock(MIGRATION_LOCK, async (exec) => {
    await exec(`CREATE TABLE IF NOT EXISTS baton_migrations (
      tag text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = (await exec("SELECT tag, hash FROM baton_migrations")) as { tag: string; hash: string }[];
    const applied = new Map(rows.map((r) => [r.tag, r.hash]));
    for (const m of migrations) {
      if (applied.has(m.tag)) continue;
      const statements = m.sql.split("--> statement-breakpoint").join("\n");
      await exec(
        `BEGIN;\n${statements}\n;INSERT INTO baton_migrations (tag, hash) VALUES ('${m.tag}', '${m.hash}');\nCOMMIT;`,
      );
    }
    return { applied: migrations.length, latest: migrations.at(-1)?.tag ?? null };
  });
}

/** What the database has applied, without changing anything (no lock: health checks call it). */
export async function migrationLevel(database: Database): Promise<MigrationLevel> {
  try {
    const [row] = await execRows<{ applied: number; latest: string | null }>(
      database.db,
      sql`SELECT count(*)::int AS applied, max(tag) AS latest FROM baton_migrations`,
    );
    return { applied: row.applied, latest: row.latest };
  } catch {
    return { applied: 0, latest: null }; // not migrated yet
  }
}
