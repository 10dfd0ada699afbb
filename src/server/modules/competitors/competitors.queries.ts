import type { LogoType } from "../../../shared/competitors.schemas.ts";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** The only SQL of competitor profiles: competitors, their products, watchers and logos. */

export type CompetitorRow = {
  id: string;
  name: string;
  website: string | null;
  positioning: string | null;
  segments: string[] | string;
  notes: string;
  links: { label: string; url: string }[] | string;
  status: "active" | "watch" | "archived";
  createdBy: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  version: number;
  products: { id: string; name: string }[] | string;
  logoUpdatedAt: string | Date | null;
  watching: boolean;
  watcherCount: number;
};

const COMPETITOR = `SELECT c.id, c.name, c.website, c.positioning, c.segments, c.notes, c.links, c.status,
    c.created_by AS "createdBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.version,
    coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name, p.id)
      FROM competitor_products cp JOIN products p ON p.workspace_id = cp.workspace_id AND p.id = cp.product_id
      WHERE cp.workspace_id = c.workspace_id AND cp.competitor_id = c.id), '[]') AS products,
    (SELECT l.updated_at FROM competitor_logos l
      WHERE l.workspace_id = c.workspace_id AND l.competitor_id = c.id) AS "logoUpdatedAt",
    EXISTS (SELECT 1 FROM competitor_watchers w
      WHERE w.workspace_id = c.workspace_id AND w.competitor_id = c.id AND w.user_id = $2::uuid) AS watching,
    (SELECT count(*)::int FROM competitor_watchers w
      WHERE w.workspace_id = c.workspace_id AND w.competitor_id = c.id) AS "watcherCount"
  FROM competitors c`;

/** The workspace's competitors by name, filtered by status, product and a name search. */
export const selectCompetitors = (
  db: Db,
  workspaceId: string,
  userId: string | null,
  q: { status?: string; productId?: string; q?: string },
) =>
  rawRows<CompetitorRow>(
    db,
    `${COMPETITOR} WHERE c.workspace_id = $1 AND ($3::text IS NULL OR c.status = $3)
       AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM competitor_products cp
         WHERE cp.workspace_id = c.workspace_id AND cp.competitor_id = c.id AND cp.product_id = $4))
       AND ($5::text IS NULL OR strpos(lower(c.name), lower($5)) > 0 OR strpos(lower(coalesce(c.positioning, '')), lower($5)) > 0)
     ORDER BY lower(c.name), c.id LIMIT 1000`,
    [workspaceId, userId, q.status ?? null, q.productId ?? null, q.q || null],
  );

export async function selectCompetitor(db: Db, workspaceId: string, id: string, userId: string | null) {
  const [r] = await rawRows<CompetitorRow>(db, `${COMPETITOR} WHERE c.workspace_id = $1 AND c.id = $3`, [
    workspaceId,
    userId,
    id,
  ]);
  return r ?? null;
}

/** Locks the competitor's row for the rest of the transaction (null when the workspace has none with that id). */
export async function lockCompetitor(db: Db, workspaceId: string, id: string) {
  const [r] = await rawRows<{ id: string; name: string }>(
    db,
    `SELECT id, name FROM competitors WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
    [workspaceId, id],
  );
  return r ?? null;
}

export async function selectCompetitorIdByName(db: Db, workspaceId: string, name: string) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `SELECT id FROM competitors WHERE workspace_id = $1 AND lower(name) = lower($2)`,
    [workspaceId, name],
  );
  return r?.id ?? null;
}

export async function insertCompetitor(
  db: Db,
  row: {
    workspaceId: string;
    name: string;
    website: string | null;
    positioning: string | null;
    segments: string[];
    notes: string;
    links: { label: string; url: string }[];
    status: string;
    createdBy: string | null;
  },
) {
  const [r] = await rawRows<{ id: string }>(
    db,
    `INSERT INTO competitors (workspace_id, name, website, positioning, segments, notes, links, status, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb, $8, $9) RETURNING id`,
    [
      row.workspaceId,
      row.name,
      row.website,
      row.positioning,
      JSON.stringify(row.segments),
      row.notes,
      JSON.stringify(row.links),
      row.status,
      row.createdBy,
    ],
  );
  return r.id;
}

/** Writes the profile when `version` still matches; false on a stale write. */
export async function updateCompetitorRow(
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: {
    name: string;
    website: string | null;
    positioning: string | null;
    segments: string[];
    notes: string;
    links: { label: string; url: string }[];
    status: string;
    now: string;
  },
) {
  const rows = await rawRows<{ id: string }>(
    db,
    `UPDATE competitors SET name = $4, website = $5, positioning = $6, segments = $7::jsonb, notes = $8,
       links = $9::jsonb, status = $10, updated_at = $11, version = version + 1
     WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
    [
      workspaceId,
      id,
      version,
      set.name,
      set.website,
      set.positioning,
      JSON.stringify(set.segments),
      set.notes,
      JSON.stringify(set.links),
      set.status,
      set.now,
    ],
  );
  return rows.length > 0;
}

export const deleteCompetitorRow = (db: Db, workspaceId: string, id: string) =>
  rawRows(db, `DELETE FROM competitors WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);

/** Which of the ids are products of the workspace. */
export const selectProductIds = (db: Db, workspaceId: string, ids: string[]) =>
  rawRows<{ id: string }>(db, `SELECT id FROM products WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
    workspaceId,
    ids,
  ]);

/** Links products; returns the ids newly linked. */
export async function insertCompetitorProducts(
  db: Db,
  workspaceId: string,
  competitorId: string,
  productIds: string[],
) {
  if (!productIds.length) return [];
  const rows = await rawRows<{ id: string }>(
    db,
    `INSERT INTO competitor_products (workspace_id, competitor_id, product_id)
     SELECT $1, $2, x FROM unnest($3::uuid[]) AS x ON CONFLICT DO NOTHING RETURNING product_id AS id`,
    [workspaceId, competitorId, productIds],
  );
  return rows.map((r) => r.id);
}

export async function deleteCompetitorProduct(
  db: Db,
  workspaceId: string,
  competitorId: string,
  productId: string,
) {
  const rows = await rawRows(
    db,
    `DELETE FROM competitor_products WHERE workspace_id = $1 AND competitor_id = $2 AND product_id = $3
     RETURNING product_id`,
    [workspaceId, competitorId, productId],
  );
  return rows.length > 0;
}

/** Adds a watcher; false when they already watched (concurrent requests add one row). */
export async function insertWatcher(db: Db, workspaceId: string, competitorId: string, userId: string) {
  const rows = await rawRows(
    db,
    `INSERT INTO competitor_watchers (workspace_id, competitor_id, user_id) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [workspaceId, competitorId, userId],
  );
  return rows.length > 0;
}

export async function deleteWatcher(db: Db, workspaceId: string, competitorId: string, userId: string) {
  const rows = await rawRows(
    db,
    `DELETE FROM competitor_watchers WHERE workspace_id = $1 AND competitor_id = $2 AND user_id = $3
     RETURNING user_id`,
    [workspaceId, competitorId, userId],
  );
  return rows.length > 0;
}

export const selectWatchers = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<{ userId: string; name: string; since: string | Date }>(
    db,
    `SELECT w.user_id AS "userId", u.name, w.created_at AS since FROM competitor_watchers w
     JOIN users u ON u.id = w.user_id
     WHERE w.workspace_id = $1 AND w.competitor_id = $2 ORDER BY w.created_at, w.user_id`,
    [workspaceId, competitorId],
  );

/** The ids of users watching a competitor (for the digest and notifications). */
export const selectWatcherIds = (db: Db, workspaceId: string, competitorId: string) =>
  rawRows<{ userId: string }>(
    db,
    `SELECT user_id AS "userId" FROM competitor_watchers WHERE workspace_id = $1 AND competitor_id = $2`,
    [workspaceId, competitorId],
  );

export type LogoRow = {
  /** Sniffed from the bytes when stored (checkLogo), so one of the kept kinds. */
  contentType: LogoType;
  /** The image, base64 (one form on both drivers). */
  b64: string;
  fetchedFrom: string | null;
  updatedAt: string | Date;
};

export async function selectLogo(db: Db, workspaceId: string, competitorId: string) {
  const [r] = await rawRows<LogoRow>(
    db,
    `SELECT content_type AS "contentType", data_base64 AS b64, fetched_from AS "fetchedFrom", updated_at AS "updatedAt"
     FROM competitor_logos WHERE workspace_id = $1 AND competitor_id = $2`,
    [workspaceId, competitorId],
  );
  return r ?? null;
}

export async function selectLogoInfo(db: Db, workspaceId: string, competitorId: string) {
  const [r] = await rawRows<Omit<LogoRow, "b64"> & { bytes: number }>(
    db,
    `SELECT content_type AS "contentType", (octet_length(decode(data_base64, 'base64'))) AS bytes, fetched_from AS "fetchedFrom",
       updated_at AS "updatedAt"
     FROM competitor_logos WHERE workspace_id = $1 AND competitor_id = $2`,
    [workspaceId, competitorId],
  );
  return r ?? null;
}

export const upsertLogo = (
  db: Db,
  workspaceId: string,
  competitorId: string,
  logo: { contentType: string; bytes: Buffer; fetchedFrom: string | null; now: string },
) =>
  rawRows(
    db,
    `INSERT INTO competitor_logos (workspace_id, competitor_id, content_type, data_base64, fetched_from, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, competitor_id) DO UPDATE SET content_type = excluded.content_type,
       data_base64 = excluded.data_base64, fetched_from = excluded.fetched_from, updated_at = excluded.updated_at`,
    [workspaceId, competitorId, logo.contentType, logo.bytes.toString("base64"), logo.fetchedFrom, logo.now],
  );

export async function deleteLogoRow(db: Db, workspaceId: string, competitorId: string) {
  const rows = await rawRows(
    db,
    `DELETE FROM competitor_logos WHERE workspace_id = $1 AND competitor_id = $2 RETURNING competitor_id`,
    [workspaceId, competitorId],
  );
  return rows.length > 0;
}
