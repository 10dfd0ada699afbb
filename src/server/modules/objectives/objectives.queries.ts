import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { ideaObjectives, keyResults, objectives, roadmapItemLinks } from "../../db/schema.roadmap.ts";
import { users } from "../../db/schema.ts";

const objectiveCols = {
  id: objectives.id,
  productId: objectives.productId,
  title: objectives.title,
  description: objectives.description,
  ownerId: objectives.ownerId,
  ownerName: users.name,
  periodStart: objectives.periodStart,
  periodEnd: objectives.periodEnd,
  importance: objectives.importance,
  status: objectives.status,
  createdAt: objectives.createdAt,
  updatedAt: objectives.updatedAt,
  version: objectives.version,
};

export const selectObjectives = (
  db: Db,
  workspaceId: string,
  f: { productId?: string; status?: string; ids?: string[] },
) =>
  db
    .select(objectiveCols)
    .from(objectives)
    .leftJoin(users, eq(users.id, objectives.ownerId))
    .where(
      and(
        eq(objectives.workspaceId, workspaceId),
        f.productId ? eq(objectives.productId, f.productId) : undefined,
        f.status ? eq(objectives.status, f.status) : undefined,
        f.ids ? inArray(objectives.id, f.ids) : undefined,
      ),
    )
    .orderBy(asc(objectives.periodStart), asc(objectives.title), asc(objectives.id));

export const selectKeyResults = (db: Db, workspaceId: string, objectiveIds: string[]) =>
  objectiveIds.length === 0
    ? Promise.resolve([])
    : db
        .select({
          id: keyResults.id,
          objectiveId: keyResults.objectiveId,
          title: keyResults.title,
          metricName: keyResults.metricName,
          unit: keyResults.unit,
          baseline: keyResults.baseline,
          target: keyResults.target,
          current: keyResults.current,
          dueDate: keyResults.dueDate,
          version: keyResults.version,
        })
        .from(keyResults)
        .where(and(eq(keyResults.workspaceId, workspaceId), inArray(keyResults.objectiveId, objectiveIds)))
        .orderBy(asc(keyResults.position), asc(keyResults.createdAt), asc(keyResults.id));

export const insertObjective = async (db: Db, values: typeof objectives.$inferInsert) =>
  (await db.insert(objectives).values(values).returning({ id: objectives.id }))[0];

export const updateObjectiveRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof objectives.$inferInsert>,
) =>
  (
    await db
      .update(objectives)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${objectives.version} + 1` })
      .where(
        and(eq(objectives.workspaceId, workspaceId), eq(objectives.id, id), eq(objectives.version, version)),
      )
      .returning({ id: objectives.id })
  ).length > 0;

export const deleteObjectiveRow = async (db: Db, workspaceId: string, id: string) => {
  // Links from roadmap items carry no foreign key (they point at several tables): remove them here.
  const krs = db
    .select({ id: keyResults.id })
    .from(keyResults)
    .where(and(eq(keyResults.workspaceId, workspaceId), eq(keyResults.objectiveId, id)));
  await db
    .delete(roadmapItemLinks)
    .where(
      and(
        eq(roadmapItemLinks.workspaceId, workspaceId),
        sql`((${roadmapItemLinks.kind} = 'objective' AND ${roadmapItemLinks.targetId} = ${id}) OR (${roadmapItemLinks.kind} = 'key_result' AND ${roadmapItemLinks.targetId} IN ${krs}))`,
      ),
    );
  return (
    (
      await db
        .delete(objectives)
        .where(and(eq(objectives.workspaceId, workspaceId), eq(objectives.id, id)))
        .returning({ id: objectives.id })
    ).length > 0
  );
};

export const maxKeyResultPosition = async (db: Db, workspaceId: string, objectiveId: string) =>
  (
    await db
      .select({ n: sql<number>`coalesce(max(${keyResults.position}), -1)::int` })
      .from(keyResults)
      .where(and(eq(keyResults.workspaceId, workspaceId), eq(keyResults.objectiveId, objectiveId)))
  )[0].n;

export const insertKeyResults = async (db: Db, values: (typeof keyResults.$inferInsert)[]) =>
  values.length ? db.insert(keyResults).values(values).returning({ id: keyResults.id }) : [];

export const selectKeyResult = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select({
        id: keyResults.id,
        objectiveId: keyResults.objectiveId,
        baseline: keyResults.baseline,
        target: keyResults.target,
      })
      .from(keyResults)
      .where(and(eq(keyResults.workspaceId, workspaceId), eq(keyResults.id, id)))
  )[0] ?? null;

export const updateKeyResultRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof keyResults.$inferInsert>,
) =>
  (
    await db
      .update(keyResults)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${keyResults.version} + 1` })
      .where(
        and(eq(keyResults.workspaceId, workspaceId), eq(keyResults.id, id), eq(keyResults.version, version)),
      )
      .returning({ id: keyResults.id })
  ).length > 0;

export const deleteKeyResultRow = async (db: Db, workspaceId: string, id: string) => {
  await db
    .delete(roadmapItemLinks)
    .where(
      and(
        eq(roadmapItemLinks.workspaceId, workspaceId),
        eq(roadmapItemLinks.kind, "key_result"),
        eq(roadmapItemLinks.targetId, id),
      ),
    );
  return (
    (
      await db
        .delete(keyResults)
        .where(and(eq(keyResults.workspaceId, workspaceId), eq(keyResults.id, id)))
        .returning({ id: keyResults.id })
    ).length > 0
  );
};

/** Ids among `ids` that are objectives (or key results) of this workspace. */
export const selectExistingObjectiveIds = async (db: Db, workspaceId: string, ids: string[]) =>
  ids.length === 0
    ? []
    : (
        await db
          .select({ id: objectives.id })
          .from(objectives)
          .where(and(eq(objectives.workspaceId, workspaceId), inArray(objectives.id, ids)))
      ).map((r) => r.id);
export const selectExistingKeyResultIds = async (db: Db, workspaceId: string, ids: string[]) =>
  ids.length === 0
    ? []
    : (
        await db
          .select({ id: keyResults.id })
          .from(keyResults)
          .where(and(eq(keyResults.workspaceId, workspaceId), inArray(keyResults.id, ids)))
      ).map((r) => r.id);

export const selectIdeaObjectiveIds = async (db: Db, workspaceId: string, ideaId: string) =>
  (
    await db
      .select({ id: ideaObjectives.objectiveId })
      .from(ideaObjectives)
      .where(and(eq(ideaObjectives.workspaceId, workspaceId), eq(ideaObjectives.ideaId, ideaId)))
  ).map((r) => r.id);

export const replaceIdeaObjectives = async (
  db: Db,
  workspaceId: string,
  ideaId: string,
  objectiveIds: string[],
) => {
  await db
    .delete(ideaObjectives)
    .where(and(eq(ideaObjectives.workspaceId, workspaceId), eq(ideaObjectives.ideaId, ideaId)));
  if (objectiveIds.length)
    await db
      .insert(ideaObjectives)
      .values(objectiveIds.map((objectiveId) => ({ workspaceId, ideaId, objectiveId })));
};

// ---------------------------------------------------------------- coverage by roadmap items

export interface ObjectiveLinkRow {
  itemId: string;
  roadmapId: string;
  roadmapName: string;
  productId: string;
  title: string;
  status: string;
  period: string | null;
  effort: number;
  objectiveIds: string[];
}
/** Every item of the workspace with its total effort and objectives (direct, or through its ideas). */
export const selectItemObjectives = (db: Db, workspaceId: string, productId: string | null) =>
  rawRows<ObjectiveLinkRow>(
    db,
    `SELECT i.id AS "itemId", i.roadmap_id AS "roadmapId", r.name AS "roadmapName", r.product_id AS "productId",
            i.title, i.status, i.period::text AS period,
            coalesce((SELECT sum(e.effort) FROM roadmap_item_efforts e
                       WHERE e.workspace_id = i.workspace_id AND e.item_id = i.id), 0)::float8 AS effort,
            coalesce((SELECT json_agg(DISTINCT x.o) FROM (
                SELECT l.target_id AS o FROM roadmap_item_links l
                 WHERE l.workspace_id = i.workspace_id AND l.item_id = i.id AND l.kind = 'objective'
                UNION
                SELECT io.objective_id FROM idea_objectives io
                 WHERE io.workspace_id = i.workspace_id AND (io.idea_id = i.idea_id OR io.idea_id IN (
                   SELECT l2.target_id FROM roadmap_item_links l2
                    WHERE l2.workspace_id = i.workspace_id AND l2.item_id = i.id AND l2.kind = 'idea'))
              ) x), '[]') AS "objectiveIds"
       FROM roadmap_items i JOIN roadmaps r ON r.workspace_id = i.workspace_id AND r.id = i.roadmap_id
      WHERE i.workspace_id = $1 AND ($2::uuid IS NULL OR r.product_id = $2::uuid)`,
    [workspaceId, productId],
  );
