import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";

/** Trap 1 of issue 12 (first part): closing a round shows beforehand what it will do to the backlog. */
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

describe("close preview", () => {
  it("lists the ideas whose score and rank the close would change, writes nothing, and matches the close", async () => {
    const ana = await addUser(pm, "stakeholder", pm.wid, "Ana Sales");
    const product = await pm.ok("POST", `${w}/products`, { name: "Preview" }, 201);
    const list = `${w}/products/${product.id}/ideas`;
    const x = await pm.ok("POST", list, { title: "Older idea" }, 201);
    const y = await pm.ok("POST", list, { title: "Newer idea" }, 201);
    const { factors } = await pm.ok("GET", `${w}/factors?productId=${product.id}`);
    const [bi, ch, oe, te] = factors.map((f: { id: string }) => f.id);
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      {
        productId: product.id,
        name: "Small round",
        ideaIds: [x.id, y.id],
        voterIds: [ana.userId],
        deadline: new Date(t.clock.now().getTime() + 2 * DAY).toISOString(),
      },
      201,
    );
    const r = `${w}/rounds/${round.id}`;
    const cells = (ideaId: string, b: number, c: number, o: number, e: number) => [
      { ideaId, factorId: bi, value: b },
      { ideaId, factorId: ch, value: c },
      { ideaId, factorId: oe, value: o },
      { ideaId, factorId: te, value: e },
    ];
    // X all worst (benefits 1, effort 5) → 0; Y all best (benefits 5, effort 1) → 100.
    const put = await ana.put(`${r}/ratings`, {
      ratings: [...cells(x.id, 1, 1, 1, 5), ...cells(y.id, 5, 5, 5, 1)],
    });
    expect(put.statusCode).toBe(200);

    const before = (await pm.ok("GET", list)).items.map((i: Row) => [i.id, i.rank, i.score]);
    // Both unscored: by number, X 1 and Y 2.
    expect(before).toEqual([
      [x.id, 1, null],
      [y.id, 2, null],
    ]);
    const preview = await pm.ok("GET", `${r}/close-preview`);
    expect(preview).toEqual({
      framework: "weighted",
      changes: [
        {
          ideaId: y.id,
          number: 2,
          title: "Newer idea",
          scoreBefore: null,
          scoreAfter: 100,
          rankBefore: 2,
          rankAfter: 1,
        },
        {
          ideaId: x.id,
          number: 1,
          title: "Older idea",
          scoreBefore: null,
          scoreAfter: 0,
          rankBefore: 1,
          rankAfter: 2,
        },
      ],
    });
    // Nothing was written; a voter may not ask.
    expect((await pm.ok("GET", list)).items.map((i: Row) => [i.id, i.rank, i.score])).toEqual(before);
    expect((await ana.get(`${r}/close-preview`)).statusCode).toBe(403);

    // The close does exactly what the preview said.
    await pm.ok("POST", `${r}/close`);
    expect((await pm.ok("GET", list)).items.map((i: Row) => [i.id, i.rank, i.score])).toEqual([
      [y.id, 1, 100],
      [x.id, 2, 0],
    ]);
    expect((await pm.get(`${r}/close-preview`)).statusCode).toBe(409);
  });
});
