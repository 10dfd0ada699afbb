// HiGHS solve worker for the roadmap planner. Plain JavaScript so it loads under any runner (vitest, tsx, node).
// HiGHS' solve() is synchronous WebAssembly: running it here keeps the main event loop free.
//
// Protocol: posts { type: "ready" } once HiGHS is loaded (or { type: "fatal", error } if it cannot load).
// Receives { id, lp, options, start } where start lists the column names set to 1 in a starting plan.
// Posts { id, ok: true, result } or { id, ok: false, error }.
import { parentPort } from "node:worker_threads";

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

function solve({ lp, options, start }) {
  // The persistent API (not the one-shot solve()) is used because it exposes mip_dual_bound and mip_gap.
  const model = highs.createModel({ format: "lp", data: lp });
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
    const hasSolution = info(model, "primal_solution_status") === 2; // 2 = feasible point
    const values = [];
    if (hasSolution) {
      const x = model.getSolution().colValue;
      for (let j = 0; j < n; j++) if (x[j] > 0.5) values.push(names[j]);
    }
    return {
      modelStatus: run.modelStatus,
      statusName: statusNames[run.modelStatus] ?? String(run.modelStatus),
      hasSolution,
      objective: hasSolution ? model.getObjectiveValue() : null,
      dualBound: info(model, "mip_dual_bound"),
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
