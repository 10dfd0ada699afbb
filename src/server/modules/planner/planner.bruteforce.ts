/**
 * Exhaustive search over all assignments, for tests on tiny instances (P+1)^(free items). Written separately
 * from the model and checker so the property test compares two independent readings of the rules.
 * If no plan keeps every pinned item's prerequisites, it searches again without them (the planner's rule).
 */
import type { PlanInput } from "./planner.types.ts";

export function bruteForcePlan(input: PlanInput): {
  objective: number;
  assignment: Record<string, number | null>;
  strictFeasible: boolean;
} {
  const strict = search(input, false);
  if (strict) return { ...strict, strictFeasible: true };
  return { ...search(input, true)!, strictFeasible: false };
}

function search(input: PlanInput, relaxPins: boolean) {
  const { items, teams, capacity, periods: P } = input;
  const first = input.firstPeriod ?? 0;
  const pinned = (i: number) => items[i].fixedPeriod != null;
  const idx = new Map(items.map((it, i) => [it.id, i]));
  const deps = input.dependencies
    .map((d) => [idx.get(d.before)!, idx.get(d.after)!] as const)
    .filter(([b, a]) => b !== a && !(pinned(a) && pinned(b)) && !(relaxPins && pinned(a) && !pinned(b)));
  const options = items.map((it) => {
    if (it.fixedPeriod != null) return [it.fixedPeriod];
    const ps: (number | null)[] = [null];
    for (let p = first; p < P; p++) if (it.latestPeriod == null || p <= it.latestPeriod) ps.push(p);
    return ps;
  });
  const at: (number | null)[] = items.map(() => null);
  let best: { objective: number; assignment: Record<string, number | null> } | null = null;

  const valid = () => {
    for (const t of teams)
      for (let p = 0; p < P; p++) {
        let pin = 0;
        let free = 0;
        items.forEach((it, i) => {
          if (at[i] !== p) return;
          if (pinned(i)) pin += it.effort[t] ?? 0;
          else free += it.effort[t] ?? 0;
        });
        if (free > 0 && pin + free > capacity[t][p] + 1e-9) return false;
      }
    return deps.every(([b, a]) => at[a] === null || (at[b] !== null && at[b]! <= at[a]!));
  };
  const walk = (i: number) => {
    if (i === items.length) {
      if (!valid()) return;
      const objective = items.reduce((s, it, j) => s + (at[j] !== null ? it.value : 0), 0);
      if (!best || objective > best.objective)
        best = { objective, assignment: Object.fromEntries(items.map((it, j) => [it.id, at[j]])) };
      return;
    }
    for (const p of options[i]) {
      at[i] = p;
      walk(i + 1);
    }
    at[i] = null;
  };
  walk(0);
  return best as { objective: number; assignment: Record<string, number | null> } | null;
}
