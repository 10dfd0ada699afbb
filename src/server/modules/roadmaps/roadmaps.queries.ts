import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { jsonValue, rawRows } from "../../db/hot.ts";
import {
  planProposals,
  roadmapChanges,
  roadmapDependencies,
  roadmapItemEfforts,
  roadmapItemLinks,
  roadmapItems,
  roadmapMilestones,
  roadmaps,
  roadmapVersions,
} from "../../db/schema.roadmap.ts";
import { isoTimestamp, users } from "../../db/schema.ts";

// ---------------------------------------------------------------- roadmaps

const ROADMAP_SELECT = `
  SELECT r.id, r.product_id AS "productId", p.name AS "productName", r.name, r.description,
         r.period_kind AS "periodKind", r.start_month::text AS "startMonth", r.horizon, r.lane_by AS "laneBy",
         (SELECT count(*)::int FROM roadmap_items i WHERE i.workspace_id = r.workspace_id AND i.roadmap_id = r.id) AS "itemCount",
         (r.feed_token_hash IS NOT NULL) AS "feedEnabled",
         r.created_at AS "createdAt", r.updated_at AS "updatedAt", r.version
    FROM roadmaps r JOIN products p ON p.workspace_id = r.workspace_id AND p.id = r.product_id`;

export interface RoadmapRow {
  id: string;
  productId: string;
  productName: string;
  name: string;
  description: string;
  periodKind: string;
  startMonth: string;
  horizon: number;
  laneBy: string;
  itemCount: number;
  feedEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}
const isoRoadmap = (r: RoadmapRow): RoadmapRow => ({
  ...r,
  createdAt: isoTimestamp(r.createdAt),
  updatedAt: isoTimestamp(r.updatedAt),
});

export const selectRoadmaps = async (db: Db, workspaceId: string, productId?: string) =>
  (
    await rawRows<RoadmapRow>(
      db,
      `${ROADMAP_SELECT} WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.product_id = $2::uuid)
        ORDER BY p.name, r.created_at, r.id`,
      [workspaceId, productId ?? null],
    )
  ).map(isoRoadmap);

export const selectRoadmap = async (db: Db, workspaceId: string, id: string) => {
  const [r] = await rawRows<RoadmapRow>(db, `${ROADMAP_SELECT} WHERE r.workspace_id = $1 AND r.id = $2`, [
    workspaceId,
    id,
  ]);
  return r ? isoRoadmap(r) : null;
};

export const insertRoadmap = async (db: Db, values: typeof roadmaps.$inferInsert) =>
  (await db.insert(roadmaps).values(values).returning({ id: roadmaps.id }))[0];

export const updateRoadmapRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: Partial<typeof roadmaps.$inferInsert>,
) =>
  (
    await db
      .update(roadmaps)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${roadmaps.version} + 1` })
      .where(
        and(
          eq(roadmaps.workspaceId, workspaceId),
          eq(roadmaps.id, id),
          version === null ? undefined : eq(roadmaps.version, version),
        ),
      )
      .returning({ id: roadmaps.id })
  ).length > 0;

/** Takes the roadmap's row lock: writers of one roadmap (edits, plan acceptance, versions) go one at a time. */
export const lockRoadmapRow = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<{ id: string }>(
      db,
      "SELECT id FROM roadmaps WHERE workspace_id = $1 AND id = $2 FOR UPDATE",
      [workspaceId, id],
    )
  ).length > 0;

export const deleteRoadmapRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(roadmaps).where(and(eq(roadmaps.workspaceId, workspaceId), eq(roadmaps.id, id)));

export const nextVersionNumber = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<{ n: number }>(
      db,
      `UPDATE roadmaps SET next_version_number = next_version_number + 1
        WHERE workspace_id = $1 AND id = $2 RETURNING next_version_number - 1 AS n`,
      [workspaceId, id],
    )
  )[0].n;

export const setFeedToken = (db: Db, workspaceId: string, id: string, hash: string | null) =>
  db
    .update(roadmaps)
    .set({ feedTokenHash: hash })
    .where(and(eq(roadmaps.workspaceId, workspaceId), eq(roadmaps.id, id)));

export const selectRoadmapByFeedToken = async (db: Db, hash: string) =>
  (
    await db
      .select({ workspaceId: roadmaps.workspaceId, id: roadmaps.id })
      .from(roadmaps)
      .where(eq(roadmaps.feedTokenHash, hash))
  )[0] ?? null;

// ---------------------------------------------------------------- items

export interface ItemRow {
  id: string;
  roadmapId: string;
  kind: string;
  ideaId: string | null;
  ideaNumber: number | null;
  title: string;
  problem: string;
  outcome: string;
  description: string;
  theme: string;
  status: string;
  period: string | null;
  targetDate: string | null;
  pinned: boolean;
  successMetric: string;
  successTarget: string;
  valueOverride: number | null;
  position: number;
  updatedAt: string;
  version: number;
  efforts: { teamId: string; effort: number }[];
  links: { k: string; t: string }[];
  dependsOn: string[];
}

/**
 * A roadmap's items (or some of them) with efforts, links and dependencies. Each scan reads one table by its
 * index and returns one JSON value built by the database, and the rows are joined here: decoding a few texts
 * is several times cheaper than ~30,000 cells on PGlite, and single-table scans keep their plans when PGlite's
 * tables have no statistics (a join there can fall into a nested loop over the whole workspace).
 */
export async function selectItems(
  db: Db,
  workspaceId: string,
  roadmapId: string,
  ids?: string[],
): Promise<ItemRow[]> {
  const items = await jsonValue<Omit<ItemRow, "efforts" | "links" | "dependsOn">[]>(
    db,
    `SELECT json_agg(json_build_object(
         'id', i.id, 'roadmapId', i.roadmap_id, 'kind', i.kind, 'ideaId', i.idea_id, 'ideaNumber', d.number,
         'title', i.title, 'problem', i.problem, 'outcome', i.outcome, 'description', i.description,
         'theme', i.theme, 'status', i.status, 'period', i.period, 'targetDate', i.target_date,
         'pinned', i.pinned, 'successMetric', i.success_metric, 'successTarget', i.success_target,
         'valueOverride', i.value_override, 'position', i.position,
         'updatedAt', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'version', i.version) ORDER BY i.position, i.created_at, i.id) AS j
       FROM roadmap_items i
       LEFT JOIN ideas d ON d.workspace_id = i.workspace_id AND d.id = i.idea_id
      WHERE i.workspace_id = $1 AND i.roadmap_id = $2
        AND ($3::jsonb IS NULL OR i.id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid))`,
    [workspaceId, roadmapId, ids ? JSON.stringify(ids) : null],
  );
  if (items.length === 0) return [];
  const itemIds = JSON.stringify(items.map((i) => i.id));
  const [efforts, links, deps] = await Promise.all([
    jsonValue<[string, string, number][]>(
      db,
      `SELECT json_agg(json_build_array(e.item_id, e.team_id, e.effort) ORDER BY e.team_id) AS j
         FROM roadmap_item_efforts e
        WHERE e.workspace_id = $1 AND e.item_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
      [workspaceId, itemIds],
    ),
    jsonValue<[string, string, string][]>(
      db,
      `SELECT json_agg(json_build_array(l.item_id, l.kind, l.target_id) ORDER BY l.kind, l.target_id) AS j
         FROM roadmap_item_links l
        WHERE l.workspace_id = $1 AND l.item_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
      [workspaceId, itemIds],
    ),
    jsonValue<[string, string][]>(
      db,
      `SELECT json_agg(json_build_array(d.after_id, d.before_id) ORDER BY d.before_id) AS j
         FROM roadmap_dependencies d WHERE d.workspace_id = $1 AND d.roadmap_id = $2`,
      [workspaceId, roadmapId],
    ),
  ]);
  const byId = new Map<string, ItemRow>();
  const out = items.map((r) => {
    const row: ItemRow = { ...r, efforts: [], links: [], dependsOn: [] };
    byId.set(r.id, row);
    return row;
  });
  for (const [item, teamId, effort] of efforts) byId.get(item)?.efforts.push({ teamId, effort });
  for (const [item, k, t] of links) byId.get(item)?.links.push({ k, t });
  for (const [item, before] of deps) byId.get(item)?.dependsOn.push(before);
  return out;
}

export interface IdeaFact {
  id: string;
  number: number;
  title: string;
  description: string;
  score: number | null;
  objectiveIds: string[];
}
/** Score and objectives of the ideas items refer to. */
export const selectIdeaFacts = (db: Db, workspaceId: string, ideaIds: string[]) =>
  ideaIds.length === 0
    ? Promise.resolve([] as IdeaFact[])
    : rawRows<IdeaFact>(
        db,
        `SELECT d.id, d.number, d.title, d.description, s.score,
                coalesce((SELECT json_agg(o.objective_id) FROM idea_objectives o
                           WHERE o.workspace_id = d.workspace_id AND o.idea_id = d.id), '[]') AS "objectiveIds"
           FROM ideas d LEFT JOIN idea_scores s ON s.workspace_id = d.workspace_id AND s.idea_id = d.id
          WHERE d.workspace_id = $1 AND d.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
        [workspaceId, JSON.stringify(ideaIds)],
      );

/** Every item that plans each idea (kind idea, or an initiative grouping it): its status and period. */
export const selectIdeaPlans = (db: Db, workspaceId: string, ideaIds: string[]) =>
  rawRows<{ ideaId: string; status: string; period: string | null }>(
    db,
    `SELECT x.idea_id AS "ideaId", r.status, r.period::text AS period
       FROM (SELECT workspace_id, id AS item_id, idea_id FROM roadmap_items WHERE workspace_id = $1 AND idea_id IS NOT NULL
             UNION SELECT workspace_id, item_id, target_id FROM roadmap_item_links WHERE workspace_id = $1 AND kind = 'idea') x
       JOIN roadmap_items r ON r.workspace_id = x.workspace_id AND r.id = x.item_id
      WHERE x.idea_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(ideaIds)],
  );

/**
 * Live items (not done or dropped) that plan any of some ideas, each with the statuses of every idea it plans
 * (merged ones left out): what "an idea shipped finishes its item" reads.
 */
export const selectLiveItemsOfIdeas = (db: Db, workspaceId: string, ideaIds: string[]) =>
  rawRows<{ itemId: string; version: number; statuses: string[] }>(
    db,
    `WITH x AS (SELECT workspace_id, id AS item_id, idea_id FROM roadmap_items WHERE workspace_id = $1 AND idea_id IS NOT NULL
                UNION SELECT workspace_id, item_id, target_id FROM roadmap_item_links WHERE workspace_id = $1 AND kind = 'idea')
     SELECT r.id AS "itemId", r.version, array_agg(i.status ORDER BY i.id) AS statuses
       FROM roadmap_items r
       JOIN x ON x.workspace_id = r.workspace_id AND x.item_id = r.id
       JOIN ideas i ON i.workspace_id = x.workspace_id AND i.id = x.idea_id AND i.merged_into_id IS NULL
      WHERE r.workspace_id = $1 AND r.status NOT IN ('done', 'dropped')
        AND r.id IN (SELECT item_id FROM x WHERE idea_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid))
      GROUP BY r.id, r.version ORDER BY r.id`,
    [workspaceId, JSON.stringify(ideaIds)],
  );

export const insertItem = async (db: Db, values: typeof roadmapItems.$inferInsert) =>
  (await db.insert(roadmapItems).values(values).returning({ id: roadmapItems.id }))[0];

export const updateItemRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof roadmapItems.$inferInsert>,
) =>
  (
    await db
      .update(roadmapItems)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${roadmapItems.version} + 1` })
      .where(
        and(
          eq(roadmapItems.workspaceId, workspaceId),
          eq(roadmapItems.id, id),
          eq(roadmapItems.version, version),
        ),
      )
      .returning({ id: roadmapItems.id })
  ).length > 0;

export const deleteItemRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(roadmapItems).where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, id)));

export const maxItemPosition = async (db: Db, workspaceId: string, roadmapId: string) =>
  (
    await rawRows<{ p: number }>(
      db,
      "SELECT coalesce(max(position), 0)::float8 AS p FROM roadmap_items WHERE workspace_id = $1 AND roadmap_id = $2",
      [workspaceId, roadmapId],
    )
  )[0].p;

export async function replaceEfforts(
  db: Db,
  workspaceId: string,
  itemId: string,
  efforts: { teamId: string; effort: number }[],
) {
  await db
    .delete(roadmapItemEfforts)
    .where(and(eq(roadmapItemEfforts.workspaceId, workspaceId), eq(roadmapItemEfforts.itemId, itemId)));
  if (efforts.length)
    await db.insert(roadmapItemEfforts).values(efforts.map((e) => ({ workspaceId, itemId, ...e })));
}

export async function replaceLinks(
  db: Db,
  workspaceId: string,
  itemId: string,
  kind: string,
  targetIds: string[],
) {
  await db
    .delete(roadmapItemLinks)
    .where(
      and(
        eq(roadmapItemLinks.workspaceId, workspaceId),
        eq(roadmapItemLinks.itemId, itemId),
        eq(roadmapItemLinks.kind, kind),
      ),
    );
  if (targetIds.length)
    await db
      .insert(roadmapItemLinks)
      .values(targetIds.map((targetId) => ({ workspaceId, itemId, kind, targetId })));
}

export async function replaceDependencies(
  db: Db,
  workspaceId: string,
  roadmapId: string,
  afterId: string,
  beforeIds: string[],
) {
  await db
    .delete(roadmapDependencies)
    .where(and(eq(roadmapDependencies.workspaceId, workspaceId), eq(roadmapDependencies.afterId, afterId)));
  if (beforeIds.length)
    await db
      .insert(roadmapDependencies)
      .values(beforeIds.map((beforeId) => ({ workspaceId, roadmapId, beforeId, afterId })));
}

export const selectDependencies = (db: Db, workspaceId: string, roadmapId: string) =>
  db
    .select({ beforeId: roadmapDependencies.beforeId, afterId: roadmapDependencies.afterId })
    .from(roadmapDependencies)
    .where(
      and(eq(roadmapDependencies.workspaceId, workspaceId), eq(roadmapDependencies.roadmapId, roadmapId)),
    )
    .orderBy(asc(roadmapDependencies.beforeId), asc(roadmapDependencies.afterId));

/** Ids among `ids` that are items of this roadmap. */
export const selectItemIdsIn = async (db: Db, workspaceId: string, roadmapId: string, ids: string[]) =>
  ids.length === 0
    ? []
    : (
        await db
          .select({ id: roadmapItems.id })
          .from(roadmapItems)
          .where(
            and(
              eq(roadmapItems.workspaceId, workspaceId),
              eq(roadmapItems.roadmapId, roadmapId),
              inArray(roadmapItems.id, ids),
            ),
          )
      ).map((r) => r.id);

export const selectItemRoadmap = async (db: Db, workspaceId: string, itemId: string) =>
  (
    await db
      .select({ roadmapId: roadmapItems.roadmapId })
      .from(roadmapItems)
      .where(and(eq(roadmapItems.workspaceId, workspaceId), eq(roadmapItems.id, itemId)))
  )[0]?.roadmapId ?? null;

// ---------------------------------------------------------------- changes (reasons)

export const insertChanges = (db: Db, rows: (typeof roadmapChanges.$inferInsert)[]) =>
  rows.length ? db.insert(roadmapChanges).values(rows) : Promise.resolve();

/**
 * Each item's latest period change: a person's move with a reason is a human decision the planner keeps
 * (docs/ROADMAP.md, "Human decisions"); the auto-planner's own moves are recorded with action "planned".
 */
export const selectLastMoves = (db: Db, workspaceId: string, roadmapId: string) =>
  rawRows<{ itemId: string; action: string; reason: string }>(
    db,
    `SELECT DISTINCT ON (item_id) item_id AS "itemId", action, reason FROM roadmap_changes
      WHERE workspace_id = $1 AND roadmap_id = $2 AND changes -> 'period' IS NOT NULL
      ORDER BY item_id, created_at DESC, id DESC`,
    [workspaceId, roadmapId],
  );

/** Reasons recorded for each item's changes in (after, until]. */
export const selectChangeReasons = (
  db: Db,
  workspaceId: string,
  roadmapId: string,
  after: string,
  until: string,
) =>
  rawRows<{ itemId: string; reason: string }>(
    db,
    `SELECT item_id AS "itemId", reason FROM roadmap_changes
      WHERE workspace_id = $1 AND roadmap_id = $2 AND created_at > $3::timestamptz AND created_at <= $4::timestamptz
        AND reason <> ''
      ORDER BY created_at, id`,
    [workspaceId, roadmapId, after, until],
  );

// ---------------------------------------------------------------- milestones

const milestoneCols = {
  id: roadmapMilestones.id,
  roadmapId: roadmapMilestones.roadmapId,
  itemId: roadmapMilestones.itemId,
  title: roadmapMilestones.title,
  description: roadmapMilestones.description,
  date: roadmapMilestones.date,
  version: roadmapMilestones.version,
};
export const selectMilestones = (db: Db, workspaceId: string, roadmapId: string) =>
  db
    .select(milestoneCols)
    .from(roadmapMilestones)
    .where(and(eq(roadmapMilestones.workspaceId, workspaceId), eq(roadmapMilestones.roadmapId, roadmapId)))
    .orderBy(asc(roadmapMilestones.date), asc(roadmapMilestones.id));
export const selectMilestone = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(milestoneCols)
      .from(roadmapMilestones)
      .where(and(eq(roadmapMilestones.workspaceId, workspaceId), eq(roadmapMilestones.id, id)))
  )[0] ?? null;
export const insertMilestone = async (db: Db, values: typeof roadmapMilestones.$inferInsert) =>
  (await db.insert(roadmapMilestones).values(values).returning({ id: roadmapMilestones.id }))[0];
export const updateMilestoneRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof roadmapMilestones.$inferInsert>,
) =>
  (
    await db
      .update(roadmapMilestones)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${roadmapMilestones.version} + 1` })
      .where(
        and(
          eq(roadmapMilestones.workspaceId, workspaceId),
          eq(roadmapMilestones.id, id),
          eq(roadmapMilestones.version, version),
        ),
      )
      .returning({ id: roadmapMilestones.id })
  ).length > 0;
export const deleteMilestoneRow = (db: Db, workspaceId: string, id: string) =>
  db
    .delete(roadmapMilestones)
    .where(and(eq(roadmapMilestones.workspaceId, workspaceId), eq(roadmapMilestones.id, id)));

// ---------------------------------------------------------------- versions

const versionCols = {
  id: roadmapVersions.id,
  roadmapId: roadmapVersions.roadmapId,
  number: roadmapVersions.number,
  name: roadmapVersions.name,
  note: roadmapVersions.note,
  itemCount: roadmapVersions.itemCount,
  createdBy: roadmapVersions.createdBy,
  createdByName: users.name,
  createdAt: roadmapVersions.createdAt,
  approvedAt: roadmapVersions.approvedAt,
  signoffId: roadmapVersions.signoffId,
};
export const selectVersions = (db: Db, workspaceId: string, roadmapId: string) =>
  db
    .select(versionCols)
    .from(roadmapVersions)
    .leftJoin(users, eq(users.id, roadmapVersions.createdBy))
    .where(and(eq(roadmapVersions.workspaceId, workspaceId), eq(roadmapVersions.roadmapId, roadmapId)))
    .orderBy(sql`${roadmapVersions.number} DESC`);
/** A version, with its snapshot unless `withSnapshot` is false (the caller has it cached). */
export const selectVersion = async (db: Db, workspaceId: string, id: string, withSnapshot = true) =>
  (
    await db
      .select({ ...versionCols, snapshot: withSnapshot ? roadmapVersions.snapshot : sql<null>`NULL` })
      .from(roadmapVersions)
      .leftJoin(users, eq(users.id, roadmapVersions.createdBy))
      .where(and(eq(roadmapVersions.workspaceId, workspaceId), eq(roadmapVersions.id, id)))
  )[0] ?? null;
export const insertVersion = async (db: Db, values: typeof roadmapVersions.$inferInsert) =>
  (await db.insert(roadmapVersions).values(values).returning({ id: roadmapVersions.id }))[0];

// ---------------------------------------------------------------- plan proposals

export const insertProposal = async (db: Db, values: typeof planProposals.$inferInsert) =>
  (
    await db
      .insert(planProposals)
      .values(values)
      .returning({ id: planProposals.id, createdAt: planProposals.createdAt })
  )[0];
export const selectProposal = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select()
      .from(planProposals)
      .where(and(eq(planProposals.workspaceId, workspaceId), eq(planProposals.id, id)))
  )[0] ?? null;
export const selectProposals = (db: Db, workspaceId: string, roadmapId: string) =>
  db
    .select()
    .from(planProposals)
    .where(and(eq(planProposals.workspaceId, workspaceId), eq(planProposals.roadmapId, roadmapId)))
    .orderBy(sql`${planProposals.createdAt} DESC`)
    .limit(20);
/** Decides an open proposal; returns its id only when it was still open (of parallel deciders, one wins). */
export const setProposalStatus = (db: Db, workspaceId: string, id: string, status: string) =>
  db
    .update(planProposals)
    .set({ status, decidedAt: sql`now()` })
    .where(
      and(
        eq(planProposals.workspaceId, workspaceId),
        eq(planProposals.id, id),
        eq(planProposals.status, "open"),
      ),
    )
    .returning({ id: planProposals.id });

/** Moves many items at once (the planner's accepted moves): period, and status when given. */
export const bulkMoveItems = (
  db: Db,
  workspaceId: string,
  moves: { id: string; period: string | null; status: string | null }[],
) =>
  moves.length === 0
    ? Promise.resolve([])
    : rawRows(
        db,
        `UPDATE roadmap_items i
            SET period = m.period::date, status = coalesce(m.status, i.status),
                updated_at = now(), version = i.version + 1
           FROM jsonb_to_recordset($2::jsonb) AS m(id uuid, period text, status text)
          WHERE i.workspace_id = $1 AND i.id = m.id`,
        [workspaceId, JSON.stringify(moves)],
      );

/** Ids of the workspace's objectives and key results: links to deleted ones are ignored when reading. */
export const selectLinkTargets = (db: Db, workspaceId: string) =>
  jsonValue<{ objectives: string[] | null; keyResults: string[] | null }>(
    db,
    `SELECT json_build_object(
       'objectives', (SELECT json_agg(id) FROM objectives WHERE workspace_id = $1),
       'keyResults', (SELECT json_agg(id) FROM key_results WHERE workspace_id = $1)) AS j`,
    [workspaceId],
  );
