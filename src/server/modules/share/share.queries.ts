import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

/** Share links to approved baselines: the only SQL of the module. */

const LINK_COLS = `l.id, l.roadmap_id AS "roadmapId", l.version_id AS "versionId", u.name AS "createdByName",
  l.created_at AS "createdAt", l.expires_at AS "expiresAt", l.revoked_at AS "revokedAt",
  l.last_used_at AS "lastUsedAt", l.views`;

export type LinkRow = {
  id: string;
  roadmapId: string;
  versionId: string;
  createdByName: string | null;
  createdAt: Date | string;
  expiresAt: Date | string;
  revokedAt: Date | string | null;
  lastUsedAt: Date | string | null;
  views: number;
};

export const insertLink = async (
  db: Db,
  workspaceId: string,
  v: { roadmapId: string; versionId: string; tokenHash: string; expiresAt: string; createdBy: string | null },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `INSERT INTO share_links (workspace_id, roadmap_id, version_id, token_hash, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [workspaceId, v.roadmapId, v.versionId, v.tokenHash, v.expiresAt, v.createdBy],
    )
  )[0].id;

export const selectLinks = (db: Db, workspaceId: string, versionId: string) =>
  rawRows<LinkRow>(
    db,
    `SELECT ${LINK_COLS} FROM share_links l LEFT JOIN users u ON u.id = l.created_by
     WHERE l.workspace_id = $1 AND l.version_id = $2 ORDER BY l.created_at DESC, l.id`,
    [workspaceId, versionId],
  );

export const selectLink = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<LinkRow>(
      db,
      `SELECT ${LINK_COLS} FROM share_links l LEFT JOIN users u ON u.id = l.created_by
       WHERE l.workspace_id = $1 AND l.id = $2`,
      [workspaceId, id],
    )
  )[0] ?? null;

/** Revokes a live link; returns its id only when this call revoked it (a second, even parallel, call gets none). */
export const revokeLink = (db: Db, workspaceId: string, id: string, at: string) =>
  rawRows<{ id: string }>(
    db,
    "UPDATE share_links SET revoked_at = $3 WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id",
    [workspaceId, id, at],
  );

/** A live link by its token's hash, counting the view; null when unknown, revoked or expired. */
export const consumeLink = async (db: Db, tokenHash: string, now: string) =>
  (
    await rawRows<{ workspaceId: string; roadmapId: string; versionId: string; expiresAt: Date | string }>(
      db,
      `UPDATE share_links SET views = views + 1, last_used_at = $2
       WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2
       RETURNING workspace_id AS "workspaceId", roadmap_id AS "roadmapId", version_id AS "versionId",
         expires_at AS "expiresAt"`,
      [tokenHash, now],
    )
  )[0] ?? null;

/** Names the shared page shows: workspace, roadmap, product, teams and objectives. */
export const selectSharedNames = async (db: Db, workspaceId: string, roadmapId: string) =>
  (
    await rawRows<{
      workspaceName: string;
      roadmapName: string;
      productName: string;
      teams: { id: string; name: string }[];
      objectives: { id: string; title: string }[];
    }>(
      db,
      `SELECT w.name AS "workspaceName", r.name AS "roadmapName", p.name AS "productName",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY t.name), '[]')
            FROM teams t WHERE t.workspace_id = $1) AS teams,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.id, 'title', o.title) ORDER BY o.title), '[]')
            FROM objectives o WHERE o.workspace_id = $1) AS objectives
       FROM roadmaps r JOIN workspaces w ON w.id = r.workspace_id
       JOIN products p ON p.workspace_id = r.workspace_id AND p.id = r.product_id
       WHERE r.workspace_id = $1 AND r.id = $2`,
      [workspaceId, roadmapId],
    )
  )[0] ?? null;
