import type { PlanMove, PlanProposal, PlanRequest, RoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { periodAt, periodIndexOf, round2 } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { listObjectives } from "../objectives/objectives.service.ts";
import { planRoadmap } from "../planner/planner.ts";
import type { PlanInput, PlanItem } from "../planner/planner.types.ts";
import { ideasOf, lockRoadmap, syncIdeaStatuses } from "./items.service.ts";
import {
  bulkMoveItems,
  insertChanges,
  insertProposal,
  selectDependencies,
  selectItems,
  selectLastMoves,
  selectProposal,
  selectProposals,
  setProposalStatus,
} from "./roadmaps.queries.ts";
import { type RoadmapState, roadmapState } from "./roadmaps.service.ts";

/**
 * The auto-planner's side that knows roadmaps (docs/ROADMAP.md, "Auto-planner"): turns a roadmap into a
 * planning problem for the solver (planner/), and its answer into moves with reasons the PM can accept.
 *
 * In the problem: every item of this roadmap that is not done or dropped and whose period is unset or inside
 * the horizon. Free: candidates and planned items that are not pinned (scope "unplanned": only items without a
 * period). Fixed where they are: pinned and in-progress items (and, for "unplanned", every planned one).
 * Capacity: each team's capacity per period less the load of everything else (other roadmaps, done items,
 * items outside the horizon). Value: the item's value, times the highest importance (1–5) of its objectives
 * when weighting by objective (1 with no objective).
 *
 * Human decisions: an item whose latest period change was a person's move recorded with a reason stays in that
 * period (fixed, like a pin) unless the request overrides human moves or names the item in overrideItemIds;
 * a move that overrules one names the reason it overrules.
 */
type PlanSettings = Required<Pick<PlanRequest, "scope" | "weightByObjective" | "timeLimitSeconds">> &
  Pick<PlanRequest, "overrideHumanMoves" | "overrideItemIds">;
interface Decision {
  itemId: string;
  title: string;
  period: string | null;
  reason: string;
}
interface Problem {
  input: PlanInput;
  model: Map<string, RoadmapItem>;
  free: Set<string>;
  weights: Map<string, number>;
  current: Map<string, number | null>;
  firstPeriod: number;
  excluded: Map<string, string>; // free items that cannot be planned, with why
  kept: Decision[]; // human decisions kept where they are
  overruled: Map<string, string>; // free items whose human decision the PM allowed to overrule: its reason
}

function buildProblem(
  s: RoadmapState,
  deps: { beforeId: string; afterId: string }[],
  objectiveImportance: Map<string, number>,
  req: PlanSettings,
  today: string,
  human: Map<string, string>,
): Problem {
  const P = s.periods.length;
  const firstPeriod = Math.max(0, Math.min(P, periodIndexOf(s.frame, today)));
  const inHorizon = (i: RoadmapItem) => (i.period ? periodIndexOf(s.frame, i.period) : null);
  const model = new Map<string, RoadmapItem>();
  const free = new Set<string>();
  const current = new Map<string, number | null>();
  const kept: Decision[] = [];
  const overruled = new Map<string, string>();
  const overridable = new Set(req.overrideItemIds ?? []);
  for (const i of s.items) {
    if (i.status === "done" || i.status === "dropped") continue;
    const idx = inHorizon(i);
    if (idx !== null && (idx < 0 || idx >= P)) continue; // outside the horizon: left where it is
    model.set(i.id, i);
    current.set(i.id, idx);
    const fixed =
      (i.pinned && idx !== null) ||
      (i.status === "in_progress" && idx !== null) ||
      (req.scope === "unplanned" && idx !== null);
    const decision = idx !== null ? human.get(i.id) : undefined;
    if (fixed || decision === undefined) {
      if (!fixed) free.add(i.id);
    } else if (req.overrideHumanMoves || overridable.has(i.id)) {
      overruled.set(i.id, decision);
      free.add(i.id);
    } else kept.push({ itemId: i.id, title: i.title, period: i.period, reason: decision }); // fixed where a person put it
  }
  // Capacity left for this roadmap's model items: capacity minus the load of everything outside the model.
  const capacity: Record<string, number[]> = {};
  for (const t of s.cap.teams) {
    capacity[t.id] = s.periods.map((p) => {
      const { capacity: c, load, months } = s.teamLoad(t.id, p);
      let own = 0;
      for (const i of model.values())
        if (i.period && i.period >= p.start && i.period < p.end)
          own += i.efforts.find((e) => e.teamId === t.id)?.effort ?? 0;
      // One truth with the heat map: effort lands evenly on the period's n months, so the period's items fit
      // when every month does: Σ effort / n ≤ cap_m − other load_m for each month m, i.e.
      // Σ effort ≤ n · min_m (cap_m − load_m) + own (own items also spread evenly: own / n per month).
      const n = months?.length ?? 0;
      const monthly = n ? n * Math.min(...(months ?? []).map((m) => m.capacity - m.load)) + own : Infinity;
      return round2(Math.max(0, Math.min(c - (load - own), monthly)));
    });
  }
  const weights = new Map<string, number>();
  const excluded = new Map<string, string>();
  const items: PlanItem[] = [];
  for (const i of model.values()) {
    const imp = Math.max(1, ...i.objectiveIds.map((o) => objectiveImportance.get(o) ?? 1));
    const w = req.weightByObjective ? imp : 1;
    weights.set(i.id, w);
    const effort: Record<string, number> = {};
    for (const e of i.efforts) if (e.effort > 0) effort[e.teamId] = e.effort;
    let latestPeriod: number | null = i.targetDate ? periodIndexOf(s.frame, i.targetDate) : null;
    if (free.has(i.id) && latestPeriod !== null && latestPeriod < firstPeriod)
      excluded.set(i.id, `its target date ${i.targetDate} has passed`);
    if (latestPeriod !== null && latestPeriod >= P) latestPeriod = null;
    items.push({
      id: i.id,
      value: round2(i.value * w),
      effort,
      fixedPeriod: free.has(i.id) ? null : current.get(i.id),
      latestPeriod,
    });
  }
  const dependencies: PlanInput["dependencies"] = [];
  for (const d of deps) {
    if (!model.has(d.afterId)) continue;
    if (model.has(d.beforeId)) {
      dependencies.push({ before: d.beforeId, after: d.afterId });
      continue;
    }
    // The predecessor is outside the problem: done (fine), or dropped / beyond the horizon (the item must wait).
    const before = s.items.find((x) => x.id === d.beforeId);
    if (before?.status === "done") continue;
    const idx = before?.period ? periodIndexOf(s.frame, before.period) : null;
    if (idx !== null && idx < 0) continue;
    if (free.has(d.afterId))
      excluded.set(
        d.afterId,
        `its dependency "${before?.title ?? "?"}" is ${before?.status === "dropped" ? "dropped" : "beyond the horizon"}`,
      );
  }
  for (const id of excluded.keys()) {
    const it = items.find((x) => x.id === id) as PlanItem;
    it.latestPeriod = -1; // cannot land anywhere
  }
  return {
    input: {
      periods: P,
      firstPeriod,
      teams: s.cap.teams.map((t) => t.id),
      capacity,
      items,
      dependencies,
      timeLimitSeconds: req.timeLimitSeconds,
    },
    model,
    free,
    weights,
    current,
    firstPeriod,
    excluded,
    kept,
    overruled,
  };
}

/** Why the solver left an item where it did: the binding team, the dependency, or the deadline. */
function reasonFor(
  p: Problem,
  s: RoadmapState,
  id: string,
  to: number | null,
  assignment: Record<string, number | null>,
) {
  const it = p.model.get(id) as RoadmapItem;
  const label = (k: number) => s.periods[k].label;
  const w = p.weights.get(id) ?? 1;
  const value = w === 1 ? `value ${round2(it.value)}` : `value ${round2(it.value)} × importance ${w}`;
  if (p.excluded.has(id)) return `Not planned: ${p.excluded.get(id)}`;
  const used = (team: string, k: number) => {
    let u = 0;
    for (const x of p.input.items) if (assignment[x.id] === k) u += x.effort[team] ?? 0;
    return u;
  };
  const blockers = (k: number) =>
    Object.entries(p.input.items.find((x) => x.id === id)?.effort ?? {})
      .filter(
        ([team, e]) => used(team, k) + (assignment[id] === k ? 0 : e) > p.input.capacity[team][k] + 1e-9,
      )
      .map(([team]) => `${s.cap.teams.find((t) => t.id === team)?.name ?? "a team"} is full in ${label(k)}`);
  const deps = p.input.dependencies.filter((d) => d.after === id);
  if (to === null) {
    const unplannedDep = deps.find(
      (d) => assignment[d.before] === null || assignment[d.before] === undefined,
    );
    if (unplannedDep)
      return `Not planned: its dependency "${p.model.get(unplannedDep.before)?.title}" does not fit`;
    const why = [
      ...new Set(
        Array.from({ length: p.input.periods - p.firstPeriod }, (_, j) => blockers(p.firstPeriod + j)).flat(),
      ),
    ];
    return `Not planned (${value}): ${why.length ? why.join("; ") : "higher-value work uses the capacity it needs"}`;
  }
  const from = p.current.get(id) ?? null;
  if (from === null) return `Planned in ${label(to)} (${value}): it fits the capacity left there`;
  if (to > from) {
    const dep = deps.find((d) => (assignment[d.before] ?? -1) > from);
    if (dep)
      return `Later, to ${label(to)}: after its dependency "${p.model.get(dep.before)?.title}" (${label(assignment[dep.before] as number)})`;
    if (from < p.firstPeriod) return `Later, to ${label(to)}: ${label(from)} is in the past`;
    const b = blockers(from);
    return `Later, to ${label(to)}: ${b.length ? b.join("; ") : "higher-value work takes its place"} (${value})`;
  }
  return `Earlier, to ${label(to)}: capacity is free there (${value})`;
}

/** Runs the auto-planner on a roadmap and stores its proposal (not applied until the PM accepts it). */
export async function proposePlan(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  req: PlanSettings,
  clock: Clock,
): Promise<PlanProposal> {
  const s = await roadmapState(db, ctx.workspaceId, roadmapId);
  const [deps, objectives, lastMoves] = await Promise.all([
    selectDependencies(db, ctx.workspaceId, roadmapId),
    listObjectives(db, ctx.workspaceId),
    selectLastMoves(db, ctx.workspaceId, roadmapId),
  ]);
  const human = new Map(
    lastMoves
      .filter((m) => m.action !== "planned" && m.reason.trim() !== "")
      .map((m) => [m.itemId, m.reason]),
  );
  const p = buildProblem(
    s,
    deps,
    new Map(objectives.map((o) => [o.id, o.importance])),
    req,
    clock.now().toISOString().slice(0, 10),
    human,
  );
  if (p.free.size === 0)
    throw invalid({
      scope:
        "Nothing to plan: every item is pinned, in progress, done, dropped or placed by a person with a reason",
    });
  const result = await planRoadmap(p.input);
  const moves: PlanMove[] = [];
  let valueBefore = 0;
  for (const x of p.input.items)
    if (p.current.get(x.id) !== null && p.current.get(x.id) !== undefined) valueBefore += x.value;
  for (const id of p.free) {
    const from = p.current.get(id) ?? null;
    const to = result.assignment[id] ?? null;
    if (from === to) continue;
    const it = p.model.get(id) as RoadmapItem;
    const overrules = p.overruled.get(id) ?? null;
    const why = reasonFor(p, s, id, to, result.assignment);
    moves.push({
      itemId: id,
      title: it.title,
      change: from === null ? "added" : to === null ? "dropped" : "moved",
      from: it.period,
      to: to === null ? null : periodAt(s.frame, to).key,
      value: it.value,
      weight: p.weights.get(id) ?? 1,
      reason: overrules
        ? `Overrules a person's decision to place it in ${it.period === null ? "no period" : s.periods[from as number].label} ("${overrules}"): ${why}`
        : why,
      itemVersion: it.version,
      overrules,
    });
  }
  const solver = {
    status: result.status,
    method: result.method,
    objective: round2(result.objective),
    bound: result.bound === null ? null : round2(result.bound),
    gap: result.gap,
    elapsedMs: Math.round(result.elapsedMs),
    message: result.message ?? null,
  };
  const body = {
    solver,
    valueBefore: round2(valueBefore),
    valueAfter: round2(result.objective),
    candidates: p.free.size,
    moves,
    keptDecisions: p.kept,
  };
  const { id, createdAt } = await db.transaction((tx) =>
    insertProposal(tx, {
      workspaceId: ctx.workspaceId,
      roadmapId,
      scope: req.scope,
      settings: req,
      result: body,
      createdBy: ctx.userId,
    }),
  );
  return { id, roadmapId, scope: req.scope, status: "open", createdAt, ...body };
}

const asProposal = (r: NonNullable<Awaited<ReturnType<typeof selectProposal>>>): PlanProposal => ({
  id: r.id,
  roadmapId: r.roadmapId,
  scope: r.scope as PlanProposal["scope"],
  status: r.status as PlanProposal["status"],
  createdAt: r.createdAt,
  keptDecisions: [],
  ...(r.result as Omit<PlanProposal, "id" | "roadmapId" | "scope" | "status" | "createdAt">),
});

export async function getProposal(db: Db, workspaceId: string, id: string) {
  const r = await selectProposal(db, workspaceId, id);
  if (!r) throw notFound("Plan proposal");
  return asProposal(r);
}

export async function listProposals(db: Db, workspaceId: string, roadmapId: string) {
  return (await selectProposals(db, workspaceId, roadmapId)).map(asProposal);
}

/**
 * Accepts all of a proposal's moves, or those of `itemIds`. Refused (409, naming them) when an item changed
 * since the plan was made: re-run the planner. Each move is recorded with the planner's reason.
 */
export async function applyProposal(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { itemIds?: string[]; reason?: string },
) {
  const proposal = await getProposal(db, ctx.workspaceId, id);
  if (proposal.status !== "open")
    throw conflict(`This proposal was already ${proposal.status.replace("_", " ")}`);
  await lockRoadmap(db, ctx.workspaceId, proposal.roadmapId);
  const wanted = input.itemIds ? new Set(input.itemIds) : null;
  if (wanted) {
    const unknown = [...wanted].filter((i) => !proposal.moves.some((m) => m.itemId === i));
    if (unknown.length) throw invalid({ itemIds: `Not moves of this proposal: ${unknown.join(", ")}` });
  }
  const moves = proposal.moves.filter((m) => !wanted || wanted.has(m.itemId));
  const rows = await selectItems(
    db,
    ctx.workspaceId,
    proposal.roadmapId,
    moves.map((m) => m.itemId),
  );
  // Claim the proposal first: a parallel apply or discard finds it decided (the row lock orders them).
  const all = !wanted || moves.length === proposal.moves.length;
  if (!(await setProposalStatus(db, ctx.workspaceId, id, all ? "applied" : "partly_applied")).length)
    throw conflict("This proposal was already decided");
  const version = new Map(rows.map((r) => [r.id, r.version]));
  const stale = moves.filter((m) => version.get(m.itemId) !== m.itemVersion);
  if (stale.length)
    throw conflict(
      `Changed since the plan was made: ${stale.map((m) => `"${m.title}"`).join(", ")}. Run the planner again.`,
    );
  await bulkMoveItems(
    db,
    ctx.workspaceId,
    moves.map((m) => ({
      id: m.itemId,
      period: m.to,
      status: m.change === "dropped" ? "candidate" : m.change === "added" ? "planned" : null,
    })),
  );
  await syncIdeaStatuses(
    db,
    ctx,
    rows.map((r) => ({ roadmapId: proposal.roadmapId, itemId: r.id, title: r.title, ideaIds: ideasOf(r) })),
  );
  const note = input.reason ? ` — ${input.reason}` : "";
  await insertChanges(
    db,
    moves.map((m) => ({
      workspaceId: ctx.workspaceId,
      roadmapId: proposal.roadmapId,
      itemId: m.itemId,
      actorId: ctx.userId,
      action: "planned",
      changes: { period: [m.from, m.to] },
      reason: `Auto-planner: ${m.reason}${note}`,
    })),
  );
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.plan.apply",
    entityType: "roadmap",
    entityId: proposal.roadmapId,
    after: { proposalId: id, moves: moves.map((m) => ({ itemId: m.itemId, from: m.from, to: m.to })) },
  });
  return { applied: moves.length };
}

export async function discardProposal(db: Db, ctx: WorkspaceContext, id: string) {
  const proposal = await getProposal(db, ctx.workspaceId, id);
  if (proposal.status !== "open")
    throw conflict(`This proposal was already ${proposal.status.replace("_", " ")}`);
  if (!(await setProposalStatus(db, ctx.workspaceId, id, "discarded")).length)
    throw conflict("This proposal was already decided");
}
