import robotsParserModule from "robots-parser";
import type { MonitorConfig, MonitorErrorCode, MonitorKind } from "../../../shared/monitoring.schemas.ts";
import type { Clock } from "../../lib/clock.ts";
import {
  FetchError,
  type FetchResult,
  type GuardedFetchOptions,
  guardedFetch,
} from "../../lib/http/guarded-fetch.ts";
import { parseRetryAfter } from "../../lib/http/politeness.ts";
import { decodeText } from "../../lib/http/response-body.ts";
import { parseFeedItems } from "../sources/connectors/rss.ts";
import type { ObservedPrice } from "./monitoring.extract.ts";
import { checkWork } from "./monitoring.pool.ts";

/**
 * Fetching one monitor: robots.txt first (cached per origin), then the kind's request(s) through the guarded
 * client (address rules, caps, per-host politeness, conditional GET), then its text. Every failure is a coded
 * outcome (a visible state on the monitor), never an exception; no database here. A page is parsed and
 * normalized in the check worker (monitoring.pool.ts): only its text comes back.
 */

/** Fetch settings (tests: allowPrivate for local fakes, no per-host pause); production uses the defaults. */
export type MonitorFetchOptions = Pick<
  GuardedFetchOptions,
  "allowPrivate" | "hostQueue" | "timeoutMs" | "resolve"
> & {
  /** Largest answer (default 5 MiB); a bigger page is the too_large state. */
  maxBytes?: number;
};

export interface Item {
  key: string;
  title?: string | null;
  url?: string | null;
  date?: string | null;
}

export type Fetched =
  | {
      outcome: "ok";
      text: string;
      items: Item[] | null;
      bytes: number;
      etag: string | null;
      lastModified: string | null;
      /** A page: `text` is already normalized, with its hash, prices (pricing pages) and headings. */
      page: { hash: string; prices: ObservedPrice[]; headings: string[] } | null;
    }
  | { outcome: "not_modified" }
  | { outcome: "error"; code: MonitorErrorCode; message: string; retryAfterMs: number | null };

type Failure = Extract<Fetched, { outcome: "error" }>;
const fail = (code: MonitorErrorCode, message: string, retryAfterMs: number | null = null): Failure => ({
  outcome: "error",
  code,
  message: message.slice(0, 1000),
  retryAfterMs,
});

/** A monitor's identity on the wire: "Baton/<version> (+competitor monitoring; <instance url>)". */
export const monitorUserAgent = (version: string, publicUrl: string) =>
  `Baton/${version} (+competitor monitoring; ${publicUrl})`;

const FETCH_CODES: Record<string, MonitorErrorCode> = {
  timeout: "timeout",
  redirect_loop: "redirect_loop",
  too_many_redirects: "redirect_loop",
  too_large: "too_large",
  blocked_address: "private_address",
  bad_url: "bad_url",
  network: "network",
  bad_response: "network",
};

class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export interface FetchContext {
  kind: MonitorKind;
  url: string;
  config: MonitorConfig;
  etag: string | null;
  lastModified: string | null;
  /** Length of the latest snapshot's text (a page that shrank to a sliver is an error page). */
  previousLength: number | null;
  /** The latest snapshot's hash (a page whose text has it comes back without its text). */
  latestHash?: string | null;
  userAgent: string;
  clock: Clock;
  options: MonitorFetchOptions;
  /** Called before every request (the check renews its lease). */
  beforeRequest?: () => Promise<void>;
}

/** Runs one monitor's fetch plan and turns the answer into text (and items), or a coded failure. */
export async function fetchMonitor(ctx: FetchContext): Promise<Fetched> {
  try {
    switch (ctx.kind) {
      case "page":
        return await fetchPage(ctx);
      case "feed":
        return await fetchFeed(ctx);
      case "sitemap":
        return await fetchSitemap(ctx);
      case "json":
        return await fetchJson(ctx);
      case "github_releases":
        return await fetchGitHubReleases(ctx);
      case "app_store":
        return await fetchAppStore(ctx);
    }
  } catch (e) {
    if (e instanceof Stop) return e.failure;
    if (e instanceof FetchError) return fail(FETCH_CODES[e.code] ?? "network", e.message);
    throw e;
  }
}

/** One GET under the monitor's rules: robots.txt (for web addresses), then the guarded client. */
async function get(
  ctx: FetchContext,
  url: string,
  o: { conditional?: boolean; robots?: boolean; headers?: Record<string, string> } = {},
): Promise<FetchResult> {
  if (o.robots !== false && !(await robotsAllow(ctx, url))) {
    throw new Stop(
      fail(
        "robots",
        `${new URL(url).host}'s robots.txt does not allow Baton to read ${new URL(url).pathname}`,
      ),
    );
  }
  await ctx.beforeRequest?.();
  const res = await guardedFetch(url, {
    ...ctx.options,
    maxBytes: ctx.options.maxBytes ?? 5 * 1024 * 1024,
    userAgent: ctx.userAgent,
    clock: ctx.clock,
    headers: o.headers,
    ...(o.conditional ? { etag: ctx.etag, lastModified: ctx.lastModified } : {}),
  });
  const status = statusFailure(res, ctx.clock.now());
  if (status) throw new Stop(status);
  return res;
}

/** A non-2xx answer as its state: blocked, rate_limited (with how long to wait) or http_error. */
function statusFailure(res: FetchResult, now: Date): Failure | null {
  if (res.notModified || (res.status >= 200 && res.status < 300)) return null;
  const host = new URL(res.url).host;
  const header = (n: string) => {
    const v = res.headers[n];
    return Array.isArray(v) ? v[0] : v;
  };
  // GitHub's exhausted rate limit: 403 (or 429) with x-ratelimit-remaining: 0 until x-ratelimit-reset.
  if ((res.status === 403 || res.status === 429) && header("x-ratelimit-remaining") === "0") {
    const reset = Number(header("x-ratelimit-reset"));
    const wait =
      parseRetryAfter(header("retry-after"), now) ??
      (Number.isFinite(reset) ? Math.max(0, reset * 1000 - now.getTime()) : null);
    return fail("rate_limited", `${host} says the rate limit is used up`, wait);
  }
  if (res.status === 429 || (res.status === 503 && res.retryAfterMs !== null)) {
    const after = res.retryAfterMs === null ? "" : ` (retry after ${Math.ceil(res.retryAfterMs / 1000)} s)`;
    return fail(
      "rate_limited",
      `${host} answered ${res.status}: too many requests${after}`,
      res.retryAfterMs,
    );
  }
  if (res.status === 401 || res.status === 403)
    return fail("blocked", `${host} refused Baton (${res.status}); it may block automated visitors`);
  return fail("http_error", `${host} answered ${res.status}`);
}

const header = (res: FetchResult, n: string) => {
  const v = res.headers[n];
  return (Array.isArray(v) ? v[0] : v) ?? "";
};

const ok = (
  res: FetchResult,
  text: string,
  items: Item[] | null,
  page: Extract<Fetched, { outcome: "ok" }>["page"] = null,
  bytes = res.body.length,
): Fetched => ({ outcome: "ok", text, items, bytes, etag: res.etag, lastModified: res.lastModified, page });

async function fetchPage(ctx: FetchContext): Promise<Fetched> {
  const res = await get(ctx, ctx.url, { conditional: true });
  if (res.notModified) return { outcome: "not_modified" };
  const type = header(res, "content-type").toLowerCase();
  // Only the start is decoded here; the worker decodes and parses the whole page.
  const head = decodeText(res.body.subarray(0, 4096), type);
  const html = type ? /html|xml/.test(type) && !/(rss|atom|feed)\+xml/.test(type) : /^\s*</.test(head);
  if (!html || (type.includes("xml") && !/<html[\s>]/i.test(head)))
    return fail(
      "not_html",
      `${new URL(res.url).host} answered ${type || "something"} where a web page was expected`,
    );
  const page = await checkWork({
    kind: "page",
    body: res.body,
    contentType: type,
    config: ctx.config as MonitorConfig<"page">,
    previousLength: ctx.previousLength,
    latestHash: ctx.latestHash ?? null,
  });
  if (!page.ok) return fail(page.code, page.message);
  return ok(res, page.text, null, { hash: page.hash, prices: page.prices, headings: page.headings });
}

async function fetchFeed(ctx: FetchContext): Promise<Fetched> {
  const res = await get(ctx, ctx.url, { conditional: true });
  if (res.notModified) return { outcome: "not_modified" };
  let entries: ReturnType<typeof parseFeedItems>["items"];
  try {
    entries = parseFeedItems({
      url: res.url,
      status: res.status,
      headers: res.headers,
      text: res.text(),
    }).items.slice(0, 200);
  } catch (e) {
    return fail("bad_content", (e as Error).message);
  }
  const items: Item[] = entries.map((e) => ({
    key: e.externalId,
    title: e.title,
    url: e.url,
    date: e.receivedAt,
  }));
  // One entry a paragraph, newest first as the feed lists them: a new post is an added paragraph.
  const text = entries
    .map((e) => [e.title, e.text.slice(0, 2000), e.url].filter(Boolean).join("\n"))
    .join("\n");
  return ok(res, text, items);
}

async function fetchSitemap(ctx: FetchContext): Promise<Fetched> {
  const max = (ctx.config as MonitorConfig<"sitemap">).maxSitemaps;
  const first = await get(ctx, ctx.url, { conditional: true });
  if (first.notModified) return { outcome: "not_modified" };
  const urls = new Set<string>();
  let bytes = first.body.length;
  const read = (xml: string) => {
    if (!/<(urlset|sitemapindex)[\s>]/i.test(xml)) return null;
    const locs = (block: string) =>
      [...xml.matchAll(new RegExp(`<${block}[\\s>][\\s\\S]*?<loc>\\s*([^<\\s]+)\\s*</loc>`, "gi"))].map((m) =>
        m[1]!.replace(/&amp;/g, "&"),
      );
    return { pages: locs("url"), children: locs("sitemap") };
  };
  const root = read(first.text());
  if (!root) return fail("bad_content", "Not a sitemap (no <urlset> or <sitemapindex>)");
  for (const u of root.pages) urls.add(u);
  // A sitemap index: its child sitemaps (same rules, each one request), up to the cap.
  for (const child of root.children.slice(0, max)) {
    const res = await get(ctx, new URL(child, first.url).href);
    bytes += res.body.length;
    const part = read(res.text());
    if (!part) return fail("bad_content", `${child} is not a sitemap`);
    for (const u of part.pages) urls.add(u);
    if (urls.size > 50_000) break;
  }
  const sorted = [...urls].sort().slice(0, 50_000);
  return ok(
    first,
    sorted.join("\n"),
    sorted.map((key) => ({ key, url: key })),
    null,
    bytes,
  );
}

/** RFC 6901: the value at `pointer`, or undefined when a step is missing. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let cur: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else if (cur && typeof cur === "object" && Object.hasOwn(cur, key)) {
      cur = (cur as Record<string, unknown>)[key];
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** JSON as stable text: keys sorted, two-space indent (a reordered object is not a change). */
export function stableJson(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x && typeof x === "object"
        ? Object.fromEntries(
            Object.keys(x)
              .sort()
              .map((k) => [k, sort((x as Record<string, unknown>)[k])]),
          )
        : x;
  return JSON.stringify(sort(v), null, 2) ?? "null";
}

async function fetchJson(ctx: FetchContext): Promise<Fetched> {
  const res = await get(ctx, ctx.url, { conditional: true, headers: { accept: "application/json" } });
  if (res.notModified) return { outcome: "not_modified" };
  let doc: unknown;
  try {
    doc = JSON.parse(res.text());
  } catch {
    return fail("bad_content", `${new URL(res.url).host} did not answer valid JSON`);
  }
  const pointer = (ctx.config as MonitorConfig<"json">).pointer;
  const value = resolvePointer(doc, pointer);
  if (value === undefined) return fail("selector_missing", `The JSON has nothing at ${pointer} any more`);
  return ok(res, stableJson(value), null);
}

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);

/** GitHub's list releases API (GET /repos/{owner}/{repo}/releases): the 20 newest, drafts left out. */
async function fetchGitHubReleases(ctx: FetchContext): Promise<Fetched> {
  const c = ctx.config as MonitorConfig<"github_releases">;
  const url = new URL(
    `/repos/${encodeURIComponent(c.owner)}/${encodeURIComponent(c.repo)}/releases`,
    c.apiUrl,
  );
  url.searchParams.set("per_page", "20");
  const res = await get(ctx, url.href, {
    conditional: true,
    robots: false,
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" },
  });
  if (res.notModified) return { outcome: "not_modified" };
  let list: unknown;
  try {
    list = JSON.parse(res.text());
  } catch {
    return fail("bad_content", "GitHub did not answer valid JSON");
  }
  if (!Array.isArray(list)) return fail("bad_content", "GitHub's answer is not a list of releases");
  const releases = list.filter((r): r is Record<string, unknown> => !!r && typeof r === "object" && !r.draft);
  const items: Item[] = [];
  const parts: string[] = [];
  for (const r of releases) {
    const tag = str(r.tag_name);
    if (!tag) continue;
    const name = str(r.name) || tag;
    items.push({ key: tag, title: name, url: str(r.html_url), date: str(r.published_at) });
    parts.push(
      [
        `${tag}${name !== tag ? ` — ${name}` : ""}${r.prerelease ? " (pre-release)" : ""}`,
        (str(r.body) ?? "").slice(0, 5000),
      ].join("\n"),
    );
  }
  return ok(res, parts.join("\n"), items);
}

/** The iTunes Search API's lookup (GET /lookup?id=…&country=…): version, release notes, rating. */
async function fetchAppStore(ctx: FetchContext): Promise<Fetched> {
  const c = ctx.config as MonitorConfig<"app_store">;
  const url = new URL("/lookup", c.apiUrl);
  url.searchParams.set("id", c.appId);
  url.searchParams.set("country", c.country);
  const res = await get(ctx, url.href, { robots: false });
  let body: { resultCount?: unknown; results?: unknown };
  try {
    body = JSON.parse(res.text());
  } catch {
    return fail("bad_content", "The App Store did not answer valid JSON");
  }
  const app = Array.isArray(body?.results)
    ? (body.results[0] as Record<string, unknown> | undefined)
    : undefined;
  if (!app)
    return fail("selector_missing", `The App Store lists no app ${c.appId} in ${c.country.toUpperCase()}`);
  const version = str(app.version) ?? "?";
  const rating = typeof app.averageUserRating === "number" ? app.averageUserRating.toFixed(1) : null;
  const text = [
    str(app.trackName) ?? "",
    `Version ${version}`,
    rating ? `Rating ${rating}` : "",
    str(app.releaseNotes) ?? "",
    str(app.description)?.slice(0, 4000) ?? "",
  ]
    .filter(Boolean)
    .join("\n");
  return ok(res, text, [
    {
      key: version,
      title: `Version ${version}`,
      url: str(app.trackViewUrl),
      date: str(app.currentVersionReleaseDate),
    },
  ]);
}

// ---- robots.txt --------------------------------------------------------------------------------------------

interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// A CommonJS function whose types declare a default export.
const robotsParser = ((robotsParserModule as unknown as { default?: unknown }).default ??
  robotsParserModule) as (url: string, text: string) => Robot;

const ROBOTS_TTL_MS = 60 * 60_000;
const robotsCache = new Map<string, { at: number; robot: Robot | null }>();

/** Forgets cached robots.txt files (tests). */
export const clearRobotsCache = () => robotsCache.clear();

/**
 * Whether robots.txt lets Baton read `url`: fetched once per origin an hour (through the same guarded client). No
 * robots.txt (4xx) allows everything; an unreachable one (5xx, network) allows too, and is asked again next time.
 */
async function robotsAllow(ctx: FetchContext, url: string): Promise<boolean> {
  const u = new URL(url);
  const now = ctx.clock.now().getTime();
  let entry = robotsCache.get(u.origin);
  if (!entry || now - entry.at > ROBOTS_TTL_MS) {
    const robotsUrl = `${u.origin}/robots.txt`;
    let robot: Robot | null = null;
    let cache = true;
    try {
      await ctx.beforeRequest?.();
      const res = await guardedFetch(robotsUrl, {
        ...ctx.options,
        maxBytes: 512 * 1024,
        userAgent: ctx.userAgent,
        clock: ctx.clock,
      });
      if (res.status >= 200 && res.status < 300) robot = robotsParser(robotsUrl, res.text());
      else if (res.status >= 500 || res.status === 429) cache = false;
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      // The site itself will fail the same way in a moment, with the real reason.
      if (e.code === "blocked_address" || e.code === "bad_url") throw e;
      cache = false;
    }
    entry = { at: now, robot };
    if (cache) {
      if (robotsCache.size > 5000) robotsCache.clear();
      robotsCache.set(u.origin, entry);
    }
  }
  return entry.robot ? entry.robot.isAllowed(url, ctx.userAgent) !== false : true;
}
