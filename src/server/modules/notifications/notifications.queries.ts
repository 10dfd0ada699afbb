import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

export const insertNotifications = (db: Db, workspaceId: string, rows: NewNotification[]) =>
  rawRows(
    db,
    `INSERT INTO notifications (workspace_id, user_id, kind, title, body, link)
     SELECT $1, n."userId", n.kind, n.title, n.body, n.link
     FROM jsonb_to_recordset($2::jsonb) AS n("userId" uuid, kind text, title text, body text, link text)`,
    [workspaceId, JSON.stringify(rows)],
  );

export const selectNotifications = (db: Db, workspaceId: string, userId: string, limit: number) =>
  rawRows<{
    id: string;
    kind: string;
    title: string;
    body: string;
    link: string | null;
    readAt: Date | null;
    createdAt: Date;
  }>(
    db,
    `SELECT id, kind, title, body, link, read_at AS "readAt", created_at AS "createdAt" FROM notifications
     WHERE workspace_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
    [workspaceId, userId, limit],
  );

export const countUnread = async (db: Db, workspaceId: string, userId: string) =>
  (
    await rawRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM notifications WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL`,
      [workspaceId, userId],
    )
  )[0].n;

export const markRead = (db: Db, workspaceId: string, userId: string, ids: string[] | null) =>
  rawRows(
    db,
    `UPDATE notifications SET read_at = now() WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL
     AND ($3::jsonb IS NULL OR id IN (SELECT jsonb_array_elements_text($3::jsonb)::uuid))`,
    [workspaceId, userId, ids ? JSON.stringify(ids) : null],
  );
