import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "../errors.ts";
import { missingReferenceField, pgCode } from "../lib/db-errors.ts";

/**
 * PostgreSQL's "data exception" class (22xxx: NUL bytes 22021, numeric out of range 22003, bad dates 22008,
 * untranslatable characters 22P05, bad text representation 22P02 …) is caused by the request's data.
 * The shared input schemas refuse such data first; this is the safety net for anything they miss.
 */
const isDataException = (err: unknown) => pgCode(err)?.startsWith("22") ?? false;

/** Maps every error to `{ error: { code, message, fields? } }`; 5xx never carry internals. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, fields: err.fields } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const key =
          v.instancePath.replace(/^\//, "").replaceAll("/", ".") ||
          (v.params as any)?.missingProperty ||
          "body";
        fields[key] ??= v.message ?? "Invalid value";
      }
      const where = err.validationContext === "querystring" ? "query" : (err.validationContext ?? "request");
      return reply.status(400).send({ error: { code: "validation", message: `Invalid ${where}`, fields } });
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply
        .status(413)
        .send({ error: { code: "payload_too_large", message: "The request body is too large" } });
    }
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply
        .status(415)
        .send({ error: { code: "validation", message: "Send JSON (application/json)" } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const code = err.statusCode === 429 ? "rate_limited" : "validation";
      return reply.status(err.statusCode).send({ error: { code, message: err.message } });
    }
    const reference = missingReferenceField(err);
    if (reference) {
      return reply.status(404).send({
        error: {
          code: "not_found",
          message: "A referenced record was not found",
          fields: { [reference]: "not found" },
        },
      });
    }
    if (isDataException(err)) {
      req.log.warn({ err }, "data exception from the database");
      return reply.status(400).send({
        error: { code: "validation", message: "Some values cannot be stored: check text, numbers and dates" },
      });
    }
    req.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal", message: "Something went wrong on our side" } });
  });

  app.setNotFoundHandler((req, reply) => {
    reply
      .status(404)
      .send({ error: { code: "not_found", message: `No route ${req.method} ${req.url.split("?")[0]}` } });
  });
}
