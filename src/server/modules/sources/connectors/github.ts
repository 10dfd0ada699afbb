import { parseRetryAfter } from "../../../lib/http/politeness.ts";
import {
  asArray,
  asObject,
  type Connector,
  compareTime,
  isoTime,
  objectOr,
  type PolledItem,
  parseJson,
  parseLinkHeader,
  sameOrigin,
  str,
} from "./connector.ts";

/**
 * Issues of a GitHub repository (GET /repos/:owner/:repo/issues, pull requests left out), updated since the
 * cursor, oldest update first, following the Link header's rel="next". The token is optional (60 requests an
 * hour without one); an exhausted rate limit (403/429 with x-ratelimit-remaining: 0) waits for its reset.
 */
export const gitHubConnector: Connector<"github"> = {
  kind: "github",
  feedbackSource: "github",
  first(config, cursor) {
    const u = new URL(
      `/repos/${encodeURIComponent(config.owner)}/${encodeURIComponent(config.repo)}/issues`,
      config.apiUrl,
    );
    u.searchParams.set("state", "all");
    u.searchParams.set("sort", "updated");
    u.searchParams.set("direction", "asc");
    u.searchParams.set("per_page", "100");
    if (cursor) u.searchParams.set("since", cursor);
    return { url: u.href };
  },
  parse(res) {
    const issues = asArray(parseJson(res), "The issues");
    const items: PolledItem[] = [];
    for (const raw of issues) {
      const i = asObject(raw, "An issue");
      if (i.pull_request) continue;
      const id = str(i.id);
      const updated = isoTime(i.updated_at);
      if (!id || !updated) continue;
      const title = str(i.title);
      const text = (str(i.body) ?? "").trim() || title;
      if (!text) continue;
      const url = str(i.html_url);
      items.push({
        externalId: id,
        title,
        // Issue bodies are Markdown already; the inbox renders Markdown sanitized.
        text,
        url: url && /^https?:\/\//.test(url) ? url : null,
        handle: str(objectOr(i.user).login),
        receivedAt: isoTime(i.created_at),
        mark: updated,
      });
    }
    return { items, next: sameOrigin(parseLinkHeader(res.headers.link).next, res.url) };
  },
  compare: compareTime,
  headers: (secrets) => ({
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
    ...(secrets.token ? { authorization: `Bearer ${secrets.token}` } : {}),
  }),
  rateLimitWaitMs(res, now) {
    if (res.status !== 403 && res.status !== 429) return null;
    const retryAfter = parseRetryAfter(res.headers["retry-after"], now);
    if (retryAfter !== null) return retryAfter;
    if (res.headers["x-ratelimit-remaining"] !== "0") return null;
    const reset = Number(res.headers["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now.getTime()) : null;
  },
};
