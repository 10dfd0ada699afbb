import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import type { FactorDef, RoundResults } from "../../../shared/ideas.schemas.ts";

const COLORS = [
  "baton.6",
  "teal.6",
  "orange.6",
  "grape.6",
  "cyan.6",
  "pink.6",
  "lime.7",
  "indigo.6",
  "red.6",
  "yellow.6",
  "blue.6",
  "gray.6",
];

const short = (s: string) => (s.length > 30 ? `${s.slice(0, 29)}…` : s);

/**
 * Per idea: the parts of its score, one stacked segment per factor, or the mean rating per factor.
 * Loaded lazily: recharts stays out of the first load.
 */
export function ResultsChart({
  results,
  factors,
  kind,
}: {
  results: RoundResults["results"];
  factors: FactorDef[];
  kind: "contributions" | "means";
}) {
  const rows = results.slice(0, 30);
  const data = rows.map((r) => {
    const row: Record<string, string | number> = { idea: short(r.title) };
    for (const f of factors) {
      if (kind === "contributions") {
        const s = r.steps.find((x) => x.factorId === f.id);
        row[f.name] = s ? Number(s.contribution.toFixed(2)) : 0;
      } else {
        const s = r.factorStats.find((x) => x.factorId === f.id);
        row[f.name] = s?.mean != null ? Number(s.mean.toFixed(2)) : 0;
      }
    }
    return row;
  });
  const series = factors.map((f, i) => ({ name: f.name, color: COLORS[i % COLORS.length]! }));
  const maxScale = Math.max(...factors.map((f) => f.scaleMax));
  return (
    <BarChart
      h={Math.max(200, rows.length * (kind === "means" ? 18 * factors.length : 34) + 60)}
      data={data}
      dataKey="idea"
      orientation="vertical"
      type={kind === "contributions" ? "stacked" : "default"}
      series={series}
      withLegend
      legendProps={{ verticalAlign: "top", height: 36 }}
      gridAxis="x"
      tickLine="none"
      yAxisProps={{ width: 210, fontSize: 12 }}
      xAxisProps={{ domain: kind === "contributions" ? [0, 100] : [0, maxScale] }}
      valueFormatter={(v) => String(v)}
      role="img"
      aria-label={kind === "contributions" ? "Score parts per idea" : "Mean rating per factor and idea"}
    />
  );
}
