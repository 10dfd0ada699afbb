import { parseRetryAfter } from "../../../lib/http/politeness.ts";
import {
  asArray,
  asObject,
  BadBody,
  type Connector,
  compareTime,
  isoTime,
  objectOr,
  type PolledItem,
  type PolledResponse,
  parseJson,
  SourceFailure,
  str,
} from "./connector.ts";

/**
 * Bluesky's post search (GET /xrpc/app.bsky.feed.searchPosts, sort=latest, 100 a page, the body's opaque
 * `cursor` for the next page) as the configured account: a session from com.atproto.server.createSession
 * (POST { identifier, password: the app password }) is kept with the source's secrets and reused; when the
 * service says the access token expired, it is refreshed (com.atproto.server.refreshSession with the refresh
 * token), and when that fails too, Baton signs in again. Incremental by `since` (inclusive, on the posts'
 * sortAt): the boundary post comes again and is recognised by its URI.
 */

/** The tokens createSession and refreshSession answer with (kept as the secret `session`). */
interface Tokens {
  accessJwt: string;
  refreshJwt: string;
}

const XRPC = "/xrpc/";
const xrpc = (apiUrl: string, method: string) => new URL(`${XRPC}${method}`, apiUrl).href;

function readTokens(res: PolledResponse): Tokens {
  const body = asObject(parseJson(res), "The session");
  const accessJwt = str(body.accessJwt);
  const refreshJwt = str(body.refreshJwt);
  if (!accessJwt || !refreshJwt) throw new BadBody("The session has no accessJwt or refreshJwt");
  return { accessJwt, refreshJwt };
}

function storedTokens(saved: string | undefined): Tokens | null {
  if (!saved) return null;
  try {
    const t = JSON.parse(saved) as Partial<Tokens>;
    return typeof t.accessJwt === "string" && typeof t.refreshJwt === "string"
      ? { accessJwt: t.accessJwt, refreshJwt: t.refreshJwt }
      : null;
  } catch {
    return null;
  }
}

/** The XRPC error name of an answer ({ error, message }), if it has one. */
function xrpcError(res: PolledResponse): string | null {
  try {
    const body = JSON.parse(res.text) as { error?: unknown };
    return typeof body?.error === "string" ? body.error : null;
  } catch {
    return null;
  }
}

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

/** The post's web address: https://bsky.app/profile/{handle}/post/{record key}. */
function postUrl(uri: string, handle: string | null): string | null {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]+)$/.exec(uri);
  if (!m) return null;
  return `https://bsky.app/profile/${encodeURIComponent(handle ?? m[1])}/post/${m[2]}`;
}

/** sortAt as the search service uses it: the earlier of the record's createdAt and indexedAt. */
function sortAt(record: Record<string, unknown>, post: Record<string, unknown>): string | null {
  const times = [isoTime(record.createdAt), isoTime(post.indexedAt)].filter((t): t is string => !!t);
  if (!times.length) return null;
  return times.reduce((a, b) => (compareTime(a, b) <= 0 ? a : b));
}

export const blueskyConnector: Connector<"bluesky"> = {
  kind: "bluesky",
  feedbackSource: "bluesky",
  first(config, cursor) {
    const u = new URL(xrpc(config.apiUrl, "app.bsky.feed.searchPosts"));
    u.searchParams.set("q", config.query);
    u.searchParams.set("sort", "latest");
    u.searchParams.set("limit", "100");
    if (cursor) u.searchParams.set("since", cursor);
    return { url: u.href };
  },
  parse(res) {
    const body = asObject(parseJson(res), "The search answer");
    const posts = asArray(body.posts, "posts");
    const items: PolledItem[] = [];
    for (const raw of posts) {
      const p = asObject(raw, "A post");
      const uri = str(p.uri);
      if (!uri?.startsWith("at://")) continue;
      const record = objectOr(p.record);
      const author = objectOr(p.author);
      const text = str(record.text)?.trim();
      if (!text) continue;
      const handle = str(author.handle);
      const mark = sortAt(record, p);
      items.push({
        externalId: uri,
        title: null,
        // Post text is plain text (links and mentions are facets over it), never HTML.
        text,
        url: postUrl(uri, handle),
        handle: handle ? `@${handle}` : null,
        receivedAt: isoTime(record.createdAt) ?? mark,
        ...(mark ? { mark } : {}),
      });
    }
    const next = str(body.cursor);
    if (!next || !posts.length) return { items, next: null };
    const u = new URL(res.url);
    u.searchParams.set("cursor", next);
    return { items, next: { url: u.href } };
  },
  compare: compareTime,
  /** 429 without Retry-After: the ratelimit-reset header (seconds since the epoch) says when to come back. */
  rateLimitWaitMs(res, now) {
    if (res.status !== 429) return null;
    const retryAfter = parseRetryAfter(res.headers["retry-after"], now);
    if (retryAfter !== null) return retryAfter;
    const reset = Number(res.headers["ratelimit-reset"]);
    return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now.getTime()) : null;
  },
  session: {
    async open({ config, secrets, post }, renew) {
      const saved = storedTokens(secrets.session);
      if (saved && !renew) return { headers: bearer(saved.accessJwt) };
      if (saved) {
        const refreshed = await post(
          xrpc(config.apiUrl, "com.atproto.server.refreshSession"),
          undefined,
          bearer(saved.refreshJwt),
        );
        if (refreshed.status >= 200 && refreshed.status < 300) {
          const tokens = readTokens(refreshed);
          return { headers: bearer(tokens.accessJwt), save: JSON.stringify(tokens) };
        }
        // The refresh token expired or was revoked: sign in again below.
      }
      if (!secrets.appPassword) {
        throw new SourceFailure("auth_missing", "Set the account's app password to search Bluesky");
      }
      const created = await post(xrpc(config.apiUrl, "com.atproto.server.createSession"), {
        identifier: config.identifier,
        password: secrets.appPassword,
      });
      if (created.status < 200 || created.status > 299) return { failed: created };
      const tokens = readTokens(created);
      return { headers: bearer(tokens.accessJwt), save: JSON.stringify(tokens) };
    },
    expired: (res) =>
      (res.status === 400 || res.status === 401) &&
      ["ExpiredToken", "InvalidToken", "AuthenticationRequired"].includes(xrpcError(res) ?? ""),
  },
};
