import swagger from "@fastify/swagger";
import type { FastifyInstance, RouteOptions } from "fastify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ErrorCode } from "../errors.ts";
import { VERSION } from "../version.ts";
import type { AuthRequirement } from "./auth.ts";

/**
 * The OpenAPI document (/api/v1/openapi.json), made true centrally rather than route by route:
 * - operationId derived from module (first tag), method and path, unless a route gives one;
 * - the error envelope defined once (components.schemas.Error) and referenced by the 4xx responses each route
 *   can really produce, derived from its auth requirement and schema (see errorStatuses);
 * - security per route: public routes need none, session-only routes only the cookie;
 * - only /api routes: the web app's catch-all and static files are not part of the API;
 * - fix-ups of what zod → JSON Schema emits: `required` keys of records with enum keys become properties,
 *   and `anyOf` with an empty (match-anything) member collapses to that empty schema.
 * A route answering 204 declares `204: NoContent`; extra error statuses a route can answer (a 409 from a
 * service rule, a 429) are declared with `ErrorResponse` under their status.
 */

/**
 * Response schema of a route that answers without a body (204): `send()` takes no payload, and the
 * document shows a response without content (fastify-swagger omits content for `type: "null"`).
 */
export const NoContent = z.undefined().meta({ type: "null", description: "No content" });

/** Response schema of a conditional GET answered from the client's cache (304, no body). */
export const NotModified = z.undefined().meta({ type: "null", description: "Not modified (ETag matched)" });

const ERROR_CODES = [
  "validation",
  "unauthenticated",
  "forbidden",
  "csrf",
  "not_found",
  "conflict",
  "payload_too_large",
  "rate_limited",
  "internal",
] as const satisfies readonly ErrorCode[];

/** The one error envelope; routes that list an error status explicitly use it. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .describe("Error");

const ERROR_RESPONSES: Record<string, [name: string, description: string]> = {
  "400": ["BadRequest", "Invalid input: `validation`, with `fields` naming each bad field"],
  "401": ["Unauthenticated", "No valid session or token: `unauthenticated`"],
  "403": [
    "Forbidden",
    "The role lacks the permission (`forbidden`), a token was used where a browser session is needed, or a cookie write lacks X-CSRF-Token (`csrf`)",
  ],
  "404": ["NotFound", "No such resource, or one in a workspace you are not a member of: `not_found`"],
  "409": ["Conflict", "A stale `version` or a rule of the domain: `conflict`"],
  "413": ["PayloadTooLarge", "The body exceeds the size limit: `payload_too_large`"],
  "415": ["UnsupportedMediaType", "The body is not JSON: `validation`"],
  "429": ["TooManyRequests", "Too many attempts: `rate_limited`"],
};

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: [...ERROR_CODES] },
        message: { type: "string", description: "For people; never internals" },
        fields: {
          type: "object",
          description: "Field path (`email`, `members.0.role`) → message",
          additionalProperties: { type: "string" },
        },
      },
    },
  },
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type JsonSchema = Record<string, any>;

/** The 4xx statuses a route can produce, from its auth requirement and what it validates. */
export function errorStatuses(route: {
  method: string;
  url: string;
  auth?: AuthRequirement;
  schema: { body?: unknown; querystring?: unknown; params?: unknown };
  versioned: boolean;
}): string[] {
  const s = new Set<string>();
  const { auth, schema, method } = route;
  if (schema.body) s.add("400").add("413").add("415");
  if (schema.querystring || schema.params) s.add("400");
  if (auth && auth !== "public") {
    s.add("401");
    // Permissions (and session-only routes) refuse with 403; any cookie write without its CSRF header too.
    if (auth !== "user" || UNSAFE.has(method)) s.add("403");
  }
  // Workspace routes answer 404 to non-members; any id in the path can be unknown.
  if (/\{[^}]+\}|:[A-Za-z]/.test(route.url)) s.add("404");
  if (method === "PATCH" && route.versioned) s.add("409");
  return [...s].sort();
}

const words = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));

/** `products` + GET + /api/v1/workspaces/{wid}/products/{id} → `productsGetProductsById`. */
export function operationIdOf(module: string, method: string, url: string): string {
  const path = url
    .replace(/^\/api\/v1/, "")
    .replace(/^\/workspaces\/[:{]wid}?(?=\/)/, "")
    .split("/")
    .filter(Boolean)
    .map((seg) => (/^[:{]/.test(seg) ? `By${words(seg).join("")}` : words(seg).join("")))
    .join("");
  const [first, ...rest] = words(module);
  return `${first.toLowerCase()}${rest.join("")}${words(method.toLowerCase()).join("")}${path}`;
}

const isObject = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

/** Fixes what zod's JSON Schema leaves that OpenAPI tools misread (see the header comment), in place. */
export function fixSchemas(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) fixSchemas(n);
    return;
  }
  if (!isObject(node)) return;
  for (const v of Object.values(node)) fixSchemas(v);
  // z.record(z.enum([...]), X): every key is required, but only `additionalProperties` describes them.
  if (Array.isArray(node.required) && node.type === "object") {
    const props: JsonSchema = node.properties ?? {};
    const missing = node.required.filter((k: string) => !(k in props));
    if (missing.length && isObject(node.additionalProperties)) {
      for (const k of missing) props[k] = structuredClone(node.additionalProperties);
      node.properties = props;
    } else if (missing.length) {
      node.required = node.required.filter((k: string) => k in props);
    }
  }
  // z.unknown().nullable() → anyOf [{}, {type: null}]: any value at all, said plainly.
  if (
    Array.isArray(node.anyOf) &&
    node.anyOf.some((s: unknown) => isObject(s) && Object.keys(s).length === 0)
  ) {
    delete node.anyOf;
  }
}

export async function registerOpenApi(app: FastifyInstance) {
  /** What the document-level pass needs to know of each operation, by operationId. */
  const meta = new Map<string, { errors: string[]; auth?: AuthRequirement }>();

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Baton API",
        version: VERSION,
        license: { name: "AGPL-3.0-only", identifier: "AGPL-3.0-only" },
        description:
          "Baton's REST API. Authenticate with a personal API token (`Authorization: Bearer …`) or a browser session (cookie + `X-CSRF-Token` on writes). Errors are `{ error: { code, message, fields? } }`; lists are cursor-paginated.",
      },
      servers: [{ url: "/", description: "This Baton server" }],
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          cookie: { type: "apiKey", in: "cookie", name: "baton_session" },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: (input) => {
      const route = input.route as RouteOptions;
      // Only the API is documented: not the web app's catch-all, its static files, or the docs page.
      if (!input.url.startsWith("/api/")) return { schema: { hide: true }, url: input.url };
      const out = jsonSchemaTransform(input);
      const schema = out.schema as JsonSchema | undefined;
      if (!schema || schema.hide) return out;
      const method = String(route.method).toUpperCase();
      const auth = route.config?.auth as AuthRequirement | undefined;
      const operationId = schema.operationId ?? operationIdOf(schema.tags?.[0] ?? "api", method, input.url);
      const declared = Object.keys(schema.response ?? {}).filter((s) => /^4\d\d$/.test(s));
      const body = schema.body as JsonSchema | undefined;
      const errors = errorStatuses({
        method,
        url: input.url,
        auth,
        schema,
        versioned: Boolean(body?.properties?.version),
      });
      meta.set(operationId, { errors: [...new Set([...errors, ...declared])].sort(), auth });
      const security = auth === "public" ? [] : auth === "session" ? [{ cookie: [] }] : undefined;
      return { schema: { ...schema, operationId, ...(security ? { security } : {}) }, url: out.url };
    },
    transformObject: (input) => {
      const doc = (input as { openapiObject: JsonSchema }).openapiObject;
      doc.components ??= {};
      doc.components.schemas = { ...doc.components.schemas, Error: ERROR_SCHEMA };
      const seen = new Set<string>();
      for (const ops of Object.values(doc.paths ?? {}) as JsonSchema[]) {
        for (const op of Object.values(ops) as JsonSchema[]) {
          if (!op.operationId) continue;
          if (seen.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
          seen.add(op.operationId);
          const m = meta.get(op.operationId);
          for (const status of m?.errors ?? []) {
            const [name] = ERROR_RESPONSES[status] ?? [];
            op.responses[status] = name ? { $ref: `#/components/responses/${name}` } : op.responses[status];
          }
        }
      }
      // Only the error responses some operation uses (an unused component is noise to a reader).
      doc.components.responses = Object.fromEntries(
        Object.entries(ERROR_RESPONSES)
          .filter(([status]) => [...meta.values()].some((m) => m.errors.includes(status)))
          .map(([, [name, description]]) => [
            name,
            {
              description,
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
          ]),
      );
      fixSchemas(doc.paths);
      return doc;
    },
  });
}
