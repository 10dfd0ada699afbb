import type { PricePoint } from "../../../shared/competitors.schemas.ts";

/** A price in its currency ("$39.00"), or "Not public" for a plan without a public price. */
export const formatPrice = (p: { price: number | null; currency: string }) => {
  if (p.price === null) return "Not public";
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: p.currency }).format(p.price);
  } catch {
    return `${p.price} ${p.currency}`;
  }
};

/** Chart rows: one per day with a price change, each plan's price as it stood that day (steps). */
export function priceSeries(points: PricePoint[]) {
  // Plans that never had a public price have no line to draw.
  const plans = [...new Set(points.filter((p) => p.price !== null).map((p) => p.planName))];
  const days = [...new Set(points.map((p) => p.observedAt.slice(0, 10)))].sort();
  const current: Record<string, number | null> = {};
  return {
    plans,
    rows: days.map((day) => {
      for (const p of points) if (p.observedAt.slice(0, 10) === day) current[p.planName] = p.price;
      return { day, ...current };
    }),
  };
}
