import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { useMediaQuery } from "@mantine/hooks";
import { LIFECYCLE_STAGES, type LifecycleStage } from "../../../shared/enums.ts";
import { STAGE_COLORS, STAGE_LABELS } from "../../lib/labels.ts";

const NARROW = "(max-width: 36em)";

/**
 * Products per lifecycle stage (loaded lazily: recharts stays out of the first load). On a phone the bars lie
 * down, so the eight stage names stay readable.
 */
export function StageChart({ counts }: { counts: Record<LifecycleStage, number> }) {
  const narrow = useMediaQuery(NARROW, window.matchMedia(NARROW).matches, { getInitialValueInEffect: false });
  const data = LIFECYCLE_STAGES.map((s) => ({
    stage: STAGE_LABELS[s],
    Products: counts[s],
    color: STAGE_COLORS[s] === "dark" ? "gray.7" : `${STAGE_COLORS[s]}.6`,
  }));
  return (
    <BarChart
      h={narrow ? 280 : 220}
      data={data}
      dataKey="stage"
      series={[{ name: "Products", color: "baton.6" }]}
      orientation={narrow ? "vertical" : "horizontal"}
      barProps={{ radius: narrow ? [0, 6, 6, 0] : [6, 6, 0, 0] }}
      tickLine="none"
      gridAxis={narrow ? "x" : "y"}
      withTooltip
      yAxisProps={narrow ? { width: 96, interval: 0, fontSize: 12 } : { allowDecimals: false, width: 28 }}
      xAxisProps={narrow ? { allowDecimals: false } : { interval: 0, fontSize: 11 }}
      role="img"
      aria-label="Products by lifecycle stage"
    />
  );
}
