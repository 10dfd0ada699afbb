import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";
import { iconLinks } from "./competitors.logo.ts";

// This file's fetches may reach the local fake website on 127.0.0.1 (the guarded client reads these once).
process.env.BATON_FETCH_ALLOW_PRIVATE = "1";
process.env.BATON_FETCH_HOST_DELAY_MS = "0";

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 7),
]);
const ICO = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.alloc(40, 3)]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>';

/** A local website: pages declare icons in several ways; /big.png is over the cap. */
const pages: Record<string, { type: string; body: string | Buffer }> = {
  "/linked/": {
    type: "text/html",
    body: `<html><head><link rel="stylesheet" href="/s.css"><link href='/img/icon.png?v=2' rel="shortcut icon"></head></html>`,
  },
  "/img/icon.png": { type: "image/png", body: PNG },
  "/favicon.ico": { type: "image/x-icon", body: ICO },
  "/svg/": { type: "text/html", body: `<link rel="icon" href="/svg/icon.svg" type="image/svg+xml">` },
  "/svg/icon.svg": { type: "image/svg+xml", body: SVG },
  "/liar/": { type: "text/html", body: `<link rel="icon" href="/liar/icon.png">` },
  "/liar/icon.png": { type: "image/png", body: SVG },
  "/big/": { type: "text/html", body: `<link rel="icon" href="/big.png">` },
  "/big.png": { type: "image/png", body: Buffer.concat([PNG, Buffer.alloc(400 * 1024)]) },
};

let t: TestApp;
let pm: Client;
let w: string;
let server: http.Server;
let origin = "";
let icoMissing = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const page = pages[path];
    if (!page || (path === "/favicon.ico" && icoMissing)) {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
      return;
    }
    res.writeHead(200, { "content-type": page.type }).end(page.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => server.close(r));
});

let n = 0;
const competitorAt = async (path: string) =>
  (await pm.ok("POST", `${w}/competitors`, { name: `Site ${n++}`, website: `${origin}${path}` }, 201))
    .id as string;

describe("fetching a website's icon through the guarded client", () => {
  it("takes the page's <link rel=icon>, checked by its bytes, and serves it back", async () => {
    const id = await competitorAt("/linked/");
    const info = await pm.ok("POST", `${w}/competitors/${id}/logo/fetch`);
    expect(info).toMatchObject({
      contentType: "image/png",
      bytes: PNG.length,
      fetchedFrom: `${origin}/img/icon.png?v=2`,
    });
    const img = await pm.get(`${w}/competitors/${id}/logo`);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.rawPayload.equals(PNG)).toBe(true);
  });

  it("falls back to /favicon.ico when the page declares only an SVG, a lie, or something too big", async () => {
    for (const path of ["/svg/", "/liar/", "/big/", "/nothing-here/"]) {
      const id = await competitorAt(path);
      const info = await pm.ok("POST", `${w}/competitors/${id}/logo/fetch`);
      expect(info, path).toMatchObject({ contentType: "image/x-icon", fetchedFrom: `${origin}/favicon.ico` });
    }
  });

  it("says so, naming the website, when there is no usable icon at all", async () => {
    icoMissing = true;
    try {
      const id = await competitorAt("/svg/");
      const res = await pm.post(`${w}/competitors/${id}/logo/fetch`);
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).fields?.website).toMatch(/No usable icon/);
      expect((await pm.get(`${w}/competitors/${id}/logo`)).statusCode).toBe(404);
    } finally {
      icoMissing = false;
    }
  });

  it("reads icon links in their many spellings, never SVG or javascript:", () => {
    const html = `<LINK REL=icon HREF=/a.png><link rel="apple-touch-icon" href="b.png"><link rel="icon" href="javascript:alert(1)"><link rel="icon" href="/c.svg"><link rel="alternate" href="/feed">`;
    expect(iconLinks(html, "https://x.example/dir/")).toEqual([
      "https://x.example/a.png",
      "https://x.example/dir/b.png",
    ]);
  });
});
