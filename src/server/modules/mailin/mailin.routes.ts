import { z } from "zod";
import {
  ConversationSchema,
  CreateReplyTemplateSchema,
  FeedbackMessageSchema,
  InboundMailSchema,
  InboundResultSchema,
  MailInboxListSchema,
  MailInboxSchema,
  PreviewReplySchema,
  ReplyPreviewSchema,
  ReplyTemplateListSchema,
  ReplyTemplateSchema,
  SendReplySchema,
  UpdateReplyTemplateSchema,
} from "../../../shared/replies.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  getInbox,
  getProductInbox,
  listConversation,
  listInboxes,
  receiveWebhookMail,
  rotateInbox,
} from "./mailin.service.ts";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  previewReply,
  sendReply,
  updateTemplate,
} from "./replies.service.ts";

const tags = ["mail-in"];
const WsPidParams = WsParams.extend({ pid: z.uuid() });

export function mailInRoutes(app: ZodApp, { db, config, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/mail-in",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary: "The workspace's secret inbound address (made on first use): mail to it becomes feedback",
        params: WsParams,
        response: { 200: MailInboxSchema },
      },
    },
    async (req) => getInbox(db, wsOf(req).workspaceId, config),
  );
  app.post(
    "/workspaces/:wid/mail-in/rotate",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary: "A new secret inbound address; mail to the old one is refused (550) from now on",
        params: WsParams,
        response: { 200: MailInboxSchema },
      },
    },
    async (req) => rotateInbox(db, wsOf(req), config, clock),
  );
  app.get(
    "/workspaces/:wid/mail-in/addresses",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary:
          "Every secret inbound address: the workspace's, then each product's (mail to a product's becomes that product's feedback)",
        params: WsParams,
        response: { 200: MailInboxListSchema },
      },
    },
    async (req) => listInboxes(db, wsOf(req).workspaceId, config),
  );
  app.get(
    "/workspaces/:wid/products/:pid/mail-in",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary:
          "A product's secret inbound address (made on first use): mail to it becomes feedback of the product",
        params: WsPidParams,
        response: { 200: MailInboxSchema },
      },
    },
    async (req) => getProductInbox(db, wsOf(req).workspaceId, req.params.pid, config),
  );
  app.post(
    "/workspaces/:wid/products/:pid/mail-in/rotate",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary:
          "A new secret inbound address for the product; mail to its old one is refused (550) from now on",
        params: WsPidParams,
        response: { 200: MailInboxSchema },
      },
    },
    async (req) => rotateInbox(db, wsOf(req), config, clock, req.params.pid),
  );
  app.post(
    "/workspaces/:wid/feedback/mail",
    {
      config: { auth: "feedback.write" },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary:
          "Inbound-mail webhook: a mail a provider received and parsed, stored like mail to the SMTP listener (201 created or threaded onto an item; 200 duplicate Message-ID)",
        params: WsParams,
        body: InboundMailSchema,
        response: { 200: InboundResultSchema, 201: InboundResultSchema },
      },
    },
    async (req, reply) => {
      const r = await receiveWebhookMail({ db }, config, clock, wsOf(req).workspaceId, req.body);
      return reply.status(r.outcome === "duplicate" ? 200 : 201).send(r);
    },
  );
  app.get(
    "/workspaces/:wid/feedback/:id/messages",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "The item's conversation: mail received and replies sent, oldest first",
        params: WsIdParams,
        response: { 200: ConversationSchema },
      },
    },
    async (req) => listConversation(db, wsOf(req).workspaceId, req.params.id),
  );
  app.post(
    "/workspaces/:wid/feedback/:id/replies",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary:
          "Reply to the item's customer by e-mail (through the outbox), threaded on the item's conversation; {{variables}} are filled",
        params: WsIdParams,
        body: SendReplySchema,
        response: { 201: FeedbackMessageSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await sendReply(db, config, clock, wsOf(req), req.params.id, req.body)),
  );
  app.post(
    "/workspaces/:wid/feedback/:id/replies/preview",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary: "A reply template filled for this item (what the composer shows before sending)",
        params: WsIdParams,
        body: PreviewReplySchema,
        response: { 200: ReplyPreviewSchema, 409: ErrorResponse },
      },
    },
    async (req) => previewReply(db, wsOf(req), req.params.id, req.body.templateId),
  );
  app.get(
    "/workspaces/:wid/reply-templates",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "Reply templates, by name",
        params: WsParams,
        response: { 200: ReplyTemplateListSchema },
      },
    },
    async (req) => listTemplates(db, wsOf(req).workspaceId),
  );
  app.post(
    "/workspaces/:wid/reply-templates",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary: "Add a reply template (unknown {{variables}} are field errors)",
        params: WsParams,
        body: CreateReplyTemplateSchema,
        response: { 201: ReplyTemplateSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await createTemplate(db, wsOf(req), req.body)),
  );
  app.get(
    "/workspaces/:wid/reply-templates/:id",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "A reply template",
        params: WsIdParams,
        response: { 200: ReplyTemplateSchema },
      },
    },
    async (req) => getTemplate(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/reply-templates/:id",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary: "Change a reply template (send its version: 409 when stale)",
        params: WsIdParams,
        body: UpdateReplyTemplateSchema,
        response: { 200: ReplyTemplateSchema, 409: ErrorResponse },
      },
    },
    async (req) => updateTemplate(db, wsOf(req), req.params.id, req.body, clock),
  );
  app.delete(
    "/workspaces/:wid/reply-templates/:id",
    {
      config: { auth: "customers.contact" },
      schema: { tags, summary: "Delete a reply template", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await deleteTemplate(db, wsOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
