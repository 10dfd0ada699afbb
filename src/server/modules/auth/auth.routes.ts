import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  ChangePasswordSchema,
  LoginSchema,
  RequestPasswordResetSchema,
  ResetPasswordSchema,
  SessionInfoSchema,
  SessionRowSchema,
  SetupSchema,
  UpdateProfileSchema,
  type User,
  UserSchema,
} from "../../../shared/schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { principalOf, SESSION_COOKIE } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import { DEVICE_COOKIE, type Device } from "./auth.limits.ts";
import {
  changePassword,
  listSessions,
  login,
  logout,
  logoutEverywhere,
  type NewSession,
  sessionInfo,
  setupInstance,
  updateProfile,
} from "./auth.service.ts";
import { requestPasswordReset, resetPassword } from "./password-reset.service.ts";

const tags = ["auth"];
const DEVICE_PATH = "/api/v1/auth";

/** The long-lived cookie that makes this browser a known device of the account (see auth.limits.ts). */
function setDeviceCookie(req: FastifyRequest, reply: FastifyReply, d: Device) {
  reply.setCookie(DEVICE_COOKIE, d.token, {
    httpOnly: true,
    sameSite: "strict",
    secure: req.protocol === "https",
    path: DEVICE_PATH,
    expires: new Date(d.expiresAt),
  });
}
const deviceToken = (req: FastifyRequest) =>
  req.headers.cookie?.includes(DEVICE_COOKIE)
    ? req.server.parseCookie(req.headers.cookie)[DEVICE_COOKIE] || undefined
    : undefined;

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, s: NewSession) {
  reply.setCookie(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: req.protocol === "https",
    path: "/",
    expires: new Date(s.expiresAt),
  });
}

export function authRoutes(app: ZodApp, { db, config, clock }: RouteDeps) {
  const opts = { clock, sessionDays: config.sessionDays };
  const withSession = async (user: User, s: NewSession) =>
    sessionInfo(db, {
      user,
      via: "session",
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
      role: null,
    });

  app.post(
    "/setup",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Create the first owner and workspace",
        body: SetupSchema,
        response: { 409: ErrorResponse, 201: SessionInfoSchema },
      },
    },
    async (req, reply) => {
      const { user, session, device } = await setupInstance(db, opts, req.body, req.headers["user-agent"]);
      setSessionCookie(req, reply, session);
      setDeviceCookie(req, reply, device);
      return reply.status(201).send(await withSession(user, session));
    },
  );

  app.post(
    "/auth/login",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Log in with e-mail and password",
        body: LoginSchema,
        response: { 401: ErrorResponse, 200: SessionInfoSchema, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { user, session, device } = await login(db, opts, req.body, {
        ip: req.ip,
        userAgent: req.headers["user-agent"],
        deviceToken: deviceToken(req),
      });
      setSessionCookie(req, reply, session);
      setDeviceCookie(req, reply, device);
      return withSession(user, session);
    },
  );

  app.post(
    "/auth/logout",
    {
      config: { auth: "session" },
      schema: { tags, summary: "End this session", response: { 204: NoContent } },
    },
    async (req, reply) => {
      await logout(db, principalOf(req).sessionId!);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send();
    },
  );

  app.post(
    "/auth/logout-all",
    {
      config: { auth: "session" },
      schema: {
        tags,
        summary: "End every session of this user (all devices)",
        response: { 200: z.object({ ended: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const ended = await logoutEverywhere(db, principalOf(req).user.id);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ended };
    },
  );

  app.get(
    "/auth/session",
    {
      config: { auth: "user" },
      schema: {
        tags,
        summary: "The current user, their workspaces and CSRF token",
        response: { 200: SessionInfoSchema },
      },
    },
    async (req) => sessionInfo(db, principalOf(req)),
  );

  app.get(
    "/auth/sessions",
    {
      config: { auth: "session" },
      schema: {
        tags,
        summary: "This user's active sessions",
        response: { 200: z.object({ items: z.array(SessionRowSchema) }) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: await listSessions(db, clock, p.user.id, p.sessionId) };
    },
  );

  app.post(
    "/auth/password",
    {
      config: { auth: "session" },
      schema: {
        tags,
        summary: "Change password (ends other sessions)",
        body: ChangePasswordSchema,
        response: { 204: NoContent, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await changePassword(db, clock, { userId: p.user.id, sessionId: p.sessionId }, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    "/auth/password-reset/request",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Send a password-reset link (always answers 202; throttled per address and per client)",
        body: RequestPasswordResetSchema,
        response: { 202: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      await requestPasswordReset(db, clock, config.publicUrl, { email: req.body.email, ip: req.ip });
      return reply.status(202).send({ ok: true });
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Set a new password with a reset token (revokes the user's other links and sessions)",
        body: ResetPasswordSchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      setDeviceCookie(req, reply, await resetPassword(db, clock, req.body));
      return reply.status(204).send();
    },
  );

  app.patch(
    "/me",
    {
      config: { auth: "session" },
      schema: {
        tags,
        summary: "Update my profile",
        body: UpdateProfileSchema,
        response: { 200: UserSchema },
      },
    },
    async (req) => updateProfile(db, principalOf(req).user.id, req.body),
  );
}
