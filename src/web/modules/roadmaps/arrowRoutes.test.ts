import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BoardGeometry,
  type CardBox,
  crossesCards,
  dependencyNotes,
  isLate,
  pathOf,
  type RoutedArrow,
  routeArrows,
  simplify,
  visibleDependencies,
} from "./arrowRoutes.ts";

// A board like the timeline's: a 184 px lane header, 210 px periods, 8 px cell padding, 56 px cards 6 px apart.
const LANE_W = 184;
const COL_W = 210;
const PAD = 8;
const GAP = 6;
const CARD_H = 56;

/** cells[row][column] = the ids of the cards in that cell, top to bottom. */
function board(cells: string[][][]): BoardGeometry {
  const P = cells[0]!.length;
  const columns = Array.from({ length: P }, (_, c) => ({
    left: LANE_W + c * COL_W,
    right: LANE_W + (c + 1) * COL_W,
  }));
  const rows: BoardGeometry["rows"] = [];
  const cards = new Map<string, CardBox>();
  let top = 40;
  for (const row of cells) {
    const n = Math.max(1, ...row.map((c) => c.length));
    const bottom = top + 2 * PAD + n * CARD_H + (n - 1) * GAP;
    rows.push({ top, bottom });
    for (const [c, ids] of row.entries())
      for (const [i, id] of ids.entries()) {
        const y = top + PAD + i * (CARD_H + GAP);
        cards.set(id, {
          left: columns[c]!.left + PAD,
          right: columns[c]!.right - PAD,
          top: y,
          bottom: y + CARD_H,
          column: c,
        });
      }
    top = bottom;
  }
  return { columns, rows, cards, pad: PAD, gap: GAP };
}

const only = (g: BoardGeometry, before: string, after: string): RoutedArrow => {
  const [r] = routeArrows(g, [{ beforeId: before, afterId: after }]);
  expect(r).toBeDefined();
  return r!;
};

/** Every segment horizontal or vertical; starts at the predecessor's right edge, ends at the successor's left. */
function expectWellFormed(g: BoardGeometry, r: RoutedArrow) {
  const a = g.cards.get(r.beforeId)!;
  const b = g.cards.get(r.afterId)!;
  const [x0, y0] = r.points[0]!;
  const [xn, yn] = r.points[r.points.length - 1]!;
  expect(x0).toBe(a.right);
  expect(y0).toBeCloseTo((a.top + a.bottom) / 2);
  expect(xn).toBe(b.left);
  expect(yn).toBeCloseTo((b.top + b.bottom) / 2);
  for (let i = 1; i < r.points.length; i++) {
    const [px, py] = r.points[i - 1]!;
    const [x, y] = r.points[i]!;
    expect(px === x || py === y, `segment ${i} of ${JSON.stringify(r.points)} is diagonal`).toBe(true);
  }
  // The last segment enters the successor from its left, so the arrowhead points into the card.
  expect(r.points[r.points.length - 2]![0]).toBeLessThan(b.left);
  const others = [...g.cards.entries()]
    .filter(([id]) => id !== r.beforeId && id !== r.afterId)
    .map(([, c]) => c);
  expect(crossesCards(r.points, others), `${r.key} crosses a card: ${JSON.stringify(r.points)}`).toBe(false);
  // Neither does it run through its own two cards (only touches their edges).
  expect(crossesCards(r.points, [a, b])).toBe(false);
}

describe("routeArrows", () => {
  it("joins neighbouring periods through the gutter between them", () => {
    const g = board([[["a"], ["b", "c"]]]);
    const r = only(g, "a", "c");
    expectWellFormed(g, r);
    // Right edge of a → the gutter on the column border → down to c's middle → c's left edge.
    expect(r.points).toHaveLength(4);
    expect(r.points[1]![0]).toBe(LANE_W + COL_W);
    expect(r.points[2]![0]).toBe(LANE_W + COL_W);
  });

  it("is a straight line between two cards side by side", () => {
    const g = board([[["a"], ["b"]]]);
    expect(only(g, "a", "b").points).toEqual([
      [LANE_W + COL_W - PAD, 40 + PAD + CARD_H / 2],
      [LANE_W + COL_W + PAD, 40 + PAD + CARD_H / 2],
    ]);
  });

  it("goes around a card in a period in between instead of through it", () => {
    const g = board([[["a"], ["x"], ["b"]]]);
    const r = only(g, "a", "b");
    expectWellFormed(g, r);
    // The row is blocked by x: it runs along the gap under x, not through it.
    const y = r.points[2]![1];
    expect(y).toBeGreaterThanOrEqual(g.cards.get("x")!.bottom);
  });

  it("runs straight along its row when the periods in between are empty there", () => {
    const g = board([[["a"], [], ["b"]]]);
    const r = only(g, "a", "b");
    expectWellFormed(g, r);
    expect(r.points).toHaveLength(2);
  });

  it("routes a broken dependency (successor in an earlier period) back around, crossing no card", () => {
    const g = board([
      [["b"], ["m1", "m2"], ["a"]],
      [["z1"], ["z2"], ["z3"]],
    ]);
    const r = only(g, "a", "b");
    expectWellFormed(g, r);
    // Leaves a to the right (its end) and reaches b from the left (its start).
    expect(r.points[1]![0]).toBeGreaterThan(g.cards.get("a")!.right);
    expect(r.points[r.points.length - 2]![0]).toBeLessThan(g.cards.get("b")!.left);
  });

  it("uses the gap between two cards of one cell for a dependency within a period", () => {
    const g = board([[["a", "b", "c"]]]);
    const r = only(g, "a", "b");
    expectWellFormed(g, r);
    const y = r.points[2]![1];
    expect(y).toBeGreaterThan(g.cards.get("a")!.bottom);
    expect(y).toBeLessThan(g.cards.get("b")!.top);
  });

  it("crosses lanes through the gutters, not through the cards of other lanes", () => {
    const g = board([
      [["a"], ["p", "q"], ["r"]],
      [["s"], ["t", "u", "v"], ["b"]],
    ]);
    const r = only(g, "a", "b");
    expectWellFormed(g, r);
  });

  it("gives arrows sharing a gutter parallel tracks", () => {
    const g = board([
      [
        ["a", "b"],
        ["c", "d"],
      ],
    ]);
    const routes = routeArrows(g, [
      { beforeId: "a", afterId: "d" },
      { beforeId: "b", afterId: "c" },
    ]);
    expect(routes).toHaveLength(2);
    for (const r of routes) expectWellFormed(g, r);
    const xs = routes.map((r) => r.points[1]![0]);
    expect(xs[0]).not.toBe(xs[1]);
    // Both stay inside the 16 px gutter.
    for (const x of xs) expect(Math.abs(x - (LANE_W + COL_W))).toBeLessThan(PAD);
  });

  it("leaves out a dependency whose card is not on the board", () => {
    const g = board([[["a"], ["b"]]]);
    expect(routeArrows(g, [{ beforeId: "a", afterId: "gone" }])).toEqual([]);
  });

  it("never crosses a card, on any board (property)", () => {
    const arb = fc
      .record({
        rows: fc.integer({ min: 1, max: 4 }),
        cols: fc.integer({ min: 1, max: 5 }),
        seed: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 20, maxLength: 20 }),
        pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
      })
      .map(({ rows, cols, seed, pairs }) => {
        let k = 0;
        const ids: string[] = [];
        const cells = Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, c) =>
            Array.from({ length: seed[(r * cols + c) % seed.length]! }, (_, i) => {
              const id = `${r}.${c}.${i}`;
              ids.push(id);
              k++;
              return id;
            }),
          ),
        );
        return { cells, ids, pairs, k };
      })
      .filter((x) => x.ids.length >= 2);
    fc.assert(
      fc.property(arb, ({ cells, ids, pairs }) => {
        const g = board(cells);
        const deps = pairs
          .map(([i, j]) => ({ beforeId: ids[i % ids.length]!, afterId: ids[j % ids.length]! }))
          .filter((d) => d.beforeId !== d.afterId);
        for (const r of routeArrows(g, deps)) expectWellFormed(g, r);
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});

describe("simplify and pathOf", () => {
  it("drops repeated and collinear points", () => {
    expect(
      simplify([
        [0, 0],
        [5, 0],
        [5, 0],
        [10, 0],
        [10, 10],
      ]),
    ).toEqual([
      [0, 0],
      [10, 0],
      [10, 10],
    ]);
  });
  it("rounds the corners of a polyline", () => {
    expect(
      pathOf([
        [0, 0],
        [20, 0],
        [20, 20],
      ]),
    ).toBe("M0,0 L14,0 Q20,0 20,6 L20,20");
  });
});

describe("isLate", () => {
  it("is late when the successor is planned before its predecessor lands, or the predecessor is unplanned", () => {
    expect(isLate(2, 1)).toBe(true);
    expect(isLate(null, 1)).toBe(true);
    expect(isLate(1, 1)).toBe(false);
    expect(isLate(0, 1)).toBe(false);
    expect(isLate(1, null)).toBe(false);
  });
});

describe("visibleDependencies", () => {
  const deps = [
    { beforeId: "a", afterId: "b" },
    { beforeId: "b", afterId: "c" },
    { beforeId: "d", afterId: "e" },
  ];
  it("shows only the active item's arrows, both ways", () => {
    expect(visibleDependencies(deps, "b", false)).toEqual(deps.slice(0, 2));
    expect(visibleDependencies(deps, null, false)).toEqual([]);
  });
  it("shows every arrow when asked", () => {
    expect(visibleDependencies(deps, null, true)).toEqual(deps);
  });
});

describe("dependencyNotes", () => {
  it("says what each linked item depends on and what needs it, naming a broken dependency", () => {
    const period: Record<string, number | null> = { a: 2, b: 1, c: 3 };
    const notes = dependencyNotes(
      [
        { beforeId: "a", afterId: "b" },
        { beforeId: "a", afterId: "c" },
      ],
      (id) => period[id],
      (id) => id.toUpperCase(),
      (i) => `Q${i + 1} 2027`,
    );
    expect(notes.get("b")).toBe('Depends on "A", which lands later (Q3 2027).');
    expect(notes.get("c")).toBe('Depends on "A".');
    expect(notes.get("a")).toBe('Needed by "B", planned before this lands; "C".');
  });
});
