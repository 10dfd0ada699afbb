import type { FastifyReply } from "fastify";
import { z } from "zod";
import {
  CreateRoadmapSchema,
  PortfolioQuerySchema,
  PortfolioSchema,
  RoadmapSchema,
  RoadmapViewSchema,
  UpdateRoadmapSchema,
} from "../../../shared/roadmap.schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import { disableFeed, feedIcs, roadmapCsv, roadmapIcs, rotateFeedToken } from "./roadmaps.export.ts";
import {
  createRoadmap,
  deleteRoadmap,
  getPortfolio,
  getRoadmapView,
  listRoadmaps,
  roadmapViewJson,
  updateRoadmap,
} from "./roadmaps.service.ts";

const tags = ["roadmaps"];
const fileName = (name: string, ext: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(`${name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60) || "roadmap"}.${ext}`)}`;

/** Roadmaps themselves: CRUD, the computed view, the portfolio, exports and the calendar feed. */
export function roadmapRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/roadmaps",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Roadmaps, optionally of one product",
        params: WsParams,
        querystring: z.object({ productId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(RoadmapSchema) }) },
      },
    },
    async (req) => ({ items: await listRoadmaps(db, wsOf(req).workspaceId, req.query.productId) }),
  );
  app.post(
    "/workspaces/:wid/roadmaps",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Create a roadmap for a product",
        params: WsParams,
        body: CreateRoadmapSchema,
        response: { 201: RoadmapSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createRoadmap(tx, wsOf(req), req.body))),
  );
  app.get(
    "/workspaces/:wid/portfolio",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Every product's planned items over a window of months",
        params: WsParams,
        querystring: PortfolioQuerySchema,
        response: { 200: PortfolioSchema },
      },
    },
    async (req) => getPortfolio(db, wsOf(req).workspaceId, req.query, clock),
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "A roadmap with its items, SMART badges, dependencies, milestones and team load",
        params: WsIdParams,
        response: { 200: RoadmapViewSchema },
      },
    },
    async (req, reply) => {
      // Served from a cache keyed by the workspace's planning fingerprint (roadmapViewJson): validated JSON text.
      const view = await roadmapViewJson(db, wsOf(req).workspaceId, req.params.id, clock);
      reply
        .header("etag", view.etag)
        .header("cache-control", "private, no-cache")
        .header("vary", "accept-encoding");
      if (req.headers["if-none-match"] === view.etag) return (reply as FastifyReply).status(304).send();
      reply.type("application/json; charset=utf-8");
      if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")))
        return sendRaw(reply.header("content-encoding", "gzip"), view.gzip());
      return sendRaw(reply, view.body);
    },
  );
  app.patch(
    "/workspaces/:wid/roadmaps/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Update a roadmap's name, periods or lanes (send the version you read)",
        params: WsIdParams,
        body: UpdateRoadmapSchema,
        response: { 200: RoadmapSchema },
      },
    },
    async (req) => db.transaction((tx) => updateRoadmap(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/roadmaps/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: { tags, summary: "Delete a roadmap", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteRoadmap(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id/export",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "The roadmap's items as CSV or JSON, or its milestones as iCalendar",
        params: WsIdParams,
        querystring: z.object({ format: z.enum(["csv", "json", "ics"]).default("csv") }),
        response: {
          200: {
            description:
              "A file: CSV of the items, the roadmap's view as JSON, or iCalendar of the milestones",
            content: {
              "text/csv": { schema: z.string() },
              "application/json": { schema: RoadmapViewSchema },
              "text/calendar": { schema: z.string() },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { workspaceId } = wsOf(req);
      const { format } = req.query;
      if (format === "ics") {
        const ics = await roadmapIcs(db, workspaceId, req.params.id, clock);
        return reply
          .header("content-type", "text/calendar; charset=utf-8")
          .header("content-disposition", fileName("milestones", "ics"))
          .send(ics);
      }
      const view = await getRoadmapView(db, workspaceId, req.params.id, clock);
      const disposition = fileName(`${view.roadmap.productName}-${view.roadmap.name}`, format);
      if (format === "json")
        return reply
          .header("content-type", "application/json; charset=utf-8")
          .header("content-disposition", disposition)
          .send(JSON.stringify(view, null, 2));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", disposition)
        .send(roadmapCsv(view));
    },
  );
  app.post(
    "/workspaces/:wid/roadmaps/:id/feed",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary:
          "Turn on (or renew) the secret iCalendar feed URL of the milestones; the old URL stops working",
        params: WsIdParams,
        response: { 200: z.object({ token: z.string(), path: z.string() }) },
      },
    },
    async (req) => {
      const token = await db.transaction((tx) => rotateFeedToken(tx, wsOf(req), req.params.id));
      return { token, path: `/api/v1/calendar/${token}.ics` };
    },
  );
  app.delete(
    "/workspaces/:wid/roadmaps/:id/feed",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Turn the calendar feed off",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => disableFeed(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.get(
    "/calendar/:file",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "A roadmap's milestones as an iCalendar feed (the URL's secret is the credential)",
        params: z.object({ file: z.string().regex(/^bcal_[A-Za-z0-9_-]{20,64}\.ics$/) }),
        response: {
          200: { description: "iCalendar (RFC 5545)", content: { "text/calendar": { schema: z.string() } } },
        },
      },
    },
    async (req, reply) => {
      const ics = await feedIcs(db, req.params.file.replace(/\.ics$/, ""), clock);
      return reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(ics);
    },
  );
}
