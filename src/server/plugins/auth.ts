import "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { can, type Permission } from "../../shared/permissions.ts";
import type { Principal, WorkspaceContext } from "../context.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { safeEqual } from "../lib/crypto.ts";

/**
 * What a route requires. Every /api route must declare one (checked at start-up): default deny.
 * - "public": anyone
 * - "user": any logged-in user (cookie or token)
 * - "session": a logged-in browser session (not a token)
 * - a Permission: a member of the `:wid` workspace whose role grants it
 * - "cli": the local CLI credential only (modules/cli; it also passes workspace permissions, as the operator)
 */
export type AuthRequirement = "public" | "user" | "session" | "cli" | Permission;

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyRequest {
    principal: Principal | null;
    ws: WorkspaceContext | null;
  }
}

/** The browser session's cookie (set by the auth module at log-in). */
export const SESSION_COOKIE = "baton_session";

type Credential = { kind: "session" | "token"; secret: string };

/**
 * What the hook asks of the modules that own credentials: auth resolves sessions and API tokens, cli the
 * local command line's credential. Passed in by build.ts, so this layer imports no module (docs/ARCHITECTURE.md).
 */
export interface CredentialResolvers {
  principal(cred: Credential, workspaceId: string | null): Promise<Principal | null>;
  isCliSecret(secret: string): boolean;
  cliContext(
    req: FastifyRequest,
    secret: string,
    need: AuthRequirement,
    workspaceId: string | null,
  ): Promise<WorkspaceContext | null>;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function credential(req: FastifyRequest): Credential | null {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return { kind: "token" as const, secret: header.slice(7).trim() };
  const cookies = req.headers.cookie;
  if (!cookies?.includes(SESSION_COOKIE)) return null;
  const cookie = req.server.parseCookie(cookies)[SESSION_COOKIE];
  return cookie ? { kind: "session" as const, secret: cookie } : null;
}

const requirements = new WeakMap<FastifyInstance, Map<string, AuthRequirement>>();
/** Every /api route's declared requirement, keyed "METHOD /url/:param" (tests check them all). */
export const authRequirements = (app: FastifyInstance): ReadonlyMap<string, AuthRequirement> =>
  requirements.get(app) ?? new Map();

export function registerAuth(app: FastifyInstance, resolve: CredentialResolvers) {
  app.decorateRequest("principal", null);
  app.decorateRequest("ws", null);

  const declared = new Map<string, AuthRequirement>();
  requirements.set(app, declared);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    const need = route.config?.auth;
    if (!need) throw new Error(`Route ${route.method} ${route.url} declares no auth requirement`);
    for (const m of [route.method].flat()) declared.set(`${m} ${route.url}`, need);
  });

  // onRequest, before the body is read, parsed or validated: an anonymous caller gets 401, a non-member
  // 404 and a member without the permission 403, never a 400 that would teach them the body's rules.
  app.addHook("onRequest", async (req) => {
    const need = req.routeOptions.config?.auth;
    if (!need) return; // non-API routes (static files)
    const cred = credential(req);
    const wid = (req.params as { wid?: string } | undefined)?.wid ?? null;
    if (wid !== null && !UUID.test(wid)) throw notFound("Workspace");
    if (cred?.kind === "token" && resolve.isCliSecret(cred.secret)) {
      req.ws = await resolve.cliContext(req, cred.secret, need, wid);
      return;
    }
    if (need === "cli") throw new AppError("unauthenticated", "Only the local command line may call this");
    if (cred) req.principal = await resolve.principal(cred, wid);
    const p = req.principal;
    if (need === "public") return;
    if (!p) throw new AppError("unauthenticated", "Log in to continue");
    // Cookie-authenticated writes must echo the session's CSRF token (tokens are immune: no ambient credential).
    if (p.via === "session" && UNSAFE.has(req.method)) {
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
        throw new AppError("csrf", "Missing or wrong X-CSRF-Token header; reload the page");
      }
    }
    if (need === "user") return;
    if (need === "session") {
      if (p.via !== "session") throw forbidden("This needs a browser session, not an API token");
      return;
    }
    // Workspace permission: non-members (and tokens of other workspaces) learn nothing: 404.
    if (!wid || !p.role) throw notFound("Workspace");
    if (!can(p.role, need)) throw forbidden();
    req.ws = { workspaceId: wid, role: p.role, userId: p.user.id, via: p.via };
  });
}

/** The workspace context a permission-guarded route runs in (set by the onRequest hook). */
export function wsOf(req: FastifyRequest): WorkspaceContext {
  if (!req.ws) throw new Error("route has no workspace permission requirement");
  return req.ws;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError("unauthenticated", "Log in to continue");
  return req.principal;
}
