/**
 * The roadmap planner's MILP model, written as CPLEX LP text for HiGHS, and the plan checker.
 *
 * Notation: items i, periods p = 0..P-1, teams t. "Pinned" items have a fixedPeriod; all others are "free".
 *
 * Variables: binary x{i}_{p} for each free item i and each allowed period p. Allowed periods are the window
 * [lo_i, hi_i] with lo_i = max(firstPeriod, periods of pinned predecessors of i) and
 * hi_i = min(P-1, latestPeriod_i, periods of pinned successors of i), minus any period where the item's
 * effort for some team exceeds that team's residual capacity (such a variable could never be 1).
 * Names are index-based (item index in `input.items`, period) so they are always LP-safe.
 *
 * Constraints:
 * - at most one period per free item: sum_p x_ip <= 1;
 * - capacity per team t and period p: sum_i effort_it x_ip <= max(0, capacity_tp - pinned load_tp). If pinned
 *   items alone exceed capacity that is the user's choice: free items just get nothing there;
 * - dependency before b -> after a, both free (cumulative form, tighter than big-M and allows the same period):
 *   for each q in a's allowed periods, sum_{p<=q} x_ap <= sum_{p<=q} x_bp. Rows for other q are implied.
 *   The last row also gives "a planned => b planned";
 * - pinned b -> free a: a's window starts at b's period;
 * - free b -> pinned a: b is forced, sum_p x_bp = 1, with its window ending at a's period ("strict" model).
 *   If that makes the model infeasible, the planner re-plans with relaxPinnedPrerequisites() and reports it;
 * - pinned b -> pinned a: a pin conflict if b lands later; reported (pinConflicts), never a model constraint.
 *   A self-dependency (b = a) is always satisfied and ignored.
 *
 * Objective: maximize sum_i sum_p (value_i + eps (P - p)) x_ip. The tie-break eps (P - p) favours earlier
 * periods and planning zero-value items that fit. It can never change which value is reached: values are read
 * on a decimal grid r (the coarsest of 1, 0.1, ..., 1e-6 they all lie on), so distinct plan values differ by
 * at least r, and eps = r / (2 n P) keeps the total tie-break below r/2. Because the tie-break is >= 0, the
 * solver's dual bound is also an upper bound on the sum of values; rounding it down to the grid r tightens it.
 * The reported objective is always the plain sum of values, recomputed from the assignment.
 */
import type { PlanInput, PlanItem } from "./planner.types.ts";

/** Input indexed by position: what the model, the greedy and the checker all work from. */
export interface Prepared {
  P: number;
  first: number;
  items: PlanItem[];
  index: Map<string, number>;
  /** Pinned period per item, or null when free. */
  fixed: (number | null)[];
  /** effort[i][t], teams in input order. */
  effort: number[][];
  /** Capacity left for free items after pinned load, clamped at 0: residual[t][p] (the LP right-hand side). */
  residual: number[][];
  /** Free load allowed in checks: capacity - pinned load + tolerance (negative when pins overload). */
  slack: number[][];
  /** Dependencies as index pairs, self-dependencies dropped. */
  deps: [before: number, after: number][];
  /** Window of allowed periods for free items (lo > hi when none). */
  lo: number[];
  hi: number[];
  /** Free items that must be planned because a pinned item depends on them directly. */
  forced: boolean[];
}

const TOL = 1e-6;

/** Throws an Error with a clear message when the input is malformed (unknown ids, bad periods, ...). */
export function validatePlanInput(input: PlanInput): void {
  const { periods: P } = input;
  if (!Number.isInteger(P) || P < 1) throw new Error(`periods must be a positive integer, got ${P}`);
  const first = input.firstPeriod ?? 0;
  if (!Number.isInteger(first) || first < 0 || first > P)
    throw new Error(`firstPeriod must be an integer in 0..${P}, got ${first}`);
  if (new Set(input.teams).size !== input.teams.length) throw new Error("teams contains duplicates");
  for (const t of input.teams) {
    const cap = input.capacity[t];
    if (!Array.isArray(cap) || cap.length !== P)
      throw new Error(`capacity for team "${t}" must be an array of ${P} numbers`);
    if (cap.some((c) => !Number.isFinite(c) || c < 0))
      throw new Error(`capacity for team "${t}" must be finite and >= 0`);
  }
  const teams = new Set(input.teams);
  const ids = new Set<string>();
  for (const item of input.items) {
    if (typeof item.id !== "string" || item.id === "") throw new Error("every item needs a non-empty id");
    if (ids.has(item.id)) throw new Error(`duplicate item id "${item.id}"`);
    ids.add(item.id);
    if (!Number.isFinite(item.value) || item.value < 0)
      throw new Error(`item "${item.id}": value must be finite and >= 0`);
    for (const [t, e] of Object.entries(item.effort)) {
      if (!teams.has(t)) throw new Error(`item "${item.id}": effort for unknown team "${t}"`);
      if (!Number.isFinite(e) || e < 0) throw new Error(`item "${item.id}": effort for "${t}" must be >= 0`);
    }
    const f = item.fixedPeriod;
    if (f != null && (!Number.isInteger(f) || f < 0 || f >= P))
      throw new Error(`item "${item.id}": fixedPeriod must be an integer in 0..${P - 1}, got ${f}`);
    const l = item.latestPeriod;
    if (l != null && !Number.isInteger(l))
      throw new Error(`item "${item.id}": latestPeriod must be an integer`);
  }
  for (const d of input.dependencies) {
    const unknown = [d.before, d.after].filter((id) => !ids.has(id));
    if (unknown.length > 0)
      throw new Error(`dependency ${d.before} -> ${d.after} names unknown item(s): ${unknown.join(", ")}`);
  }
  const tl = input.timeLimitSeconds;
  if (tl != null && !(tl > 0)) throw new Error(`timeLimitSeconds must be > 0, got ${tl}`);
  const gap = input.mipRelGap;
  if (gap != null && !(gap >= 0)) throw new Error(`mipRelGap must be >= 0, got ${gap}`);
}

/** Indexes a valid input (see validatePlanInput). */
export function prepare(input: PlanInput): Prepared {
  const P = input.periods;
  const first = input.firstPeriod ?? 0;
  const items = input.items;
  const index = new Map(items.map((it, i) => [it.id, i]));
  const fixed = items.map((it) => it.fixedPeriod ?? null);
  const effort = items.map((it) => input.teams.map((t) => it.effort[t] ?? 0));
  const pinnedLoad = input.teams.map((_, ti) => {
    const load = new Array<number>(P).fill(0);
    items.forEach((_, i) => {
      if (fixed[i] !== null) load[fixed[i]!] += effort[i][ti];
    });
    return load;
  });
  const residual = input.teams.map((t, ti) =>
    input.capacity[t].map((c, p) => Math.max(0, c - pinnedLoad[ti][p])),
  );
  const slack = input.teams.map((t, ti) =>
    input.capacity[t].map((c, p) => c - pinnedLoad[ti][p] + TOL * Math.max(1, c)),
  );
  const deps: [number, number][] = [];
  for (const d of input.dependencies) {
    const b = index.get(d.before)!;
    const a = index.get(d.after)!;
    if (a !== b) deps.push([b, a]);
  }
  const lo = items.map(() => first);
  const hi = items.map((it) => Math.min(P - 1, it.latestPeriod ?? P - 1));
  const forced = items.map(() => false);
  for (const [b, a] of deps) {
    if (fixed[b] !== null && fixed[a] === null) lo[a] = Math.max(lo[a], fixed[b]!);
    if (fixed[a] !== null && fixed[b] === null) {
      hi[b] = Math.min(hi[b], fixed[a]!);
      forced[b] = true;
    }
  }
  return { P, first, items, index, fixed, effort, residual, slack, deps, lo, hi, forced };
}

/** The same input without "free item before pinned item" dependencies: the fallback when they can't all hold. */
export function relaxPinnedPrerequisites(input: PlanInput): PlanInput {
  const pinned = new Set(input.items.filter((it) => it.fixedPeriod != null).map((it) => it.id));
  return {
    ...input,
    dependencies: input.dependencies.filter((d) => pinned.has(d.before) || !pinned.has(d.after)),
  };
}

/** Whether free item i fits period p given the free load already there (`load[t][p]`, zeros when omitted). */
export function fits(m: Prepared, i: number, p: number, load?: number[][]): boolean {
  return m.effort[i].every((e, t) => e === 0 || (load ? load[t][p] : 0) + e <= m.slack[t][p]);
}

/** Coarsest decimal grid (1, 0.1, ..., 1e-6) on which all values lie; 1e-6 if none fits. */
export function valueResolution(values: number[]): number {
  for (let k = 0; k < 6; k++) {
    const s = 10 ** k;
    if (values.every((v) => Math.abs(v * s - Math.round(v * s)) <= 1e-9 * Math.max(1, v * s))) return 1 / s;
  }
  return 1e-6;
}

export interface LpModel {
  lp: string;
  /** Column name -> [item index, period]. */
  columns: Map<string, [number, number]>;
  /** Grid of the values (see valueResolution), for rounding the dual bound. */
  resolution: number;
  /** Forced free items that have no allowed period at all: the strict model is infeasible. */
  impossibleForced: number[];
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(15).replace(/\.?0+(e|$)/, "$1"));

/** Writes `sum` terms as LP text lines, a few terms per line (continuation lines are allowed in LP format). */
function linear(terms: [number, string][]): string {
  const parts = terms.map(([c, v], k) => {
    const sign = c < 0 ? "-" : k === 0 ? "" : "+";
    const abs = Math.abs(c);
    return `${sign}${sign ? " " : ""}${abs === 1 ? "" : `${fmt(abs)} `}${v}`;
  });
  const lines: string[] = [];
  for (let k = 0; k < parts.length; k += 8) lines.push(parts.slice(k, k + 8).join(" "));
  return lines.join("\n   ");
}

/** Builds the model (see the file comment) as LP text plus the column map. */
export function buildModel(input: PlanInput): LpModel {
  const m = prepare(input);
  const { P } = m;
  const free = m.items.map((_, i) => i).filter((i) => m.fixed[i] === null);
  const cols: number[][] = m.items.map(() => []);
  for (const i of free) for (let p = m.lo[i]; p <= m.hi[i]; p++) if (fits(m, i, p)) cols[i].push(p);
  const name = (i: number, p: number) => `x${i}_${p}`;
  const columns = new Map<string, [number, number]>();
  for (const i of free) for (const p of cols[i]) columns.set(name(i, p), [i, p]);

  const resolution = valueResolution(free.map((i) => m.items[i].value));
  const eps = resolution / (2 * Math.max(1, free.length) * P);
  const obj: [number, string][] = [];
  for (const i of free) for (const p of cols[i]) obj.push([m.items[i].value + eps * (P - p), name(i, p)]);

  const rows: string[] = [];
  const impossibleForced: number[] = [];
  for (const i of free) {
    const terms = cols[i].map((p): [number, string] => [1, name(i, p)]);
    if (m.forced[i]) {
      if (terms.length === 0) impossibleForced.push(i);
      else rows.push(` f${i}: ${linear(terms)} = 1`);
    } else if (terms.length > 1) rows.push(` a${i}: ${linear(terms)} <= 1`);
  }
  m.residual.forEach((res, t) => {
    for (let p = 0; p < P; p++) {
      const terms: [number, string][] = [];
      for (const i of free)
        if (m.effort[i][t] > 0 && cols[i].includes(p)) terms.push([m.effort[i][t], name(i, p)]);
      // A row is needed only when the items that fit alone could overflow together.
      const total = terms.reduce((s, [c]) => s + c, 0);
      if (terms.length > 1 && total > res[p] + TOL)
        rows.push(` k${t}_${p}: ${linear(terms)} <= ${fmt(res[p])}`);
    }
  });
  m.deps.forEach(([b, a], k) => {
    if (m.fixed[a] !== null || m.fixed[b] !== null) return; // pinned ends are folded into windows above
    for (const q of cols[a]) {
      const terms: [number, string][] = [];
      for (const p of cols[a]) if (p <= q) terms.push([1, name(a, p)]);
      for (const p of cols[b]) if (p <= q) terms.push([-1, name(b, p)]);
      rows.push(` d${k}_${q}: ${linear(terms)} <= 0`);
    }
  });
  // A dummy column fixed at 0 keeps the text valid when there are no columns, and states infeasibility.
  const needDummy = columns.size === 0 || impossibleForced.length > 0;
  if (needDummy) obj.push([0, "z"]);
  if (impossibleForced.length > 0) rows.push(" inf: z >= 1");
  const lp = [
    "Maximize",
    ` obj: ${linear(obj)}`,
    "Subject To",
    ...rows,
    ...(needDummy ? ["Bounds", " 0 <= z <= 0"] : []),
    ...(columns.size > 0 ? ["Binary", ...chunk([...columns.keys()], 12).map((c) => ` ${c.join(" ")}`)] : []),
    "End",
    "",
  ].join("\n");
  return { lp, columns, resolution, impossibleForced };
}

/** The CPLEX LP text of the model (see the file comment). */
export function buildLp(input: PlanInput): string {
  return buildModel(input).lp;
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < xs.length; k += n) out.push(xs.slice(k, k + n));
  return out;
}

/** Conflicts the user created with pins (never planner violations): pinned order, deadlines, overload. */
export function pinConflicts(input: PlanInput): string[] {
  const m = prepare(input);
  const out: string[] = [];
  for (const [b, a] of m.deps) {
    const fb = m.fixed[b];
    const fa = m.fixed[a];
    if (fb !== null && fa !== null && fb > fa)
      out.push(
        `pinned "${m.items[a].id}" (period ${fa}) depends on pinned "${m.items[b].id}" (period ${fb})`,
      );
  }
  m.items.forEach((it, i) => {
    const f = m.fixed[i];
    if (f !== null && it.latestPeriod != null && f > it.latestPeriod)
      out.push(`pinned "${it.id}" (period ${f}) is past its deadline (period ${it.latestPeriod})`);
  });
  input.teams.forEach((t, ti) => {
    input.capacity[t].forEach((cap, p) => {
      let load = 0;
      m.items.forEach((_, i) => {
        if (m.fixed[i] === p) load += m.effort[i][ti];
      });
      if (load > cap + TOL)
        out.push(`pinned items alone exceed team "${t}" capacity in period ${p} (${load} > ${cap})`);
    });
  });
  return out;
}

/**
 * Human-readable violations of `assignment` (an unlisted item counts as unplanned). Over-capacity is reported
 * only where free items add load; pinned-vs-pinned dependency conflicts are pin conflicts, not violations.
 */
export function checkPlan(input: PlanInput, assignment: Record<string, number | null | undefined>): string[] {
  const m = prepare(input);
  const out: string[] = [];
  const at = m.items.map((it) => assignment[it.id] ?? null);
  m.items.forEach((it, i) => {
    const a = at[i];
    const f = m.fixed[i];
    if (f !== null) {
      if (a !== f) out.push(`pinned "${it.id}" moved from period ${f} to ${a ?? "unplanned"}`);
      return;
    }
    if (a === null) return;
    if (!Number.isInteger(a) || a < 0 || a >= m.P) out.push(`"${it.id}" has invalid period ${a}`);
    else if (a < m.first) out.push(`"${it.id}" lands in past period ${a} (first open period is ${m.first})`);
    if (it.latestPeriod != null && a > it.latestPeriod)
      out.push(`"${it.id}" lands in period ${a}, after its deadline ${it.latestPeriod}`);
  });
  input.teams.forEach((t, ti) => {
    for (let p = 0; p < m.P; p++) {
      let pinned = 0;
      let freeLoad = 0;
      m.items.forEach((_, i) => {
        if (at[i] !== p) return;
        if (m.fixed[i] !== null) pinned += m.effort[i][ti];
        else freeLoad += m.effort[i][ti];
      });
      if (freeLoad > 0 && freeLoad > m.slack[ti][p])
        out.push(
          `team "${t}" over capacity in period ${p}: ${pinned} pinned + ${freeLoad} free > ${input.capacity[t][p]}`,
        );
    }
  });
  for (const [b, a] of m.deps) {
    if (m.fixed[a] !== null && m.fixed[b] !== null) continue;
    const pa = at[a];
    const pb = at[b];
    if (pa === null) continue;
    const [nb, na] = [m.items[b].id, m.items[a].id];
    if (pb === null) out.push(`"${na}" is planned (period ${pa}) but its prerequisite "${nb}" is not`);
    else if (pb > pa) out.push(`"${na}" (period ${pa}) lands before its prerequisite "${nb}" (period ${pb})`);
  }
  return out;
}

/** Sum of values of planned items. */
export function planValue(input: PlanInput, assignment: Record<string, number | null>): number {
  return input.items.reduce((s, it) => s + (assignment[it.id] != null ? it.value : 0), 0);
}

/**
 * Moves free items to earlier periods where capacity, window and prerequisites allow. The planned set (and so
 * the value) is unchanged and a valid plan stays valid; it makes MILP plans stable when the solver stopped on
 * the relative gap before the tie-break mattered.
 */
export function shiftEarlier(input: PlanInput, assignment: Record<string, number | null>): void {
  const m = prepare(input);
  const at = m.items.map((it) => assignment[it.id] ?? null);
  const load = m.slack.map((r) => r.map(() => 0));
  m.items.forEach((_, i) => {
    if (m.fixed[i] !== null || at[i] === null) return;
    m.effort[i].forEach((e, t) => {
      load[t][at[i]!] += e;
    });
  });
  const preds: number[][] = m.items.map(() => []);
  for (const [b, a] of m.deps) preds[a].push(b);
  const order = m.items.map((_, i) => i).filter((i) => m.fixed[i] === null && at[i] !== null);
  // A move can free a successor to move too, so repeat until nothing moves (each pass moves items earlier).
  for (let moved = true; moved; ) {
    moved = false;
    order.sort((x, y) => at[x]! - at[y]! || x - y);
    for (const i of order) {
      const cur = at[i]!;
      const from = Math.max(m.lo[i], ...preds[i].map((b) => at[b] ?? cur));
      for (let p = from; p < cur; p++) {
        if (!fits(m, i, p, load)) continue;
        m.effort[i].forEach((e, t) => {
          load[t][cur] -= e;
          load[t][p] += e;
        });
        at[i] = p;
        assignment[m.items[i].id] = p;
        moved = true;
        break;
      }
    }
  }
}
