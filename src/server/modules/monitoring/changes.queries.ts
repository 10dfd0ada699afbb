import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import {
  type ChangeCategory,
  type ChangeImportance,
  type ChangeState,
  competitorChangeIdeas,
  competitorChanges,
  competitors,
  monitors,
} from "../../db/schema.competitors.ts";
import { ideas } from "../../db/schema.ts";
import type { Cursor } from "../../lib/pagination.ts";

/** The columns of a change in lists: its own, its monitor's and competitor's names, how many ideas it is linked to. */
const summaryColumns = {
  id: competitorChanges.id,
  competitorId: competitorChanges.competitorId,
  competitorName: competitors.name,
  monitorId: competitorChanges.monitorId,
  monitorName: monitors.name,
  monitorKind: monitors.kind,
  monitorUrl: monitors.url,
  detectedAt: competitorChanges.detectedAt,
  changedPercent: competitorChanges.changedPercent,
  addedWords: competitorChanges.addedWords,
  removedWords: competitorChanges.removedWords,
  reported: competitorChanges.reported,
  summary: competitorChanges.summary,
  category: competitorChanges.category,
  suggestedCategory: competitorChanges.suggestedCategory,
  importance: competitorChanges.importance,
  state: competitorChanges.state,
  prices: competitorChanges.prices,
  reviewedBy: competitorChanges.reviewedBy,
  reviewedAt: competitorChanges.reviewedAt,
  ideaCount: sql<number>`(SELECT count(*)::int FROM ${competitorChangeIdeas} ci
    WHERE ci.workspace_id = ${competitorChanges.workspaceId} AND ci.change_id = ${competitorChanges.id})`,
  version: competitorChanges.version,
};
export type ChangeSummaryRow = Awaited<ReturnType<typeof selectChanges>>[number];

export interface ChangeFilter {
  competitorId?: string;
  monitorId?: string;
  category?: ChangeCategory[];
  importance?: ChangeImportance[];
  state?: ChangeState[];
  since?: string;
  until?: string;
  reported: "true" | "false" | "any";
}

/** A change's select joined to its monitor and competitor (for their names). */
const joined = <T extends PgSelect>(q: T) =>
  q
    .innerJoin(
      monitors,
      and(
        eq(monitors.workspaceId, competitorChanges.workspaceId),
        eq(monitors.id, competitorChanges.monitorId),
      ),
    )
    .innerJoin(
      competitors,
      and(
        eq(competitors.workspaceId, competitorChanges.workspaceId),
        eq(competitors.id, competitorChanges.competitorId),
      ),
    );

/** A page of changes, newest first by (detected_at, id), after the cursor; limit + 1 rows. */
export const selectChanges = (
  db: Db,
  workspaceId: string,
  f: ChangeFilter,
  cursor: Cursor | null,
  limit: number,
) => {
  const c = competitorChanges;
  const where: (SQL | undefined)[] = [
    eq(c.workspaceId, workspaceId),
    f.competitorId ? eq(c.competitorId, f.competitorId) : undefined,
    f.monitorId ? eq(c.monitorId, f.monitorId) : undefined,
    f.category?.length ? inArray(c.category, f.category) : undefined,
    f.importance?.length ? inArray(c.importance, f.importance) : undefined,
    f.state?.length ? inArray(c.state, f.state) : undefined,
    f.since ? gte(c.detectedAt, f.since) : undefined,
    f.until ? lt(c.detectedAt, f.until) : undefined,
    f.reported === "any" ? undefined : eq(c.reported, f.reported === "true"),
    cursor ? sql`(${c.detectedAt}, ${c.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined,
  ];
  return joined(db.select(summaryColumns).from(competitorChanges).$dynamic())
    .where(and(...where))
    .orderBy(desc(c.detectedAt), desc(c.id))
    .limit(limit + 1);
};

/** One change with its diff and its monitor's rule settings. */
export const selectChange = async (db: Db, workspaceId: string, id: string) =>
  (
    await joined(
      db
        .select({
          ...summaryColumns,
          diff: competitorChanges.diff,
          fromSnapshotId: competitorChanges.fromSnapshotId,
          toSnapshotId: competitorChanges.toSnapshotId,
          monitorConfig: monitors.config,
          monitorThreshold: monitors.thresholdPercent,
          monitorVersion: monitors.version,
          competitorWebsite: competitors.website,
        })
        .from(competitorChanges)
        .$dynamic(),
    ).where(and(eq(competitorChanges.workspaceId, workspaceId), eq(competitorChanges.id, id)))
  )[0];

const neighbourColumns = {
  id: competitorChanges.id,
  detectedAt: competitorChanges.detectedAt,
  changedPercent: competitorChanges.changedPercent,
  summary: competitorChanges.summary,
  reported: competitorChanges.reported,
  state: competitorChanges.state,
  importance: competitorChanges.importance,
};

/** The same monitor's change just before (dir -1) or after (dir 1) the given one, reported or not. */
export const selectNeighbour = async (
  db: Db,
  workspaceId: string,
  monitorId: string,
  at: { detectedAt: string; id: string },
  dir: -1 | 1,
) => {
  const c = competitorChanges;
  const key = sql`(${c.detectedAt}, ${c.id})`;
  const here = sql`(${at.detectedAt}::timestamptz, ${at.id}::uuid)`;
  return (
    await db
      .select(neighbourColumns)
      .from(c)
      .where(
        and(
          eq(c.workspaceId, workspaceId),
          eq(c.monitorId, monitorId),
          dir < 0 ? sql`${key} < ${here}` : sql`${key} > ${here}`,
        ),
      )
      .orderBy(...(dir < 0 ? [desc(c.detectedAt), desc(c.id)] : [asc(c.detectedAt), asc(c.id)]))
      .limit(1)
  )[0];
};

/** The ideas a change is linked to, oldest link first. */
export const selectChangeIdeas = (db: Db, workspaceId: string, changeId: string) =>
  db
    .select({
      ideaId: competitorChangeIdeas.ideaId,
      title: ideas.title,
      productId: ideas.productId,
      linkedAt: competitorChangeIdeas.createdAt,
    })
    .from(competitorChangeIdeas)
    .innerJoin(
      ideas,
      and(
        eq(ideas.workspaceId, competitorChangeIdeas.workspaceId),
        eq(ideas.id, competitorChangeIdeas.ideaId),
      ),
    )
    .where(
      and(eq(competitorChangeIdeas.workspaceId, workspaceId), eq(competitorChangeIdeas.changeId, changeId)),
    )
    .orderBy(asc(competitorChangeIdeas.createdAt), asc(competitorChangeIdeas.ideaId));

export type ChangeTriage = Partial<{
  category: ChangeCategory;
  importance: ChangeImportance;
  state: ChangeState;
}>;

/** Triage, only at the version read (then bumped); false when the version is stale (or the change gone). */
export const updateChangeRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: ChangeTriage,
  reviewer: string | null,
) =>
  (
    await db
      .update(competitorChanges)
      .set({
        ...set,
        // Any triage is a review: who and when.
        reviewedBy: reviewer,
        reviewedAt: sql`now()`,
        updatedAt: sql`now()`,
        version: sql`${competitorChanges.version} + 1`,
      })
      .where(
        and(
          eq(competitorChanges.workspaceId, workspaceId),
          eq(competitorChanges.id, id),
          eq(competitorChanges.version, version),
        ),
      )
      .returning({ id: competitorChanges.id })
  ).length > 0;

/**
 * Adds an ignore pattern to a monitor's config.ignorePatterns and bumps its version; no row when the pattern is
 * already there. Returns the new version.
 */
export const addIgnorePattern = async (db: Db, workspaceId: string, monitorId: string, pattern: string) =>
  (
    await rawRows<{ version: number }>(
      db,
      `UPDATE monitors SET config = jsonb_set(config, '{ignorePatterns}',
         coalesce(config->'ignorePatterns', '[]'::jsonb) || jsonb_build_array($3::text)),
         version = version + 1, updated_at = now()
       WHERE workspace_id = $1 AND id = $2 AND NOT coalesce(config->'ignorePatterns', '[]'::jsonb) ? $3::text
       RETURNING version`,
      [workspaceId, monitorId, pattern],
    )
  )[0];

/** Links a change to an idea; false when already linked. */
export const insertChangeIdea = async (
  db: Db,
  workspaceId: string,
  changeId: string,
  ideaId: string,
  userId: string | null,
) =>
  (
    await db
      .insert(competitorChangeIdeas)
      .values({ workspaceId, changeId, ideaId, createdBy: userId })
      .onConflictDoNothing()
      .returning({ ideaId: competitorChangeIdeas.ideaId })
  ).length > 0;

export const deleteChangeIdea = async (db: Db, workspaceId: string, changeId: string, ideaId: string) =>
  (
    await db
      .delete(competitorChangeIdeas)
      .where(
        and(
          eq(competitorChangeIdeas.workspaceId, workspaceId),
          eq(competitorChangeIdeas.changeId, changeId),
          eq(competitorChangeIdeas.ideaId, ideaId),
        ),
      )
      .returning({ ideaId: competitorChangeIdeas.ideaId })
  ).length > 0;

/**
 * Reported, high-importance, not-noise changes among ids, each with the members who watch its competitor (and
 * can still see it: members of the workspace).
 */
export const selectHighChangesWithWatchers = (db: Db, workspaceId: string, ids: string[]) =>
  rawRows<{
    id: string;
    competitorId: string;
    competitorName: string;
    monitorName: string;
    summary: string;
    category: string;
    watchers: string[];
  }>(
    db,
    `SELECT c.id, c.competitor_id AS "competitorId", k.name AS "competitorName", m.name AS "monitorName",
       c.summary, c.category,
       coalesce((SELECT array_agg(w.user_id ORDER BY w.user_id) FROM competitor_watchers w
         JOIN memberships ms ON ms.workspace_id = w.workspace_id AND ms.user_id = w.user_id
         WHERE w.workspace_id = c.workspace_id AND w.competitor_id = c.competitor_id), '{}') AS watchers
     FROM competitor_changes c
     JOIN competitors k ON k.workspace_id = c.workspace_id AND k.id = c.competitor_id
     JOIN monitors m ON m.workspace_id = c.workspace_id AND m.id = c.monitor_id
     WHERE c.workspace_id = $1 AND c.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)
       AND c.reported AND c.importance = 'high' AND c.state <> 'noise'
     ORDER BY c.detected_at, c.id`,
    [workspaceId, JSON.stringify(ids)],
  );

/** The members watching the competitors of these reported changes (for their next digest). */
export const selectWatchersOfChanges = async (db: Db, workspaceId: string, ids: string[]) =>
  (
    await rawRows<{ userId: string }>(
      db,
      `SELECT DISTINCT w.user_id AS "userId" FROM competitor_watchers w
       JOIN memberships ms ON ms.workspace_id = w.workspace_id AND ms.user_id = w.user_id
       WHERE w.workspace_id = $1 AND w.competitor_id IN (SELECT competitor_id FROM competitor_changes
         WHERE workspace_id = $1 AND reported AND id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid))`,
      [workspaceId, JSON.stringify(ids)],
    )
  ).map((r) => r.userId);
