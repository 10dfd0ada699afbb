import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/app.ts";

let t: TestApp;
const dir = mkdtempSync(path.join(os.tmpdir(), "baton-web-"));
const js = `console.log(${JSON.stringify("x".repeat(5000))});`;
beforeAll(async () => {
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>Baton</title>");
  writeFileSync(path.join(dir, "assets/app-123.js"), js);
  writeFileSync(path.join(dir, "assets/app-123.js.br"), brotliCompressSync(js));
  t = await createTestApp({ env: { BATON_WEB_DIR: dir } });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web app serving", () => {
  it("serves pre-compressed, immutable assets", async () => {
    const res = await t.app.inject({ url: "/assets/app-123.js", headers: { "accept-encoding": "br, gzip" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["cache-control"]).toContain("immutable");
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js);
    const plain = await t.app.inject({ url: "/assets/app-123.js" });
    expect(plain.body).toBe(js);
  });

  it("answers client-side routes with the shell, and missing assets or API routes with 404", async () => {
    const page = await t.app.inject({ url: "/w/123/products?x=1" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect((await t.app.inject({ url: "/assets/gone-999.js" })).statusCode).toBe(404);
    const api = await t.app.inject({ url: "/api/v1/nothing-here" });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("not_found");
  });
});

describe("API reference", () => {
  it("serves the browsable reference, loaded on first visit", async () => {
    let page = await t.app.inject({ url: "/api/v1/docs" });
    if (page.statusCode === 301 || page.statusCode === 302)
      page = await t.app.inject({ url: page.headers.location! });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("/api/v1/openapi.json");
    const script = page.body.match(/src="([^"]*\.js[^"]*)"/)?.[1];
    expect(script).toBeTruthy();
    const js = await t.app.inject({ url: script!.startsWith("/") ? script! : `/api/v1/docs/${script}` });
    expect(js.statusCode).toBe(200);
    expect(js.body.length).toBeGreaterThan(100_000);
  });
});
