import type { IncomingMessage } from "node:http";
import { FakeServer } from "./fake-server.ts";

/**
 * Fakes of the services the connectors poll, serving the shapes their documentation gives (fields the
 * connectors do not read included), with their pagination. Each keeps a list of posts; `add(n)` publishes
 * n newer ones.
 */
export interface ServiceFake {
  server: FakeServer;
  add(n: number): void;
  count(): number;
}

const BASE = Date.parse("2026-11-01T00:00:00Z");
const at = (i: number) => new Date(BASE + i * 60_000);

/** RSS 2.0 with an ETag and Last-Modified that change when an item is added (If-None-Match → 304). */
export function feedFake(format: "rss" | "atom" | "json" = "rss"): ServiceFake {
  let n = 0;
  const etag = () => `"v${n}"`;
  const item = (i: number) => ({
    id: `https://blog.example/posts/${i}`,
    title: `Post ${i} &amp; more`,
    html: `<p>Customers want <b>export ${i}</b> <a href="https://blog.example/x">here</a></p><script>alert(${i})</script>`,
    at: at(i),
  });
  const body = () => {
    const items = Array.from({ length: n }, (_, k) => item(n - k));
    if (format === "json")
      return JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "Blog",
        items: items.map((it) => ({
          id: it.id,
          url: it.id,
          title: it.title.replace("&amp;", "&"),
          content_html: it.html,
          date_published: it.at.toISOString(),
          authors: [{ name: "Jo" }],
        })),
      });
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    if (format === "atom")
      return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>urn:blog</id><updated>${at(n).toISOString()}</updated>${items
        .map(
          (it) =>
            `<entry><id>${it.id}</id><title type="html">${esc(it.title)}</title><link rel="alternate" href="${it.id}"/><updated>${it.at.toISOString()}</updated><author><name>Jo</name></author><content type="html">${esc(it.html)}</content></entry>`,
        )
        .join("")}</feed>`;
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Blog</title><link>https://blog.example/</link><description>All posts</description>${items
      .map(
        (it) =>
          `<item><title>${it.title}</title><link>${it.id}</link><guid isPermaLink="true">${it.id}</guid><pubDate>${it.at.toUTCString()}</pubDate><dc:creator>Jo</dc:creator><description>${esc(it.html)}</description></item>`,
      )
      .join("")}</channel></rss>`;
  };
  const server = new FakeServer((url, req: IncomingMessage) => {
    if (url.pathname !== "/feed") return null;
    const headers = { etag: etag(), "last-modified": at(n).toUTCString() };
    if (req.headers["if-none-match"] === etag()) return { status: 304, headers, body: "" };
    const type = format === "json" ? "application/feed+json" : `application/${format}+xml; charset=utf-8`;
    return { headers: { ...headers, "content-type": type }, body: body() };
  });
  return {
    server,
    add: (k) => {
      n += k;
    },
    count: () => n,
  };
}

/** Hacker News search (Algolia): search_by_date with tags, numericFilters=created_at_i>N, page/nbPages. */
export function hackerNewsFake(pageSize = 20): ServiceFake {
  let n = 0;
  const hit = (i: number) => {
    const t = Math.floor(at(i).getTime() / 1000);
    const comment = i % 3 === 0;
    return {
      created_at: new Date(t * 1000).toISOString(),
      created_at_i: t,
      title: comment ? null : `Show HN: Baton export ${i}`,
      url: comment ? null : `https://example.com/${i}`,
      author: `user${i}`,
      points: comment ? null : i,
      story_text: comment ? null : i % 2 ? `<p>We need <i>CSV</i> export ${i}</p>` : null,
      comment_text: comment
        ? `I&#x27;d love an export option <a href="https://x.example">x</a> (${i})`
        : null,
      num_comments: comment ? null : 0,
      story_id: comment ? 1000 : null,
      story_title: comment ? "Ask HN: product tools" : null,
      parent_id: comment ? 1000 : null,
      objectID: String(40_000_000 + i),
      _tags: [
        comment ? "comment" : "story",
        `author_user${i}`,
        comment ? "story_1000" : `story_${40_000_000 + i}`,
      ],
      _highlightResult: {},
    };
  };
  const server = new FakeServer((url) => {
    if (url.pathname !== "/api/v1/search_by_date") return null;
    const min = Number(/created_at_i>(\d+)/.exec(url.searchParams.get("numericFilters") ?? "")?.[1] ?? 0);
    const per = Math.min(Number(url.searchParams.get("hitsPerPage") ?? 20), pageSize);
    const page = Number(url.searchParams.get("page") ?? 0);
    const all = Array.from({ length: n }, (_, k) => hit(n - k)).filter((h) => h.created_at_i > min);
    const nbPages = Math.ceil(all.length / per);
    return {
      body: JSON.stringify({
        hits: all.slice(page * per, page * per + per),
        nbHits: all.length,
        page,
        nbPages,
        hitsPerPage: per,
        exhaustiveNbHits: true,
        query: url.searchParams.get("query"),
        params: url.search.slice(1),
        processingTimeMS: 1,
      }),
    };
  });
  return {
    server,
    add: (k) => {
      n += k;
    },
    count: () => n,
  };
}

/** Mastodon's tag timeline: newest first, limit, max_id/since_id/min_id, Link: <…max_id=…>; rel="next", <…min_id=…>; rel="prev". */
export function mastodonFake(): ServiceFake {
  let n = 0;
  const idOf = (i: number) => String(113_000_000_000_000_000n + BigInt(i));
  const status = (i: number, origin: string) => ({
    id: idOf(i),
    created_at: at(i).toISOString(),
    in_reply_to_id: null,
    sensitive: i % 5 === 0,
    spoiler_text: i % 5 === 0 ? "long rant" : "",
    visibility: "public",
    language: "en",
    uri: `${origin}/users/ann${i}/statuses/${idOf(i)}`,
    url: `${origin}/@ann${i}/${idOf(i)}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 1,
    content: `<p>Wish <a href="${origin}/tags/baton" class="mention hashtag" rel="tag">#<span>baton</span></a> had dark mode (${i})</p>`,
    reblog: null,
    account: {
      id: String(i),
      username: `ann${i}`,
      acct: `ann${i}@other.example`,
      display_name: "Ann",
      url: `${origin}/@ann${i}`,
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: "baton", url: `${origin}/tags/baton` }],
    emojis: [],
  });
  const server: FakeServer = new FakeServer((url) => {
    const m = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (!m) return null;
    const q = url.searchParams;
    const limit = Math.min(Number(q.get("limit") ?? 20), 40);
    let list = Array.from({ length: n }, (_, k) => n - k); // newest first
    const big = (v: string | null) => (v ? BigInt(v) : null);
    const maxId = big(q.get("max_id"));
    const sinceId = big(q.get("since_id"));
    const minId = big(q.get("min_id"));
    const id = (i: number) => BigInt(idOf(i));
    if (maxId !== null) list = list.filter((i) => id(i) < maxId);
    if (sinceId !== null) list = list.filter((i) => id(i) > sinceId);
    // min_id: the page immediately after it (oldest of the newer ones), still answered newest first.
    if (minId !== null) list = list.filter((i) => id(i) > minId).slice(-limit);
    else list = list.slice(0, limit);
    const statuses = list.map((i) => status(i, server.origin));
    const base = `${server.origin}${url.pathname}?limit=${limit}`;
    const headers: Record<string, string> = {};
    if (statuses.length)
      headers.link = `<${base}&max_id=${statuses.at(-1)?.id}>; rel="next", <${base}&min_id=${statuses[0].id}>; rel="prev"`;
    return { headers, body: JSON.stringify(statuses) };
  });
  return {
    server,
    add: (k) => {
      n += k;
    },
    count: () => n,
  };
}

/** GitHub's repository issues: since (updated at or after), sort=updated&direction=asc, per_page/page, Link, rate-limit headers; pull requests mixed in. */
export function gitHubFake(pageSize = 30): ServiceFake {
  let n = 0;
  const issue = (i: number, origin: string) => ({
    id: 2_000_000 + i,
    node_id: `I_${i}`,
    url: `${origin}/repos/acme/app/issues/${i}`,
    html_url: `https://github.com/acme/app/issues/${i}`,
    number: i,
    state: "open",
    title: `Feature request ${i}`,
    body: i % 4 === 0 ? null : `Please add **bulk edit** (${i})`,
    user: { login: `dev${i}`, id: i, type: "User" },
    labels: [],
    comments: 0,
    created_at: at(i)
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z"),
    updated_at: at(i)
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z"),
    closed_at: null,
    author_association: "NONE",
    ...(i % 7 === 0 ? { pull_request: { url: `${origin}/repos/acme/app/pulls/${i}` } } : {}),
  });
  const server: FakeServer = new FakeServer((url) => {
    if (url.pathname !== "/repos/acme/app/issues") return null;
    const q = url.searchParams;
    const since = q.get("since") ? Date.parse(q.get("since") as string) : 0;
    const per = Math.min(Number(q.get("per_page") ?? 30), pageSize);
    const page = Number(q.get("page") ?? 1);
    const all = Array.from({ length: n }, (_, k) => k + 1).filter((i) => at(i).getTime() >= since);
    const last = Math.max(1, Math.ceil(all.length / per));
    const body = all.slice((page - 1) * per, page * per).map((i) => issue(i, server.origin));
    const link = (p: number) => {
      const u = new URL(url);
      u.searchParams.set("page", String(p));
      return u.href;
    };
    const rels = [
      page < last ? `<${link(page + 1)}>; rel="next"` : null,
      page < last ? `<${link(last)}>; rel="last"` : null,
    ];
    return {
      headers: {
        ...(rels.some(Boolean) ? { link: rels.filter(Boolean).join(", ") } : {}),
        "x-ratelimit-limit": "60",
        "x-ratelimit-remaining": "59",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      },
      body: JSON.stringify(body),
    };
  });
  return {
    server,
    add: (k) => {
      n += k;
    },
    count: () => n - Math.floor(n / 7),
  };
}

/** The App Store's customer-review feed in JSON: the app's own entry first, then reviews newest first, 50 a page, pages 1–10. */
export function appStoreFake(pageSize = 50): ServiceFake {
  let n = 0;
  const review = (i: number) => ({
    author: {
      uri: { label: `https://itunes.apple.com/us/reviews/id${i}` },
      name: { label: `reviewer${i}` },
      label: "",
    },
    updated: {
      label: at(i)
        .toISOString()
        .replace("Z", "-07:00")
        .replace(/\.\d{3}/, ""),
    },
    "im:rating": { label: String((i % 5) + 1) },
    "im:version": { label: "3.2" },
    id: { label: String(11_000_000_000 + i) },
    title: { label: `Review ${i}` },
    content: { label: `Crashes when I export (${i})`, attributes: { type: "text" } },
    link: {
      attributes: { rel: "related", href: `https://itunes.apple.com/us/review?id=1&type=Purple%20Software` },
    },
    "im:voteSum": { label: "0" },
    "im:contentType": { attributes: { term: "Application", label: "Application" } },
    "im:voteCount": { label: "0" },
  });
  const app = {
    "im:name": { label: "Baton" },
    id: {
      label: "https://apps.apple.com/us/app/baton/id123456",
      attributes: { "im:id": "123456", "im:bundleId": "app.baton" },
    },
  };
  const server = new FakeServer((url) => {
    const m = /^\/([a-z]{2})\/rss\/customerreviews\/page=(\d+)\/id=(\d+)\/sortby=mostrecent\/json$/.exec(
      url.pathname,
    );
    if (!m) return null;
    const page = Number(m[2]);
    if (page > 10) return { status: 400, body: "CustomerReviews RSS page depth is limited to 10" };
    const all = Array.from({ length: n }, (_, k) => n - k);
    const slice = all.slice((page - 1) * pageSize, page * pageSize).map(review);
    const entries = page === 1 ? [app, ...slice] : slice;
    const feed: Record<string, unknown> = {
      author: { name: { label: "iTunes Store" }, uri: { label: "http://www.apple.com/itunes/" } },
      updated: { label: at(n).toISOString() },
      title: { label: "iTunes Store: Customer Reviews" },
      link: [{ attributes: { rel: "alternate", type: "text/html", href: "https://apps.apple.com/" } }],
      id: { label: url.href },
    };
    if (entries.length === 1) feed.entry = entries[0];
    else if (entries.length) feed.entry = entries;
    return { body: JSON.stringify({ feed }) };
  });
  return {
    server,
    add: (k) => {
      n += k;
    },
    count: () => n,
  };
}

/**
 * Bluesky as an app-password client sees it: com.atproto.server.createSession (POST { identifier, password }
 * → accessJwt, refreshJwt, handle, did), com.atproto.server.refreshSession (POST, Bearer refreshJwt), and
 * app.bsky.feed.searchPosts (Bearer accessJwt; q, sort=latest, since on sortAt inclusive, limit ≤ 100, an
 * opaque cursor; { cursor?, hitsTotal, posts: PostView[] }). Every answer carries the ratelimit-* headers;
 * errors are XRPC's { error, message } (400 ExpiredToken, 401 AuthenticationRequired / InvalidToken,
 * 401 AuthenticationRequired "Invalid identifier or password").
 */
export interface BlueskyFake extends ServiceFake {
  /** Every access token handed out so far stops working (400 ExpiredToken); `refresh` too for refresh tokens. */
  expire(what: { refresh?: boolean }): void;
  /** Sessions created (sign-ins) and refreshed. */
  logins(): number;
  refreshes(): number;
  /** Pages overlap by one post (the search index moved between two pages). */
  overlap: boolean;
}

export function blueskyFake(
  account = { identifier: "baton.example.com", password: "abcd-efgh-ijkl-mnop" },
  pageSize = 100,
): BlueskyFake {
  let n = 0;
  let logins = 0;
  let refreshes = 0;
  let issued = 0;
  const live = { access: new Set<string>(), refresh: new Set<string>() };
  const did = (i: number) => `did:plc:user${String(i).padStart(20, "0")}`;
  const rkey = (i: number) => `3l${(1_000_000_000 + i).toString(36)}`;
  /** sortAt is the earlier of createdAt and indexedAt (indexedAt 2 s later here). */
  const post = (i: number) => ({
    uri: `at://${did(i)}/app.bsky.feed.post/${rkey(i)}`,
    cid: `bafyreib${i.toString(36).padStart(10, "a")}`,
    author: {
      did: did(i),
      handle: `fan${i}.bsky.social`,
      displayName: `Fan ${i}`,
      avatar: `https://cdn.bsky.app/img/avatar/plain/${did(i)}/x@jpeg`,
      labels: [],
      createdAt: "2024-01-01T00:00:00.000Z",
    },
    record: {
      $type: "app.bsky.feed.post",
      text: `Baton's roadmap view is great, but I'd love a dark mode & a CSV export (${i})`,
      createdAt: at(i).toISOString(),
      langs: ["en"],
      facets: [],
    },
    replyCount: 0,
    repostCount: i % 3,
    likeCount: i % 7,
    quoteCount: 0,
    indexedAt: new Date(at(i).getTime() + 2000).toISOString(),
    labels: [],
  });
  const limits = () => ({
    "ratelimit-limit": "3000",
    "ratelimit-remaining": "2999",
    "ratelimit-reset": String(Math.floor(Date.now() / 1000) + 300),
    "ratelimit-policy": "3000;w=300",
  });
  const xrpcError = (status: number, error: string, message: string) => ({
    status,
    headers: limits(),
    body: JSON.stringify({ error, message }),
  });
  const session = () => {
    issued++;
    const tokens = { accessJwt: `access-${issued}`, refreshJwt: `refresh-${issued}` };
    live.access.add(tokens.accessJwt);
    live.refresh.add(tokens.refreshJwt);
    return {
      headers: limits(),
      body: JSON.stringify({
        ...tokens,
        handle: "baton.example.com",
        did: "did:plc:batonexample00000000000",
        email: "pm@baton.example",
        emailConfirmed: true,
        active: true,
      }),
    };
  };
  const bearer = (req: IncomingMessage) => /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;
  const fake: BlueskyFake = {
    overlap: false,
    server: new FakeServer((url, req, body) => {
      const method = url.pathname.replace(/^\/xrpc\//, "");
      if (method === "com.atproto.server.createSession") {
        if (req.method !== "POST") return xrpcError(400, "InvalidRequest", "Use POST");
        let input: { identifier?: string; password?: string } = {};
        try {
          input = JSON.parse(body);
        } catch {
          return xrpcError(400, "InvalidRequest", "Invalid JSON body");
        }
        if (input.identifier !== account.identifier || input.password !== account.password)
          return xrpcError(401, "AuthenticationRequired", "Invalid identifier or password");
        logins++;
        return session();
      }
      if (method === "com.atproto.server.refreshSession") {
        if (req.method !== "POST") return xrpcError(400, "InvalidRequest", "Use POST");
        const token = bearer(req);
        if (!token || !live.refresh.has(token)) return xrpcError(400, "ExpiredToken", "Token has expired");
        live.refresh.delete(token);
        refreshes++;
        return session();
      }
      if (method !== "app.bsky.feed.searchPosts") return null;
      const token = bearer(req);
      if (!token) return xrpcError(401, "AuthenticationRequired", "Authentication Required");
      if (!live.access.has(token)) return xrpcError(400, "ExpiredToken", "Token has expired");
      const q = url.searchParams;
      if (!q.get("q")) return xrpcError(400, "InvalidRequest", 'Error: Params must have the property "q"');
      const limit = Math.min(Number(q.get("limit") ?? 25), 100, pageSize);
      const since = q.get("since") ? Date.parse(q.get("since") as string) : 0;
      const offset = Number(q.get("cursor") ?? 0);
      const all = Array.from({ length: n }, (_, k) => n - k).filter((i) => at(i).getTime() >= since);
      const from = fake.overlap && offset > 0 ? offset - 1 : offset;
      const page = all.slice(from, offset + limit).map(post);
      const next = offset + limit < all.length ? String(offset + limit) : undefined;
      return {
        headers: limits(),
        body: JSON.stringify({ ...(next ? { cursor: next } : {}), hitsTotal: all.length, posts: page }),
      };
    }),
    add: (k) => {
      n += k;
    },
    count: () => n,
    expire({ refresh }) {
      live.access.clear();
      if (refresh) live.refresh.clear();
    },
    logins: () => logins,
    refreshes: () => refreshes,
  };
  return fake;
}
