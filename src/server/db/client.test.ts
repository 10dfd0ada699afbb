import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "../test/db.ts";
import { type Database, openDatabase, pgliteSharedBuffers } from "./client.ts";
import { execRows } from "./hot.ts";

/**
 * PGlite reads the types drizzle wants as text (timestamps, dates, intervals and their arrays) with the client's
 * own parsers, so drizzle's per-query copy can be dropped (DECISIONS #45): raw queries, drizzle's, and those inside
 * a transaction all see the same text.
 */
describe.runIf(TEST_DB_KIND === "pglite")("PGlite's type parsers", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
  });
  afterAll(async () => database.close());

  const SELECT = `SELECT '2026-01-02 03:04:05.6+00'::timestamptz AS ts, '2026-01-02'::date AS d,
    '1 day'::interval AS i, ARRAY['2026-01-02 03:04:05+00'::timestamptz] AS tsa, ARRAY['2026-01-02'::date] AS da,
    ARRAY[1.5]::numeric[] AS na, 42::bigint AS big`;
  const expected = {
    ts: "2026-01-02 03:04:05.6+00",
    d: "2026-01-02",
    i: "1 day",
    tsa: '{"2026-01-02 03:04:05+00"}',
    da: "{2026-01-02}",
    na: "{1.5}",
    big: "42",
  };

  it("gives raw queries, drizzle's and a transaction's the same text forms", async () => {
    const raw = (await database.pglite!.query(SELECT)).rows[0];
    expect(raw).toEqual(expected);
    expect((await execRows(database.db, sql.raw(SELECT)))[0]).toEqual(expected);
    const inTx = await database.db.transaction(async (tx) => (await execRows(tx, sql.raw(SELECT)))[0]);
    expect(inTx).toEqual(expected);
  });
});

/** PGlite's buffer cache is an eighth of the tables' files at open, in 8 MB steps, within 16–128 MB. */
describe.runIf(TEST_DB_KIND === "pglite")("PGlite's buffer cache", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "baton-buffers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A data directory whose tables' files add up to `mb` (sparse files: their size, not their blocks, counts). */
  const dataDir = (name: string, mb: number[], wal = 0) => {
    const d = path.join(dir, name);
    mkdirSync(path.join(d, "base", "5"), { recursive: true });
    mkdirSync(path.join(d, "pg_wal"), { recursive: true });
    mb.forEach((m, i) => {
      const f = path.join(d, "base", "5", String(16384 + i));
      writeFileSync(f, "");
      truncateSync(f, m * 2 ** 20);
    });
    if (wal) {
      writeFileSync(path.join(d, "pg_wal", "000000010000000000000001"), "");
      truncateSync(path.join(d, "pg_wal", "000000010000000000000001"), wal * 2 ** 20);
    }
    return d;
  };

  it("grows with the tables' files, not the write-ahead log", () => {
    const saved = process.env.BATON_PGLITE_SHARED_BUFFERS;
    delete process.env.BATON_PGLITE_SHARED_BUFFERS;
    try {
      expect(pgliteSharedBuffers()).toBe("16MB");
      expect(pgliteSharedBuffers(path.join(dir, "missing"))).toBe("16MB");
      expect(pgliteSharedBuffers(dataDir("small", [100, 27], 900))).toBe("16MB");
      // 200 + 269 = 469 MB: 58.6 MB, down to a step of 8.
      expect(pgliteSharedBuffers(dataDir("mid", [200, 269]))).toBe("56MB");
      expect(pgliteSharedBuffers(dataDir("edge", [64 * 8 - 1]))).toBe("56MB");
      expect(pgliteSharedBuffers(dataDir("big", [1500, 1500]))).toBe("128MB");
      process.env.BATON_PGLITE_SHARED_BUFFERS = "40MB";
      expect(pgliteSharedBuffers(path.join(dir, "big"))).toBe("40MB");
    } finally {
      if (saved === undefined) delete process.env.BATON_PGLITE_SHARED_BUFFERS;
      else process.env.BATON_PGLITE_SHARED_BUFFERS = saved;
    }
  });

  it("is what an opened PGlite runs with", async () => {
    const database = await openDatabase({ dataDir: path.join(dir, "opened") });
    try {
      const [row] = await execRows<{ shared_buffers: string }>(database.db, sql`SHOW shared_buffers`);
      expect(row?.shared_buffers).toBe(process.env.BATON_PGLITE_SHARED_BUFFERS || "16MB");
    } finally {
      await database.close();
    }
  });
});
