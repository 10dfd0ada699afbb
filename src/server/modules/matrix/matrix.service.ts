import type {
  CreateMatrixRow,
  IdeaCompetitors,
  Matrix,
  MatrixCell,
  MatrixColumn,
  MatrixRow,
  MatrixView,
  PutMatrixCell,
  UpdateMatrixRow,
} from "../../../shared/matrix.schemas.ts";
import {
  type CellStatus,
  compareGaps,
  isStale,
  rowCoverage,
  STALE_AFTER_DAYS,
} from "../../../shared/matrix.ts";
import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoOrNull, isoTimestamp } from "../../db/schema.ts";
import { conflict, forbidden, invalid, notFound, notFoundField, staleVersion } from "../../errors.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { createIdea, readIdea } from "../ideas/ideas.service.ts";
import { getItem } from "../roadmaps/items.service.ts";
import { getRoadmap } from "../roadmaps/roadmaps.service.ts";
import { settleComputedScores, touchProductBacklogs } from "../scoring/scoring.service.ts";
import {
  countRowsOfProduct,
  deleteRow,
  ideasWithRows,
  insertRows,
  nameTaken,
  type RawCell,
  type RawCellTuple,
  type RawRow,
  type RowSet,
  reorderRows,
  selectCell,
  selectColumnsOfProducts,
  selectCompetitorForProduct,
  selectIdeasOfProduct,
  selectMatrixFingerprint,
  selectProductColumns,
  selectRows,
  selectRowsById,
  selectRowsOfIdea,
  touchRow,
  updateRow,
  upsertCell,
} from "./matrix.queries.ts";

function toCell(c: RawCell, now: Date): MatrixCell {
  const verifiedAt = isoOrNull(c.verifiedAt);
  return {
    status: c.status,
    note: c.note,
    sourceUrl: c.sourceUrl,
    verifiedAt,
    verifiedBy: c.verifiedBy,
    changeId: c.changeId,
    stale: isStale(c.status, verifiedAt, now),
    version: c.version,
  };
}

/** A column without a cell: unknown, never verified (not stale: it claims nothing). */
const EMPTY_CELL: MatrixCell = {
  status: "unknown",
  note: "",
  sourceUrl: null,
  verifiedAt: null,
  verifiedBy: null,
  changeId: null,
  stale: false,
  version: 0,
};

const fromTuple = (rowId: string, t: RawCellTuple): RawCell => ({
  capabilityId: rowId,
  competitorId: t[0],
  status: t[1],
  note: t[2],
  sourceUrl: t[3],
  verifiedAt: t[4],
  verifiedBy: t[5],
  changeId: t[6],
  version: t[7],
});

/** Rows as the API shows them: our cell, the columns' cells, coverage; other competitors' cells left out. */
function toRows(raw: RawRow[], columns: MatrixColumn[], now: Date): MatrixRow[] {
  const wanted = new Set(columns.map((c) => c.id));
  return raw.map((r) => {
    const rowCells: Record<string, MatrixCell> = {};
    for (const t of r.cells ?? []) if (wanted.has(t[0])) rowCells[t[0]] = toCell(fromTuple(r.id, t), now);
    const cov = rowCoverage(
      r.oursStatus,
      Object.values(rowCells).map((c) => c.status),
    );
    const oursVerifiedAt = isoOrNull(r.oursVerifiedAt);
    return {
      id: r.id,
      productId: r.productId,
      name: r.name,
      theme: r.theme,
      description: r.description,
      ideaId: r.ideaId,
      ideaNumber: r.idea?.[0] ?? null,
      ideaTitle: r.idea?.[1] ?? null,
      ideaScore: r.ideaScore === null ? null : Number(r.ideaScore),
      roadmapItemId: r.roadmapItemId,
      roadmapItemTitle: r.roadmapItemTitle,
      position: r.position,
      ours: {
        status: r.oursStatus,
        note: r.oursNote,
        sourceUrl: r.oursSourceUrl,
        verifiedAt: oursVerifiedAt,
        verifiedBy: null,
        changeId: null,
        stale: isStale(r.oursStatus, oursVerifiedAt, now),
        version: r.version,
      },
      cells: rowCells,
      have: cov.have,
      partial: cov.partial,
      gap: cov.gap,
      differentiator: cov.differentiator,
      createdAt: isoTimestamp(r.createdAt),
      updatedAt: isoTimestamp(r.updatedAt),
      version: r.version,
    };
  });
}

/** The product's matrix columns; 404 when the product is not the workspace's. */
async function columnsOf(db: Db, workspaceId: string, productId: string) {
  const columns = await selectProductColumns(db, workspaceId, productId);
  if (!columns) throw notFound("Product");
  return columns;
}

const CACHE_MS = 60_000;
const served = new BoundedMap<string, { fingerprint: string; at: number; body: string }>(500);

/**
 * A product's matrix as JSON text, from a cache checked on every request against the matrix's fingerprint (one
 * small query: see selectMatrixFingerprint), so it is never stale across instances; entries also expire after a
 * minute, as stale flags move with the clock. A miss builds it (getMatrix).
 */
export async function getMatrixJson(
  db: Db,
  workspaceId: string,
  productId: string,
  view: MatrixView,
  now: Date,
) {
  const fingerprint = await selectMatrixFingerprint(db, workspaceId, productId);
  if (fingerprint === null) throw notFound("Product");
  const key = `${workspaceId}/${productId}/${view}`;
  const hit = served.get(key);
  if (hit && hit.fingerprint === fingerprint && Math.abs(now.getTime() - hit.at) < CACHE_MS) return hit.body;
  const body = JSON.stringify(await buildMatrix(db, workspaceId, productId, view, now));
  served.set(key, { fingerprint, at: now.getTime(), body });
  return body;
}

/**
 * A product's feature matrix in two queries (columns; rows with their cells as one JSON value): every row (view
 * all, grouped by theme), the gaps (they have it, we don't; most-covered first, then by the idea's score) or the
 * differentiators. Not cached (getMatrixJson caches).
 */
export const getMatrix = (db: Db, workspaceId: string, productId: string, view: MatrixView, now: Date) =>
  buildMatrix(db, workspaceId, productId, view, now);

async function buildMatrix(
  db: Db,
  workspaceId: string,
  productId: string,
  view: MatrixView,
  now: Date,
): Promise<Matrix> {
  const columns = await columnsOf(db, workspaceId, productId);
  const all = toRows(await selectRows(db, workspaceId, productId), columns, now);
  let staleCells = 0;
  let gaps = 0;
  let differentiators = 0;
  for (const r of all) {
    if (r.gap) gaps++;
    if (r.differentiator) differentiators++;
    if (r.ours.stale) staleCells++;
    for (const c of Object.values(r.cells)) if (c.stale) staleCells++;
  }
  let groups: Matrix["groups"];
  if (view === "all") {
    const byTheme = new Map<string, MatrixRow[]>();
    for (const r of all) {
      const g = byTheme.get(r.theme);
      if (g) g.push(r);
      else byTheme.set(r.theme, [r]);
    }
    groups = [...byTheme].map(([theme, rows]) => ({ theme, rows }));
  } else if (view === "gaps") {
    const rows = all.filter((r) => r.gap);
    rows.sort((a, b) =>
      compareGaps(
        { weight: a.have + 0.5 * a.partial, ideaScore: a.ideaScore, name: a.name },
        { weight: b.have + 0.5 * b.partial, ideaScore: b.ideaScore, name: b.name },
      ),
    );
    groups = [{ theme: "", rows }];
  } else {
    groups = [{ theme: "", rows: all.filter((r) => r.differentiator) }];
  }
  return {
    productId,
    view,
    staleAfterDays: STALE_AFTER_DAYS,
    columns,
    groups,
    counts: { rows: all.length, gaps, differentiators, staleCells },
  };
}

/** One row as the matrix shows it (with the cells of its product's columns); throws when missing. */
export async function getRow(db: Db, workspaceId: string, id: string, now: Date): Promise<MatrixRow> {
  const [raw] = await selectRowsById(db, workspaceId, [id]);
  if (!raw) throw notFound("Matrix row");
  const columns = await selectColumnsOfProducts(db, workspaceId, raw.productId);
  return toRows([raw], columns, now)[0];
}

async function getRows(db: Db, workspaceId: string, productId: string, ids: string[], now: Date) {
  if (!ids.length) return [];
  const [raw, columns] = await Promise.all([
    selectRowsById(db, workspaceId, ids),
    selectColumnsOfProducts(db, workspaceId, productId),
  ]);
  const order = new Map(ids.map((id, i) => [id, i]));
  raw.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return toRows(raw, columns, now);
}

/** An idea of this product (404 naming the field otherwise). */
async function ideaOfProduct(
  db: Db,
  workspaceId: string,
  productId: string,
  ideaId: string,
  field = "ideaId",
) {
  const idea = await readIdea(db, workspaceId, ideaId).catch(() => null);
  if (!idea) throw notFoundField(field);
  if (idea.productId !== productId) throw invalid({ [field]: "This idea belongs to another product" });
  if (idea.status === "merged") throw invalid({ [field]: "This idea was merged into another one" });
  return idea;
}

/** A roadmap item planning this product (404 naming the field otherwise). */
async function itemOfProduct(db: Db, workspaceId: string, productId: string, itemId: string) {
  const item = await getItem(db, workspaceId, itemId).catch(() => null);
  if (!item) throw notFoundField("roadmapItemId");
  const roadmap = await getRoadmap(db, workspaceId, item.roadmapId);
  if (roadmap.productId !== productId)
    throw invalid({ roadmapItemId: "This roadmap item is on another product's roadmap" });
  return item;
}

const nameConflict = () =>
  conflict("This product's matrix already has a row with this name", { name: "Already used by another row" });

/** Adds a row: free-standing, from an idea or from a roadmap item (its name defaults to theirs). */
export async function createRow(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  input: CreateMatrixRow & {
    theme: string;
    description: string;
    ideaId: string | null;
    roadmapItemId: string | null;
  },
  now: Date,
) {
  await columnsOf(db, ctx.workspaceId, productId);
  const idea = input.ideaId ? await ideaOfProduct(db, ctx.workspaceId, productId, input.ideaId) : null;
  const item = input.roadmapItemId
    ? await itemOfProduct(db, ctx.workspaceId, productId, input.roadmapItemId)
    : null;
  const name = (input.name ?? idea?.title ?? item?.title ?? "").slice(0, 200);
  const description = input.description || idea?.description.slice(0, 5000) || "";
  const [id] = await insertRows(db, [
    {
      workspaceId: ctx.workspaceId,
      productId,
      name,
      theme: input.theme,
      description,
      ideaId: input.ideaId,
      roadmapItemId: input.roadmapItemId,
      oursStatus: input.ours?.status ?? "unknown",
      oursNote: input.ours?.note ?? "",
      oursSourceUrl: input.ours?.sourceUrl ?? null,
      oursVerifiedAt: input.ours ? now.toISOString() : null,
      createdBy: ctx.userId,
    },
  ]);
  if (!id) throw nameConflict();
  const after = await getRow(db, ctx.workspaceId, id, now);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.create",
    entityType: "capability",
    entityId: id,
    after: auditable(after),
  });
  return after;
}

/** Adds a row per idea (named after it); ideas that already have a row in the product are skipped. */
export async function createRowsFromIdeas(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  input: { ideaIds: string[]; theme: string },
  now: Date,
) {
  await columnsOf(db, ctx.workspaceId, productId);
  const wanted = [...new Set(input.ideaIds)];
  const ideas = await selectIdeasOfProduct(db, ctx.workspaceId, productId, wanted);
  const found = new Set(ideas.map((i) => i.id));
  const missing = wanted.find((id) => !found.has(id));
  if (missing) throw notFoundField("ideaIds", `Idea ${missing} is not one of this product's ideas`);
  const existing = await ideasWithRows(db, ctx.workspaceId, productId, wanted);
  const fresh = ideas.filter((i) => !existing.has(i.id));
  const ids = await insertRows(
    db,
    fresh.map((i) => ({
      workspaceId: ctx.workspaceId,
      productId,
      name: i.title,
      theme: input.theme,
      description: i.description.slice(0, 5000),
      ideaId: i.id,
      roadmapItemId: null,
      oursStatus: "unknown" as const,
      oursNote: "",
      oursSourceUrl: null,
      oursVerifiedAt: null,
      createdBy: ctx.userId,
    })),
  );
  const clash = ids.indexOf(null);
  if (clash >= 0)
    throw conflict(`A row named "${fresh[clash].title}" already exists in this matrix`, {
      ideaIds: "An idea's title is already a row's name; rename that row or link it to the idea",
    });
  const created = await getRows(db, ctx.workspaceId, productId, ids as string[], now);
  await recordAudit(
    db,
    ctx.workspaceId,
    ctx,
    ...created.map((r) => ({
      action: "capability.create",
      entityType: "capability",
      entityId: r.id,
      after: auditable(r),
    })),
  );
  return { created, skipped: wanted.filter((id) => existing.has(id)) };
}

/** The audit's copy of a row: what is stored, not what is computed from other rows or the clock. */
function auditable(r: MatrixRow) {
  const { cells, have, partial, gap, differentiator, ideaScore, ...rest } = r;
  const { stale, ...ours } = r.ours;
  return { ...rest, ours };
}

/** Updates a row (send the version you read); `ours` sets our own cell, verified now. */
export async function updateMatrixRow(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateMatrixRow,
  now: Date,
) {
  const before = await getRow(db, ctx.workspaceId, id, now);
  const { version, ours, ...fields } = input;
  if (fields.ideaId) await ideaOfProduct(db, ctx.workspaceId, before.productId, fields.ideaId);
  if (fields.roadmapItemId) await itemOfProduct(db, ctx.workspaceId, before.productId, fields.roadmapItemId);
  if (fields.name !== undefined && (await nameTaken(db, ctx.workspaceId, before.productId, fields.name, id)))
    throw nameConflict();
  // The backlog's Competitors column follows a row's idea (the product's lock before the row's).
  if (fields.ideaId !== undefined && fields.ideaId !== before.ideaId)
    await touchProductBacklogs(db, ctx.workspaceId, [before.productId]);
  const set: RowSet = { ...fields };
  if (ours) {
    set.oursStatus = ours.status;
    set.oursNote = ours.note ?? "";
    set.oursSourceUrl = ours.sourceUrl ?? null;
    set.oursVerifiedAt = now.toISOString();
  }
  if (!(await updateRow(db, ctx.workspaceId, id, version, set))) throw staleVersion("The matrix row");
  const after = await getRow(db, ctx.workspaceId, id, now);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.update",
    entityType: "capability",
    entityId: id,
    before: auditable(before),
    after: auditable(after),
  });
  return after;
}

/** Deletes a row and its cells. */
export async function deleteMatrixRow(db: Db, ctx: WorkspaceContext, id: string, now: Date) {
  const before = await getRow(db, ctx.workspaceId, id, now);
  if (before.ideaId) await touchProductBacklogs(db, ctx.workspaceId, [before.productId]);
  await deleteRow(db, ctx.workspaceId, id);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.delete",
    entityType: "capability",
    entityId: id,
    before: { ...auditable(before), cells: before.cells },
  });
}

/** Puts rows in the given order (positions 0, 1, …); every id must be one of the product's rows. */
export async function reorderMatrix(db: Db, ctx: WorkspaceContext, productId: string, ids: string[]) {
  await columnsOf(db, ctx.workspaceId, productId);
  if ((await countRowsOfProduct(db, ctx.workspaceId, productId, ids)) !== ids.length)
    throw notFoundField("ids", "Every id must be one of this product's matrix rows");
  const moved = await reorderRows(db, ctx.workspaceId, productId, ids);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.reorder",
    entityType: "product",
    entityId: productId,
    after: { ids, moved },
  });
}

/** The competitor a cell belongs to: the workspace's, and linked to the row's product (a clear 400 otherwise). */
async function competitorOfRow(db: Db, workspaceId: string, row: MatrixRow, competitorId: string) {
  const c = await selectCompetitorForProduct(db, workspaceId, competitorId, row.productId);
  if (!c) throw notFound("Competitor");
  if (!c.linked)
    throw invalid(
      { competitorId: "This competitor is not linked to the row's product; link it to the product first" },
      "The competitor does not compete with this product",
    );
  return c;
}

/**
 * Sets a cell (a competitor's, or ours with competitorId "ours"), verified now unless `verified` is false.
 * `version` (optional) must match the cell's (0: never written); our own cell uses the row's version.
 */
export async function putCell(
  db: Db,
  ctx: WorkspaceContext,
  rowId: string,
  competitorId: string,
  input: PutMatrixCell & { note: string; sourceUrl: string | null; verified: boolean },
  now: Date,
): Promise<MatrixCell> {
  const row = await getRow(db, ctx.workspaceId, rowId, now);
  const verifiedAt = input.verified ? now.toISOString() : undefined;
  if (competitorId === "ours") {
    if (input.changeId) throw invalid({ changeId: "Our own cell is not updated from a competitor's change" });
    const set: RowSet = {
      oursStatus: input.status,
      oursNote: input.note,
      oursSourceUrl: input.sourceUrl,
      ...(verifiedAt ? { oursVerifiedAt: verifiedAt } : {}),
    };
    if (!(await updateRow(db, ctx.workspaceId, rowId, input.version ?? null, set)))
      throw staleVersion("The matrix row");
    const after = await getRow(db, ctx.workspaceId, rowId, now);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "capability.cell.update",
      entityType: "capability",
      entityId: rowId,
      before: { competitorId, ...row.ours },
      after: { competitorId, ...after.ours },
    });
    return after.ours;
  }
  await competitorOfRow(db, ctx.workspaceId, row, competitorId);
  const before = await selectCell(db, ctx.workspaceId, rowId, competitorId);
  // A row linked to an idea: the backlog's Competitors column may change (the product's lock before the cell's).
  if (row.ideaId && (before?.status ?? "unknown") !== input.status)
    await touchProductBacklogs(db, ctx.workspaceId, [row.productId]);
  const ok = await upsertCell(
    db,
    {
      workspaceId: ctx.workspaceId,
      capabilityId: rowId,
      competitorId,
      status: input.status,
      note: input.note,
      sourceUrl: input.sourceUrl,
      verifiedAt,
      verifiedBy: verifiedAt ? ctx.userId : undefined,
      changeId: input.changeId,
    },
    input.version ?? null,
  );
  if (!ok) throw staleVersion("The cell");
  await touchRow(db, ctx.workspaceId, rowId);
  const after = await selectCell(db, ctx.workspaceId, rowId, competitorId);
  if (!after) throw notFound("Cell");
  const cell = toCell(after, now);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.cell.update",
    entityType: "capability",
    entityId: rowId,
    before: before ? { competitorId, ...toCell(before, now) } : null,
    after: { competitorId, ...cell },
  });
  return cell;
}

/** Marks a cell verified now, as it is (a competitor's cell never written becomes "unknown", verified). */
export async function verifyCell(
  db: Db,
  ctx: WorkspaceContext,
  rowId: string,
  competitorId: string,
  now: Date,
) {
  const row = await getRow(db, ctx.workspaceId, rowId, now);
  if (competitorId !== "ours") await competitorOfRow(db, ctx.workspaceId, row, competitorId);
  const current = competitorId === "ours" ? row.ours : (row.cells[competitorId] ?? EMPTY_CELL);
  return putCell(
    db,
    ctx,
    rowId,
    competitorId,
    { status: current.status, note: current.note, sourceUrl: current.sourceUrl, verified: true },
    now,
  );
}

/** Links a row (a gap, typically) to an idea: an existing one of its product, or a new one made from the row. */
export async function linkRowToIdea(
  db: Db,
  ctx: WorkspaceContext,
  rowId: string,
  input: { ideaId?: string; title?: string },
  now: Date,
) {
  if (!can(ctx.role, "ideas.write")) throw forbidden("Creating or linking ideas needs ideas.write");
  const row = await getRow(db, ctx.workspaceId, rowId, now);
  let ideaId = input.ideaId;
  if (ideaId) await ideaOfProduct(db, ctx.workspaceId, row.productId, ideaId);
  else {
    const covered = [...Object.values(row.cells)].filter((c) => c.status === "has").length;
    const idea = await createIdea(db, ctx, row.productId, {
      title: input.title ?? row.name,
      description:
        row.description ||
        `From the feature matrix: ${covered} competitor${covered === 1 ? "" : "s"} ${covered === 1 ? "has" : "have"} "${row.name}".`,
      status: "new",
      ownerId: null,
      tags: [],
      links: [],
      inputs: {},
    });
    ideaId = idea.id;
  }
  if (ideaId !== row.ideaId) await touchProductBacklogs(db, ctx.workspaceId, [row.productId]);
  if (!(await updateRow(db, ctx.workspaceId, rowId, null, { ideaId }))) throw notFound("Matrix row");
  const after = await getRow(db, ctx.workspaceId, rowId, now);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capability.link_idea",
    entityType: "capability",
    entityId: rowId,
    before: { ideaId: row.ideaId },
    after: { ideaId, created: !input.ideaId },
  });
  return after;
}

const RANK: Record<CellStatus, number> = { has: 3, partial: 2, no: 1, unknown: 0 };

/**
 * "N of M competitors have this" for an idea: over the rows linked to it, each competitor of the idea's product
 * counts with its best status (has over partial over no over unknown).
 */
export async function ideaCompetitors(
  db: Db,
  workspaceId: string,
  ideaId: string,
  now: Date,
): Promise<IdeaCompetitors> {
  const idea = await readIdea(db, workspaceId, ideaId);
  const [columns, raw] = await Promise.all([
    selectColumnsOfProducts(db, workspaceId, idea.productId),
    selectRowsOfIdea(db, workspaceId, ideaId),
  ]);
  const rows = raw.filter((r) => r.productId === idea.productId);
  const cells = rows.flatMap((r) => (r.cells ?? []).map((t) => fromTuple(r.id, t)));
  const best = new Map<string, RawCell>();
  for (const c of cells) {
    const prev = best.get(c.competitorId);
    if (!prev || RANK[c.status] > RANK[prev.status]) best.set(c.competitorId, c);
  }
  const competitors = columns.map((col) => {
    const c = best.get(col.id);
    const cell = c ? toCell(c, now) : EMPTY_CELL;
    return {
      id: col.id,
      name: col.name,
      status: cell.status,
      verifiedAt: cell.verifiedAt,
      stale: cell.stale,
    };
  });
  return {
    ideaId,
    productId: idea.productId,
    total: columns.length,
    have: competitors.filter((c) => c.status === "has").length,
    partial: competitors.filter((c) => c.status === "partial").length,
    rows: rows.map((r) => ({ id: r.id, name: r.name, theme: r.theme })),
    competitors,
  };
}
