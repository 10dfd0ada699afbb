import { z } from "zod";
import {
  ChangelogEntrySchema,
  ChangelogListSchema,
  ChangelogQuerySchema,
  CreateChangelogEntrySchema,
  PublicChangelogSchema,
  RoadmapItemOptionsQuerySchema,
  RoadmapItemOptionsSchema,
  UpdateChangelogEntrySchema,
} from "../../../shared/loop.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import {
  changelogUrls,
  createEntry,
  deleteEntry,
  getEntry,
  listEntries,
  listRoadmapItemOptions,
  publicChangelog,
  updateEntry,
} from "./changelog.service.ts";

const tags = ["changelog"];
const ProductParams = WsParams.extend({ pid: z.uuid() });
const PublicParams = z.object({ wid: z.uuid(), pid: z.uuid() });
const feedResponse = (type: string, description: string) => ({
  200: { description, content: { [type]: { schema: z.string() } } },
});
// Public and cacheable for a few minutes: feed readers poll.
const PUBLIC_CACHE = "public, max-age=300";
/** The feed writers (and Markdown with them) load on the first feed request, not at every server start. */
const loadFeeds = () => import("./changelog.feed.ts");

export function changelogRoutes(app: ZodApp, { db, config, clock }: RouteDeps) {
  const url = config.publicUrl;
  app.get(
    "/workspaces/:wid/products/:pid/changelog",
    {
      config: { auth: "products.read" },
      schema: {
        tags,
        summary:
          "A product's changelog entries, drafts and published, newest first, with its public addresses",
        params: ProductParams,
        querystring: ChangelogQuerySchema,
        response: { 200: ChangelogListSchema },
      },
    },
    async (req) => listEntries(db, wsOf(req).workspaceId, req.params.pid, req.query, url),
  );
  app.get(
    "/workspaces/:wid/products/:pid/changelog/roadmap-items",
    {
      config: { auth: "products.read" },
      schema: {
        tags,
        summary:
          "The product's roadmap items an entry can link (title containing q), by roadmap and title: the editor's picker",
        params: ProductParams,
        querystring: RoadmapItemOptionsQuerySchema,
        response: { 200: RoadmapItemOptionsSchema },
      },
    },
    async (req) => listRoadmapItemOptions(db, wsOf(req).workspaceId, req.params.pid, req.query),
  );
  app.post(
    "/workspaces/:wid/products/:pid/changelog",
    {
      config: { auth: "changelog.write" },
      schema: {
        tags,
        summary: "Write a changelog entry (Markdown), linked to ideas and roadmap items of the product",
        params: ProductParams,
        body: CreateChangelogEntrySchema,
        response: { 201: ChangelogEntrySchema },
      },
    },
    async (req, reply) => {
      const entry = await db.transaction((tx) =>
        createEntry(tx, wsOf(req), req.params.pid, req.body, clock, url),
      );
      return reply.status(201).send(entry);
    },
  );
  app.get(
    "/workspaces/:wid/changelog/:id",
    {
      config: { auth: "products.read" },
      schema: {
        tags,
        summary: "A changelog entry",
        params: WsIdParams,
        response: { 200: ChangelogEntrySchema },
      },
    },
    async (req) => getEntry(db, wsOf(req).workspaceId, req.params.id, url),
  );
  app.patch(
    "/workspaces/:wid/changelog/:id",
    {
      config: { auth: "changelog.write" },
      schema: {
        tags,
        summary:
          "Edit, publish (status published; dated now unless publishedAt is given) or unpublish an entry (send its version)",
        params: WsIdParams,
        body: UpdateChangelogEntrySchema,
        response: { 200: ChangelogEntrySchema },
      },
    },
    async (req) => db.transaction((tx) => updateEntry(tx, wsOf(req), req.params.id, req.body, clock, url)),
  );
  app.delete(
    "/workspaces/:wid/changelog/:id",
    {
      config: { auth: "changelog.write" },
      schema: { tags, summary: "Delete a changelog entry", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteEntry(tx, wsOf(req), req.params.id, url));
      return reply.status(204).send();
    },
  );

  app.get(
    "/public/changelog/:wid/:pid",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary:
          "A product's public changelog: its published entries, newest first (404 when nothing is published)",
        params: PublicParams,
        response: { 200: PublicChangelogSchema },
      },
    },
    async (req, reply) => {
      const { updatedAt: _, ...page } = await publicChangelog(db, req.params.wid, req.params.pid, url);
      return reply.header("cache-control", PUBLIC_CACHE).send(page);
    },
  );
  app.get(
    "/public/changelog/:wid/:pid/rss.xml",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "The public changelog as an RSS 2.0 feed",
        params: PublicParams,
        response: feedResponse("application/rss+xml", "RSS 2.0"),
      },
    },
    async (req, reply) => {
      const c = await publicChangelog(db, req.params.wid, req.params.pid, url);
      const { changelogRss } = await loadFeeds();
      return reply
        .header("content-type", "application/rss+xml; charset=utf-8")
        .header("cache-control", PUBLIC_CACHE)
        .send(changelogRss(c, changelogUrls(url, req.params.wid, req.params.pid)));
    },
  );
  app.get(
    "/public/changelog/:wid/:pid/atom.xml",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "The public changelog as an Atom 1.0 feed",
        params: PublicParams,
        response: feedResponse("application/atom+xml", "Atom 1.0"),
      },
    },
    async (req, reply) => {
      const c = await publicChangelog(db, req.params.wid, req.params.pid, url);
      const { changelogAtom } = await loadFeeds();
      return reply
        .header("content-type", "application/atom+xml; charset=utf-8")
        .header("cache-control", PUBLIC_CACHE)
        .send(changelogAtom(c, changelogUrls(url, req.params.wid, req.params.pid)));
    },
  );
}
