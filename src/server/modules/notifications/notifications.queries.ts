import type { MailPreference } from "../../../shared/schemas.ts";
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

// Mail preferences and the digest (used by notifications.mail.ts).

export const selectMailPreference = (db: Db, workspaceId: string, userId: string) =>
  rawRows<{ preference: MailPreference }>(
    db,
    "SELECT preference FROM mail_preferences WHERE workspace_id = $1 AND user_id = $2",
    [workspaceId, userId],
  );

export const upsertMailPreference = (
  db: Db,
  workspaceId: string,
  userId: string,
  preference: MailPreference,
) =>
  rawRows(
    db,
    `INSERT INTO mail_preferences (workspace_id, user_id, preference) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET preference = EXCLUDED.preference, updated_at = now()`,
    [workspaceId, userId, preference],
  );

/** The members among userIds, with their e-mail, time zone and mail preference (immediate when never set). */
export const selectMailRecipients = (db: Db, workspaceId: string, userIds: string[]) =>
  rawRows<{ userId: string; email: string; timezone: string; preference: MailPreference }>(
    db,
    `SELECT u.id AS "userId", u.email, u.timezone, coalesce(p.preference, 'immediate') AS preference
     FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
     LEFT JOIN mail_preferences p ON p.workspace_id = $1 AND p.user_id = u.id
     WHERE u.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(userIds)],
  );

/** A member's digest state, locked for the digest job (none when no longer a member). */
export const lockDigestState = (db: Db, workspaceId: string, userId: string) =>
  rawRows<{ preference: string; email: string; since: Date | null; ws: string }>(
    db,
    `SELECT p.preference, u.email, p.digest_sent_at AS since, w.name AS ws FROM mail_preferences p
     JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = p.user_id
     JOIN users u ON u.id = p.user_id JOIN workspaces w ON w.id = p.workspace_id
     WHERE p.workspace_id = $1 AND p.user_id = $2 FOR UPDATE OF p`,
    [workspaceId, userId],
  );

/** A member's digest state without a lock (none when not a member): e-mail, preference, time zone, workspace. */
export const selectDigestMember = (db: Db, workspaceId: string, userId: string) =>
  rawRows<{ preference: MailPreference; email: string; timezone: string; ws: string }>(
    db,
    `SELECT coalesce(p.preference, 'immediate') AS preference, u.email, u.timezone, w.name AS ws
     FROM memberships m JOIN users u ON u.id = m.user_id JOIN workspaces w ON w.id = m.workspace_id
     LEFT JOIN mail_preferences p ON p.workspace_id = m.workspace_id AND p.user_id = m.user_id
     WHERE m.workspace_id = $1 AND m.user_id = $2`,
    [workspaceId, userId],
  );

/**
 * Claims the member's digest of a local day: one row comes back only for the first claim of that day (and
 * never for a day before the last one sent). The primary key serializes concurrent claims: a second runner
 * waits for the first to commit, then finds the day taken.
 */
export const claimDigestDay = async (db: Db, workspaceId: string, userId: string, day: string) =>
  (
    await rawRows<{ ok: number }>(
      db,
      `INSERT INTO mail_preferences (workspace_id, user_id, digest_day) VALUES ($1, $2, $3::date)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET digest_day = EXCLUDED.digest_day
       WHERE mail_preferences.digest_day IS NULL OR mail_preferences.digest_day < EXCLUDED.digest_day
       RETURNING 1 AS ok`,
      [workspaceId, userId, day],
    )
  ).length > 0;

/** The time zones of the members among userIds. */
export const selectTimezones = (db: Db, workspaceId: string, userIds: string[]) =>
  rawRows<{ userId: string; timezone: string }>(
    db,
    `SELECT u.id AS "userId", u.timezone FROM users u
     JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1
     WHERE u.id IN (SELECT jsonb_array_elements_text($2::jsonb)::uuid)`,
    [workspaceId, JSON.stringify(userIds)],
  );

/**
 * Unread notifications created after `since` (all unread when null), oldest first. A digest's own in-app
 * notice (kind digest.*) is never digested again.
 */
export const selectUnreadSince = (db: Db, workspaceId: string, userId: string, since: Date | null) =>
  rawRows<{ title: string; body: string; link: string | null; createdAt: Date }>(
    db,
    `SELECT title, body, link, created_at AS "createdAt" FROM notifications
     WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL AND kind NOT LIKE 'digest.%'
       AND ($3::timestamptz IS NULL OR created_at > $3::timestamptz)
     ORDER BY created_at, id`,
    [workspaceId, userId, since],
  );

export const markDigestSent = (db: Db, workspaceId: string, userId: string, upTo: Date) =>
  rawRows(db, "UPDATE mail_preferences SET digest_sent_at = $3 WHERE workspace_id = $1 AND user_id = $2", [
    workspaceId,
    userId,
    upTo,
  ]);
