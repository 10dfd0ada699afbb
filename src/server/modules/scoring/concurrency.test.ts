import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rankOrder } from "../../../shared/scoring.ts";
import { DAY } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

/** Concurrent writers (real parallel connections on PostgreSQL) leave scores and ranks consistent. */
let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

type Row = {
  id: string;
  number: number;
  rank: number | null;
  score: number | null;
  pinnedRank: number | null;
};

describe("concurrent prioritization writes", () => {
  it("keep the backlog ranks a permutation in score order, with pins held", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Busy" }, 201)).id;
    const product = await pm.ok("GET", `${w}/products/${pid}`);
    await pm.ok("PATCH", `${w}/products/${pid}`, { version: product.version, framework: "rice" });
    const list = `${w}/products/${pid}/ideas`;
    const made: { id: string; version: number }[] = [];
    for (let i = 0; i < 24; i++)
      made.push(
        await pm.ok(
          "POST",
          list,
          { title: `Idea ${i}`, inputs: { reach: i * 10, impact: 1, confidence: 100, effort: 1 } },
          201,
        ),
      );
    const writes = [
      // (ideas 3, 5, 6 and 9 are pinned or bulk-edited at the same time: their versions would race)
      ...made
        .map((m, i) => [m, i] as const)
        .filter(([, i]) => ![3, 5, 6, 9].includes(i))
        .map(([m, i]) =>
          pm.patch(`${w}/ideas/${m.id}`, { version: m.version, inputs: { reach: ((i * 7) % 24) * 13 } }),
        ),
      pm.put(`${w}/ideas/${made[3].id}/pin`, { rank: 2, reason: "Board decision" }),
      pm.put(`${w}/ideas/${made[9].id}/pin`, { rank: 2, reason: "Same slot" }),
      pm.post(`${list}/bulk`, { ids: [made[5].id, made[6].id], set: { status: "declined" } }),
      ...[1, 2, 3].map((k) =>
        pm.post(list, {
          title: `Late ${k}`,
          inputs: { reach: 1000 * k, impact: 1, confidence: 100, effort: 1 },
        }),
      ),
    ];
    const codes = (await Promise.all(writes)).map((r) => r.statusCode);
    expect(codes.filter((c) => c >= 300)).toEqual([]);
    const page = await pm.ok("GET", `${list}?limit=500`);
    const rows: Row[] = page.items;
    const ranked = rows.filter((r) => r.rank !== null);
    expect(ranked.map((r) => r.rank).sort((a, b) => (a as number) - (b as number))).toEqual(
      ranked.map((_, i) => i + 1),
    );
    // Recompute the order independently from the final scores and pins.
    const byScore = [...ranked].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.number - b.number);
    const expected = rankOrder(byScore);
    for (const r of ranked) expect(r.rank, r.id).toBe(expected.get(r.id));
    // Both pinned to 2: idea 9 has the better score (reach 90 vs 30) and keeps it; idea 3 takes the next place.
    expect(rows.find((r) => r.id === made[9].id)?.rank).toBe(2);
    expect(rows.find((r) => r.id === made[3].id)?.rank).toBe(3);
    expect(rows.find((r) => r.id === made[5].id)?.rank).toBeNull();
  });

  it("never lets a rating slip into a round after it closed", async () => {
    const pid = (await pm.ok("POST", `${w}/products`, { name: "Race" }, 201)).id;
    const idea = await pm.ok("POST", `${w}/products/${pid}/ideas`, { title: "Contested" }, 201);
    const voters: Client[] = [];
    for (let i = 0; i < 4; i++) voters.push(await addUser(pm, "stakeholder", pm.wid, `Voter ${i}`));
    const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      { productId: pid, name: "Race", ideaIds: [idea.id], voterIds: voters.map((v) => v.userId), deadline },
      201,
    );
    const factors: { id: string }[] = round.factors;
    const casts = voters.flatMap((v, i) =>
      factors.map((f) =>
        v.put(`${w}/rounds/${round.id}/ratings`, {
          ratings: [{ ideaId: idea.id, factorId: f.id, value: 1 + ((i + 1) % 5) }],
        }),
      ),
    );
    const [closeRes, ...castRes] = await Promise.all([pm.post(`${w}/rounds/${round.id}/close`), ...casts]);
    expect(closeRes.statusCode).toBe(200);
    const accepted = castRes.filter((r) => r.statusCode === 200).length;
    expect(castRes.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    // Whatever was accepted is exactly what the stored score counts.
    const after = await pm.ok("GET", `${w}/ideas/${idea.id}`);
    const counted = after.factorStats.reduce((a: number, s: { votes: number }) => a + s.votes, 0);
    expect(counted).toBe(accepted);
    const results = await pm.ok("GET", `${w}/rounds/${round.id}/results`);
    const byFactor = (stats: { factorId: string; votes: number }[]) =>
      Object.fromEntries(stats.filter((s) => s.votes > 0).map((s) => [s.factorId, s]));
    expect(byFactor(results.results[0].factorStats)).toEqual(byFactor(after.factorStats));
  });
});
