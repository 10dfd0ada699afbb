import type { CellStatus } from "../../../shared/matrix.ts";

/** How a cell shows its status: a glyph AND a word (never colour alone), and the colour of its fill. */
export const STATUS_UI: Record<CellStatus, { glyph: string; label: string; long: string; color: string }> = {
  has: { glyph: "✓", label: "Has", long: "Has it", color: "teal" },
  partial: { glyph: "◐", label: "Partial", long: "Has it partly", color: "yellow" },
  no: { glyph: "✕", label: "No", long: "Doesn't have it", color: "red" },
  unknown: { glyph: "?", label: "Unknown", long: "Not known yet", color: "gray" },
};

export const STATUS_ORDER: CellStatus[] = ["has", "partial", "no", "unknown"];

/** The feature matrix's URL for a product (the navbar's entry picks the product first). */
export const matrixPath = (wid: string, pid?: string | null) =>
  pid ? `/w/${wid}/products/${pid}/matrix` : `/w/${wid}/matrix`;
