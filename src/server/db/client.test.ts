import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "../test/db.ts";
import { type Database, openDatabase } from "./client.ts";
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
