import type {
  CreateReplyTemplate,
  FeedbackMessage,
  ReplyTemplate,
  SendReply,
  UpdateReplyTemplate,
} from "../../../shared/replies.schemas.ts";
import { renderTemplate, type TemplateValues } from "../../../shared/replies.ts";
import type { Config } from "../../config.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, conflict, invalid, notFound, staleVersion } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { isUniqueViolation } from "../../lib/db-errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { outboxMessageId } from "../mail/mail.service.ts";
import { enqueueMail } from "../outbox/outbox.service.ts";
import {
  deleteTemplateRow,
  insertMessageIfNew,
  insertTemplateIfNew,
  selectConversation,
  selectReplyContext,
  selectTemplate,
  selectTemplates,
  updateTemplateRow,
} from "./mailin.queries.ts";
import { ensureInbox, findProductInbox, inboundAddress, presentMessage } from "./mailin.service.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Replies to customers from a feedback item (docs/FEEDBACK.md "E-mail in and replies"): rendered from
 * {{variables}}, queued in the outbox (delivered by the mail job), threaded with In-Reply-To / References on
 * the item's conversation, Reply-To the workspace's inbound address so the answer comes back onto the item.
 */

export type ReplyConfig = Pick<Config, "mailFrom" | "smtpInDomain" | "smtpInPort">;

// ---- templates ----

export const listTemplates = async (db: Db, workspaceId: string) => ({
  items: (await selectTemplates(db, workspaceId)) as ReplyTemplate[],
});

export async function getTemplate(db: Db, workspaceId: string, id: string): Promise<ReplyTemplate> {
  const [row] = await selectTemplate(db, workspaceId, id);
  if (!row) throw notFound("Template");
  return row as ReplyTemplate;
}

const nameTaken = () =>
  conflict("A template with this name exists", { name: "A template with this name exists" });

/** Adds a template (409 when its name is taken), audited in the same transaction. */
export const createTemplate = (db: Db, ctx: WorkspaceContext, input: CreateReplyTemplate) =>
  db.transaction((tx) => createTemplateIn(tx as Db, ctx, input));

async function createTemplateIn(db: Db, ctx: WorkspaceContext, input: CreateReplyTemplate) {
  const row = await insertTemplateIfNew(db, {
    ...input,
    workspaceId: ctx.workspaceId,
    createdBy: ctx.userId,
  });
  if (!row) throw nameTaken();
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "reply_template.create",
    entityType: "reply_template",
    entityId: row.id,
    after: row,
  });
  return row as ReplyTemplate;
}

/** Changes a template (409 when stale or its new name is taken), audited in the same transaction. */
export const updateTemplate = (
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateReplyTemplate,
  clock: Clock,
) => db.transaction((tx) => updateTemplateIn(tx as Db, ctx, id, input, clock));

async function updateTemplateIn(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: UpdateReplyTemplate,
  clock: Clock,
) {
  const before = await getTemplate(db, ctx.workspaceId, id);
  const { version, ...set } = input;
  let row: ReplyTemplate | undefined;
  try {
    [row] = (await updateTemplateRow(db, ctx.workspaceId, id, version, {
      ...set,
      updatedAt: clock.now().toISOString(),
    })) as ReplyTemplate[];
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  if (!row) throw staleVersion("The template");
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "reply_template.update",
    entityType: "reply_template",
    entityId: id,
    before,
    after: row,
  });
  return row;
}

/** Deletes a template, audited in the same transaction. */
export const deleteTemplate = (db: Db, ctx: WorkspaceContext, id: string) =>
  db.transaction((tx) => deleteTemplateIn(tx as Db, ctx, id));

async function deleteTemplateIn(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await getTemplate(db, ctx.workspaceId, id);
  await deleteTemplateRow(db, ctx.workspaceId, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "reply_template.delete",
    entityType: "reply_template",
    entityId: id,
    before,
  });
}

// ---- replies ----

type Context = NonNullable<Awaited<ReturnType<typeof selectReplyContext>>>;

const valuesOf = (c: Context): TemplateValues => ({
  "customer.name": c.personName,
  "customer.firstName": c.personName?.trim().split(/\s+/)[0] ?? null,
  "customer.email": c.personEmail,
  "company.name": c.companyName,
  "item.title": c.itemTitle,
  "idea.title": c.ideaTitle,
  "sender.name": c.senderName,
  "workspace.name": c.workspaceName,
});

async function contextOf(db: Db, ctx: WorkspaceContext, itemId: string) {
  const c = await selectReplyContext(db, ctx.workspaceId, itemId, ctx.userId);
  if (!c) throw notFound("Feedback");
  if (!c.personEmail)
    throw new AppError("conflict", "This feedback has no customer with an e-mail address to reply to", {
      to: "Set the item's customer (with an e-mail address) first",
    });
  return c;
}

/** Renders a text's variables, or a field error naming the field. */
function render(field: "text" | "subject", text: string, values: TemplateValues) {
  const r = renderTemplate(text, values);
  if (!r.ok) throw invalid({ [field]: r.error });
  return r.text;
}

const reSubject = (s: string) => (/^re:/i.test(s.trim()) ? s.trim() : `Re: ${s.trim()}`);

/** A template filled for an item: what the composer shows before sending. */
export async function previewReply(db: Db, ctx: WorkspaceContext, itemId: string, templateId: string) {
  const c = await contextOf(db, ctx, itemId);
  const t = await getTemplate(db, ctx.workspaceId, templateId);
  const values = valuesOf(c);
  return {
    to: c.personEmail as string,
    subject: t.subject ? render("subject", t.subject, values) : "",
    text: render("text", t.body, values),
  };
}

/** Sends a reply to the item's customer: queued in the outbox and kept on the item's conversation. */
export async function sendReply(
  db: Db,
  config: ReplyConfig,
  clock: Clock,
  ctx: WorkspaceContext,
  itemId: string,
  input: SendReply,
): Promise<FeedbackMessage> {
  const messageId = await db.transaction(async (tx) => {
    const c = await contextOf(tx, ctx, itemId);
    const values = valuesOf(c);
    const text = render("text", input.text, values);
    const conversation = await selectConversation(tx, ctx.workspaceId, itemId);
    const last = conversation.at(-1);
    const lastIn = conversation.filter((m) => m.direction === "in").at(-1);
    const subject = input.subject.trim()
      ? render("subject", input.subject, values)
      : reSubject(lastIn?.subject || last?.subject || c.itemTitle || "Your feedback");
    const references = last ? [...last.references, last.messageId].slice(-20) : [];
    // Answers come back to the listener (when one runs), which threads them onto this item.
    // An item that came to a product's address is answered from that address while it exists.
    const productInbox =
      config.smtpInPort !== undefined && c.source === "email" && UUID.test(c.sourceId)
        ? await findProductInbox(tx, ctx.workspaceId, c.sourceId)
        : null;
    const replyTo =
      config.smtpInPort !== undefined
        ? inboundAddress((productInbox ?? (await ensureInbox(tx, ctx.workspaceId))).token, config)
        : null;
    const outboxId = await enqueueMail(tx, clock, {
      to: c.personEmail as string,
      subject: subject.slice(0, 300),
      text,
      kind: "feedback.reply",
      workspaceId: ctx.workspaceId,
      headers: {
        ...(last ? { inReplyTo: last.messageId, references } : {}),
        ...(replyTo ? { replyTo } : {}),
      },
    });
    const id = outboxMessageId(outboxId, config.mailFrom);
    const fromAddress = /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom;
    await insertMessageIfNew(tx, {
      workspaceId: ctx.workspaceId,
      itemId,
      direction: "out",
      messageId: id,
      inReplyTo: last?.messageId ?? null,
      references,
      fromAddress,
      fromName: c.senderName,
      toAddress: c.personEmail as string,
      subject: subject.slice(0, 300),
      text,
      outboxId,
      sentBy: ctx.userId,
      createdAt: clock.now().toISOString(),
    });
    await recordAudit(tx, ctx.workspaceId, ctx, {
      action: "feedback.reply",
      entityType: "feedback",
      entityId: itemId,
      after: { to: c.personEmail, subject, text: text.slice(0, 2000), outboxId },
    });
    return id;
  });
  const [row] = await selectConversation(db, ctx.workspaceId, itemId, messageId);
  return presentMessage(row);
}
