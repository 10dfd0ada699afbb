import dns from "node:dns";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { loadConfig } from "../../config.ts";
import { VERSION } from "../../version.ts";
import { type Clock, systemClock } from "../clock.ts";
import { classifyAddress, isBadPort, isLoopback } from "./address-policy.ts";
import { FetchError } from "./fetch-error.ts";
import { HostQueue, parseRetryAfter } from "./politeness.ts";
import { decodeText, readBody } from "./response-body.ts";

export { FetchError, type FetchErrorCode } from "./fetch-error.ts";
export { decodeText } from "./response-body.ts";

/**
 * The one outbound HTTP client for user-supplied URLs (feeds, social APIs, competitors' pages).
 * See docs/DECISIONS.md #23 and docs/SECURITY.md "Fetching URLs". Callers import from this file only.
 */

export interface FetchConfig {
  /** BATON_FETCH_ALLOW_PRIVATE=1: loopback/private targets allowed (tests, intranet sources). */
  allowPrivate: boolean;
  /** BATON_FETCH_HOST_DELAY_MS: pause between two requests to one host (default 1000). */
  hostDelayMs: number;
  /** "Baton/<version> (+<BATON_PUBLIC_URL>)". */
  userAgent: string;
  /**
   * BATON_FETCH_LOOPBACK_ONLY=1: only loopback targets, and no DNS query for other names. The test suite sets
   * it, so no test (e.g. the route fuzzer creating a feed source with a random URL) can reach the internet.
   */
  loopbackOnly: boolean;
}

/** The client's settings from the environment (README's configuration table). */
export function loadFetchConfig(env: NodeJS.ProcessEnv = process.env): FetchConfig {
  const flag = env.BATON_FETCH_ALLOW_PRIVATE;
  return {
    allowPrivate: flag === "1" || flag === "true",
    hostDelayMs: Number(env.BATON_FETCH_HOST_DELAY_MS ?? 1000),
    userAgent: `Baton/${VERSION} (+${loadConfig(env).publicUrl})`,
    loopbackOnly: ["1", "true"].includes(env.BATON_FETCH_LOOPBACK_ONLY ?? ""),
  };
}

let defaults: { config: FetchConfig; queue: HostQueue } | undefined;
function processDefaults() {
  if (!defaults) {
    const config = loadFetchConfig();
    defaults = { config, queue: new HostQueue(config.hostDelayMs) };
  }
  return defaults;
}

export interface GuardedFetchOptions {
  method?: "GET" | "HEAD" | "POST";
  /**
   * A JSON request body (POST only; sent as application/json). A 303, or a 301/302, turns the POST into a
   * GET without it (as browsers do); a 307/308 sends it again, but only to the same origin: a body may
   * hold a password, so a cross-origin 307/308 is refused (bad_url).
   */
  json?: unknown;
  /** Extra request headers (e.g. Authorization for an API; dropped when a redirect leaves the origin). */
  headers?: Record<string, string>;
  /** Validators from the previous fetch: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  /** Whole fetch, redirects included, not counting waits for the host's turn. Default 15 s. */
  timeoutMs?: number;
  /** Longest silence while connecting, waiting for headers or reading the body. Default 10 s. */
  idleTimeoutMs?: number;
  /** Largest body, counted after decompression. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * Whether a loopback/private/reserved target may be contacted: a boolean, or a function asked per
   * hop (tests allow their first hop and see a redirect refused). Default BATON_FETCH_ALLOW_PRIVATE.
   * Cloud metadata addresses are refused regardless.
   */
  allowPrivate?: boolean | ((target: { url: URL; address: string }) => boolean);
  /** Only loopback targets (default: BATON_FETCH_LOOPBACK_ONLY). */
  loopbackOnly?: boolean;
  /** Name → addresses (tests simulate DNS with it). Default: the system resolver, every address. */
  resolve?: (hostname: string) => Promise<string[]>;
  /** Per-host politeness queue; null turns it off. Default: the process's, BATON_FETCH_HOST_DELAY_MS. */
  hostQueue?: HostQueue | null;
  userAgent?: string;
  clock?: Clock;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as text, in the charset of Content-Type, a BOM or an XML/HTML declaration (UTF-8 otherwise). */
  text(): string;
  /** 304: the validators still match; body is empty. */
  notModified: boolean;
  /** Validators to send next time (on a 304 without them, the ones sent). */
  etag: string | null;
  lastModified: string | null;
  /** On 429 and 503: how long the server asked us to wait, from Retry-After. */
  retryAfterMs: number | null;
  /** Every URL redirected from, in order. */
  redirects: string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = ["authorization", "cookie", "proxy-authorization"];

/** GETs (or POSTs JSON to) a user-supplied URL under the address rules, caps and politeness; throws FetchError. */
export async function guardedFetch(
  input: string | URL,
  options: GuardedFetchOptions = {},
): Promise<FetchResult> {
  const { config, queue } = processDefaults();
  let method = options.method ?? "GET";
  if (options.json !== undefined && method !== "POST") {
    throw new FetchError("bad_url", "A request body is only sent with POST");
  }
  let body = options.json === undefined ? null : Buffer.from(JSON.stringify(options.json));
  const o = {
    timeoutMs: options.timeoutMs ?? 15_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    allowPrivate: options.allowPrivate ?? config.allowPrivate,
    loopbackOnly: options.loopbackOnly ?? config.loopbackOnly,
    resolve: options.resolve ?? systemResolve,
    hostQueue: options.hostQueue === undefined ? queue : options.hostQueue,
    signal: options.signal,
  };
  const headers: Record<string, string> = {
    "user-agent": options.userAgent ?? config.userAgent,
    accept: "*/*",
    "accept-encoding": "gzip, deflate, br",
  };
  for (const [k, v] of Object.entries(options.headers ?? {})) headers[k.toLowerCase()] = v;
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  if (body) headers["content-type"] = "application/json";

  let url = checkUrl(String(input));
  const redirects: string[] = [];
  let spentMs = 0;
  for (;;) {
    const release = o.hostQueue ? await o.hostQueue.acquire(url.hostname, o.signal) : null;
    const started = Date.now();
    let hop: Hop;
    try {
      hop = await fetchOnce(url, headers, { ...o, method, body, timeLeftMs: o.timeoutMs - spentMs });
    } finally {
      spentMs += Date.now() - started;
      release?.();
    }
    const location = hop.headers.location;
    if (!REDIRECTS.has(hop.status) || !location) {
      return result(url, hop, redirects, options, (options.clock ?? systemClock).now());
    }
    if (redirects.length >= o.maxRedirects) {
      throw new FetchError("too_many_redirects", `More than ${o.maxRedirects} redirects`, url.href);
    }
    let next: URL;
    try {
      next = checkUrl(new URL(location, url).href);
    } catch (e) {
      throw e instanceof FetchError ? new FetchError(e.code, `Redirect refused: ${e.message}`, url.href) : e;
    }
    redirects.push(url.href);
    if (redirects.includes(next.href)) {
      throw new FetchError("redirect_loop", `Redirect loop at ${next.href}`, url.href);
    }
    if (method === "POST" && hop.status !== 307 && hop.status !== 308) {
      method = "GET";
      body = null;
      delete headers["content-type"];
    }
    if (next.origin !== url.origin) {
      if (body) {
        throw new FetchError(
          "bad_url",
          `Redirect refused: ${url.host} sent a request body on to ${next.host}`,
          url.href,
        );
      }
      for (const h of CROSS_ORIGIN_DROPPED) delete headers[h];
    }
    url = next;
  }
}

/** Parses and checks a URL's shape: http(s), no credentials, no bad port; the fragment is dropped. */
function checkUrl(href: string): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new FetchError("bad_url", "Not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError("bad_url", `Only http and https URLs can be fetched, not ${url.protocol}`, href);
  }
  if (url.username || url.password) {
    throw new FetchError("bad_url", "URLs with a user name or password are refused", url.origin);
  }
  if (url.port && isBadPort(Number(url.port))) {
    throw new FetchError("bad_url", `Port ${url.port} is not allowed`, href);
  }
  url.hash = "";
  return url;
}

interface Hop {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type HopOptions = {
  method: "GET" | "HEAD" | "POST";
  body: Buffer | null;
  idleTimeoutMs: number;
  maxBytes: number;
  allowPrivate: NonNullable<GuardedFetchOptions["allowPrivate"]>;
  loopbackOnly: boolean;
  resolve: (hostname: string) => Promise<string[]>;
  signal?: AbortSignal;
  timeLeftMs: number;
};

/** One request to one URL: resolve, check every address, connect only to those, read the capped body. */
async function fetchOnce(url: URL, headers: Record<string, string>, o: HopOptions): Promise<Hop> {
  if (o.timeLeftMs <= 0) throw new FetchError("timeout", "Took too long", url.href);
  const abort = new AbortController();
  const timer = setTimeout(
    () =>
      abort.abort(new FetchError("timeout", `No complete answer within ${seconds(o.timeLeftMs)}`, url.href)),
    o.timeLeftMs,
  );
  const onCallerAbort = () => abort.abort(o.signal!.reason);
  o.signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (o.signal?.aborted) onCallerAbort();
  try {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    // Loopback only: a name goes to no DNS server (unless a test resolves names itself).
    if (o.loopbackOnly && !isIP(host) && host !== "localhost" && o.resolve === systemResolve)
      throw notLoopback(url);
    const addresses = isIP(host) ? [host] : await raceAbort(resolveName(host, o.resolve, url), abort.signal);
    for (const address of addresses) {
      checkAddress(url, address, o.allowPrivate);
      if (o.loopbackOnly && !isLoopback(address)) throw notLoopback(url);
    }
    return await raceAbort(request(url, host, addresses, headers, o, abort.signal), abort.signal);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener("abort", onCallerAbort);
  }
}

async function systemResolve(hostname: string): Promise<string[]> {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => a.address);
}

async function resolveName(host: string, resolve: HopOptions["resolve"], url: URL): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FetchError("network", `Cannot resolve ${host}${code ? ` (${code})` : ""}`, url.href);
  }
  if (addresses.length === 0) throw new FetchError("network", `Cannot resolve ${host}`, url.href);
  return addresses;
}

const notLoopback = (url: URL) =>
  new FetchError(
    "blocked_address",
    `Refused: ${url.hostname} is not a loopback address (BATON_FETCH_LOOPBACK_ONLY)`,
    url.href,
  );

function checkAddress(url: URL, address: string, allowPrivate: HopOptions["allowPrivate"]) {
  const kind = classifyAddress(address);
  if (kind === "public") return;
  const allowed =
    kind === "private" &&
    (typeof allowPrivate === "function" ? allowPrivate({ url, address }) : allowPrivate);
  if (allowed) return;
  // The address itself stays out of the message: it would tell users how internal names resolve.
  const what = kind === "metadata" ? "a cloud metadata address" : "a private, loopback or reserved address";
  throw new FetchError("blocked_address", `Refused: ${url.hostname} is ${what}`, url.href);
}

function request(
  url: URL,
  host: string,
  addresses: string[],
  headers: Record<string, string>,
  o: HopOptions,
  signal: AbortSignal,
): Promise<Hop> {
  // Connect only to the addresses just checked: no second DNS answer between check and connect.
  const pinned = ((_name: string, opts: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (opts.all)
      cb(
        null,
        addresses.map((address) => ({ address, family: isIP(address) })),
      );
    else cb(null, addresses[0], isIP(addresses[0]!));
  }) as unknown as LookupFunction;
  return new Promise<Hop>((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = (url.protocol === "https:" ? https : http).request({
        method: o.method,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: o.body ? { ...headers, "content-length": String(o.body.length) } : headers,
        agent: false,
        lookup: pinned,
        servername: isIP(host) ? undefined : host,
      });
    } catch (e) {
      return reject(toFetchError(e, url)); // e.g. a header value Node refuses (ERR_INVALID_CHAR)
    }
    const fail = (e: unknown) => {
      req.destroy();
      reject(toFetchError(e, url));
    };
    signal.addEventListener("abort", () => fail(signal.reason), { once: true });
    req.setTimeout(o.idleTimeoutMs, () =>
      fail(new FetchError("timeout", `${url.host} sent nothing for ${seconds(o.idleTimeoutMs)}`, url.href)),
    );
    let reading = false;
    // Once the body is being read, its pipeline reports failures with their real cause (a cap, a reset);
    // the request's own error would only say it was aborted.
    req.on("error", (e) => reading || fail(e));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const empty = o.method === "HEAD" || status === 204 || status === 304 || REDIRECTS.has(status);
      if (empty) {
        res.resume();
        resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
        req.destroy();
        return;
      }
      reading = true;
      readBody(res, url, o.maxBytes, signal).then(
        (body) => resolve({ status, headers: res.headers, body }),
        fail,
      );
    });
    req.end(o.body ?? undefined);
  });
}

function toFetchError(e: unknown, url: URL): FetchError {
  if (e instanceof FetchError) return e;
  const err = e as NodeJS.ErrnoException;
  if (/^(Z_|ERR__)/.test(err?.code ?? "")) {
    // zlib's (Z_DATA_ERROR …) and brotli's (ERR__ERROR_FORMAT_…) decoding errors
    return new FetchError("bad_response", `Corrupt compressed body (${err.code})`, url.href);
  }
  const detail = err?.code ?? err?.message ?? "unknown error";
  return new FetchError("network", `Cannot fetch ${url.host}: ${detail}`, url.href);
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function result(url: URL, hop: Hop, redirects: string[], o: GuardedFetchOptions, now: Date): FetchResult {
  const one = (name: string) => {
    const v = hop.headers[name];
    return (Array.isArray(v) ? v[0] : v) ?? null;
  };
  const notModified = hop.status === 304;
  return {
    url: url.href,
    status: hop.status,
    headers: hop.headers,
    body: hop.body,
    text: () => decodeText(hop.body, one("content-type")),
    notModified,
    etag: one("etag") ?? (notModified ? (o.etag ?? null) : null),
    lastModified: one("last-modified") ?? (notModified ? (o.lastModified ?? null) : null),
    retryAfterMs: hop.status === 429 || hop.status === 503 ? parseRetryAfter(one("retry-after"), now) : null,
    redirects,
  };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
