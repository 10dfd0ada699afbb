import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../db/client.ts";
import { withDatabase } from "./global-setup.ts";

export const TEST_DB_KIND = (process.env.BATON_TEST_DB ?? "pglite") as "pglite" | "postgres";

/** A fresh, migrated database for one test file: a PGlite copy in memory, or a new PostgreSQL database from the template. */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
  if (TEST_DB_KIND === "postgres") {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `baton_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const database = await openDatabase({ url: dbUrl });
    const close = database.close;
    return Object.assign(database, {
      url: dbUrl,
      close: async () => {
        await close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    });
  }
  const tar = readFileSync(inject("pgliteTemplate"));
  return openDatabase({ loadDataDir: new Blob([tar]) });
}

/**
 * A migrated PGlite data directory at `pgdata` (BATON_DATA_DIR/pgdata for a CLI or a server to open later),
 * loaded from the run's template rather than migrated from scratch (seconds of CPU per file); open until closed.
 */
export async function openTestDataDir(pgdata: string): Promise<Database> {
  const tar = readFileSync(inject("pgliteTemplate"));
  return openDatabase({ dataDir: pgdata, loadDataDir: new Blob([tar]) });
}
