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

/** Most words used in the search query (the longest ones: they tend to be the rarest). */
const MAX_WORDS = 6;
/** Matches read per kind before ranking, and the best of them re-ranked in JS. */
const POOL = 200;
const RERANK = 30;

/**
 * The text-search query for a typed text, or null when it has no meaningful word. Words are lower-cased,
 * stop words and numbers dropped, plurals stripped; words of four letters or more (and the last, still being
 * typed) match as prefixes. Two words must both match; with three or more, any two of them must (an OR of
 * pairs): selective enough for the GIN index, forgiving enough for a rephrased duplicate. `loose` asks for any one.
 */
export function similarityQuery(text: string, loose = false): string | null {
  const raw = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const typing = /[\p{L}\p{N}]$/u.test(text);
  const seen = new Set<string>();
  const words: { term: string; order: number; length: number }[] = [];
  raw.forEach((w, i) => {
    const plain = w.normalize("NFKD").replace(/\p{M}+/gu, "");
    if (w.length < 2 || STOP_WORDS.has(plain) || /^\p{N}+$/u.test(w)) return;
    const last = typing && i === raw.length - 1;
    const base = w.length >= 4 ? stem(w) : w;
    const term = base.length >= 4 || last ? `${base}:*` : base;
    if (seen.has(base)) return;
    seen.add(base);
    words.push({ term, order: i, length: w.length });
  });
  const picked = words
    .sort((a, b) => b.length - a.length || a.order - b.order)
    .slice(0, MAX_WORDS)
    .sort((a, b) => a.order - b.order)
    .map((w) => w.term);
  if (!picked.length) return null;
  if (picked.length === 1) return picked[0];
  if (loose) return picked.join(" | ");
  if (picked.length === 2) return `${picked[0]} & ${picked[1]}`;
  const pairs: string[] = [];
  for (let a = 0; a < picked.length; a++)
    for (let b = a + 1; b < picked.length; b++) pairs.push(`(${picked[a]} & ${picked[b]})`);
  return pairs.join(" | ");
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
  const strict = similarityQuery(q.q);
  if (!strict) return { feedback: [], ideas: [] };
  const typed = tokenize(q.q);
  const find = async (tsq: string) => ({
    items: await selectSimilarItems(db, workspaceId, tsq, q.exclude ?? null, POOL, RERANK),
    ideas: await findSimilarIdeas(db, workspaceId, tsq, q.productId ?? null, { pool: POOL, limit: RERANK }),
  });
  let found = await find(strict);
  if (!found.items.length && !found.ideas.length) {
    const loose = similarityQuery(q.q, true);
    if (loose && loose !== strict) found = await find(loose);
  }
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
