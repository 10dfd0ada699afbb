import {
  asObject,
  BadBody,
  type Connector,
  compareNumeric,
  isoTime,
  objectOr,
  type PolledItem,
  parseJson,
  str,
} from "./connector.ts";

/** The App Store serves at most 10 pages of 50 reviews. */
const LAST_PAGE = 10;

/**
 * App Store customer reviews of one app in one country, from Apple's RSS feed in JSON
 * (/{country}/rss/customerreviews/page={n}/id={appId}/sortby=mostrecent/json), newest first: pages are read
 * until one holds a review already seen (review ids grow) or the tenth.
 */
export const appStoreConnector: Connector<"appstore"> = {
  kind: "appstore",
  feedbackSource: "appstore",
  first: (config) => ({ url: pageUrl(config, 1) }),
  parse(res, config, cursor) {
    const body = asObject(parseJson(res), "The review feed");
    const feed = asObject(body.feed, "feed");
    // One entry comes as an object, none as no key at all.
    const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
    const items: PolledItem[] = [];
    let reachedSeen = false;
    for (const raw of entries) {
      const e = asObject(raw, "An entry");
      if (!e["im:rating"]) continue; // the app's own description, not a review
      const id = label(e.id);
      if (!id || !/^\d+$/.test(id)) throw new BadBody("A review has no numeric id");
      if (cursor && compareNumeric(id, cursor) <= 0) {
        reachedSeen = true;
        continue;
      }
      const rating = label(e["im:rating"]);
      const author = objectOr(e.author);
      const text = (label(e.content) ?? "").trim() || label(e.title);
      if (!text) continue;
      items.push({
        externalId: id,
        title: label(e.title),
        text,
        url: `https://apps.apple.com/${config.country}/app/id${config.appId}`,
        handle: label(author.name),
        receivedAt: isoTime(label(e.updated)),
        mark: id,
        tags: rating && /^[1-5]$/.test(rating) ? [`rating-${rating}`] : [],
      });
    }
    const page = Number(/\/page=(\d+)\//.exec(new URL(res.url).pathname)?.[1] ?? LAST_PAGE);
    const next =
      !reachedSeen && entries.length && page < LAST_PAGE ? { url: pageUrl(config, page + 1) } : null;
    return { items, next };
  },
  compare: compareNumeric,
};

const label = (v: unknown) => str((v as { label?: unknown } | null)?.label);
const pageUrl = (c: { apiUrl: string; country: string; appId: string }, n: number) =>
  new URL(`/${c.country}/rss/customerreviews/page=${n}/id=${c.appId}/sortby=mostrecent/json`, c.apiUrl).href;
