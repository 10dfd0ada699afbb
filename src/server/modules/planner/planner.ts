/**
 * Roadmap auto-planner: the MILP of planner.model.ts solved by HiGHS in a worker thread, with the greedy of
 * planner.greedy.ts as fallback only when the solver cannot answer (error, worker death, hard timeout, or the
 * time limit reached without any plan).
 *
 * Never refuses to plan: pin conflicts (pinned items ordered against their dependencies, pinned past their
 * deadline, pinned overload) are reported in `message`. If pinned items' prerequisites cannot all be planned in
 * time, the plan is made without them (relaxPinnedPrerequisites), status "infeasible", and the message names them.
 *
 * The worker first solves the LP relaxation and improves the starting plan with simulated annealing
 * (planner.search.mjs, see planner.worker.mjs for the time split), then runs the MIP from that plan.
 *
 * bound = the smaller of HiGHS' MIP dual bound and its LP relaxation optimum (both upper bounds on the sum of
 * values, see the model's tie-break) rounded down to the values' grid, plus the pinned items' values; gap = (bound - objective) / max(1e-9, |bound|). HiGHS
 * reports "optimal" once that gap is within mipRelGap, so an optimal plan can show a small positive gap.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { planGreedy } from "./planner.greedy.ts";
import {
  buildModel,
  checkPlan,
  type LpModel,
  type Prepared,
  pinConflicts,
  planValue,
  prepare,
  relaxPinnedPrerequisites,
  shiftEarlier,
  validatePlanInput,
} from "./planner.model.ts";
import type { PlanInput, PlanResult } from "./planner.types.ts";

/** Test hooks: how long past the time limit a solve may run before its worker is killed. */
export interface PlannerRuntime {
  graceMs?: number;
}

interface SolveReply {
  modelStatus: number;
  statusName: string;
  hasSolution: boolean;
  dualBound: number | null;
  values: string[];
}

type Outcome =
  | {
      kind: "plan";
      status: "optimal" | "feasible";
      assignment: Record<string, number | null>;
      bound: number | null;
    }
  | { kind: "infeasible"; why: string }
  | { kind: "fallback"; why: string; bound: number | null };

/** Plans roadmap items into periods (see the file comment); throws on malformed input. */
export async function planRoadmap(input: PlanInput, runtime: PlannerRuntime = {}): Promise<PlanResult> {
  const started = performance.now();
  validatePlanInput(input);
  const limit = input.timeLimitSeconds ?? 10;
  const notes = pinConflicts(input).map((c) => `pin conflict: ${c}`);
  const greedy = planGreedy(input);
  const finish = (r: Omit<PlanResult, "elapsedMs" | "objective" | "gap" | "message">): PlanResult => {
    const objective = planValue(input, r.assignment);
    const bound = r.bound === null ? null : Math.max(r.bound, objective);
    const gap = bound === null ? null : Math.max(0, (bound - objective) / Math.max(1e-9, Math.abs(bound)));
    const message = notes.length > 0 ? notes.join("; ") : undefined;
    return { ...r, objective, bound, gap, elapsedMs: performance.now() - started, message };
  };
  const fallback = (why: string, bound: number | null): PlanResult => {
    notes.unshift(`greedy fallback: ${why}`, greedy.message ?? "");
    return finish({ status: "greedy", method: "greedy", assignment: greedy.assignment, bound });
  };

  const greedyValid = checkPlan(input, greedy.assignment).length === 0;
  await yieldToLoop();
  // The worker gets what is left of the limit, less 5% for passing the answer back and checking it: the limit
  // is the caller's, end to end.
  const budget = Math.max(Math.min(limit, 0.5), (limit - (performance.now() - started) / 1000) * 0.95);
  let out = await solveMilp(input, budget, greedyValid ? greedy.assignment : null, runtime);
  if (out.kind === "infeasible") {
    const relaxed = relaxPinnedPrerequisites(input);
    const left = Math.max(1, limit - (performance.now() - started) / 1000);
    let second = await solveMilp(relaxed, left, greedy.assignment, runtime);
    if (second.kind === "plan") second = repair(relaxed, second);
    const why = `pinned items' prerequisites cannot all be planned in time (${out.why})`;
    if (second.kind !== "plan") {
      notes.unshift(why);
      return fallback(second.why, null);
    }
    notes.unshift(`${why}; planned without them: ${checkPlan(input, second.assignment).join("; ")}`);
    return finish({
      status: "infeasible",
      method: "milp",
      assignment: second.assignment,
      bound: second.bound,
    });
  }
  if (out.kind === "fallback") return fallback(out.why, out.bound);
  out = repair(input, out);
  if (out.kind !== "plan") return fallback(out.why, null);
  return finish({ status: out.status, method: "milp", assignment: out.assignment, bound: out.bound });
}

/** Builds and solves the model in a worker, and maps the answer back to item ids. */
async function solveMilp(
  input: PlanInput,
  limitSeconds: number,
  start: Record<string, number | null> | null,
  runtime: PlannerRuntime,
): Promise<Outcome> {
  const model = buildModel(input);
  await yieldToLoop();
  const m = prepare(input);
  const assignment: Record<string, number | null> = {};
  m.items.forEach((it, i) => {
    assignment[it.id] = m.fixed[i];
  });
  const pinnedValue = planValue(input, assignment);
  if (model.impossibleForced.length > 0) {
    const ids = model.impossibleForced.map((i) => `"${m.items[i].id}"`).join(", ");
    return { kind: "infeasible", why: `no open period fits ${ids} before the pinned items needing them` };
  }
  if (model.columns.size === 0) return { kind: "plan", status: "optimal", assignment, bound: pinnedValue };

  const startNames = start
    ? m.items.flatMap((it, i) =>
        m.fixed[i] === null && start[it.id] != null ? [`x${i}_${start[it.id]}`] : [],
      )
    : [];
  const options = { time_limit: limitSeconds, mip_rel_gap: input.mipRelGap ?? 0.005, random_seed: 0 };
  const graceMs = runtime.graceMs ?? 3000;
  const reply = await runInWorker(
    {
      lp: model.lp,
      options,
      start: startNames.filter((n) => model.columns.has(n)),
      search: searchProblem(m, model),
    },
    limitSeconds * 1000 + graceMs,
  );
  if (reply.kind !== "ok") return { kind: "fallback", why: reply.why, bound: null };
  const r = reply.result;
  const bound =
    r.dualBound !== null && Number.isFinite(r.dualBound)
      ? roundDown(r.dualBound, model.resolution) + pinnedValue
      : null;
  // The model is bounded (binaries), so "infeasible or unbounded" from presolve means infeasible.
  if (r.statusName === "infeasible" || r.statusName === "unboundedOrInfeasible")
    return { kind: "infeasible", why: "HiGHS proved it" };
  if (!r.hasSolution) {
    const why =
      r.statusName === "timeLimit"
        ? "time limit reached before HiGHS found any plan"
        : `HiGHS ended with status ${r.statusName}`;
    return { kind: "fallback", why, bound };
  }
  for (const name of r.values) {
    const col = model.columns.get(name);
    if (col) assignment[m.items[col[0]].id] = col[1];
  }
  const status = r.statusName === "optimal" ? "optimal" : "feasible";
  return { kind: "plan", status, assignment, bound };
}

/**
 * The model in array form for the worker's primal heuristics (planner.search.mjs): free items only, pinned load
 * already taken out of the capacities, pinned dependencies folded into the allowed columns and `forced`.
 */
export function searchProblem(m: Prepared, model: LpModel) {
  const n = m.items.length;
  const T = m.residual.length;
  const allowed = new Uint8Array(n * m.P);
  for (const [i, p] of model.columns.values()) allowed[i * m.P + p] = 1;
  const preds: number[][] = m.items.map(() => []);
  const succs: number[][] = m.items.map(() => []);
  for (const [b, a] of m.deps) {
    if (m.fixed[a] !== null || m.fixed[b] !== null) continue;
    preds[a].push(b);
    succs[b].push(a);
  }
  return {
    n,
    P: m.P,
    T,
    value: m.items.map((it) => it.value),
    effort: Float64Array.from(m.effort.flat()),
    cap: Float64Array.from(m.residual.flat()),
    allowed,
    preds,
    succs,
    forced: Uint8Array.from(m.forced, (f, i) => (f && m.fixed[i] === null ? 1 : 0)),
  };
}

/** The model and the greedy take tens of ms on big inputs: let other requests run between them. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rounds a bound down to the values' grid r, forgiving the solver's relative tolerance. */
function roundDown(x: number, r: number): number {
  const steps = x / r;
  return Math.floor(steps + 1e-6 * Math.max(1, Math.abs(steps))) * r;
}

/** Keeps a valid plan (moved earlier where possible); repairs an invalid one and marks it merely feasible. */
function repair(input: PlanInput, out: Extract<Outcome, { kind: "plan" }>): Outcome {
  const valid = checkPlan(input, out.assignment).length === 0;
  const why = valid ? null : repairPlan(input, out.assignment);
  if (why) return { kind: "fallback", why, bound: out.bound };
  shiftEarlier(input, out.assignment);
  return valid ? out : { ...out, status: "feasible" }; // a repaired plan is no longer the proven optimum
}

/**
 * Guards against solver tolerances: unplans the free items that break a rule (out of their window; lowest value
 * first on an overloaded team-period; dependents of unplanned or later prerequisites), in place. Returns why
 * the plan is unusable (a pinned item's prerequisite broken, or anything left), or null once it is valid.
 */
export function repairPlan(input: PlanInput, assignment: Record<string, number | null>): string | null {
  const m = prepare(input);
  const at = m.items.map((it) => assignment[it.id] ?? null);
  m.items.forEach((_, i) => {
    if (m.fixed[i] === null && at[i] !== null && (at[i]! < m.lo[i] || at[i]! > m.hi[i])) at[i] = null;
  });
  m.slack.forEach((row, t) => {
    row.forEach((slack, p) => {
      const here = m.items.map((_, i) => i).filter((i) => m.fixed[i] === null && at[i] === p);
      here.sort((x, y) => m.items[x].value - m.items[y].value);
      let load = here.reduce((s, i) => s + m.effort[i][t], 0);
      for (const i of here) {
        if (load <= slack) break;
        if (m.effort[i][t] === 0) continue;
        load -= m.effort[i][t];
        at[i] = null;
      }
    });
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const [b, a] of m.deps) {
      const pinnedPair = m.fixed[a] !== null && m.fixed[b] !== null;
      if (at[a] === null || (at[b] !== null && at[b]! <= at[a]!) || pinnedPair) continue;
      if (m.fixed[a] !== null) return "the solver's plan broke a pinned item's prerequisite";
      at[a] = null;
      changed = true;
    }
  }
  m.items.forEach((it, i) => {
    assignment[it.id] = at[i];
  });
  const left = checkPlan(input, assignment);
  return left.length > 0 ? `the solver's plan violates: ${left.join("; ")}` : null;
}

// --- Worker pool: workers load HiGHS once (~0.1 s) and are reused; idle ones don't keep the process alive. ---

const WORKER_URL = new URL("./planner.worker.mjs", import.meta.url);
const MAX_WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));
const idle: Worker[] = [];
const waiting: (() => void)[] = [];
let live = 0;
let nextJob = 1;

type WorkerReply = { kind: "ok"; result: SolveReply } | { kind: "failed"; why: string };

/** Listens to a worker's events until the returned function is called. */
function listen(
  w: Worker,
  on: { message: (msg: any) => void; error: (e: Error) => void; exit: (code: number) => void },
) {
  w.on("message", on.message).on("error", on.error).on("exit", on.exit);
  // Only our own listeners: Worker keeps internal ones (removeAllListeners() would break its message port).
  return () => w.off("message", on.message).off("error", on.error).off("exit", on.exit);
}

function spawn(): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_URL);
    const fail = (why: string) => {
      stop();
      void w.terminate();
      reject(new Error(why));
    };
    const stop = listen(w, {
      message: (msg: { type: string; error?: string }) => {
        if (msg.type !== "ready") return fail(`HiGHS worker failed to load: ${msg.error}`);
        stop();
        resolve(w);
      },
      error: (e) => fail(`HiGHS worker failed to start: ${e.message}`),
      exit: (code) => fail(`HiGHS worker exited while loading (code ${code})`),
    });
  });
}

async function acquire(): Promise<Worker> {
  for (;;) {
    const w = idle.pop();
    if (w) return w;
    if (live < MAX_WORKERS) {
      live++;
      try {
        return await spawn();
      } catch (e) {
        live--;
        throw e;
      }
    }
    await new Promise<void>((wake) => waiting.push(wake));
  }
}

function release(w: Worker, healthy: boolean): void {
  if (healthy) {
    w.unref();
    idle.push(w);
  } else {
    live--;
    void w.terminate();
  }
  waiting.shift()?.();
}

async function runInWorker(
  job: { lp: string; options: object; start: string[]; search?: ReturnType<typeof searchProblem> },
  hardMs: number,
): Promise<WorkerReply> {
  let w: Worker;
  try {
    w = await acquire();
  } catch (e) {
    return { kind: "failed", why: (e as Error).message };
  }
  w.ref();
  const id = nextJob++;
  return new Promise((resolve) => {
    const done = (reply: WorkerReply, healthy: boolean) => {
      stop();
      clearTimeout(timer);
      release(w, healthy);
      resolve(reply);
    };
    const timer = setTimeout(
      () =>
        done(
          { kind: "failed", why: `HiGHS did not return within ${Math.round(hardMs)} ms; worker killed` },
          false,
        ),
      hardMs,
    );
    const stop = listen(w, {
      message: (msg: { id: number; ok: boolean; result?: SolveReply; error?: string }) => {
        if (msg.id !== id) return;
        if (msg.ok) done({ kind: "ok", result: msg.result! }, true);
        else done({ kind: "failed", why: `HiGHS error: ${msg.error}` }, true);
      },
      error: (e) => done({ kind: "failed", why: `HiGHS worker crashed: ${e.message}` }, false),
      exit: (code) => done({ kind: "failed", why: `HiGHS worker exited (code ${code})` }, false),
    });
    w.postMessage({ id, ...job });
  });
}

/** Terminates idle solver workers (for clean shutdown and tests). */
export async function shutdownPlanner(): Promise<void> {
  const ws = idle.splice(0);
  live -= ws.length;
  await Promise.all(ws.map((w) => w.terminate()));
}
