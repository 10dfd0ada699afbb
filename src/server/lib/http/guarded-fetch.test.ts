import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { VERSION } from "../../version.ts";
import { manualClock } from "../clock.ts";
import { decodeText, FetchError, type GuardedFetchOptions, guardedFetch } from "./guarded-fetch.ts";
import { backoffDelayMs, HostQueue, parseRetryAfter } from "./politeness.ts";

// Real HTTP servers on 127.0.0.1 only; names like "a.test" resolve to it through the `resolve` option.
interface Fake {
  port: number;
  url: string;
  requests: http.IncomingMessage[];
}
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function fake(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Fake> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { port, url: `http://127.0.0.1:${port}`, requests };
}

const toLoopback = async (name: string) => (name.endsWith(".test") ? ["127.0.0.1"] : []);
/** Options for fetching our own fake servers: loopback allowed, no politeness queue. */
const local: GuardedFetchOptions = { allowPrivate: true, hostQueue: null, resolve: toLoopback };

async function failure(p: Promise<unknown>): Promise<FetchError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FetchError);
  return e as FetchError;
}

describe("guardedFetch: addresses", () => {
  it("fetches an allowed target and sends an honest User-Agent", async () => {
    const s = await fake((_req, res) => res.end("hello"));
    const r = await guardedFetch(`${s.url}/x#frag`, local);
    expect([r.status, r.text(), r.url]).toEqual([200, "hello", `${s.url}/x`]);
    expect(s.requests[0]!.headers["user-agent"]).toMatch(
      new RegExp(`^Baton/${VERSION} \\(\\+https?://.+\\)$`),
    );
  });

  it("refuses loopback by IP and by name when private targets are not allowed", async () => {
    const s = await fake((_req, res) => res.end("secret"));
    const strict = { allowPrivate: false, hostQueue: null };
    for (const u of [s.url, `http://localhost:${s.port}/`]) {
      const e = await failure(guardedFetch(u, strict));
      expect([e.code, e.message]).toEqual([
        "blocked_address",
        `Refused: ${new URL(u).hostname} is a private, loopback or reserved address`,
      ]);
    }
    expect(s.requests).toHaveLength(0);
  });

  it("checks the resolved addresses: a name resolving to loopback, or to public and loopback, is refused", async () => {
    const s = await fake((_req, res) => res.end("secret"));
    const e1 = await failure(guardedFetch(`http://evil.test:${s.port}/`, { ...local, allowPrivate: false }));
    expect(e1.code).toBe("blocked_address");
    const mixed = async () => ["93.184.216.34", "127.0.0.1"];
    const e2 = await failure(
      guardedFetch(`http://mixed.test:${s.port}/`, { allowPrivate: false, hostQueue: null, resolve: mixed }),
    );
    expect(e2.code).toBe("blocked_address");
    expect(s.requests).toHaveLength(0);
  });

  it("refuses every spelling of loopback, any-address and metadata, as WHATWG URL normalizes them", async () => {
    const s = await fake((_req, res) => res.end("secret"));
    const p = s.port;
    expect(new URL(`http://2130706433:${p}/`).hostname).toBe("127.0.0.1");
    expect(new URL(`http://0x7f.1:${p}/`).hostname).toBe("127.0.0.1");
    expect(new URL(`http://017700000001:${p}/`).hostname).toBe("127.0.0.1");
    const urls = [
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::1]:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://0:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://017700000001:${p}/`,
      `http://127.1.2.3:${p}/`,
      `http://[64:ff9b::127.0.0.1]:${p}/`,
      `http://[2002:7f00:1::]:${p}/`,
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://10.0.0.1/",
      "http://100.64.0.1/",
      "http://[fe80::1]/",
      "http://224.0.0.1/",
      "http://255.255.255.255/",
    ];
    for (const u of urls) {
      const e = await failure(guardedFetch(u, { allowPrivate: false, hostQueue: null }));
      expect(e.code, u).toBe("blocked_address");
    }
    expect(s.requests).toHaveLength(0);
    // Metadata stays refused even where private targets are allowed.
    for (const u of [
      "http://169.254.169.254/",
      "http://[::ffff:169.254.169.254]/",
      "http://[fd00:ec2::254]/",
    ]) {
      const e = await failure(guardedFetch(u, local));
      expect([e.code, e.message], u).toEqual(["blocked_address", expect.stringContaining("cloud metadata")]);
    }
  });

  it("refuses URLs that are not plain http(s): other schemes, credentials, bad ports, garbage", async () => {
    const cases: [string, string][] = [
      ["file:///etc/passwd", "Only http and https URLs can be fetched, not file:"],
      ["ftp://a.test/x", "Only http and https URLs can be fetched, not ftp:"],
      ["http://user:pw@a.test/", "URLs with a user name or password are refused"],
      ["http://a.test:25/", "Port 25 is not allowed"],
      ["not a url", "Not a valid URL"],
    ];
    for (const [u, message] of cases) {
      const e = await failure(guardedFetch(u, local));
      expect([e.code, e.message]).toEqual(["bad_url", message]);
    }
  });
});

describe("guardedFetch: loopback only (the test suite's fence)", () => {
  it("is on in this suite: a public name is refused before any DNS query", async () => {
    expect(process.env.BATON_FETCH_LOOPBACK_ONLY).toBe("1");
    const e = await failure(guardedFetch("https://example.com/feed", { hostQueue: null }));
    expect(e.code).toBe("blocked_address");
    expect(e.message).toMatch(/not a loopback address/);
  });

  it("refuses public and private addresses, allows loopback, and never asks DNS about other names", async () => {
    const s = await fake((_req, res) => res.end("ok"));
    const asked: string[] = [];
    const resolve = async (name: string) => {
      asked.push(name);
      return name === "lan.test" ? ["10.0.0.7"] : name === "pub.test" ? ["93.184.215.14"] : ["127.0.0.1"];
    };
    const fenced = { allowPrivate: true, hostQueue: null, loopbackOnly: true, resolve };
    for (const url of ["http://10.0.0.7/", "http://93.184.215.14/", "http://[2606:4700::1]/"])
      expect((await failure(guardedFetch(url, fenced))).code, url).toBe("blocked_address");
    expect((await failure(guardedFetch("http://lan.test/", fenced))).code).toBe("blocked_address");
    expect((await failure(guardedFetch("http://pub.test/", fenced))).code).toBe("blocked_address");
    expect((await guardedFetch(`http://loop.test:${s.port}/`, fenced)).text()).toBe("ok");
    expect((await guardedFetch(`${s.url}/`, fenced)).text()).toBe("ok");
    expect((await guardedFetch(`http://[::ffff:127.0.0.1]:${s.port}/`, fenced)).text()).toBe("ok");
    // With the system resolver, a name other than localhost is refused before the lookup.
    const e = await failure(guardedFetch("http://intranet.example/", { ...fenced, resolve: undefined }));
    expect(e.code).toBe("blocked_address");
    expect(asked).toEqual(["lan.test", "pub.test", "loop.test"]);
    expect(s.requests).toHaveLength(3);
  });
});

describe("guardedFetch: redirects", () => {
  it("checks every hop: a redirect from an allowed host to a blocked one is refused before connecting", async () => {
    const target = await fake((_req, res) => res.end("internal"));
    const first = await fake((_req, res) => res.writeHead(302, { location: `${target.url}/admin` }).end());
    const onlyFirst = ({ url }: { url: URL }) => url.port === String(first.port);
    const e = await failure(guardedFetch(`${first.url}/feed`, { ...local, allowPrivate: onlyFirst }));
    expect(e.code).toBe("blocked_address");
    expect([first.requests.length, target.requests.length]).toEqual([1, 0]);
    // …and the same chain is followed when both hops are allowed.
    const ok = await guardedFetch(`${first.url}/feed`, local);
    expect([ok.status, ok.text(), ok.url, ok.redirects]).toEqual([
      200,
      "internal",
      `${target.url}/admin`,
      [`${first.url}/feed`],
    ]);
  });

  it("refuses redirects to metadata, to other schemes, loops and long chains", async () => {
    const s = await fake((req, res) => {
      const to: Record<string, string> = {
        "/meta": "http://169.254.169.254/latest/meta-data/",
        "/file": "file:///etc/passwd",
        "/a": "/b",
        "/b": "/a",
      };
      const n = /^\/chain\/(\d+)$/.exec(req.url!)?.[1];
      res.writeHead(301, { location: n ? `/chain/${Number(n) + 1}` : to[req.url!]! }).end();
    });
    const code = async (path: string) =>
      (await failure(guardedFetch(`${s.url}${path}`, { ...local, maxRedirects: 3 }))).code;
    expect(await code("/meta")).toBe("blocked_address");
    expect(await code("/file")).toBe("bad_url");
    expect(await code("/a")).toBe("redirect_loop");
    expect(await code("/chain/0")).toBe("too_many_redirects");
    expect(s.requests.filter((r) => r.url!.startsWith("/chain/")).map((r) => r.url)).toEqual([
      "/chain/0",
      "/chain/1",
      "/chain/2",
      "/chain/3",
    ]);
  });

  it("drops Authorization when a redirect leaves the origin, keeps it within", async () => {
    const s = await fake((req, res) => {
      if (req.url === "/same") res.writeHead(302, { location: "/landing" }).end();
      else if (req.url === "/away") res.writeHead(302, { location: `http://b.test:${s.port}/landing` }).end();
      else res.end(String(req.headers.authorization));
    });
    const opts = { ...local, headers: { Authorization: "Bearer t0ken" } };
    expect((await guardedFetch(`http://a.test:${s.port}/same`, opts)).text()).toBe("Bearer t0ken");
    expect((await guardedFetch(`http://a.test:${s.port}/away`, opts)).text()).toBe("undefined");
  });
});

describe("guardedFetch: POST with a JSON body", () => {
  /** Answers with what it received: method, content type and body. */
  const echo = () =>
    fake((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        if (req.url === "/see-other") return void res.writeHead(303, { location: "/landing" }).end();
        if (req.url === "/temporary") return void res.writeHead(307, { location: "/landing" }).end();
        res.end(JSON.stringify({ method: req.method, type: req.headers["content-type"] ?? null, body }));
      });
    });

  it("sends the body as JSON with its length, and answers like a GET", async () => {
    const s = await echo();
    const r = await guardedFetch(`${s.url}/xrpc/login`, {
      ...local,
      method: "POST",
      json: { identifier: "ann.example", password: "pässword" },
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text())).toEqual({
      method: "POST",
      type: "application/json",
      body: '{"identifier":"ann.example","password":"pässword"}',
    });
    expect(s.requests[0]!.headers["content-length"]).toBe("51");
  });

  it("refuses a private target unless allowed, before sending anything", async () => {
    const s = await echo();
    const opts = { hostQueue: null, resolve: toLoopback, method: "POST" as const, json: { a: 1 } };
    for (const u of [`${s.url}/x`, `http://login.test:${s.port}/x`]) {
      const e = await failure(guardedFetch(u, { ...opts, allowPrivate: false }));
      expect(e.code).toBe("blocked_address");
    }
    expect(s.requests).toHaveLength(0);
    const e = await failure(guardedFetch("http://169.254.169.254/x", { ...opts, allowPrivate: true }));
    expect(e.code).toBe("blocked_address");
  });

  it("checks every redirect hop of a POST: an allowed host redirecting to a blocked one is refused", async () => {
    const target = await echo();
    const first = await fake((req, res) =>
      req.url === "/login"
        ? res.writeHead(302, { location: `${target.url}/admin` }).end()
        : res.writeHead(307, { location: "/inner" }).end(),
    );
    const onlyFirst = ({ url }: { url: URL }) => url.port === String(first.port) && url.pathname !== "/inner";
    const post = { ...local, allowPrivate: onlyFirst, method: "POST" as const, json: {} };
    // 302 to another (blocked) host, and 307 to a blocked address on the same origin.
    expect((await failure(guardedFetch(`${first.url}/login`, post))).code).toBe("blocked_address");
    expect((await failure(guardedFetch(`${first.url}/keep`, post))).code).toBe("blocked_address");
    expect([first.requests.length, target.requests.length]).toEqual([2, 0]);
  });

  it("never re-sends a body to another origin: a cross-origin 307 is refused, a 303 becomes a GET", async () => {
    const s = await echo();
    const away = await fake((_req, res) => res.writeHead(307, { location: `${s.url}/landing` }).end());
    const opts = { ...local, method: "POST" as const, json: { password: "secret" } };
    const e = await failure(guardedFetch(`${away.url}/login`, opts));
    expect(e.code).toBe("bad_url");
    expect(e.message).toMatch(/request body/);
    expect(s.requests).toHaveLength(0);
    // Same origin: 307 repeats the POST with its body; 303 turns it into a GET without one.
    expect(JSON.parse((await guardedFetch(`${s.url}/temporary`, opts)).text())).toEqual({
      method: "POST",
      type: "application/json",
      body: '{"password":"secret"}',
    });
    expect(JSON.parse((await guardedFetch(`${s.url}/see-other`, opts)).text())).toEqual({
      method: "GET",
      type: null,
      body: "",
    });
  });

  it("keeps the size cap on a POST's answer", async () => {
    const s = await fake((req, res) => {
      req.resume();
      req.on("end", () => res.end("x".repeat(2048)));
    });
    const e = await failure(guardedFetch(s.url, { ...local, method: "POST", json: {}, maxBytes: 1024 }));
    expect(e.code).toBe("too_large");
  });
});

describe("guardedFetch: caps", () => {
  const MB = 1024 * 1024;

  it("aborts a 20 MB answer, with or without Content-Length, and an endless one", async () => {
    let closed = 0;
    const s = await fake((req, res) => {
      res.on("close", () => closed++);
      const chunk = Buffer.alloc(64 * 1024, 120);
      if (req.url === "/sized") res.setHeader("content-length", 20 * MB);
      let sent = 0;
      const write = () => {
        while (res.writable && (req.url === "/endless" || sent < 20 * MB)) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", write);
        }
        if (res.writable) res.end();
      };
      write();
    });
    for (const path of ["/sized", "/chunked", "/endless"]) {
      const e = await failure(guardedFetch(`${s.url}${path}`, { ...local, maxBytes: MB }));
      expect([e.code, e.message], path).toEqual(["too_large", "The answer is larger than 1 MiB"]);
    }
    await expect.poll(() => closed).toBe(3);
  });

  it("caps the decompressed size of gzip and brotli bombs, and decodes honest compressed bodies", async () => {
    const zeros = Buffer.alloc(20 * MB);
    const bombs: Record<string, [string, Buffer]> = {
      "/gzip": ["gzip", zlib.gzipSync(zeros)],
      "/br": ["br", zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
      "/small": ["gzip", zlib.gzipSync("<rss>ok</rss>")],
      "/deflate": ["deflate", zlib.deflateSync("deflated")],
      "/corrupt": ["gzip", Buffer.from("1f8b0800000000000003ffffffff", "hex")],
    };
    expect(bombs["/gzip"]![1].length).toBeLessThan(MB / 10);
    const s = await fake((req, res) => {
      const [encoding, body] = bombs[req.url!]!;
      res.writeHead(200, { "content-encoding": encoding }).end(body);
    });
    for (const path of ["/gzip", "/br"]) {
      expect((await failure(guardedFetch(`${s.url}${path}`, { ...local, maxBytes: MB }))).code, path).toBe(
        "too_large",
      );
    }
    expect((await guardedFetch(`${s.url}/small`, local)).text()).toBe("<rss>ok</rss>");
    expect((await guardedFetch(`${s.url}/deflate`, local)).text()).toBe("deflated");
    expect((await failure(guardedFetch(`${s.url}/corrupt`, local))).code).toBe("bad_response");
    expect(s.requests[0]!.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("gives up on a server that never answers (total time) or stalls mid-body (idle time)", async () => {
    const s = await fake((req, res) => {
      if (req.url === "/stall") res.writeHead(200).write("partial");
      // "/silent": never answers
    });
    const t0 = Date.now();
    const total = await failure(guardedFetch(`${s.url}/silent`, { ...local, timeoutMs: 300 }));
    expect([total.code, total.message]).toEqual(["timeout", "No complete answer within 0.3 s"]);
    const idle = await failure(guardedFetch(`${s.url}/stall`, { ...local, idleTimeoutMs: 200 }));
    expect([idle.code, idle.message]).toEqual(["timeout", `127.0.0.1:${s.port} sent nothing for 0.2 s`]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe("guardedFetch: conditional GET, Retry-After, text", () => {
  it("sends the validators and reports 304 as not modified", async () => {
    const s = await fake((req, res) => {
      const fresh = req.headers["if-none-match"] === '"v1"' || req.headers["if-modified-since"] !== undefined;
      res.setHeader("etag", '"v1"');
      res.setHeader("last-modified", "Sun, 06 Dec 2026 10:00:00 GMT");
      if (fresh) res.writeHead(304).end();
      else res.end("<feed/>");
    });
    const first = await guardedFetch(s.url, local);
    expect([first.status, first.notModified, first.etag, first.lastModified]).toEqual([
      200,
      false,
      '"v1"',
      "Sun, 06 Dec 2026 10:00:00 GMT",
    ]);
    const again = await guardedFetch(s.url, { ...local, etag: first.etag });
    expect([again.status, again.notModified, again.body.length, again.etag]).toEqual([304, true, 0, '"v1"']);
    const byDate = await guardedFetch(s.url, { ...local, lastModified: first.lastModified });
    expect(byDate.notModified).toBe(true);
    expect(s.requests.map((r) => [r.headers["if-none-match"], r.headers["if-modified-since"]])).toEqual([
      [undefined, undefined],
      ['"v1"', undefined],
      [undefined, "Sun, 06 Dec 2026 10:00:00 GMT"],
    ]);
  });

  it("reads Retry-After as seconds or as an HTTP-date on 429 and 503", async () => {
    const clock = manualClock("2026-12-06T12:00:00Z");
    const s = await fake((req, res) => {
      if (req.url === "/429") res.writeHead(429, { "retry-after": "120" }).end();
      else res.writeHead(503, { "retry-after": "Sun, 06 Dec 2026 12:01:30 GMT" }).end();
    });
    expect((await guardedFetch(`${s.url}/429`, { ...local, clock })).retryAfterMs).toBe(120_000);
    const r503 = await guardedFetch(`${s.url}/503`, { ...local, clock });
    expect([r503.status, r503.retryAfterMs]).toEqual([503, 90_000]);
    const now = clock.now();
    expect(parseRetryAfter("Sunday, 06-Dec-26 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Sun, 06 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect([
      parseRetryAfter("soon", now),
      parseRetryAfter("-5", now),
      parseRetryAfter(undefined, now),
    ]).toEqual([null, null, null]);
  });

  it("computes backoff with jitter, never shorter than Retry-After", () => {
    const at = (attempt: number, random: number, retryAfterMs?: number) =>
      backoffDelayMs({ attempt, random: () => random, retryAfterMs, baseMs: 1000, maxMs: 10_000 });
    expect([at(1, 0), at(1, 0.999999), at(2, 0), at(3, 0.5), at(10, 1)]).toEqual([
      500, 1000, 1000, 3000, 10_000,
    ]);
    expect(at(1, 0, 60_000)).toBe(60_000);
    expect(backoffDelayMs({ attempt: 1, retryAfterMs: 10 * 86_400_000, random: () => 0 })).toBe(86_400_000);
  });

  it("decodes text by BOM, Content-Type charset, XML or HTML declaration, else UTF-8", () => {
    const latin1 = Buffer.from("café", "latin1");
    expect(decodeText(latin1, "text/html; charset=ISO-8859-1")).toBe("café");
    expect(
      decodeText(Buffer.from(`<?xml version="1.0" encoding="windows-1252"?><t>\x80</t>`, "latin1"), null),
    ).toBe('<?xml version="1.0" encoding="windows-1252"?><t>€</t>');
    expect(decodeText(Buffer.concat([Buffer.from('<meta charset="latin1">'), latin1]), "text/html")).toBe(
      '<meta charset="latin1">café',
    );
    expect(decodeText(Buffer.from("\ufeffcafé", "utf8"), "text/plain; charset=latin1")).toBe("café");
    expect(decodeText(Buffer.from("café"), "text/plain; charset=no-such-charset")).toBe("café");
    expect(decodeText(Buffer.from("café"), null)).toBe("café");
  });
});

describe("guardedFetch: politeness", () => {
  it("serializes requests to one host with a pause between them; other hosts go in parallel", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const log: { path: string; start: number; end: number }[] = [];
    const s = await fake((req, res) => {
      const start = Date.now();
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      setTimeout(() => {
        inFlight--;
        log.push({ path: req.url!, start, end: Date.now() });
        res.end("ok");
      }, 100);
    });
    const hostQueue = new HostQueue(200);
    const opts = { ...local, hostQueue };
    await Promise.all([
      guardedFetch(`http://a.test:${s.port}/1`, opts),
      guardedFetch(`http://a.test:${s.port}/2`, opts),
    ]);
    expect(maxInFlight).toBe(1);
    const [one, two] = log;
    expect(two!.start - one!.end).toBeGreaterThanOrEqual(190);

    maxInFlight = 0;
    await Promise.all([
      guardedFetch(`http://b.test:${s.port}/1`, opts),
      guardedFetch(`http://c.test:${s.port}/1`, opts),
    ]);
    expect(maxInFlight).toBe(2);
  });
});
