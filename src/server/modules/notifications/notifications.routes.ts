import { z } from "zod";
import { MarkReadSchema, NotificationPageSchema } from "../../../shared/ideas.schemas.ts";
import { MailPreferenceSchema } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { getMailPreference, setMailPreference } from "./notifications.mail.ts";
import { listNotifications, readNotifications } from "./notifications.service.ts";

const tags = ["notifications"];

export function notificationRoutes(app: ZodApp, { db, clock }: RouteDeps) {
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
  app.get(
    "/workspaces/:wid/me/mail-preference",
    {
      config: { auth: "workspace.read" },
      schema: {
        tags,
        summary: "How my notifications in this workspace reach me by mail",
        params: WsParams,
        response: { 200: MailPreferenceSchema },
      },
    },
    async (req) => getMailPreference(db, wsOf(req).workspaceId, wsOf(req).userId as string),
  );
  app.put(
    "/workspaces/:wid/me/mail-preference",
    {
      config: { auth: "workspace.read" },
      schema: {
        tags,
        summary: "Choose immediate mail, a daily digest (07:00 UTC) or in-app only",
        params: WsParams,
        body: MailPreferenceSchema,
        response: { 200: MailPreferenceSchema },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        setMailPreference(tx, clock, wsOf(req).workspaceId, wsOf(req).userId as string, req.body.preference),
      ),
  );
}
