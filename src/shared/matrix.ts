/**
 * Pure feature-matrix logic (docs/COMPETITORS.md "Feature matrix"): cell weights, staleness, gaps and
 * differentiators, their order, and competitor coverage on a factor's scale. No database, no DOM.
 */

export const CELL_STATUSES = ["has", "partial", "no", "unknown"] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];

export const CELL_STATUS_LABELS: Record<CellStatus, string> = {
  has: "Has it",
  partial: "Partial",
  no: "Doesn't have it",
  unknown: "Unknown",
};

/** A cell whose claim (has / partial / no) was last verified longer ago than this, or never, is stale. */
export const STALE_AFTER_DAYS = 90;
const DAY_MS = 86_400_000;

/** How much a competitor's cell counts towards "they have it": has 1, partial 0.5, no and unknown 0. */
export function cellWeight(status: CellStatus): number {
  return status === "has" ? 1 : status === "partial" ? 0.5 : 0;
}

/**
 * Whether a cell needs checking again: a claim (has, partial, no) never verified or verified more than
 * STALE_AFTER_DAYS ago. An unknown cell claims nothing, so it is never stale (it is simply unknown).
 */
export function isStale(
  status: CellStatus,
  verifiedAt: string | Date | null | undefined,
  now: Date,
  days = STALE_AFTER_DAYS,
): boolean {
  if (status === "unknown") return false;
  if (!verifiedAt) return true;
  const at = typeof verifiedAt === "string" ? Date.parse(verifiedAt) : verifiedAt.getTime();
  return now.getTime() - at > days * DAY_MS;
}

export interface RowCoverage {
  /** Competitors with "has". */
  have: number;
  /** Competitors with "partial". */
  partial: number;
  /** have + 0.5 × partial: the gap order's first key. */
  weight: number;
  /** We lack it (no, unknown or partial) and at least one competitor has it, fully or partly. */
  gap: boolean;
  /** We have it and no competitor has it, not even partly. */
  differentiator: boolean;
}

/** How a row compares: our status against the competitors' statuses (one per column; missing cells are unknown). */
export function rowCoverage(ours: CellStatus, theirs: Iterable<CellStatus>): RowCoverage {
  let have = 0;
  let partial = 0;
  for (const s of theirs) {
    if (s === "has") have++;
    else if (s === "partial") partial++;
  }
  const any = have + partial > 0;
  return {
    have,
    partial,
    weight: have + 0.5 * partial,
    gap: ours !== "has" && any,
    differentiator: ours === "has" && !any,
  };
}

/**
 * The gap view's order: more competitors having it first (has 1, partial 0.5), then the linked idea's score
 * (higher first; rows without an idea or a score after), then the name.
 */
export function compareGaps(
  a: { weight: number; ideaScore: number | null; name: string },
  b: { weight: number; ideaScore: number | null; name: string },
): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  const sa = a.ideaScore ?? Number.NEGATIVE_INFINITY;
  const sb = b.ideaScore ?? Number.NEGATIVE_INFINITY;
  if (sa !== sb) return sb > sa ? 1 : -1;
  return a.name.localeCompare(b.name);
}

/**
 * Competitor coverage mapped linearly onto a factor's scale (e.g. 1–5), rounded to 0.01, like demandOnScale:
 * `min + (max − min) × have / total`. `have` may count partial cells as 0.5; no competitors (total 0) gives min.
 * A factor set may use it as a computed "competitors have it" factor: 3 of 5 on 1–5 gives 3.4.
 */
export function coverageOnScale(have: number, total: number, min: number, max: number): number {
  const share = total > 0 ? Math.min(1, Math.max(0, have / total)) : 0;
  return Math.round(100 * (min + (max - min) * share)) / 100;
}

/** "3 of 5 competitors have this" (+ ", 1 partly"). */
export function coverageSentence(c: { have: number; partial: number; total: number }): string {
  if (c.total === 0) return "No competitors are tracked for this product";
  const base = `${c.have} of ${c.total} competitor${c.total === 1 ? "" : "s"} ${c.have === 1 ? "has" : "have"} this`;
  return c.partial ? `${base}, ${c.partial} partly` : base;
}
