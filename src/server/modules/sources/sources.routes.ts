import {
  CreateSourceSchema,
  PollResultSchema,
  SourceListQuerySchema,
  SourceListSchema,
  SourceSchema,
  UpdateSourceSchema,
} from "../../../shared/sources.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { pollNow } from "./sources.poll.ts";
import { createSource, deleteSource, getSource, listSources, updateSource } from "./sources.service.ts";

const tags = ["sources"];

/** Polled feedback sources (docs/FEEDBACK.md "Sources"): settings, state, poll now. Secrets are write-only. */
export function sourceRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/sources",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "The workspace's polled sources with their state (last poll, error, next attempt), oldest first, a page at a time",
        params: WsParams,
        querystring: SourceListQuerySchema,
        response: { 200: SourceListSchema },
      },
    },
    async (req) => listSources(db, wsOf(req).workspaceId, clock, req.query),
  );
  app.post(
    "/workspaces/:wid/sources",
    {
      config: { auth: "sources.manage" },
      schema: {
        tags,
        summary:
          "Add a source (RSS/Atom/JSON Feed, Hacker News, Mastodon, GitHub issues, App Store, Bluesky); polled soon after",
        params: WsParams,
        body: CreateSourceSchema,
        response: { 201: SourceSchema },
      },
    },
    async (req, reply) => {
      const s = await db.transaction((tx) => createSource(tx, wsOf(req), req.body, clock));
      return reply.status(201).send(s);
    },
  );
  app.get(
    "/workspaces/:wid/sources/:id",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "A source and its state",
        params: WsIdParams,
        response: { 200: SourceSchema },
      },
    },
    async (req) => getSource(db, wsOf(req).workspaceId, req.params.id, clock),
  );
  app.patch(
    "/workspaces/:wid/sources/:id",
    {
      config: { auth: "sources.manage" },
      schema: {
        tags,
        summary:
          "Change a source (send the version you read): name, product, schedule, enabled, config (a new config restarts its cursor), secrets (null removes one)",
        params: WsIdParams,
        body: UpdateSourceSchema,
        response: { 200: SourceSchema },
      },
    },
    async (req) => db.transaction((tx) => updateSource(tx, wsOf(req), req.params.id, req.body, clock)),
  );
  app.delete(
    "/workspaces/:wid/sources/:id",
    {
      config: { auth: "sources.manage" },
      schema: {
        tags,
        summary: "Delete a source (the feedback it brought in stays)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteSource(tx, wsOf(req), req.params.id, clock));
      return reply.status(204).send();
    },
  );
  app.post(
    "/workspaces/:wid/sources/:id/poll",
    {
      config: { auth: "sources.manage" },
      schema: {
        tags,
        summary:
          "Poll now: 200 with what came in, or the error now recorded on the source (outcome error); 409 while another poll of it runs",
        params: WsIdParams,
        response: { 200: PollResultSchema, 409: ErrorResponse },
      },
    },
    async (req) => pollNow(db, wsOf(req).workspaceId, req.params.id, clock),
  );
}
