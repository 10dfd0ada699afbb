import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, type Client, createTestApp, PASSWORD, type TestApp } from "./test/app.ts";
import {
  buildRequest,
  type FuzzRequest,
  killerFor,
  mutations,
  type Operation,
  operations,
  slotSchemas,
} from "./test/fuzz.ts";
import { buildFixture, type Fixture, storedState } from "./test/fuzz-fixture.ts";

/**
 * The route fuzzer: every operation of the OpenAPI document, first with a valid request built from a
 * seeded workspace, then with hostile variants (wrong types, missing and extra fields, 100 kB strings,
 * NUL and lone surrogates, ±1e308, 2^31, -1, year 0 and 10000, forged cursors, the other workspace's ids).
 * Whatever comes in: no 5xx, no data of the other workspace, nothing stored when the answer is 4xx, and
 * no refusal left to the database's safety net (the shared schemas must refuse it with a field error).
 *
 * Each operation: its valid request, every slot (path, query, body field) once with a value chosen by its
 * type, then FUZZ_RUNS random variants (default 8). FUZZ_SEED (default: random, printed on failure).
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
// The message of plugins/errors.ts's data-exception safety net: reaching it means a schema let the value through.
const SAFETY_NET = "Some values cannot be stored: check text, numbers and dates";

let t: TestApp;
let fx: Fixture;
let ops: Operation[];
let state: Awaited<ReturnType<typeof storedState>>;
const problems: string[] = [];
const stats = { requests: 0, slots: 0, operations: 0, baseOk: 0, baseStatus: {} as Record<string, number> };

beforeAll(async () => {
  t = await createTestApp();
  fx = await buildFixture(t.app, t.database.db);
  ops = operations(t.app.swagger() as never);
  state = await storedState(t.database);
}, 120_000);
afterAll(() => t?.close());

// Routes that can end or change the caller's own session run as a spare member, replaced when it is gone.
const sessionRoute = (op: Operation) =>
  /^\/api\/v1\/(auth|me|setup|invitations\/accept)\b/.test(op.path) && op.method !== "GET";
async function spareClient(): Promise<Client> {
  const s = fx.spare;
  if ((await s.get("/api/v1/auth/session")).statusCode === 200) return s;
  const login = await s.request("POST", "/api/v1/auth/login", { email: s.email, password: PASSWORD });
  if (login.statusCode === 200) return s.adopt(login.json());
  fx.spare = await addUser(fx.owner, "viewer", fx.owner.wid, "Spare Viewer");
  return fx.spare;
}

async function send(op: Operation, req: FuzzRequest) {
  const client = sessionRoute(op) ? await spareClient() : fx.owner;
  let res: LightMyRequestResponse;
  try {
    res = await client.request(req.method, req.url, req.body);
  } catch (err) {
    problems.push(`${req.method} ${op.path} [${req.what}]: inject threw ${(err as Error).message}`);
    return null;
  }
  stats.requests++;
  const where = `${req.method} ${op.path} [${req.what}]`;
  if (res.statusCode >= 500) problems.push(`${where} → ${res.statusCode} ${res.body.slice(0, 160)}`);
  if (res.body.includes(fx.other.marker)) problems.push(`${where} → answered the other workspace's data`);
  if (res.statusCode === 400 && res.body.includes(SAFETY_NET))
    problems.push(`${where} → only the database refused it (no schema field error)`);
  // Every request, reads too: a refused one must leave everything as it was.
  const changed = await state.changedSince();
  if (changed.length && res.statusCode >= 400 && res.statusCode < 500)
    problems.push(`${where} → ${res.statusCode} but ${changed.join(", ")} changed`);
  return res;
}

/** What the fuzzer found on 41 routes before the shared primitives, each as a plain regression test. */
describe("hostile input gets a 400 with a field error", () => {
  const w = () => `/api/v1/workspaces/${fx.ids.wid}`;
  const fieldsOf = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(400);
    return res.json().error.fields as Record<string, string>;
  };

  it("NUL and lone surrogates in body text, query strings and jsonb", async () => {
    expect(fieldsOf(await fx.owner.post(`${w()}/products`, { name: "a\u0000b" }))).toHaveProperty("name");
    expect(fieldsOf(await fx.owner.get(`${w()}/products?q=%00`))).toHaveProperty("q");
    const view = { name: "v", config: { q: "x\ud800" } };
    expect(fieldsOf(await fx.owner.post(`${w()}/products/${fx.ids.product}/views`, view))).toHaveProperty(
      "config.q",
    );
  });

  it("a CSV cell with a NUL is a per-row error, and nothing is imported", async () => {
    const csv = "title,description\nFine,ok\nBad,has \u0000 inside\n";
    const res = await fx.owner.post(`${w()}/products/${fx.ids.product}/ideas/import`, { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      created: 0,
      errors: [{ row: 3, field: "description", message: "Remove the NUL character (\\u0000)" }],
    });
  });

  it("versions beyond the 32-bit column, and years 0000 and 10000", async () => {
    const patch = await fx.owner.patch(`${w()}/products/${fx.ids.product}`, { version: 2 ** 31, name: "x" });
    expect(fieldsOf(patch)).toHaveProperty("version");
    const milestone = (date: string) =>
      fx.owner.post(`${w()}/roadmaps/${fx.ids.roadmap}/milestones`, { title: "m", date });
    expect(fieldsOf(await milestone("0000-01-01"))).toHaveProperty("date");
    expect(fieldsOf(await milestone("10000-01-01"))).toHaveProperty("date");
    expect(fieldsOf(await fx.owner.get(`${w()}/audit?from=0000-01-01T00:00:00Z`))).toHaveProperty("from");
  });

  it("cursors that decode but could not be used in SQL", async () => {
    const forged = [
      '["2027-01-01T00:00:00.000Z","------------------------------------"]',
      '["0000-01-01T00:00:00Z","00000000-0000-4000-8000-000000000000"]',
      '["2027-02-30T00:00:00Z","00000000-0000-4000-8000-000000000000"]',
    ];
    for (const c of forged) {
      const res = await fx.owner.get(`${w()}/products?cursor=${Buffer.from(c).toString("base64url")}`);
      expect(fieldsOf(res)).toEqual({ cursor: "Malformed cursor" });
    }
    const page = await fx.owner.ok("GET", `${w()}/audit?limit=1`);
    expect((await fx.owner.get(`${w()}/audit?limit=1&cursor=${page.nextCursor}`)).statusCode).toBe(200);
  });
});

describe("route fuzzer", () => {
  it("survives hostile variants of every operation", async () => {
    const started = Date.now();
    const timing: [number, string][] = [];
    for (const [index, op] of ops.entries()) {
      const t0 = Date.now();
      stats.operations++;
      const base = await send(op, buildRequest(op, fx.ids, fx.other.ids));
      if (base) {
        const key = `${op.method} ${op.path}`;
        stats.baseStatus[key] = base.statusCode;
        if (process.env.FUZZ_VERBOSE && base.statusCode >= 300)
          console.info(`base ${key}: ${base.body.slice(0, 200)}`);
        if (base.statusCode < 300) stats.baseOk++;
      }
      // The other workspace's ids in the path; every slot once with a value chosen by its type; random variants.
      if (op.params.some((p) => p.in === "path"))
        await send(op, buildRequest(op, fx.ids, fx.other.ids, { kind: "tenant" }));
      for (const [i, slot] of slotSchemas(op).entries()) {
        stats.slots++;
        const value = killerFor(op, slot, fx.other.ids, SEED + i);
        await send(op, buildRequest(op, fx.ids, fx.other.ids, { kind: "set", slot: slot.at, value }));
      }
      const variants = fc.sample(mutations(op, fx.other.ids), { seed: SEED + index, numRuns: RUNS });
      for (const m of variants) await send(op, buildRequest(op, fx.ids, fx.other.ids, m));
      timing.push([Date.now() - t0, `${op.method} ${op.path}`]);
    }
    if (process.env.FUZZ_VERBOSE)
      console.info(
        timing
          .sort((a, b) => b[0] - a[0])
          .slice(0, 15)
          .map(([ms, k]) => `${ms} ms ${k}`)
          .join("\n"),
      );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `fuzz: ${stats.operations} operations (${stats.slots} slots), ${stats.requests} requests in ${seconds} s, ` +
        `${stats.baseOk} valid base requests answered 2xx (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})`,
    );
    const notOk = Object.entries(stats.baseStatus).filter(([, s]) => s >= 300);
    if (process.env.FUZZ_VERBOSE) console.info(notOk.map(([k, s]) => `${s} ${k}`).join("\n"));
    expect(problems, `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} reproduces these:\n${problems.join("\n")}`).toEqual(
      [],
    );
  }, 600_000);

  it("covered every operation of the OpenAPI document", () => {
    expect(stats.operations).toBe(ops.length);
    expect(ops.length).toBeGreaterThan(130);
    expect(stats.requests).toBeGreaterThanOrEqual(ops.length * (RUNS + 1) + stats.slots);
  });
});
