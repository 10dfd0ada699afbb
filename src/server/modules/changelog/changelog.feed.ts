import { generateAtomFeed, generateRssFeed } from "feedsmith";
import { Marked, type Tokens } from "marked";
import type { PublicChangelog } from "../../../shared/loop.schemas.ts";
import { escapeHtml } from "../../lib/mail-html.ts";

/**
 * The public changelog as RSS 2.0 and Atom 1.0 (feedsmith). Entry bodies are Markdown rendered to HTML made
 * safe here, without a DOM: raw HTML in the Markdown is escaped (shown as text, never markup), links keep only
 * http(s) and mailto targets, images become links (a feed reader loads nothing from the author).
 */

const markdown = new Marked({ gfm: true, breaks: true, async: false });
markdown.use({
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens);
      return /^(https?:|mailto:)/i.test(token.href)
        ? `<a href="${escapeHtml(token.href)}">${inner}</a>`
        : inner;
    },
    image(token: Tokens.Image) {
      const label = escapeHtml(token.text || "image");
      return /^https?:/i.test(token.href) ? `<a href="${escapeHtml(token.href)}">[${label}]</a>` : label;
    },
  },
});

/** Markdown → HTML safe to hand to feed readers (see above). */
export function markdownToSafeHtml(md: string): string {
  return markdown.parse(md) as string;
}

type Changelog = PublicChangelog & { updatedAt: string };
interface Urls {
  page: string;
  rss: string;
  atom: string;
  entry: (id: string) => string;
}

const feedTitle = (c: Changelog) => `${c.productName} changelog`;

export function changelogRss(c: Changelog, urls: Urls): string {
  return generateRssFeed({
    title: feedTitle(c),
    link: urls.page,
    description: `What's new in ${c.productName} (${c.workspaceName})`,
    lastBuildDate: new Date(c.updatedAt),
    atom: { links: [{ href: urls.rss, rel: "self", type: "application/rss+xml" }] },
    items: c.entries.map((e) => ({
      title: e.title,
      link: urls.entry(e.id),
      guid: { value: `urn:uuid:${e.id}`, isPermaLink: false },
      pubDate: new Date(e.publishedAt),
      description: markdownToSafeHtml(e.body),
    })),
  });
}

export function changelogAtom(c: Changelog, urls: Urls): string {
  return generateAtomFeed({
    id: urls.page,
    title: { value: feedTitle(c), type: "text" },
    subtitle: { value: `What's new in ${c.productName} (${c.workspaceName})`, type: "text" },
    updated: new Date(c.updatedAt),
    links: [
      { href: urls.page, rel: "alternate", type: "text/html" },
      { href: urls.atom, rel: "self", type: "application/atom+xml" },
    ],
    authors: [{ name: c.workspaceName }],
    entries: c.entries.map((e) => ({
      id: `urn:uuid:${e.id}`,
      title: { value: e.title, type: "text" },
      updated: new Date(e.publishedAt),
      published: new Date(e.publishedAt),
      links: [{ href: urls.entry(e.id), rel: "alternate", type: "text/html" }],
      content: { value: markdownToSafeHtml(e.body), type: "html" },
    })),
  });
}
