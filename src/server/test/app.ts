import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { SessionInfo } from "../../shared/schemas.ts";
import { buildApp } from "../build.ts";
import { loadConfig } from "../config.ts";
import type { Database } from "../db/client.ts";
import { type Clock, manualClock } from "../lib/clock.ts";
import { createTestDatabase } from "./db.ts";
import { type Conformance, recordConformance } from "./openapi-conformance.ts";

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ReturnType<typeof manualClock>;
  /** Responses checked against the OpenAPI document (createTestApp({ conformance }) or OPENAPI_CONFORMANCE=1). */
  conformance: Conformance | null;
  close(): Promise<void>;
}

/** The real app on a fresh database with a hand-moved clock. Use app.inject() or listen on 127.0.0.1. */
export async function createTestApp(
  opts: { clock?: Clock; env?: Record<string, string>; conformance?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = manualClock(new Date());
  const config = {
    ...loadConfig({
      LOG_LEVEL: "silent",
      BATON_PUBLIC_URL: "http://baton.test",
      BATON_WEB_DIR: "/nonexistent",
      ...opts.env,
    }),
  };
  const app = await buildApp({ database, config, clock: opts.clock ?? clock });
  const everywhere = process.env.OPENAPI_CONFORMANCE === "1";
  const conformance = opts.conformance || everywhere ? recordConformance(app) : null;
  await app.ready();
  return {
    app,
    database,
    clock,
    conformance,
    async close() {
      await app.close();
      await database.close();
      if (everywhere)
        expect(conformance?.violations, "responses that contradict the OpenAPI document").toEqual([]);
    },
  };
}

/** A logged-in browser-like client: keeps the cookie and sends the CSRF header on writes. */
export class Client {
  cookie = "";
  csrf = "";
  bearer = "";
  session!: SessionInfo;
  constructor(readonly app: FastifyInstance) {}

  get userId() {
    return this.session.user.id;
  }
  get wid() {
    return this.session.workspaces[0].id;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    else if (this.cookie) {
      h.cookie = this.cookie;
      if (method !== "GET" && this.csrf) h["x-csrf-token"] = this.csrf;
    }
    const res = await this.app.inject({ method: method as never, url, payload: body as never, headers: h });
    const set = res.cookies.find((c) => c.name === "baton_session");
    if (set) this.cookie = set.value ? `baton_session=${set.value}` : "";
    return res;
  }
  get = (url: string) => this.request("GET", url);
  post = (url: string, body?: unknown) => this.request("POST", url, body ?? {});
  patch = (url: string, body: unknown) => this.request("PATCH", url, body);
  put = (url: string, body?: unknown) => this.request("PUT", url, body ?? {});
  del = (url: string) => this.request("DELETE", url);

  /** Sends the request and asserts the status, returning the parsed body. */
  async ok<T = any>(method: string, url: string, body?: unknown, status = 200): Promise<T> {
    const res = await this.request(
      method,
      url,
      body ?? (method === "GET" || method === "DELETE" ? undefined : {}),
    );
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return (res.body ? res.json() : undefined) as T;
  }

  adopt(info: SessionInfo) {
    this.session = info;
    this.csrf = info.csrfToken;
    return this;
  }
}

let counter = 0;
export const uniqueEmail = (name = "user") => `${name}.${Date.now().toString(36)}${counter++}@example.test`;
export const PASSWORD = "correct horse battery";

/** Runs first-time setup: an owner with a workspace. */
export async function setupOwner(app: FastifyInstance, workspaceName = "Acme") {
  const c = new Client(app);
  const res = await c.request("POST", "/api/v1/setup", {
    name: "Olivia Owner",
    email: uniqueEmail("owner"),
    password: PASSWORD,
    workspaceName,
  });
  expect(res.statusCode, res.body).toBe(201);
  return c.adopt(res.json());
}

/** Invites an address into the owner's workspace with a role and accepts it as a new account. */
export async function addUser(owner: Client, role: string, wid = owner.wid, name = "Sam Stakeholder") {
  const email = uniqueEmail(role);
  const inv = await owner.ok("POST", `/api/v1/workspaces/${wid}/invitations`, { email, role }, 201);
  const c = new Client(owner.app);
  const res = await c.request("POST", "/api/v1/invitations/accept", {
    token: inv.token,
    name,
    password: PASSWORD,
  });
  expect(res.statusCode, res.body).toBe(200);
  c.adopt(res.json());
  return Object.assign(c, { email });
}

/** A second, unrelated tenant: its own owner and workspace (created through the API by a fresh account). */
export async function otherTenant(owner: Client) {
  const stranger = await addUser(owner, "viewer", owner.wid, "Stranger");
  // They leave the first workspace, so they only know their own.
  const ws = await stranger.ok("POST", "/api/v1/workspaces", { name: "Other Co" }, 201);
  await owner.ok("DELETE", `/api/v1/workspaces/${owner.wid}/members/${stranger.userId}`, undefined, 204);
  stranger.session = await stranger.ok("GET", "/api/v1/auth/session");
  expect(stranger.session.workspaces.map((w) => w.id)).toEqual([ws.id]);
  return stranger;
}

export function errorOf(res: LightMyRequestResponse) {
  return res.json().error as { code: string; message: string; fields?: Record<string, string> };
}
