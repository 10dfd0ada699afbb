import type { RoadmapSnapshot, RoadmapVersion, VersionDiff } from "../../../shared/roadmap.schemas.ts";
import { diffSnapshots } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { lockRoadmap } from "./items.service.ts";
import {
  insertVersion,
  nextVersionNumber,
  selectChangeReasons,
  selectMilestones,
  selectVersion,
  selectVersions,
} from "./roadmaps.queries.ts";
import { getRoadmap, roadmapState } from "./roadmaps.service.ts";

/** The roadmap as it is now, in the frozen shape versions keep. */
export async function currentSnapshot(
  db: Db,
  workspaceId: string,
  roadmapId: string,
): Promise<RoadmapSnapshot> {
  const [s, milestones] = await Promise.all([
    roadmapState(db, workspaceId, roadmapId),
    selectMilestones(db, workspaceId, roadmapId),
  ]);
  const { name, periodKind, startMonth, horizon, laneBy } = s.roadmap;
  return {
    roadmap: { name, periodKind, startMonth, horizon, laneBy },
    periods: s.periods,
    items: s.items.map((i) => ({
      id: i.id,
      title: i.title,
      kind: i.kind,
      ideaId: i.ideaId,
      problem: i.problem,
      outcome: i.outcome,
      description: i.description,
      theme: i.theme,
      status: i.status,
      period: i.period,
      targetDate: i.targetDate,
      pinned: i.pinned,
      successMetric: i.successMetric,
      successTarget: i.successTarget,
      value: i.value,
      efforts: i.efforts,
      objectiveIds: i.objectiveIds,
      keyResultIds: i.keyResultIds,
      ideaIds: i.ideaIds,
      dependsOn: i.dependsOn,
      smart: i.smart,
    })),
    milestones: milestones.map(({ version: _, ...m }) => m),
  };
}

/** Saves a named, immutable snapshot of the roadmap; numbers count up per roadmap. */
export async function createVersion(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  input: { name: string; note?: string },
): Promise<RoadmapVersion> {
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  const snapshot = await currentSnapshot(db, ctx.workspaceId, roadmapId);
  const number = await nextVersionNumber(db, ctx.workspaceId, roadmapId);
  const { id } = await insertVersion(db, {
    workspaceId: ctx.workspaceId,
    roadmapId,
    number,
    name: input.name,
    note: input.note ?? "",
    snapshot,
    itemCount: snapshot.items.length,
    createdBy: ctx.userId,
  });
  const v = await getVersion(db, ctx.workspaceId, roadmapId, id);
  const { snapshot: _, ...version } = v;
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap_version.create",
    entityType: "roadmap",
    entityId: roadmapId,
    after: version,
  });
  return version;
}

export async function listVersions(
  db: Db,
  workspaceId: string,
  roadmapId: string,
): Promise<RoadmapVersion[]> {
  return selectVersions(db, workspaceId, roadmapId);
}

/**
 * Parsed snapshots by version, per process. Snapshots never change (a trigger refuses it), so an entry can
 * only go unused, never stale; the version row itself is still read every time (existence, tenancy, approval).
 * Callers must not mutate a snapshot.
 */
const snapshots = new BoundedMap<string, RoadmapSnapshot>(16);
/**
 * Diffs between two versions, per process: both snapshots are frozen, and so are the change reasons recorded
 * between their two moments (roadmap_changes only grows, at later times). Callers must not mutate a diff.
 */
const diffs = new BoundedMap<string, VersionDiff>(16);

export async function getVersion(db: Db, workspaceId: string, roadmapId: string, id: string) {
  const key = `${workspaceId}:${id}`;
  const cached = snapshots.get(key);
  const v = await selectVersion(db, workspaceId, id, !cached);
  if (!v || v.roadmapId !== roadmapId) throw notFound("Roadmap version");
  const snapshot = cached ?? (v.snapshot as RoadmapSnapshot);
  snapshots.set(key, snapshot); // set again on a hit: least recently used goes first
  return { ...v, snapshot };
}

/**
 * Compares two versions, or a version with the roadmap as it is now ("current"): added, removed, moved and
 * changed items, each with the reasons recorded for its changes between the two moments.
 */
export async function compareVersions(
  db: Db,
  workspaceId: string,
  roadmapId: string,
  fromId: string,
  toId: string,
  clock: Clock,
): Promise<VersionDiff> {
  await getRoadmap(db, workspaceId, roadmapId);
  const from = await getVersion(db, workspaceId, roadmapId, fromId).catch(() => {
    throw invalid({ from: "No such version of this roadmap" });
  });
  const to =
    toId === "current"
      ? null
      : await getVersion(db, workspaceId, roadmapId, toId).catch(() => {
          throw invalid({ to: "No such version of this roadmap" });
        });
  const cacheKey = to ? `${workspaceId}:${from.id}:${to.id}` : null;
  const cached = cacheKey ? diffs.get(cacheKey) : undefined;
  // Names are read fresh: only the items and reasons are frozen.
  if (cached && to)
    return {
      ...cached,
      from: { id: from.id, number: from.number, name: from.name },
      to: { id: to.id, number: to.number, name: to.name },
    };
  const toSnapshot = to ? to.snapshot : await currentSnapshot(db, workspaceId, roadmapId);
  const toAt = to ? to.createdAt : clock.now().toISOString();
  const [a, b] = from.createdAt <= toAt ? [from.createdAt, toAt] : [toAt, from.createdAt];
  const reasons = new Map<string, string[]>();
  for (const r of await selectChangeReasons(db, workspaceId, roadmapId, a, b)) {
    const list = reasons.get(r.itemId) ?? [];
    if (!list.includes(r.reason)) list.push(r.reason);
    reasons.set(r.itemId, list);
  }
  const diff: VersionDiff = {
    from: { id: from.id, number: from.number, name: from.name },
    to: to
      ? { id: to.id, number: to.number, name: to.name }
      : { id: null, number: null, name: "Current plan" },
    ...diffSnapshots(from.snapshot.items, toSnapshot.items, (id) => reasons.get(id) ?? []),
  };
  if (cacheKey) diffs.set(cacheKey, diff);
  return diff;
}
