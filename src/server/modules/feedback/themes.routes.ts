import { z } from "zod";
import {
  CreateThemeSchema,
  DismissSuggestionSchema,
  MergeThemeSchema,
  SimilarQuerySchema,
  SimilarSchema,
  SuggestionsQuerySchema,
  SuggestionsSchema,
  ThemeItemsSchema,
  ThemeListSchema,
  ThemeSchema,
  TrendsQuerySchema,
  TrendsSchema,
  UpdateThemeSchema,
} from "../../../shared/themes.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import { findSimilar } from "./similar.service.ts";
import {
  addThemeItems,
  createTheme,
  deleteTheme,
  dismissSuggestion,
  feedbackTrends,
  getTheme,
  listThemes,
  mergeTheme,
  removeThemeItem,
  renameTheme,
  suggestThemes,
} from "./themes.service.ts";

const tags = ["feedback"];
const ItemParams = WsIdParams.extend({ itemId: z.uuid() });

/** Themes, trends and similar items (docs/FEEDBACK.md "Themes"). */
export function themeRoutes(app: ZodApp, { db, database, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/feedback/themes",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary: "Confirmed themes with their item counts, by name",
        params: WsParams,
        response: { 200: ThemeListSchema },
      },
    },
    async (req) => listThemes(db, wsOf(req).workspaceId),
  );
  app.post(
    "/workspaces/:wid/feedback/themes",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Confirm a theme: a name and its items (201; 409 when the name is taken)",
        params: WsParams,
        body: CreateThemeSchema,
        response: { 201: ThemeSchema },
      },
    },
    async (req, reply) => {
      const theme = await db.transaction((tx) => createTheme(tx, wsOf(req), req.body.name, req.body.itemIds));
      return reply.status(201).send(theme);
    },
  );
  app.get(
    "/workspaces/:wid/feedback/themes/suggestions",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "Suggested themes: groups of similar items among the newest `limit` that are not spam, in no theme and not dismissed (computed on demand)",
        params: WsParams,
        querystring: SuggestionsQuerySchema,
        response: { 200: SuggestionsSchema },
      },
    },
    async (req) => suggestThemes(database, wsOf(req).workspaceId, req.query.limit),
  );
  app.post(
    "/workspaces/:wid/feedback/themes/dismissals",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Dismiss a suggestion: its items are not suggested again",
        params: WsParams,
        body: DismissSuggestionSchema,
        response: { 200: z.object({ dismissed: z.number().int() }) },
      },
    },
    async (req) => db.transaction((tx) => dismissSuggestion(tx, wsOf(req), req.body.itemIds)),
  );
  app.get(
    "/workspaces/:wid/feedback/themes/:id",
    {
      config: { auth: "feedback.read" },
      schema: { tags, summary: "A theme", params: WsIdParams, response: { 200: ThemeSchema } },
    },
    async (req) => getTheme(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/feedback/themes/:id",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Rename a theme (send the version you read; 409 when stale or the name is taken)",
        params: WsIdParams,
        body: UpdateThemeSchema,
        response: { 200: ThemeSchema },
      },
    },
    async (req) =>
      db.transaction((tx) => renameTheme(tx, wsOf(req), req.params.id, req.body.name, req.body.version)),
  );
  app.delete(
    "/workspaces/:wid/feedback/themes/:id",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Delete a theme (its items stay)",
        params: WsIdParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteTheme(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    "/workspaces/:wid/feedback/themes/:id/merge",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Merge a theme into another: its items join `intoId`, and it is deleted",
        params: WsIdParams,
        body: MergeThemeSchema,
        response: { 200: ThemeSchema },
      },
    },
    async (req) => db.transaction((tx) => mergeTheme(tx, wsOf(req), req.params.id, req.body.intoId)),
  );
  app.post(
    "/workspaces/:wid/feedback/themes/:id/items",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Add items to a theme (those already in it are skipped)",
        params: WsIdParams,
        body: ThemeItemsSchema,
        response: { 200: ThemeSchema },
      },
    },
    async (req) => db.transaction((tx) => addThemeItems(tx, wsOf(req), req.params.id, req.body.itemIds)),
  );
  app.delete(
    "/workspaces/:wid/feedback/themes/:id/items/:itemId",
    {
      config: { auth: "feedback.write" },
      schema: {
        tags,
        summary: "Remove an item from a theme",
        params: ItemParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => removeThemeItem(tx, wsOf(req), req.params.id, req.params.itemId));
      return reply.status(204).send();
    },
  );
  app.get(
    "/workspaces/:wid/feedback/trends",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "Weekly trends (Monday weeks, UTC): items and mean sentiment per week, and items per week of each theme",
        params: WsParams,
        querystring: TrendsQuerySchema,
        response: { 200: TrendsSchema },
      },
    },
    async (req) => feedbackTrends(db, wsOf(req).workspaceId, req.query, clock),
  );
  app.get(
    "/workspaces/:wid/similar",
    {
      config: { auth: "feedback.read" },
      schema: {
        tags,
        summary:
          "Feedback items and ideas most like a text being typed (to link a duplicate instead of creating it)",
        params: WsParams,
        querystring: SimilarQuerySchema,
        response: { 200: SimilarSchema },
      },
    },
    async (req) => findSimilar(db, wsOf(req).workspaceId, req.query),
  );
}
