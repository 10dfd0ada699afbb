import { describe, expect, it } from "vitest";
import type { PricePoint } from "../../../shared/competitors.schemas.ts";
import { formatPrice, priceSeries } from "./pricing.ts";

const point = (planName: string, price: number | null, observedAt: string): PricePoint => ({
  id: `${planName}-${observedAt}`,
  planId: planName,
  planName,
  price,
  currency: "USD",
  unit: "flat",
  billingPeriod: "month",
  observedAt,
  origin: "manual",
  sourceUrl: null,
  changeId: null,
});

describe("the price chart's series", () => {
  it("has a row per day, each plan's price as it stood that day, and no line for plans never public", () => {
    const s = priceSeries([
      point("Team", 29, "2026-06-01T00:00:00.000Z"),
      point("Business", 79, "2026-06-01T10:00:00.000Z"),
      point("Enterprise", null, "2026-06-02T00:00:00.000Z"),
      point("Team", 35, "2026-09-01T00:00:00.000Z"),
    ]);
    expect(s.plans).toEqual(["Team", "Business"]);
    expect(s.rows).toEqual([
      { day: "2026-06-01", Team: 29, Business: 79 },
      { day: "2026-06-02", Team: 29, Business: 79, Enterprise: null },
      { day: "2026-09-01", Team: 35, Business: 79, Enterprise: null },
    ]);
  });

  it("formats prices in their currency, and says when a price is not public", () => {
    expect(formatPrice({ price: null, currency: "USD" })).toBe("Not public");
    expect(formatPrice({ price: 39, currency: "EUR" })).toMatch(/39/);
  });
});
