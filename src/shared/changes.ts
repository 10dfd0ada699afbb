/**
 * Pure logic of detected changes, shared by the server (digest, notifications) and the web (change view):
 * excerpts of a word-level diff, and the ignore rule a literal phrase becomes.
 */

/** A diff operation as stored: [-1 removed | 0 unchanged | 1 added, text]. */
export type Op = [number, string];

export interface Excerpt {
  /** 1 added, -1 removed. */
  op: 1 | -1;
  before: string;
  text: string;
  after: string;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The added and removed runs of a diff, each with a few unchanged words of context on either side, in page
 * order; at most `max` of them, each run cut to `maxChars`.
 */
export function diffExcerpts(diff: Op[], { max = 5, context = 6, maxChars = 200 } = {}): Excerpt[] {
  const out: Excerpt[] = [];
  for (let i = 0; i < diff.length && out.length < max; i++) {
    const [op, text] = diff[i];
    if (op !== 1 && op !== -1) continue;
    if (!text.trim()) continue;
    const prev = diff[i - 1];
    const next = diff[i + 1];
    // Beside a replacement (removal then addition), the context is the replacement's.
    const beforeOp =
      prev?.[0] === 0 ? prev : prev?.[0] === -op && diff[i - 2]?.[0] === 0 ? diff[i - 2] : null;
    const before = beforeOp ? words(beforeOp[1]).slice(-context).join(" ") : "";
    const afterOp = next?.[0] === 0 ? next : next?.[0] === -op && diff[i + 2]?.[0] === 0 ? diff[i + 2] : null;
    const after = afterOp ? words(afterOp[1]).slice(0, context).join(" ") : "";
    out.push({
      op: op as 1 | -1,
      before: clip(before, 80),
      text: clip(words(text).join(" "), maxChars),
      after: clip(after, 80),
    });
  }
  return out;
}

/** One line per excerpt for plain-text mail and notifications: "+ …context [added] context…". */
export function excerptLines(diff: Op[], opts?: Parameters<typeof diffExcerpts>[1]): string[] {
  return diffExcerpts(diff, opts).map(
    (e) =>
      `${e.op === 1 ? "+" : "−"} ${e.before ? `…${e.before} ` : ""}[${e.text}]${e.after ? ` ${e.after}…` : ""}`,
  );
}

/**
 * A literal phrase as a regular expression that matches exactly it (valid with the u flag: only syntax
 * characters and "/" are escaped; each run of white space becomes one \s, as the text compared has its white space
 * collapsed).
 */
export function phraseToPattern(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"))
    .join("\\s");
}

/** The local calendar day ('YYYY-MM-DD') of an instant in a time zone (the browser's when none is given). */
export function dayOf(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}
