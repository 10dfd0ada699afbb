import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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
  it("is self-contained: no inline script, nothing from another host, no hosted-service features", async () => {
    const page = await t.app.inject({ url: "/api/v1/docs" });
    expect(page.statusCode).toBe(200);
    // Every script is a same-origin file, or a JSON data block (never executed).
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(3);
    for (const [, attrs, body] of scripts) {
      if (/type="application\/json"/.test(attrs)) continue;
      expect(attrs).toMatch(/src="\/api\/v1\/docs\//);
      expect(body.trim()).toBe("");
    }
    expect(page.body).not.toMatch(/https?:\/\//);
    const config = JSON.parse(
      page.body.match(/<script id="api-reference-configuration"[^>]*>(.*?)<\/script>/s)![1],
    );
    expect(config).toMatchObject({
      url: "/api/v1/openapi.json",
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: "never",
      agent: { disabled: true },
      mcp: { disabled: true },
    });
    for (const src of [...page.body.matchAll(/src="([^"]+)"/g)].map((m) => m[1])) {
      const res = await t.app.inject({ url: src });
      expect(res.statusCode, src).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/javascript/);
      // No stylesheet, font or script from another host: no url(http…), @import http…, or src="http…".
      expect(res.body).not.toMatch(/url\(\s*["'\\]*https?:\/\//);
      expect(res.body).not.toMatch(/@import\s+["'\\]*(url\()?["'\\]*https?:\/\//);
      expect(res.body).not.toMatch(/fonts\.scalar\.com/);
      expect(res.body).not.toMatch(/cdn\.jsdelivr\.net\/npm\/@scalar\/api-reference["'`]/);
    }
  });
});
