import { z } from "zod";
import { MarkReadSchema, NotificationPageSchema } from "../../../shared/ideas.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { listNotifications, readNotifications } from "./notifications.service.ts";

const tags = ["notifications"];

export function notificationRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/notifications",
    {
      config: { auth: "workspace.read" },
      schema: {
        tags,
        summary: "My latest notifications",
        params: WsParams,
        response: { 200: NotificationPageSchema },
      },
    },
    async (req) => listNotifications(db, wsOf(req).workspaceId, wsOf(req).userId as string),
  );
  app.post(
    "/workspaces/:wid/notifications/read",
    {
      config: { auth: "workspace.read" },
      schema: {
        tags,
        summary: "Mark notifications read (all when no ids are given)",
        params: WsParams,
        body: MarkReadSchema,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (req) =>
      readNotifications(db, wsOf(req).workspaceId, wsOf(req).userId as string, req.body.ids ?? null),
  );
}
