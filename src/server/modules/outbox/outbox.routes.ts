import { z } from "zod";
import { OutboxMessageSchema, PageQuerySchema, pageOf } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { forbidden } from "../../errors.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { listOutbox } from "./outbox.service.ts";

export function outboxRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/outbox",
    {
      config: { auth: "outbox.read" },
      schema: {
        tags: ["outbox"],
        summary: "Mail of this workspace; with ?scope=instance (instance admins), password-reset mail",
        params: WsParams,
        querystring: PageQuerySchema.extend({
          scope: z.enum(["workspace", "instance"]).default("workspace"),
        }),
        response: { 200: pageOf(OutboxMessageSchema) },
      },
    },
    async (req) => {
      const ws = wsOf(req);
      const instance = req.query.scope === "instance";
      if (instance && !req.principal?.user.isInstanceAdmin)
        throw forbidden("Only instance admins read instance mail");
      return listOutbox(db, instance ? null : ws.workspaceId, req.query);
    },
  );
}
