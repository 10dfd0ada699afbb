import type { IncomingHttpHeaders } from "node:http";
import { compile } from "html-to-text";
import type { FeedbackSource } from "../../../../shared/feedback.ts";
import type { SourceConfig, SourceKind } from "../../../../shared/sources.schemas.ts";

/**
 * The one shape of a polled connector: a fetch plan (`first` request, `parse` yields the next one) and a pure
 * parse of each response into feedback items. The poller (sources.poll.ts) does the fetching, the limits,
 * the error state and the ingestion; a connector never touches the network or the database.
 */

/** One item as the connector found it; `externalId` is its id at the service (the idempotency key). */
export interface PolledItem {
  externalId: string;
  title: string | null;
  text: string;
  url: string | null;
  handle: string | null;
  receivedAt: string | null;
  /** What the incremental cursor advances to (a time, an id) once the whole poll succeeded. */
  mark?: string;
  tags?: string[];
}

export interface PollRequest {
  url: string;
  /** Send the stored ETag / Last-Modified (the first request of feeds). */
  conditional?: boolean;
}

export interface PolledResponse {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface Page {
  items: PolledItem[];
  next: PollRequest | null;
}

export interface Connector<K extends SourceKind = SourceKind> {
  kind: K;
  /** Where the items land in the inbox (feedback_items.source). */
  feedbackSource: FeedbackSource;
  first(config: SourceConfig<K>, cursor: string | null): PollRequest;
  /**
   * Pure: a 2xx response → items and the next request (pagination). Throws BadBody on a malformed body. May
   * answer a promise, to let the event loop turn while converting many items (feeds).
   */
  parse(res: PolledResponse, config: SourceConfig<K>, cursor: string | null): Page | Promise<Page>;
  /** The cursor once every page came in: the greatest mark (compare), or the old cursor. */
  compare?(a: string, b: string): number;
  /** Headers sent with every request (a bearer token); dropped by the client on a cross-origin redirect. */
  headers?(secrets: Record<string, string>): Record<string, string>;
  /** A rate limit the service announces its own way (GitHub's x-ratelimit-reset): ms to wait, or null. */
  rateLimitWaitMs?(res: PolledResponse, now: Date): number | null;
  /** A service that needs a session before its first page (Bluesky). */
  session?: SessionFlow<K>;
}

/** What a session flow may do: read the settings and secrets, POST JSON through the poll's guarded client. */
export interface SessionContext<K extends SourceKind = SourceKind> {
  config: SourceConfig<K>;
  secrets: Record<string, string>;
  /** A POST (counted as one of the poll's requests); any status comes back, fetch failures throw. */
  post(url: string, json: unknown, headers?: Record<string, string>): Promise<PolledResponse>;
}

export type SessionOutcome =
  /** Headers for the poll's requests; `save` replaces the stored session (the secret `session`). */
  | { headers: Record<string, string>; save?: string }
  /** Signing in was refused: the poll fails with this answer's status (and its Retry-After). */
  | { failed: PolledResponse };

export interface SessionFlow<K extends SourceKind = SourceKind> {
  /** The stored session's headers, or (renew, or none stored) a refreshed or new session's. */
  open(ctx: SessionContext<K>, renew: boolean): Promise<SessionOutcome>;
  /** The answer says the session expired: the poller renews it once and asks again. */
  expired(res: PolledResponse): boolean;
}

/** A poll that cannot go on for a reason of the source's own (a missing secret): recorded with its code. */
export class SourceFailure extends Error {
  override readonly name = "SourceFailure";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A body that is not what the service documents: the poll fails with code bad_body, nothing is imported. */
export class BadBody extends Error {
  override readonly name = "BadBody";
}

export const asObject = (v: unknown, what: string): Record<string, unknown> => {
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new BadBody(`${what} is not an object`);
  return v as Record<string, unknown>;
};
/** A nested object of an answer, or an empty one when absent or not an object (its fields then read as null). */
export const objectOr = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const asArray = (v: unknown, what: string): unknown[] => {
  if (!Array.isArray(v)) throw new BadBody(`${what} is not a list`);
  return v;
};
export const str = (v: unknown): string | null =>
  typeof v === "string" && v.length ? v : typeof v === "number" ? String(v) : null;

export function parseJson(res: PolledResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new BadBody(`The answer from ${new URL(res.url).host} is not valid JSON`);
  }
}

const HTML_OPTIONS = {
  wordwrap: false,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["(", ")"] } },
    { selector: "img", format: "skip" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: "table", format: "dataTable" },
  ],
};

/**
 * The converter, built once: html-to-text's convert() compiles its options (a selector decision tree) on every
 * call, which was ~80 % of its cost and, over a poll cycle's 10,000 posts, seconds of a blocked event loop.
 */
let converter: ((html: string) => string) | null = null;

/** HTML from a feed or a post as plain text (scripts, styles and images dropped, links kept as "text (url)"). */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.trim();
  converter ??= compile(HTML_OPTIONS);
  return converter(html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A time the service gave, as ISO 8601; null when absent or unreadable. */
export function isoTime(v: unknown): string | null {
  if (typeof v === "number") return new Date(v * 1000).toISOString();
  if (typeof v !== "string" || !v) return null;
  const d = new Date(v);
  const y = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || y < 1970 || y > 2999 ? null : d.toISOString();
}

/** Parses an RFC 8288 Link header into rel → URL. */
export function parseLinkHeader(v: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (Array.isArray(v) ? v.join(",") : (v ?? "")).split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!m) continue;
    const rel = /rel="?([^";]+)"?/.exec(m[2])?.[1];
    if (rel) for (const r of rel.split(/\s+/)) out[r] = m[1];
  }
  return out;
}

/** Numeric ids of any length ("110359171049285093") compared as numbers. */
export function compareNumeric(a: string, b: string): number {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  return x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
}

/** ISO times compared as instants. */
export const compareTime = (a: string, b: string) => new Date(a).getTime() - new Date(b).getTime();

/** A next page on the same origin as the current one (a body cannot send the poller elsewhere). */
export function sameOrigin(next: string | undefined | null, current: string): PollRequest | null {
  if (!next) return null;
  try {
    const u = new URL(next, current);
    return u.origin === new URL(current).origin ? { url: u.href } : null;
  } catch {
    return null;
  }
}
