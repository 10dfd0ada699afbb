import "@mantine/charts/styles.css";
import { CompositeChart } from "@mantine/charts";
import type { CapacityEffect } from "../../../shared/signoff.schemas.ts";

/**
 * A team's load per period in the baseline and in this version, with its capacity as a dashed line.
 * Loaded lazily: recharts stays out of the first load.
 */
export function CapacityEffectChart({ effect, unit }: { effect: CapacityEffect; unit: string }) {
  const data = effect.periods.map((p) => ({
    period: p.label,
    Baseline: p.before,
    "This version": p.after,
    Capacity: p.capacity,
  }));
  return (
    <CompositeChart
      h={220}
      data={data}
      dataKey="period"
      series={[
        { name: "Baseline", color: "gray.4", type: "bar" },
        { name: "This version", color: "baton.6", type: "bar" },
        { name: "Capacity", color: "red.6", type: "line", strokeDasharray: "5 5" },
      ]}
      withLegend
      legendProps={{ verticalAlign: "top", height: 32 }}
      withDots={false}
      curveType="step"
      connectNulls={false}
      maxBarWidth={28}
      tickLine="none"
      gridAxis="y"
      valueFormatter={(v) => `${Math.round(v * 10) / 10}`}
      yAxisLabel={unit}
      aria-label={`Load of ${effect.teamName} per period, before and after, against its capacity`}
    />
  );
}
