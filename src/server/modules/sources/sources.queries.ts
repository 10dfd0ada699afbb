import { and, asc, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { feedbackSourceSecrets, feedbackSources } from "../../db/schema.sources.ts";
import { dueAndFree, leaseFree } from "../../lib/lease.queries.ts";

export type SourceRow = typeof feedbackSources.$inferSelect & { secretsSet: string[] };
export type NewSourceRow = typeof feedbackSources.$inferInsert;

/** A source's columns and the names (never the values) of its secrets. */
const columns = {
  ...getTableColumns(feedbackSources),
  secretsSet: sql<string[]>`coalesce((SELECT array(SELECT jsonb_object_keys(s.secrets) ORDER BY 1)
    FROM ${feedbackSourceSecrets} s WHERE s.workspace_id = ${feedbackSources.workspaceId}
    AND s.source_id = ${feedbackSources.id}), '{}'::text[])`,
};

const one = (workspaceId: string, id: string) =>
  and(eq(feedbackSources.workspaceId, workspaceId), eq(feedbackSources.id, id));

/** A page of sources, oldest first, after the keyset `after` (created_at, id); `limit` + 1 rows to tell if more follow. */
export const selectSources = (
  db: Db,
  workspaceId: string,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<SourceRow[]> => {
  const rest: SQL | undefined = after
    ? sql`(${feedbackSources.createdAt}, ${feedbackSources.id}) > (${after.at}::timestamptz, ${after.id}::uuid)`
    : undefined;
  return db
    .select(columns)
    .from(feedbackSources)
    .where(and(eq(feedbackSources.workspaceId, workspaceId), rest))
    .orderBy(asc(feedbackSources.createdAt), asc(feedbackSources.id))
    .limit(limit + 1);
};

export const selectSource = async (db: Db, workspaceId: string, id: string): Promise<SourceRow | undefined> =>
  (await db.select(columns).from(feedbackSources).where(one(workspaceId, id)))[0];

export const insertSourceRow = async (db: Db, row: NewSourceRow) =>
  (await db.insert(feedbackSources).values(row).returning({ id: feedbackSources.id }))[0];

/** Updates a source's settings; with a version, only if it still has that version (then bumps it). */
export const updateSourceRow = async (
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: Partial<NewSourceRow>,
) =>
  (
    await db
      .update(feedbackSources)
      .set({
        ...set,
        updatedAt: sql`now()`,
        ...(version === null ? {} : { version: sql`${feedbackSources.version} + 1` }),
      })
      .where(
        version === null
          ? one(workspaceId, id)
          : and(one(workspaceId, id), eq(feedbackSources.version, version)),
      )
      .returning({ id: feedbackSources.id })
  ).length > 0;

export const deleteSourceRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(feedbackSources).where(one(workspaceId, id));

/** Sets (string) or removes (null) secrets by name, keeping the others. */
export async function writeSecrets(
  db: Db,
  workspaceId: string,
  sourceId: string,
  changes: Record<string, string | null>,
) {
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== null)) as Record<
    string,
    string
  >;
  const removed = Object.keys(changes).filter((k) => changes[k] === null);
  await db
    .insert(feedbackSourceSecrets)
    .values({ workspaceId, sourceId, secrets: set })
    .onConflictDoUpdate({
      target: [feedbackSourceSecrets.workspaceId, feedbackSourceSecrets.sourceId],
      set: {
        secrets: sql`(${removed.reduce((acc, k) => sql`(${acc} - ${k}::text)`, sql`${feedbackSourceSecrets.secrets}`)}) || ${JSON.stringify(set)}::jsonb`,
        updatedAt: sql`now()`,
      },
    });
}

export const selectSecrets = async (db: Db, workspaceId: string, sourceId: string) =>
  (
    await db
      .select({ secrets: feedbackSourceSecrets.secrets })
      .from(feedbackSourceSecrets)
      .where(
        and(eq(feedbackSourceSecrets.workspaceId, workspaceId), eq(feedbackSourceSecrets.sourceId, sourceId)),
      )
  )[0]?.secrets ?? {};

/**
 * Takes the source's poll lease when nobody holds it (or theirs expired); `dueBy` also requires it to be
 * enabled and due. Returns the source as it was when taken, or nothing.
 */
export const takeLease = async (
  db: Db,
  workspaceId: string,
  id: string,
  now: Date,
  until: Date,
  dueBy: Date | null,
) =>
  (
    await db
      .update(feedbackSources)
      .set({ leaseUntil: until.toISOString() })
      .where(
        and(
          one(workspaceId, id),
          leaseFree(feedbackSources.leaseUntil, now),
          dueBy
            ? and(
                eq(feedbackSources.enabled, true),
                sql`${feedbackSources.nextPollAt} <= ${dueBy.toISOString()}`,
              )
            : undefined,
        ),
      )
      .returning()
  )[0];

/**
 * Sets the poll state of a source that is still due at `now` and not being polled (a given-up job re-arms it);
 * false when it is not (polled since, or being polled).
 */
export const rearmDueSource = async (
  db: Db,
  workspaceId: string,
  id: string,
  now: Date,
  set: Partial<NewSourceRow>,
) =>
  (
    await db
      .update(feedbackSources)
      .set(set)
      .where(
        and(one(workspaceId, id), dueAndFree(feedbackSources.nextPollAt, feedbackSources.leaseUntil, now)),
      )
      .returning({ id: feedbackSources.id })
  ).length > 0;

/** Records a poll's outcome and gives the lease back (state columns only: the version stays). */
export const finishPollRow = (
  db: Db,
  workspaceId: string,
  id: string,
  set: Partial<NewSourceRow> & { importedMore?: number },
) => {
  const { importedMore = 0, ...rest } = set;
  return db
    .update(feedbackSources)
    .set({
      ...rest,
      leaseUntil: null,
      totalImported: sql`${feedbackSources.totalImported} + ${importedMore}`,
    })
    .where(one(workspaceId, id));
};
