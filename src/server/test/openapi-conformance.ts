import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";

/**
 * Checks every response the app sends against its own OpenAPI document: the status must be declared for the
 * operation, a JSON body must validate against the declared schema, a body must be declared at all, and its
 * media type must be one the operation lists. Enabled by createTestApp({ conformance: true }) or, for any
 * test file, OPENAPI_CONFORMANCE=1 (then close() fails the file on a violation).
 */
export interface Conformance {
  /** `operationId status` → how many responses were checked. */
  checked: Map<string, number>;
  violations: string[];
  /** Operations in the document, for coverage figures. */
  operations(): string[];
}

const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;
type Json = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
/** Routes deliberately left out of the document (the document itself and the reference page). */
const UNDOCUMENTED = /^\/api\/v1\/(openapi\.json|docs(\/.*)?)$/;
const pointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

export function recordConformance(app: FastifyInstance): Conformance {
  const result: Conformance = {
    checked: new Map(),
    violations: [],
    operations: () =>
      Object.values(doc().paths as Json).flatMap((ops: Json) =>
        Object.entries(ops)
          .filter(([m]) => METHODS.includes(m))
          .map(([, op]) => op.operationId as string),
      ),
  };
  let cached: { doc: Json; ajv: Ajv2020 } | null = null;
  const state = () => {
    if (!cached) {
      const d = structuredClone(app.swagger()) as Json;
      const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
      addFormats(ajv);
      ajv.addSchema(d, "openapi.json");
      cached = { doc: d, ajv };
    }
    return cached;
  };
  const doc = () => state().doc;
  const validators = new Map<string, ReturnType<Ajv2020["compile"]>>();
  const deref = (r: Json) => (r?.$ref ? doc().components.responses[r.$ref.split("/").pop()] : r);

  app.addHook("onSend", async (req, reply, payload) => {
    const route = req.routeOptions.url;
    if (!route?.startsWith("/api/") || UNDOCUMENTED.test(route)) return payload;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const method = req.method.toLowerCase();
    const op = doc().paths?.[path]?.[method];
    const where = `${req.method} ${path} → ${reply.statusCode}`;
    if (!op) {
      result.violations.push(`${where}: operation not in the document`);
      return payload;
    }
    const status = String(reply.statusCode);
    const key = `${op.operationId} ${status}`;
    result.checked.set(key, (result.checked.get(key) ?? 0) + 1);
    const declared = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default;
    if (!declared) {
      result.violations.push(`${where}: status not declared (has ${Object.keys(op.responses).join(", ")})`);
      return payload;
    }
    const response = deref(declared);
    const type = String(reply.getHeader("content-type") ?? "").split(";")[0];
    const text = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString() : null;
    const hasBody = text !== null ? text.length > 0 : payload != null;
    if (!response.content) {
      if (hasBody) result.violations.push(`${where}: sends a ${type} body the document does not declare`);
      return payload;
    }
    if (!hasBody) {
      result.violations.push(`${where}: declares a body but sends none`);
      return payload;
    }
    if (!response.content[type]) {
      result.violations.push(`${where}: sends ${type}, the document lists ${Object.keys(response.content)}`);
      return payload;
    }
    if (type !== "application/json" || text === null) return payload;
    const ref = declared.$ref
      ? `openapi.json#/components/schemas/Error`
      : `openapi.json#/paths/${pointer(path)}/${method}/responses/${status in op.responses ? status : "default"}/content/${pointer(type)}/schema`;
    let validate = validators.get(ref);
    if (!validate) {
      validate = state().ajv.compile({ $ref: ref });
      validators.set(ref, validate);
    }
    if (!validate(JSON.parse(text))) {
      const e = validate.errors?.[0];
      result.violations.push(`${where}: body does not match the schema: ${e?.instancePath} ${e?.message}`);
    }
    return payload;
  });
  return result;
}
