import { z } from "zod";
import {
  CreateTeamSchema,
  PutTeamMemberSchema,
  pageOf,
  TeamQuerySchema,
  TeamSchema,
  UpdateTeamSchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { NoContent } from "../../plugins/openapi.ts";
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  putTeamMember,
  removeTeamMember,
  updateTeam,
} from "./teams.service.ts";

const tags = ["teams"];
const MemberParams = WsIdParams.extend({ userId: z.uuid() });

export function teamRoutes(app: ZodApp, { db }: RouteDeps) {
  app.get(
    "/workspaces/:wid/teams",
    {
      config: { auth: "teams.read" },
      schema: {
        tags,
        summary: "Teams with their members",
        params: WsParams,
        querystring: TeamQuerySchema,
        response: { 200: pageOf(TeamSchema) },
      },
    },
    async (req) => listTeams(db, wsOf(req).workspaceId, req.query),
  );
  app.post(
    "/workspaces/:wid/teams",
    {
      config: { auth: "teams.write" },
      schema: {
        tags,
        summary: "Create a team",
        params: WsParams,
        body: CreateTeamSchema,
        response: { 201: TeamSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await db.transaction((tx) => createTeam(tx, wsOf(req), req.body))),
  );
  app.get(
    "/workspaces/:wid/teams/:id",
    {
      config: { auth: "teams.read" },
      schema: { tags, summary: "A team", params: WsIdParams, response: { 200: TeamSchema } },
    },
    async (req) => getTeam(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/teams/:id",
    {
      config: { auth: "teams.write" },
      schema: {
        tags,
        summary: "Update a team (send the version you read)",
        params: WsIdParams,
        body: UpdateTeamSchema,
        response: { 200: TeamSchema },
      },
    },
    async (req) => db.transaction((tx) => updateTeam(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/teams/:id",
    {
      config: { auth: "teams.delete" },
      schema: { tags, summary: "Delete a team", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteTeam(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.put(
    "/workspaces/:wid/teams/:id/members/:userId",
    {
      config: { auth: "teams.write" },
      schema: {
        tags,
        summary: "Add a member to a team or change their allocation",
        params: MemberParams,
        body: PutTeamMemberSchema,
        response: { 200: TeamSchema },
      },
    },
    async (req) =>
      db.transaction((tx) =>
        putTeamMember(tx, wsOf(req), req.params.id, req.params.userId, req.body.allocationPct),
      ),
  );
  app.delete(
    "/workspaces/:wid/teams/:id/members/:userId",
    {
      config: { auth: "teams.write" },
      schema: {
        tags,
        summary: "Remove a member from a team",
        params: MemberParams,
        response: { 200: TeamSchema },
      },
    },
    async (req) => db.transaction((tx) => removeTeamMember(tx, wsOf(req), req.params.id, req.params.userId)),
  );
}
