/** Seeded random planner instances, shared by the tests and the benchmark. */

import { seededRandom } from "./planner.search.mjs";
import type { PlanInput, PlanItem } from "./planner.types.ts";

export interface PlanInstanceSize {
  items: number;
  teams: number;
  periods: number;
  /** Random acyclic "finish-before" dependencies (fewer if the item count cannot hold that many). */
  dependencies: number;
  /** Fraction of items pinned to a random period (default 0). */
  pinned?: number;
  /** Fraction of items with a random deadline (default 0). */
  deadlines?: number;
  /** Capacity range per team-period, person-days (default 60-120: roughly half of 500 items over 6x6 fit). */
  capacity?: [min: number, max: number];
}

export { seededRandom };

/**
 * A realistic instance: values 1-100, efforts 0-15 person-days on 1-3 teams, capacities in the given range,
 * dependencies that follow a random hidden order (so they never form a cycle).
 */
export function generatePlanInstance(seed: number, size: PlanInstanceSize): PlanInput {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const teams = Array.from({ length: size.teams }, (_, t) => `team-${t + 1}`);
  const [cmin, cmax] = size.capacity ?? [60, 120];
  const capacity = Object.fromEntries(
    teams.map((t) => [t, Array.from({ length: size.periods }, () => int(cmin, cmax))]),
  );
  const items: PlanItem[] = Array.from({ length: size.items }, (_, i) => {
    const effort: Record<string, number> = {};
    const onTeams = int(1, Math.min(3, size.teams));
    const shuffled = [...teams].sort(() => rnd() - 0.5);
    for (const t of shuffled.slice(0, onTeams)) effort[t] = int(0, 15);
    const item: PlanItem = { id: `item-${String(i + 1).padStart(4, "0")}`, value: int(1, 100), effort };
    if (rnd() < (size.pinned ?? 0)) item.fixedPeriod = int(0, size.periods - 1);
    if (rnd() < (size.deadlines ?? 0)) item.latestPeriod = int(0, size.periods - 1);
    return item;
  });
  const order = items.map((_, i) => i).sort(() => rnd() - 0.5);
  const maxDeps = (size.items * (size.items - 1)) / 2;
  const seen = new Set<string>();
  const dependencies: PlanInput["dependencies"] = [];
  while (dependencies.length < Math.min(size.dependencies, maxDeps)) {
    const x = int(0, size.items - 1);
    const y = int(0, size.items - 1);
    if (x === y) continue;
    const [b, a] = x < y ? [order[x], order[y]] : [order[y], order[x]];
    const key = `${b}>${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    dependencies.push({ before: items[b].id, after: items[a].id });
  }
  return { periods: size.periods, teams, capacity, items, dependencies };
}
