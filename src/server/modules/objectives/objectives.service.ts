import type { ObjectiveStatus } from "../../../shared/enums.ts";
import type {
  CreateKeyResult,
  CreateObjective,
  KeyResult,
  Objective,
  UpdateKeyResult,
  UpdateObjective,
} from "../../../shared/roadmap.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound, staleVersion } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { assertMember } from "../members/members.service.ts";
import { assertProduct } from "../products/products.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  deleteKeyResultRow,
  deleteObjectiveRow,
  insertKeyResults,
  insertObjective,
  maxKeyResultPosition,
  replaceIdeaObjectives,
  selectExistingKeyResultIds,
  selectExistingObjectiveIds,
  selectIdeaObjectiveIds,
  selectKeyResult,
  selectKeyResults,
  selectObjectives,
  updateKeyResultRow,
  updateObjectiveRow,
} from "./objectives.queries.ts";

/**
 * Progress of a key result: how far `current` has come from the baseline to the target, clamped to 0..1.
 * Null when it cannot be measured, including values no longer accepted (±1e308 made it NaN): one such row
 * must never break the whole objectives list.
 */
export function keyResultProgress(k: {
  baseline: number;
  target: number;
  current: number | null;
}): number | null {
  if (k.current === null || k.target === k.baseline) return null;
  const p = (k.current - k.baseline) / (k.target - k.baseline);
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : null;
}

/** Objectives with their key results and progress (mean of the key results that have progress). */
export async function listObjectives(
  db: Db,
  workspaceId: string,
  f: { productId?: string; status?: string; ids?: string[] } = {},
): Promise<Objective[]> {
  const rows = await selectObjectives(db, workspaceId, f);
  const krs = await selectKeyResults(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const keyResults: KeyResult[] = krs
      .filter((k) => k.objectiveId === r.id)
      .map((k) => ({ ...k, progress: keyResultProgress(k) }));
    const measured = keyResults.filter((k) => k.progress !== null);
    return {
      ...r,
      status: r.status as ObjectiveStatus,
      keyResults,
      progress: measured.length
        ? measured.reduce((s, k) => s + (k.progress ?? 0), 0) / measured.length
        : null,
    };
  });
}

export async function getObjective(db: Db, workspaceId: string, id: string): Promise<Objective> {
  const [o] = await listObjectives(db, workspaceId, { ids: [id] });
  if (!o) throw notFound("Objective");
  return o;
}

async function checkRefs(
  db: Db,
  workspaceId: string,
  input: { productId?: string | null; ownerId?: string | null },
) {
  if (input.productId) await assertProduct(db, workspaceId, input.productId);
  if (input.ownerId) await assertMember(db, workspaceId, input.ownerId, "ownerId");
}

export async function createObjective(db: Db, ctx: WorkspaceContext, input: CreateObjective) {
  const { keyResults, ...o } = input as Required<CreateObjective>;
  await checkRefs(db, ctx.workspaceId, o);
  const { id } = await insertObjective(db, { workspaceId: ctx.workspaceId, ...o });
  await insertKeyResults(
    db,
    keyResults.map((k, position) => ({ workspaceId: ctx.workspaceId, objectiveId: id, position, ...k })),
  );
  const after = await getObjective(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "objective.create",
    entityType: "objective",
    entityId: id,
    after,
  });
  return after;
}

export async function updateObjective(db: Db, ctx: WorkspaceContext, id: string, input: UpdateObjective) {
  const before = await getObjective(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  await checkRefs(db, ctx.workspaceId, set);
  const start = set.periodStart ?? before.periodStart;
  const end = set.periodEnd ?? before.periodEnd;
  if (end < start) throw invalid({ periodEnd: "The period ends before it starts" });
  if (!(await updateObjectiveRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The objective");
  const after = await getObjective(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "objective.update",
    entityType: "objective",
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function deleteObjective(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getObjective(db, ctx.workspaceId, id);
  await deleteObjectiveRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "objective.delete",
    entityType: "objective",
    entityId: id,
    before,
  });
}

export async function addKeyResult(
  db: Db,
  ctx: WorkspaceContext,
  objectiveId: string,
  input: CreateKeyResult,
) {
  await getObjective(db, ctx.workspaceId, objectiveId);
  const position = (await maxKeyResultPosition(db, ctx.workspaceId, objectiveId)) + 1;
  const [{ id }] = await insertKeyResults(db, [
    { workspaceId: ctx.workspaceId, objectiveId, position, ...(input as Required<CreateKeyResult>) },
  ]);
  const after = await getObjective(db, ctx.workspaceId, objectiveId);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "key_result.create",
    entityType: "objective",
    entityId: objectiveId,
    after: after.keyResults.find((k) => k.id === id),
  });
  return after;
}

/** Edits a key result or records its progress (`current`). */
export async function updateKeyResult(db: Db, ctx: WorkspaceContext, id: string, input: UpdateKeyResult) {
  const row = await selectKeyResult(db, ctx.workspaceId, id);
  if (!row) throw notFound("Key result");
  const { version, ...set } = input;
  if ((set.target ?? row.target) === (set.baseline ?? row.baseline))
    throw invalid({ target: "The target must differ from the baseline" });
  const before = (await getObjective(db, ctx.workspaceId, row.objectiveId)).keyResults.find(
    (k) => k.id === id,
  );
  if (!(await updateKeyResultRow(db, ctx.workspaceId, id, version, set)))
    throw staleVersion("The key result");
  const after = await getObjective(db, ctx.workspaceId, row.objectiveId);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "key_result.update",
    entityType: "objective",
    entityId: row.objectiveId,
    before,
    after: after.keyResults.find((k) => k.id === id),
  });
  return after;
}

export async function deleteKeyResult(db: Db, ctx: WorkspaceContext, id: string) {
  const row = await selectKeyResult(db, ctx.workspaceId, id);
  if (!row) throw notFound("Key result");
  const before = (await getObjective(db, ctx.workspaceId, row.objectiveId)).keyResults.find(
    (k) => k.id === id,
  );
  await deleteKeyResultRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "key_result.delete",
    entityType: "objective",
    entityId: row.objectiveId,
    before,
  });
  return getObjective(db, ctx.workspaceId, row.objectiveId);
}

/** Refuses ids that are not objectives (or key results) of this workspace, naming the field. */
export async function assertObjectives(db: Db, workspaceId: string, ids: string[], field = "objectiveIds") {
  const unique = [...new Set(ids)];
  const found = new Set(await selectExistingObjectiveIds(db, workspaceId, unique));
  const missing = unique.filter((i) => !found.has(i));
  if (missing.length)
    throw invalid({ [field]: `No such objective in this workspace: ${missing.join(", ")}` });
  return unique;
}
export async function assertKeyResults(db: Db, workspaceId: string, ids: string[], field = "keyResultIds") {
  const unique = [...new Set(ids)];
  const found = new Set(await selectExistingKeyResultIds(db, workspaceId, unique));
  const missing = unique.filter((i) => !found.has(i));
  if (missing.length)
    throw invalid({ [field]: `No such key result in this workspace: ${missing.join(", ")}` });
  return unique;
}

export const ideaObjectiveIds = (db: Db, workspaceId: string, ideaId: string) =>
  selectIdeaObjectiveIds(db, workspaceId, ideaId);

/** Links an idea to objectives (replacing its links). The idea must exist in the workspace (caller checks). */
export async function setIdeaObjectives(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  objectiveIds: string[],
) {
  const before = await selectIdeaObjectiveIds(db, ctx.workspaceId, ideaId);
  const ids = await assertObjectives(db, ctx.workspaceId, objectiveIds);
  await replaceIdeaObjectives(db, ctx.workspaceId, ideaId, ids);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.objectives",
    entityType: "idea",
    entityId: ideaId,
    before,
    after: ids,
  });
  return ids;
}
