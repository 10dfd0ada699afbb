// roadmap:plan — POST …/plan on 500 candidates × 6 teams × 6 months with 100 dependencies, while autocannon
// keeps asking the same server for GET /api/v1/health and GET …/roadmaps (the list); then the proposal is
// applied (accept all) and the result is checked through the roadmap view.
import autocannon from "autocannon";
import type { RunningBaton } from "../lib/baton.ts";
import { cpuSeconds, sleep, waitForQuiet } from "../lib/proc.ts";
import { loadAvg } from "../lib/report.ts";
import { type Client, call } from "./measure.ts";
import type { SeedResult } from "./types.ts";

type AcResult = Awaited<ReturnType<typeof autocannon>>;

/** Connections per route of the side load (health and list each). */
export const SIDE_CONNECTIONS = 2;
/** "Keeps answering": every side request answered, none failed, p99 under this. */
export const ANSWERING_P99_MS = 250;
const BASELINE_S = 5;
/** The side load starts this long before the plan request and stops this long after its answer. */
const LEAD_MS = 300;
const TAIL_MS = 500;

export interface SideLoad {
  route: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
}

export interface PlanFigures {
  wallMs: number;
  solver: {
    status: string;
    method: string;
    objective: number;
    bound: number | null;
    gap: number | null;
    elapsedMs: number;
    message: string | null;
  };
  candidates: number;
  moves: number;
  added: number;
  valueAfter: number;
  /** Cores the server process used during the plan request (main thread + HiGHS worker). */
  serverCores: number | null;
  baseline: SideLoad[];
  during: SideLoad[];
  sideWindowS: number;
  apply: { ms: number; applied: number };
  check: { planned: number; overloaded: string[]; brokenDeps: number; dependencies: number };
  loadBefore: Record<string, string>;
  busyBefore: number | null;
}

interface Proposal {
  id: string;
  solver: PlanFigures["solver"];
  candidates: number;
  moves: { change: string }[];
  valueAfter: number;
}

interface Running {
  route: string;
  stop(): void;
  done: PromiseLike<AcResult>;
}

function startSide(url: string, route: string, headers: Record<string, string>, durationS: number): Running {
  const done = autocannon({ url, headers, connections: SIDE_CONNECTIONS, duration: durationS, timeout: 10 });
  return {
    route,
    done,
    stop: () => (done as unknown as { stop(): void }).stop(),
  };
}

const side = (route: string, r: AcResult): SideLoad => ({
  route,
  requests: r.requests.total,
  reqPerSec: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
  durationS: r.duration,
});

export const answering = (s: SideLoad) =>
  s.errors === 0 && s.non2xx === 0 && s.requests > 0 && s.p99 < ANSWERING_P99_MS;

export async function measurePlan(
  baton: RunningBaton,
  seed: SeedResult,
  timeLimitSeconds: number,
  log: (m: string) => void,
): Promise<PlanFigures> {
  const p = seed.plan;
  const c: Client = { base: baton.base, token: p.token };
  const headers = { authorization: `Bearer ${p.token}` };
  const routes = [
    { route: "GET /api/v1/health", url: `${baton.base}/api/v1/health` },
    {
      route: "GET /api/v1/workspaces/:wid/roadmaps",
      url: `${baton.base}/api/v1/workspaces/${p.workspaceId}/roadmaps`,
    },
  ];
  const loadBefore: Record<string, string> = {};
  // Warm the routes (first-request compilation), then a baseline without the planner.
  for (let i = 0; i < 20; i++) for (const r of routes) await (await fetch(r.url, { headers })).arrayBuffer();
  const busyBefore = await waitForQuiet();
  loadBefore.baseline = loadAvg();
  log(`  side load without the planner: ${SIDE_CONNECTIONS} connections on each route, ${BASELINE_S} s`);
  const base = routes.map((r) => startSide(r.url, r.route, headers, BASELINE_S));
  const baseline = (await Promise.all(base.map((b) => b.done))).map((r, i) => side(base[i].route, r));
  for (const b of baseline) log(`    ${b.route}: p50 ${b.p50} ms, p99 ${b.p99} ms, ${b.errors} errors`);

  await waitForQuiet();
  loadBefore.plan = loadAvg();
  log(
    `  POST …/plan (scope all, no objective weighting, ${timeLimitSeconds} s limit) under the same side load`,
  );
  const during = routes.map((r) => startSide(r.url, r.route, headers, timeLimitSeconds * 4 + 30));
  const s0 = performance.now();
  await sleep(LEAD_MS);
  const cpu0 = cpuSeconds(baton.child.pid);
  const t0 = performance.now();
  let answer: Awaited<ReturnType<typeof call<Proposal>>> | null = null;
  let failure: unknown = null;
  try {
    answer = await call<Proposal>(
      c,
      "POST",
      `/workspaces/${p.workspaceId}/roadmaps/${p.roadmapId}/plan`,
      { scope: "all", weightByObjective: false, timeLimitSeconds },
      (timeLimitSeconds + 60) * 1000,
    );
  } catch (err) {
    failure = err;
  }
  const wallMs = performance.now() - t0;
  const cpu1 = cpuSeconds(baton.child.pid);
  // Let requests caught behind the answer finish (a stopped autocannon drops the ones still in flight).
  await sleep(TAIL_MS);
  for (const d of during) d.stop();
  const sideResults = (await Promise.all(during.map((d) => d.done))).map((r, i) => side(during[i].route, r));
  const sideWindowS = (performance.now() - s0) / 1000;
  if (!answer) throw failure;
  const prop = answer.body;
  const serverCores = cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / (wallMs / 1000) : null;
  log(
    `    ${prop.solver.status} (${prop.solver.method}), gap ${prop.solver.gap === null ? "—" : `${(prop.solver.gap * 100).toFixed(2)} %`}, solver ${prop.solver.elapsedMs} ms, request ${Math.round(wallMs)} ms`,
  );
  for (const s of sideResults)
    log(`    ${s.route}: p50 ${s.p50} ms, p99 ${s.p99} ms, max ${s.max} ms, ${s.errors} errors`);

  log("  POST /plans/:id/apply (accept all)");
  loadBefore.apply = loadAvg();
  const applied = await call<{ applied: number }>(
    c,
    "POST",
    `/workspaces/${p.workspaceId}/plans/${prop.id}/apply`,
    {
      reason: "Accepted by the roadmap benchmark",
    },
  );
  const check = await checkPlan(c, seed);
  log(
    `    applied ${applied.body.applied} moves in ${Math.round(applied.ms)} ms; ${check.planned} items planned, ${check.overloaded.length} overloaded team-months, ${check.brokenDeps} broken dependencies`,
  );
  return {
    wallMs,
    solver: prop.solver,
    candidates: prop.candidates,
    moves: prop.moves.length,
    added: prop.moves.filter((m) => m.change === "added").length,
    valueAfter: prop.valueAfter,
    serverCores,
    baseline,
    during: sideResults,
    sideWindowS,
    apply: { ms: applied.ms, applied: applied.body.applied },
    check,
    loadBefore,
    busyBefore,
  };
}

/** After applying: no team over its capacity in any month, every dependency of a planned item planned no later. */
async function checkPlan(c: Client, seed: SeedResult) {
  const p = seed.plan;
  const { body: v } = await call<{
    items: { id: string; period: string | null }[];
    dependencies: { beforeId: string; afterId: string }[];
    load: { teamId: string; period: string; capacity: number; load: number }[];
  }>(c, "GET", `/workspaces/${p.workspaceId}/roadmaps/${p.roadmapId}`);
  const period = new Map(v.items.map((i) => [i.id, i.period]));
  const overloaded = v.load
    .filter((l) => l.load > l.capacity + 1e-6)
    .map((l) => `${l.period.slice(0, 7)}: ${l.load} of ${l.capacity}`);
  let brokenDeps = 0;
  for (const d of v.dependencies) {
    const a = period.get(d.afterId);
    if (!a) continue;
    const b = period.get(d.beforeId);
    if (!b || b > a) brokenDeps++;
  }
  return {
    planned: v.items.filter((i) => i.period).length,
    overloaded,
    brokenDeps,
    dependencies: v.dependencies.length,
  };
}
