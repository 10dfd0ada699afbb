/**
 * Pure text similarity for feedback themes and "similar items while typing" (docs/FEEDBACK.md, Themes):
 * tokens, TF-IDF vectors, cosine similarity, average-linkage clustering, theme names, weekly buckets.
 * No node:*, no DOM, no database: the server runs it in steps, the tests check it against hand-computed cases.
 */

/** Common English and product-feedback filler words: they say nothing about what an item is about. */
export const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below " +
    "between both but by can cannot could did do does doing done down during each else even ever every few for " +
    "from further get gets got had has have having he her here hers him his how however i if in into is it its " +
    "itself just let lets like may me might more most much must my myself need needs no nor not now of off on " +
    "once only or other ought our ours out over own please pls really same she should so some such than thank " +
    "thanks that the their theirs them then there these they this those through thx to too under until up upon " +
    "us use used using very via want wants was we well were what when where which while who whom why will " +
    "with would yes yet you your yours yourself able would've i'm it's don't can't won't doesn't isn't hi hello " +
    "dear team guys"
  ).split(" "),
);

/** A light plural strip ("reports" → "report", not "class" or "status"): enough to match singular and plural. */
export function stem(word: string): string {
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * The words of a text that carry meaning: lower case, accents removed, letters and digits only, at least two
 * characters, not a stop word, not a bare number, plurals stripped. At most `max` words are read.
 */
export function tokenize(text: string, max = 400): string[] {
  const words =
    text
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (out.length >= max) break;
    if (w.length < 2 || STOP_WORDS.has(w) || /^\p{N}+$/u.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** A sparse vector: term → weight. */
export type SparseVector = Map<string, number>;

/** Document frequency of each term (in how many documents it occurs). */
export function documentFrequency(docs: readonly string[][]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}

/** Smoothed inverse document frequency: ln((1 + N) / (1 + df)) + 1, so a term in every document still counts 1. */
export const idf = (n: number, df: number) => Math.log((1 + n) / (1 + df)) + 1;

/**
 * TF-IDF vectors of tokenized documents, L2-normalized (so the cosine of two is their dot product): raw term
 * count × smoothed idf. An empty document gives an empty vector.
 */
export function tfidfVectors(docs: readonly string[][]): SparseVector[] {
  const df = documentFrequency(docs);
  return docs.map((d) => {
    const v: SparseVector = new Map();
    for (const t of d) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, c] of v) {
      const w = c * idf(docs.length, df.get(t) as number);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

/** Cosine similarity of two vectors (plain dot product when both are normalized, as tfidfVectors makes them). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  return dot;
}

/** A pair of documents (i < j) and their similarity. */
export interface SimilarPair {
  i: number;
  j: number;
  sim: number;
}

/**
 * Pairs of documents whose cosine is at least `minSim`, for the rows `from` ≤ i < `to` (so callers can compute
 * them in chunks). Candidates come from an inverted index of the rarer terms (in at most `maxDf` of the
 * documents): two items that share only very common words are not compared; shared common words still count
 * in the cosine of a compared pair.
 */
export function similarPairs(
  vectors: readonly SparseVector[],
  minSim: number,
  from = 0,
  to = vectors.length,
  index = invertedIndex(vectors),
): SimilarPair[] {
  const out: SimilarPair[] = [];
  for (let i = from; i < to; i++) {
    const seen = new Set<number>();
    for (const t of vectors[i].keys()) {
      for (const j of index.get(t) ?? []) {
        if (j <= i || seen.has(j)) continue;
        seen.add(j);
        const sim = cosine(vectors[i], vectors[j]);
        if (sim >= minSim) out.push({ i, j, sim });
      }
    }
  }
  return out;
}

/**
 * Term → documents containing it, leaving out terms found in more than `maxDf` (a share) of them once there are
 * enough documents for that to matter (at least 50 per term are always kept: small sets compare every pair).
 */
export function invertedIndex(vectors: readonly SparseVector[], maxDf = 0.5): Map<string, number[]> {
  const index = new Map<string, number[]>();
  vectors.forEach((v, i) => {
    for (const t of v.keys()) {
      const list = index.get(t);
      if (list) list.push(i);
      else index.set(t, [i]);
    }
  });
  const cap = Math.max(50, Math.floor(vectors.length * maxDf));
  for (const [t, list] of index) if (list.length > cap) index.delete(t);
  return index;
}

/**
 * Agglomerative clustering with average linkage: start with every document alone, repeatedly join the two
 * clusters whose mean pairwise similarity is highest, and stop when it falls under `threshold`. Pairs not
 * given count as 0 (so a chain a–b–c does not join a and c unless the mean stays high, unlike single linkage).
 * Ties go to the pair with the lowest document indexes, so the answer is deterministic. Returns every
 * cluster (singletons included) as sorted index lists, largest first, then by first index.
 */
export function averageLinkage(n: number, pairs: readonly SimilarPair[], threshold: number): number[][] {
  const members: (number[] | null)[] = Array.from({ length: n }, (_, i) => [i]);
  const stamp = new Array<number>(n).fill(0);
  const sums: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const heap = new MaxHeap();
  for (const { i, j, sim } of pairs) {
    sums[i].set(j, (sums[i].get(j) ?? 0) + sim);
    sums[j].set(i, (sums[j].get(i) ?? 0) + sim);
  }
  for (let i = 0; i < n; i++)
    for (const [j, s] of sums[i]) if (j > i && s >= threshold) heap.push([s, i, j, 0, 0]);
  while (heap.size) {
    const [avg, a, b, sa, sb] = heap.pop() as Entry;
    if (avg < threshold) break;
    if (!members[a] || !members[b] || stamp[a] !== sa || stamp[b] !== sb) continue;
    // Merge b into a (a < b keeps the lowest index as the cluster's name).
    (members[a] as number[]).push(...(members[b] as number[]));
    members[b] = null;
    stamp[a]++;
    for (const [k, s] of sums[b]) {
      if (k === a) continue;
      sums[a].set(k, (sums[a].get(k) ?? 0) + s);
      sums[k].delete(b);
      sums[k].set(a, sums[a].get(k) as number);
    }
    sums[a].delete(b);
    sums[b].clear();
    const size = (members[a] as number[]).length;
    for (const [k, s] of sums[a]) {
      const m = s / (size * (members[k] as number[]).length);
      if (m >= threshold) heap.push(a < k ? [m, a, k, stamp[a], stamp[k]] : [m, k, a, stamp[k], stamp[a]]);
    }
  }
  return members
    .filter((m): m is number[] => m !== null)
    .map((m) => m.sort((x, y) => x - y))
    .sort((x, y) => y.length - x.length || x[0] - y[0]);
}

type Entry = [avg: number, a: number, b: number, stampA: number, stampB: number];

/** Highest mean first; ties by lower indexes. */
const before = (x: Entry, y: Entry) =>
  x[0] > y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));

class MaxHeap {
  private items: Entry[] = [];
  get size() {
    return this.items.length;
  }
  push(e: Entry) {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Entry | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** The `count` terms with the highest summed weight over the given vectors (ties alphabetical). */
export function topTerms(vectors: readonly SparseVector[], count = 3): string[] {
  const sum = new Map<string, number>();
  for (const v of vectors) for (const [t, w] of v) sum.set(t, (sum.get(t) ?? 0) + w);
  return [...sum]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([t]) => t);
}

/** A suggested theme's name from its top terms: "Export, csv, report". */
export function themeName(terms: readonly string[]): string {
  if (!terms.length) return "Untitled theme";
  const name = terms.join(", ");
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export interface ThemeSettings {
  /** Mean similarity at which two groups join. */
  threshold: number;
  /** Pairs under this similarity count as unrelated (keeps the pair list sparse). */
  minPairSim: number;
  /** Smallest group worth suggesting. */
  minSize: number;
}

export const DEFAULT_THEME_SETTINGS: ThemeSettings = { threshold: 0.25, minPairSim: 0.1, minSize: 2 };

export interface SuggestedGroup {
  /** Indexes of the documents, ascending. */
  members: number[];
  terms: string[];
  name: string;
  /** Mean pairwise similarity inside the group (0–1), rounded to 0.001. */
  cohesion: number;
}

/** Groups from clusters: at least `minSize` members, named by their top terms, with their cohesion. */
export function describeGroups(
  vectors: readonly SparseVector[],
  clusters: readonly number[][],
  minSize: number,
): SuggestedGroup[] {
  return clusters
    .filter((c) => c.length >= minSize)
    .map((members) => {
      const vs = members.map((i) => vectors[i]);
      let sum = 0;
      for (let x = 0; x < vs.length; x++) for (let y = x + 1; y < vs.length; y++) sum += cosine(vs[x], vs[y]);
      const pairs = (vs.length * (vs.length - 1)) / 2;
      const terms = topTerms(vs);
      return { members, terms, name: themeName(terms), cohesion: Math.round((sum / pairs) * 1000) / 1000 };
    });
}

/** Suggested groups of similar texts in one call (the server runs the same parts in steps). */
export function suggestGroups(texts: readonly string[], settings = DEFAULT_THEME_SETTINGS): SuggestedGroup[] {
  const vectors = tfidfVectors(texts.map((t) => tokenize(t)));
  const pairs = similarPairs(vectors, settings.minPairSim);
  return describeGroups(vectors, averageLinkage(texts.length, pairs, settings.threshold), settings.minSize);
}

/**
 * Similarity of a typed text to a stored one, for ranking "similar items": the cosine of their term-count
 * vectors weighted by the given idf (terms unknown to it weigh 1). 1 for the same words, 0 for none shared.
 */
export function textSimilarity(
  a: readonly string[],
  b: readonly string[],
  weight: (term: string) => number = () => 1,
): number {
  const va = weighted(a, weight);
  const vb = weighted(b, weight);
  return cosine(va, vb);
}

function weighted(tokens: readonly string[], weight: (term: string) => number): SparseVector {
  const v: SparseVector = new Map();
  for (const t of tokens) v.set(t, (v.get(t) ?? 0) + 1);
  let norm = 0;
  for (const [t, c] of v) {
    const w = c * weight(t);
    v.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
  return v;
}

// ---- weeks ----

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the ISO week containing `at`, as YYYY-MM-DD. */
export function weekOf(at: Date | string): string {
  const d = new Date(at);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday).toISOString().slice(0, 10);
}

/** `count` consecutive week starts (Mondays, YYYY-MM-DD) ending with the week of `last`. */
export function weeksEndingAt(last: Date | string, count: number): string[] {
  const end = Date.parse(`${weekOf(last)}T00:00:00Z`);
  return Array.from({ length: count }, (_, k) =>
    new Date(end - (count - 1 - k) * 7 * DAY_MS).toISOString().slice(0, 10),
  );
}
