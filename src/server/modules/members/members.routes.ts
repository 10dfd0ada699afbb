import { z } from "zod";
import { MemberQuerySchema, MemberSchema, pageOf, UpdateMemberSchema } from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { changeRole, listMembers, removeMember } from "./members.service.ts";

const tags = ["members"];
const MemberParams = WsParams.extend({ userId: z.uuid() });

export function memberRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/members",
    {
      config: { auth: "members.read" },
      schema: {
        tags,
        summary: "Members and their roles",
        params: WsParams,
        querystring: MemberQuerySchema,
        response: { 200: pageOf(MemberSchema) },
      },
    },
    async (req) => listMembers(db, wsOf(req).workspaceId, req.query),
  );
  app.patch(
    "/workspaces/:wid/members/:userId",
    {
      config: { auth: "members.manage" },
      schema: {
        tags,
        summary: "Change a member's role",
        params: MemberParams,
        body: UpdateMemberSchema,
        response: { 200: MemberSchema },
      },
    },
    async (req) => db.transaction((tx) => changeRole(tx, wsOf(req), req.params.userId, req.body)),
  );
  app.delete(
    "/workspaces/:wid/members/:userId",
    {
      config: { auth: "members.manage" },
      schema: {
        tags,
        summary: "Remove a member",
        params: MemberParams,
        response: { 204: NoContent, 409: ErrorResponse },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => removeMember(tx, wsOf(req), req.params.userId));
      return reply.status(204).send();
    },
  );
}
