import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { createTestDatabase, openTestDataDir, TEST_DB_KIND } from "../server/test/db.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/baton.js");

export interface CliScratch {
  /** A scratch directory, removed after the file's tests. */
  dir: string;
  /** The environment for the CLI: its data dir in `dir`, or the fresh PostgreSQL database. */
  env: NodeJS.ProcessEnv;
}

/**
 * Before the file's tests: a PGlite data dir in a scratch directory (or a fresh PostgreSQL database), migrated
 * (a copy of the run's template) and filled by `setup` in-process; after them, removed. The fields are set once the tests run.
 */
export function cliScratch(prefix: string, setup: (database: Database) => Promise<void>): CliScratch {
  const scratch: CliScratch = { dir: "", env: {} };
  let closeDb = async () => {};
  beforeAll(async () => {
    scratch.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    scratch.env = {
      ...process.env,
      LOG_LEVEL: "silent",
      DATABASE_URL: "",
      BATON_DATA_DIR: path.join(scratch.dir, "data"),
    };
    if (TEST_DB_KIND === "postgres") {
      const database = await createTestDatabase();
      scratch.env.DATABASE_URL = database.url;
      closeDb = () => database.close();
      await setup(database);
    } else {
      const database = await openTestDataDir(path.join(scratch.env.BATON_DATA_DIR!, "pgdata"));
      try {
        await migrate(database); // at the latest level already (the template): only checks
        await setup(database);
      } finally {
        await database.close(); // the data dir is one process's at a time: the CLI's from now on
      }
    }
  });
  afterAll(async () => {
    await closeDb();
    rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}

/** Runs the real binary with `args` and an empty stdin; `cleanStderr` may drop known noise from stderr. */
export function runBaton(
  env: NodeJS.ProcessEnv,
  args: string[],
  cleanStderr: (stderr: string) => string = (s) => s,
) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr: cleanStderr(stderr) }),
    );
    child.stdin?.end("");
  });
}
