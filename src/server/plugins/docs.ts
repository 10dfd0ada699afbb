import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";

/**
 * The browsable API reference (Scalar's standalone bundle) at /api/v1/docs, self-contained: every file it
 * loads comes from this server, and it calls no third party.
 * - Configured without Scalar's web fonts (system fonts instead), telemetry, developer tools ("Deploy"),
 *   the AI agent ("Ask AI") and MCP ("Generate MCP"); a self-hosted product must not call home.
 * - Our own page, without inline script, so the strict CSP (plugins/security.ts, script-src 'self') holds
 *   here too: the configuration is a JSON data block the page's init script reads.
 * - The bundle is served with its built-in @font-face rules (fonts.scalar.com) removed, so no font request to
 *   another host can happen even if a setting changes, and with zod's eval probe turned off (see selfContained).
 * Scalar's package is a 4 MB bundle that costs ~0.5 s to import, so it is loaded on the first visit, in a
 * small Fastify instance of its own from which the bundle is read once.
 */
export const DOCS_CONFIGURATION = {
  url: "/api/v1/openapi.json",
  _integration: "fastify",
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  showToolbar: "never",
  // "Open API Client" links to client.scalar.com with this document's URL: the in-page client stays available.
  hideClientButton: true,
  agent: { disabled: true },
  mcp: { disabled: true },
  persistAuth: false,
  documentDownloadType: "json",
  customCss:
    ".scalar-app, :root { --scalar-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; --scalar-font-code: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }",
} as const;

const PREFIX = "/api/v1/docs";
const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Baton API reference</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
  </head>
  <body>
    <div id="app"></div>
    <script id="api-reference-configuration" type="application/json">${json(DOCS_CONFIGURATION)}</script>
    <script src="${PREFIX}/js/scalar.js"></script>
    <script src="${PREFIX}/init.js"></script>
  </body>
</html>
`;

const INIT = `Scalar.createApiReference("#app", JSON.parse(document.getElementById("api-reference-configuration").textContent));\n`;

/**
 * The bundle as served: @font-face rules that point at another host removed from its built-in stylesheet, and
 * zod (bundled inside) told to run jitless, so it does not probe `Function("")` (a CSP violation under
 * script-src 'self', harmless but reported in the console).
 */
export const selfContained = (js: string) =>
  `globalThis.__zod_globalConfig = { jitless: true };\n${js.replace(/@font-face\s*\{[^}]*url\(\s*["']?https?:\/\/[^}]*\}/g, "")}`;

export function registerDocs(app: FastifyInstance) {
  let bundle: Promise<string> | null = null;
  const load = async () => {
    const scalar = (await import("@scalar/fastify-api-reference")).default;
    const f = Fastify({ logger: false });
    await f.register(scalar, { routePrefix: PREFIX, configuration: { url: DOCS_CONFIGURATION.url } });
    const res = await f.inject({ method: "GET", url: `${PREFIX}/js/scalar.js` });
    await f.close();
    if (res.statusCode !== 200) throw new Error(`Scalar's bundle: ${res.statusCode}`);
    return selfContained(res.body);
  };
  const opts = { config: { auth: "public" as const }, schema: { hide: true } };
  const page = (_req: unknown, reply: FastifyReply) =>
    reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(PAGE);
  app.get(PREFIX, opts, page);
  app.get(`${PREFIX}/`, opts, page);
  app.get(`${PREFIX}/init.js`, opts, (_req, reply) =>
    reply.type("application/javascript; charset=utf-8").header("cache-control", "no-cache").send(INIT),
  );
  app.get(`${PREFIX}/js/scalar.js`, opts, async (_req, reply) => {
    bundle ??= load().catch((err) => {
      bundle = null;
      throw err;
    });
    return reply
      .type("application/javascript; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(await bundle);
  });
}
