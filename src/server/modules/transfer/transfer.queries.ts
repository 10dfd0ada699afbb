import { asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import {
  auditEvents,
  invitations,
  memberships,
  outbox,
  products,
  teamMembers,
  teams,
  users,
  workspaces,
} from "../../db/schema.ts";

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

export const slugExists = async (db: Db, slug: string) =>
  (await db.select({ n: count() }).from(workspaces).where(eq(workspaces.slug, slug)))[0].n > 0;

/** Users of the workspace: members, plus anyone its rows still point at (former members). */
export function selectWorkspaceUsers(db: Db, wid: string) {
  const referenced = sql`(
    SELECT ${memberships.userId} FROM ${memberships} WHERE ${memberships.workspaceId} = ${wid}
    UNION SELECT ${products.managerId} FROM ${products} WHERE ${products.workspaceId} = ${wid}
    UNION SELECT ${teams.leadId} FROM ${teams} WHERE ${teams.workspaceId} = ${wid}
    UNION SELECT ${invitations.invitedBy} FROM ${invitations} WHERE ${invitations.workspaceId} = ${wid}
    UNION SELECT ${invitations.acceptedBy} FROM ${invitations} WHERE ${invitations.workspaceId} = ${wid}
    UNION SELECT ${auditEvents.actorId} FROM ${auditEvents} WHERE ${auditEvents.workspaceId} = ${wid})`;
  return db
    .select({ id: users.id, email: users.email, name: users.name, timezone: users.timezone })
    .from(users)
    .where(sql`${users.id} IN ${referenced}`)
    .orderBy(asc(users.id));
}

export const selectMemberships = (db: Db, wid: string) =>
  db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      createdAt: memberships.createdAt,
      updatedAt: memberships.updatedAt,
      version: memberships.version,
    })
    .from(memberships)
    .where(eq(memberships.workspaceId, wid))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));

export const selectProducts = (db: Db, wid: string) =>
  db
    .select({
      id: products.id,
      name: products.name,
      description: products.description,
      stage: products.stage,
      managerId: products.managerId,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      version: products.version,
    })
    .from(products)
    .where(eq(products.workspaceId, wid))
    .orderBy(asc(products.createdAt), asc(products.id));

export const selectTeams = (db: Db, wid: string) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      discipline: teams.discipline,
      description: teams.description,
      leadId: teams.leadId,
      createdAt: teams.createdAt,
      updatedAt: teams.updatedAt,
      version: teams.version,
    })
    .from(teams)
    .where(eq(teams.workspaceId, wid))
    .orderBy(asc(teams.createdAt), asc(teams.id));

export const selectTeamMembers = (db: Db, wid: string) =>
  db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      allocationPct: teamMembers.allocationPct,
      createdAt: teamMembers.createdAt,
    })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, wid))
    .orderBy(asc(teamMembers.createdAt), asc(teamMembers.teamId), asc(teamMembers.userId));

export const selectInvitations = (db: Db, wid: string) =>
  db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: invitations.invitedBy,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      acceptedBy: invitations.acceptedBy,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.workspaceId, wid))
    .orderBy(asc(invitations.createdAt), asc(invitations.id));

export const selectAuditEvents = (db: Db, wid: string) =>
  db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      via: auditEvents.via,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, wid))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));

export const selectOutbox = (db: Db, wid: string) =>
  db
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      text: outbox.text,
      kind: outbox.kind,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.workspaceId, wid))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));

/** Rows per section, for the progress bar's total. */
export async function countWorkspaceRows(db: Db, wid: string) {
  const n = async (table: PgTable, where: SQL) =>
    Number((await db.select({ n: count() }).from(table).where(where))[0].n);
  return {
    memberships: await n(memberships, eq(memberships.workspaceId, wid)),
    products: await n(products, eq(products.workspaceId, wid)),
    teams: await n(teams, eq(teams.workspaceId, wid)),
    teamMembers: await n(teamMembers, eq(teamMembers.workspaceId, wid)),
    invitations: await n(invitations, eq(invitations.workspaceId, wid)),
    auditEvents: await n(auditEvents, eq(auditEvents.workspaceId, wid)),
    outbox: await n(outbox, eq(outbox.workspaceId, wid)),
  };
}

// ---- import ----

const ID_COLUMNS = {
  workspaces: workspaces.id,
  users: users.id,
  products: products.id,
  teams: teams.id,
  invitations: invitations.id,
  auditEvents: auditEvents.id,
  outbox: outbox.id,
};
export type IdTable = keyof typeof ID_COLUMNS;

/** Which of these ids are already used in the table, in any workspace (ids stay unique instance-wide). */
export async function selectTakenIds(db: Db, table: IdTable, ids: string[]): Promise<Set<string>> {
  const col = ID_COLUMNS[table];
  const taken = new Set<string>();
  for (const part of chunks([...new Set(ids)], 1000)) {
    const rows = await db.select({ id: col }).from(col.table).where(inArray(col, part));
    for (const r of rows) taken.add(r.id);
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

const TABLES = {
  users,
  memberships,
  products,
  teams,
  teamMembers,
  invitations,
  auditEvents,
  outbox,
};
type Tables = typeof TABLES;
export type InsertRow<S extends keyof Tables> = Tables[S]["$inferInsert"];

/** Inserts one chunk of rows of a section (the caller chunks, to report progress). */
export async function insertRows<S extends keyof Tables>(db: Db, section: S, rows: InsertRow<S>[]) {
  if (rows.length) await db.insert(TABLES[section] as PgTable).values(rows as never[]);
}
