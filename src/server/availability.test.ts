import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportWorkspace, importWorkspaceInSteps } from "./modules/transfer/transfer.service.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "./test/app.ts";

/**
 * Long work must not freeze the server (issue 11): PGlite runs one statement at a time on the main thread, so a
 * big CSV import used to hold it for its whole transaction. A real HTTP server on 127.0.0.1 takes a big import
 * while /health and a backlog page are polled beside it; every probe must come back quickly and the import
 * must still land whole (or, when a row fails in the database, not at all). Bounds are generous (the budget,
 * p99 < 200 ms, is measured by `npm run bench -- availability`).
 */

const ROWS = Number(process.env.AVAIL_ROWS ?? 3_000);
const SCORED = 2_000; // ideas re-scored by each factor change (a round holds at most 2,000)
const DESCRIPTION_CHARS = 2_000; // ~6 MB (the finding: 10,000 rows, 20 MB; `npm run bench -- availability` runs that)
const PROBE_MAX_MS = 1_000;

const WORDS = (
  "customer dashboard export invoice latency mobile billing report sync webhook onboarding security audit " +
  "permissions calendar search filter analytics notification integration roadmap pricing enterprise"
).split(" ");

/** A CSV of `rows` ideas with ~2 kB descriptions (deterministic), in the columns another tool would export. */
function bigCsv(rows: number, failAt?: number) {
  let seed = 11;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const lines = ["Title,Description,Tags,Effort,Reach,Impact,Confidence,Ease"];
  for (let i = 1; i <= rows; i++) {
    const words: string[] = [];
    for (let n = 0; n < DESCRIPTION_CHARS; ) {
      const w = WORDS[Math.floor(rnd() * WORDS.length)] + (rnd() < 0.1 ? "." : "");
      words.push(w);
      n += w.length + 1;
    }
    const title = i === failAt ? "Explode in the database" : `Idea ${i}: ${WORDS[i % WORDS.length]}`;
    lines.push(`${title},"${words.join(" ")}","ux, api",${1 + (i % 8)},${100 + i},1,80%,${1 + (i % 9)}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

let t: TestApp;
let owner: Client;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Busy Co");
  await t.app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => t.close());

/** fetch with the owner's session (cookie and CSRF header), over real HTTP. */
async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: owner.cookie,
      "x-csrf-token": owner.csrf,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const product = async (name: string) =>
  (await call("POST", `/workspaces/${owner.wid}/products`, { name })).json as { id: string };

/** Polls each URL in turn until `work` settles; returns each URL's latencies (ms). */
async function probeWhile(work: Promise<unknown>, urls: string[]) {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  const latencies = urls.map(() => [] as number[]);
  // Let the request reach the server and its work begin.
  await new Promise((r) => setTimeout(r, 300));
  while (!settled) {
    for (const [i, url] of urls.entries()) {
      const t0 = performance.now();
      const res = await call("GET", url);
      latencies[i].push(performance.now() - t0);
      expect(res.status, url).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return latencies;
}

const worst = (xs: number[]) => Math.round(Math.max(...xs));

/**
 * No probe waited long behind the work: each under 1 s, or under a quarter of the work's duration on a machine
 * so loaded that the work itself crawls (seen here at load 20-30 on 2 cores, where parsing the request's JSON
 * alone takes seconds). Before the fix a probe waited for all of the work.
 */
function expectResponsive(probes: number[][], workMs: number, what: string, minMs = PROBE_MAX_MS) {
  const bound = Math.max(minMs, workMs / 4);
  for (const [i, p] of probes.entries()) {
    const label = `${what}, ${i === 0 ? "/health" : "backlog"}: ${p.map(Math.round).join(" ")} (work: ${Math.round(workMs)} ms)`;
    expect(worst(p), label).toBeLessThan(bound);
  }
}

describe("the server answers while long work runs", () => {
  it(`imports ${ROWS.toLocaleString("en")} ideas (~6 MB of CSV) while /health and a backlog page answer`, async () => {
    const target = await product("Imported");
    const other = await product("Other");
    await call("POST", `/workspaces/${owner.wid}/products/${other.id}/ideas`, { title: "Keep me" });
    const csv = bigCsv(ROWS);
    const backlog = `/workspaces/${owner.wid}/products/${other.id}/ideas?limit=50`;

    const started = performance.now();
    const importing = call("POST", `/workspaces/${owner.wid}/products/${target.id}/ideas/import`, {
      csv,
      dryRun: false,
    });
    const [health, page] = await probeWhile(importing, ["/health", backlog]);
    const took = performance.now() - started;
    const res = await importing;

    expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(200);
    expect(res.json).toMatchObject({ rows: ROWS, created: ROWS, errors: [] });
    // The import ran long enough to be probed many times, and no probe waited long behind it.
    expect(health.length, `import took ${Math.round(took)} ms`).toBeGreaterThanOrEqual(5);
    expectResponsive([health, page], took, "during the CSV import");

    // Everything landed, ranked, in file order for equal scores.
    const first = await call("GET", `/workspaces/${owner.wid}/products/${target.id}/ideas?limit=3`);
    expect(first.json.total).toBe(ROWS);
    expect(first.json.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3]);
    const [{ n }] = (
      await t.database.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ideas i JOIN idea_scores s ON s.workspace_id = i.workspace_id AND s.idea_id = i.id
            WHERE i.product_id = ${target.id} AND s.rank IS NOT NULL`,
      )
    ).rows;
    expect(n).toBe(ROWS);
    const [{ audited }] = (
      await t.database.db.execute<{ audited: number }>(
        sql`SELECT count(*)::int AS audited FROM audit_events WHERE action = 'idea.import' AND entity_id = ${target.id}`,
      )
    ).rows;
    expect(audited).toBe(1);
  }, 120_000);

  it("exports the workspace and imports it as a new one (CLI import) while /health and a backlog page answer", async () => {
    const other = await product("Backlog beside the copy");
    await call("POST", `/workspaces/${owner.wid}/products/${other.id}/ideas`, { title: "Still here" });
    const backlog = `/workspaces/${owner.wid}/products/${other.id}/ideas?limit=50`;

    const exportStarted = performance.now();
    const exporting = call("GET", `/workspaces/${owner.wid}/export`);
    const [eHealth, ePage] = await probeWhile(exporting, ["/health", backlog]);
    const doc = (await exporting).json;
    expect(doc.ideas.length).toBeGreaterThanOrEqual(ROWS);
    // Read in short steps on PGlite (DECISIONS #28) and serialized in chunks; the bound stays generous because the
    // first step reads the user list in one statement.
    expectResponsive([eHealth, ePage], performance.now() - exportStarted, "during the export", 2_500);

    // The CLI's `baton import` reaches the running server (modules/cli), which runs this.
    const importStarted = performance.now();
    const importing = importWorkspaceInSteps(t.database, doc, { slug: "busy-copy", name: "Busy copy" });
    const [health, page] = await probeWhile(importing, ["/health", backlog]);
    const res = await importing;
    expect(health.length).toBeGreaterThanOrEqual(5);
    expectResponsive([health, page], performance.now() - importStarted, "during the workspace import");

    // The copy is whole: the same rows as the original, and its owner is a member.
    expect(res.rows.ideas).toBe(doc.ideas.length);
    const copy = await exportWorkspace(t.database.db, res.workspace.id);
    const key = (i: { number: number; title: string; rank: number | null }) =>
      `${i.number}|${i.rank}|${i.title}`;
    expect(copy.ideas.map(key).sort()).toEqual(doc.ideas.map(key).sort());
    expect(copy.memberships.map((m) => m.role).sort()).toEqual(
      doc.memberships.map((m: { role: string }) => m.role).sort(),
    );
    const [{ pending }] = (
      await t.database.db.execute<{ pending: number }>(
        sql`SELECT count(*)::int AS pending FROM jobs WHERE kind = 'transfer.import.undo' AND done_at IS NULL`,
      )
    ).rows;
    expect(pending).toBe(0);
  }, 180_000);

  it(`changes the factor weights again and again (re-scoring ${SCORED.toLocaleString("en")} rated ideas) while /health and that backlog answer`, async () => {
    // A product whose ideas were rated in a closed round: a weight change moves every score and rank.
    const scored = await product("Rated");
    const csv = ["Title", ...Array.from({ length: SCORED }, (_, i) => `Rated idea ${i + 1}`)].join("\n");
    expect(
      (
        await call("POST", `/workspaces/${owner.wid}/products/${scored.id}/ideas/import`, {
          csv,
          dryRun: false,
        })
      ).status,
    ).toBe(200);
    const ids: string[] = (
      await t.database.db.execute<{ id: string }>(sql`SELECT id FROM ideas WHERE product_id = ${scored.id}`)
    ).rows.map((r: { id: string }) => r.id);
    const voter = await addUser(owner, "stakeholder", owner.wid, "Rita Rater");
    const round = await owner.ok(
      "POST",
      `/api/v1/workspaces/${owner.wid}/rounds`,
      {
        productId: scored.id,
        name: "All of them",
        ideaIds: ids,
        voterIds: [voter.userId],
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
      201,
    );
    const cells = ids.flatMap((ideaId, i) =>
      round.factors.map((f: { id: string }, k: number) => ({
        ideaId,
        factorId: f.id,
        value: 1 + ((i * 7 + k * 3 + ((i * k) % 5)) % 5),
      })),
    );
    for (let i = 0; i < cells.length; i += 2000)
      await voter.ok("PUT", `/api/v1/workspaces/${owner.wid}/rounds/${round.id}/ratings`, {
        ratings: cells.slice(i, i + 2000),
      });
    await owner.ok("POST", `/api/v1/workspaces/${owner.wid}/rounds/${round.id}/close`);
    const defaults = (await call("GET", `/workspaces/${owner.wid}/factors`)).json.factors as {
      id: string;
      name: string;
      weight: number;
      direction: string;
    }[];
    const backlog = `/workspaces/${owner.wid}/products/${scored.id}/ideas?limit=50`;

    // Six changes one after another: each writes the set, then re-scores every following product.
    const weights = [
      [9, 1, 1, 1],
      [1, 9, 1, 1],
      [1, 1, 9, 1],
      [1, 1, 1, 9],
      [5, 1, 5, 1],
      [1, 5, 1, 5],
    ];
    const recomputed: number[] = [];
    const started = performance.now();
    const changing = (async () => {
      for (const ws of weights) {
        const res = await call("PUT", `/workspaces/${owner.wid}/factors`, {
          factors: defaults.map((f, i) => ({
            id: f.id,
            name: f.name,
            weight: ws[i],
            direction: f.direction,
          })),
        });
        expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(200);
        recomputed.push(res.json.recomputed.ideas);
      }
    })();
    const [health, page] = await probeWhile(changing, ["/health", backlog]);
    await changing;
    expect(
      recomputed.every((n) => n >= SCORED),
      recomputed.join(" "),
    ).toBe(true);
    expect(health.length).toBeGreaterThanOrEqual(5);
    expectResponsive([health, page], performance.now() - started, "during the factor changes");

    // The backlog ends ranked by the last weights: ranks 1…n in score order.
    const top = (await call("GET", `/workspaces/${owner.wid}/products/${scored.id}/ideas?limit=200`)).json
      .items as { rank: number; score: number }[];
    expect(top.map((i) => i.rank)).toEqual(top.map((_, k) => k + 1));
    for (let k = 1; k < top.length; k++) expect(top[k].score).toBeLessThanOrEqual(top[k - 1].score);
    expect(
      (await call("GET", `/workspaces/${owner.wid}/factors`)).json.factors.map(
        (f: { weight: number }) => f.weight,
      ),
    ).toEqual([1, 5, 1, 5]);
  }, 240_000);

  it("leaves nothing when a row fails in the database half-way through the writes", async () => {
    const target = await product("Half");
    const rows = 1_500;
    // A real failure inside the database, after the file was checked: a trigger refuses one row.
    await t.database.db.execute(sql`
      CREATE FUNCTION refuse_idea() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await t.database.db.execute(sql`
      CREATE TRIGGER refuse_idea BEFORE INSERT ON ideas FOR EACH ROW
        WHEN (NEW.title = 'Explode in the database') EXECUTE FUNCTION refuse_idea()`);
    try {
      const res = await call("POST", `/workspaces/${owner.wid}/products/${target.id}/ideas/import`, {
        csv: bigCsv(rows, rows - 1),
        dryRun: false,
      });
      expect(res.status).toBe(500);
    } finally {
      await t.database.db.execute(sql`DROP TRIGGER refuse_idea ON ideas`);
      await t.database.db.execute(sql`DROP FUNCTION refuse_idea()`);
    }
    const page = await call("GET", `/workspaces/${owner.wid}/products/${target.id}/ideas?limit=5`);
    expect(page.json).toMatchObject({ total: 0, items: [] });
    // No undo left pending: it ran at once.
    const [{ pending }] = (
      await t.database.db.execute<{ pending: number }>(
        sql`SELECT count(*)::int AS pending FROM jobs WHERE kind = 'ideas.import.undo' AND done_at IS NULL`,
      )
    ).rows;
    expect(pending).toBe(0);
  }, 60_000);
});
