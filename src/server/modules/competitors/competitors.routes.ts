import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  CompetitorListSchema,
  CompetitorQuerySchema,
  CompetitorSchema,
  CreateCompetitorSchema,
  LOGO_MAX_BYTES,
  LOGO_TYPES,
  LogoInfoSchema,
  UpdateCompetitorSchema,
  WatcherListSchema,
  WatchStateSchema,
} from "../../../shared/competitors.schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { WsIdParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  deleteLogo,
  findFavicon,
  getLogoInfo,
  readLogo,
  storeFetchedLogo,
  uploadLogo,
} from "./competitors.logo.ts";
import {
  createCompetitor,
  deleteCompetitor,
  getCompetitor,
  linkProduct,
  listCompetitors,
  listWatchers,
  setWatching,
  unlinkProduct,
  updateCompetitor,
} from "./competitors.service.ts";
import { competitorContentRoutes } from "./content.routes.ts";

const tags = ["competitors"];
const base = "/workspaces/:wid/competitors";
const ProductLinkParams = WsIdParams.extend({ pid: z.uuid() });
const IMAGE_TYPES = [...LOGO_TYPES, "image/vnd.microsoft.icon", "application/octet-stream"];

/** Competitor profiles, their products, watchers and logo; SWOT, pricing and battlecards in content.routes. */
export function competitorRoutes(app: ZodApp, deps: RouteDeps) {
  const { db, clock } = deps;
  app.get(
    base,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "The workspace's competitors by name, filtered by status, product or a search",
        params: WsIdParams.pick({ wid: true }),
        querystring: CompetitorQuerySchema,
        response: { 200: CompetitorListSchema },
      },
    },
    async (req) => {
      const ws = wsOf(req);
      return listCompetitors(db, ws.workspaceId, ws.userId, req.query);
    },
  );
  app.post(
    base,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary: "Add a competitor (name unique in the workspace), linked to our products",
        params: WsIdParams.pick({ wid: true }),
        body: CreateCompetitorSchema,
        response: { 201: CompetitorSchema, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      const c = await db.transaction((tx) => createCompetitor(tx, wsOf(req), req.body));
      return reply.status(201).send(c);
    },
  );
  app.get(
    `${base}/:id`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "A competitor's profile",
        params: WsIdParams,
        response: { 200: CompetitorSchema },
      },
    },
    async (req) => {
      const ws = wsOf(req);
      return getCompetitor(db, ws.workspaceId, req.params.id, ws.userId);
    },
  );
  app.patch(
    `${base}/:id`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Edit a competitor's profile (send its version); archiving or un-archiving (status) needs competitors.manage",
        params: WsIdParams,
        body: UpdateCompetitorSchema,
        response: { 200: CompetitorSchema },
      },
    },
    async (req) => db.transaction((tx) => updateCompetitor(tx, wsOf(req), req.params.id, req.body, clock)),
  );
  app.delete(
    `${base}/:id`,
    {
      config: { auth: "competitors.manage" },
      schema: {
        tags,
        summary: "Delete a competitor with its SWOT, pricing, battlecard, matrix cells, sources and changes",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteCompetitor(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

  app.put(
    `${base}/:id/products/:pid`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Link one of our products to the competitor (idempotent)",
        params: ProductLinkParams,
        response: { 200: CompetitorSchema },
      },
    },
    async (req) => db.transaction((tx) => linkProduct(tx, wsOf(req), req.params.id, req.params.pid)),
  );
  app.delete(
    `${base}/:id/products/:pid`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Unlink a product from the competitor (idempotent)",
        params: ProductLinkParams,
        response: { 200: CompetitorSchema },
      },
    },
    async (req) => db.transaction((tx) => unlinkProduct(tx, wsOf(req), req.params.id, req.params.pid)),
  );

  for (const [method, watching] of [
    ["put", true],
    ["delete", false],
  ] as const) {
    app[method](
      `${base}/:id/watch`,
      {
        config: { auth: "competitors.read" },
        schema: {
          tags,
          summary: watching
            ? "Watch the competitor yourself: its changes in your daily digest (idempotent)"
            : "Stop watching the competitor (idempotent)",
          params: WsIdParams,
          response: { 200: WatchStateSchema },
        },
      },
      async (req) => db.transaction((tx) => setWatching(tx, wsOf(req), req.params.id, watching)),
    );
  }
  app.get(
    `${base}/:id/watchers`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "Who watches the competitor",
        params: WsIdParams,
        response: { 200: WatcherListSchema },
      },
    },
    async (req) => listWatchers(db, wsOf(req).workspaceId, req.params.id),
  );

  app.get(
    `${base}/:id/logo`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary:
          "The competitor's logo image (PNG, JPEG, WebP, GIF or ICO), served with a CSP that allows nothing",
        params: WsIdParams,
        response: {
          200: {
            description: "The image",
            content: Object.fromEntries(LOGO_TYPES.map((t) => [t, { schema: z.string() }])),
          },
        },
      },
    },
    async (req, reply) => {
      const logo = await readLogo(db, wsOf(req).workspaceId, req.params.id);
      return sendRaw(
        reply
          .header("content-type", logo.contentType)
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("x-content-type-options", "nosniff")
          .header("content-disposition", "inline")
          .header("cache-control", "private, max-age=300"),
        logo.bytes,
      );
    },
  );
  app.delete(
    `${base}/:id/logo`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary: "Remove the competitor's logo",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteLogo(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    `${base}/:id/logo/fetch`,
    {
      config: { auth: "competitors.write" },
      schema: {
        tags,
        summary:
          "Fetch the website's icon (<link rel=icon> or /favicon.ico) as the logo; private addresses are refused",
        params: WsIdParams,
        response: { 200: LogoInfoSchema },
      },
    },
    async (req) => {
      const ws = wsOf(req);
      const c = await getCompetitor(db, ws.workspaceId, req.params.id);
      const icon = await findFavicon(c.website);
      return db.transaction((tx) => storeFetchedLogo(tx, ws, req.params.id, icon, clock));
    },
  );
  // The upload takes the raw image as its body: its own parser, only in this scope, capped at 256 kB.
  app.register(async (scoped) => {
    scoped.addContentTypeParser(
      IMAGE_TYPES,
      { parseAs: "buffer", bodyLimit: LOGO_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    const z2: ZodApp = scoped.withTypeProvider<ZodTypeProvider>();
    z2.put(
      `${base}/:id/logo`,
      {
        bodyLimit: LOGO_MAX_BYTES,
        config: { auth: "competitors.write" },
        schema: {
          tags,
          summary:
            "Upload a logo: the raw image as the body (Content-Type image/png, image/jpeg, image/webp, image/gif or image/x-icon; at most 256 kB; the type is checked from its bytes, SVG refused)",
          params: WsIdParams,
          response: { 200: LogoInfoSchema, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          return reply.status(415).send({
            error: {
              code: "validation",
              message: "Send the image itself as the body, with an image Content-Type",
            },
          });
        const body = req.body;
        return db.transaction((tx) => uploadLogo(tx, wsOf(req), req.params.id, body, clock));
      },
    );
  });
  app.get(
    `${base}/:id/logo/info`,
    {
      config: { auth: "competitors.read" },
      schema: {
        tags,
        summary: "The logo's type and size",
        params: WsIdParams,
        response: { 200: LogoInfoSchema },
      },
    },
    async (req) => {
      const ws = wsOf(req);
      await getCompetitor(db, ws.workspaceId, req.params.id);
      return getLogoInfo(db, ws.workspaceId, req.params.id);
    },
  );

  competitorContentRoutes(app, deps);
}
