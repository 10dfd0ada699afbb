import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { type MailOut, mailNotifications } from "./notifications.mail.ts";
import {
  countUnread,
  insertNotifications,
  markRead,
  type NewNotification,
  selectNotifications,
} from "./notifications.queries.ts";

/**
 * In-app notifications (mentions, round invitations, reminders, results), also mailed by each member's
 * preference (notifications.mail). `mail` null: in-app only (demo seeds).
 */
export async function notify(db: Db, workspaceId: string, items: NewNotification[], mail: MailOut | null) {
  if (!items.length) return;
  await insertNotifications(db, workspaceId, items);
  if (mail) await mailNotifications(db, mail, workspaceId, items);
}

/** The user's latest 50 notifications and how many are unread. */
export async function listNotifications(db: Db, workspaceId: string, userId: string) {
  const [rows, unread] = await Promise.all([
    selectNotifications(db, workspaceId, userId, 50),
    countUnread(db, workspaceId, userId),
  ]);
  return {
    items: rows.map((r) => isoColumns(r, "readAt", "createdAt")),
    unread,
  };
}

/** Marks some (or all) of the user's notifications read. */
export async function readNotifications(db: Db, workspaceId: string, userId: string, ids: string[] | null) {
  await markRead(db, workspaceId, userId, ids);
  return { unread: await countUnread(db, workspaceId, userId) };
}
