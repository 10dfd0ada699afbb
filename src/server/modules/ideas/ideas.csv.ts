import { parse } from "csv-parse/sync";
import { toCsv } from "../../../shared/csv.ts";
import { CreateIdeaSchema, IMPORT_FIELDS, type ImportResult } from "../../../shared/ideas.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getProduct } from "../products/products.service.ts";
import { ownerIdsByEmail, selectIdeasForExport } from "./ideas.queries.ts";
import { insertNewIdeas, type NewIdea } from "./ideas.service.ts";

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

/**
 * Imports ideas from CSV into a product. Every row is validated first; any error means nothing is created
 * (the dry run and a refused import report the same per-row errors). Rows are inserted in batches.
 */
export async function importIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  o: ImportOptions,
): Promise<ImportResult> {
  await getProduct(db, ctx.workspaceId, productId);
  let records: string[][];
  try {
    records = parse(o.csv.replace(/^\uFEFF/, ""), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (e) {
    throw invalid({ csv: `Not a readable CSV file: ${(e as Error).message.slice(0, 200)}` });
  }
  if (records.length < 1) throw invalid({ csv: "The file has no header row" });
  const [header, ...rows] = records;
  const mapping = o.mapping && Object.keys(o.mapping).length ? o.mapping : guessMapping(header);
  const fields: Record<string, string> = {};
  for (const [f, col] of Object.entries(mapping))
    if (col && !header.includes(col)) fields[`mapping.${f}`] = `No column "${col}"`;
  if (!mapping.title) fields["mapping.title"] = "Choose the column that holds the titles";
  if (Object.keys(fields).length) throw invalid(fields);
  if (rows.length > 50_000) throw invalid({ csv: "Import at most 50,000 rows at a time" });

  const col = Object.fromEntries(
    Object.entries(mapping).map(([f, c]) => [f, header.indexOf(c as string)]),
  ) as Record<Field, number>;
  const cell = (r: string[], f: Field) =>
    col[f] >= 0 && col[f] !== undefined ? (r[col[f]] ?? "").trim() : "";
  const emails = [...new Set(rows.map((r) => cell(r, "ownerEmail").toLowerCase()).filter(Boolean))];
  const owners = new Map((await ownerIdsByEmail(db, ctx.workspaceId, emails)).map((o) => [o.email, o.id]));

  const errors: ImportResult["errors"] = [];
  const ideas: NewIdea[] = [];
  rows.forEach((r, i) => {
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
  });
  const result = {
    dryRun: o.dryRun,
    rows: rows.length,
    created: 0,
    columns: header,
    mapping: mapping as Record<string, string>,
    errors: errors.slice(0, 1000),
  };
  if (o.dryRun || errors.length || !ideas.length) return result;

  const BATCH = 1000;
  for (let i = 0; i < ideas.length; i += BATCH) {
    await insertNewIdeas(db, ctx, productId, ideas.slice(i, i + BATCH), {
      refresh: i + BATCH >= ideas.length,
    });
    o.onProgress?.(Math.min(i + BATCH, ideas.length), ideas.length);
  }
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.import",
    entityType: "product",
    entityId: productId,
    after: { created: ideas.length, columns: header, mapping },
  });
  return { ...result, created: ideas.length };
}

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
