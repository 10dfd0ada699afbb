import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import type { PageConfig } from "../../../shared/monitoring.schemas.ts";

/**
 * A fetched HTML page → the text Baton compares: the readable text (Readability over linkedom's DOM) or what the
 * selector matches, with ignore-selectors removed; blocks become lines so diffs read like the page. Also the
 * heuristics for error and challenge pages, and the prices of a pricing page. Pure: no network, no database.
 */

/** Elements whose text is never content. */
const SKIP = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "IFRAME",
  "OBJECT",
  "CANVAS",
  "HEAD",
]);
/** Elements that start a new line. */
const BLOCK = new Set(
  (
    "ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION FIGURE FOOTER FORM H1 H2 " +
    "H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH THEAD TR UL OPTION BUTTON"
  ).split(" "),
);
const HEADING = /^H[1-6]$/;

/** One line of a page's text with the heading it sits under (for prices' plan names). */
export interface Block {
  text: string;
  heading: string | null;
  isHeading: boolean;
}

type El = {
  nodeType: number;
  tagName?: string;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  getAttribute?(n: string): string | null;
};

/** Walks a subtree: text in document order, a new block at every block element. */
function blocksOf(root: El, out: Block[] = [], state = { heading: null as string | null }): Block[] {
  let line = "";
  const flush = () => {
    const text = line.replace(/\s+/g, " ").trim();
    if (text) out.push({ text, heading: state.heading, isHeading: false });
    line = "";
  };
  const walk = (node: El) => {
    if (node.nodeType === 3) {
      line += node.textContent ?? "";
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node.tagName ?? "").toUpperCase();
    if (
      SKIP.has(tag) ||
      node.getAttribute?.("hidden") !== null ||
      node.getAttribute?.("aria-hidden") === "true"
    )
      return;
    if (HEADING.test(tag)) {
      flush();
      const text = (node.textContent ?? "").replace(/\s+/g, " ").trim();
      if (text) {
        state.heading = text;
        out.push({ text, heading: text, isHeading: true });
      }
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!);
    if (block) flush();
    else if (tag === "TD" || tag === "TH") line += " ";
  };
  walk(root);
  flush();
  return out;
}

export interface PageText {
  title: string;
  blocks: Block[];
  /** The blocks joined by newlines. */
  text: string;
  /** The selector matched nothing. */
  selectorMissing: boolean;
}

/**
 * Extracts a page's text by its config; `bodyText` is the whole page's (for the error-page heuristics). Without a
 * selector: an article-like page (an <article> element, or og:type article) goes through Readability; any other
 * page (landing, pricing, product pages, where Readability keeps one block and drops the cards) is its body
 * without navigation, footer, asides and consent banners. Readability costs ~5× the rest on a 100 kB page.
 */
export function extractPage(html: string, config: PageConfig): PageText & { bodyText: string } {
  const { document } = parseHTML(html);
  const title = (document.title ?? "").replace(/\s+/g, " ").trim();
  for (const sel of config.ignoreSelectors) {
    for (const el of safeQueryAll(document, sel)) el.remove();
  }
  const body = (document.body ?? document.documentElement) as unknown as El;
  if (config.selector) {
    const bodyText = joined(blocksOf(body));
    const matches = safeQueryAll(document, config.selector);
    const blocks: Block[] = [];
    const state = { heading: null as string | null };
    for (const m of matches) blocksOf(m as unknown as El, blocks, state);
    return { title, blocks, text: joined(blocks), selectorMissing: matches.length === 0, bodyText };
  }
  const article =
    !config.pricing &&
    (document.querySelector("article") !== null ||
      /article|blog|news/i.test(
        document.querySelector('meta[property="og:type"]')?.getAttribute("content") ?? "",
      ));
  if (article) {
    const bodyText = joined(blocksOf(body));
    // Readability changes the document it reads: the body's text above was taken first.
    const parsed = new Readability(document as unknown as Document, { serializer: (n: Node) => n }).parse();
    const content = parsed?.content as unknown as El | null | undefined;
    const blocks = content ? blocksOf(content) : [];
    if (joined(blocks).length >= bodyText.length * 0.25)
      return { title, blocks, text: joined(blocks), selectorMissing: false, bodyText };
    // Readability kept a sliver: the whole body instead, as for any other page.
    const again = parseHTML(html).document;
    for (const sel of [...config.ignoreSelectors, ...CHROME])
      for (const el of safeQueryAll(again, sel)) el.remove();
    const rest = blocksOf((again.body ?? again.documentElement) as unknown as El);
    return { title, blocks: rest, text: joined(rest), selectorMissing: false, bodyText };
  }
  for (const sel of CHROME) for (const el of safeQueryAll(document, sel)) el.remove();
  const blocks = blocksOf(body);
  const text = joined(blocks);
  return { title, blocks, text, selectorMissing: false, bodyText: text };
}

const joined = (blocks: Block[]) => blocks.map((b) => b.text).join("\n");

/** Page chrome that is not the product: navigation, footers, asides, cookie and consent banners. */
const CHROME = [
  "nav",
  "footer",
  "aside",
  "[role=navigation]",
  "[role=contentinfo]",
  "[role=complementary]",
  "[id*=cookie]",
  "[class*=cookie]",
  "[id*=consent]",
  "[class*=consent]",
];

function safeQueryAll(document: { querySelectorAll(s: string): ArrayLike<unknown> }, selector: string) {
  try {
    return Array.from(document.querySelectorAll(selector)) as { remove(): void }[];
  } catch {
    return [];
  }
}

/** Whether linkedom accepts the selector (a field error otherwise). */
export function selectorProblem(selector: string): string | null {
  const { document } = parseHTML("<html><body><p>x</p></body></html>");
  try {
    document.querySelectorAll(selector);
    return null;
  } catch {
    return "Not a valid CSS selector";
  }
}

const ERROR_PAGE =
  /\b(access denied|just a moment|attention required|checking your browser|verify(ing)? you are (a )?human|are you a robot|enable javascript and cookies|captcha|too many requests|rate limited|service unavailable|temporarily unavailable|bad gateway|gateway time-?out|internal server error|forbidden|page not found|request blocked|ddos protection)\b/i;

/**
 * Whether a 200 answer is really an error or challenge page (a CDN's "Just a moment…", "Access denied"): its title
 * or a short body says so, or the text shrank to a sliver of the previous snapshot's.
 */
export function looksLikeErrorPage(
  page: { title: string; bodyText: string; text: string },
  previousLength: number | null,
): string | null {
  const short = page.bodyText.length < 2000;
  if (ERROR_PAGE.test(page.title) || (short && ERROR_PAGE.test(page.bodyText.slice(0, 2000)))) {
    const what = (ERROR_PAGE.exec(page.title) ?? ERROR_PAGE.exec(page.bodyText))?.[0] ?? "an error";
    return `The page answered 200 but says "${what}" (an error or challenge page); nothing was compared`;
  }
  if (previousLength !== null && previousLength > 200 && page.text.length < previousLength * 0.1)
    return `The page's text shrank from ${previousLength} to ${page.text.length} characters (an error page?); nothing was compared`;
  return null;
}

// ---- prices ------------------------------------------------------------------------------------------------

export interface ObservedPrice {
  plan: string;
  price: number;
  currency: string;
  period: "month" | "year" | "once" | "other";
  unit?: string;
}

const SYMBOLS: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR" };
const CODES = "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|INR|BRL|PLN";
const AMOUNT = String.raw`(\d{1,3}(?:[,.\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const PRICE = new RegExp(
  String.raw`(?:(?:(${CODES})\s?)?([$€£¥₹])\s?${AMOUNT}|(${CODES})\s?${AMOUNT}|${AMOUNT}\s?(${CODES}|€))`,
  "g",
);
const PERIOD =
  /^\s*(?:\/|per|a|each)?\s*(?:(user|seat|member|agent|editor|host|person)s?\s*(?:\/|per|a|each)?\s*)?(mo|month|monthly|yr|year|annum|annually|yearly)?\b/i;

/** Reads "1,234.50", "1.234,50", "29" as a number. */
function amount(raw: string): number | null {
  let s = raw.replace(/\s/g, "");
  const lastSep = Math.max(s.lastIndexOf(","), s.lastIndexOf("."));
  if (lastSep >= 0 && s.length - lastSep - 1 <= 2) {
    s = `${s.slice(0, lastSep).replace(/[,.]/g, "")}.${s.slice(lastSep + 1)}`;
  } else s = s.replace(/[,.]/g, "");
  const n = Number(s);
  return Number.isFinite(n) && n < 1e10 ? n : null;
}

/**
 * Prices on a pricing page: currency symbols or codes with an amount, a period after it ("/mo", "per user/month",
 * "/year", in the same line or the next), the plan being the nearest heading before it. One price per plan and
 * period (the first).
 */
export function extractPrices(blocks: Block[]): ObservedPrice[] {
  const out: ObservedPrice[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.isHeading && !/\d/.test(b.text)) continue;
    for (const m of b.text.matchAll(PRICE)) {
      const currency = m[1] ?? (m[2] ? SYMBOLS[m[2]] : undefined) ?? m[4] ?? (m[7] === "€" ? "EUR" : m[7]);
      const value = amount(m[3] ?? m[5] ?? m[6] ?? "");
      if (!currency || value === null) continue;
      let after = b.text.slice((m.index ?? 0) + m[0].length);
      if (!after.trim() && blocks[i + 1]) after = blocks[i + 1]!.text;
      const p = PERIOD.exec(after);
      const word = p?.[2]?.toLowerCase();
      const period: ObservedPrice["period"] = !word
        ? /one[- ]time|once|lifetime/i.test(after.slice(0, 40))
          ? "once"
          : "other"
        : word.startsWith("mo")
          ? "month"
          : "year";
      const plan = (b.isHeading ? null : b.heading) ?? "Price";
      const key = `${plan.toLowerCase()}|${period}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        plan: plan.slice(0, 200),
        price: value,
        currency,
        period,
        ...(p?.[1] ? { unit: `per ${p[1].toLowerCase()}` } : {}),
      });
    }
  }
  return out.slice(0, 50);
}
