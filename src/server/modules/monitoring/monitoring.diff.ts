import { createHash } from "node:crypto";
import { diffArrays, diffWordsWithSpace } from "diff";
import type { MonitorKind } from "../../../shared/monitoring.schemas.ts";

/** The next turn of the event loop (not lib/steps.ts: this module also runs in the check worker, no database). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Comparing snapshots: volatile tokens and ignore patterns masked, whitespace collapsed, a SHA-256 of what is
 * left; a word-level diff (lines first, then words inside the changed lines: two 200 kB pages in a few
 * milliseconds), its size, a suggested category and importance. Pure apart from yielding to the event loop.
 */

export type DiffOp = [number, string];

/**
 * One check's CPU work (parsing, masking, diffing) at a time in this process. Checks run several at once (their
 * network waits overlap), but their CPU steps queued together would sit between a request's turns on the event
 * loop; waiting here instead, a request waits behind at most one step.
 */
export class CpuTurns {
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    if (this.busy) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy = true;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    }
  }
}
export const cpuTurns = new CpuTurns();

const MONTH =
  "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";

/** Dates, times, relative times, counters, tokens: they change on every load and say nothing about the product. */
const VOLATILE: [RegExp, string][] = [
  // UUIDs, long hex (CSRF tokens, cache busters, build ids), long mixed base64-ish tokens
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "‹id›"],
  [/\b[0-9a-f]{16,}\b/gi, "‹token›"],
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}={0,2}/g, "‹token›"],
  // ISO dates and times
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, "‹date›"],
  // 12/07/2026, 07.12.2026
  [/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g, "‹date›"],
  // Dec 7, 2026 · 7 December 2026 · December 2026 (a month name only next to a number: "marketing" stays)
  [new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+${MONTH}\b\.?(?:,?\s+\d{4})?`, "gi"), "‹date›"],
  [new RegExp(String.raw`\b${MONTH}\b\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4})?`, "gi"), "‹date›"],
  [new RegExp(String.raw`\b${MONTH}\b\.?\s+\d{4}\b`, "gi"), "‹date›"],
  [/\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi, "‹day›"],
  // 14:05, 2:05 pm, 14:05:33 UTC
  [
    /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|CET|CEST|EST|EDT|CST|CDT|PST|PDT|BST|IST|JST))?\b/gi,
    "‹time›",
  ],
  // 5 minutes ago, in 3 days, yesterday, today
  [/\b(?:\d+|an?|one|a few)\s+(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago\b/gi, "‹ago›"],
  [/\b(?:just now|yesterday|today|tomorrow)\b/gi, "‹ago›"],
  // "1,234 users online", "12 people viewing", "© 2026"
  [
    /\b(?:\d{1,3}(?:[,.\s]\d{3})+|\d{4,})\+?\s*(?:users?|people|visitors?|views?|viewers?|online|downloads?|installs?|reviews?|ratings?|stars?|followers?|members?|customers?|companies|teams|comments?|likes?|shares?|subscribers?|signups?|sign-ups?|developers?)\b/gi,
    "‹count›",
  ],
  [/\b\d+\s+(?:people|users|visitors)?\s*(?:online|viewing|watching|right now)\b/gi, "‹count›"],
  [/(?:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?/gi, "©"],
];

/** Splits long lines at spaces, so every pattern runs on at most ~500 characters (bounded backtracking). */
function boundedLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.length <= 500) {
      out.push(line);
      continue;
    }
    let rest = line;
    while (rest.length > 500) {
      let cut = rest.lastIndexOf(" ", 500);
      if (cut < 200) cut = 500;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out;
}

/** Masks volatile tokens and the monitor's ignore patterns, collapses whitespace; blank lines dropped. */
export function normalizeText(text: string, ignorePatterns: readonly string[] = []): string {
  const patterns = ignorePatterns.flatMap((p) => {
    try {
      return [new RegExp(p, "giu")];
    } catch {
      return [];
    }
  });
  const out: string[] = [];
  for (const raw of boundedLines(text)) {
    let line = raw;
    for (const re of patterns) line = line.replace(re, "‹ignored›");
    // Most lines of a page have no digit, and every mask but the weekday and relative-day words needs one.
    const digits = /\d/.test(line);
    for (const [re, mask] of VOLATILE)
      if (digits || mask === "‹day›" || mask === "‹ago›") line = line.replace(re, mask);
    line = line.replace(/\s+/g, " ").trim();
    if (line) out.push(line);
  }
  // Long lines stay split where boundedLines cut them (at spaces): deterministic, and the line diff stays fine-grained.
  return out.join("\n");
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Words in a text (runs of non-space), counted without building an array. */
function words(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 0xa0;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

export interface TextDiff {
  diff: DiffOp[];
  addedWords: number;
  removedWords: number;
  changedPercent: number;
  summary: string;
}

/** Unchanged runs longer than this many words keep only this many words of context at each end. */
const CONTEXT_WORDS = 12;

function shorten(text: string, first: boolean, last: boolean): string {
  // Only the ends are looked at: an unchanged run may be most of a 200 kB page.
  const headWords = text.slice(0, 4000).split(/(\s+)/);
  const tailWords = text.slice(-4000).split(/(\s+)/);
  if (text.length <= 4000 && Math.ceil(headWords.length / 2) <= CONTEXT_WORDS * 2 + 2) return text;
  const keep = CONTEXT_WORDS * 2; // words and their spaces
  const head = first ? "" : headWords.slice(0, keep).join("");
  const tail = last ? "" : tailWords.slice(-keep).join("");
  return `${head}${head ? " " : ""}…${tail ? " " : ""}${tail}`;
}

type LineOp = { op: -1 | 0 | 1; lines: string[] };

/** Myers' diff of two short runs of lines (the library's), or "all removed, all added" past its edit budget. */
function smallDiff(a: string[], b: string[], out: LineOp[]) {
  if (!a.length && !b.length) return;
  const parts = a.length && b.length ? diffArrays(a, b, { maxEditLength: 400 }) : undefined;
  if (parts) {
    for (const p of parts) out.push({ op: p.added ? 1 : p.removed ? -1 : 0, lines: p.value });
    return;
  }
  if (a.length) out.push({ op: -1, lines: a });
  if (b.length) out.push({ op: 1, lines: b });
}

/**
 * Patience diff of lines: common head and tail kept, then lines that occur once on each side are matched in
 * order (longest increasing subsequence) as anchors, and the gaps between anchors diffed the same way, down to
 * small runs for Myers. Cost follows the number of lines, not the number of edits (Myers alone took a second on
 * two 200 kB pages with scattered edits).
 */
function lineDiff(a: string[], b: string[], out: LineOp[], depth = 0) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  if (head) out.push({ op: 0, lines: a.slice(0, head) });
  const ma = a.slice(head, a.length - tail);
  const mb = b.slice(head, b.length - tail);
  if (ma.length + mb.length < 60 || depth > 8) smallDiff(ma, mb, out);
  else {
    const count = new Map<string, { a: number; b: number; ia: number; ib: number }>();
    ma.forEach((l, i) => {
      const c = count.get(l);
      if (c) c.a++;
      else count.set(l, { a: 1, b: 0, ia: i, ib: -1 });
    });
    mb.forEach((l, j) => {
      const c = count.get(l);
      if (c) {
        c.b++;
        c.ib = j;
      }
    });
    const pairs: [number, number][] = [];
    for (const c of count.values()) if (c.a === 1 && c.b === 1) pairs.push([c.ia, c.ib]);
    pairs.sort((x, y) => x[0] - y[0]);
    const anchors = longestIncreasing(pairs);
    if (!anchors.length) smallDiff(ma, mb, out);
    else {
      let i = 0;
      let j = 0;
      for (const [ai, bj] of anchors) {
        lineDiff(ma.slice(i, ai), mb.slice(j, bj), out, depth + 1);
        out.push({ op: 0, lines: [ma[ai]!] });
        i = ai + 1;
        j = bj + 1;
      }
      lineDiff(ma.slice(i), mb.slice(j), out, depth + 1);
    }
  }
  if (tail) out.push({ op: 0, lines: a.slice(a.length - tail) });
}

/** The longest run of pairs increasing in their second member (patience sorting, O(n log n)). */
function longestIncreasing(pairs: [number, number][]): [number, number][] {
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const v = pairs[k]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

/**
 * Word diff of two short runs of changed lines: tokens are words and the spaces between them; an LCS table when
 * small (most edits: a line or two, microseconds), else the diff library's diffWordsWithSpace with a time limit;
 * undefined when even that gives up (the caller shows the runs as removed and added whole).
 */
function wordDiff(a: string, b: string): DiffOp[] | undefined {
  const x = a.split(/(\s+)/).filter(Boolean);
  const y = b.split(/(\s+)/).filter(Boolean);
  const n = x.length;
  const m = y.length;
  if (n * m > 250_000) {
    if (a.length + b.length > 60_000) return undefined;
    return diffWordsWithSpace(a, b, { timeout: 100 })?.map((c) => [
      c.added ? 1 : c.removed ? -1 : 0,
      c.value,
    ]);
  }
  // lcs[i][j]: longest common subsequence of x[i..] and y[j..]
  const w = m + 1;
  const lcs = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i * w + j] =
        x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
  const out: DiffOp[] = [];
  const push = (op: number, t: string) => {
    const last = out[out.length - 1];
    if (last && last[0] === op) last[1] += t;
    else out.push([op, t]);
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      push(0, x[i++]!);
      j++;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push(-1, x[i++]!);
    else push(1, y[j++]!);
  }
  while (i < n) push(-1, x[i++]!);
  while (j < m) push(1, y[j++]!);
  return out;
}

/**
 * Word-level diff of two normalized texts. Lines are compared first (patience diff: cheap, few long tokens);
 * only the lines that differ are diffed word by word, so the cost follows the change, not the page. Yields
 * between chunks.
 */
export async function diffTexts(before: string, after: string): Promise<TextDiff> {
  const raw: LineOp[] = [];
  lineDiff(before.split("\n"), after.split("\n"), raw);
  // Adjacent runs of one kind merged (the recursion leaves them split).
  const lines: { added?: boolean; removed?: boolean; value: string[] }[] = [];
  for (const r of raw) {
    if (!r.lines.length) continue;
    const last = lines[lines.length - 1];
    const kind = { added: r.op === 1, removed: r.op === -1 };
    if (last && !!last.added === kind.added && !!last.removed === kind.removed) last.value.push(...r.lines);
    else lines.push({ ...kind, value: [...r.lines] });
  }
  const ops: DiffOp[] = [];
  const push = (op: number, text: string) => {
    if (!text) return;
    const last = ops[ops.length - 1];
    if (last && last[0] === op) last[1] += text;
    else ops.push([op, text]);
  };
  let added = 0;
  let removed = 0;
  let work = 0;
  for (let i = 0; i < lines.length; i++) {
    const part = lines[i]!;
    const text = `${part.value.join("\n")}\n`;
    if (!part.added && !part.removed) {
      push(0, text);
      continue;
    }
    const next = lines[i + 1];
    // A removed run followed by an added one: the same lines edited, diffed word by word.
    if (part.removed && next?.added) {
      const oldText = `${part.value.join("\n")}\n`;
      const newText = `${next.value.join("\n")}\n`;
      const words_ = wordDiff(oldText, newText);
      if (words_) {
        for (const [op, value] of words_) {
          if (op === 1) added += words(value);
          if (op === -1) removed += words(value);
          push(op, value);
        }
      } else {
        removed += words(oldText);
        added += words(newText);
        push(-1, oldText);
        push(1, newText);
      }
      work += oldText.length + newText.length;
      i++;
    } else if (part.removed) {
      removed += words(text);
      push(-1, text);
    } else {
      added += words(text);
      push(1, text);
    }
    if (work > 50_000) {
      work = 0;
      await nextTurn();
    }
  }
  const total = Math.max(words(before), words(after), 1);
  const changedPercent = Math.min(100, Math.round((Math.max(added, removed) / total) * 10_000) / 100);
  // Long unchanged runs keep their context only (the stored diff stays small; snapshots keep the whole text).
  const compact: DiffOp[] = ops.map(([op, text], i) =>
    op === 0 ? [0, shorten(text, i === 0, i === ops.length - 1)] : [op, text],
  );
  return { diff: compact, addedWords: added, removedWords: removed, changedPercent, summary: summarize(ops) };
}

/**
 * One side of a diff as readable fragments: runs of changed words, with the short unchanged bits between them
 * ("6" "." "0" reads "6.0"), fragments apart joined by " … ".
 */
function side(ops: DiffOp[], want: number): string {
  const out: string[] = [];
  let cur = "";
  let gap = "";
  for (const [op, text] of ops) {
    if (op === want) {
      cur += gap + text;
      gap = "";
    } else if (op === 0) {
      if (cur && text.length <= 3 && !/\n/.test(text)) gap += text;
      else {
        if (cur) out.push(cur);
        cur = "";
        gap = "";
      }
    }
  }
  if (cur) out.push(cur);
  return out
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join(" … ");
}

/** "+ added words … − removed words", at most ~300 characters, for lists and digests. */
export function summarize(ops: DiffOp[]): string {
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const plus = clip(side(ops, 1), 180);
  const minus = clip(side(ops, -1), 120);
  return [plus && `+ ${plus}`, minus && `− ${minus}`].filter(Boolean).join(" · ");
}

export type Category = "pricing" | "product" | "messaging" | "hiring" | "other";

export const PRICE_TOKEN =
  /[$€£¥₹]\s?\d|\b\d+(?:[.,]\d{2})?\s?(?:USD|EUR|GBP)\b|\/\s?(?:mo|month|yr|year)\b|per (?:user|seat|month)|\bpricing\b|\bfree trial\b|\bplans?\b/i;
const HIRING =
  /\b(?:we(?:'|’)?re hiring|hiring|careers?|job openings?|open positions?|join (?:our|the) team)\b/i;
const MESSAGING =
  /\b(?:the (?:best|leading|only|#1|first)|platform for|built for|trusted by|for teams|all-in-one|why \w+)\b/i;

/** A category suggested from the monitor's kind and the changed words. */
export function suggestCategory(
  kind: MonitorKind,
  pricing: boolean,
  changed: { added: string; removed: string; headingsChanged: boolean },
): Category {
  const words_ = `${changed.added}\n${changed.removed}`;
  if (pricing || PRICE_TOKEN.test(words_)) return "pricing";
  if (HIRING.test(words_)) return "hiring";
  if (kind === "feed" || kind === "github_releases" || kind === "app_store") return "product";
  if (changed.headingsChanged || MESSAGING.test(words_)) return "messaging";
  if (kind === "sitemap" && /\/(careers|jobs)\b/i.test(words_)) return "hiring";
  return "other";
}

/** Changed words of a diff, added and removed. */
export const changedText = (diff: DiffOp[]) => ({
  added: diff
    .filter(([op]) => op === 1)
    .map(([, t]) => t)
    .join(" "),
  removed: diff
    .filter(([op]) => op === -1)
    .map(([, t]) => t)
    .join(" "),
});
