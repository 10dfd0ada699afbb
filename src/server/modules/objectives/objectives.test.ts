import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execRows } from "../../db/hot.ts";
import { type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";

/** Finding 5 of the hardening issue: one key result with ±1e308 made progress NaN and the list a 500 for good. */
let t: TestApp;
let owner: Client;
let w: string;

const kr = (over: Record<string, unknown> = {}) => ({
  title: "Revenue",
  metricName: "ARR",
  baseline: 0,
  target: 10,
  dueDate: "2027-12-31",
  ...over,
});
const objective = (keyResults: unknown[]) => ({
  title: "Grow",
  periodStart: "2027-01-01",
  periodEnd: "2027-12-31",
  keyResults,
});
const counts = async () => {
  const [r] = await execRows<{ o: number; k: number }>(
    t.database.db,
    sql`SELECT (SELECT count(*) FROM objectives)::int AS o, (SELECT count(*) FROM key_results)::int AS k`,
  );
  return r;
};

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(() => t.close());

describe("key result values that overflow progress", () => {
  it("refuses ±1e308 with field errors and stores nothing; the list still answers", async () => {
    const before = await counts();
    const res = await owner.post(`${w}/objectives`, objective([kr({ baseline: -1e308, target: 1e308 })]));
    expect(res.statusCode, res.body).toBe(400);
    expect(Object.keys(errorOf(res).fields ?? {}).sort()).toEqual([
      "keyResults.0.baseline",
      "keyResults.0.target",
    ]);
    expect(await counts()).toEqual(before);
    expect((await owner.get(`${w}/objectives`)).statusCode).toBe(200);
  });

  it("refuses them on a new key result and on an edit too", async () => {
    const o = await owner.ok("POST", `${w}/objectives`, objective([kr()]), 201);
    const added = await owner.post(`${w}/objectives/${o.id}/key-results`, kr({ current: 1e308 }));
    expect(added.statusCode).toBe(400);
    expect(errorOf(added).fields).toHaveProperty("current");
    const k = o.keyResults[0];
    const edited = await owner.patch(`${w}/key-results/${k.id}`, { version: k.version, target: 1e13 });
    expect(edited.statusCode).toBe(400);
    expect(errorOf(edited).fields).toHaveProperty("target");
    const still = await owner.ok("GET", `${w}/objectives/${o.id}`);
    expect(still.keyResults).toHaveLength(1);
    expect(still.keyResults[0]).toMatchObject({ target: 10, version: k.version });
  });

  it("accepts the largest values allowed and answers a finite progress", async () => {
    const o = await owner.ok(
      "POST",
      `${w}/objectives`,
      objective([kr({ baseline: -1e12, target: 1e12, current: 1e12 })]),
      201,
    );
    expect(o.keyResults[0].progress).toBe(1);
    expect(o.progress).toBe(1);
  });

  it("lists a workspace holding a poisoned row (stored before the fix): progress null, 200 for everyone", async () => {
    const o = await owner.ok("POST", `${w}/objectives`, objective([kr({ current: 5 })]), 201);
    await t.database.db.execute(sql`
      INSERT INTO key_results (workspace_id, objective_id, title, metric_name, baseline, target, current, due_date, position)
      VALUES (${owner.wid}, ${o.id}, 'Poison', 'm', -1e308, 1e308, 1e308, '2027-12-31', 1)`);
    const res = await owner.get(`${w}/objectives`);
    expect(res.statusCode, res.body).toBe(200);
    const listed = res.json().items.find((x: { id: string }) => x.id === o.id);
    expect(listed.keyResults.map((k: { progress: number | null }) => k.progress)).toEqual([0.5, null]);
    expect(listed.progress).toBe(0.5);
  });

  it("the clean-up migration clamps such rows into the accepted range", async () => {
    const [o] = (await owner.ok("GET", `${w}/objectives`)).items;
    // Not even JSON can carry these; only a hand-made row holds them.
    await t.database.db.execute(sql`
      INSERT INTO key_results (workspace_id, objective_id, title, metric_name, baseline, target, current, due_date)
      VALUES (${owner.wid}, ${o.id}, 'NaN', 'm', 'NaN', 'Infinity', '-Infinity', '2027-12-31')`);
    const file = fileURLToPath(
      new URL("../../db/migrations/0008_clean_key_result_values.sql", import.meta.url),
    );
    await t.database.db.execute(sql.raw(readFileSync(file, "utf8")));
    const r = await execRows<Record<string, unknown>>(
      t.database.db,
      sql`SELECT title, baseline, target, current, version FROM key_results WHERE title IN ('Poison', 'NaN') ORDER BY title`,
    );
    const rows = r.map((x) => ({
      ...x,
      baseline: Number(x.baseline),
      target: Number(x.target),
      current: x.current === null ? null : Number(x.current),
    }));
    expect(rows).toEqual([
      { title: "NaN", baseline: 0, target: 1e12, current: -1e12, version: 2 },
      { title: "Poison", baseline: -1e12, target: 1e12, current: 1e12, version: 2 },
    ]);
    const listed = (await owner.ok("GET", `${w}/objectives`)).items.flatMap(
      (o: { keyResults: { title: string; progress: number | null }[] }) => o.keyResults,
    );
    expect(listed.find((k: { title: string }) => k.title === "Poison").progress).toBe(1);
  });
});
