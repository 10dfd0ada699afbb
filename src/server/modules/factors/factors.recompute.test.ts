import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import { type FactorResult, rankIdeas, weightedScore } from "../../../shared/scoring.ts";
import { DAY } from "../../lib/clock.ts";
import type { Steps } from "../../lib/steps.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { factorJobHandlers, replaceFactorsWith } from "./factors.recompute.ts";
import { toScoringFactor } from "./factors.service.ts";

/**
 * A factor change re-scores every following product as long work (docs/DECISIONS.md #25): on PGlite the set is
 * written in one short transaction and the scores in steps, which parallel changes interleave. Whatever the
 * interleaving, every score must end as the final set gives it; a change that fails half-way leaves scores that a
 * later recompute (the heal job) derives again. Products big enough that a re-score writes in several steps.
 */

let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

/** A product of `n` ideas scored by a closed round: one stakeholder rated every idea on every factor. */
async function scoredProduct(name: string, n: number) {
  const pid = (await pm.ok("POST", `${w}/products`, { name }, 201)).id;
  const csv = ["Title", ...Array.from({ length: n }, (_, i) => `${name} idea ${i + 1}`)].join("\n");
  expect(await pm.ok("POST", `${w}/products/${pid}/ideas/import`, { csv, dryRun: false })).toMatchObject({
    created: n,
  });
  const ideaIds = (await rows(pid)).map((r) => r.id);
  const voter = await addUser(pm, "stakeholder", pm.wid, `${name} voter`);
  const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
  const round = await pm.ok(
    "POST",
    `${w}/rounds`,
    { productId: pid, name: `${name} round`, ideaIds, voterIds: [voter.userId], deadline },
    201,
  );
  const cells = ideaIds.flatMap((ideaId, i) =>
    round.factors.map((f: { id: string }, fi: number) => ({
      ideaId,
      factorId: f.id,
      value: 1 + ((i * 7 + fi * 3 + ((i * fi) % 5)) % 5),
    })),
  );
  for (let i = 0; i < cells.length; i += 2000)
    await voter.ok("PUT", `${w}/rounds/${round.id}/ratings`, { ratings: cells.slice(i, i + 2000) });
  await pm.ok("POST", `${w}/rounds/${round.id}/close`);
  return pid as string;
}

type Row = {
  id: string;
  number: number;
  status: string;
  merged: boolean;
  pinnedRank: number | null;
  factorStats: FactorResult[];
  scoreWeighted: number | null;
  score: number | null;
  rank: number | null;
};
const rows = async (pid: string): Promise<Row[]> =>
  (
    await t.database.db.execute<Row>(sql`
      SELECT i.id, i.number, i.status, i.merged_into_id IS NOT NULL AS merged, i.pinned_rank AS "pinnedRank",
        s.factor_stats AS "factorStats", s.score_weighted AS "scoreWeighted", s.score, s.rank
      FROM ideas i JOIN idea_scores s ON s.workspace_id = i.workspace_id AND s.idea_id = i.id
      WHERE i.product_id = ${pid} ORDER BY i.number`)
  ).rows;

const factorSet = async (pid: string) =>
  (await pm.ok("GET", `${w}/factors?productId=${pid}`)).factors as FactorDef[];

/** The ideas whose stored score or rank is not what `factors` give (score from the stored means, then ranks). */
function offBy(rs: Row[], factors: FactorDef[]) {
  const f = factors.map(toScoringFactor);
  const expected = new Map(rs.map((r) => [r.id, weightedScore(f, r.factorStats).score]));
  const ranks = rankIdeas(rs, (r) => expected.get(r.id) ?? null);
  return rs.filter((r) => {
    const e = expected.get(r.id) ?? null;
    const sameScore = e === null ? r.score === null : r.score !== null && Math.abs(r.score - e) < 1e-9;
    return !sameScore || r.scoreWeighted !== r.score || r.rank !== (ranks.get(r.id) ?? null);
  });
}

const pendingHeals = async () =>
  (
    await t.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'factors.recompute' AND done_at IS NULL`,
    )
  ).rows[0].n;

/** The workspace's set with these weights (same factors, ids kept). */
const withWeights = (defaults: FactorDef[], weights: number[]) =>
  defaults.map((f, i) => ({
    id: f.id,
    name: f.name,
    description: f.description,
    weight: weights[i],
    direction: f.direction,
    scaleMin: f.scaleMin,
    scaleMax: f.scaleMax,
    labels: f.labels,
  }));

describe("factor changes re-score in steps", () => {
  let big: string;
  let small: string;
  beforeAll(async () => {
    big = await scoredProduct("Big", 1_200);
    small = await scoredProduct("Small", 150);
  }, 240_000);

  it("parallel changes (workspace and product sets) end with every score from the final sets", async () => {
    const defaults = await factorSet(big);
    expect(offBy(await rows(big), defaults)).toEqual([]);
    const weightSets = [
      [9, 1, 1, 1],
      [1, 9, 1, 9],
      [1, 1, 9, 2],
    ];
    const answers = await Promise.all([
      ...weightSets.map((ws) => pm.put(`${w}/factors`, { factors: withWeights(defaults, ws) })),
      pm.put(`${w}/factors`, {
        productId: small,
        factors: [
          { name: "Reach", weight: 2, direction: "benefit" },
          { name: "Risk", weight: 1, direction: "cost" },
        ],
      }),
      pm.put(`${w}/factors`, { factors: withWeights(defaults, [2, 2, 7, 5]) }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    for (const a of answers.slice(0, 3)) expect(a.json().recomputed.ideas).toBeGreaterThanOrEqual(1_200);

    const final = await factorSet(big);
    // One of the parallel sets won as a whole, and every score and rank of the big product follows it.
    expect([...weightSets, [2, 2, 7, 5]]).toContainEqual(final.map((f) => f.weight));
    const bigRows = await rows(big);
    expect(bigRows.filter((r) => r.score !== null)).toHaveLength(1_200);
    expect(offBy(bigRows, final)).toEqual([]);
    // The small product follows its own new set (new factors, no ratings: unscored, ranked by number).
    const own = await factorSet(small);
    expect(own.map((f) => f.name)).toEqual(["Reach", "Risk"]);
    const smallRows = await rows(small);
    expect(smallRows.every((r) => r.score === null)).toBe(true);
    expect(offBy(smallRows, own)).toEqual([]);
    expect(await pendingHeals()).toBe(0);

    // Dropping the override in parallel with a workspace change: the small product ends on the final workspace set.
    const [dropped, changed] = await Promise.all([
      pm.request("DELETE", `${w}/products/${small}/factors`),
      pm.put(`${w}/factors`, { factors: withWeights(final, [3, 3, 2, 2]) }),
    ]);
    expect([dropped.statusCode, changed.statusCode]).toEqual([200, 200]);
    const ws = await factorSet(small);
    expect(ws.map((f) => f.weight)).toEqual([3, 3, 2, 2]);
    expect(offBy(await rows(small), ws)).toEqual([]);
    expect(offBy(await rows(big), ws)).toEqual([]);
    expect(await pendingHeals()).toBe(0);
  }, 240_000);

  it("a re-score overtaken by a later change (paused between its steps) ends on the later set", async () => {
    const ws = await factorSet(big);
    // Steps that stop before the first score write (after writing the set and planning a product), until released.
    let run = 0;
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let paused = () => {};
    const atPause = new Promise<void>((r) => (paused = r));
    const gated: Steps = {
      separate: true,
      async run(fn) {
        if (++run === 3) {
          paused();
          await released;
        }
        return t.database.db.transaction(fn);
      },
    };
    const ctx = { workspaceId: pm.wid, userId: pm.userId, role: "owner" as const, via: "session" as const };
    const first = replaceFactorsWith(
      gated,
      ctx,
      { productId: null, factors: withWeights(ws, [9, 1, 1, 1]) },
      t.clock,
    );
    await atPause;
    // Meanwhile another change lands whole, through the API.
    await pm.ok("PUT", `${w}/factors`, { factors: withWeights(ws, [1, 1, 1, 9]) });
    release();
    expect((await first).recomputed.products).toBe(2);
    const final = await factorSet(big);
    expect(final.map((f) => f.weight)).toEqual([1, 1, 1, 9]);
    for (const pid of [big, small]) expect(offBy(await rows(pid), final)).toEqual([]);
  }, 120_000);

  it("leave derivable scores when a step fails half-way, and the heal job recomputes them", async () => {
    const before = await factorSet(big);
    // A real failure inside the database after the first write step (500 rows): a trigger refuses later rows.
    await t.database.db.execute(sql`CREATE SEQUENCE refuse_score_seq`);
    await t.database.db.execute(sql`
      CREATE FUNCTION refuse_score() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN IF nextval('refuse_score_seq') > 600 THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await t.database.db.execute(sql`
      CREATE TRIGGER refuse_score BEFORE UPDATE ON idea_scores FOR EACH ROW EXECUTE FUNCTION refuse_score()`);
    let res: Awaited<ReturnType<Client["put"]>>;
    try {
      res = await pm.put(`${w}/factors`, { factors: withWeights(before, [5, 1, 3, 2]) });
    } finally {
      await t.database.db.execute(sql`DROP TRIGGER refuse_score ON idea_scores`);
      await t.database.db.execute(sql`DROP FUNCTION refuse_score()`);
      await t.database.db.execute(sql`DROP SEQUENCE refuse_score_seq`);
    }
    expect(res.statusCode).toBe(500);
    const after = await factorSet(big);

    if (t.database.kind === "postgres") {
      // One transaction: nothing changed, nothing to heal.
      expect(after.map((f) => f.weight)).toEqual(before.map((f) => f.weight));
      expect(offBy(await rows(big), before)).toEqual([]);
      expect(await pendingHeals()).toBe(0);
      return;
    }
    // PGlite: the new set is stored, the steps written before the failure follow it, the rest the old set.
    expect(after.map((f) => f.weight)).toEqual([5, 1, 3, 2]);
    const stale = [...offBy(await rows(big), after), ...offBy(await rows(small), after)];
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.length).toBeLessThan(1_350);
    expect(await pendingHeals()).toBe(1);

    // Not due yet: it stays. After five minutes the heal job recomputes from the stored means.
    await runDueJobs(t.database.db, t.clock, factorJobHandlers);
    expect(await pendingHeals()).toBe(1);
    t.clock.advance(5 * 60_000 + 1_000);
    await runDueJobs(t.database.db, t.clock, factorJobHandlers);
    expect(await pendingHeals()).toBe(0);
    expect(offBy(await rows(big), after)).toEqual([]);
    expect(offBy(await rows(small), after)).toEqual([]);
  }, 120_000);
});
