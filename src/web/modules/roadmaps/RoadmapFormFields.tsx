import { NumberInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import type { useForm } from "@mantine/form";
import { LANE_BY, type LaneBy, type PeriodKind } from "../../../shared/enums.ts";
import { periodsOf } from "../../../shared/roadmap.ts";
import { LANE_BY_LABELS } from "./model.ts";

/** The fields a roadmap's form shares between creating it and its settings. */
export interface RoadmapPeriodValues {
  periodKind: PeriodKind;
  startMonth: string; // YYYY-MM
  horizon: number | string;
  laneBy: LaneBy;
}

const PERIOD_KINDS: { value: PeriodKind; label: string }[] = [
  { value: "quarter", label: "Quarters" },
  { value: "month", label: "Months" },
  { value: "nnl", label: "Now / Next / Later" },
];

/**
 * A roadmap's periods (kind, first month, how many, with a preview of their labels) and its lanes.
 * `startLabel` names the first month (by period kind), `previewNote` follows the preview.
 */
export function RoadmapFormFields({
  form,
  startLabel = () => "First month",
  previewNote,
  lanesLabel,
}: {
  form: Pick<ReturnType<typeof useForm<RoadmapPeriodValues>>, "getValues" | "getInputProps">;
  startLabel?: (periodKind: PeriodKind) => string;
  previewNote?: string;
  lanesLabel: string;
}) {
  const v = form.getValues();
  const preview =
    /^\d{4}-\d{2}$/.test(v.startMonth) && Number(v.horizon) >= 1 && Number(v.horizon) <= 24
      ? periodsOf({ periodKind: v.periodKind, startMonth: `${v.startMonth}-01`, horizon: Number(v.horizon) })
      : [];
  return (
    <>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Periods
        </Text>
        <SegmentedControl data={PERIOD_KINDS} {...form.getInputProps("periodKind")} />
      </Stack>
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={startLabel(v.periodKind)}
          type="month"
          required
          {...form.getInputProps("startMonth")}
        />
        <NumberInput
          label={
            v.periodKind === "nnl" ? "Months per bucket" : v.periodKind === "month" ? "Months" : "Quarters"
          }
          min={1}
          max={24}
          required
          {...form.getInputProps("horizon")}
        />
      </SimpleGrid>
      {preview.length ? (
        <Text size="xs" c="dimmed">
          {preview.map((p) => p.label).join(" · ")}
          {previewNote ? previewNote : null}
        </Text>
      ) : null}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {lanesLabel}
        </Text>
        <SegmentedControl
          data={LANE_BY.map((l) => ({ value: l, label: LANE_BY_LABELS[l] }))}
          {...form.getInputProps("laneBy")}
        />
      </Stack>
    </>
  );
}
