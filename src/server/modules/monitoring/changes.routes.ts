import { z } from "zod";
import {
  ChangeDetailSchema,
  ChangeIdeasSchema,
  ChangePageSchema,
  ChangeQuerySchema,
  MarkNoiseSchema,
  NoiseResultSchema,
  UpdateChangeSchema,
} from "../../../shared/changes.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  getChange,
  linkChangeIdea,
  listChanges,
  markNoise,
  unlinkChangeIdea,
  updateChange,
} from "./changes.service.ts";

const tags = ["changes"];
const IdeaParams = WsIdParams.extend({ ideaId: z.uuid() });

/** Detected competitor changes (docs/COMPETITORS.md "Changes and the digest"): the feed, a change, triage, noise, ideas. */
export function changeRoutes(app: ZodApp, { db, clock, config }: RouteDeps) {
  const out = { clock, publicUrl: config.publicUrl };
  app.get(
    "/workspaces/:wid/changes",
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "Detected changes, newest first, keyset-paged (nextCursor); filters: competitor, monitor (a page's history: reported=any), category, importance, state, since/until; reported ones only unless reported=false or any",
        params: WsParams,
        querystring: ChangeQuerySchema,
        response: { 200: ChangePageSchema },
      },
    },
    async (req) => listChanges(db, wsOf(req).workspaceId, req.query),
  );
  app.get(
    "/workspaces/:wid/changes/:id",
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "A change with its word-level diff ([op, text], op -1 removed, 0 same, 1 added), its monitor and competitor, linked ideas, and the monitor's previous and next change",
        params: WsIdParams,
        response: { 200: ChangeDetailSchema },
      },
    },
    async (req) => getChange(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/changes/:id",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Triage a change (send the version you read): category, importance, state; raising it to high importance notifies the competitor's watchers",
        params: WsIdParams,
        body: UpdateChangeSchema,
        response: { 200: ChangeDetailSchema },
      },
    },
    async (req) => db.transaction((tx) => updateChange(tx, wsOf(req), req.params.id, req.body, out)),
  );
  app.post(
    "/workspaces/:wid/changes/:id/noise",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Mark a change as noise (send the version you read); with a phrase (matched literally) or a pattern (a safe regular expression), its web page's monitor ignores it from the next check on",
        params: WsIdParams,
        body: MarkNoiseSchema,
        response: { 200: NoiseResultSchema, 409: ErrorResponse },
      },
    },
    async (req) => db.transaction((tx) => markNoise(tx, wsOf(req), req.params.id, req.body)),
  );
  app.post(
    "/workspaces/:wid/changes/:id/ideas/:ideaId",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Link a change to an idea of the backlog (201; 200 when it already was); answers the change's linked ideas",
        params: IdeaParams,
        response: { 200: ChangeIdeasSchema, 201: ChangeIdeasSchema },
      },
    },
    async (req, reply) => {
      const r = await db.transaction((tx) => linkChangeIdea(tx, wsOf(req), req.params.id, req.params.ideaId));
      return reply.status(r.created ? 201 : 200).send({ items: r.items });
    },
  );
  app.delete(
    "/workspaces/:wid/changes/:id/ideas/:ideaId",
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Unlink a change from an idea",
        params: IdeaParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => unlinkChangeIdea(tx, wsOf(req), req.params.id, req.params.ideaId));
      return reply.status(204).send();
    },
  );
}
