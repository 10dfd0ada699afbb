import type {
  CreateMilestone,
  CreateRoadmapItem,
  RoadmapItem,
  UpdateRoadmapItem,
} from "../../../shared/roadmap.schemas.ts";
import { ideaStatusFromItems } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { teamIds } from "../capacity/capacity.service.ts";
import { followRoadmapStatus, type RoadmapCause } from "../ideas/status.service.ts";
import { assertKeyResults, assertObjectives } from "../objectives/objectives.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  deleteItemRow,
  deleteMilestoneRow,
  type ItemRow,
  insertChanges,
  insertItem,
  insertMilestone,
  lockRoadmapRow,
  maxItemPosition,
  replaceDependencies,
  replaceEfforts,
  replaceLinks,
  selectDependencies,
  selectIdeaFacts,
  selectIdeaPlans,
  selectItemIdsIn,
  selectItemRoadmap,
  selectItems,
  selectLiveItemsOfIdeas,
  selectMilestone,
  selectMilestones,
  updateItemRow,
  updateMilestoneRow,
} from "./roadmaps.queries.ts";
import { roadmapState } from "./roadmaps.service.ts";

/** Locks the roadmap for this transaction (one writer at a time per roadmap); 404 when it is not in the workspace. */
export async function lockRoadmap(db: Db, workspaceId: string, roadmapId: string) {
  if (!(await lockRoadmapRow(db, workspaceId, roadmapId))) throw notFound("Roadmap");
  await touchPlanning(db, workspaceId);
}

/** One item, computed with its roadmap (value, inherited objectives, SMART badges). */
export async function getItem(db: Db, workspaceId: string, itemId: string): Promise<RoadmapItem> {
  const roadmapId = await selectItemRoadmap(db, workspaceId, itemId);
  if (!roadmapId) throw notFound("Roadmap item");
  const item = (await roadmapState(db, workspaceId, roadmapId, [itemId])).items.find((i) => i.id === itemId);
  if (!item) throw notFound("Roadmap item");
  return item;
}

/** The ideas an item plans: its own idea (kind idea) and those an initiative groups. */
export const ideasOf = (r: { ideaId: string | null; links: { k: string; t: string }[] }) => [
  ...(r.ideaId ? [r.ideaId] : []),
  ...r.links.filter((l) => l.k === "idea").map((l) => l.t),
];

/**
 * Ideas follow the roadmap (docs/ROADMAP.md): after items changed, each of their ideas gets the status that
 * all the items planning it give it, with the changed item as the cause.
 */
export async function syncIdeaStatuses(
  db: Db,
  ctx: WorkspaceContext,
  changed: (RoadmapCause & { ideaIds: string[] })[],
) {
  const cause = new Map<string, RoadmapCause>();
  for (const c of changed)
    for (const id of c.ideaIds) cause.set(id, { roadmapId: c.roadmapId, itemId: c.itemId, title: c.title });
  if (!cause.size) return;
  const plans = await selectIdeaPlans(db, ctx.workspaceId, [...cause.keys()]);
  await followRoadmapStatus(
    db,
    ctx,
    new Map(
      [...cause].map(([ideaId, c]) => [
        ideaId,
        { target: ideaStatusFromItems(plans.filter((p) => p.ideaId === ideaId)), cause: c },
      ]),
    ),
  );
}

async function readRow(db: Db, workspaceId: string, roadmapId: string, itemId: string): Promise<ItemRow> {
  const [row] = await selectItems(db, workspaceId, roadmapId, [itemId]);
  if (!row) throw notFound("Roadmap item");
  return row;
}

interface Refs {
  efforts?: { teamId: string; effort: number }[];
  objectiveIds?: string[];
  keyResultIds?: string[];
  ideaIds?: string[];
  dependsOn?: string[];
}

/** Checks every id an item refers to belongs to this workspace (and, for dependencies, this roadmap, acyclic). */
async function checkRefs(db: Db, workspaceId: string, roadmapId: string, itemId: string | null, r: Refs) {
  if (r.efforts) {
    const known = new Set(await teamIds(db, workspaceId));
    const seen = new Set<string>();
    r.efforts.forEach((e, i) => {
      if (!known.has(e.teamId)) throw invalid({ [`efforts.${i}.teamId`]: "No such team in this workspace" });
      if (seen.has(e.teamId)) throw invalid({ [`efforts.${i}.teamId`]: "This team already has an effort" });
      seen.add(e.teamId);
    });
  }
  if (r.objectiveIds) r.objectiveIds = await assertObjectives(db, workspaceId, r.objectiveIds);
  if (r.keyResultIds) r.keyResultIds = await assertKeyResults(db, workspaceId, r.keyResultIds);
  if (r.ideaIds) {
    const ids = [...new Set(r.ideaIds)];
    const found = new Set((await selectIdeaFacts(db, workspaceId, ids)).map((f) => f.id));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length) throw invalid({ ideaIds: `No such idea in this workspace: ${missing.join(", ")}` });
    r.ideaIds = ids;
  }
  if (r.dependsOn) {
    const ids = [...new Set(r.dependsOn)];
    if (itemId && ids.includes(itemId)) throw invalid({ dependsOn: "An item cannot depend on itself" });
    const found = new Set(await selectItemIdsIn(db, workspaceId, roadmapId, ids));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length) throw invalid({ dependsOn: `Not items of this roadmap: ${missing.join(", ")}` });
    if (itemId && ids.length) {
      // A cycle would appear if this item already (transitively) comes before one of its new predecessors.
      const next = new Map<string, string[]>();
      for (const d of await selectDependencies(db, workspaceId, roadmapId))
        if (d.afterId !== itemId) next.set(d.beforeId, [...(next.get(d.beforeId) ?? []), d.afterId]);
      const reach = new Set<string>();
      const stack = [itemId];
      while (stack.length) {
        const cur = stack.pop() as string;
        for (const n of next.get(cur) ?? [])
          if (!reach.has(n)) {
            reach.add(n);
            stack.push(n);
          }
      }
      const cyclic = ids.filter((i) => reach.has(i));
      if (cyclic.length)
        throw invalid({ dependsOn: `This would make a dependency cycle through ${cyclic.join(", ")}` });
    }
    r.dependsOn = ids;
  }
}

async function writeRefs(db: Db, workspaceId: string, roadmapId: string, itemId: string, r: Refs) {
  if (r.efforts)
    await replaceEfforts(
      db,
      workspaceId,
      itemId,
      r.efforts.filter((e) => e.effort > 0),
    );
  if (r.objectiveIds) await replaceLinks(db, workspaceId, itemId, "objective", r.objectiveIds);
  if (r.keyResultIds) await replaceLinks(db, workspaceId, itemId, "key_result", r.keyResultIds);
  if (r.ideaIds) await replaceLinks(db, workspaceId, itemId, "idea", r.ideaIds);
  if (r.dependsOn) await replaceDependencies(db, workspaceId, roadmapId, itemId, r.dependsOn);
}

export async function createItem(db: Db, ctx: WorkspaceContext, roadmapId: string, input: CreateRoadmapItem) {
  const i = input as Required<CreateRoadmapItem>;
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  let title = i.title;
  let description = i.description;
  if (i.kind === "idea") {
    if (!i.ideaId) throw invalid({ ideaId: "Pick the idea this item plans" });
    const [idea] = await selectIdeaFacts(db, ctx.workspaceId, [i.ideaId]);
    if (!idea) throw invalid({ ideaId: "No such idea in this workspace" });
    title ??= idea.title;
    if (!description) description = idea.description;
  } else if (i.ideaId) throw invalid({ ideaId: "An initiative groups ideas through ideaIds" });
  if (!title) throw invalid({ title: "Give it a title" });
  const refs: Refs = {
    efforts: i.efforts,
    objectiveIds: i.objectiveIds,
    keyResultIds: i.keyResultIds,
    ideaIds: i.ideaIds,
    dependsOn: i.dependsOn,
  };
  await checkRefs(db, ctx.workspaceId, roadmapId, null, refs);
  const position = (await maxItemPosition(db, ctx.workspaceId, roadmapId)) + 1;
  const { id } = await insertItem(db, {
    workspaceId: ctx.workspaceId,
    roadmapId,
    kind: i.kind,
    ideaId: i.ideaId,
    title,
    problem: i.problem,
    outcome: i.outcome,
    description,
    theme: i.theme,
    status: i.status,
    period: i.period,
    targetDate: i.targetDate,
    pinned: i.pinned,
    successMetric: i.successMetric,
    successTarget: i.successTarget,
    valueOverride: i.valueOverride,
    position,
  });
  await writeRefs(db, ctx.workspaceId, roadmapId, id, refs);
  await insertChanges(db, [
    {
      workspaceId: ctx.workspaceId,
      roadmapId,
      itemId: id,
      actorId: ctx.userId,
      action: "created",
      reason: i.reason,
    },
  ]);
  await syncIdeaStatuses(db, ctx, [
    { roadmapId, itemId: id, title, ideaIds: [...(i.ideaId ? [i.ideaId] : []), ...(i.ideaIds ?? [])] },
  ]);
  const after = await getItem(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap_item.create",
    entityType: "roadmap_item",
    entityId: id,
    after,
  });
  return after;
}

const SCALARS = [
  "title",
  "problem",
  "outcome",
  "description",
  "theme",
  "status",
  "period",
  "targetDate",
  "pinned",
  "successMetric",
  "successTarget",
  "valueOverride",
  "position",
] as const;
const sameSet = (a: unknown[], b: unknown[]) =>
  JSON.stringify([...a].map((x) => JSON.stringify(x)).sort()) ===
  JSON.stringify([...b].map((x) => JSON.stringify(x)).sort());

/** Edits an item (send the version you read); every change is recorded with its reason for version comparisons. */
export async function updateItem(db: Db, ctx: WorkspaceContext, itemId: string, input: UpdateRoadmapItem) {
  const roadmapId = await selectItemRoadmap(db, ctx.workspaceId, itemId);
  if (!roadmapId) throw notFound("Roadmap item");
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  const before = await readRow(db, ctx.workspaceId, roadmapId, itemId);
  if (before.version !== input.version) throw staleVersion("The roadmap item");
  const set: Record<string, unknown> = {};
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of SCALARS) {
    const v = input[k];
    if (v === undefined || v === before[k]) continue;
    set[k] = v;
    if (k !== "position") changes[k] = [before[k], v];
  }
  const refs: Refs = {};
  const beforeLinks = (k: string) => before.links.filter((l) => l.k === k).map((l) => l.t);
  if (
    input.efforts &&
    !sameSet(
      input.efforts.filter((e) => e.effort > 0),
      before.efforts,
    )
  )
    refs.efforts = input.efforts;
  if (input.objectiveIds && !sameSet(input.objectiveIds, beforeLinks("objective")))
    refs.objectiveIds = input.objectiveIds;
  if (input.keyResultIds && !sameSet(input.keyResultIds, beforeLinks("key_result")))
    refs.keyResultIds = input.keyResultIds;
  if (input.ideaIds && !sameSet(input.ideaIds, beforeLinks("idea"))) refs.ideaIds = input.ideaIds;
  if (input.dependsOn && !sameSet(input.dependsOn, before.dependsOn)) refs.dependsOn = input.dependsOn;
  await checkRefs(db, ctx.workspaceId, roadmapId, itemId, refs);
  if (refs.efforts) changes.efforts = [before.efforts, refs.efforts.filter((e) => e.effort > 0)];
  if (refs.objectiveIds) changes.objectiveIds = [beforeLinks("objective"), refs.objectiveIds];
  if (refs.keyResultIds) changes.keyResultIds = [beforeLinks("key_result"), refs.keyResultIds];
  if (refs.ideaIds) changes.ideaIds = [beforeLinks("idea"), refs.ideaIds];
  if (refs.dependsOn) changes.dependsOn = [before.dependsOn, refs.dependsOn];
  if (!(await updateItemRow(db, ctx.workspaceId, itemId, input.version, set)))
    throw staleVersion("The roadmap item");
  await writeRefs(db, ctx.workspaceId, roadmapId, itemId, refs);
  if (changes.status || changes.period || changes.ideaIds)
    await syncIdeaStatuses(db, ctx, [
      {
        roadmapId,
        itemId,
        title: (set.title as string | undefined) ?? before.title,
        ideaIds: [...new Set([...ideasOf(before), ...(refs.ideaIds ?? [])])],
      },
    ]);
  if (Object.keys(changes).length) {
    const onlyMoved = Object.keys(changes).every((k) => k === "period");
    await insertChanges(db, [
      {
        workspaceId: ctx.workspaceId,
        roadmapId,
        itemId,
        actorId: ctx.userId,
        action: onlyMoved ? "moved" : "updated",
        changes,
        reason: input.reason ?? "",
      },
    ]);
  }
  const after = await getItem(db, ctx.workspaceId, itemId);
  if (Object.keys(changes).length)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "roadmap_item.update",
      entityType: "roadmap_item",
      entityId: itemId,
      before: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[0]])),
      after: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v[1]])),
    });
  return after;
}

/** The reason recorded on an item the roadmap finished because its ideas shipped. */
export const SHIPPED_REASON = "All its ideas shipped";

/**
 * The roadmap follows the ideas, the other way round (docs/ROADMAP.md): after a person set ideas' status, each
 * live item planning one of them whose every idea is now shipped (or declined, with at least one shipped) is
 * finished: status done, through updateItem, so the change log, audit and idea sync run as for a person's edit.
 * No loop: finishing syncs the ideas to "shipped", which they already are, and that sync never calls back here.
 */
export async function finishItemsOfShippedIdeas(db: Db, ctx: WorkspaceContext, ideaIds: string[]) {
  if (!ideaIds.length) return;
  for (const item of await selectLiveItemsOfIdeas(db, ctx.workspaceId, ideaIds)) {
    const done =
      item.statuses.includes("shipped") && item.statuses.every((s) => s === "shipped" || s === "declined");
    if (done)
      await updateItem(db, ctx, item.itemId, {
        version: item.version,
        status: "done",
        reason: SHIPPED_REASON,
      });
  }
}

export async function deleteItem(db: Db, ctx: WorkspaceContext, itemId: string, reason: string) {
  const roadmapId = await selectItemRoadmap(db, ctx.workspaceId, itemId);
  if (!roadmapId) throw notFound("Roadmap item");
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  const before = await readRow(db, ctx.workspaceId, roadmapId, itemId);
  await deleteItemRow(db, ctx.workspaceId, itemId);
  await syncIdeaStatuses(db, ctx, [{ roadmapId, itemId, title: before.title, ideaIds: ideasOf(before) }]);
  await insertChanges(db, [
    { workspaceId: ctx.workspaceId, roadmapId, itemId, actorId: ctx.userId, action: "deleted", reason },
  ]);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap_item.delete",
    entityType: "roadmap_item",
    entityId: itemId,
    before: { ...before, reason },
  });
}

// ---------------------------------------------------------------- milestones

async function checkMilestoneItem(
  db: Db,
  workspaceId: string,
  roadmapId: string,
  itemId: string | null | undefined,
) {
  if (itemId && (await selectItemIdsIn(db, workspaceId, roadmapId, [itemId])).length === 0)
    throw invalid({ itemId: "Not an item of this roadmap" });
}

export async function listMilestones(db: Db, workspaceId: string, roadmapId: string) {
  return selectMilestones(db, workspaceId, roadmapId);
}

export async function createMilestone(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  input: CreateMilestone,
) {
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  await checkMilestoneItem(db, ctx.workspaceId, roadmapId, input.itemId);
  const { id } = await insertMilestone(db, {
    workspaceId: ctx.workspaceId,
    roadmapId,
    ...(input as Required<CreateMilestone>),
  });
  const after = await selectMilestone(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "milestone.create",
    entityType: "milestone",
    entityId: id,
    after,
  });
  return after as NonNullable<typeof after>;
}

export async function updateMilestone(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: { version: number; itemId?: string | null; title?: string; description?: string; date?: string },
) {
  const before = await selectMilestone(db, ctx.workspaceId, id);
  if (!before) throw notFound("Milestone");
  await checkMilestoneItem(db, ctx.workspaceId, before.roadmapId, input.itemId);
  const { version, ...set } = input;
  if (!(await updateMilestoneRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The milestone");
  const after = await selectMilestone(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "milestone.update",
    entityType: "milestone",
    entityId: id,
    before,
    after,
  });
  return after as NonNullable<typeof after>;
}

export async function deleteMilestone(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await selectMilestone(db, ctx.workspaceId, id);
  if (!before) throw notFound("Milestone");
  await deleteMilestoneRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "milestone.delete",
    entityType: "milestone",
    entityId: id,
    before,
  });
}
