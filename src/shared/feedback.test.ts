import { describe, expect, it } from "vitest";
import {
  customerDemand,
  demandOnScale,
  languageCode,
  normalizeFeedbackText,
  rawDemand,
  revenueFactor,
  sentimentLabel,
} from "./feedback.ts";

describe("customer demand (docs/FEEDBACK.md)", () => {
  it("scales revenue logarithmically from 1 at no revenue", () => {
    expect(revenueFactor(null)).toBe(1);
    expect(revenueFactor(0)).toBe(1);
    expect(revenueFactor(-5)).toBe(1);
    expect(revenueFactor(9_000)).toBeCloseTo(2, 12);
    expect(revenueFactor(99_000)).toBeCloseTo(3, 12);
    expect(revenueFactor(999_000)).toBeCloseTo(4, 12);
  });

  it("sums importance × revenue factor over companies and saturates on 0–10 (hand-computed)", () => {
    expect(customerDemand([])).toBe(0);
    // One nice-to-have from a customer without revenue: raw 1 → 10 × (1 − e^−0.1) = 0.9516…
    expect(rawDemand([{ importance: "nice", arr: null }])).toBe(1);
    expect(customerDemand([{ importance: "nice", arr: null }])).toBe(0.95);
    // important × (1 + log10(10)) + nice × 1 = 4 + 1 = 5 → 10 × (1 − e^−0.5) = 3.9346…
    const two = [
      { importance: "important" as const, arr: 9_000 },
      { importance: "nice" as const, arr: 0 },
    ];
    expect(rawDemand(two)).toBeCloseTo(5, 12);
    expect(customerDemand(two)).toBe(3.93);
    // critical × 4 = 12 → 10 × (1 − e^−1.2) = 6.9880…
    expect(customerDemand([{ importance: "critical", arr: 999_000 }])).toBe(6.99);
    // Saturates below 10 however much evidence arrives, and more evidence never lowers it.
    const many = Array.from({ length: 200 }, () => ({ importance: "critical" as const, arr: 1e9 }));
    expect(customerDemand(many)).toBe(10);
    expect(customerDemand(many.slice(0, 3))).toBeLessThan(customerDemand(many.slice(0, 4)));
  });

  it("maps demand onto a factor's scale", () => {
    expect(demandOnScale(0, 1, 5)).toBe(1);
    expect(demandOnScale(10, 1, 5)).toBe(5);
    expect(demandOnScale(3.93, 1, 5)).toBe(2.57);
    expect(demandOnScale(12, 1, 5)).toBe(5);
    expect(demandOnScale(-1, 0, 10)).toBe(0);
  });
});

describe("feedback text and signals", () => {
  it("normalizes text: NFC, \\n line ends, no control characters or BOM, trimmed; Markdown kept", () => {
    expect(normalizeFeedbackText("  a\r\nb\rc\u0007d\u0000\uFEFF ")).toBe("a\nb\ncd");
    expect(normalizeFeedbackText("cafe\u0301 **bold**\n\n- item\t1")).toBe("café **bold**\n\n- item\t1");
  });

  it("labels VADER's compound score with the customary ±0.05 thresholds", () => {
    expect(sentimentLabel(0.05)).toBe("positive");
    expect(sentimentLabel(0.0499)).toBe("neutral");
    expect(sentimentLabel(-0.0499)).toBe("neutral");
    expect(sentimentLabel(-0.05)).toBe("negative");
  });

  it("keeps ISO 639-1 codes where they exist", () => {
    expect(languageCode("eng")).toBe("en");
    expect(languageCode("deu")).toBe("de");
    expect(languageCode("und")).toBe("und");
    expect(languageCode("fuv")).toBe("fuv");
  });
});
