// HiGHS solve worker for the roadmap planner. Plain JavaScript so it loads under any runner (vitest, tsx, node).
// HiGHS' solve() is synchronous WebAssembly: running it here keeps the main event loop free.
//
// Protocol: posts { type: "ready" } once HiGHS is loaded (or { type: "fatal", error } if it cannot load).
// Receives { id, lp, options, start, search } where start lists the column names set to 1 in a starting plan
// and search (optional) is the problem in array form for the primal heuristics of planner.search.mjs.
// Posts { id, ok: true, result } or { id, ok: false, error }.
//
// With `search`, the time limit is shared: (1) the LP relaxation (at most 30%; its optimum is a proven upper
// bound, used when tighter than or instead of the MIP's dual bound), (2) simulated annealing from the best of
// the given start and the rounded LP solution, until 85% of the limit or once within mip_rel_gap of the LP
// bound, (3) the MIP itself, started from the annealing's plan, for the rest (at least 10% of the limit: enough to confirm a plan within mip_rel_gap at the root).
// Why: on 500 items x 6 teams x 6 periods HiGHS alone ends 10 s at a 1.5-2.5% gap (its bound stays at the LP
// bound; its incumbent improves slowly), while the annealing reaches 0.5-0.9% of that bound in ~5 s.
import { parentPort } from "node:worker_threads";
import { anneal, isValidPlan, planValueOf, roundLp } from "./planner.search.mjs";

let highs;
try {
  const m = await import("highs");
  highs = await (m.default ?? m)();
} catch (error) {
  parentPort.postMessage({ type: "fatal", error: String(error?.stack ?? error) });
  process.exit(1);
}

const statusNames = Object.fromEntries(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v, k]));

// Info items can be unavailable for some outcomes; a missing number is reported as null.
function info(model, name) {
  try {
    const v = model.info.get(name);
    return typeof v === "bigint" ? Number(v) : v;
  } catch {
    return null;
  }
}

/** Column name x{i}_{p} -> [i, p]. */
function parseColumn(name) {
  const m = /^x(\d+)_(\d+)$/.exec(name);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * Solves the LP relaxation (the same LP text without its Binary section). Returns its optimum, a valid upper
 * bound on the MIP, and the solution as lpx[i*P+p], or null when not solved to optimality in time.
 */
function solveRelaxation(lp, prob, seconds) {
  const model = highs.createModel({ format: "lp", data: lp.replace(/\nBinary\n[\s\S]*?\nEnd\n/, "\nEnd\n") });
  try {
    model.options.set({ output_flag: false, time_limit: seconds });
    const run = model.run();
    if (run.modelStatus !== highs.constants.modelStatus.optimal) return null;
    const x = model.getSolution().colValue;
    const lpx = new Float64Array(prob.n * prob.P);
    const n = model.getDimensions().numCols;
    for (let j = 0; j < n; j++) {
      const c = parseColumn(model.getColName(j));
      if (c) lpx[c[0] * prob.P + c[1]] = x[j];
    }
    return { bound: model.getObjectiveValue(), lpx };
  } finally {
    model.dispose();
  }
}

/** Steps (1) and (2) above: returns { start (column names), plan value, lpBound } with what it found. */
function heuristics({ lp, options, start, search: prob }, deadline) {
  const limit = options.time_limit;
  const relax = solveRelaxation(lp, prob, Math.max(0.05, limit * 0.3));
  const lpBound = relax ? relax.bound : null;
  const plans = [];
  if (start && start.length > 0) {
    const at = new Int32Array(prob.n).fill(-1);
    for (const name of start) {
      const c = parseColumn(name);
      if (c) at[c[0]] = c[1];
    }
    plans.push(at);
  }
  if (relax) plans.push(roundLp(prob, relax.lpx));
  let best = null;
  let bestValue = -Infinity;
  for (const at of plans) {
    if (!isValidPlan(prob, at)) continue;
    const v = planValueOf(prob, at);
    if (v > bestValue) [best, bestValue] = [at, v];
  }
  if (best) {
    // Stop early once the plan is within the requested gap of the LP bound: the MIP then only confirms it.
    const target = lpBound === null ? Infinity : lpBound * (1 - (options.mip_rel_gap ?? 0));
    const r = anneal(prob, best, {
      deadline,
      maxMoves: 2000 * prob.n,
      seed: 1 + (options.random_seed ?? 0),
      target,
    });
    if (r.value > bestValue && isValidPlan(prob, r.at)) [best, bestValue] = [r.at, r.value];
  }
  const names = [];
  if (best) for (let i = 0; i < prob.n; i++) if (best[i] >= 0) names.push(`x${i}_${best[i]}`);
  return { start: best ? names : start, value: best ? bestValue : null, lpBound };
}

function solve(job) {
  const began = performance.now();
  const limit = job.options.time_limit;
  let { start } = job;
  let found = null;
  if (job.search) {
    found = heuristics(job, began + limit * 1000 * 0.85);
    start = found.start;
  }
  const options = {
    ...job.options,
    // What is left of the limit (less a 3% margin for reading the answer back), never more: the caller's time
    // limit is a promise. The bound already comes from the LP relaxation if branch and bound gets little time.
    time_limit: Math.max(0.2, limit * 0.97 - (performance.now() - began) / 1000),
  };
  // The persistent API (not the one-shot solve()) is used because it exposes mip_dual_bound and mip_gap.
  const model = highs.createModel({ format: "lp", data: job.lp });
  try {
    model.options.set({ output_flag: false, ...options });
    const n = model.getDimensions().numCols;
    const names = new Array(n);
    for (let j = 0; j < n; j++) names[j] = model.getColName(j);
    let startAccepted = null;
    if (start && start.length > 0) {
      const ones = new Set(start);
      try {
        model.setSolution({ colValue: Float64Array.from(names, (name) => (ones.has(name) ? 1 : 0)) });
        startAccepted = true;
      } catch {
        startAccepted = false; // only a hint: solve without it
      }
    }
    const run = model.run();
    let hasSolution = info(model, "primal_solution_status") === 2; // 2 = feasible point
    let values = [];
    if (hasSolution) {
      const x = model.getSolution().colValue;
      for (let j = 0; j < n; j++) if (x[j] > 0.5) values.push(names[j]);
    }
    const statusName = statusNames[run.modelStatus] ?? String(run.modelStatus);
    // Keep the heuristic plan if HiGHS stopped on its time limit without it, or with a worse plan.
    if (found && found.value !== null && statusName !== "optimal") {
      const sumValues = (cols) =>
        cols.reduce((s, name) => s + (job.search.value[parseColumn(name)?.[0]] ?? 0), 0);
      if (!hasSolution || sumValues(values) < found.value) {
        hasSolution = true;
        values = start;
      }
    }
    // Both are proven upper bounds: HiGHS' MIP dual bound and the LP relaxation's optimum.
    let dualBound = info(model, "mip_dual_bound");
    if (!(typeof dualBound === "number" && Number.isFinite(dualBound))) dualBound = null;
    if (found?.lpBound != null && statusName !== "optimal")
      dualBound = dualBound === null ? found.lpBound : Math.min(dualBound, found.lpBound);
    return {
      modelStatus: run.modelStatus,
      statusName,
      hasSolution,
      objective: hasSolution ? model.getObjectiveValue() : null,
      heuristicValue: found?.value ?? null,
      lpBound: found?.lpBound ?? null,
      dualBound,
      mipGap: info(model, "mip_gap"),
      nodes: info(model, "mip_node_count"),
      runTime: model.getRunTime(),
      startAccepted,
      values,
    };
  } finally {
    model.dispose(); // Wasm memory is not garbage collected
  }
}

parentPort.on("message", (job) => {
  try {
    parentPort.postMessage({ id: job.id, ok: true, result: solve(job) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ type: "ready" });
