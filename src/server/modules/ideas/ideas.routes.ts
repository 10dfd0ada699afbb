import type { FastifyReply } from "fastify";
import { z } from "zod";
import {
  BulkIdeasSchema,
  BulkResultSchema,
  CommentSchema,
  CreateCommentSchema,
  CreateIdeaSchema,
  CreateViewSchema,
  IdeaPageSchema,
  IdeaQuerySchema,
  IdeaSchema,
  ImportIdeasSchema,
  ImportResultSchema,
  MergeIdeaSchema,
  PinIdeaSchema,
  SavedViewSchema,
  ScoreExplanationSchema,
  ScoreHistorySchema,
  UpdateIdeaSchema,
} from "../../../shared/ideas.schemas.ts";
import { can } from "../../../shared/permissions.ts";
import { AuditEventSchema } from "../../../shared/schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent, NotModified } from "../../plugins/openapi.ts";
import { getProduct } from "../products/products.service.ts";
import {
  addComment,
  createView,
  deleteView,
  ideaActivity,
  listComments,
  listViews,
} from "./collab.service.ts";
import { exportIdeas, importIdeasInSteps } from "./ideas.csv.ts";
import {
  bulkEditIdeas,
  createIdea,
  deleteIdea,
  explainIdeaScore,
  getIdea,
  ideaScoreHistory,
  listIdeasJson,
  mergeIdea,
  pinIdea,
  updateIdea,
  watchIdea,
} from "./ideas.service.ts";
import type { IdeaStatusFollower } from "./status.service.ts";

const tags = ["ideas"];
const ProductParams = WsParams.extend({ pid: z.uuid() });
const Watching = z.object({ watching: z.boolean() });

/**
 * `followStatus`: what the roadmap does after a person set ideas' status (finishes items whose ideas all
 * shipped); composed in build.ts because the roadmaps module sits above this one.
 */
export function ideaRoutes(
  app: ZodApp,
  { db, database, clock, config, followStatus }: RouteDeps & { followStatus?: IdeaStatusFollower },
) {
  app.get(
    "/workspaces/:wid/products/:pid/ideas",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "The ranked backlog: a page of a product's ideas, filtered and sorted",
        params: ProductParams,
        querystring: IdeaQuerySchema,
        response: { 304: NotModified, 200: IdeaPageSchema },
      },
    },
    async (req, reply) => {
      // Served from a cache keyed by the product's ideas_version (see listIdeasJson): already-validated JSON text.
      const ctx = wsOf(req);
      const revenue = can(ctx.role, "customers.revenue");
      const { body, etag } = await listIdeasJson(
        db,
        ctx.workspaceId,
        req.params.pid,
        req.query,
        Date.now(),
        revenue,
      );
      reply.header("etag", etag).header("cache-control", "private, no-cache");
      if (req.headers["if-none-match"] === etag) return (reply as FastifyReply).status(304).send();
      return sendRaw(reply.type("application/json; charset=utf-8"), body);
    },
  );
  app.post(
    "/workspaces/:wid/products/:pid/ideas",
    {
      config: { auth: "ideas.write" },
      schema: {
        tags,
        summary: "Add an idea",
        params: ProductParams,
        body: CreateIdeaSchema,
        response: { 201: IdeaSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createIdea(tx, wsOf(req), req.params.pid, req.body))),
  );
  app.get(
    "/workspaces/:wid/products/:pid/ideas/export",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "Every idea of the product as CSV or JSON, in backlog order",
        params: ProductParams,
        querystring: z.object({ format: z.enum(["csv", "json"]).default("csv") }),
        response: {
          200: {
            description: "Every idea as CSV, or as JSON records with the same columns",
            content: {
              "text/csv": { schema: z.string() },
              "application/json": { schema: z.array(z.record(z.string(), z.unknown())) },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { format } = req.query;
      const product = await getProduct(db, wsOf(req).workspaceId, req.params.pid);
      const body = await exportIdeas(db, wsOf(req).workspaceId, req.params.pid, format);
      const name = `${product.name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "ideas"}-ideas.${format}`;
      return reply
        .header(
          "content-type",
          format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        )
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(body);
    },
  );
  app.post(
    "/workspaces/:wid/products/:pid/ideas/import",
    {
      config: { auth: "ideas.prioritize" },
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags,
        summary: "Import ideas from CSV (dry run first: per-row errors, nothing is created)",
        params: ProductParams,
        body: ImportIdeasSchema,
        response: { 200: ImportResultSchema },
      },
    },
    // Checked outside any transaction, written in short steps on PGlite (lib/steps.ts).
    async (req) => importIdeasInSteps(database, wsOf(req), req.params.pid, { ...req.body, clock }),
  );
  app.post(
    "/workspaces/:wid/products/:pid/ideas/bulk",
    {
      config: { auth: "ideas.write" },
      schema: {
        tags,
        summary: "Bulk edit ideas",
        params: ProductParams,
        body: BulkIdeasSchema,
        response: { 200: BulkResultSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        const out = await bulkEditIdeas(tx, wsOf(req), req.params.pid, req.body.ids, req.body.set);
        if (req.body.set.status && followStatus) await followStatus(tx, wsOf(req), req.body.ids);
        return out;
      }),
  );
  app.get(
    "/workspaces/:wid/ideas/:id",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "An idea (merged ones carry mergedIntoId)",
        params: WsIdParams,
        response: { 200: IdeaSchema },
      },
    },
    async (req) => getIdea(db, wsOf(req), req.params.id),
  );
  app.patch(
    "/workspaces/:wid/ideas/:id",
    {
      config: { auth: "ideas.write" },
      schema: {
        tags,
        summary: "Update an idea (send the version you read)",
        params: WsIdParams,
        body: UpdateIdeaSchema,
        response: { 200: IdeaSchema },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        const idea = await updateIdea(tx, wsOf(req), req.params.id, req.body);
        if (req.body.status && followStatus) await followStatus(tx, wsOf(req), [idea.id]);
        return idea;
      }),
  );
  app.delete(
    "/workspaces/:wid/ideas/:id",
    {
      config: { auth: "ideas.delete" },
      schema: { tags, summary: "Delete an idea", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteIdea(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.put(
    "/workspaces/:wid/ideas/:id/pin",
    {
      config: { auth: "ideas.prioritize" },
      schema: {
        tags,
        summary: "Pin an idea's rank, with a reason",
        params: WsIdParams,
        body: PinIdeaSchema,
        response: { 200: IdeaSchema },
      },
    },
    async (req) => db.transaction((tx) => pinIdea(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/ideas/:id/pin",
    {
      config: { auth: "ideas.prioritize" },
      schema: { tags, summary: "Unpin an idea's rank", params: WsIdParams, response: { 200: IdeaSchema } },
    },
    async (req) => db.transaction((tx) => pinIdea(tx, wsOf(req), req.params.id, null)),
  );
  app.post(
    "/workspaces/:wid/ideas/:id/merge",
    {
      config: { auth: "ideas.prioritize" },
      schema: {
        tags,
        summary: "Merge this idea into another (the survivor)",
        params: WsIdParams,
        body: MergeIdeaSchema,
        response: { 409: ErrorResponse, 200: IdeaSchema },
      },
    },
    async (req) => db.transaction((tx) => mergeIdea(tx, wsOf(req), req.params.id, req.body.intoId)),
  );
  app.get(
    "/workspaces/:wid/ideas/:id/score",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "Why this score: the arithmetic under every framework",
        params: WsIdParams,
        response: { 200: ScoreExplanationSchema },
      },
    },
    async (req) =>
      explainIdeaScore(db, wsOf(req).workspaceId, req.params.id, can(wsOf(req).role, "customers.revenue")),
  );
  app.get(
    "/workspaces/:wid/ideas/:id/score-history",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary:
          "The idea's score history: a row per change of its score or rank by a scoring event, oldest first",
        params: WsIdParams,
        response: { 200: ScoreHistorySchema },
      },
    },
    async (req) => ideaScoreHistory(db, wsOf(req).workspaceId, req.params.id),
  );
  app.get(
    "/workspaces/:wid/ideas/:id/comments",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "Comments, oldest first",
        params: WsIdParams,
        response: { 200: z.object({ items: z.array(CommentSchema) }) },
      },
    },
    async (req) => listComments(db, wsOf(req), req.params.id),
  );
  app.post(
    "/workspaces/:wid/ideas/:id/comments",
    {
      config: { auth: "ideas.comment" },
      schema: {
        tags,
        summary: "Comment (mentions notify and subscribe people)",
        params: WsIdParams,
        body: CreateCommentSchema,
        response: { 201: CommentSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await db.transaction((tx) =>
            addComment(tx, wsOf(req), req.params.id, req.body, { clock, publicUrl: config.publicUrl }),
          ),
        ),
  );
  for (const [method, on] of [
    ["put", true],
    ["delete", false],
  ] as const)
    app[method](
      "/workspaces/:wid/ideas/:id/watch",
      {
        config: { auth: "ideas.read" },
        schema: {
          tags,
          summary: on ? "Watch an idea" : "Stop watching an idea",
          params: WsIdParams,
          response: { 200: Watching },
        },
      },
      async (req) => db.transaction((tx) => watchIdea(tx, wsOf(req), req.params.id, on)),
    );
  app.get(
    "/workspaces/:wid/ideas/:id/activity",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "The idea's history",
        params: WsIdParams,
        response: { 200: z.object({ items: z.array(AuditEventSchema) }) },
      },
    },
    async (req) => ideaActivity(db, wsOf(req), req.params.id),
  );
  app.get(
    "/workspaces/:wid/products/:pid/views",
    {
      config: { auth: "ideas.read" },
      schema: {
        tags,
        summary: "Saved views (mine and shared)",
        params: ProductParams,
        response: { 200: z.object({ items: z.array(SavedViewSchema) }) },
      },
    },
    async (req) => listViews(db, wsOf(req), req.params.pid),
  );
  app.post(
    "/workspaces/:wid/products/:pid/views",
    {
      config: { auth: "ideas.write" },
      schema: {
        tags,
        summary: "Save a view",
        params: ProductParams,
        body: CreateViewSchema,
        response: { 201: SavedViewSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createView(db, wsOf(req), req.params.pid, req.body)),
  );
  app.delete(
    "/workspaces/:wid/views/:id",
    {
      config: { auth: "ideas.write" },
      schema: { tags, summary: "Delete a saved view", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await deleteView(db, wsOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}
