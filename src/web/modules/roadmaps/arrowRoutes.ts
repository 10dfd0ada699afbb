/**
 * Pure routing of the timeline's dependency arrows (no DOM: DependencyArrows.tsx measures the board and draws).
 *
 * An arrow leaves the predecessor's card at its right edge (its end) and enters the successor's card at its
 * left edge (its start). It runs only in the free space of the grid: vertically in the gutters between period
 * columns (a cell keeps `pad` px on each side, so no card sits there), and horizontally along a channel that
 * no card crosses: the card's own row when that is clear, else a gap between two cards of a cell, else the
 * border between two lanes (always clear). Several arrows in one gutter or channel get parallel tracks a few
 * pixels apart instead of drawing over each other.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface CardBox extends Box {
  /** The period column the card sits in. */
  column: number;
}

export interface BoardGeometry {
  /** The period columns' x-ranges, left to right (board coordinates). */
  columns: { left: number; right: number }[];
  /** The lanes' y-ranges, top to bottom. */
  rows: { top: number; bottom: number }[];
  /** The cards drawn, by item id. */
  cards: Map<string, CardBox>;
  /** A cell's inner padding: the free space along each column edge. */
  pad: number;
  /** The space between two cards of a cell. */
  gap: number;
}

export interface Dependency {
  beforeId: string;
  afterId: string;
}

export interface RoutedArrow {
  key: string;
  beforeId: string;
  afterId: string;
  /** The corners of an orthogonal polyline, from the predecessor's right edge to the successor's left edge. */
  points: [number, number][];
}

const TRACK = 4;
const CLEARANCE = 2;

/** The x-range of gutter k (k = 0: left of the first column; k = P: right of the last). */
function gutter(g: BoardGeometry, k: number): { lo: number; hi: number } {
  const P = g.columns.length;
  const lo = k === 0 ? g.columns[0]!.left : g.columns[k - 1]!.right - g.pad;
  const hi = k === P ? g.columns[P - 1]!.right : g.columns[k]!.left + g.pad;
  return { lo, hi };
}

/** Offsets for n parallel tracks centred in a space `width` wide. */
function tracks(n: number, width: number): number[] {
  if (n <= 1) return [0];
  const step = Math.min(TRACK, Math.max(1, (width - 2 * CLEARANCE) / (n - 1)));
  return Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * step);
}

/** Whether a horizontal line at y from column c0 to column c1 (inclusive) passes clear of every card. */
function clear(y: number, c0: number, c1: number, cards: CardBox[]): boolean {
  for (const c of cards) {
    if (c.column < c0 || c.column > c1) continue;
    if (y > c.top - CLEARANCE && y < c.bottom + CLEARANCE) return false;
  }
  return true;
}

interface Plan {
  dep: Dependency;
  a: CardBox;
  b: CardBox;
  ay: number;
  by: number;
  out: number;
  into: number;
  /** The horizontal channel's y (null: the two gutters are the same one). */
  y: number | null;
  /** The channel is a lane border, shared with other arrows. */
  shared: boolean;
}

/**
 * Orthogonal routes for the dependencies whose two cards are both on the board (others are left out), with
 * parallel tracks where routes share a gutter or a lane border. Deterministic: the same input, the same points.
 */
export function routeArrows(g: BoardGeometry, deps: Dependency[]): RoutedArrow[] {
  if (!g.columns.length) return [];
  const all = [...g.cards.values()];
  const plans: Plan[] = [];
  const borders = [...new Set(g.rows.flatMap((r) => [r.top, r.bottom]))].sort((x, y) => x - y);
  for (const dep of deps) {
    const a = g.cards.get(dep.beforeId);
    const b = g.cards.get(dep.afterId);
    if (!a || !b || a === b) continue;
    const ay = (a.top + a.bottom) / 2;
    const by = (b.top + b.bottom) / 2;
    const out = a.column + 1;
    const into = b.column;
    if (out === into) {
      plans.push({ dep, a, b, ay, by, out, into, y: null, shared: false });
      continue;
    }
    // The columns the horizontal run crosses (both end cards' own columns when it runs backwards).
    const c0 = Math.min(out, into);
    const c1 = Math.max(out, into) - 1;
    const candidates: { y: number; shared: boolean }[] = [
      { y: ay, shared: false },
      { y: by, shared: false },
      { y: a.bottom + g.gap / 2, shared: false },
      { y: a.top - g.gap / 2, shared: false },
      { y: b.top - g.gap / 2, shared: false },
      { y: b.bottom + g.gap / 2, shared: false },
      ...borders.map((y) => ({ y, shared: true })),
    ];
    let best: { y: number; shared: boolean; cost: number } | null = null;
    for (const c of candidates) {
      if (!clear(c.y, c0, c1, all)) continue;
      const cost = Math.abs(ay - c.y) + Math.abs(by - c.y) + (c.shared ? 1 : 0);
      if (!best || cost < best.cost - 1e-9) best = { ...c, cost };
    }
    // No clear channel (a card taller than its lane?): the lane border nearest the middle.
    const y =
      best?.y ??
      borders.reduce((p, q) => (Math.abs(q - (ay + by) / 2) < Math.abs(p - (ay + by) / 2) ? q : p), ay);
    plans.push({ dep, a, b, ay, by, out, into, y, shared: best?.shared ?? true });
  }

  // Parallel tracks: each gutter's vertical runs, and each shared lane border's horizontal runs.
  const gutterUse = new Map<number, string[]>();
  const use = (k: number, key: string) => {
    const list = gutterUse.get(k) ?? [];
    if (!list.includes(key)) list.push(key);
    gutterUse.set(k, list);
  };
  const keyOf = (p: Plan) => `${p.dep.beforeId}>${p.dep.afterId}`;
  for (const p of plans) {
    use(p.out, `${keyOf(p)}|out`);
    if (p.y !== null) use(p.into, `${keyOf(p)}|in`);
  }
  const gutterX = new Map<string, number>();
  for (const [k, keys] of gutterUse) {
    const { lo, hi } = gutter(g, k);
    keys.sort();
    const offs = tracks(keys.length, hi - lo);
    for (const [i, key] of keys.entries()) gutterX.set(key, (lo + hi) / 2 + offs[i]!);
  }
  const channelUse = new Map<number, string[]>();
  for (const p of plans)
    if (p.y !== null && p.shared) channelUse.set(p.y, [...(channelUse.get(p.y) ?? []), keyOf(p)]);
  const channelY = new Map<string, number>();
  for (const [y, keys] of channelUse) {
    keys.sort();
    const offs = tracks(keys.length, 2 * g.pad);
    for (const [i, key] of keys.entries()) channelY.set(key, y + offs[i]!);
  }

  return plans.map((p) => {
    const key = keyOf(p);
    const xOut = gutterX.get(`${key}|out`)!;
    const pts: [number, number][] = [[p.a.right, p.ay]];
    if (p.y === null) {
      pts.push([xOut, p.ay], [xOut, p.by]);
    } else {
      const xIn = gutterX.get(`${key}|in`)!;
      const y = channelY.get(key) ?? p.y;
      pts.push([xOut, p.ay], [xOut, y], [xIn, y], [xIn, p.by]);
    }
    pts.push([p.b.left, p.by]);
    return { key, beforeId: p.dep.beforeId, afterId: p.dep.afterId, points: simplify(pts) };
  });
}

/** Drops repeated points and the middle of three collinear points. */
export function simplify(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last[0] - p[0]) < 0.01 && Math.abs(last[1] - p[1]) < 0.01) continue;
    const prev = out[out.length - 2];
    if (
      prev &&
      last &&
      ((Math.abs(prev[0] - last[0]) < 0.01 && Math.abs(last[0] - p[0]) < 0.01) ||
        (Math.abs(prev[1] - last[1]) < 0.01 && Math.abs(last[1] - p[1]) < 0.01))
    )
      out.pop();
    out.push(p);
  }
  return out;
}

/** An SVG path through the points with rounded corners (radius r, smaller where the segments are short). */
export function pathOf(points: [number, number][], r = 6): string {
  if (!points.length) return "";
  const f = (n: number) => String(Math.round(n * 10) / 10);
  let d = `M${f(points[0]![0])},${f(points[0]![1])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1]!;
    const [x, y] = points[i]!;
    const [nx, ny] = points[i + 1]!;
    const lin = Math.hypot(x - px, y - py);
    const lout = Math.hypot(nx - x, ny - y);
    const k = Math.min(r, lin / 2, lout / 2);
    const ax = x - ((x - px) / (lin || 1)) * k;
    const ay = y - ((y - py) / (lin || 1)) * k;
    const bx = x + ((nx - x) / (lout || 1)) * k;
    const bY = y + ((ny - y) / (lout || 1)) * k;
    d += ` L${f(ax)},${f(ay)} Q${f(x)},${f(y)} ${f(bx)},${f(bY)}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${f(last[0])},${f(last[1])}`;
}

/** Whether any segment of a route passes through a card other than its two ends (for tests and checks). */
export function crossesCards(points: [number, number][], cards: Box[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i - 1]!;
    const [x2, y2] = points[i]!;
    const lx = Math.min(x1, x2);
    const hx = Math.max(x1, x2);
    const ly = Math.min(y1, y2);
    const hy = Math.max(y1, y2);
    for (const c of cards)
      if (lx < c.right - 0.5 && hx > c.left + 0.5 && ly < c.bottom - 0.5 && hy > c.top + 0.5) return true;
  }
  return false;
}

/**
 * Whether a dependency is broken: the successor is planned in a period before the one its predecessor lands
 * in, or the predecessor is not planned at all (the SMART "Achievable" rule: a dependency lands no later).
 */
export function isLate(
  beforePeriod: number | null | undefined,
  afterPeriod: number | null | undefined,
): boolean {
  if (afterPeriod === null || afterPeriod === undefined) return false;
  return beforePeriod === null || beforePeriod === undefined || beforePeriod > afterPeriod;
}

/** The dependencies touching an item (both ways); every dependency when `all`. */
export function visibleDependencies<D extends Dependency>(
  deps: D[],
  activeId: string | null,
  all: boolean,
): D[] {
  if (all) return deps;
  if (!activeId) return [];
  return deps.filter((d) => d.beforeId === activeId || d.afterId === activeId);
}

/**
 * Each linked item's dependencies in words ("Depends on "Wallet pay", which lands later (Q3 2027). Needed by
 * "Checkout"."): what the arrows show, for screen readers and the card's description.
 */
export function dependencyNotes(
  deps: { beforeId: string; afterId: string }[],
  periodOf: (id: string) => number | null | undefined,
  titleOf: (id: string) => string,
  labelOf: (period: number) => string,
): Map<string, string> {
  const parts = new Map<string, { on: string[]; by: string[] }>();
  const of = (id: string) => {
    const p = parts.get(id) ?? { on: [], by: [] };
    parts.set(id, p);
    return p;
  };
  for (const d of deps) {
    const pb = periodOf(d.beforeId);
    const late = isLate(pb, periodOf(d.afterId));
    const where = pb === null || pb === undefined ? "unplanned" : labelOf(pb);
    of(d.afterId).on.push(`"${titleOf(d.beforeId)}"${late ? `, which lands later (${where})` : ""}`);
    of(d.beforeId).by.push(`"${titleOf(d.afterId)}"${late ? ", planned before this lands" : ""}`);
  }
  const out = new Map<string, string>();
  for (const [id, p] of parts)
    out.set(
      id,
      [
        p.on.length ? `Depends on ${p.on.join("; ")}.` : "",
        p.by.length ? `Needed by ${p.by.join("; ")}.` : "",
      ]
        .filter(Boolean)
        .join(" "),
    );
  return out;
}
