import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { feedbackMessages, mailInboxes, replyTemplates } from "../../db/schema.mail-in.ts";
import { outbox } from "../../db/schema.ts";

// ---- the inbound address ----

export const selectInbox = (db: Db, workspaceId: string) =>
  db.select().from(mailInboxes).where(eq(mailInboxes.workspaceId, workspaceId)).limit(1);

export const insertInboxIfNew = (db: Db, workspaceId: string, token: string) =>
  db
    .insert(mailInboxes)
    .values({ workspaceId, token })
    .onConflictDoNothing({ target: mailInboxes.workspaceId });

export const updateInboxToken = (db: Db, workspaceId: string, token: string, at: string) =>
  db
    .update(mailInboxes)
    .set({ token, rotatedAt: at })
    .where(eq(mailInboxes.workspaceId, workspaceId))
    .returning();

export const selectInboxByToken = (db: Db, token: string) =>
  db
    .select({ workspaceId: mailInboxes.workspaceId })
    .from(mailInboxes)
    .where(eq(mailInboxes.token, token))
    .limit(1);

// ---- conversations ----

export type NewMessageRow = typeof feedbackMessages.$inferInsert;

/** Inserts a message unless its Message-ID is already stored in the workspace; returns its id, or null. */
export async function insertMessageIfNew(db: Db, row: NewMessageRow) {
  const rows = await db
    .insert(feedbackMessages)
    .values(row)
    .onConflictDoNothing({ target: [feedbackMessages.workspaceId, feedbackMessages.messageId] })
    .returning({ id: feedbackMessages.id });
  return rows[0]?.id ?? null;
}

/** The items of the workspace that own any of these Message-IDs (latest message first). */
export const selectItemsByMessageIds = (db: Db, workspaceId: string, messageIds: string[]) =>
  db
    .select({ itemId: feedbackMessages.itemId, messageId: feedbackMessages.messageId })
    .from(feedbackMessages)
    .where(
      and(eq(feedbackMessages.workspaceId, workspaceId), inArray(feedbackMessages.messageId, messageIds)),
    )
    .orderBy(sql`${feedbackMessages.createdAt} DESC`);

/** An item's conversation (or its one message `messageId`), oldest first, with each reply's delivery state. */
export const selectConversation = (db: Db, workspaceId: string, itemId: string, messageId?: string) =>
  db
    .select({
      id: feedbackMessages.id,
      itemId: feedbackMessages.itemId,
      direction: feedbackMessages.direction,
      messageId: feedbackMessages.messageId,
      inReplyTo: feedbackMessages.inReplyTo,
      references: feedbackMessages.references,
      fromAddress: feedbackMessages.fromAddress,
      fromName: feedbackMessages.fromName,
      toAddress: feedbackMessages.toAddress,
      subject: feedbackMessages.subject,
      text: feedbackMessages.text,
      attachments: feedbackMessages.attachments,
      sentBy: feedbackMessages.sentBy,
      createdAt: feedbackMessages.createdAt,
      sentAt: outbox.sentAt,
      lastError: outbox.lastError,
    })
    .from(feedbackMessages)
    .leftJoin(outbox, eq(outbox.id, feedbackMessages.outboxId))
    .where(
      and(
        eq(feedbackMessages.workspaceId, workspaceId),
        eq(feedbackMessages.itemId, itemId),
        messageId === undefined ? undefined : eq(feedbackMessages.messageId, messageId),
      ),
    )
    .orderBy(asc(feedbackMessages.createdAt), asc(feedbackMessages.id));

/** Marks an item unread again (a customer answered), bumping its version. */
export const markItemUnread = (db: Db, workspaceId: string, itemId: string, at: string) =>
  db.execute(
    sql`UPDATE feedback_items SET read_at = NULL, updated_at = ${at}, version = version + 1
        WHERE workspace_id = ${workspaceId} AND id = ${itemId}`,
  );

/** What a reply to an item fills its template from: the item, its customer, company and first linked idea. */
export async function selectReplyContext(db: Db, workspaceId: string, itemId: string, userId: string | null) {
  const rows = await rawRows<{
    itemTitle: string | null;
    personName: string | null;
    personEmail: string | null;
    companyName: string | null;
    ideaTitle: string | null;
    workspaceName: string;
    senderName: string | null;
  }>(
    db,
    `SELECT f.title AS "itemTitle", p.name AS "personName", p.email AS "personEmail", c.name AS "companyName",
       (SELECT i.title FROM feedback_links l JOIN ideas i ON i.workspace_id = l.workspace_id AND i.id = l.idea_id
         WHERE l.workspace_id = f.workspace_id AND l.item_id = f.id ORDER BY l.created_at, l.id LIMIT 1) AS "ideaTitle",
       w.name AS "workspaceName",
       (SELECT u.name FROM users u WHERE u.id = $3) AS "senderName"
     FROM feedback_items f
     JOIN workspaces w ON w.id = f.workspace_id
     LEFT JOIN people p ON p.workspace_id = f.workspace_id AND p.id = f.person_id
     LEFT JOIN companies c ON c.workspace_id = f.workspace_id AND c.id = coalesce(f.company_id, p.company_id)
     WHERE f.workspace_id = $1 AND f.id = $2`,
    [workspaceId, itemId, userId],
  );
  return rows[0] ?? null;
}

// ---- reply templates ----

const templateCols = {
  id: replyTemplates.id,
  name: replyTemplates.name,
  subject: replyTemplates.subject,
  body: replyTemplates.body,
  createdBy: replyTemplates.createdBy,
  createdAt: replyTemplates.createdAt,
  updatedAt: replyTemplates.updatedAt,
  version: replyTemplates.version,
};

export const selectTemplates = (db: Db, workspaceId: string) =>
  db
    .select(templateCols)
    .from(replyTemplates)
    .where(eq(replyTemplates.workspaceId, workspaceId))
    .orderBy(sql`lower(${replyTemplates.name})`, replyTemplates.id)
    .limit(500);

export const selectTemplate = (db: Db, workspaceId: string, id: string) =>
  db
    .select(templateCols)
    .from(replyTemplates)
    .where(and(eq(replyTemplates.workspaceId, workspaceId), eq(replyTemplates.id, id)))
    .limit(1);

/** Inserts a template unless its name is taken (then null). */
export async function insertTemplateIfNew(db: Db, row: typeof replyTemplates.$inferInsert) {
  const rows = await db.insert(replyTemplates).values(row).onConflictDoNothing().returning(templateCols);
  return rows[0] ?? null;
}

export const updateTemplateRow = (
  db: Db,
  workspaceId: string,
  id: string,
  version: number,
  set: { name?: string; subject?: string; body?: string; updatedAt: string },
) =>
  db
    .update(replyTemplates)
    .set({ ...set, version: sql`${replyTemplates.version} + 1` })
    .where(
      and(
        eq(replyTemplates.workspaceId, workspaceId),
        eq(replyTemplates.id, id),
        eq(replyTemplates.version, version),
      ),
    )
    .returning(templateCols);

export const deleteTemplateRow = (db: Db, workspaceId: string, id: string) =>
  db
    .delete(replyTemplates)
    .where(and(eq(replyTemplates.workspaceId, workspaceId), eq(replyTemplates.id, id)))
    .returning({ id: replyTemplates.id });
