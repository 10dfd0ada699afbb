import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";
import { listAudit, recordAudit } from "../audit/audit.service.ts";
import { assertMember } from "../members/members.service.ts";
import type { MailOut } from "../notifications/notifications.mail.ts";
import { notify } from "../notifications/notifications.service.ts";
import { getProduct } from "../products/products.service.ts";
import { lockProductScores } from "../scoring/scoring.service.ts";
import {
  deleteViewRow,
  insertComment,
  insertView,
  selectComments,
  selectMemberIds,
  selectView,
  selectViews,
} from "./collab.queries.ts";
import { selectWatchers, setWatching } from "./ideas.queries.ts";
import { readIdea } from "./ideas.service.ts";

/** Comments, @mentions, watchers and saved views around ideas. */

export async function listComments(db: Db, ctx: WorkspaceContext, ideaId: string) {
  await readIdea(db, ctx.workspaceId, ideaId);
  const rows = await selectComments(db, ctx.workspaceId, ideaId);
  return { items: rows.map((r) => isoColumns(r, "createdAt")) };
}

/**
 * Adds a comment. Mentioned members (checked) and the author start watching; every other watcher and each
 * mentioned person gets an in-app notification.
 */
export async function addComment(
  db: Db,
  ctx: WorkspaceContext,
  ideaId: string,
  input: { body: string; mentions: string[]; roundId: string | null },
  mail: MailOut | null,
) {
  const idea = await readIdea(db, ctx.workspaceId, ideaId);
  const mentions = [...new Set(input.mentions)];
  const members = new Set(await selectMemberIds(db, ctx.workspaceId, mentions));
  const strangers = mentions.filter((m) => !members.has(m));
  if (strangers.length) throw invalid({ mentions: "Only members of this workspace can be mentioned" });
  await lockProductScores(db, ctx.workspaceId, idea.productId); // the backlog shows comment counts
  const watchersBefore = await selectWatchers(db, ctx.workspaceId, ideaId);
  const id = await insertComment(db, ctx.workspaceId, { ideaId, authorId: ctx.userId, ...input, mentions });
  await setWatching(db, ctx.workspaceId, ideaId, [...mentions, ...(ctx.userId ? [ctx.userId] : [])], true);
  const link = `/ideas/${ideaId}`;
  const excerpt = input.body.length > 140 ? `${input.body.slice(0, 139)}…` : input.body;
  await notify(
    db,
    ctx.workspaceId,
    [
      ...mentions
        .filter((m) => m !== ctx.userId)
        .map((userId) => ({
          userId,
          kind: "mention",
          title: `You were mentioned on #${idea.number} ${idea.title}`,
          body: excerpt,
          link,
        })),
      ...watchersBefore
        .filter((w) => w !== ctx.userId && !mentions.includes(w))
        .map((userId) => ({
          userId,
          kind: "comment",
          title: `New comment on #${idea.number} ${idea.title}`,
          body: excerpt,
          link,
        })),
    ],
    mail,
  );
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "idea.comment",
    entityType: "idea",
    entityId: ideaId,
    after: { commentId: id, body: excerpt, mentions },
  });
  const added = (await selectComments(db, ctx.workspaceId, ideaId)).find((c) => c.id === id);
  if (!added) throw notFound("Comment"); // written in this transaction: never happens
  return isoColumns(added, "createdAt");
}

/** The idea's change history from the audit log, newest first. */
export async function ideaActivity(db: Db, ctx: WorkspaceContext, ideaId: string) {
  await readIdea(db, ctx.workspaceId, ideaId);
  return {
    items: (await listAudit(db, ctx.workspaceId, { entityType: "idea", entityId: ideaId, limit: 200 })).items,
  };
}

export async function listViews(db: Db, ctx: WorkspaceContext, productId: string) {
  await getProduct(db, ctx.workspaceId, productId);
  const rows = await selectViews(db, ctx.workspaceId, productId, ctx.userId);
  return { items: rows.map((r) => isoColumns(r, "createdAt")) };
}

export async function createView(
  db: Db,
  ctx: WorkspaceContext,
  productId: string,
  input: { name: string; shared: boolean; config: unknown },
) {
  await getProduct(db, ctx.workspaceId, productId);
  const owner = (input.config as { ownerId?: string } | null)?.ownerId;
  if (owner) await assertMember(db, ctx.workspaceId, owner, "config.ownerId");
  const id = await insertView(db, ctx.workspaceId, { productId, ownerId: ctx.userId, ...input });
  const view = await selectView(db, ctx.workspaceId, id);
  if (!view) throw notFound("View"); // written in this transaction: never happens
  return isoColumns(view, "createdAt");
}

/** Deletes a saved view: its owner may, and so may product managers and above for shared views. */
export async function deleteView(db: Db, ctx: WorkspaceContext, id: string) {
  const v = await selectView(db, ctx.workspaceId, id);
  if (!v) throw notFound("View");
  if (v.ownerId !== ctx.userId && !can(ctx.role, "ideas.prioritize"))
    throw forbidden("Only its owner can delete this view");
  await deleteViewRow(db, ctx.workspaceId, id);
}
