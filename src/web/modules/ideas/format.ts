import type { Framework } from "../../../shared/enums.ts";

const fmts = [0, 1, 2].map((d) => new Intl.NumberFormat(undefined, { maximumFractionDigits: d }));

/** A score or mean, with fewer decimals the larger it is. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  const a = Math.abs(n);
  return (a >= 100 ? fmts[0]! : a >= 10 ? fmts[1]! : fmts[2]!).format(n);
}

export function formatScore(n: number | null | undefined, framework?: Framework): string {
  if (framework === "weighted" && n !== null && n !== undefined) return fmts[1]!.format(n);
  return formatNumber(n);
}
