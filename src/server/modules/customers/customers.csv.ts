import { randomUUID } from "node:crypto";
import { CreateCompanySchema, CreatePersonSchema } from "../../../shared/feedback.schemas.ts";
import {
  CSV_IMPORT_MAX_ROWS,
  CUSTOMER_ALIASES,
  CUSTOMER_IMPORT_FIELDS,
  type CustomerImportField,
  type CustomerImportResult,
  guessColumns,
  type ImportCustomers,
  type RowError,
} from "../../../shared/imports.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { readMappedCsv } from "../../lib/csv-read.ts";
import { eachChunk, inSteps, type Steps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { settleComputedScores, touchBacklogs } from "../scoring/scoring.service.ts";
import { touchInbox } from "../workspaces/workspaces.service.ts";
import {
  insertCompanies,
  insertPeopleIfNew,
  lockCustomerImports,
  type RawCompany,
  selectCompaniesByKeys,
  selectPeopleByEmails,
  selectPeopleByExternalIds,
  updateCompanyRow,
  updatePersonRow,
} from "./customers.queries.ts";
import { seesRevenue } from "./customers.service.ts";

/** Companies or people resolved and written per step (one short transaction each on PGlite). */
const CHUNK = 250;
const REVENUE: CustomerImportField[] = ["arr", "mrr", "currency"];

interface CompanyIn {
  key: string; // lower(domain), else lower(name)
  name: string;
  domain: string | null;
  set: Partial<Record<"segment" | "plan" | "arr" | "mrr" | "currency", string | number>>;
}
interface PersonIn {
  row: number;
  externalId: string | null;
  email: string | null;
  name: string | null;
  companyKey: string | null;
}

/** Runs stepped work on the server's database (PGlite: short steps), or in one transaction of a bare Db (CLI). */
export function runInSteps<T>(target: Database | Db, work: (steps: Steps) => Promise<T>): Promise<T> {
  if ("yieldToInteractive" in target) return inSteps(target as Database, work);
  return (target as Db).transaction((tx) => work({ separate: false, run: (fn) => fn(tx) }));
}
const dbOf = (target: Database | Db): Db =>
  "yieldToInteractive" in target ? (target as Database).db : (target as Db);

const money = (v: string) => {
  const n = Number(v.replace(/[\s,_]/g, "").replace(/^[$€£]/, ""));
  return Number.isFinite(n) ? n : Number.NaN;
};

/** Reads and checks a customers CSV (no writes): per-row errors, and the companies and people it names. */
async function prepare(ctx: WorkspaceContext, o: ImportCustomers) {
  const csv = await readMappedCsv<CustomerImportField>(o.csv, {
    mapping: o.mapping,
    guess: (h) => guessColumns(CUSTOMER_IMPORT_FIELDS, CUSTOMER_ALIASES, h),
    required: {},
    maxRows: CSV_IMPORT_MAX_ROWS,
  });
  const { mapping, rows, cell } = csv;
  const fields: Record<string, string> = {};
  if (
    !mapping.name &&
    !mapping.email &&
    !mapping.externalId &&
    !mapping.companyName &&
    !mapping.companyDomain
  )
    fields["mapping.name"] = "Map a column to a person's name, e-mail or external id, or to a company";
  if (!seesRevenue(ctx))
    for (const f of REVENUE)
      if (mapping[f]) fields[`mapping.${f}`] = "Only people who may see revenue import ARR, MRR or currency";
  if (Object.keys(fields).length) throw invalid(fields);

  const errors: RowError[] = [];
  const companies = new Map<string, CompanyIn>();
  const people = new Map<string, PersonIn>();
  const check = (r: string[], i: number) => {
    const row = i + 2;
    const rowErrors: RowError[] = [];
    const err = (field: string, message: string) => rowErrors.push({ row, field, message });
    let companyKey: string | null = null;
    const cName = cell(r, "companyName");
    const cDomain = cell(r, "companyDomain").toLowerCase();
    const set: CompanyIn["set"] = {};
    for (const f of ["segment", "plan", "currency"] as const) if (cell(r, f)) set[f] = cell(r, f);
    for (const f of ["arr", "mrr"] as const)
      if (cell(r, f)) {
        const n = money(cell(r, f));
        if (Number.isNaN(n)) err(f, `"${cell(r, f).slice(0, 40)}" is not an amount`);
        else set[f] = n;
      }
    if (cName || cDomain) {
      const parsed = CreateCompanySchema.safeParse({
        name: cName || cDomain,
        domain: cDomain || null,
        ...set,
      });
      if (!parsed.success)
        for (const issue of parsed.error.issues) {
          const f = String(issue.path[0] ?? "row");
          err(f === "name" ? "companyName" : f === "domain" ? "companyDomain" : f, issue.message);
        }
      else {
        companyKey = cDomain || cName.toLowerCase();
        if (parsed.data.currency) set.currency = parsed.data.currency;
      }
    } else if (Object.keys(set).length) err("companyName", "Name the company these values belong to");
    const email = cell(r, "email");
    const externalId = cell(r, "externalId");
    const name = cell(r, "name");
    let person: PersonIn | null = null;
    if (email || externalId || name) {
      if (!email && !externalId) err("email", "Give an e-mail or an external id to match the person by");
      const parsed = CreatePersonSchema.safeParse({
        name: name || email || externalId,
        email: email || null,
        externalId: externalId || null,
      });
      if (!parsed.success)
        for (const issue of parsed.error.issues) err(String(issue.path[0] ?? "row"), issue.message);
      else
        person = {
          row,
          email: parsed.data.email,
          externalId: parsed.data.externalId,
          name: name ? parsed.data.name : null,
          companyKey,
        };
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    if (companyKey) {
      const before = companies.get(companyKey);
      companies.set(companyKey, {
        key: companyKey,
        name: cName || before?.name || cDomain,
        domain: cDomain || before?.domain || null,
        set: { ...before?.set, ...set },
      });
    }
    if (person) {
      // The same person twice in the file (same external id, else e-mail): the later row's values win.
      const k = person.externalId ? `x:${person.externalId}` : `e:${person.email}`;
      const before = people.get(k);
      people.set(k, {
        row,
        email: person.email ?? before?.email ?? null,
        externalId: person.externalId,
        name: person.name ?? before?.name ?? null,
        companyKey: person.companyKey ?? before?.companyKey ?? null,
      });
    }
  };
  await eachChunk(rows, 500, (chunk, start) => {
    for (const [j, r] of chunk.entries()) check(r, start + j);
  });
  return { csv, errors, companies: [...companies.values()], people: [...people.values()] };
}

/** Whether `set` changes any of `before`'s values (amounts compared as numbers: "1000.00" is 1000). */
const same = (b: unknown, v: unknown) =>
  b === v ||
  (b !== null && b !== undefined && v !== null && v !== undefined && String(b) === String(v)) ||
  (typeof b === "string" &&
    typeof v === "string" &&
    b.trim() !== "" &&
    v.trim() !== "" &&
    Number(b) === Number(v));
const changed = (before: Record<string, unknown>, set: Record<string, unknown>) =>
  Object.entries(set).some(([k, v]) => !same(before[k], v));

/** Resolves (and with `write`, stores) a chunk of companies: their ids by key, and what changed. */
async function applyCompanies(db: Db, ctx: WorkspaceContext, chunk: readonly CompanyIn[], write: boolean) {
  const wid = ctx.workspaceId;
  const found = await selectCompaniesByKeys(
    db,
    wid,
    chunk.map((c) => c.key),
  );
  const byDomain = new Map<string, RawCompany>();
  const byName = new Map<string, RawCompany>();
  for (const c of found) {
    const domain = (c.domain as string | null)?.toLowerCase();
    if (domain && !byDomain.has(domain)) byDomain.set(domain, c);
    if (!byName.has(c.name.toLowerCase())) byName.set(c.name.toLowerCase(), c);
  }
  const ids = new Map<string, string>();
  let created = 0;
  let updated = 0;
  const inserts: Parameters<typeof insertCompanies>[1] = [];
  const touched: string[] = [];
  for (const c of chunk) {
    const match = c.domain ? byDomain.get(c.domain) : byName.get(c.name.toLowerCase());
    const set: Record<string, unknown> = { ...c.set, name: c.name };
    if (c.domain) set.domain = c.domain;
    for (const k of ["arr", "mrr"]) if (set[k] !== undefined) set[k] = String(set[k]);
    if (!match) {
      const id = randomUUID();
      ids.set(c.key, id);
      created++;
      inserts.push({ workspaceId: wid, id, ...(set as { name: string }) });
      continue;
    }
    ids.set(c.key, match.id);
    if (!changed(match, set)) continue;
    updated++;
    if (write) {
      await updateCompanyRow(db, wid, match.id, match.version as number, set);
      touched.push(match.id);
    }
  }
  if (write) {
    await insertCompanies(db, inserts);
    // One bump of the backlogs showing these companies' evidence for the chunk, not one per row.
    await touchBacklogs(db, wid, "company", touched);
    await settleComputedScores(db, wid);
  }
  return { ids, created, updated };
}

/** Resolves (and with `write`, stores) a chunk of people: matched by external id, else e-mail. */
async function applyPeople(
  db: Db,
  ctx: WorkspaceContext,
  chunk: readonly PersonIn[],
  companyIds: Map<string, string>,
  write: boolean,
  errors: RowError[],
) {
  const wid = ctx.workspaceId;
  const [byX, byE] = await Promise.all([
    selectPeopleByExternalIds(
      db,
      wid,
      chunk.flatMap((p) => (p.externalId ? [p.externalId] : [])),
    ),
    selectPeopleByEmails(
      db,
      wid,
      chunk.flatMap((p) => (p.email ? [p.email] : [])),
    ),
  ]);
  const ext = new Map(byX.map((p) => [p.externalId, p]));
  const mail = new Map(byE.map((p) => [p.email, p]));
  let created = 0;
  let updated = 0;
  const inserts: Parameters<typeof insertPeopleIfNew>[1] = [];
  const touched: string[] = [];
  for (const p of chunk) {
    const companyId = p.companyKey ? (companyIds.get(p.companyKey) ?? null) : null;
    const match = (p.externalId && ext.get(p.externalId)) || (p.email && mail.get(p.email)) || null;
    const other = p.email ? mail.get(p.email) : undefined;
    if (match && other && other.id !== match.id) {
      errors.push({
        row: p.row,
        field: "email",
        message: `${p.email} belongs to another customer than external id ${p.externalId}: merge them first`,
      });
      continue;
    }
    if (!match) {
      created++;
      inserts.push({
        workspaceId: wid,
        name: p.name ?? p.email ?? (p.externalId as string),
        email: p.email,
        externalId: p.externalId,
        companyId,
      });
      continue;
    }
    const set: Record<string, unknown> = {};
    if (p.name) set.name = p.name;
    if (p.email) set.email = p.email;
    if (p.externalId) set.externalId = p.externalId;
    if (companyId) set.companyId = companyId;
    if (!changed(match as never, set)) continue;
    updated++;
    if (write) {
      await updatePersonRow(db, wid, match.id, null, set);
      if (companyId && companyId !== match.companyId) touched.push(match.id);
    }
  }
  if (write) {
    await touchBacklogs(db, wid, "person", touched);
    await settleComputedScores(db, wid);
    const ids = await insertPeopleIfNew(db, inserts);
    created -= inserts.length - ids.length; // a parallel import made them first
  }
  return { created, updated };
}

/**
 * Imports companies and people from CSV: companies matched by domain, else name (case-insensitive), people
 * by external id, else e-mail; matched ones are updated with the row's non-empty values. Any row error means
 * nothing is written; a dry run reports the errors and the counts it would create and update. Written in
 * short steps on PGlite; parallel imports of a workspace take turns (an advisory lock per step/transaction).
 */
export async function importCustomers(
  target: Database | Db,
  ctx: WorkspaceContext,
  o: ImportCustomers,
  onProgress?: (done: number, total: number) => void,
): Promise<CustomerImportResult> {
  const p = await prepare(ctx, o);
  const result: CustomerImportResult = {
    dryRun: o.dryRun,
    rows: p.csv.rows.length,
    columns: p.csv.header,
    mapping: p.csv.mapping as Record<string, string>,
    errors: p.errors.slice(0, 1000),
    companies: { created: 0, updated: 0 },
    people: { created: 0, updated: 0 },
  };
  if (p.errors.length) return result;
  const total = p.companies.length + p.people.length;
  const run = async (steps: Steps, write: boolean) => {
    const companyIds = new Map<string, string>();
    const conflicts: RowError[] = [];
    for (let i = 0; i < p.companies.length; i += CHUNK) {
      const chunk = p.companies.slice(i, i + CHUNK);
      await steps.run(async (tx) => {
        if (write) await lockCustomerImports(tx, ctx.workspaceId);
        const r = await applyCompanies(tx, ctx, chunk, write);
        for (const [k, id] of r.ids) companyIds.set(k, id);
        result.companies.created += r.created;
        result.companies.updated += r.updated;
        // Renamed or re-segmented companies change inbox pages; in one shared transaction, bumped once at the end.
        if (write && steps.separate && r.updated) await touchInbox(tx, ctx.workspaceId);
      });
      onProgress?.(Math.min(i + CHUNK, p.companies.length), total);
    }
    for (let i = 0; i < p.people.length; i += CHUNK) {
      const chunk = p.people.slice(i, i + CHUNK);
      await steps.run(async (tx) => {
        if (write) await lockCustomerImports(tx, ctx.workspaceId);
        const r = await applyPeople(tx, ctx, chunk, companyIds, write, conflicts);
        result.people.created += r.created;
        result.people.updated += r.updated;
        if (write && steps.separate && r.updated) await touchInbox(tx, ctx.workspaceId);
      });
      onProgress?.(p.companies.length + Math.min(i + CHUNK, p.people.length), total);
    }
    if (write)
      await steps.run(async (tx) => {
        await recordAudit(tx, ctx.workspaceId, ctx, {
          action: "customers.import",
          entityType: "workspace",
          entityId: ctx.workspaceId,
          after: {
            rows: result.rows,
            columns: result.columns,
            mapping: result.mapping,
            companies: result.companies,
            people: result.people,
          },
        });
        // On PGlite each step bumped already.
        if (!steps.separate && (result.companies.updated || result.people.updated))
          await touchInbox(tx, ctx.workspaceId);
      });
    return conflicts;
  };
  if (o.dryRun) {
    const db = dbOf(target);
    result.errors.push(...(await run({ separate: false, run: (fn) => fn(db) }, false)));
    return result;
  }
  // Conflicts (an e-mail owned by another customer than the row's external id) are found without writing first.
  const conflicts = await run({ separate: false, run: (fn) => fn(dbOf(target)) }, false);
  result.companies = { created: 0, updated: 0 };
  result.people = { created: 0, updated: 0 };
  if (conflicts.length) return { ...result, errors: conflicts.slice(0, 1000) };
  result.companies = { created: 0, updated: 0 };
  result.people = { created: 0, updated: 0 };
  await runInSteps(target, (steps) => run(steps, true));
  return result;
}

const KEYS_PER_QUERY = 5000;

/** Customers by e-mail (lower-case), for imports that name authors by e-mail. */
export async function peopleByEmail(db: Db, workspaceId: string, emails: string[]) {
  const out = new Map<string, { id: string; companyId: string | null }>();
  for (let i = 0; i < emails.length; i += KEYS_PER_QUERY)
    for (const p of await selectPeopleByEmails(db, workspaceId, emails.slice(i, i + KEYS_PER_QUERY)))
      out.set(p.email, { id: p.id, companyId: p.companyId });
  return out;
}

/** Companies by lower-case name or domain (a domain wins over another company's name). */
export async function companiesByKey(db: Db, workspaceId: string, keys: string[]) {
  const out = new Map<string, string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await selectCompaniesByKeys(db, workspaceId, keys.slice(i, i + KEYS_PER_QUERY));
    for (const c of rows) if (!out.has(c.name.toLowerCase())) out.set(c.name.toLowerCase(), c.id);
    for (const c of rows) if (c.domain) out.set(c.domain.toLowerCase(), c.id);
  }
  return out;
}

/**
 * Creates customers for e-mails (→ name) that match nobody, in the caller's transaction; returns every
 * e-mail's customer id and how many were created (a parallel import may have made some first).
 */
export async function ensurePeopleByEmail(db: Db, ctx: WorkspaceContext, wanted: Map<string, string>) {
  const emails = [...wanted.keys()];
  let created = 0;
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows = emails.slice(i, i + CHUNK).map((email) => ({
      workspaceId: ctx.workspaceId,
      name: (wanted.get(email) as string).slice(0, 200),
      email,
    }));
    created += (await insertPeopleIfNew(db, rows)).length;
  }
  const found = await peopleByEmail(db, ctx.workspaceId, emails);
  if (created)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "person.import",
      entityType: "workspace",
      entityId: ctx.workspaceId,
      after: { created, via: "feedback import" },
    });
  return { created, ids: new Map([...found].map(([e, p]) => [e, p.id])) };
}
