import type { Similar } from "../../../shared/themes.schemas.ts";
import { STOP_WORDS, stem, textSimilarity, tokenize } from "../../../shared/themes.ts";
import type { Db } from "../../db/client.ts";
import { AppError, notFoundField } from "../../errors.ts";
import { findSimilarIdeas } from "../ideas/similar.service.ts";
import { getProduct } from "../products/products.service.ts";
import { selectSimilarItems } from "./themes.queries.ts";

/**
 * "Similar items while typing" (docs/FEEDBACK.md): the feedback items and ideas most like a text being typed.
 * PostgreSQL full-text search over the existing `search` vectors (GIN) finds candidates; they are re-ranked
 * by the cosine of their words with the typed text, so a near-duplicate comes first.
 */

/** Most words used in the search queries. */
const MAX_WORDS = 6;
/** Matches read per kind before ranking, and the best of them re-ranked in JS. */
const POOL = 200;
const RERANK = 30;

interface Word {
  /** As typed, lower case. */
  word: string;
  /** Plural stripped (words of four letters or more). */
  base: string;
  /** The last word while it is being typed (no space after it yet). */
  typing: boolean;
  order: number;
}

/** The meaningful words of a typed text (at most six, the longest: they tend to be the rarest), in the order typed. */
function pickWords(text: string): Word[] {
  const raw = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const typing = /[\p{L}\p{N}]$/u.test(text);
  const seen = new Set<string>();
  const words: Word[] = [];
  raw.forEach((w, i) => {
    const plain = w.normalize("NFKD").replace(/\p{M}+/gu, "");
    if (w.length < 2 || STOP_WORDS.has(plain) || /^\p{N}+$/u.test(w)) return;
    const base = w.length >= 4 ? stem(w) : w;
    if (seen.has(base)) return;
    seen.add(base);
    words.push({ word: w, base, typing: typing && i === raw.length - 1, order: i });
  });
  return words
    .sort((a, b) => b.word.length - a.word.length || a.order - b.order)
    .slice(0, MAX_WORDS)
    .sort((a, b) => a.order - b.order);
}

/**
 * The meaningful words of a typed text as text-search terms (at most six, the longest: they tend to be the
 * rarest), in the order typed. Words are lower-cased, stop words and numbers dropped, plurals stripped; words
 * of four letters or more, and the last one while it is being typed, match as prefixes (`export:*`).
 */
export function searchTerms(text: string): string[] {
  // Judged on the word as typed: "rows" (stem "row") is a four-letter word and finds "row" and "rows".
  return pickWords(text).map((w) => (w.word.length >= 4 || w.typing ? `${w.base}:*` : w.base));
}

/**
 * The cheapest query, tried before the tiers: every word exactly as typed (only the word being typed as a
 * prefix), or null when that is the first tier itself. A near-duplicate usually repeats the very words, and
 * exact terms are cheap for the GIN index, while each prefix term makes it collect every matching entry's items
 * first (~20 ms for six common words at 100,000 items on PGlite): the tiers run only when this finds too few.
 */
export function exactQuery(text: string): string | null {
  const words = pickWords(text);
  if (!words.length) return null;
  const terms = words.map((w) => (w.typing ? `${w.base}:*` : w.word));
  const all = terms.length === 1 ? terms[0] : `(${terms.join(" & ")})`;
  return all === similarityQueries(text)[0] ? null : all;
}

/** Every way to pick `k` of the terms, ANDed; the picks ORed. */
function anyOf(terms: string[], k: number): string {
  const out: string[] = [];
  const pick = (from: number, chosen: string[]) => {
    if (chosen.length === k) {
      out.push(k === 1 ? chosen[0] : `(${chosen.join(" & ")})`);
      return;
    }
    for (let i = from; i <= terms.length - (k - chosen.length); i++) pick(i + 1, [...chosen, terms[i]]);
  };
  pick(0, []);
  return out.join(" | ");
}

/**
 * The text-search queries for a typed text, strictest first: every word, every word but one, any two, any one
 * (duplicates left out). The caller stops at the first that finds enough: a near-duplicate shares (almost)
 * every word and the strict queries are selective for the GIN index even when single words are common.
 */
export function similarityQueries(text: string): string[] {
  const terms = searchTerms(text);
  const n = terms.length;
  const tiers = [n, n - 1, 2, 1].filter((k) => k >= 1 && k <= n).map((k) => anyOf(terms, k));
  return [...new Set(tiers)];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** How alike a typed text is to a stored one: the better of its similarity to the title and to title + text. */
function scoreOf(typed: string[], title: string | null, body: string) {
  const all = tokenize(`${title ?? ""}\n${body}`);
  const byTitle = title ? textSimilarity(typed, tokenize(title)) : 0;
  return round3(Math.max(byTitle, textSimilarity(typed, all)));
}

/** The `limit` feedback items and ideas most like `text` (ideas of one product when given). */
export async function findSimilar(
  db: Db,
  workspaceId: string,
  q: { q: string; productId?: string; limit: number; exclude?: string },
): Promise<Similar> {
  if (q.productId) await getProduct(db, workspaceId, q.productId).catch(productField);
  const tiers = similarityQueries(q.q);
  if (!tiers.length) return { feedback: [], ideas: [] };
  const exact = exactQuery(q.q);
  const queries = exact ? [exact, ...tiers] : tiers;
  const typed = tokenize(q.q);
  // Per kind one statement: the queries strictest first, each reading ≤ POOL matches, until RERANK candidates are
  // found. Both kinds at once (PostgreSQL runs them on two connections; PGlite one after the other).
  const [itemRows, ideaRows] = await Promise.all([
    selectSimilarItems(db, workspaceId, queries, q.exclude ?? null, POOL, RERANK),
    findSimilarIdeas(db, workspaceId, queries, q.productId ?? null, { pool: POOL, limit: RERANK }),
  ]);
  const seen = new Set<string>();
  const found = { items: itemRows.filter((r) => !seen.has(r.id) && seen.add(r.id)), ideas: ideaRows };
  const feedback = found.items
    .map((r) => ({
      id: r.id,
      title: r.title,
      excerpt: r.text.slice(0, 200),
      status: r.status as Similar["feedback"][number]["status"],
      receivedAt: new Date(r.receivedAt).toISOString(),
      score: scoreOf(typed, r.title, r.text),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, q.limit);
  const ideas = found.ideas
    .map((r) => ({
      id: r.id,
      productId: r.productId,
      number: r.number,
      title: r.title,
      status: r.status,
      score: scoreOf(typed, r.title, r.description),
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, q.limit);
  return { feedback, ideas };
}

function productField(err: unknown): never {
  throw err instanceof AppError && err.code === "not_found" ? notFoundField("productId") : err;
}
