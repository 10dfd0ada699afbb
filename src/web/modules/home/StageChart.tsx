import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../../../shared/enums.ts";
import { STAGE_COLORS, STAGE_LABELS } from "../../lib/labels.ts";

/** Products per lifecycle stage (loaded lazily: recharts stays out of the first load). */
export function StageChart({ counts }: { counts: Record<LifecycleStage, number> }) {
  const data = LIFECYCLE_STAGES.map((s) => ({
    stage: STAGE_LABELS[s],
    Products: counts[s],
    color: STAGE_COLORS[s] === "dark" ? "gray.7" : `${STAGE_COLORS[s]}.6`,
  }));
  return (
    <BarChart
      h={220}
      data={data}
      dataKey="stage"
      series={[{ name: "Products", color: "baton.6" }]}
      barProps={{ radius: [6, 6, 0, 0] }}
      tickLine="none"
      gridAxis="y"
      withTooltip
      yAxisProps={{ allowDecimals: false, width: 28 }}
      xAxisProps={{ interval: 0, fontSize: 11 }}
      role="img"
      aria-label="Products by lifecycle stage"
    />
  );
}
