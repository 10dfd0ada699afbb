import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { bruteForcePlan } from "./planner.bruteforce.ts";
import { generatePlanInstance } from "./planner.fixtures.ts";
import { planGreedy } from "./planner.greedy.ts";
import { buildLp, buildModel, checkPlan, prepare, relaxPinnedPrerequisites } from "./planner.model.ts";
import { anneal, isValidPlan, planValueOf } from "./planner.search.mjs";
import { planRoadmap, repairPlan, searchProblem, shutdownPlanner } from "./planner.ts";
import type { PlanInput, PlanItem } from "./planner.types.ts";

afterAll(() => shutdownPlanner());

/** One team "t" with the given capacity per period. */
function oneTeam(
  capacity: number[],
  items: PlanItem[],
  dependencies: PlanInput["dependencies"] = [],
): PlanInput {
  return { periods: capacity.length, teams: ["t"], capacity: { t: capacity }, items, dependencies };
}
const item = (id: string, value: number, effort: number, extra: Partial<PlanItem> = {}): PlanItem => ({
  id,
  value,
  effort: { t: effort },
  ...extra,
});

describe("hand-solved instances", () => {
  it("solves a knapsack where greedy by density is suboptimal", async () => {
    // Capacity 10. Density ranks A (9/1.6) above B and C (6/1.5): greedy takes A, then neither B nor C fits: 9.
    // A with B or C needs 11 > 10, so the optimum is B + C = 12, filling the period exactly. Unique.
    const input = oneTeam([10], [item("A", 9, 6), item("B", 6, 5), item("C", 6, 5)]);
    expect(planGreedy(input).objective).toBe(9);
    const r = await planRoadmap(input);
    expect(r).toMatchObject({ status: "optimal", method: "milp", objective: 12, bound: 12, gap: 0 });
    expect(r.assignment).toEqual({ A: null, B: 0, C: 0 });
    expect(checkPlan(input, r.assignment)).toEqual([]);
  });

  it("follows a dependency that changes which items are chosen, and their order", async () => {
    // Each item fills a period, so two fit. Without the dependency Y + W = 15 would win, but Y needs X
    // planned no later than Y: X:0, Y:1 gives 11 (X:1, Y:0 breaks the order; X + W = 6). Unique.
    const input = oneTeam(
      [10, 10],
      [item("X", 1, 10), item("Y", 10, 10), item("W", 5, 10)],
      [{ before: "X", after: "Y" }],
    );
    const r = await planRoadmap(input);
    expect(r.objective).toBe(11);
    expect(r.assignment).toEqual({ X: 0, Y: 1, W: null });
  });

  it("respects deadlines and past periods", async () => {
    // Period 0 is past; periods 1 and 2 hold one item each. A and B both need period 1: A (8) beats B (5).
    // Period 2 takes the best remaining item without a deadline, C (3). Total 11, unique.
    const input: PlanInput = {
      ...oneTeam(
        [10, 10, 10],
        [
          item("A", 8, 10, { latestPeriod: 1 }),
          item("B", 5, 10, { latestPeriod: 1 }),
          item("C", 3, 10),
          item("D", 2, 10),
        ],
      ),
      firstPeriod: 1,
    };
    const r = await planRoadmap(input);
    expect(r.objective).toBe(11);
    expect(r.assignment).toEqual({ A: 1, B: null, C: 2, D: null });
  });

  it("counts a pinned item's load", async () => {
    // K (pinned, 8 of 10) leaves 2 in period 0: only C fits there. A + B fill period 1 exactly.
    // Total 1 + 7 + 6 + 2 = 16, unique.
    const input = oneTeam(
      [10, 10],
      [item("K", 1, 8, { fixedPeriod: 0 }), item("A", 7, 5), item("B", 6, 5), item("C", 2, 2)],
    );
    const r = await planRoadmap(input);
    expect(r.objective).toBe(16);
    expect(r.assignment).toEqual({ K: 0, A: 1, B: 1, C: 0 });
  });

  it("leaves an overloaded pinned period to the pins and says so", async () => {
    // K alone needs 12 of 10 in period 0: the user's choice, not a violation; C can only go to period 1.
    const input = oneTeam([10, 10], [item("K", 1, 12, { fixedPeriod: 0 }), item("C", 2, 2), item("D", 1, 9)]);
    const r = await planRoadmap(input);
    expect(r.assignment).toEqual({ K: 0, C: 1, D: null });
    expect(r.message).toMatch(/pinned items alone exceed team "t" capacity in period 0/);
    expect(checkPlan(input, r.assignment)).toEqual([]);
  });

  it("plans a free prerequisite before the pinned item that needs it", async () => {
    // K is pinned in period 2 (full) and needs F, so F takes period 0 or 1 and only one of G, H fits: G (50).
    // Total 4 + 1 + 50 = 55 (without the dependency K + G + H = 94). F and G may swap periods.
    const input = oneTeam(
      [10, 10, 10],
      [item("K", 4, 10, { fixedPeriod: 2 }), item("F", 1, 10), item("G", 50, 10), item("H", 40, 10)],
      [{ before: "F", after: "K" }],
    );
    const r = await planRoadmap(input);
    expect(r.objective).toBe(55);
    expect(r.assignment.K).toBe(2);
    expect(r.assignment.H).toBeNull();
    expect([r.assignment.F, r.assignment.G].sort()).toEqual([0, 1]);
  });

  it("plans a dependent no earlier than its pinned prerequisite", async () => {
    // M fits anywhere but depends on L, pinned in period 1: the earliest allowed period is 1.
    const input = oneTeam(
      [10, 10, 10],
      [item("L", 0, 0, { fixedPeriod: 1 }), item("M", 5, 1)],
      [{ before: "L", after: "M" }],
    );
    const r = await planRoadmap(input);
    expect(r.assignment).toEqual({ L: 1, M: 1 });
  });

  it("reports pinned items that contradict a dependency, and still plans the rest", async () => {
    const input = oneTeam(
      [10, 10, 10],
      [item("A", 1, 1, { fixedPeriod: 1 }), item("B", 1, 1, { fixedPeriod: 2 })],
      [{ before: "B", after: "A" }],
    );
    input.items.push(item("C", 3, 5));
    const r = await planRoadmap(input);
    expect(r.status).toBe("optimal");
    expect(r.assignment).toEqual({ A: 1, B: 2, C: 0 });
    expect(r.message).toMatch(/pinned "A" \(period 1\) depends on pinned "B" \(period 2\)/);
    expect(checkPlan(input, r.assignment)).toEqual([]);
  });

  it("says infeasible when pinned items' prerequisites cannot fit, and plans without them", async () => {
    // K (period 0) needs F1 and F2 there: 12 > 10. Without that rule: F1 + G fill one period, F2 the other,
    // so everything is planned: 1 + 3 + 3 + 2 = 9.
    const input = oneTeam(
      [10, 10],
      [item("K", 1, 0, { fixedPeriod: 0 }), item("F1", 3, 6), item("F2", 3, 6), item("G", 2, 4)],
      [
        { before: "F1", after: "K" },
        { before: "F2", after: "K" },
      ],
    );
    const r = await planRoadmap(input);
    expect(r.status).toBe("infeasible");
    expect(r.objective).toBe(9);
    expect(r.message).toMatch(/"K"/);
    expect(checkPlan(relaxPinnedPrerequisites(input), r.assignment)).toEqual([]);
    expect(checkPlan(input, r.assignment).join()).toMatch(/prerequisite "F[12]"/);
  });

  it("names a pinned item's prerequisite that fits no period at all", async () => {
    const input = oneTeam(
      [10, 10],
      [item("K", 1, 0, { fixedPeriod: 1 }), item("F", 3, 20), item("G", 2, 4)],
      [{ before: "F", after: "K" }],
    );
    const r = await planRoadmap(input);
    expect(r.status).toBe("infeasible");
    expect(r.message).toMatch(/no open period fits "F"/);
    expect(r.assignment).toEqual({ K: 1, F: null, G: 0 });
  });

  it("plans a dependency cycle in one period; greedy leaves it out", async () => {
    const input = oneTeam(
      [10],
      [item("A", 2, 5), item("B", 2, 5)],
      [
        { before: "A", after: "B" },
        { before: "B", after: "A" },
      ],
    );
    expect((await planRoadmap(input)).assignment).toEqual({ A: 0, B: 0 });
    const g = planGreedy(input);
    expect(g.assignment).toEqual({ A: null, B: null });
    expect(g.message).toMatch(/cycle/);
  });

  it("answers an empty roadmap and a roadmap of pins without the solver", async () => {
    expect(await planRoadmap(oneTeam([10], []))).toMatchObject({
      status: "optimal",
      objective: 0,
      assignment: {},
    });
    const pinsOnly = await planRoadmap(oneTeam([10, 10], [item("K", 3, 4, { fixedPeriod: 1 })]));
    expect(pinsOnly).toMatchObject({
      status: "optimal",
      objective: 3,
      bound: 3,
      gap: 0,
      assignment: { K: 1 },
    });
  });

  it("rejects unknown ids and teams with a clear message", async () => {
    const input = oneTeam([10], [item("A", 1, 1)], [{ before: "A", after: "nope" }]);
    await expect(planRoadmap(input)).rejects.toThrow(/unknown item\(s\): nope/);
    const badTeam = oneTeam([10], [{ id: "A", value: 1, effort: { q: 1 } }]);
    await expect(planRoadmap(badTeam)).rejects.toThrow(/unknown team "q"/);
  });

  it("writes LP-safe index-based names whatever the ids", () => {
    const lp = buildLp(oneTeam([10, 10], [item("a b:c", 1, 6), item("é/∑", 2, 6)]));
    expect(lp).toMatch(/^Maximize/);
    expect(lp).toContain("x0_0");
    expect(lp).toContain("x1_1");
    expect(lp).not.toContain("a b:c");
    expect(lp).toMatch(/Binary\n x0_0 x0_1 x1_0 x1_1\nEnd/);
  });

  it("repairs a plan broken by solver tolerance by unplanning the cheapest offenders", () => {
    // Period 0 holds 10: A (5) + B (4) + C (3) overflow by 2, so C, the lowest value, goes; D needs C, so D goes.
    const input = oneTeam(
      [10],
      [item("A", 5, 5), item("B", 4, 4), item("C", 1, 3), item("D", 9, 0)],
      [{ before: "C", after: "D" }],
    );
    const plan: Record<string, number | null> = { A: 0, B: 0, C: 0, D: 0 };
    expect(repairPlan(input, plan)).toBeNull();
    expect(plan).toEqual({ A: 0, B: 0, C: null, D: null });
    const pinned = oneTeam(
      [10],
      [item("K", 1, 0, { fixedPeriod: 0 }), item("F", 1, 20)],
      [{ before: "F", after: "K" }],
    );
    expect(repairPlan(pinned, { K: 0, F: 0 })).toMatch(/pinned item's prerequisite/);
  });

  it("checkPlan reports each kind of violation, but not a pinned-only overload", () => {
    const input: PlanInput = {
      ...oneTeam(
        [10, 10, 10],
        [
          item("P", 0, 12, { fixedPeriod: 2 }),
          item("A", 1, 6, { latestPeriod: 0 }),
          item("B", 1, 6),
          item("C", 1, 1),
        ],
        [{ before: "C", after: "B" }],
      ),
      firstPeriod: 1,
    };
    expect(checkPlan(input, { P: 2, A: null, B: null, C: null })).toEqual([]);
    const v = checkPlan(input, { P: 1, A: 1, B: 1, C: 2 }).join("\n");
    expect(v).toMatch(/pinned "P" moved from period 2 to 1/);
    expect(v).toMatch(/"A" lands in period 1, after its deadline 0/);
    expect(v).toMatch(/team "t" over capacity in period 1/);
    expect(v).toMatch(/"B" \(period 1\) lands before its prerequisite "C" \(period 2\)/);
    expect(checkPlan(input, { P: 2, A: 0, B: null, C: 2 }).join()).toMatch(/past period 0/);
    expect(checkPlan(input, { P: 2, A: null, B: 1, C: null }).join()).toMatch(/prerequisite "C" is not/);
  });
});

/** Random tiny instances: up to 7 items, 2 teams, 3 periods, with pins, deadlines and any dependencies. */
const tinyInstance = fc
  .record({
    periods: fc.integer({ min: 1, max: 3 }),
    teams: fc.integer({ min: 1, max: 2 }),
    n: fc.integer({ min: 1, max: 7 }),
    first: fc.integer({ min: 0, max: 1 }),
  })
  .chain(({ periods, teams, n, first }) => {
    const teamIds = ["t1", "t2"].slice(0, teams);
    const itemArb = fc.record({
      value: fc.integer({ min: 0, max: 20 }),
      effort: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: teams, maxLength: teams }),
      fixed: fc.option(fc.integer({ min: 0, max: periods - 1 }), { freq: 4 }),
      latest: fc.option(fc.integer({ min: -1, max: periods }), { freq: 2 }),
    });
    return fc
      .record({
        capacity: fc.array(
          fc.array(fc.integer({ min: 0, max: 10 }), { minLength: periods, maxLength: periods }),
          {
            minLength: teams,
            maxLength: teams,
          },
        ),
        items: fc.array(itemArb, { minLength: n, maxLength: n }),
        deps: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 6 }),
      })
      .map(
        ({ capacity, items, deps }): PlanInput => ({
          periods,
          firstPeriod: Math.min(first, periods - 1),
          teams: teamIds,
          capacity: Object.fromEntries(teamIds.map((t, k) => [t, capacity[k]])),
          items: items.map((it, i) => ({
            id: `i${i}`,
            value: it.value,
            effort: Object.fromEntries(teamIds.map((t, k) => [t, it.effort[k]])),
            fixedPeriod: it.fixed,
            latestPeriod: it.latest,
          })),
          dependencies: deps.map(([b, a]) => ({ before: `i${b}`, after: `i${a}` })),
          mipRelGap: 0, // exact, to compare with brute force
        }),
      );
  });

describe("properties on random tiny instances", () => {
  it("the MILP plan is valid and as good as exhaustive search; greedy is valid and no better", async () => {
    await fc.assert(
      fc.asyncProperty(tinyInstance, async (input) => {
        const best = bruteForcePlan(input);
        const r = await planRoadmap(input);
        expect(r.method).toBe("milp");
        expect(r.status).toBe(best.strictFeasible ? "optimal" : "infeasible");
        expect(r.objective).toBeCloseTo(best.objective, 6);
        const rules = best.strictFeasible ? input : relaxPinnedPrerequisites(input);
        expect(checkPlan(rules, r.assignment)).toEqual([]);
        expect(r.bound! + 1e-6).toBeGreaterThanOrEqual(r.objective);

        const g = planGreedy(input);
        const relaxed = relaxPinnedPrerequisites(input);
        expect(checkPlan(relaxed, g.assignment)).toEqual([]);
        const greedyKeepsPins = checkPlan(input, g.assignment).length === 0;
        const ceiling =
          greedyKeepsPins && best.strictFeasible ? best.objective : bruteForcePlan(relaxed).objective;
        expect(g.objective).toBeLessThanOrEqual(ceiling + 1e-6);
        if (!greedyKeepsPins) expect(g.message).toMatch(/could not place prerequisites of pinned items/);
      }),
      { numRuns: 150, seed: 20240601 },
    );
  }, 60_000);
});

describe("annealing (the worker's primal heuristic)", () => {
  it("only ever returns valid plans, never better than exhaustive search", () => {
    fc.assert(
      fc.property(tinyInstance, fc.integer({ min: 1, max: 1000 }), (input, seed) => {
        const model = buildModel(input);
        if (model.impossibleForced.length > 0) return;
        const m = prepare(input);
        const prob = searchProblem(m, model);
        const g = planGreedy(input);
        if (checkPlan(input, g.assignment).length > 0) return; // the worker anneals from valid plans only
        const start = Int32Array.from(m.items, (it, i) =>
          m.fixed[i] === null ? (g.assignment[it.id] ?? -1) : -1,
        );
        expect(isValidPlan(prob, start)).toBe(true);
        const r = anneal(prob, start, { deadline: performance.now() + 1000, maxMoves: 3000, seed });
        expect(isValidPlan(prob, r.at)).toBe(true);
        expect(r.value).toBe(planValueOf(prob, r.at));
        expect(r.value).toBeGreaterThanOrEqual(planValueOf(prob, start));
        const assignment: Record<string, number | null> = {};
        m.items.forEach((it, i) => {
          assignment[it.id] = m.fixed[i] ?? (r.at[i] >= 0 ? r.at[i] : null);
        });
        expect(checkPlan(input, assignment)).toEqual([]);
        const best = bruteForcePlan(input);
        const pinned = m.items.reduce((s, it, i) => s + (m.fixed[i] !== null ? it.value : 0), 0);
        expect(r.value + pinned).toBeLessThanOrEqual(best.objective + 1e-6);
      }),
      { numRuns: 300, seed: 20240602 },
    );
  }, 60_000);

  it("improves the greedy plan on 500 x 6 x 6 and keeps it valid", () => {
    const input = generatePlanInstance(2, { items: 500, teams: 6, periods: 6, dependencies: 100 });
    const m = prepare(input);
    const prob = searchProblem(m, buildModel(input));
    const g = planGreedy(input);
    const start = Int32Array.from(m.items, (it) => g.assignment[it.id] ?? -1);
    const r = anneal(prob, start, { deadline: performance.now() + 1500, maxMoves: 200_000, seed: 1 });
    expect(isValidPlan(prob, r.at)).toBe(true);
    expect(r.value).toBeGreaterThan(g.objective);
  }, 30_000);
});

describe("solving in a worker", () => {
  it("does not block the main event loop during a larger solve", async () => {
    const input = {
      ...generatePlanInstance(7, { items: 300, teams: 6, periods: 6, dependencies: 60 }),
      timeLimitSeconds: 3,
    };
    let last = performance.now();
    let maxDelay = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxDelay = Math.max(maxDelay, now - last);
      last = now;
    }, 10);
    const r = await planRoadmap(input);
    clearInterval(timer);
    console.log(
      `300x6x6: ${r.status} gap=${r.gap?.toFixed(4)} ${r.elapsedMs.toFixed(0)} ms, max tick delay ${maxDelay.toFixed(0)} ms`,
    );
    expect(r.method).toBe("milp");
    expect(maxDelay).toBeLessThan(200);
  }, 30_000);

  it("reports an honest status and gap when the time limit stops the search", async () => {
    const input = {
      ...generatePlanInstance(3, { items: 300, teams: 6, periods: 6, dependencies: 60 }),
      timeLimitSeconds: 2,
      mipRelGap: 0,
    };
    const r = await planRoadmap(input);
    expect(r.method).toBe("milp");
    expect(["optimal", "feasible"]).toContain(r.status);
    expect(r.bound).not.toBeNull();
    expect(r.bound!).toBeGreaterThanOrEqual(r.objective);
    expect(r.gap).toBeCloseTo((r.bound! - r.objective) / r.bound!, 9);
    if (r.status === "feasible") expect(r.gap!).toBeGreaterThan(0);
    expect(checkPlan(input, r.assignment)).toEqual([]);
  }, 30_000);

  it("falls back to greedy, and says why, when the worker has to be killed", async () => {
    const input = {
      ...generatePlanInstance(5, { items: 500, teams: 6, periods: 6, dependencies: 100 }),
      timeLimitSeconds: 0.01,
    };
    const r = await planRoadmap(input, { graceMs: 0 });
    expect(r).toMatchObject({ status: "greedy", method: "greedy" });
    expect(r.message).toMatch(/greedy fallback: HiGHS did not return within 10 ms; worker killed/);
    expect(checkPlan(input, r.assignment)).toEqual([]);
    // The pool recovers with a fresh worker.
    expect((await planRoadmap(oneTeam([10], [item("A", 1, 1)]))).status).toBe("optimal");
  }, 30_000);

  it("plans 500 items x 6 teams x 6 periods with 100 dependencies", async () => {
    const input = generatePlanInstance(1, { items: 500, teams: 6, periods: 6, dependencies: 100 });
    const r = await planRoadmap(input);
    const planned = Object.values(r.assignment).filter((p) => p !== null).length;
    console.log(
      `500x6x6: ${r.status} objective=${r.objective} bound=${r.bound} gap=${r.gap?.toFixed(4)} ` +
        `${r.elapsedMs.toFixed(0)} ms, ${planned} planned, greedy ${planGreedy(input).objective}`,
    );
    expect(checkPlan(input, r.assignment)).toEqual([]);
    // The budget: optimal or a proven gap <= 1% within 10 s. HiGHS alone ends 10 s at 1.5-2.5% here (and
    // 1.2% after 300 s): its bound stays at the LP bound (18404) while its plan improves slowly. The worker's
    // annealing start reaches 0.5-0.9% of that bound on this shared 2-core machine (seeds 1-3).
    expect(r.method).toBe("milp");
    expect(r.objective).toBeGreaterThanOrEqual(planGreedy(input).objective);
    expect(r.bound).toBeLessThanOrEqual(18404.67); // never above the LP relaxation's optimum
    expect(r.status === "optimal" || r.gap! <= 0.01).toBe(true);
    expect(r.elapsedMs).toBeLessThan(12_000);
  }, 60_000);
});
