import { describe, expect, it } from "vitest";
import { IDEA_STATUSES } from "../../../shared/enums.ts";
import { MATRIX_STATUS_COLORS } from "./types.ts";

describe("the value-vs-effort matrix's colours", () => {
  it("give every plotted status its own hue, none the brand colour", () => {
    const plotted = IDEA_STATUSES.filter((s) => s !== "merged");
    const colours = plotted.map((s) => MATRIX_STATUS_COLORS[s as keyof typeof MATRIX_STATUS_COLORS]);
    expect(colours.every(Boolean)).toBe(true);
    expect(new Set(colours).size).toBe(plotted.length);
    // The brand colour is an indigo: it would read as the same status as another indigo dot.
    expect(colours).not.toContain("baton");
    expect(colours).not.toContain("indigo");
  });
});
