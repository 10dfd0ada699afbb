import {
  ApiTokenSchema,
  CreateApiTokenSchema,
  CreatedApiTokenSchema,
  PageQuerySchema,
  pageOf,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { forbidden } from "../../errors.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import { createToken, listTokens, revokeToken } from "./tokens.service.ts";

const tags = ["tokens"];

export function tokenRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/tokens",
    {
      config: { auth: "tokens.own" },
      schema: {
        tags,
        summary: "My API tokens in this workspace",
        params: WsParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(ApiTokenSchema) },
      },
    },
    async (req) => listTokens(db, wsOf(req), req.query),
  );
  app.post(
    "/workspaces/:wid/tokens",
    {
      config: { auth: "tokens.own" },
      schema: {
        tags,
        summary: "Create an API token (shown once)",
        params: WsParams,
        body: CreateApiTokenSchema,
        response: { 201: CreatedApiTokenSchema },
      },
    },
    async (req, reply) => {
      const ws = wsOf(req);
      if (ws.via !== "session") throw forbidden("Create tokens from a browser session or the CLI");
      return reply.status(201).send(await db.transaction((tx) => createToken(tx, clock, ws, req.body)));
    },
  );
  app.delete(
    "/workspaces/:wid/tokens/:id",
    {
      config: { auth: "tokens.own" },
      schema: { tags, summary: "Revoke an API token", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => revokeToken(tx, clock, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
}
