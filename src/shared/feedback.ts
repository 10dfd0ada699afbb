/**
 * Pure feedback logic shared by server, web and CLI: text normalization, sentiment labels, language codes and
 * the customer-demand formula (docs/FEEDBACK.md). No node:*, no DOM, no database.
 */

export const FEEDBACK_SOURCES = [
  "manual",
  "email",
  "webhook",
  "api",
  "csv",
  "rss",
  "mastodon",
  "hackernews",
  "bluesky",
  "appstore",
  "github",
  "session",
  "portal",
] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

/** new → triaged → linked / archived / spam (linking an idea sets linked). */
export const FEEDBACK_STATUSES = ["new", "triaged", "linked", "archived", "spam"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const SENTIMENTS = ["positive", "neutral", "negative"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const IMPORTANCES = ["nice", "important", "critical"] as const;
export type Importance = (typeof IMPORTANCES)[number];

/** How much one company's most important request weighs in the demand sum. */
export const IMPORTANCE_WEIGHT: Record<Importance, number> = { nice: 1, important: 2, critical: 3 };

// C0/C1 controls other than tab and newline (NUL included), and the BOM / zero-width no-break space.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g;

/** Feedback text as stored: NFC, \n line ends, no control characters, trimmed. Markdown stays as given. */
export function normalizeFeedbackText(s: string): string {
  return s.normalize("NFC").replace(/\r\n?/g, "\n").replace(CONTROL, "").trim();
}

/** VADER's customary thresholds on the compound score. */
export function sentimentLabel(compound: number): Sentiment {
  if (compound >= 0.05) return "positive";
  if (compound <= -0.05) return "negative";
  return "neutral";
}

/** ISO 639-3 codes franc-min can return, mapped to ISO 639-1 where one exists. */
const ISO6393_TO_1: Record<string, string> = {
  spa: "es",
  eng: "en",
  por: "pt",
  ind: "id",
  fra: "fr",
  deu: "de",
  jav: "jv",
  vie: "vi",
  ita: "it",
  tur: "tr",
  pol: "pl",
  swh: "sw",
  sun: "su",
  ron: "ro",
  hau: "ha",
  bos: "bs",
  hrv: "hr",
  nld: "nl",
  srp: "sr",
  ckb: "ku",
  yor: "yo",
  uzn: "uz",
  zlm: "ms",
  ibo: "ig",
  tgl: "tl",
  hun: "hu",
  azj: "az",
  ces: "cs",
  run: "rn",
  plt: "mg",
  nya: "ny",
  kin: "rw",
  zul: "zu",
  swe: "sv",
  lin: "ln",
  som: "so",
  rus: "ru",
  ukr: "uk",
  bel: "be",
  bul: "bg",
  kaz: "kk",
  arb: "ar",
  urd: "ur",
  pes: "fa",
  pbu: "ps",
  hin: "hi",
  mar: "mr",
  npi: "ne",
};

/** A detector's ISO 639-3 code as stored: the 639-1 code where mappable, the 639-3 code otherwise, 'und' as is. */
export function languageCode(iso6393: string): string {
  return ISO6393_TO_1[iso6393] ?? iso6393;
}

/** One company's (or lone customer's) part in an idea's demand. */
export interface DemandEntry {
  /** The most important link this company's feedback has to the idea. */
  importance: Importance;
  /** Annual recurring revenue, in the workspace's currency; null or 0 when unknown. */
  arr: number | null;
}

/** ARR → factor ≥ 1: 1 + log10(1 + ARR / 1,000). 0 → 1, 9,000 → 2, 99,000 → 3, 999,000 → 4. */
export function revenueFactor(arr: number | null): number {
  const a = arr && arr > 0 ? arr : 0;
  return 1 + Math.log10(1 + a / 1000);
}

/** Σ over distinct companies of importance weight × revenue factor (unnormalized). */
export function rawDemand(entries: readonly DemandEntry[]): number {
  let sum = 0;
  for (const e of entries) sum += IMPORTANCE_WEIGHT[e.importance] * revenueFactor(e.arr);
  return sum;
}

/** How much raw demand gives 63 % of the scale (1 − 1/e): ten nice-to-haves from customers without revenue. */
export const DEMAND_HALF_LIFE = 10;

/**
 * Customer demand on a 0–10 scale: 10 × (1 − e^(−raw / 10)), rounded to 0.01. Saturates, so a flood of
 * small requests never outweighs everything, and is 0 without evidence.
 */
export function customerDemand(entries: readonly DemandEntry[]): number {
  const raw = rawDemand(entries);
  return Math.round(1000 * (1 - Math.exp(-raw / DEMAND_HALF_LIFE))) / 100;
}

/** A 0–10 demand mapped onto a factor's scale (e.g. 1–5), rounded to 0.01. */
export function demandOnScale(demand: number, min: number, max: number): number {
  const d = Math.min(10, Math.max(0, demand));
  return Math.round(100 * (min + ((max - min) * d) / 10)) / 100;
}
