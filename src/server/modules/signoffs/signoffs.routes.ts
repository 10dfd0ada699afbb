import { z } from "zod";
import { can } from "../../../shared/permissions.ts";
import {
  CancelSignoffSchema,
  CreateShareLinkSchema,
  CreateSignoffSchema,
  DecideSchema,
  EditApproversSchema,
  ExtendSignoffSchema,
  ReviseSignoffSchema,
  SharedRoadmapSchema,
  ShareLinkSchema,
  SignoffCommentInputSchema,
  SignoffCommentSchema,
  type SignoffDetail,
  SignoffDetailSchema,
  SignoffPreflightSchema,
  SignoffQuerySchema,
  SignoffReviewSchema,
  SignoffSchema,
} from "../../../shared/signoff.schemas.ts";
import { type RouteDeps, sendRaw, type ZodApp } from "../../app.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { WsIdParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { createShareLink, listShareLinks, revokeShareLink, sharedRoadmap } from "../share/share.service.ts";
import { editApprovers } from "./approvers.service.ts";
import { addComment, cancelSignoff, extendSignoff, remindNow, reviseSignoff } from "./lifecycle.service.ts";
import { reviewBody, signoffReview } from "./review.service.ts";
import {
  createSignoff,
  decide,
  getSignoff,
  listSignoffs,
  preflight,
  type SignoffOut,
} from "./signoffs.service.ts";

const tags = ["sign-off"];
const VersionParams = WsIdParams.extend({ vid: z.uuid() });

export function signoffRoutes(app: ZodApp, { db, clock, config }: RouteDeps) {
  const mail = { clock, publicUrl: config.publicUrl };
  app.get(
    "/workspaces/:wid/signoffs",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Sign-off requests, open ones first (mine=true: those I approve)",
        params: WsIdParams.pick({ wid: true }),
        querystring: SignoffQuerySchema,
        response: { 200: z.object({ items: z.array(SignoffSchema) }) },
      },
    },
    async (req) => listSignoffs(db, wsOf(req), req.query),
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id/signoff-preflight",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Before requesting sign-off: SMART failures, the baseline, a request already open",
        params: WsIdParams,
        response: { 200: SignoffPreflightSchema },
      },
    },
    async (req) => preflight(db, wsOf(req), req.params.id),
  );
  app.post(
    "/workspaces/:wid/roadmaps/:id/signoffs",
    {
      config: { auth: "signoffs.manage" },
      schema: {
        tags,
        summary: "Request sign-off of a roadmap version from approvers, with a deadline and reminders",
        params: WsIdParams,
        body: CreateSignoffSchema,
        response: { 409: ErrorResponse, 201: SignoffDetailSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createSignoff(tx, wsOf(req), req.params.id, req.body, mail))),
  );
  app.get(
    "/workspaces/:wid/signoffs/:id",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "A sign-off request: approvers and decisions, history, comments",
        params: WsIdParams,
        response: { 200: SignoffDetailSchema },
      },
    },
    async (req) => getSignoff(db, wsOf(req), req.params.id),
  );
  app.get(
    "/workspaces/:wid/signoffs/:id/review",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "The approver's page: the version, its diff with the baseline, my teams' items and capacity",
        params: WsIdParams,
        response: { 200: SignoffReviewSchema },
      },
    },
    async (req, reply) => {
      const { body, gzip } = reviewBody(
        await signoffReview(db, wsOf(req), req.params.id, clock),
        req.headers["accept-encoding"],
      );
      reply.type("application/json; charset=utf-8").header("vary", "accept-encoding");
      if (gzip) reply.header("content-encoding", "gzip");
      return sendRaw(reply, body);
    },
  );
  app.put(
    "/workspaces/:wid/signoffs/:id/decision",
    {
      config: { auth: "signoffs.decide" },
      schema: {
        tags,
        summary:
          "Approve, approve with comments, or object (an approver; changeable until the request closes)",
        params: WsIdParams,
        body: DecideSchema,
        response: { 409: ErrorResponse, 200: SignoffDetailSchema },
      },
    },
    async (req) => db.transaction((tx) => decide(tx, wsOf(req), req.params.id, req.body, mail)),
  );
  app.post(
    "/workspaces/:wid/signoffs/:id/comments",
    {
      config: { auth: "signoffs.decide" },
      schema: {
        tags,
        summary: "Comment on the request or one of its items (approvers and product managers)",
        params: WsIdParams,
        body: SignoffCommentInputSchema,
        response: { 201: SignoffCommentSchema },
      },
    },
    async (req, reply) => {
      const ctx = wsOf(req);
      const comment = await db.transaction((tx) =>
        addComment(tx, ctx, req.params.id, req.body, can(ctx.role, "signoffs.manage")),
      );
      return reply.status(201).send(comment);
    },
  );
  // Revise, extend and cancel: the same shape, each with its own body schema.
  const lifecycle = <S extends z.ZodType>(
    action: string,
    schema: S,
    summary: string,
    run: (
      tx: Db,
      ctx: WorkspaceContext,
      id: string,
      input: z.output<S>,
      out: SignoffOut,
    ) => Promise<SignoffDetail>,
  ) =>
    app.post(
      `/workspaces/:wid/signoffs/:id/${action}`,
      {
        config: { auth: "signoffs.manage" },
        schema: {
          tags,
          summary,
          params: WsIdParams,
          body: schema,
          response: { 200: SignoffDetailSchema, 409: ErrorResponse },
        },
      },
      // The body was parsed by `schema`; the type provider cannot say so for a generic schema.
      async (req) => db.transaction((tx) => run(tx, wsOf(req), req.params.id, req.body as z.output<S>, mail)),
    );
  lifecycle(
    "revise",
    ReviseSignoffSchema,
    "Send a newer version: a new round; approvals of changed items are withdrawn",
    reviseSignoff,
  );
  lifecycle("extend", ExtendSignoffSchema, "Move the deadline (audited)", extendSignoff);
  lifecycle("cancel", CancelSignoffSchema, "Cancel the request (audited)", cancelSignoff);

  app.post(
    "/workspaces/:wid/signoffs/:id/remind",
    {
      config: { auth: "signoffs.manage" },
      schema: {
        tags,
        summary: "Remind the approvers who have not decided yet, now (at most once an hour; audited)",
        params: WsIdParams,
        response: { 409: ErrorResponse, 200: SignoffDetailSchema },
      },
    },
    async (req) => db.transaction((tx) => remindNow(tx, wsOf(req), req.params.id, mail)),
  );
  app.post(
    "/workspaces/:wid/signoffs/:id/approvers",
    {
      config: { auth: "signoffs.manage" },
      schema: {
        tags,
        summary: "Add, remove, or make required/optional approvers of an open request (audited)",
        params: WsIdParams,
        body: EditApproversSchema,
        response: { 200: SignoffDetailSchema },
      },
    },
    async (req) => db.transaction((tx) => editApprovers(tx, wsOf(req), req.params.id, req.body, mail)),
  );

  // ---------------------------------------------------------------- share links
  app.get(
    "/workspaces/:wid/roadmaps/:id/versions/:vid/share-links",
    {
      config: { auth: "roadmaps.share" },
      schema: {
        tags,
        summary: "Share links of a version",
        params: VersionParams,
        response: { 200: z.object({ items: z.array(ShareLinkSchema) }) },
      },
    },
    async (req) => listShareLinks(db, wsOf(req), req.params.id, req.params.vid),
  );
  app.post(
    "/workspaces/:wid/roadmaps/:id/versions/:vid/share-links",
    {
      config: { auth: "roadmaps.share" },
      schema: {
        tags,
        summary: "A read-only, expiring link to an approved baseline (the URL is shown once)",
        params: VersionParams,
        body: CreateShareLinkSchema,
        response: { 201: ShareLinkSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await db.transaction((tx) =>
            createShareLink(tx, wsOf(req), req.params.id, req.params.vid, req.body, clock, config.publicUrl),
          ),
        ),
  );
  app.delete(
    "/workspaces/:wid/share-links/:id",
    {
      config: { auth: "roadmaps.share" },
      schema: { tags, summary: "Revoke a share link", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => revokeShareLink(tx, wsOf(req), req.params.id, clock));
      return reply.status(204).send();
    },
  );
  app.get(
    "/shared/:token",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "A shared baseline (the link's secret is the credential)",
        params: z.object({ token: z.string().regex(/^bshr_[A-Za-z0-9_-]{20,64}$/, "Not a share link") }),
        response: { 200: SharedRoadmapSchema },
      },
    },
    async (req, reply) => {
      const shared = await sharedRoadmap(db, req.params.token, clock);
      return reply
        .header("cache-control", "private, no-store")
        .header("x-robots-tag", "noindex")
        .send(shared);
    },
  );
}
