import { Text, Tooltip, VisuallyHidden } from "@mantine/core";
import type { ColumnDef } from "./columns.tsx";
import type { IdeaRow } from "./types.ts";

type Coverage = NonNullable<IdeaRow["competitors"]>;

/** "2.5" for halves, "3" for whole numbers. */
const count = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The tooltip: who has it, who partly, out of how many (names are the competitors' own: React escapes them). */
export function coverageLabel(c: Coverage): string {
  if (c.total === 0) return "No competitors are tracked for this product";
  const parts = [
    c.has.length ? `Have it: ${c.has.join(", ")}` : null,
    c.partial.length ? `Partly: ${c.partial.join(", ")}` : null,
  ].filter(Boolean);
  const head = `${count(c.have)} of ${c.total} competitor${c.total === 1 ? "" : "s"} (partial counts ½)`;
  return parts.length ? `${head}. ${parts.join(". ")}` : `${head}: none has it in the feature matrix`;
}

function CompetitorsCell({ c }: { c: Coverage | undefined }) {
  if (!c || c.total === 0 || c.have === 0)
    return (
      <Text size="sm" c="dimmed" title={c ? coverageLabel(c) : undefined}>
        —
      </Text>
    );
  return (
    <Tooltip label={coverageLabel(c)} multiline maw={320} openDelay={300}>
      <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
        {count(c.have)}/{c.total}
        {/* The names for screen readers too (the tooltip is for the pointer). */}
        <VisuallyHidden component="span">{` — ${coverageLabel(c)}`}</VisuallyHidden>
      </Text>
    </Tooltip>
  );
}

/** Competitor coverage from the feature matrix (docs/COMPETITORS.md "On the backlog"): "3/5", names in a tooltip. */
export const COMPETITORS_COLUMN: ColumnDef = {
  key: "competitors",
  label: "Competitors",
  hint: "How many of the product's competitors have it (feature matrix: has 1, partial ½)",
  width: 108,
  align: "right",
  sort: "competitors",
  defaultDir: "desc",
  defaultOn: true,
  render: (r) => <CompetitorsCell c={r.competitors} />,
};
