import {
  LoopMessageSchema,
  LoopPreviewRequestSchema,
  LoopPreviewSchema,
  LoopSendResultSchema,
  LoopStateSchema,
  SaveLoopDraftSchema,
  ToldSchema,
  UnsubscribeResultSchema,
  UnsubscribeSchema,
} from "../../../shared/loop.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { loopState, previewLoop, saveDraft, sendLoop, toldItem, toldPerson } from "./loop.service.ts";
import { unsubscribe } from "./loop.unsubscribe.ts";

const tags = ["close the loop"];

export function loopRoutes(app: ZodApp, { db, config, clock }: RouteDeps) {
  const url = config.publicUrl;
  app.get(
    "/workspaces/:wid/ideas/:id/loop",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "Close the loop on an idea: whether it shipped, the draft message, every linked customer (ready, told, unsubscribed, no e-mail) and what was sent",
        params: WsIdParams,
        response: { 200: LoopStateSchema },
      },
    },
    async (req) => loopState(db, wsOf(req), req.params.id, url),
  );
  app.put(
    "/workspaces/:wid/ideas/:id/loop/draft",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary:
          "Save the idea's close-the-loop draft (subject and Markdown body with {{variables}}); send its version after the first save",
        params: WsIdParams,
        body: SaveLoopDraftSchema,
        response: { 200: LoopStateSchema },
      },
    },
    async (req) => db.transaction((tx) => saveDraft(tx, wsOf(req), req.params.id, req.body, clock, url)),
  );
  app.post(
    "/workspaces/:wid/ideas/:id/loop/preview",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "The message as one customer would receive it (the first still to tell, or personId)",
        params: WsIdParams,
        body: LoopPreviewRequestSchema,
        response: { 200: LoopPreviewSchema },
      },
    },
    async (req) => previewLoop(db, wsOf(req), req.params.id, req.body, url),
  );
  app.post(
    "/workspaces/:wid/ideas/:id/loop/send",
    {
      config: { auth: "customers.contact" },
      schema: {
        tags,
        summary:
          "Send the message to every linked customer not yet told and not unsubscribed, one mail each (409 when nobody is left to tell or the idea has not shipped)",
        params: WsIdParams,
        body: LoopMessageSchema,
        response: { 200: LoopSendResultSchema },
      },
    },
    async (req) => db.transaction((tx) => sendLoop(tx, wsOf(req), req.params.id, req.body, clock, url)),
  );
  app.get(
    "/workspaces/:wid/people/:id/told",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "What a customer was told: close-the-loop messages sent to them, and whether they unsubscribed",
        params: WsIdParams,
        response: { 200: ToldSchema },
      },
    },
    async (req) => toldPerson(db, wsOf(req).workspaceId, req.params.id),
  );
  app.get(
    "/workspaces/:wid/feedback/:id/told",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "The close-the-loop messages that answered a feedback item",
        params: WsIdParams,
        response: { 200: ToldSchema },
      },
    },
    async (req) => toldItem(db, wsOf(req).workspaceId, req.params.id),
  );
  app.post(
    "/unsubscribe",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary:
          "Follow a close-the-loop mail's unsubscribe link (its signature is the credential; idempotent; 400 for a changed link)",
        body: UnsubscribeSchema,
        response: { 200: UnsubscribeResultSchema },
      },
    },
    async (req, reply) => {
      const r = await db.transaction((tx) => unsubscribe(tx, req.body.token, clock));
      return reply.header("cache-control", "no-store").header("x-robots-tag", "noindex").send(r);
    },
  );
}
