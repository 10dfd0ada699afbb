import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { companies, people } from "../../db/schema.feedback.ts";
import type { Cursor } from "../../lib/pagination.ts";

export type RawCompany = Record<string, unknown> & { id: string; createdAt: string | Date };
export type RawPerson = Record<string, unknown> & {
  id: string;
  email: string | null;
  externalId: string | null;
  companyId: string | null;
  createdAt: string | Date;
};

const COMPANY = `c.id, c.name, c.domain, c.segment, c.plan, c.arr, c.mrr, c.currency, c.attributes,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version,
  (SELECT count(*)::int FROM people p WHERE p.workspace_id = c.workspace_id AND p.company_id = c.id) AS "peopleCount"`;
const PERSON = `p.id, p.name, p.email, p.external_id AS "externalId", p.company_id AS "companyId",
  c.name AS "companyName", p.attributes, p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.version,
  (SELECT count(*)::int FROM feedback_items f WHERE f.workspace_id = p.workspace_id AND f.person_id = p.id)
    AS "feedbackCount"`;
const PERSON_FROM = `people p LEFT JOIN companies c ON c.workspace_id = p.workspace_id AND c.id = p.company_id`;

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards escaped. */
const contains = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function selectCompany(db: Db, workspaceId: string, id: string) {
  const rows = await rawRows<RawCompany>(
    db,
    `SELECT ${COMPANY} FROM companies c WHERE c.workspace_id = $1 AND c.id = $2`,
    [workspaceId, id],
    "company_one",
  );
  return rows[0] ?? null;
}

export async function selectCompanyPage(
  db: Db,
  workspaceId: string,
  q: string | undefined,
  after: Cursor | null,
  limit: number,
) {
  const values: unknown[] = [workspaceId];
  const conds = ["c.workspace_id = $1"];
  if (q) {
    values.push(contains(q));
    conds.push(`(lower(c.name) LIKE $${values.length} OR lower(c.domain) LIKE $${values.length})`);
  }
  if (after) {
    values.push(after.at, after.id);
    conds.push(`(c.created_at, c.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  return rawRows<RawCompany>(
    db,
    `SELECT ${COMPANY} FROM companies c WHERE ${conds.join(" AND ")}
     ORDER BY c.created_at DESC, c.id DESC LIMIT $${values.length}`,
    values,
  );
}

export async function insertCompany(db: Db, row: typeof companies.$inferInsert) {
  const [r] = await db.insert(companies).values(row).returning({ id: companies.id });
  return r.id;
}

export async function updateCompanyRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: Partial<typeof companies.$inferInsert>,
) {
  const rows = await db
    .update(companies)
    .set({ ...set, version: sql`${companies.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id), eq(companies.version, version)))
    .returning({ id: companies.id });
  return rows.length > 0;
}

export async function deleteCompanyRow(db: Db, workspaceId: string, id: string) {
  await db.delete(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
}

/** Σ ARR and MRR of the workspace's companies per segment and currency. */
export async function selectRevenueBySegment(db: Db, workspaceId: string) {
  return rawRows<{
    segment: string | null;
    currency: string | null;
    arr: string;
    mrr: string;
    companies: number;
  }>(
    db,
    `SELECT segment, currency, coalesce(sum(arr), 0) AS arr, coalesce(sum(mrr), 0) AS mrr, count(*)::int AS companies
     FROM companies WHERE workspace_id = $1 GROUP BY segment, currency ORDER BY 3 DESC, 1 NULLS LAST`,
    [workspaceId],
  );
}

export async function selectPerson(db: Db, workspaceId: string, id: string) {
  const rows = await rawRows<RawPerson>(
    db,
    `SELECT ${PERSON} FROM ${PERSON_FROM} WHERE p.workspace_id = $1 AND p.id = $2`,
    [workspaceId, id],
    "person_one",
  );
  return rows[0] ?? null;
}

/** The person an upsert means: by external id when given, else by e-mail (case-insensitive). */
export async function selectPersonByKeys(
  db: Db,
  workspaceId: string,
  keys: { externalId: string | null; email: string | null },
) {
  const rows = await rawRows<{ id: string; by: "externalId" | "email" }>(
    db,
    `SELECT id, CASE WHEN external_id = $2 THEN 'externalId' ELSE 'email' END AS by FROM people
     WHERE workspace_id = $1 AND (external_id = $2 OR lower(email) = lower($3))
     ORDER BY (external_id = $2) DESC NULLS LAST`,
    [workspaceId, keys.externalId, keys.email],
  );
  return rows;
}

export async function selectPersonPage(
  db: Db,
  workspaceId: string,
  f: { q?: string; companyId?: string },
  after: Cursor | null,
  limit: number,
) {
  const values: unknown[] = [workspaceId];
  const conds = ["p.workspace_id = $1"];
  if (f.q) {
    values.push(contains(f.q));
    conds.push(`(lower(p.name) LIKE $${values.length} OR lower(p.email) LIKE $${values.length}
      OR lower(p.external_id) LIKE $${values.length})`);
  }
  if (f.companyId) {
    values.push(f.companyId);
    conds.push(`p.company_id = $${values.length}`);
  }
  if (after) {
    values.push(after.at, after.id);
    conds.push(`(p.created_at, p.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  return rawRows<RawPerson>(
    db,
    `SELECT ${PERSON} FROM ${PERSON_FROM} WHERE ${conds.join(" AND ")}
     ORDER BY p.created_at DESC, p.id DESC LIMIT $${values.length}`,
    values,
  );
}

/** Inserts a person unless the e-mail or external id is taken (then null: someone else just made them). */
export async function insertPersonIfNew(db: Db, row: typeof people.$inferInsert) {
  const rows = await db.insert(people).values(row).onConflictDoNothing().returning({ id: people.id });
  return rows[0]?.id ?? null;
}

export async function updatePersonRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number | null,
  set: Partial<typeof people.$inferInsert>,
) {
  const where = [eq(people.workspaceId, workspaceId), eq(people.id, id)];
  if (version !== null) where.push(eq(people.version, version));
  const rows = await db
    .update(people)
    .set({ ...set, version: sql`${people.version} + 1`, updatedAt: sql`now()` })
    .where(and(...where))
    .returning({ id: people.id });
  return rows.length > 0;
}

export async function deletePersonRow(db: Db, workspaceId: string, id: string) {
  await db.delete(people).where(and(eq(people.workspaceId, workspaceId), eq(people.id, id)));
}

/** Moves a person's feedback to another (keeping each item's company, or taking the survivor's). */
export async function moveFeedbackOfPerson(
  db: Db,
  workspaceId: string,
  fromId: string,
  intoId: string,
  intoCompanyId: string | null,
) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE feedback_items SET person_id = $3, company_id = coalesce(company_id, $4::uuid),
       version = version + 1, updated_at = now()
     WHERE workspace_id = $1 AND person_id = $2 RETURNING id`,
    [workspaceId, fromId, intoId, intoCompanyId],
  );
  return rows.map((r) => r.id);
}

/** Which of these ids are people / companies of the workspace (for field-level 404s before a batch write). */
export async function existingIds(db: Db, table: "people" | "companies", workspaceId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Each person's company (for feedback that names a customer but no company). */
export async function selectCompaniesOfPeople(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return new Map<string, string | null>();
  const rows = await rawRows<{ id: string; companyId: string | null }>(
    db,
    `SELECT id, company_id AS "companyId" FROM people WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.companyId]));
}

export interface PersonKeys {
  id: string;
  name: string;
  email: string | null;
  externalId: string | null;
  companyId: string | null;
}
const PERSON_KEYS = `id, name, lower(email) AS email, external_id AS "externalId", company_id AS "companyId"`;

/** People by lower(e-mail) (imports resolve authors and match customers in one query per chunk). */
export async function selectPeopleByEmails(db: Db, workspaceId: string, emails: string[]) {
  if (!emails.length) return [];
  return rawRows<PersonKeys & { email: string }>(
    db,
    `SELECT ${PERSON_KEYS} FROM people WHERE workspace_id = $1 AND lower(email) = ANY($2::text[])`,
    [workspaceId, emails],
  );
}

/** People by external id. */
export async function selectPeopleByExternalIds(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return rawRows<PersonKeys & { externalId: string }>(
    db,
    `SELECT ${PERSON_KEYS} FROM people WHERE workspace_id = $1 AND external_id = ANY($2::text[])`,
    [workspaceId, ids],
  );
}

/** Inserts people in one statement, skipping any whose e-mail or external id is taken; returns the new ids. */
export async function insertPeopleIfNew(db: Db, rows: (typeof people.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(people).values(rows).onConflictDoNothing().returning({ id: people.id });
}

/**
 * Companies an import names, by lower(name) or lower(domain); the oldest first, so a name shared by two
 * companies always resolves to the same one.
 */
export async function selectCompaniesByKeys(db: Db, workspaceId: string, keys: string[]) {
  if (!keys.length) return [];
  return rawRows<RawCompany & { name: string; domain: string | null }>(
    db,
    `SELECT ${COMPANY} FROM companies c
     WHERE c.workspace_id = $1 AND (lower(c.name) = ANY($2::text[]) OR lower(c.domain) = ANY($2::text[]))
     ORDER BY c.created_at, c.id`,
    [workspaceId, keys],
  );
}

/** Inserts companies in one statement; returns their ids in row order. */
export async function insertCompanies(db: Db, rows: (typeof companies.$inferInsert)[]) {
  if (!rows.length) return [];
  return db.insert(companies).values(rows).returning({ id: companies.id });
}

/** Serializes customer imports of a workspace (companies have no unique key to race on). */
export async function lockCustomerImports(db: Db, workspaceId: string) {
  await rawRows(db, `SELECT pg_advisory_xact_lock(hashtext('baton.customers.import'), hashtext($1))`, [
    workspaceId,
  ]);
}

/** A person's id by e-mail (case-insensitive), and the id of a company with a domain (oldest first). */
export async function selectSenderMatch(db: Db, workspaceId: string, email: string, domain: string) {
  const rows = await rawRows<{
    personId: string | null;
    personCompanyId: string | null;
    companyId: string | null;
  }>(
    db,
    `SELECT (SELECT id FROM people WHERE workspace_id = $1 AND lower(email) = lower($2)) AS "personId",
       (SELECT company_id FROM people WHERE workspace_id = $1 AND lower(email) = lower($2)) AS "personCompanyId",
       (SELECT id FROM companies WHERE workspace_id = $1 AND lower(domain) = lower($3)
         ORDER BY created_at, id LIMIT 1) AS "companyId"`,
    [workspaceId, email, domain],
  );
  return rows[0];
}

/** Locks two people (in id order, so opposite merges never deadlock); returns the ids that exist. */
export async function lockPeople(db: Db, workspaceId: string, ids: string[]) {
  const rows = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM people WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [workspaceId, ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Moves a merged person's close-the-loop history to the survivor: their sends (one per idea and person: where
 * both were told about an idea, the duplicate's send keeps no person, its address still counts as told) and
 * their unsubscribe (kept by address when the survivor has one too). Returns how many sends moved.
 */
export async function moveLoopHistoryOfPerson(db: Db, workspaceId: string, fromId: string, intoId: string) {
  const moved = await rawRows<{ id: string }>(
    db,
    `UPDATE loop_sends s SET person_id = $3 WHERE s.workspace_id = $1 AND s.person_id = $2
       AND NOT EXISTS (SELECT 1 FROM loop_sends o WHERE o.workspace_id = $1 AND o.idea_id = s.idea_id AND o.person_id = $3)
     RETURNING s.id`,
    [workspaceId, fromId, intoId],
  );
  await rawRows(db, `UPDATE loop_sends SET person_id = NULL WHERE workspace_id = $1 AND person_id = $2`, [
    workspaceId,
    fromId,
  ]);
  await rawRows(
    db,
    `UPDATE customer_unsubscribes SET person_id = CASE WHEN EXISTS (SELECT 1 FROM customer_unsubscribes o
       WHERE o.workspace_id = $1 AND o.person_id = $3) THEN NULL ELSE $3::uuid END
     WHERE workspace_id = $1 AND person_id = $2`,
    [workspaceId, fromId, intoId],
  );
  return moved.length;
}

/** The workspace's company segments with how many companies each (no revenue: for filters). */
export async function selectSegments(db: Db, workspaceId: string) {
  return rawRows<{ segment: string; companies: number }>(
    db,
    `SELECT segment, count(*)::int AS companies FROM companies
     WHERE workspace_id = $1 AND segment IS NOT NULL AND segment <> '' GROUP BY segment ORDER BY segment`,
    [workspaceId],
  );
}
