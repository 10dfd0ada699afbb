import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import {
  addUser,
  type Client,
  createTestApp,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";

/**
 * Trap 1 of issue 12: a small round silently replacing a big one. How a product's rounds count ("replace" or
 * "combine"), the close preview equal to the close, and each idea's score history, with hand-computed values.
 *
 * Default factors, all on 1–5: business impact (BI, benefit, w 3), customer happiness (CH, benefit, w 3),
 * operational ease (OE, benefit, w 2), technical effort (TE, cost, w 2). score = 100 × Σ w·n / 10.
 *
 * Round 1, five voters, every voter rates A: BI 5, CH 5, OE 4, TE 2 → n = 1, 1, 0.75, 1 − 0.25 = 0.75
 *   → A = 100 × (3 + 3 + 1.5 + 1.5) / 10 = 90; and B: 3, 3, 3, 3 → n = 0.5 each → B = 50.
 * Round 2, three voters, every voter rates A: BI 1, CH 2, OE 2, TE 5 → n = 0, 0.25, 0.25, 1 − 1 = 0
 *   → replace: A = 100 × (0 + 0.75 + 0.5 + 0) / 10 = 12.5.
 * Combine, no decay: each round's factor mean weighted by its votes (round 2: 3, round 1: 5; total 8):
 *   BI (3·1 + 5·5)/8 = 3.5 → 0.625;  CH (3·2 + 5·5)/8 = 3.875 → 0.71875;
 *   OE (3·2 + 5·4)/8 = 3.25 → 0.5625; TE (3·5 + 5·2)/8 = 3.125 → 0.53125, cost → 0.46875
 *   → A = 10 × (3·0.625 + 3·0.71875 + 2·0.5625 + 2·0.46875) = 10 × 6.09375 = 60.9375 (still #1, above B's 50).
 * Combine, half-life 1 round: round 1 (one round back) counts 0.5 a vote: weights 3 and 2.5, total 5.5:
 *   BI (3 + 12.5)/5.5 = 31/11 → 5/11;  CH (6 + 12.5)/5.5 = 37/11 → 13/22;
 *   OE (6 + 10)/5.5 = 32/11 → 21/44;   TE (15 + 5)/5.5 = 40/11 → 29/44, cost → 15/44
 *   → A = 10 × (15/11 + 39/22 + 42/44 + 30/44) = 10 × 210/44 = 525/11 ≈ 47.73 (#2, below B's 50).
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

type Row = { id: string; rank: number | null; score: number | null };
type H = { cause: string; score: number | null; rank: number | null; roundId: string | null };

describe("how rounds count", () => {
  it("replaces or combines a 5-voter round with a 3-voter one, previews exactly the close, keeps a history", async () => {
    const five = [];
    for (let i = 1; i <= 5; i++) five.push(await addUser(pm, "stakeholder", pm.wid, `Big ${i}`));
    const three = [];
    for (let i = 1; i <= 3; i++) three.push(await addUser(pm, "stakeholder", pm.wid, `Small ${i}`));
    const product = await pm.ok("POST", `${w}/products`, { name: "Counting" }, 201);
    const list = `${w}/products/${product.id}/ideas`;
    const a = await pm.ok("POST", list, { title: "Last quarter's #1" }, 201);
    const b = await pm.ok("POST", list, { title: "Steady" }, 201);
    const { factors } = await pm.ok("GET", `${w}/factors?productId=${product.id}`);
    const [bi, ch, oe, te] = factors.map((f: { id: string }) => f.id);
    const cells = (ideaId: string, v: [number, number, number, number]) =>
      [bi, ch, oe, te].map((factorId, i) => ({ ideaId, factorId, value: v[i] }));
    const open = async (name: string, ideaIds: string[], voters: Client[]) =>
      pm.ok(
        "POST",
        `${w}/rounds`,
        {
          productId: product.id,
          name,
          ideaIds,
          voterIds: voters.map((v) => v.userId),
          deadline: new Date(t.clock.now().getTime() + 2 * DAY).toISOString(),
        },
        201,
      );
    const backlog = async () =>
      (await pm.ok("GET", list)).items.map((i: Row) => [i.id, i.rank, i.score]) as [string, number, number][];
    const history = async (id: string) =>
      ((await pm.ok("GET", `${w}/ideas/${id}/score-history`)).items as H[]).map((h) => [
        h.cause,
        h.score,
        h.rank,
      ]);
    const setting = `${w}/products/${product.id}/score-counting`;

    // Round 1: five voters.
    const r1 = await open("Last quarter", [a.id, b.id], five);
    for (const v of five)
      expect(
        (
          await v.put(`${w}/rounds/${r1.id}/ratings`, {
            ratings: [...cells(a.id, [5, 5, 4, 2]), ...cells(b.id, [3, 3, 3, 3])],
          })
        ).statusCode,
      ).toBe(200);
    await pm.ok("POST", `${w}/rounds/${r1.id}/close`);
    expect(await backlog()).toEqual([
      [a.id, 1, 90],
      [b.id, 2, 50],
    ]);
    expect(await history(a.id)).toEqual([["round", 90, 1]]);
    expect(await history(b.id)).toEqual([["round", 50, 2]]);

    // The default is "replace", never changed; a stakeholder may read it but not change it.
    expect(await pm.ok("GET", setting)).toEqual({
      mode: "replace",
      halfLifeRounds: null,
      version: 0,
      changedBy: null,
      changedByName: null,
      changedAt: null,
    });
    expect((await five[0].put(setting, { version: 0, mode: "combine" })).statusCode).toBe(403);

    // Combine without decay. With one round per idea nothing moves: no history row.
    const combined = await pm.ok("PUT", setting, { version: 0, mode: "combine", halfLifeRounds: null });
    expect(combined).toMatchObject({
      mode: "combine",
      halfLifeRounds: null,
      version: 1,
      changedBy: pm.userId,
    });
    expect(await backlog()).toEqual([
      [a.id, 1, 90],
      [b.id, 2, 50],
    ]);
    expect(await history(a.id)).toEqual([["round", 90, 1]]);

    // Round 2: three voters, on A only.
    const r2 = await open("This quarter", [a.id], three);
    for (const v of three)
      expect(
        (await v.put(`${w}/rounds/${r2.id}/ratings`, { ratings: cells(a.id, [1, 2, 2, 5]) })).statusCode,
      ).toBe(200);
    // The preview: A's score moves (90 → 60.9375), its rank does not; B does not move, so it is not listed.
    const preview = await pm.ok("GET", `${w}/rounds/${r2.id}/close-preview`);
    expect(preview).toEqual({
      framework: "weighted",
      changes: [
        {
          ideaId: a.id,
          number: a.number,
          title: "Last quarter's #1",
          scoreBefore: 90,
          scoreAfter: 60.9375,
          rankBefore: 1,
          rankAfter: 1,
        },
      ],
    });
    // Three closes at once: one closes, the others are told it is closed; the history gets one row.
    const closes = await Promise.all([1, 2, 3].map(() => pm.post(`${w}/rounds/${r2.id}/close`, {})));
    expect(closes.map((c) => c.statusCode).sort()).toEqual([200, 409, 409]);
    // The close did exactly what the preview said.
    expect(await backlog()).toEqual([
      [a.id, 1, 60.9375],
      [b.id, 2, 50],
    ]);
    expect(await history(a.id)).toEqual([
      ["round", 90, 1],
      ["round", 60.9375, 1],
    ]);
    expect(await history(b.id)).toEqual([["round", 50, 2]]);

    // Why this score: both rounds, their voters, each vote counting 1; round 2 gave 3 × 4 of the 32 votes.
    const why = await pm.ok("GET", `${w}/ideas/${a.id}/score`);
    expect(why.counting).toMatchObject({ mode: "combine", halfLifeRounds: null });
    expect(
      why.rounds.map(
        (r: { name: string; age: number; voteWeight: number; share: number; voters: { name: string }[] }) => [
          r.name,
          r.age,
          r.voteWeight,
          r.share,
          r.voters.map((v) => v.name),
        ],
      ),
    ).toEqual([
      ["This quarter", 0, 1, 12 / 32, ["Small 1", "Small 2", "Small 3"]],
      ["Last quarter", 1, 1, 20 / 32, ["Big 1", "Big 2", "Big 3", "Big 4", "Big 5"]],
    ]);
    expect(why.weighted.score).toBe(60.9375);

    // Half-life 1 round: last quarter counts half a vote per vote; A drops to 525/11 ≈ 47.73, below B.
    expect((await pm.put(setting, { version: 0, mode: "combine", halfLifeRounds: 1 })).statusCode).toBe(409);
    const halved = await pm.ok("PUT", setting, { version: 1, mode: "combine", halfLifeRounds: 1 });
    expect(halved).toMatchObject({ version: 2, halfLifeRounds: 1, recomputed: { ideas: 2 } });
    const [first, second] = await backlog();
    expect([first[0], first[1], first[2]]).toEqual([b.id, 1, 50]);
    expect([second[0], second[1]]).toEqual([a.id, 2]);
    expect(second[2]).toBeCloseTo(525 / 11, 10);
    const why2 = await pm.ok("GET", `${w}/ideas/${a.id}/score`);
    // Shares: 3·4·1 = 12 and 5·4·0.5 = 10 of 22.
    expect(why2.rounds.map((r: { voteWeight: number; share: number }) => [r.voteWeight, r.share])).toEqual([
      [1, 12 / 22],
      [0.5, 10 / 22],
    ]);

    // Replace: the 3-voter round alone, 12.5.
    await pm.ok("PUT", setting, { version: 2, mode: "replace", halfLifeRounds: 5 });
    expect(await pm.ok("GET", setting)).toMatchObject({ mode: "replace", halfLifeRounds: null, version: 3 });
    expect(await backlog()).toEqual([
      [b.id, 1, 50],
      [a.id, 2, 12.5],
    ]);
    const ha = await history(a.id);
    expect(ha.slice(0, 2)).toEqual([
      ["round", 90, 1],
      ["round", 60.9375, 1],
    ]);
    expect(ha.slice(2).map((h) => h[0])).toEqual(["counting", "counting"]);
    expect(ha[2][1]).toBeCloseTo(525 / 11, 10);
    expect(ha.slice(2).map((h) => h[2])).toEqual([2, 2]);
    expect(ha[3][1]).toBe(12.5);
    // B's rank changed once (2 → 1) when A fell: one row; A's fall to 12.5 left B at 1: no row.
    expect(await history(b.id)).toEqual([
      ["round", 50, 2],
      ["counting", 50, 1],
    ]);
    const why3 = await pm.ok("GET", `${w}/ideas/${a.id}/score`);
    expect(why3.rounds.map((r: { voteWeight: number; share: number }) => [r.voteWeight, r.share])).toEqual([
      [1, 1],
      [0, 0],
    ]);

    // Each change is audited with before and after.
    const audit = await pm.ok("GET", `${w}/audit?action=product.score_counting&entityId=${product.id}`);
    expect(
      audit.items.map((e: { before: unknown; after: unknown }) => [e.before, e.after]).reverse(),
    ).toEqual([
      [
        { mode: "replace", halfLifeRounds: null },
        { mode: "combine", halfLifeRounds: null },
      ],
      [
        { mode: "combine", halfLifeRounds: null },
        { mode: "combine", halfLifeRounds: 1 },
      ],
      [
        { mode: "combine", halfLifeRounds: 1 },
        { mode: "replace", halfLifeRounds: null },
      ],
    ]);
  }, 180_000); // eight accounts (a scrypt hash each), two rounds, three re-scores: minutes on a loaded machine

  it("keeps another workspace's products and ideas out", async () => {
    const other = await otherTenant(pm);
    const ow = `/api/v1/workspaces/${other.wid}`;
    const theirs = await other.ok("POST", `${ow}/products`, { name: "Theirs" }, 201);
    const idea = await other.ok("POST", `${ow}/products/${theirs.id}/ideas`, { title: "Theirs" }, 201);
    expect((await pm.get(`${w}/products/${theirs.id}/score-counting`)).statusCode).toBe(404);
    expect(
      (await pm.put(`${w}/products/${theirs.id}/score-counting`, { version: 0, mode: "combine" })).statusCode,
    ).toBe(404);
    expect((await pm.get(`${w}/ideas/${idea.id}/score-history`)).statusCode).toBe(404);
    // And their own product stays readable to them.
    expect((await other.get(`${ow}/products/${theirs.id}/score-counting`)).statusCode).toBe(200);
    // Bad input is refused field by field.
    const mine = await pm.ok("POST", `${w}/products`, { name: "Mine" }, 201);
    const bad = await pm.put(`${w}/products/${mine.id}/score-counting`, {
      version: 0,
      mode: "combine",
      halfLifeRounds: 0,
    });
    expect(bad.statusCode).toBe(400);
  });
});
