import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * Request bodies are UTF-8 (RFC 8259 §8.1 for JSON). Fastify's own parsers decode every body as UTF-8 whatever
 * its charset says and turn invalid bytes into U+FFFD, so a Latin-1 or UTF-16 body would be stored mangled.
 * These parsers refuse a declared charset other than UTF-8 (415) and bytes that are not valid UTF-8 (400),
 * in the standard error envelope. They run after the auth hook, so only authorized callers see them.
 */
const UTF8 = new Set(["utf-8", "utf8", "us-ascii", "ascii"]);
const decoder = new TextDecoder("utf-8", { fatal: true });

const httpError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

function charsetOf(req: FastifyRequest): string | null {
  const type = req.headers["content-type"] ?? "";
  const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type);
  return m ? m[1].toLowerCase() : null;
}

/** The body as text, or an error to answer with. */
function decode(req: FastifyRequest, body: Buffer): string | Error {
  const charset = charsetOf(req);
  if (charset !== null && !UTF8.has(charset)) {
    return httpError(415, `Send the body as UTF-8 (charset=utf-8), not charset=${charset || "(empty)"}`);
  }
  try {
    return decoder.decode(body);
  } catch {
    return httpError(400, "The request body is not valid UTF-8 text");
  }
}

export function registerBodyParsers(app: FastifyInstance) {
  const json = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (req, body, done) => {
    const text = decode(req, body as Buffer);
    if (text instanceof Error) return done(text, undefined);
    json(req, text, done);
  });
  app.addContentTypeParser("text/plain", { parseAs: "buffer" }, (req, body, done) => {
    const text = decode(req, body as Buffer);
    if (text instanceof Error) return done(text, undefined);
    done(null, text);
  });
}
