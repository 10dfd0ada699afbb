import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./test/app.ts";

/** Security headers (plugins/security.ts) on pages, the share page, the API and the API reference. */
let t: TestApp;
let proxied: TestApp;
const dir = mkdtempSync(path.join(os.tmpdir(), "baton-sec-"));
beforeAll(async () => {
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Baton</title>");
  t = await createTestApp({ env: { BATON_WEB_DIR: dir } });
  proxied = await createTestApp({ env: { BATON_WEB_DIR: dir, BATON_TRUST_PROXY: "1" } });
});
afterAll(async () => {
  await t.close();
  await proxied.close();
  rmSync(dir, { recursive: true, force: true });
});

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );

const URLS = [
  "/",
  "/login",
  "/s/bshr_aaaaaaaaaaaaaaaaaaaaaaaa",
  "/api/v1/health",
  "/api/v1/workspaces", // 401
  "/api/v1/docs",
  "/api/v1/openapi.json",
];

describe("security headers", () => {
  it.each(URLS)("%s: strict CSP, no framing, no sniffing, no referrer", async (url) => {
    const res = await t.app.inject({ url });
    expect(res.statusCode, res.body).toBe(url === "/api/v1/workspaces" ? 401 : 200);
    const csp = directives(String(res.headers["content-security-policy"]));
    expect(csp).toEqual({
      "default-src": "'self'",
      "script-src": "'self'",
      "script-src-attr": "'none'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
    // Plain HTTP: no HSTS (a LAN install on http:// must keep working).
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });

  it("sends HSTS only to requests that came over HTTPS (through a trusted proxy)", async () => {
    const https = await proxied.app.inject({ url: "/login", headers: { "x-forwarded-proto": "https" } });
    expect(https.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const http = await proxied.app.inject({ url: "/login", headers: { "x-forwarded-proto": "http" } });
    expect(http.headers["strict-transport-security"]).toBeUndefined();
    // Without BATON_TRUST_PROXY the header is not believed.
    const spoofed = await t.app.inject({ url: "/login", headers: { "x-forwarded-proto": "https" } });
    expect(spoofed.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("API reference", () => {
  const pageOf = async () => {
    const page = await t.app.inject({ url: "/api/v1/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    return page.body;
  };
  const config = (body: string) =>
    JSON.parse(body.match(/<script id="api-reference-configuration"[^>]*>(.*?)<\/script>/s)![1]);
  /** The files the page loads: its scripts and stylesheets. */
  const filesOf = (body: string) =>
    [...body.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1]);

  it("is self-contained: no inline script, nothing from another host, no validator badge", async () => {
    const body = await pageOf();
    // Every script is a same-origin file, or a JSON data block (never executed).
    const scripts = [...body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(3);
    for (const [, attrs, text] of scripts) {
      if (/type="application\/json"/.test(attrs)) continue;
      expect(attrs).toMatch(/src="\/api\/v1\/docs\//);
      expect(text.trim()).toBe("");
    }
    expect(body).not.toMatch(/https?:\/\//);
    expect(body).toContain("<title>Baton API reference</title>");
    expect(config(body)).toMatchObject({
      url: "/api/v1/openapi.json",
      validatorUrl: null,
      queryConfigEnabled: false,
      persistAuthorization: false,
      deepLinking: true,
    });
    const files = filesOf(body);
    expect(files.map((f) => f.split("?")[0])).toEqual([
      "/favicon.svg",
      "/api/v1/docs/swagger-ui.css",
      "/api/v1/docs/docs.css",
      "/api/v1/docs/swagger-ui-bundle.js",
      "/api/v1/docs/init.js",
    ]);
    for (const src of files.filter((f) => f.startsWith("/api/"))) {
      const res = await t.app.inject({ url: src });
      expect(res.statusCode, src).toBe(200);
      expect(res.headers["content-type"], src).toBe(
        src.includes(".css") ? "text/css; charset=utf-8" : "application/javascript; charset=utf-8",
      );
      // No stylesheet, font or script from another host: no url(http…), @import http…, or src="http…".
      expect(res.body, src).not.toMatch(/url\(\s*["'\\]*https?:\/\//);
      expect(res.body, src).not.toMatch(/@import\s+["'\\]*(url\()?["'\\]*https?:\/\//);
      expect(res.body, src).not.toMatch(/@font-face/);
      // No source map the browser would fetch and get a 404 for.
      expect(res.body, src).not.toMatch(/sourceMappingURL/);
    }
  });

  it("the validator badge is off: every use of validator.swagger.io in the bundle is a default that null overrides", async () => {
    const body = await pageOf();
    const bundle = await t.app.inject({
      url: filesOf(body).find((f) => f.includes("swagger-ui-bundle.js"))!,
    });
    const uses = [...bundle.body.matchAll(/.{0,60}validator\.swagger\.io.{0,30}/g)].map((m) => m[0]);
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      // `void 0===a?"https://validator.swagger.io/validator":a` (only undefined falls back) or the defaults
      // object (merged under our configuration). A `??` or `||` fallback would turn our null into the badge.
      expect(use).toMatch(
        /void 0===(\w+)\?"https:\/\/validator\.swagger\.io\/validator":\1|validatorUrl:"https:\/\/validator/,
      );
    }
    expect(config(body).validatorUrl).toBeNull();
  });

  it("serves its files gzipped, cached for a year under their content hash, and revalidated otherwise", async () => {
    const bundleUrl = filesOf(await pageOf()).find((f) => f.includes("swagger-ui-bundle.js"))!;
    expect(bundleUrl).toMatch(/\?v=[\w-]{12}$/);
    const plain = await t.app.inject({ url: bundleUrl });
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toContain("SwaggerUIBundle");
    const zipped = await t.app.inject({ url: bundleUrl, headers: { "accept-encoding": "gzip, br" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    // Another (older) hash, or none: the browser must ask again; the ETag makes that cheap.
    const stale = await t.app.inject({ url: "/api/v1/docs/swagger-ui-bundle.js?v=old" });
    expect(stale.headers["cache-control"]).toBe("no-cache");
    const again = await t.app.inject({
      url: "/api/v1/docs/swagger-ui-bundle.js",
      headers: { "if-none-match": String(stale.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });
});
