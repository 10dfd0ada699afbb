import { and, asc, count, eq, getTableColumns, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { monitorSnapshots } from "../../db/schema.competitors.ts";
import { roadmapItemLinks } from "../../db/schema.roadmap.ts";
import { ideaComments, ideaScores, ideas, jobs, ratings, users, workspaces } from "../../db/schema.ts";
import { ExportDocumentSchema, SECTIONS, type Section } from "./transfer.schema.ts";
import { type IdTarget, TABLES, type TableSpec } from "./transfer.tables.ts";

/**
 * The only SQL of backup/restore. This module reads and writes every table of a workspace, because the
 * export document is the whole workspace; other modules keep to their own tables.
 */

// Bind parameters per statement stay far below PostgreSQL's 65 535.
const CHUNK = 500;
export const chunks = <T>(rows: T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

const wsCols = {
  id: workspaces.id,
  name: workspaces.name,
  slug: workspaces.slug,
  createdAt: workspaces.createdAt,
  updatedAt: workspaces.updatedAt,
  version: workspaces.version,
};

export const selectWorkspaceByIdOrSlug = async (db: Db, idOrSlug: string) => {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const where = isId ? eq(workspaces.id, idOrSlug) : eq(workspaces.slug, idOrSlug.toLowerCase());
  return (await db.select(wsCols).from(workspaces).where(where))[0] ?? null;
};

/** A few workspaces of the instance, oldest first (to pick the only one, or name the choices). */
export const selectSomeWorkspaces = (db: Db, limit: number) =>
  db.select(wsCols).from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id)).limit(limit);

/** The workspace's capacity settings (format version 3 keeps them on the exported workspace). */
export const selectWorkspaceCapacity = async (db: Db, wid: string) =>
  (
    await db
      .select({
        capacityUnit: workspaces.capacityUnit,
        pointsPerPersonMonth: workspaces.pointsPerPersonMonth,
      })
      .from(workspaces)
      .where(eq(workspaces.id, wid))
  )[0];

export const slugExists = async (db: Db, slug: string) =>
  (await db.select({ n: count() }).from(workspaces).where(eq(workspaces.slug, slug)))[0].n > 0;

// ---- reading a section: its schema's keys, from the table's columns of the same name ----

const columnsOf = (t: PgTable) => getTableColumns(t) as Record<string, PgColumn>;
const specOf = (section: Section): TableSpec => TABLES[section];

/** The keys of a section's rows in the document, in the document's order. */
export function sectionKeys(section: Section): string[] {
  const array = ExportDocumentSchema.shape[section] as unknown as { element: { shape: object } };
  return Object.keys(array.element.shape);
}

/** Which rows of the section travel. */
function whereOf(section: Section, wid: string): SQL {
  const spec = specOf(section);
  const base = eq(columnsOf(spec.table).workspaceId, wid);
  switch (spec.filter) {
    // Mail deliveries stay behind: an imported invitation's link is dead, so it must not be sent again.
    case "pendingJobs":
      return and(base, isNull(jobs.doneAt), sql`${jobs.kind} <> 'mail'`) as SQL;
    // Ratings of deleted ideas (or factors) are left out.
    case "ratingsOfLiveIdeas":
      return and(
        base,
        sql`EXISTS (SELECT 1 FROM ideas i WHERE i.workspace_id = ${ratings.workspaceId} AND i.id = ${ratings.ideaId})`,
        sql`EXISTS (SELECT 1 FROM factors f WHERE f.workspace_id = ${ratings.workspaceId} AND f.id = ${ratings.factorId})`,
      ) as SQL;
    // Links whose target still exists.
    case "linksWithTarget":
      return and(
        base,
        sql`CASE ${roadmapItemLinks.kind}
          WHEN 'objective' THEN EXISTS (SELECT 1 FROM objectives o
            WHERE o.workspace_id = ${roadmapItemLinks.workspaceId} AND o.id = ${roadmapItemLinks.targetId})
          WHEN 'key_result' THEN EXISTS (SELECT 1 FROM key_results k
            WHERE k.workspace_id = ${roadmapItemLinks.workspaceId} AND k.id = ${roadmapItemLinks.targetId})
          WHEN 'idea' THEN EXISTS (SELECT 1 FROM ideas i
            WHERE i.workspace_id = ${roadmapItemLinks.workspaceId} AND i.id = ${roadmapItemLinks.targetId})
          ELSE false END`,
      ) as SQL;
    // A monitor's latest snapshot only (older ones are pruned from the file).
    case "latestSnapshots":
      return and(
        base,
        sql`NOT EXISTS (SELECT 1 FROM monitor_snapshots n WHERE n.workspace_id = ${monitorSnapshots.workspaceId}
          AND n.monitor_id = ${monitorSnapshots.monitorId}
          AND (n.fetched_at, n.id) > (${monitorSnapshots.fetchedAt}, ${monitorSnapshots.id}))`,
      ) as SQL;
    default:
      return base;
  }
}

interface Reader {
  fields: Record<string, PgColumn | SQL>;
  keyColumns: PgColumn[];
}
const readers = new Map<Section, Reader>();

/** The select list of a section, built once: each schema key is a column of the table (or its joined table). */
function readerOf(section: Section): Reader {
  const known = readers.get(section);
  if (known) return known;
  const spec = specOf(section);
  const own = columnsOf(spec.table);
  const joined = spec.join ? columnsOf(spec.join) : {};
  const column = (key: string) => {
    const c = own[key] ?? joined[key];
    if (!c) throw new Error(`transfer: ${section}.${key} is not a column of its table`);
    return c;
  };
  const fields: Record<string, PgColumn | SQL> = {};
  for (const key of sectionKeys(section)) {
    const c = column(key);
    const target = spec.orNull?.includes(key) ? spec.refs?.[key] : undefined;
    // An optional reference without a foreign key, whose row may be gone: null then, so every export imports.
    fields[key] = target
      ? sql`CASE WHEN EXISTS (SELECT 1 FROM ${TABLES[target as Section].table} x
          WHERE x.workspace_id = ${own.workspaceId} AND x.id = ${c}) THEN ${c} END`
      : c;
  }
  const reader = { fields, keyColumns: spec.key.map(column) };
  readers.set(section, reader);
  return reader;
}

/**
 * One page of a section in its order: rows after the keyset `after` (the key columns' values of the last row
 * read), at most `limit` (null: the rest).
 */
export async function selectSectionPage(
  db: Db,
  section: Section,
  wid: string,
  after: unknown[] | null,
  limit: number | null,
): Promise<Record<string, unknown>[]> {
  const spec = specOf(section);
  const { fields, keyColumns } = readerOf(section);
  const keyset = after
    ? sql`(${sql.join(keyColumns, sql`, `)}) > (${sql.join(
        after.map((v, i) => sql`CAST(${v} AS ${sql.raw(keyColumns[i].getSQLType())})`),
        sql`, `,
      )})`
    : undefined;
  let q = db.select(fields).from(spec.table).$dynamic();
  if (spec.join) {
    const own = columnsOf(spec.table);
    const joined = columnsOf(spec.join);
    q = q.innerJoin(spec.join, and(eq(joined.workspaceId, own.workspaceId), eq(joined.ideaId, own.id)));
  }
  q = q.where(and(whereOf(section, wid), keyset)).orderBy(...keyColumns.map((c) => asc(c)));
  if (limit !== null) q = q.limit(limit);
  return (await q) as Record<string, unknown>[];
}

/** Rows of a section that travel, for the progress bar's total. */
export async function countSection(db: Db, section: Section, wid: string) {
  const spec = specOf(section);
  return Number((await db.select({ n: count() }).from(spec.table).where(whereOf(section, wid)))[0].n);
}

/**
 * Users of the workspace: members, plus anyone its rows still point at (former members): every column the
 * table list marks as naming a user, and the users a comment mentions.
 */
export function selectWorkspaceUsers(db: Db, wid: string) {
  const parts: SQL[] = [];
  for (const section of SECTIONS) {
    const spec = specOf(section);
    const cols = columnsOf(spec.table);
    for (const [col, target] of Object.entries(spec.refs ?? {}))
      if (target === "users")
        parts.push(sql`SELECT ${cols[col]} FROM ${spec.table} WHERE ${cols.workspaceId} = ${wid}`);
  }
  parts.push(sql`SELECT jsonb_array_elements_text(${ideaComments.mentions})::uuid FROM ${ideaComments}
    WHERE ${ideaComments.workspaceId} = ${wid}`);
  const fields = Object.fromEntries(sectionKeys("users").map((k) => [k, columnsOf(users)[k]]));
  return db
    .select(fields)
    .from(users)
    .where(sql`${users.id} IN (${sql.join(parts, sql` UNION `)})`)
    .orderBy(asc(users.id)) as Promise<Record<string, unknown>[]>;
}

/**
 * The next transaction id not yet assigned (the snapshot's xmax). Any transaction that writes gets an id: if
 * this is the same before and after a series of reads, nothing was written in between (stepped export).
 */
export async function selectXidHorizon(db: Db): Promise<string> {
  const [row] = await rawRows<{ x: string }>(
    db,
    "SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x",
    [],
  );
  return row.x;
}

// ---- import ----

const idColumnOf = (target: IdTarget): PgColumn =>
  target === "workspaces" ? workspaces.id : columnsOf(TABLES[target].table).id;

/** The targets whose rows have their own id (claimed before anything is written). */
export const hasOwnId = (target: IdTarget) => idColumnOf(target) !== undefined;

/** Which of these ids are already used in the table, in any workspace (ids stay unique instance-wide). */
export async function selectTakenIds(db: Db, target: IdTarget, ids: string[]): Promise<Set<string>> {
  const col = idColumnOf(target);
  const taken = new Set<string>();
  for (const part of chunks([...new Set(ids)], 1000)) {
    const rows = await db.select({ id: col }).from(col.table).where(inArray(col, part));
    for (const r of rows) taken.add(r.id as string);
  }
  return taken;
}

/** Existing accounts by lower-cased e-mail. */
export async function selectUsersByEmails(db: Db, emails: string[]) {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(emails.map((e) => e.toLowerCase()))], 1000)) {
    const rows = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(sql`lower(${users.email})`, part));
    for (const r of rows) found.set(r.email.toLowerCase(), r.id);
  }
  return found;
}

export const insertWorkspaceRow = (db: Db, row: typeof workspaces.$inferInsert) =>
  db.insert(workspaces).values(row);

/** Rows per insert statement of a section. */
export const batchOf = (section: Section) => specOf(section).batch ?? CHUNK;

/** Inserts one chunk of rows of a section (the caller chunks, to report progress). */
export async function insertRows(db: Db, section: Section, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  if (section === "ratings") return insertRatings(db, rows);
  if (section === "ideas") return insertIdeasWithScores(db, rows);
  await db.insert(specOf(section).table).values(rows as never[]);
}

/** The export keeps an idea's scores on the idea; the database keeps them in idea_scores. */
async function insertIdeasWithScores(db: Db, rows: Record<string, unknown>[]) {
  await db.insert(ideas).values(rows as (typeof ideas.$inferInsert)[]);
  const scoreKeys = Object.keys(columnsOf(ideaScores)).filter((k) => k !== "ideaId");
  await db.insert(ideaScores).values(
    rows.map(
      (r) =>
        ({
          ...Object.fromEntries(scoreKeys.map((k) => [k, r[k]])),
          ideaId: r.id,
        }) as typeof ideaScores.$inferInsert,
    ),
  );
}

/** Thousands of ratings in one statement and one bind parameter (a JSON array), not 8 parameters a row. */
async function insertRatings(db: Db, rows: Record<string, unknown>[]) {
  await rawRows(
    db,
    `INSERT INTO ratings (workspace_id, round_id, voter_id, idea_id, factor_id, value, abstain_reason, updated_at)
     SELECT r."workspaceId", r."roundId", r."voterId", r."ideaId", r."factorId", r.value, r."abstainReason", r."updatedAt"
     FROM jsonb_to_recordset($1::jsonb) AS r("workspaceId" uuid, "roundId" uuid, "voterId" uuid, "ideaId" uuid,
       "factorId" uuid, value smallint, "abstainReason" text, "updatedAt" timestamptz)`,
    [JSON.stringify(rows)],
  );
}

/** Deletes a workspace; every tenant row follows by cascade (undoing a half-written import). */
export const deleteWorkspaceRow = (db: Db, id: string) => db.delete(workspaces).where(eq(workspaces.id, id));

/** Deletes these accounts unless they belong to a workspace (the ones a failed import created). */
export const deleteUsersWithoutWorkspace = (db: Db, ids: string[]) =>
  ids.length
    ? rawRows(
        db,
        `DELETE FROM users u WHERE u.id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)`,
        [JSON.stringify(ids)],
      )
    : Promise.resolve([]);
