import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ExportDocumentSchema } from "./transfer.schema.ts";
import { exportJson, exportWorkspaceInSteps } from "./transfer.service.ts";

export function transferRoutes(app: ZodApp, { database, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/export",
    {
      config: { auth: "export.run" },
      schema: {
        tags: ["workspaces"],
        summary:
          "Export the whole workspace as one JSON document (backup; `baton import` restores it as a new workspace)",
        params: WsParams,
        response: { 200: ExportDocumentSchema },
      },
    },
    async (req, reply) => {
      // In short read steps on PGlite, so the server keeps answering (DECISIONS.md #28).
      const doc = await exportWorkspaceInSteps(database, wsOf(req).workspaceId, { clock });
      const day = doc.exportedAt.slice(0, 10);
      reply.header("content-disposition", `attachment; filename="baton-${doc.workspace.slug}-${day}.json"`);
      reply.header("cache-control", "no-store");
      // Encoded in chunks (the same bytes the response schema's serializer writes), not in one blocking call.
      reply.type("application/json; charset=utf-8");
      // The string is sent as it is: Fastify serializes only objects.
      return sendRaw(reply, await exportJson(doc));
    },
  );
}
