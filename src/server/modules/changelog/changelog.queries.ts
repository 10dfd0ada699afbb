import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

export type EntryRow = {
  id: string;
  productId: string;
  title: string;
  body: string;
  status: "draft" | "published";
  publishedAt: string | Date | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: number;
  ideas: { id: string; title: string; status: string }[] | string;
  roadmapItems: { id: string; title: string; roadmapId: string }[] | string;
};

const ENTRY = `SELECT e.id, e.product_id AS "productId", e.title, e.body, e.status, e.published_at AS "publishedAt",
    e.created_at AS "createdAt", e.updated_at AS "updatedAt", e.version,
    coalesce((SELECT json_agg(json_build_object('id', i.id, 'title', i.title, 'status', i.status) ORDER BY i.title, i.id)
      FROM changelog_links l JOIN ideas i ON i.workspace_id = l.workspace_id AND i.id = l.idea_id
      WHERE l.workspace_id = e.workspace_id AND l.entry_id = e.id), '[]') AS ideas,
    coalesce((SELECT json_agg(json_build_object('id', r.id, 'title', r.title, 'roadmapId', r.roadmap_id) ORDER BY r.title, r.id)
      FROM changelog_links l JOIN roadmap_items r ON r.workspace_id = l.workspace_id AND r.id = l.roadmap_item_id
      WHERE l.workspace_id = e.workspace_id AND l.entry_id = e.id), '[]') AS "roadmapItems"
  FROM changelog_entries e`;

/** A product's entries, newest first (published by date, drafts by their last change). */
export const selectEntries = (
  db: Db,
  workspaceId: string,
  productId: string,
  q: { status?: string; ideaId?: string; limit: number },
) =>
  rawRows<EntryRow>(
    db,
    `${ENTRY} WHERE e.workspace_id = $1 AND e.product_id = $2 AND ($3::text IS NULL OR e.status = $3)
       AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM changelog_links l
         WHERE l.workspace_id = e.workspace_id AND l.entry_id = e.id AND l.idea_id = $4))
     ORDER BY coalesce(e.published_at, e.updated_at) DESC, e.id DESC LIMIT $5`,
    [workspaceId, productId, q.status ?? null, q.ideaId ?? null, q.limit],
  );

export async function selectEntry(db: Db, workspaceId: string, id: string) {
  const [r] = await rawRows<EntryRow>(db, `${ENTRY} WHERE e.workspace_id = $1 AND e.id = $2`, [
    workspaceId,
    id,
  ]);
  return r ?? null;
}

/** The published entries of a product for the public page and feeds, newest first. */
export const selectPublished = (db: Db, workspaceId: string, productId: string, limit: number) =>
  rawRows<{ id: string; title: string; body: string; publishedAt: string | Date; updatedAt: string | Date }>(
    db,
    `SELECT id, title, body, published_at AS "publishedAt", updated_at AS "updatedAt" FROM changelog_entries
     WHERE workspace_id = $1 AND product_id = $2 AND status = 'published'
     ORDER BY published_at DESC, id DESC LIMIT $3`,
    [workspaceId, productId, limit],
  );

/** The names a public changelog shows; null when the workspace has no such product. */
export async function selectPublicNames(db: Db, workspaceId: string, productId: string) {
  const [r] = await rawRows<{ workspaceName: string; productName: string }>(
    db,
    `SELECT w.name AS "workspaceName", p.name AS "productName" FROM products p
     JOIN workspaces w ON w.id = p.workspace_id WHERE p.workspace_id = $1 AND p.id = $2`,
    [workspaceId, productId],
  );
  return r ?? null;
}

export async function insertEntry(
  db: Db,
  row: {
    workspaceId: string;
    productId: string;
    title: string;
    body: string;
    status: string;
    publishedAt: string | null;
    createdBy: string | null;
  },
) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO changelog_entries (workspace_id, product_id, title, body, status, published_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [row.workspaceId, row.productId, row.title, row.body, row.status, row.publishedAt, row.createdBy],
  );
  return r.id;
}

/** Writes the entry's fields when `version` still matches; false when it does not (a stale write). */
export async function updateEntryRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: { title: string; body: string; status: string; publishedAt: string | null; now: string },
) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE changelog_entries SET title = $4, body = $5, status = $6, published_at = $7, updated_at = $8,
       version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
    [workspaceId, id, version, set.title, set.body, set.status, set.publishedAt, set.now],
  );
  return rows.length > 0;
}

export const deleteEntryRow = (db: Db, workspaceId: string, id: string) =>
  rawRows<{ id: string }>(
    db,
    `DELETE FROM changelog_entries WHERE workspace_id = $1 AND id = $2 RETURNING id`,
    [workspaceId, id],
  );

/** Replaces an entry's links to ideas and roadmap items. */
export async function replaceLinks(
  db: Db,
  workspaceId: string,
  entryId: string,
  kind: "idea" | "item",
  ids: string[],
) {
  const col = kind === "idea" ? "idea_id" : "roadmap_item_id";
  await rawRows(
    db,
    `DELETE FROM changelog_links WHERE workspace_id = $1 AND entry_id = $2 AND ${col} IS NOT NULL`,
    [workspaceId, entryId],
  );
  if (!ids.length) return;
  await rawRows(
    db,
    `INSERT INTO changelog_links (workspace_id, entry_id, ${col})
     SELECT $1, $2, x FROM unnest($3::uuid[]) AS x ON CONFLICT DO NOTHING`,
    [workspaceId, entryId, ids],
  );
}

/** Which of the ids are ideas of the product. */
export const selectProductIdeaIds = (db: Db, workspaceId: string, productId: string, ids: string[]) =>
  rawRows<{ id: string }>(
    db,
    `SELECT id FROM ideas WHERE workspace_id = $1 AND product_id = $2 AND id = ANY($3::uuid[])`,
    [workspaceId, productId, ids],
  );

/** Which of the ids are items of a roadmap of the product. */
export const selectProductItemIds = (db: Db, workspaceId: string, productId: string, ids: string[]) =>
  rawRows<{ id: string }>(
    db,
    `SELECT r.id FROM roadmap_items r JOIN roadmaps m ON m.workspace_id = r.workspace_id AND m.id = r.roadmap_id
     WHERE r.workspace_id = $1 AND m.product_id = $2 AND r.id = ANY($3::uuid[])`,
    [workspaceId, productId, ids],
  );

/** The product's roadmap items whose title contains `q` (any case), by roadmap and title: the editor's picker. */
export const selectProductRoadmapItems = (
  db: Db,
  workspaceId: string,
  productId: string,
  q: string | null,
  limit: number,
) =>
  rawRows<{ id: string; title: string; status: string; roadmapId: string; roadmapName: string }>(
    db,
    `SELECT r.id, r.title, r.status, r.roadmap_id AS "roadmapId", m.name AS "roadmapName"
     FROM roadmap_items r JOIN roadmaps m ON m.workspace_id = r.workspace_id AND m.id = r.roadmap_id
     WHERE r.workspace_id = $1 AND m.product_id = $2
       AND ($3::text IS NULL OR r.title ILIKE '%' || $3 || '%' ESCAPE '\\')
     ORDER BY lower(m.name), m.id, lower(r.title), r.id
     LIMIT $4`,
    [workspaceId, productId, q === null ? null : q.replace(/[\\%_]/g, "\\$&"), limit],
  );
