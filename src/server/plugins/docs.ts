import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { gzip as gzipCb } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The browsable API reference at /api/v1/docs: Swagger UI from `swagger-ui-dist` (static files, no Node engines
 * constraint), self-contained: every file it loads comes from this server, and it calls no third party.
 * - validatorUrl null: otherwise Swagger UI shows a badge loaded from validator.swagger.io with our document's URL.
 * - queryConfigEnabled false: `?url=` / `?configUrl=` in the address cannot make the page load another document.
 * - The base layout (no Swagger top bar, which links to swagger.io); no web fonts (the CSS names system fonts).
 * - Our own page, without inline script, so the strict CSP (plugins/security.ts, script-src 'self') holds
 *   here too: the configuration is a JSON data block the page's init script reads.
 * - The licence is named, not linked to spdx.org; no page link leads to another host.
 * - Made to pass axe's WCAG 2 A/AA rules at desktop and phone sizes (CSS below, and the init script's plugin).
 * - "Try it out" calls this same origin, so the session cookie goes along; the init script adds the session's
 *   X-CSRF-Token to writes (read from GET /api/v1/auth/session), as the web app does.
 * Files are read on the first visit, their source-map comments removed (the maps are not served), gzipped once,
 * and referenced with a content hash (`?v=`) so browsers may keep them for a year.
 */
export const DOCS_CONFIGURATION = {
  url: "/api/v1/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  queryConfigEnabled: false,
  persistAuthorization: false,
  displayRequestDuration: true,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  filter: true,
  tryItOutEnabled: false,
  // "agate" (the default) draws strings at 3.45:1; this theme passes 4.5:1.
  syntaxHighlight: { activated: true, theme: "tomorrow-night" },
} as const;

const PREFIX = "/api/v1/docs";
const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/** Runs Swagger UI with the page's configuration; writes get the session's CSRF token. */
const INIT = `"use strict";
(function () {
  var config = JSON.parse(document.getElementById("api-reference-configuration").textContent);
  var SAFE = { GET: 1, HEAD: 1, OPTIONS: 1 };
  config.requestInterceptor = function (req) {
    var method = String(req.method || "GET").toUpperCase();
    var headers = req.headers || {};
    var bearer = Object.keys(headers).some(function (h) { return h.toLowerCase() === "authorization"; });
    if (SAFE[method] || bearer || new URL(req.url, location.href).origin !== location.origin) return req;
    return fetch("/api/v1/auth/session", { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && s.csrfToken) req.headers = Object.assign({}, headers, { "X-CSRF-Token": s.csrfToken });
        return req;
      }, function () { return req; });
  };
  // The license by name, not as a link to spdx.org: the page links to nothing outside this server.
  config.plugins = [
    function (system) {
      var h = system.React.createElement;
      var License = function (props) {
        var name = props.specSelectors.selectLicenseNameField();
        return name ? h("div", { className: "info__license" }, "License: " + name) : null;
      };
      // Paths and tag names as text, not links inside the buttons that open them (axe: nested-interactive);
      // opening an operation still puts its deep link in the address bar.
      var DeepLink = function (props) {
        return h("span", null, props.text);
      };
      return { components: { OAS31License: License, DeepLink: DeepLink } };
    },
  ];
  window.ui = SwaggerUIBundle(config);
  // Swagger UI's server picker is a <select> in an empty <label>: give it a name (axe: select-name); its code
  // examples scroll sideways: let the keyboard reach them (axe: scrollable-region-focusable).
  new MutationObserver(function () {
    var select = document.getElementById("servers");
    if (select && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", "Server");
    document.querySelectorAll(".swagger-ui .highlight-code > pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
})();
`;

/** Page furniture and the phone layout; Swagger UI's own stylesheet comes first. */
const CSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fff; color: #1f2328; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.swagger-ui, .swagger-ui .info .title, .swagger-ui .opblock-tag, .swagger-ui .opblock .opblock-summary-description,
.swagger-ui .btn, .swagger-ui label, .swagger-ui table, .swagger-ui .tab li, .swagger-ui .response-col_status,
.swagger-ui .parameter__name, .swagger-ui .model-title, .swagger-ui section.models h4 {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.swagger-ui code, .swagger-ui pre, .swagger-ui .opblock-summary-path, .swagger-ui .opblock-summary-path__deprecated,
.swagger-ui .parameter__type, .swagger-ui .model { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
/* WCAG AA contrast (4.5:1) for white text on the method and version badges, and for links. */
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1565c0; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1b7f4c; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #a85400; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #c62828; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #00796b; }
.swagger-ui .info .title small { background: #5a6270; }
.swagger-ui .info .title small.version-stamp { background: #3f6e00; }
.swagger-ui .info .info__license { font-size: 14px; }
.swagger-ui .btn.authorize { border-color: #1b7f4c; color: #1b7f4c; }
.swagger-ui .btn.authorize svg { color: #1b7f4c; }
.swagger-ui .parameter__in, .swagger-ui .parameter__extension { color: #5c5c5c; }
.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui a.nostyle, .swagger-ui .markdown a, .swagger-ui .renderedMarkdown a { color: #1f66c1; }
@media (max-width: 600px) {
  .swagger-ui .wrapper { padding: 0 10px; }
  .swagger-ui .filter .operation-filter-input { max-width: none; }
  /* Baton's responses declare no links: the empty column would squeeze the descriptions. */
  .swagger-ui .responses-table .response-col_links { display: none; }
  .swagger-ui .responses-table td { padding-right: 6px; }
}
`;

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  hash: string;
}

const gzip = promisify(gzipCb);
const withoutSourceMap = (text: string) =>
  text
    .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "")
    .replace(/\n?\/\*# sourceMappingURL=[^*]*\*\/\s*$/, "");

const JS = "application/javascript; charset=utf-8";
const STYLE = "text/css; charset=utf-8";
/** Served file name → where its text comes from. */
const FILES: Record<string, { type: string; text: (dist: string) => Promise<string> }> = {
  "swagger-ui-bundle.js": { type: JS, text: (d) => readFile(path.join(d, "swagger-ui-bundle.js"), "utf8") },
  "swagger-ui.css": { type: STYLE, text: (d) => readFile(path.join(d, "swagger-ui.css"), "utf8") },
  "docs.css": { type: STYLE, text: async () => CSS },
  "init.js": { type: JS, text: async () => INIT },
};

async function loadAssets(): Promise<Map<string, Asset>> {
  const dist = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([name, f]): Promise<[string, Asset]> => {
      const body = Buffer.from(withoutSourceMap(await f.text(dist)));
      const hash = createHash("sha256").update(body).digest("base64url").slice(0, 12);
      return [name, { type: f.type, body, gzip: await gzip(body, { level: 9 }), hash }];
    }),
  );
  return new Map(entries);
}

const page = (assets: Map<string, Asset>) => {
  const src = (name: string) => `${PREFIX}/${name}?v=${assets.get(name)!.hash}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Baton API reference</title>
    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
    <link rel="stylesheet" href="${src("swagger-ui.css")}" />
    <link rel="stylesheet" href="${src("docs.css")}" />
  </head>
  <body>
    <main id="swagger-ui"></main>
    <script id="api-reference-configuration" type="application/json">${json(DOCS_CONFIGURATION)}</script>
    <script src="${src("swagger-ui-bundle.js")}"></script>
    <script src="${src("init.js")}"></script>
  </body>
</html>
`;
};

export function registerDocs(app: FastifyInstance) {
  let assets: Promise<Map<string, Asset>> | null = null;
  const load = () =>
    (assets ??= loadAssets().catch((err) => {
      assets = null;
      throw err;
    }));
  const opts = { config: { auth: "public" as const }, schema: { hide: true } };
  const sendPage = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(page(await load()));
  app.get(PREFIX, opts, sendPage);
  app.get(`${PREFIX}/`, opts, sendPage);
  for (const name of Object.keys(FILES)) {
    app.get(`${PREFIX}/${name}`, opts, async (req, reply) => {
      const a = (await load()).get(name)!;
      const etag = `"${a.hash}"`;
      const v = (req.query as { v?: unknown }).v;
      reply
        .type(a.type)
        .header("etag", etag)
        .header("vary", "accept-encoding")
        // The page names each file with its content hash: that URL's content never changes.
        .header("cache-control", v === a.hash ? "public, max-age=31536000, immutable" : "no-cache");
      if (req.headers["if-none-match"] === etag) return reply.status(304).send();
      if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
        return reply.header("content-encoding", "gzip").send(a.gzip);
      }
      return reply.send(a.body);
    });
  }
}
