import { normalizeFeedbackText as normalizeText } from "../../../shared/feedback.ts";
import type {
  ChangelogEntry,
  CreateChangelogEntry,
  PublicChangelog,
  UpdateChangelogEntry,
} from "../../../shared/loop.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { isoTimestamp } from "../../db/schema.ts";
import { AppError, notFound, notFoundField, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getProduct } from "../products/products.service.ts";
import {
  deleteEntryRow,
  type EntryRow,
  insertEntry,
  replaceLinks,
  selectEntries,
  selectEntry,
  selectProductIdeaIds,
  selectProductItemIds,
  selectProductRoadmapItems,
  selectPublicNames,
  selectPublished,
  updateEntryRow,
} from "./changelog.queries.ts";

/** Entries on the public page and in each feed. */
export const PUBLIC_ENTRIES = 50;

/** The public addresses of a product's changelog (the web page, its feeds) and of one entry on it. */
export function changelogUrls(publicUrl: string, workspaceId: string, productId: string) {
  const page = `${publicUrl}/changelog/${workspaceId}/${productId}`;
  const api = `${publicUrl}/api/v1/public/changelog/${workspaceId}/${productId}`;
  return {
    page,
    rss: `${api}/rss.xml`,
    atom: `${api}/atom.xml`,
    entry: (entryId: string) => `${page}#entry-${entryId}`,
  };
}

const json = <T>(v: T | string): T => (typeof v === "string" ? JSON.parse(v) : v);
/** An entry as the audit log keeps it: without its public address (ids inside a URL do not follow an import). */
const audited = ({ url: _, ...entry }: ChangelogEntry) => entry;

function toEntry(r: EntryRow, workspaceId: string, publicUrl: string): ChangelogEntry {
  const row = isoColumns(r, "publishedAt", "createdAt", "updatedAt");
  return {
    ...row,
    ideas: json(r.ideas),
    roadmapItems: json(r.roadmapItems),
    url: changelogUrls(publicUrl, workspaceId, r.productId).entry(r.id),
  };
}

/** One entry; 404 when this workspace has none with that id. */
export async function getEntry(db: Db, workspaceId: string, id: string, publicUrl: string) {
  const r = await selectEntry(db, workspaceId, id);
  if (!r) throw notFound("Changelog entry");
  return toEntry(r, workspaceId, publicUrl);
}

/** A product's entries (drafts and published), newest first, with its public addresses. */
export async function listEntries(
  db: Db,
  workspaceId: string,
  productId: string,
  q: { status?: "draft" | "published"; ideaId?: string; limit: number },
  publicUrl: string,
) {
  await getProduct(db, workspaceId, productId);
  const rows = await selectEntries(db, workspaceId, productId, q);
  const urls = changelogUrls(publicUrl, workspaceId, productId);
  return {
    items: rows.map((r) => toEntry(r, workspaceId, publicUrl)),
    publicUrl: urls.page,
    rssUrl: urls.rss,
    atomUrl: urls.atom,
  };
}

/** Checks that every linked idea and roadmap item belongs to the product (404 naming the field otherwise). */
async function checkLinks(
  db: Db,
  workspaceId: string,
  productId: string,
  ideaIds: string[] | undefined,
  itemIds: string[] | undefined,
) {
  if (ideaIds?.length) {
    const found = new Set((await selectProductIdeaIds(db, workspaceId, productId, ideaIds)).map((r) => r.id));
    const i = ideaIds.findIndex((id) => !found.has(id));
    if (i >= 0) throw notFoundField(`ideaIds.${i}`, "not an idea of this product");
  }
  if (itemIds?.length) {
    const found = new Set((await selectProductItemIds(db, workspaceId, productId, itemIds)).map((r) => r.id));
    const i = itemIds.findIndex((id) => !found.has(id));
    if (i >= 0) throw notFoundField(`roadmapItemIds.${i}`, "not an item of this product's roadmaps");
  }
}

const unique = (ids: string[]) => [...new Set(ids)];

/** A new entry; publishing it (status published) dates it now unless publishedAt is given. */
export async function createEntry(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  input: CreateChangelogEntry,
  clock: Clock,
  publicUrl: string,
) {
  await getProduct(db, ctx.workspaceId, productId);
  await checkLinks(db, ctx.workspaceId, productId, input.ideaIds, input.roadmapItemIds);
  const id = await insertEntry(db, {
    workspaceId: ctx.workspaceId,
    productId,
    title: normalizeText(input.title),
    body: normalizeText(input.body),
    status: input.status,
    publishedAt:
      input.status === "published" ? (input.publishedAt ?? clock.now().toISOString()) : input.publishedAt,
    createdBy: ctx.userId,
  });
  await replaceLinks(db, ctx.workspaceId, id, "idea", unique(input.ideaIds));
  await replaceLinks(db, ctx.workspaceId, id, "item", unique(input.roadmapItemIds));
  const entry = await getEntry(db, ctx.workspaceId, id, publicUrl);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: entry.status === "published" ? "changelog.publish" : "changelog.create",
    entityType: "changelog_entry",
    entityId: id,
    after: audited(entry),
  });
  return entry;
}

/** Edits, publishes (status published: dated now unless it has a date) or unpublishes an entry. */
export async function updateEntry(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateChangelogEntry,
  clock: Clock,
  publicUrl: string,
) {
  const before = await getEntry(db, ctx.workspaceId, id, publicUrl);
  await checkLinks(db, ctx.workspaceId, before.productId, input.ideaIds, input.roadmapItemIds);
  const status = input.status ?? before.status;
  let publishedAt = input.publishedAt === undefined ? before.publishedAt : input.publishedAt;
  if (status === "published" && !publishedAt) publishedAt = clock.now().toISOString();
  const ok = await updateEntryRow(db, ctx.workspaceId, id, input.version, {
    title: input.title === undefined ? before.title : normalizeText(input.title),
    body: input.body === undefined ? before.body : normalizeText(input.body),
    status,
    publishedAt,
    now: clock.now().toISOString(),
  });
  if (!ok) throw staleVersion("This changelog entry");
  if (input.ideaIds) await replaceLinks(db, ctx.workspaceId, id, "idea", unique(input.ideaIds));
  if (input.roadmapItemIds) await replaceLinks(db, ctx.workspaceId, id, "item", unique(input.roadmapItemIds));
  const after = await getEntry(db, ctx.workspaceId, id, publicUrl);
  const action =
    before.status !== after.status
      ? after.status === "published"
        ? "changelog.publish"
        : "changelog.unpublish"
      : "changelog.update";
  await recordAudit(db, ctx.workspaceId, ctx, {
    action,
    entityType: "changelog_entry",
    entityId: id,
    before: audited(before),
    after: audited(after),
  });
  return after;
}

export async function deleteEntry(db: Db, ctx: WorkspaceContext, id: string, publicUrl: string) {
  const before = await getEntry(db, ctx.workspaceId, id, publicUrl);
  await deleteEntryRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "changelog.delete",
    entityType: "changelog_entry",
    entityId: id,
    before: audited(before),
  });
}

/** An entry of the workspace, or null (close the loop checks it is published before sending). */
export async function findEntry(db: Db, workspaceId: string, id: string, publicUrl: string) {
  const r = await selectEntry(db, workspaceId, id);
  return r ? toEntry(r, workspaceId, publicUrl) : null;
}

const NO_CHANGELOG = "This changelog does not exist or has nothing published yet";

/**
 * A product's public changelog: its published entries, newest first. 404 for a product of another workspace,
 * and for one with nothing published (nothing is public before the first entry is).
 */
export async function publicChangelog(
  db: Db,
  workspaceId: string,
  productId: string,
  publicUrl: string,
): Promise<PublicChangelog & { updatedAt: string }> {
  const names = await selectPublicNames(db, workspaceId, productId);
  if (!names) throw new AppError("not_found", NO_CHANGELOG);
  const rows = await selectPublished(db, workspaceId, productId, PUBLIC_ENTRIES);
  if (!rows.length) throw new AppError("not_found", NO_CHANGELOG);
  const urls = changelogUrls(publicUrl, workspaceId, productId);
  const entries = rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    publishedAt: isoTimestamp(r.publishedAt),
  }));
  // The feed's last change: the newest edit or publication (ISO strings compare in time order).
  let updatedAt = entries[0].publishedAt;
  for (const r of rows) if (isoTimestamp(r.updatedAt) > updatedAt) updatedAt = isoTimestamp(r.updatedAt);
  return { ...names, rssUrl: urls.rss, atomUrl: urls.atom, entries, updatedAt };
}

/** The product's roadmap items for the editor's picker (title contains `q`), by roadmap and title. */
export async function listRoadmapItemOptions(
  db: Db,
  workspaceId: string,
  productId: string,
  q: { q?: string; limit: number },
) {
  await getProduct(db, workspaceId, productId);
  return { items: await selectProductRoadmapItems(db, workspaceId, productId, q.q || null, q.limit) };
}
