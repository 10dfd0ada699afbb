import { AuditEventSchema, AuditQuerySchema, pageOf } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { listAudit } from "./audit.service.ts";

export function auditRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/audit",
    {
      config: { auth: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "The audit log, newest first, filterable",
        params: WsParams,
        querystring: AuditQuerySchema,
        response: { 200: pageOf(AuditEventSchema) },
      },
    },
    async (req) => listAudit(db, wsOf(req).workspaceId, req.query),
  );
}
