import { gzipSync } from "node:zlib";
import type { LaneBy, PeriodKind, RoadmapItemKind, RoadmapItemStatus } from "../../../shared/enums.ts";
import type {
  CreateRoadmap,
  Period,
  Portfolio,
  Roadmap,
  RoadmapItem,
  RoadmapView,
  UpdateRoadmap,
} from "../../../shared/roadmap.schemas.ts";
import { RoadmapViewSchema } from "../../../shared/roadmap.schemas.ts";
import {
  addMonths,
  evaluateSmart,
  monthsIn,
  type PeriodFrame,
  periodContaining,
  periodsOf,
  round2,
  smartFailures,
  smartPasses,
  type TeamLoad,
} from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { notFound, staleVersion } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { type CapacityTable, getCapacitySettings } from "../capacity/capacity.service.ts";
import { frameOf, loadAndCapacity } from "../capacity/load.service.ts";
import { listObjectives } from "../objectives/objectives.service.ts";
import { assertProduct } from "../products/products.service.ts";
import { planFingerprint, touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  deleteRoadmapRow,
  type IdeaFact,
  type ItemRow,
  insertRoadmap,
  selectDependencies,
  selectIdeaFacts,
  selectItems,
  selectLinkTargets,
  selectMilestones,
  selectRoadmap,
  selectRoadmaps,
  updateRoadmapRow,
} from "./roadmaps.queries.ts";

const asRoadmap = (r: Awaited<ReturnType<typeof selectRoadmap>> & object): Roadmap => ({
  ...r,
  periodKind: r.periodKind as PeriodKind,
  laneBy: r.laneBy as LaneBy,
});

export async function listRoadmaps(db: Db, workspaceId: string, productId?: string): Promise<Roadmap[]> {
  return (await selectRoadmaps(db, workspaceId, productId)).map(asRoadmap);
}

export async function getRoadmap(db: Db, workspaceId: string, id: string): Promise<Roadmap> {
  const r = await selectRoadmap(db, workspaceId, id);
  if (!r) throw notFound("Roadmap");
  return asRoadmap(r);
}

export async function createRoadmap(db: Db, ctx: WorkspaceContext, input: CreateRoadmap) {
  await assertProduct(db, ctx.workspaceId, input.productId);
  const { id } = await insertRoadmap(db, {
    workspaceId: ctx.workspaceId,
    ...(input as Required<CreateRoadmap>),
  });
  const after = await getRoadmap(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.create",
    entityType: "roadmap",
    entityId: id,
    after,
  });
  return after;
}

export async function updateRoadmap(db: Db, ctx: WorkspaceContext, id: string, input: UpdateRoadmap) {
  const before = await getRoadmap(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  if (
    !(await updateRoadmapRow(
      db,
      ctx.workspaceId,
      id,
      version,
      set as Partial<typeof set & { startMonth: string }>,
    ))
  )
    throw staleVersion("The roadmap");
  const after = await getRoadmap(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.update",
    entityType: "roadmap",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function deleteRoadmap(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getRoadmap(db, ctx.workspaceId, id);
  await deleteRoadmapRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.delete",
    entityType: "roadmap",
    entityId: id,
    before,
  });
}

// ---------------------------------------------------------------- the computed roadmap

/** An item's priority value: its value override, else its idea's active score, else its ideas' mean score, else 0. */
export function itemValue(
  row: Pick<ItemRow, "valueOverride" | "ideaId">,
  ideaIds: string[],
  facts: Map<string, IdeaFact>,
) {
  if (row.valueOverride !== null) return row.valueOverride;
  const own = row.ideaId ? facts.get(row.ideaId)?.score : null;
  if (own !== null && own !== undefined) return round2(own);
  const scores = ideaIds
    .map((i) => facts.get(i)?.score)
    .filter((s): s is number => s !== null && s !== undefined);
  return scores.length ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : 0;
}

export interface RoadmapState {
  roadmap: Roadmap;
  frame: PeriodFrame;
  periods: Period[];
  items: RoadmapItem[];
  cap: CapacityTable;
  teamLoad: (teamId: string, period: Period) => TeamLoad;
}

/** A roadmap with every item's links, value and SMART badges, and the workspace's capacity and load. */
/** What every roadmap of a workspace reads alike: load and capacity over `periods`, and live link targets. */
async function workspacePlanning(db: Db, workspaceId: string, periods: Period[]) {
  const lc = await loadAndCapacity(db, workspaceId, periods);
  const targets = await selectLinkTargets(db, workspaceId);
  return {
    lc,
    liveObjectives: new Set(targets.objectives ?? []),
    liveKeyResults: new Set(targets.keyResults ?? []),
  };
}
type WorkspacePlanning = Awaited<ReturnType<typeof workspacePlanning>>;

export async function roadmapState(
  db: Db,
  workspaceId: string,
  idOrRoadmap: string | Roadmap,
  only?: string[],
  shared?: WorkspacePlanning,
): Promise<RoadmapState> {
  const roadmap =
    typeof idOrRoadmap === "string" ? await getRoadmap(db, workspaceId, idOrRoadmap) : idOrRoadmap;
  const id = roadmap.id;
  const frame = frameOf(roadmap);
  const periods = periodsOf(frame);
  let rows = await selectItems(db, workspaceId, id, only);
  if (only) {
    // One item's badges need its dependencies too (not their badges): read them, then keep only `only`.
    const deps = [...new Set(rows.flatMap((r) => r.dependsOn))].filter((d) => !only.includes(d));
    if (deps.length) rows = [...rows, ...(await selectItems(db, workspaceId, id, deps))];
  }
  const grouped = new Map(rows.map((r) => [r.id, r.links.filter((l) => l.k === "idea").map((l) => l.t)]));
  // Links to deleted ideas, objectives or key results are dropped on read (their targets live in other modules).
  const ideaIds = [
    ...new Set(rows.flatMap((r) => [...(r.ideaId ? [r.ideaId] : []), ...(grouped.get(r.id) ?? [])])),
  ];
  const facts = await selectIdeaFacts(db, workspaceId, ideaIds);
  const { lc, liveObjectives, liveKeyResults } =
    shared ?? (await workspacePlanning(db, workspaceId, periods));
  const factMap = new Map(facts.map((f) => [f.id, f]));
  const teamNames = new Map(lc.cap.teams.map((t) => [t.id, t.name]));
  const items: Omit<RoadmapItem, "smart">[] = rows.map((r) => {
    const ideas = (grouped.get(r.id) ?? []).filter((i) => factMap.has(i));
    const objectives = new Set(
      r.links.filter((l) => l.k === "objective" && liveObjectives.has(l.t)).map((l) => l.t),
    );
    for (const i of [...(r.ideaId ? [r.ideaId] : []), ...ideas])
      for (const o of factMap.get(i)?.objectiveIds ?? []) if (liveObjectives.has(o)) objectives.add(o);
    const { links: _, ...rest } = r;
    return {
      ...rest,
      kind: r.kind as RoadmapItemKind,
      status: r.status as RoadmapItemStatus,
      value: itemValue(r, ideas, factMap),
      objectiveIds: [...objectives].sort(),
      keyResultIds: r.links.filter((l) => l.k === "key_result" && liveKeyResults.has(l.t)).map((l) => l.t),
      ideaIds: ideas,
    };
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  const ctx = {
    unit: lc.cap.unit,
    spanOf: (i: { period: string | null }) => (i.period ? periodContaining(frame, i.period) : null),
    teamLoad: lc.teamLoad,
    teamName: (t: string) => teamNames.get(t) ?? "A deleted team",
    item: (i: string) => byId.get(i),
  };
  const wanted = only ? items.filter((i) => only.includes(i.id)) : items;
  const scored: RoadmapItem[] = wanted.map((it) => ({ ...it, smart: evaluateSmart(it, ctx) }));
  return { roadmap, frame, periods, items: scored, cap: lc.cap, teamLoad: lc.teamLoad };
}

/** Everything the roadmap page shows, in one response. */
export async function getRoadmapView(
  db: Db,
  workspaceId: string,
  id: string,
  clock: Clock,
): Promise<RoadmapView> {
  const s = await roadmapState(db, workspaceId, id);
  const [dependencies, milestones, objectives] = await Promise.all([
    selectDependencies(db, workspaceId, id),
    selectMilestones(db, workspaceId, id),
    listObjectives(db, workspaceId),
  ]);
  const live = s.items.filter((i) => i.status !== "dropped");
  const failing = { specific: 0, measurable: 0, achievable: 0, relevant: 0, timeBound: 0 };
  for (const i of live) for (const k of smartFailures(i.smart)) failing[k]++;
  const load: RoadmapView["load"] = [];
  for (const t of s.cap.teams)
    for (const p of s.periods) {
      const { capacity, load: l } = s.teamLoad(t.id, p);
      const itemIds = live
        .filter(
          (i) =>
            i.period &&
            i.period >= p.start &&
            i.period < p.end &&
            i.efforts.some((e) => e.teamId === t.id && e.effort > 0),
        )
        .map((i) => i.id);
      load.push({ teamId: t.id, period: p.key, capacity, load: l, itemIds });
    }
  return {
    roadmap: s.roadmap,
    unit: s.cap.unit,
    today: clock.now().toISOString().slice(0, 10),
    periods: s.periods,
    items: s.items,
    dependencies,
    milestones,
    teams: s.cap.teams.map((t) => ({ id: t.id, name: t.name })),
    objectives: objectives
      .filter((o) => o.productId === null || o.productId === s.roadmap.productId)
      .map((o) => ({ id: o.id, title: o.title, importance: o.importance })),
    load,
    smartSummary: { items: live.length, passing: live.filter((i) => smartPasses(i.smart)).length, failing },
  };
}

// Served views, per roadmap and the workspace's planning fingerprint (DECISIONS #19): validated JSON text, and
// its gzip made on first demand. A write anywhere in the workspace's planning changes the fingerprint.
const VIEW_TTL_MS = 30_000;
const VIEW_CACHE_MAX = 24;
interface CachedView {
  at: number;
  body: Buffer; // encoded once: a 1 MB string re-encoded per request cost more than the request's own work
  gzip?: Buffer;
}
const viewCache = new BoundedMap<string, CachedView>(VIEW_CACHE_MAX);

/** The roadmap view as JSON text with its ETag, from the cache when nothing it depends on has changed. */
export async function roadmapViewJson(db: Db, workspaceId: string, id: string, clock: Clock) {
  const fingerprint = await planFingerprint(db, workspaceId);
  if (fingerprint === null) throw notFound("Roadmap");
  const today = clock.now().toISOString().slice(0, 10);
  const key = `${workspaceId}/${id}/${fingerprint}/${today}`;
  const etag = `W/"${id.slice(0, 8)}-${fingerprint}-${today}"`;
  const now = Date.now();
  let hit = viewCache.get(key);
  if (!hit || now - hit.at > VIEW_TTL_MS) {
    const text = JSON.stringify(RoadmapViewSchema.parse(await getRoadmapView(db, workspaceId, id, clock)));
    hit = { at: now, body: Buffer.from(text) };
    viewCache.set(key, hit);
  }
  const entry = hit;
  return {
    etag,
    body: entry.body,
    gzip: () => {
      entry.gzip ??= gzipSync(entry.body, { level: 6 });
      return entry.gzip;
    },
  };
}

/** Every roadmap's items over a window of months, for the portfolio view across products. */
export async function getPortfolio(
  db: Db,
  workspaceId: string,
  q: { from?: string; months: number },
  clock: Clock,
): Promise<Portfolio> {
  const from = q.from ?? `${clock.now().toISOString().slice(0, 7)}-01`;
  const to = addMonths(from, q.months);
  const roadmaps = await listRoadmaps(db, workspaceId);
  // Load, capacity and link targets are the workspace's: read them once for every roadmap (capacity over all
  // their periods), not once per roadmap.
  const shared = await workspacePlanning(
    db,
    workspaceId,
    roadmaps.flatMap((r) => periodsOf(frameOf(r))),
  );
  const items: Portfolio["items"] = [];
  for (const r of roadmaps) {
    const s = await roadmapState(db, workspaceId, r, undefined, shared);
    for (const i of s.items) {
      if (i.status === "dropped" || !i.period) continue;
      const span = periodContaining(s.frame, i.period);
      if (span.end <= from || span.start >= to) continue;
      items.push({
        id: i.id,
        roadmapId: r.id,
        productId: r.productId,
        title: i.title,
        status: i.status,
        period: i.period,
        targetDate: i.targetDate,
        theme: i.theme,
        objectiveIds: i.objectiveIds,
        smart: i.smart,
        teamIds: i.efforts.filter((e) => e.effort > 0).map((e) => e.teamId),
      });
    }
  }
  const unit = (await getCapacitySettings(db, workspaceId)).capacityUnit;
  return { unit, months: monthsIn(from, to), roadmaps, items };
}
