import { z } from "zod";
import {
  AcceptInvitationSchema,
  CreatedInvitationSchema,
  CreateInvitationSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  PageQuerySchema,
  pageOf,
  SessionInfoSchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { AppError } from "../../errors.ts";
import { safeEqual } from "../../lib/crypto.ts";
import { WsIdParams, WsParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { setSessionCookie } from "../auth/auth.routes.ts";
import { resolvePrincipal, sessionInfo } from "../auth/auth.service.ts";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations.service.ts";

const tags = ["invitations"];

export function invitationRoutes(app: ZodApp, { db, clock, config }: RouteDeps) {
  const opts = { clock, sessionDays: config.sessionDays };
  app.get(
    "/workspaces/:wid/invitations",
    {
      config: { auth: "invitations.manage" },
      schema: {
        tags,
        summary: "Invitations of the workspace",
        params: WsParams,
        querystring: PageQuerySchema,
        response: { 200: pageOf(InvitationSchema) },
      },
    },
    async (req) => listInvitations(db, clock, wsOf(req).workspaceId, req.query),
  );
  app.post(
    "/workspaces/:wid/invitations",
    {
      config: { auth: "invitations.manage" },
      schema: {
        tags,
        summary: "Invite someone (the link is returned once)",
        params: WsParams,
        body: CreateInvitationSchema,
        response: { 409: ErrorResponse, 201: CreatedInvitationSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await db.transaction((tx) => createInvitation(tx, clock, config.publicUrl, wsOf(req), req.body)),
        ),
  );
  app.delete(
    "/workspaces/:wid/invitations/:id",
    {
      config: { auth: "invitations.manage" },
      schema: {
        tags,
        summary: "Revoke a pending invitation",
        params: WsIdParams,
        response: { 409: ErrorResponse, 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => revokeInvitation(tx, clock, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );
  app.get(
    "/invitations/:token",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Preview an invitation by its token",
        params: z.object({ token: z.string().max(200) }),
        response: { 200: InvitationPreviewSchema },
      },
    },
    async (req) => previewInvitation(db, clock, req.params.token),
  );
  app.post(
    "/invitations/accept",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Accept an invitation (creates the account when new)",
        body: AcceptInvitationSchema,
        response: { 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 200: SessionInfoSchema },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p?.via === "token") throw new AppError("forbidden", "Accept invitations in a browser session");
      if (p && !safeEqual(String(req.headers["x-csrf-token"] ?? ""), p.csrfToken ?? "")) {
        throw new AppError("csrf", "Missing or wrong X-CSRF-Token header; reload the page");
      }
      const { session } = await acceptInvitation(db, opts, p, req.body, req.headers["user-agent"]);
      if (session) {
        setSessionCookie(req, reply, session);
        const fresh = await resolvePrincipal(db, opts, { kind: "session", secret: session.token }, null);
        return sessionInfo(db, fresh!);
      }
      return sessionInfo(db, p!);
    },
  );
}
