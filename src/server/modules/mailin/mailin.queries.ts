import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { feedbackMessages, mailInboxes, replyTemplates } from "../../db/schema.mail-in.ts";
import { outbox, products } from "../../db/schema.ts";

// ---- the inbound addresses (the workspace's: productId null; one per product) ----

const scopeOf = (productId: string | null) =>
  productId === null ? isNull(mailInboxes.productId) : eq(mailInboxes.productId, productId);

export const selectInbox = (db: Db, workspaceId: string, productId: string | null) =>
  db
    .select()
    .from(mailInboxes)
    .where(and(eq(mailInboxes.workspaceId, workspaceId), scopeOf(productId)))
    .limit(1);

/** Inserts addresses unless their scope (workspace or product) has one already. */
export const insertInboxesIfNew = (
  db: Db,
  rows: { workspaceId: string; productId: string | null; token: string }[],
) => db.insert(mailInboxes).values(rows).onConflictDoNothing();

export const updateInboxToken = (
  db: Db,
  workspaceId: string,
  productId: string | null,
  token: string,
  at: string,
) =>
  db
    .update(mailInboxes)
    .set({ token, rotatedAt: at })
    .where(and(eq(mailInboxes.workspaceId, workspaceId), scopeOf(productId)))
    .returning();

export const selectInboxByToken = (db: Db, token: string) =>
  db
    .select({ workspaceId: mailInboxes.workspaceId, productId: mailInboxes.productId })
    .from(mailInboxes)
    .where(eq(mailInboxes.token, token))
    .limit(1);

/** Every product of the workspace with its address (token null: none made yet), by name. */
export const selectProductInboxes = (db: Db, workspaceId: string) =>
  db
    .select({
      productId: products.id,
      productName: products.name,
      token: mailInboxes.token,
      rotatedAt: mailInboxes.rotatedAt,
    })
    .from(products)
    .leftJoin(
      mailInboxes,
      and(eq(mailInboxes.workspaceId, products.workspaceId), eq(mailInboxes.productId, products.id)),
    )
    .where(eq(products.workspaceId, workspaceId))
    .orderBy(sql`lower(${products.name})`, products.id)
    .limit(1000);

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
    source: string;
    sourceId: string;
    personName: string | null;
    personEmail: string | null;
    companyName: string | null;
    ideaTitle: string | null;
    workspaceName: string;
    senderName: string | null;
  }>(
    db,
    `SELECT f.title AS "itemTitle", f.source, f.source_id AS "sourceId", p.name AS "personName", p.email AS "personEmail", c.name AS "companyName",
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
