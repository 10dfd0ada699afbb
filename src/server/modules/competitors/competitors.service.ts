import type {
  Competitor,
  CompetitorSummary,
  CreateCompetitor,
  UpdateCompetitor,
} from "../../../shared/competitors.schemas.ts";
import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { conflict, forbidden, notFound, notFoundField, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { settleComputedScores, touchProductBacklogs } from "../scoring/scoring.service.ts";
import {
  type CompetitorRow,
  deleteCompetitorProduct,
  deleteCompetitorRow,
  deleteWatcher,
  insertCompetitor,
  insertCompetitorProducts,
  insertWatcher,
  lockCompetitor,
  selectCompetitor,
  selectCompetitorIdByName,
  selectCompetitors,
  selectProductIds,
  selectWatcherIds,
  selectWatchers,
  updateCompetitorRow,
} from "./competitors.queries.ts";

const json = <T>(v: T | string): T => (typeof v === "string" ? JSON.parse(v) : v);

function toCompetitor(r: CompetitorRow): Competitor {
  const row = isoColumns(r, "createdAt", "updatedAt", "logoUpdatedAt");
  return {
    ...row,
    segments: json(r.segments),
    links: json(r.links),
    products: json(r.products),
    watching: Boolean(r.watching),
    watcherCount: Number(r.watcherCount),
  };
}
const summary = ({ notes: _n, links: _l, createdBy: _c, ...s }: Competitor): CompetitorSummary => s;
/** What the audit log keeps of a profile (not who is looking at it). */
const audited = ({ watching: _w, watcherCount: _c, logoUpdatedAt: _l, ...c }: Competitor) => c;

/** A competitor of the workspace as `userId` sees it (watching or not); 404 when there is none with that id. */
export async function getCompetitor(db: Db, workspaceId: string, id: string, userId: string | null = null) {
  const r = await selectCompetitor(db, workspaceId, id, userId);
  if (!r) throw notFound("Competitor");
  return toCompetitor(r);
}

/** A competitor of the workspace, or null (other modules check ids they are given with it). */
export async function findCompetitor(db: Db, workspaceId: string, id: string) {
  const r = await selectCompetitor(db, workspaceId, id, null);
  return r ? toCompetitor(r) : null;
}

/** Locks a competitor's row for the transaction (serializes edits of its SWOT, plans and battlecard); 404 when missing. */
export async function lockCompetitorOf(db: Db, workspaceId: string, id: string) {
  const r = await lockCompetitor(db, workspaceId, id);
  if (!r) throw notFound("Competitor");
  return r;
}

/** The workspace's competitors by name, filtered by status, product and a search in name and positioning. */
export async function listCompetitors(
  db: Db,
  workspaceId: string,
  userId: string | null,
  q: { status?: string; productId?: string; q?: string },
) {
  const rows = await selectCompetitors(db, workspaceId, userId, q);
  return { items: rows.map((r) => summary(toCompetitor(r))) };
}

/** The users watching a competitor (the digest's and high-importance notifications' recipients). */
export async function competitorWatcherIds(db: Db, workspaceId: string, competitorId: string) {
  return (await selectWatcherIds(db, workspaceId, competitorId)).map((r) => r.userId);
}

const unique = (ids: string[]) => [...new Set(ids)];
const taken = () => conflict("A competitor with this name exists already", { name: "already taken" });

async function checkProducts(db: Db, workspaceId: string, ids: string[], field = "productIds") {
  if (!ids.length) return;
  const found = new Set((await selectProductIds(db, workspaceId, ids)).map((r) => r.id));
  const i = ids.findIndex((id) => !found.has(id));
  if (i >= 0) throw notFoundField(field === "productIds" ? `productIds.${i}` : field, "not a product here");
}

/** Adds a competitor (name unique in the workspace, case-insensitive), linked to products. */
export async function createCompetitor(db: Db, ctx: WorkspaceContext, input: CreateCompetitor) {
  const productIds = unique(input.productIds);
  await checkProducts(db, ctx.workspaceId, productIds);
  if (await selectCompetitorIdByName(db, ctx.workspaceId, input.name)) throw taken();
  // The backlog's Competitors column counts the product's competitors ("of M").
  if (input.status !== "archived") await touchProductBacklogs(db, ctx.workspaceId, productIds);
  let id: string;
  try {
    id = await insertCompetitor(db, {
      workspaceId: ctx.workspaceId,
      name: input.name,
      website: input.website,
      positioning: input.positioning || null,
      segments: unique(input.segments),
      notes: input.notes,
      links: input.links,
      status: input.status,
      createdBy: ctx.userId,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  await insertCompetitorProducts(db, ctx.workspaceId, id, productIds);
  const after = await getCompetitor(db, ctx.workspaceId, id, ctx.userId);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "competitor.create",
    entityType: "competitor",
    entityId: id,
    after: audited(after),
  });
  return after;
}

/** Edits a profile (send its version). Archiving, or bringing back from the archive, needs competitors.manage. */
export async function updateCompetitor(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateCompetitor,
  clock: Clock,
) {
  const before = await getCompetitor(db, ctx.workspaceId, id, ctx.userId);
  const status = input.status ?? before.status;
  if (status !== before.status && (status === "archived" || before.status === "archived")) {
    if (!can(ctx.role, "competitors.manage"))
      throw forbidden("Archiving a competitor, or bringing one back, needs competitors.manage");
  }
  const name = input.name ?? before.name;
  if (name.toLowerCase() !== before.name.toLowerCase()) {
    const other = await selectCompetitorIdByName(db, ctx.workspaceId, name);
    if (other && other !== id) throw taken();
  }
  // The backlog's Competitors column names competitors and counts those not archived (products' lock first).
  if (name !== before.name || (status === "archived") !== (before.status === "archived"))
    await touchProductBacklogs(
      db,
      ctx.workspaceId,
      before.products.map((p) => p.id),
    );
  let ok: boolean;
  try {
    ok = await updateCompetitorRow(db, ctx.workspaceId, id, input.version, {
      name,
      website: input.website === undefined ? before.website : input.website,
      positioning: input.positioning === undefined ? before.positioning : input.positioning || null,
      segments: input.segments === undefined ? before.segments : unique(input.segments),
      notes: input.notes ?? before.notes,
      links: input.links ?? before.links,
      status,
      now: clock.now().toISOString(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  if (!ok) throw staleVersion("This competitor");
  const after = await getCompetitor(db, ctx.workspaceId, id, ctx.userId);
  const action =
    after.status !== before.status
      ? after.status === "archived"
        ? "competitor.archive"
        : before.status === "archived"
          ? "competitor.unarchive"
          : "competitor.update"
      : "competitor.update";
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action,
    entityType: "competitor",
    entityId: id,
    before: audited(before),
    after: audited(after),
  });
  return after;
}

/** Deletes a competitor with everything of it (SWOT, plans and history, battlecard, cells, sources, changes). */
export async function deleteCompetitor(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getCompetitor(db, ctx.workspaceId, id);
  await touchProductBacklogs(
    db,
    ctx.workspaceId,
    before.products.map((p) => p.id),
  );
  await deleteCompetitorRow(db, ctx.workspaceId, id);
  await settleComputedScores(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "competitor.delete",
    entityType: "competitor",
    entityId: id,
    before: audited(before),
  });
}

/** Links one of our products to a competitor (idempotent). */
export async function linkProduct(db: Db, ctx: WorkspaceContext, id: string, productId: string) {
  await checkProducts(db, ctx.workspaceId, [productId], "productId");
  // The backlog's Competitors column counts the product's competitors; its lock before the competitor's (as in
  // updateCompetitor), so the two cannot deadlock.
  await touchProductBacklogs(db, ctx.workspaceId, [productId]);
  await lockCompetitorOf(db, ctx.workspaceId, id);
  const added = await insertCompetitorProducts(db, ctx.workspaceId, id, [productId]);
  if (added.length) {
    await settleComputedScores(db, ctx.workspaceId);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "competitor.product_link",
      entityType: "competitor",
      entityId: id,
      after: { productId },
    });
  }
  return getCompetitor(db, ctx.workspaceId, id, ctx.userId);
}

/** Unlinks a product (idempotent). */
export async function unlinkProduct(db: Db, ctx: WorkspaceContext, id: string, productId: string) {
  await touchProductBacklogs(db, ctx.workspaceId, [productId]);
  await lockCompetitorOf(db, ctx.workspaceId, id);
  if (await deleteCompetitorProduct(db, ctx.workspaceId, id, productId)) {
    await settleComputedScores(db, ctx.workspaceId);
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: "competitor.product_unlink",
      entityType: "competitor",
      entityId: id,
      before: { productId },
    });
  }
  return getCompetitor(db, ctx.workspaceId, id, ctx.userId);
}

/** Starts or stops watching a competitor, for the caller (idempotent; concurrent calls add one watcher). */
export async function setWatching(db: Db, ctx: WorkspaceContext, id: string, watching: boolean) {
  if (!ctx.userId) throw forbidden("Only a person can watch a competitor");
  await getCompetitor(db, ctx.workspaceId, id);
  const changed = watching
    ? await insertWatcher(db, ctx.workspaceId, id, ctx.userId)
    : await deleteWatcher(db, ctx.workspaceId, id, ctx.userId);
  if (changed)
    await recordAudit(db, ctx.workspaceId, ctx, {
      action: watching ? "competitor.watch" : "competitor.unwatch",
      entityType: "competitor",
      entityId: id,
      after: { userId: ctx.userId },
    });
  const c = await getCompetitor(db, ctx.workspaceId, id, ctx.userId);
  return { watching: c.watching, watcherCount: c.watcherCount };
}

export async function listWatchers(db: Db, workspaceId: string, id: string) {
  await getCompetitor(db, workspaceId, id);
  const rows = await selectWatchers(db, workspaceId, id);
  return {
    items: rows.map((r) => isoColumns(r, "since")),
  };
}

// Monitoring records the prices it reads through the profile's service (pricing.service.ts does the work).
export { type ObservedPrice, recordObservedPrices } from "./pricing.service.ts";
