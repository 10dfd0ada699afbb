import type { Comment, SavedView } from "../../../shared/ideas.schemas.ts";
import type { Db } from "../../db/client.ts";
import { type DriverRow, rawRows } from "../../db/hot.ts";

export const insertComment = async (
  db: Db,
  workspaceId: string,
  c: { ideaId: string; authorId: string | null; body: string; mentions: string[]; roundId: string | null },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `WITH c AS (INSERT INTO idea_comments (workspace_id, idea_id, author_id, body, mentions, round_id)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING id)
       , bump AS (UPDATE ideas SET comment_count = comment_count + 1 WHERE workspace_id = $1 AND id = $2)
       SELECT id FROM c`,
      [workspaceId, c.ideaId, c.authorId, c.body, JSON.stringify(c.mentions), c.roundId],
    )
  )[0].id;

export const selectComments = (db: Db, workspaceId: string, ideaId: string) =>
  rawRows<DriverRow<Comment, "createdAt">>(
    db,
    `SELECT c.id, c.idea_id AS "ideaId", c.author_id AS "authorId", u.name AS "authorName", c.body, c.mentions,
       c.round_id AS "roundId", c.created_at AS "createdAt"
     FROM idea_comments c LEFT JOIN users u ON u.id = c.author_id
     WHERE c.workspace_id = $1 AND c.idea_id = $2 ORDER BY c.created_at, c.id LIMIT 1000`,
    [workspaceId, ideaId],
  );

export const selectMemberIds = async (db: Db, workspaceId: string, ids: string[]) =>
  (
    await rawRows<{ id: string }>(
      db,
      `SELECT user_id AS id FROM memberships WHERE workspace_id = $1
       AND user_id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
      [workspaceId, JSON.stringify(ids)],
    )
  ).map((r) => r.id);

export const selectViews = (db: Db, workspaceId: string, productId: string, userId: string | null) =>
  rawRows<DriverRow<SavedView, "createdAt">>(
    db,
    `SELECT id, product_id AS "productId", name, shared, owner_id AS "ownerId", config, created_at AS "createdAt"
     FROM saved_views WHERE workspace_id = $1 AND product_id = $2 AND (shared OR owner_id = $3)
     ORDER BY lower(name), id`,
    [workspaceId, productId, userId],
  );

export const insertView = async (
  db: Db,
  workspaceId: string,
  v: { productId: string; ownerId: string | null; name: string; shared: boolean; config: unknown },
) =>
  (
    await rawRows<{ id: string }>(
      db,
      `INSERT INTO saved_views (workspace_id, product_id, owner_id, name, shared, config)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id`,
      [workspaceId, v.productId, v.ownerId, v.name, v.shared, JSON.stringify(v.config)],
    )
  )[0].id;

export const selectView = async (db: Db, workspaceId: string, id: string) =>
  (
    await rawRows<DriverRow<SavedView, "createdAt">>(
      db,
      `SELECT id, product_id AS "productId", name, shared, owner_id AS "ownerId", config, created_at AS "createdAt"
       FROM saved_views WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    )
  )[0] ?? null;

export const deleteViewRow = (db: Db, workspaceId: string, id: string) =>
  rawRows(db, "DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2", [workspaceId, id]);
