import {
  asArray,
  asObject,
  type Connector,
  compareNumeric,
  htmlToText,
  isoTime,
  objectOr,
  type PolledItem,
  parseJson,
  parseLinkHeader,
  sameOrigin,
  str,
} from "./connector.ts";

/**
 * A hashtag timeline on any Mastodon instance (GET /api/v1/timelines/tag/:hashtag). The first poll takes the
 * latest page; later polls ask for what came after the newest id seen (min_id) and follow the Link header's
 * rel="prev" (newer) pages until one comes back empty. An optional token is sent as a bearer token.
 */
export const mastodonConnector: Connector<"mastodon"> = {
  kind: "mastodon",
  feedbackSource: "mastodon",
  first(config, cursor) {
    const u = new URL(`/api/v1/timelines/tag/${encodeURIComponent(config.hashtag)}`, config.instanceUrl);
    u.searchParams.set("limit", "40");
    if (cursor) u.searchParams.set("min_id", cursor);
    return { url: u.href };
  },
  parse(res, _config, cursor) {
    const statuses = asArray(parseJson(res), "The timeline");
    const items: PolledItem[] = [];
    for (const raw of statuses) {
      const s = asObject(raw, "A status");
      const id = str(s.id);
      if (!id || !/^\d+$/.test(id)) continue;
      if (s.reblog) continue; // a boost repeats someone else's post
      const account = objectOr(s.account);
      const warning = str(s.spoiler_text);
      const body = htmlToText(str(s.content) ?? "");
      const text = [warning ? `CW: ${warning}` : null, body].filter(Boolean).join("\n\n");
      if (!text) continue;
      const url = str(s.url) ?? str(s.uri);
      items.push({
        externalId: id,
        title: null,
        text,
        url: url && /^https?:\/\//.test(url) ? url : null,
        handle: str(account.acct) ? `@${account.acct}` : null,
        receivedAt: isoTime(s.created_at),
        mark: id,
      });
    }
    // Without a cursor: the latest page only. With one: newer pages until an empty one.
    const next =
      cursor && statuses.length ? sameOrigin(parseLinkHeader(res.headers.link).prev, res.url) : null;
    return { items, next };
  },
  compare: compareNumeric,
  headers: (secrets): Record<string, string> =>
    secrets.token ? { authorization: `Bearer ${secrets.token}` } : {},
};
