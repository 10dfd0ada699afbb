import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";

export interface CoverageRow {
  label: string;
  planned: number; // % of planned effort
  importance: number | null; // % of the summed importance (null: not an objective)
}

const short = (s: string) => (s.length > 64 ? `${s.slice(0, 63)}…` : s);

/**
 * Share of the planned capacity per objective beside its share of importance, so over- and under-served
 * objectives stand out. Loaded lazily: recharts stays out of the first load.
 */
export function CoverageChart({ rows }: { rows: CoverageRow[] }) {
  const data = rows.map((r) => ({
    objective: short(r.label),
    "Share of planned effort": r.planned,
    "Share of importance": r.importance ?? 0,
  }));
  return (
    <BarChart
      h={Math.max(180, rows.length * 46 + 70)}
      data={data}
      dataKey="objective"
      orientation="vertical"
      series={[
        { name: "Share of planned effort", color: "baton.6" },
        { name: "Share of importance", color: "gray.4" },
      ]}
      withLegend
      legendProps={{ verticalAlign: "top", height: 36 }}
      gridAxis="x"
      tickLine="none"
      barProps={{ radius: [0, 4, 4, 0] }}
      yAxisProps={{ width: 320, fontSize: 12 }}
      xAxisProps={{ domain: [0, 100] }}
      valueFormatter={(v) => `${v}%`}
      aria-label="Share of planned effort and of importance per objective"
    />
  );
}
