import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * Security headers on every response (pages, API, errors, static files), through @fastify/helmet.
 *
 * The Content-Security-Policy allows nothing but this origin:
 * - script-src 'self': the built web app (dist/web) and the API reference load only same-origin script files;
 *   neither has an inline script (index.html references /assets/*.js; docs.ts serves its init as a file).
 * - style-src 'self' 'unsafe-inline': Mantine writes its CSS variables and responsive styles into <style>
 *   tags at run time, and the API reference (Swagger UI) sets inline styles the same way. Inline CSS cannot
 *   run script; what it could leak (attribute selectors fetching URLs) is stopped by img-src, font-src and
 *   connect-src, which allow this origin only.
 * - img-src 'self' data:: icons drawn as data: SVGs; no image from another host (an idea's Markdown cannot
 *   make a reader's browser call a third party).
 * - frame-ancestors 'none' (and X-Frame-Options: DENY for old browsers): no page, above all the approver's,
 *   can be framed for click-jacking. object-src 'none', base-uri 'self', form-action 'self'.
 * Referrer-Policy: no-referrer. Share links and invitation links carry their token in the URL; a link
 * followed from those pages must not hand it to another site.
 * HSTS only on requests that arrived over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto):
 * sent over plain HTTP it would be ignored at best, and a LAN install on http:// must keep working.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: "no-referrer" },
    frameguard: { action: "deny" },
    strictTransportSecurity: false, // per request below
    crossOriginEmbedderPolicy: false,
  });
  app.addHook("onRequest", async (req, reply) => {
    if (req.protocol === "https") {
      reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  });
}
