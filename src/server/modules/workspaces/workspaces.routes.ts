import { z } from "zod";
import {
  CreateWorkspaceSchema,
  MyWorkspaceSchema,
  UpdateWorkspaceSchema,
  WorkspaceSchema,
  WorkspaceSummarySchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { forbidden } from "../../errors.ts";
import { WsParams } from "../../lib/params.ts";
import { principalOf, wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listMyWorkspaces,
  updateWorkspace,
  workspaceSummary,
} from "./workspaces.service.ts";

const tags = ["workspaces"];

export function workspaceRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.get(
    "/workspaces/:wid/summary",
    {
      config: { auth: "workspace.read" },
      schema: {
        tags,
        summary: "Counts for the home page",
        params: WsParams,
        response: { 200: WorkspaceSummarySchema },
      },
    },
    async (req) => workspaceSummary(db, wsOf(req), clock.now()),
  );

  app.get(
    "/workspaces",
    {
      config: { auth: "user" },
      schema: {
        tags,
        summary: "My workspaces",
        response: { 200: z.object({ items: z.array(MyWorkspaceSchema) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const items = await listMyWorkspaces(db, p.user.id);
      return { items: p.tokenWorkspaceId ? items.filter((w) => w.id === p.tokenWorkspaceId) : items };
    },
  );

  app.post(
    "/workspaces",
    {
      config: { auth: "session" },
      schema: {
        tags,
        summary: "Create a workspace (you become its owner)",
        body: CreateWorkspaceSchema,
        response: { 409: ErrorResponse, 201: MyWorkspaceSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const ws = await db.transaction((tx) =>
        createWorkspace(tx, { userId: p.user.id, via: p.via }, req.body),
      );
      return reply.status(201).send(ws);
    },
  );

  app.get(
    "/workspaces/:wid",
    {
      config: { auth: "workspace.read" },
      schema: { tags, summary: "A workspace", params: WsParams, response: { 200: WorkspaceSchema } },
    },
    async (req) => getWorkspace(db, wsOf(req).workspaceId),
  );

  app.patch(
    "/workspaces/:wid",
    {
      config: { auth: "workspace.update" },
      schema: {
        tags,
        summary: "Rename a workspace",
        params: WsParams,
        body: UpdateWorkspaceSchema,
        response: { 200: WorkspaceSchema },
      },
    },
    async (req) => db.transaction((tx) => updateWorkspace(tx, wsOf(req), req.body)),
  );

  app.delete(
    "/workspaces/:wid",
    {
      config: { auth: "workspace.delete" },
      schema: {
        tags,
        summary: "Delete a workspace and everything in it",
        params: WsParams,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      const ws = wsOf(req);
      if (ws.via !== "session") throw forbidden("Deleting a workspace needs a browser session");
      await db.transaction((tx) => deleteWorkspace(tx, ws));
      return reply.status(204).send();
    },
  );
}
