import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_DB_KIND } from "../test/db.ts";
import type { Database } from "./client.ts";
import { rawRows } from "./hot.ts";
import { analyzeStaleTables } from "./maintenance.ts";

/** PGlite's stand-in for autovacuum's analyze: never-analyzed and much-changed tables get statistics. */
let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const reltuples = async (table: string) =>
  (
    await rawRows<{ n: number }>(
      database.db,
      "SELECT reltuples::float8 AS n FROM pg_class WHERE relname = $1",
      [table],
    )
  )[0]!.n;

describe.runIf(TEST_DB_KIND === "pglite")("on PGlite", () => {
  it("analyzes never-analyzed tables once, then a table only after 50 + 10 % of its rows changed", async () => {
    const first = await analyzeStaleTables(database);
    expect(first).toEqual(expect.arrayContaining(["ideas", "idea_scores", "monitors", "jobs"]));
    expect(await analyzeStaleTables(database)).toEqual([]);

    await rawRows(database.db, "CREATE TABLE probe (id int PRIMARY KEY, v int)", []);
    await rawRows(database.db, "INSERT INTO probe SELECT g, 0 FROM generate_series(1, 1000) g", []);
    expect(await analyzeStaleTables(database)).toEqual(["probe"]);
    expect(await reltuples("probe")).toBe(1000);
    // 150 changes: under the threshold of 50 + 100.
    await rawRows(database.db, "UPDATE probe SET v = 1 WHERE id <= 150", []);
    expect(await analyzeStaleTables(database)).toEqual([]);
    // One more change each to 1 row: 151 > 150.
    await rawRows(database.db, "UPDATE probe SET v = 2 WHERE id = 1", []);
    expect(await analyzeStaleTables(database)).toEqual(["probe"]);
    expect(await analyzeStaleTables(database)).toEqual([]);
  });
});

describe.runIf(TEST_DB_KIND === "postgres")("on PostgreSQL", () => {
  it("leaves it to autovacuum", async () => {
    expect(await analyzeStaleTables(database)).toEqual([]);
  });
});
