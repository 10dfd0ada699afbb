import {
  asArray,
  asObject,
  BadBody,
  type Connector,
  compareNumeric,
  htmlToText,
  isoTime,
  type PolledItem,
  parseJson,
  str,
} from "./connector.ts";

/**
 * Hacker News through its public Algolia search API (search_by_date): stories and comments matching the
 * words, newer than the cursor (created_at_i), page by page (page / nbPages).
 */
export const hackerNewsConnector: Connector<"hackernews"> = {
  kind: "hackernews",
  feedbackSource: "hackernews",
  first(config, cursor) {
    const u = new URL("/api/v1/search_by_date", config.apiUrl);
    u.searchParams.set("query", config.query);
    u.searchParams.set("tags", config.tags === "both" ? "(story,comment)" : config.tags);
    u.searchParams.set("hitsPerPage", "100");
    if (cursor) u.searchParams.set("numericFilters", `created_at_i>${cursor}`);
    u.searchParams.set("page", "0");
    return { url: u.href };
  },
  parse(res) {
    const body = asObject(parseJson(res), "The search answer");
    const hits = asArray(body.hits, "hits");
    const page = Number(body.page);
    const nbPages = Number(body.nbPages);
    if (!Number.isInteger(page) || !Number.isInteger(nbPages)) throw new BadBody("page or nbPages missing");
    const items: PolledItem[] = [];
    for (const raw of hits) {
      const h = asObject(raw, "A hit");
      const id = str(h.objectID);
      const at = typeof h.created_at_i === "number" ? h.created_at_i : null;
      if (!id || at === null) throw new BadBody("A hit has no objectID or created_at_i");
      const isComment = str(h.comment_text) !== null;
      const title = isComment ? (str(h.story_title) ? `Re: ${h.story_title}` : null) : str(h.title);
      const text = htmlToText(str(h.comment_text) ?? str(h.story_text) ?? "") || title;
      if (!text) continue;
      items.push({
        externalId: id,
        title: title ? htmlToText(title) : null,
        text,
        url: `https://news.ycombinator.com/item?id=${encodeURIComponent(id)}`,
        handle: str(h.author),
        receivedAt: isoTime(h.created_at) ?? isoTime(at),
        mark: String(at),
      });
    }
    let next = null;
    if (page + 1 < nbPages && hits.length) {
      const u = new URL(res.url);
      u.searchParams.set("page", String(page + 1));
      next = { url: u.href };
    }
    return { items, next };
  },
  compare: compareNumeric,
};
