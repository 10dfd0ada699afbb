import type {
  Company,
  CreateCompany,
  CreatePerson,
  Person,
  UpdateCompany,
  UpdatePerson,
} from "../../../shared/feedback.schemas.ts";
import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { conflict, invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import { decodeCursor, toPage } from "../../lib/pagination.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { settleComputedScores, touchBacklogs } from "../scoring/scoring.service.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import {
  deleteCompanyRow,
  deletePersonRow,
  existingIds,
  insertCompany,
  insertPersonIfNew,
  lockPeople,
  moveFeedbackOfPerson,
  moveLoopHistoryOfPerson,
  type RawCompany,
  type RawPerson,
  selectCompaniesOfPeople,
  selectCompany,
  selectCompanyPage,
  selectPerson,
  selectPersonByKeys,
  selectPersonPage,
  selectRevenueBySegment,
  selectSegments,
  selectSenderMatch,
  updateCompanyRow,
  updatePersonRow,
} from "./customers.queries.ts";

/** Who may see revenue: ARR, MRR and currency are left out of every response otherwise. */
export const seesRevenue = (ctx: { role: WorkspaceContext["role"] }) => can(ctx.role, "customers.revenue");

const money = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toCompany(r: RawCompany): Company {
  isoColumns(r, "createdAt", "updatedAt");
  return { ...(r as unknown as Company), arr: money(r.arr), mrr: money(r.mrr) };
}

/** A company as this caller may see it (revenue fields omitted without customers.revenue). */
export function presentCompany(c: Company, ctx: { role: WorkspaceContext["role"] }): Company {
  if (seesRevenue(ctx)) return c;
  const { arr, mrr, currency, ...rest } = c;
  return rest;
}

const moneyText = (v: number | null | undefined) =>
  v === undefined ? undefined : v === null ? null : String(v);

/** A company with every field (revenue included): services only; routes pass it through presentCompany. */
export async function getCompany(db: Db, workspaceId: string, id: string): Promise<Company> {
  const r = await selectCompany(db, workspaceId, id);
  if (!r) throw notFound("Company");
  return toCompany(r);
}

export async function listCompanies(
  db: Db,
  ctx: WorkspaceContext,
  q: { q?: string; cursor?: string; limit: number },
) {
  const rows = await selectCompanyPage(db, ctx.workspaceId, q.q, decodeCursor(q.cursor), q.limit);
  const page = toPage(rows.map(toCompany), q.limit, (c) => ({ at: c.createdAt, id: c.id }));
  return { items: page.items.map((c) => presentCompany(c, ctx)), nextCursor: page.nextCursor };
}

export async function createCompany(db: Db, ctx: WorkspaceContext, input: CreateCompany) {
  if (!seesRevenue(ctx) && (input.arr !== null || input.mrr !== null))
    throw invalid({ arr: "Only people who may see revenue set ARR and MRR" });
  const id = await insertCompany(db, {
    ...input,
    workspaceId: ctx.workspaceId,
    arr: moneyText(input.arr),
    mrr: moneyText(input.mrr),
  });
  const after = await getCompany(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "company.create",
    entityType: "company",
    entityId: id,
    after,
  });
  return presentCompany(after, ctx);
}

export async function updateCompany(db: Db, ctx: WorkspaceContext, id: string, input: UpdateCompany) {
  const before = await getCompany(db, ctx.workspaceId, id);
  const { version, arr, mrr, ...set } = input;
  if (!seesRevenue(ctx) && (arr !== undefined || mrr !== undefined || set.currency !== undefined))
    throw invalid({ arr: "Only people who may see revenue change ARR, MRR or currency" });
  const ok = await updateCompanyRow(db, ctx.workspaceId, id, version, {
    ...set,
    arr: moneyText(arr),
    mrr: moneyText(mrr),
  });
  if (!ok) throw staleVersion("The company");
  if (arr !== undefined || set.segment !== undefined)
    await touchBacklogs(db, ctx.workspaceId, "company", [id]);
  const after = await getCompany(db, ctx.workspaceId, id);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "company.update",
    entityType: "company",
    entityId: id,
    before,
    after,
  });
  // Inbox pages show the company's name and filter by its segment.
  if (after.name !== before.name || after.segment !== before.segment) await touchInbox(db, ctx.workspaceId);
  return presentCompany(after, ctx);
}

/** Deletes a company; its people and feedback stay, without a company. */
export async function deleteCompany(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getCompany(db, ctx.workspaceId, id);
  await touchBacklogs(db, ctx.workspaceId, "company", [id]);
  await deleteCompanyRow(db, ctx.workspaceId, id);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "company.delete",
    entityType: "company",
    entityId: id,
    before,
  });
  await touchInbox(db, ctx.workspaceId);
}

/** The company segments in use, with their company counts (the backlog's and inbox's segment filters). */
export async function listSegments(db: Db, workspaceId: string) {
  return { items: await selectSegments(db, workspaceId) };
}

/** ARR and MRR of the workspace's companies per segment (customers.revenue only). */
export async function revenueBySegment(db: Db, workspaceId: string) {
  const rows = await selectRevenueBySegment(db, workspaceId);
  return { items: rows.map((r) => ({ ...r, arr: Number(r.arr), mrr: Number(r.mrr) })) };
}

function toPerson(r: RawPerson): Person {
  isoColumns(r, "createdAt", "updatedAt");
  return r as unknown as Person;
}

export async function getPerson(db: Db, workspaceId: string, id: string): Promise<Person> {
  const r = await selectPerson(db, workspaceId, id);
  if (!r) throw notFound("Customer");
  return toPerson(r);
}

export async function listPeople(
  db: Db,
  workspaceId: string,
  q: { q?: string; companyId?: string; cursor?: string; limit: number },
) {
  const rows = await selectPersonPage(db, workspaceId, q, decodeCursor(q.cursor), q.limit);
  return toPage(rows.map(toPerson), q.limit, (p) => ({ at: p.createdAt, id: p.id }));
}

/** The unique key a person's insert or update ran into, as a field error (409). */
async function takenKey(
  db: Db,
  workspaceId: string,
  p: { email?: string | null; externalId?: string | null },
  self?: string,
) {
  const rows = await selectPersonByKeys(db, workspaceId, {
    externalId: p.externalId ?? null,
    email: p.email ?? null,
  });
  const other = rows.find((r) => r.id !== self);
  const field = other ? other.by : p.email ? "email" : "externalId";
  return conflict("Another customer already has this e-mail or external id; merge them instead", {
    [field]: `Already used by customer ${other?.id ?? "another customer"}`,
  });
}

async function checkCompany(db: Db, workspaceId: string, companyId: string | null | undefined) {
  if (companyId && !(await existingIds(db, "companies", workspaceId, [companyId])).has(companyId))
    throw notFoundField("companyId");
}

export async function createPerson(db: Db, ctx: WorkspaceContext, input: CreatePerson) {
  await checkCompany(db, ctx.workspaceId, input.companyId);
  const id = await insertPersonIfNew(db, { ...input, workspaceId: ctx.workspaceId });
  if (!id) throw await takenKey(db, ctx.workspaceId, input);
  const after = await getPerson(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "person.create",
    entityType: "person",
    entityId: id,
    after,
  });
  return after;
}

/**
 * Creates or updates a customer matched by external id, else by e-mail: `created` tells which. Parallel
 * upserts of the same new customer make one row (the loser of the insert race updates the winner's).
 */
export async function upsertPerson(db: Db, ctx: WorkspaceContext, input: CreatePerson) {
  await checkCompany(db, ctx.workspaceId, input.companyId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const [match] = await selectPersonByKeys(db, ctx.workspaceId, input);
    if (!match) {
      const id = await insertPersonIfNew(db, { ...input, workspaceId: ctx.workspaceId });
      if (!id) continue; // someone inserted them meanwhile: update theirs
      const after = await getPerson(db, ctx.workspaceId, id);
      await recordAudit(db, ctx.workspaceId, ctx, {
        action: "person.create",
        entityType: "person",
        entityId: id,
        after,
      });
      return { person: after, created: true };
    }
    const before = await getPerson(db, ctx.workspaceId, match.id);
    const set = {
      name: input.name,
      email: input.email ?? before.email,
      externalId: input.externalId ?? before.externalId,
      companyId: input.companyId ?? before.companyId,
      attributes: { ...before.attributes, ...input.attributes },
    };
    const clash = await selectPersonByKeys(db, ctx.workspaceId, set);
    if (clash.some((r) => r.id !== match.id)) throw await takenKey(db, ctx.workspaceId, set, match.id);
    await updatePersonRow(db, ctx.workspaceId, match.id, null, set);
    const after = await getPerson(db, ctx.workspaceId, match.id);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "person.update",
      entityType: "person",
      entityId: match.id,
      before,
      after,
    });
    if (after.name !== before.name) await touchInbox(db, ctx.workspaceId);
    return { person: after, created: false };
  }
  throw conflict("The customer changed while being saved; try again");
}

export async function updatePerson(db: Db, ctx: WorkspaceContext, id: string, input: UpdatePerson) {
  const before = await getPerson(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  await checkCompany(db, ctx.workspaceId, set.companyId);
  // A unique clash is checked first: on PostgreSQL an error would abort the caller's transaction.
  if (set.email || set.externalId) {
    const rows = await selectPersonByKeys(db, ctx.workspaceId, {
      email: set.email ?? null,
      externalId: set.externalId ?? null,
    });
    if (rows.some((r) => r.id !== id)) throw await takenKey(db, ctx.workspaceId, set, id);
  }
  if (!(await updatePersonRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The customer");
  const after = await getPerson(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "person.update",
    entityType: "person",
    entityId: id,
    before,
    after,
  });
  // Inbox pages show the author's name.
  if (after.name !== before.name) await touchInbox(db, ctx.workspaceId);
  return after;
}

/** Deletes a customer; their feedback stays, without an author. */
export async function deletePerson(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getPerson(db, ctx.workspaceId, id);
  await touchBacklogs(db, ctx.workspaceId, "person", [id]);
  await deletePersonRow(db, ctx.workspaceId, id);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "person.delete",
    entityType: "person",
    entityId: id,
    before,
  });
  await touchInbox(db, ctx.workspaceId);
}

/**
 * Merges a duplicate customer into a survivor: their feedback and close-the-loop history (sends,
 * unsubscribe) move, the survivor keeps its own e-mail,
 * external id and company and takes the duplicate's where it has none; the duplicate is deleted.
 */
export async function mergePerson(db: Db, ctx: WorkspaceContext, id: string, intoId: string) {
  if (id === intoId) throw invalid({ intoId: "A customer cannot be merged into themselves" });
  // Both rows locked first (id order): a parallel merge or edit of either waits, then sees the result.
  const locked = await lockPeople(db, ctx.workspaceId, [id, intoId]);
  if (!locked.has(id)) throw notFound("Customer");
  if (!locked.has(intoId)) throw notFoundField("intoId");
  const from = await getPerson(db, ctx.workspaceId, id);
  const into = await selectPerson(db, ctx.workspaceId, intoId);
  if (!into) throw notFoundField("intoId");
  const moved = await moveFeedbackOfPerson(db, ctx.workspaceId, id, intoId, into.companyId ?? from.companyId);
  const movedSends = await moveLoopHistoryOfPerson(db, ctx.workspaceId, id, intoId);
  await touchBacklogs(db, ctx.workspaceId, "person", [intoId]);
  await deletePersonRow(db, ctx.workspaceId, id);
  await updatePersonRow(db, ctx.workspaceId, intoId, null, {
    email: into.email ?? from.email,
    externalId: into.externalId ?? from.externalId,
    companyId: into.companyId ?? from.companyId,
    attributes: { ...from.attributes, ...(into.attributes as Record<string, unknown>) },
  });
  const after = await getPerson(db, ctx.workspaceId, intoId);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    {
      action: "person.merge",
      entityType: "person",
      entityId: id,
      before: from,
      after: { mergedIntoId: intoId, movedFeedback: moved, movedSends },
    },
    { action: "person.absorb", entityType: "person", entityId: intoId, before: toPerson(into), after },
  );
  await touchInbox(db, ctx.workspaceId);
  return after;
}

/** Referenced people and companies that are not this workspace's: field → message (for batch errors). */
export async function missingCustomers(
  db: Db,
  workspaceId: string,
  refs: { people: string[]; companies: string[] },
) {
  const [p, c] = await Promise.all([
    existingIds(db, "people", workspaceId, [...new Set(refs.people)]),
    existingIds(db, "companies", workspaceId, [...new Set(refs.companies)]),
  ]);
  return { people: p, companies: c };
}

/** Each person's company id (feedback by a customer counts for their company). */
export const companiesOfPeople = (db: Db, workspaceId: string, ids: string[]) =>
  selectCompaniesOfPeople(db, workspaceId, [...new Set(ids)]);

/**
 * The customer who sent a mail: the person with that e-mail, else a new person (named as the mail names
 * them, else by the address) in the company whose domain is the address's domain, if one has it. Parallel
 * mail from the same new sender makes one person (the insert race's loser reads the winner's).
 */
export async function customerForSender(
  db: Db,
  ctx: WorkspaceContext,
  sender: { email: string; name: string | null },
) {
  const email = sender.email.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  for (let attempt = 0; attempt < 2; attempt++) {
    const m = await selectSenderMatch(db, ctx.workspaceId, email, domain);
    if (m.personId) return { personId: m.personId, companyId: m.personCompanyId, created: false };
    const name = (sender.name?.trim() || email).slice(0, 200);
    const id = await insertPersonIfNew(db, {
      workspaceId: ctx.workspaceId,
      name,
      email,
      companyId: m.companyId,
    });
    if (!id) continue;
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "person.create",
      entityType: "person",
      entityId: id,
      after: { id, name, email, companyId: m.companyId, via: "email" },
    });
    return { personId: id, companyId: m.companyId, created: true };
  }
  throw conflict("The customer changed while being saved; try again");
}
