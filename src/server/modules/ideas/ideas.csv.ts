import { randomUUID } from "node:crypto";
import { toCsv } from "../../../shared/csv.ts";
import { CreateIdeaSchema, IMPORT_FIELDS, type ImportResult } from "../../../shared/ideas.schemas.ts";
import { isStorableText } from "../../../shared/primitives.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Database, Db } from "../../db/client.ts";
import { addMs, type Clock, systemClock } from "../../lib/clock.ts";
import { readMappedCsv } from "../../lib/csv-read.ts";
import { eachChunk, inSteps, nextTurn, StepSizer, type Steps } from "../../lib/steps.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { type JobHandlers, scheduleJob, unscheduleJob } from "../jobs/jobs.service.ts";
import { getProduct } from "../products/products.service.ts";
import {
  lockProductScores,
  refreshProductScores,
  rescoreProductInSteps,
} from "../scoring/scoring.service.ts";
import {
  deleteIdeaNumbers,
  ownerIdsByEmail,
  reserveIdeaNumbers,
  selectIdeasForExport,
} from "./ideas.queries.ts";
import { insertNewIdeas, insertNumberedIdeas, type NewIdea } from "./ideas.service.ts";

type Field = (typeof IMPORT_FIELDS)[number];
const NUMERIC: Field[] = ["effort", "reach", "impact", "confidence", "ease"];
const ALIASES: Record<Field, string[]> = {
  title: ["title", "name", "idea", "summary", "subject"],
  description: ["description", "details", "body", "notes"],
  status: ["status", "state"],
  tags: ["tags", "labels", "tag"],
  ownerEmail: ["owner", "owner email", "owneremail", "assignee", "owner_email"],
  effort: ["effort", "estimate", "size", "effort estimate"],
  reach: ["reach"],
  impact: ["impact"],
  confidence: ["confidence"],
  ease: ["ease"],
};
const STATUS_WORDS: Record<string, string> = {
  new: "new",
  "under review": "under_review",
  under_review: "under_review",
  planned: "planned",
  "in progress": "in_progress",
  in_progress: "in_progress",
  shipped: "shipped",
  done: "shipped",
  declined: "declined",
};

/** Guesses which CSV column feeds which field from the header names. */
export function guessMapping(columns: string[]): Partial<Record<Field, string>> {
  const norm = (s: string) => s.trim().toLowerCase().replace(/[_-]+/g, " ");
  const out: Partial<Record<Field, string>> = {};
  for (const f of IMPORT_FIELDS) {
    const hit = columns.find((c) => ALIASES[f].includes(norm(c)));
    if (hit) out[f] = hit;
  }
  return out;
}

export interface ImportOptions {
  csv: string;
  mapping?: Partial<Record<Field, string>>;
  dryRun: boolean;
  onProgress?: (done: number, total: number) => void;
}

interface PreparedImport {
  result: ImportResult;
  ideas: NewIdea[];
  header: string[];
  mapping: Partial<Record<Field, string>>;
}

/** Rows checked between two turns of the event loop. */
const CHUNK_ROWS = 500;

/** Reads and checks a CSV import (no writes): the per-row errors, and the ideas to create when there are none. */
async function prepareImport(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  o: ImportOptions,
): Promise<PreparedImport> {
  await getProduct(db, ctx.workspaceId, productId);
  const { header, rows, mapping, cell } = await readMappedCsv<Field>(o.csv, {
    mapping: o.mapping,
    guess: guessMapping,
    required: { title: "Choose the column that holds the titles" },
    maxRows: 50_000,
  });
  const emails = [
    // An address with a NUL cannot be looked up: it is reported as "not a member" below.
    ...new Set(rows.map((r) => cell(r, "ownerEmail").toLowerCase()).filter((e) => e && isStorableText(e))),
  ];
  const owners = new Map((await ownerIdsByEmail(db, ctx.workspaceId, emails)).map((o) => [o.email, o.id]));

  const errors: ImportResult["errors"] = [];
  const ideas: NewIdea[] = [];
  const check = (r: string[], i: number) => {
    const row = i + 2; // 1-based, after the header
    const rowErrors: ImportResult["errors"] = [];
    const inputs: Record<string, number | null> = {};
    for (const f of NUMERIC) {
      const v = cell(r, f);
      if (!v) continue;
      const n = Number(v.replace(/%$/, ""));
      if (!Number.isFinite(n))
        rowErrors.push({ row, field: f, message: `"${v.slice(0, 40)}" is not a number` });
      else inputs[f] = n;
    }
    const statusWord = cell(r, "status").toLowerCase();
    const status = statusWord ? STATUS_WORDS[statusWord] : "new";
    if (!status)
      rowErrors.push({ row, field: "status", message: `Unknown status "${statusWord.slice(0, 40)}"` });
    const email = cell(r, "ownerEmail").toLowerCase();
    const ownerId = email ? (owners.get(email) ?? null) : null;
    if (email && !ownerId)
      rowErrors.push({ row, field: "ownerEmail", message: `${email.slice(0, 80)} is not a member` });
    const parsed = CreateIdeaSchema.safeParse({
      title: cell(r, "title"),
      description: cell(r, "description"),
      status: status ?? "new",
      ownerId,
      tags: cell(r, "tags")
        .split(/[,;|]/)
        .map((t) => t.trim())
        .filter(Boolean),
      inputs,
    });
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        rowErrors.push({ row, field: issue.path.join(".") || "row", message: issue.message });
    if (rowErrors.length) errors.push(...rowErrors);
    else if (parsed.success) ideas.push(parsed.data as NewIdea);
  };
  await eachChunk(rows, CHUNK_ROWS, (chunk, start) => {
    for (const [j, r] of chunk.entries()) check(r, start + j);
  });
  const result = {
    dryRun: o.dryRun,
    rows: rows.length,
    created: 0,
    columns: header,
    mapping: mapping as Record<string, string>,
    errors: errors.slice(0, 1000),
  };
  return { result, ideas: o.dryRun || errors.length ? [] : ideas, header, mapping };
}

const auditImport = (db: Db, ctx: WorkspaceContext, productId: string, p: PreparedImport) =>
  recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.import",
    entityType: "product",
    entityId: productId,
    after: { created: p.ideas.length, columns: p.header, mapping: p.mapping },
  });

/** Writes a checked import in the caller's transaction, in batches. */
async function writeImport(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  p: PreparedImport,
  onProgress?: ImportOptions["onProgress"],
) {
  // Batches small enough that building one (JS) is short, with a turn of the event loop between them.
  const BATCH = 250;
  for (let i = 0; i < p.ideas.length; i += BATCH) {
    if (i > 0) await nextTurn();
    await insertNewIdeas(db, ctx, productId, p.ideas.slice(i, i + BATCH), {
      refresh: i + BATCH >= p.ideas.length,
    });
    onProgress?.(Math.min(i + BATCH, p.ideas.length), p.ideas.length);
  }
  await auditImport(db, ctx, productId, p);
}

/**
 * Imports ideas from CSV into a product, in the caller's transaction. Every row is validated first; any error
 * means nothing is created (the dry run and a refused import report the same per-row errors).
 */
export async function importIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  o: ImportOptions,
): Promise<ImportResult> {
  const p = await prepareImport(db, ctx, productId, o);
  if (!p.ideas.length) return p.result;
  await writeImport(db, ctx, productId, p, o.onProgress);
  return { ...p.result, created: p.ideas.length };
}

/**
 * The API's import: the same checks and result as importIdeas, without holding the database meanwhile. The
 * file is parsed and checked outside any transaction; then PostgreSQL writes it in one transaction, and
 * PGlite in short steps (lib/steps.ts): numbers reserved and an undo job scheduled first, ideas in batches
 * of about STEP_MS each (visible, unranked, as they land), ranks in steps, then the audit and the job's
 * cancellation. Any failure deletes what was written (the job does it after a crash): all or nothing.
 */
export async function importIdeasInSteps(
  database: Database,
  ctx: WorkspaceContext,
  productId: string,
  o: ImportOptions & { clock?: Clock },
): Promise<ImportResult> {
  const p = await prepareImport(database.db, ctx, productId, o);
  if (!p.ideas.length) return p.result;
  await inSteps(database, async (steps) => {
    if (!steps.separate) return steps.run((tx) => writeImport(tx, ctx, productId, p, o.onProgress));
    return writeInSteps(steps, ctx, productId, p, o.clock ?? systemClock, o.onProgress);
  });
  return { ...p.result, created: p.ideas.length };
}

/** The durable undo of an import written in steps: due only if the import stops renewing it (a crash). */
const UNDO_KIND = "ideas.import.undo";
const UNDO_AFTER_MS = 5 * 60_000;
type UndoPayload = {
  productId: string;
  first: number;
  count: number;
};

async function writeInSteps(
  steps: Steps,
  ctx: WorkspaceContext,
  productId: string,
  p: PreparedImport,
  clock: Clock,
  onProgress?: ImportOptions["onProgress"],
) {
  const wid = ctx.workspaceId;
  const n = p.ideas.length;
  const key = `${UNDO_KIND}:${randomUUID()}`;
  const undoJob = (payload: UndoPayload) => ({
    workspaceId: wid,
    kind: UNDO_KIND,
    key,
    runAt: addMs(clock.now(), UNDO_AFTER_MS).toISOString(),
    payload,
  });
  let renewed = clock.now().getTime();
  const first = await steps.run(async (tx) => {
    await getProduct(tx, wid, productId);
    const first = await reserveIdeaNumbers(tx, wid, productId, n);
    await scheduleJob(tx, undoJob({ productId, first, count: n }));
    return first;
  });
  try {
    const sizer = new StepSizer(50, 20, 1000);
    for (let i = 0; i < n; ) {
      const batch = p.ideas.slice(i, i + sizer.next());
      await steps.run(async (tx) => {
        const t0 = performance.now();
        await insertNumberedIdeas(tx, ctx, productId, batch, first + i);
        if (clock.now().getTime() - renewed > UNDO_AFTER_MS / 5) {
          await scheduleJob(tx, undoJob({ productId, first, count: n }));
          renewed = clock.now().getTime();
        }
        sizer.took(batch.length, performance.now() - t0);
      });
      i += batch.length;
      onProgress?.(i, n);
    }
    await rescoreProductInSteps(steps, wid, productId);
    await steps.run(async (tx) => {
      await auditImport(tx, ctx, productId, p);
      await unscheduleJob(tx, key);
    });
  } catch (err) {
    // Best effort now; the undo job does it otherwise.
    await undoInSteps(steps, wid, { productId, first, count: n })
      .then(() => steps.run((tx) => unscheduleJob(tx, key)))
      .catch(() => undefined);
    throw err;
  }
}

/** Deletes an import's ideas (by their reserved numbers) in short steps, then re-ranks the product. */
async function undoInSteps(steps: Steps, workspaceId: string, u: UndoPayload) {
  const BATCH = 250;
  for (let from = u.first; from < u.first + u.count; from += BATCH) {
    const to = Math.min(from + BATCH, u.first + u.count);
    await steps.run((tx) => deleteIdeaNumbers(tx, workspaceId, u.productId, from, to));
  }
  await rescoreProductInSteps(steps, workspaceId, u.productId);
}

/** The undo job: an import written in steps stopped half-way (the process died): its ideas go. */
export const ideaImportJobHandlers: JobHandlers = {
  [UNDO_KIND]: async (db, job) => {
    const u = job.payload as UndoPayload; // written by undoJob above
    if (!job.workspaceId) return;
    await deleteIdeaNumbers(db, job.workspaceId, u.productId, u.first, u.first + u.count);
    await lockProductScores(db, job.workspaceId, u.productId);
    await refreshProductScores(db, job.workspaceId, u.productId);
  },
};

const EXPORT_COLUMNS = [
  "number",
  "title",
  "description",
  "status",
  "tags",
  "ownerEmail",
  "effort",
  "reach",
  "impact",
  "confidence",
  "ease",
  "businessValue",
  "timeCriticality",
  "riskReduction",
  "jobSize",
  "rank",
  "score",
  "scoreWeighted",
  "scoreRice",
  "scoreIce",
  "scoreWsjf",
  "voters",
  "pinnedRank",
  "pinReason",
  "createdAt",
] as const;

/** Every idea of a product, in backlog order, as CSV (re-importable) or JSON. */
export async function exportIdeas(db: Db, workspaceId: string, productId: string, format: "csv" | "json") {
  await getProduct(db, workspaceId, productId);
  const rows = await selectIdeasForExport(db, workspaceId, productId);
  const records = rows.map((r) =>
    Object.fromEntries(
      EXPORT_COLUMNS.map((c) => {
        const v = r[c];
        if (c === "createdAt") return [c, new Date(v as string).toISOString()];
        return [c, c === "tags" ? (v as string[]).join(", ") : (v ?? null)];
      }),
    ),
  );
  if (format === "json") return JSON.stringify(records, null, 2);
  return toCsv(
    EXPORT_COLUMNS,
    records.map((r) => EXPORT_COLUMNS.map((c) => r[c])),
  );
}
