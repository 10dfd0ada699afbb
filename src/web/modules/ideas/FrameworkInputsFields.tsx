import { Badge, Group, NumberInput, SimpleGrid, Stack, Text } from "@mantine/core";
import type { Framework } from "../../../shared/enums.ts";
import { FRAMEWORK_LABELS } from "../../../shared/enums.ts";
import type { FrameworkInputs } from "./types.ts";

export type InputKey = keyof FrameworkInputs;

interface FieldDef {
  key: InputKey;
  label: string;
  description: string;
  max: number;
  step?: number;
  suffix?: string;
  used: Framework[];
}

export const INPUT_FIELDS: FieldDef[] = [
  { key: "reach", label: "Reach", description: "People or events per period", max: 1e9, used: ["rice"] },
  {
    key: "impact",
    label: "Impact",
    description: "RICE 0.25–3, ICE 1–10",
    max: 10,
    step: 0.25,
    used: ["rice", "ice"],
  },
  {
    key: "confidence",
    label: "Confidence",
    description: "How sure you are, in %",
    max: 100,
    suffix: " %",
    used: ["rice", "ice"],
  },
  {
    key: "effort",
    label: "Effort",
    description: "Person-days or points",
    max: 100_000,
    step: 0.5,
    used: ["rice"],
  },
  { key: "ease", label: "Ease", description: "1 hard … 10 trivial", max: 10, used: ["ice"] },
  {
    key: "businessValue",
    label: "Business value",
    description: "Usually Fibonacci, 1–20",
    max: 100,
    used: ["wsjf"],
  },
  {
    key: "timeCriticality",
    label: "Time criticality",
    description: "How fast the value decays",
    max: 100,
    used: ["wsjf"],
  },
  {
    key: "riskReduction",
    label: "Risk reduction",
    description: "Risk cut, options opened",
    max: 100,
    used: ["wsjf"],
  },
  { key: "jobSize", label: "Job size", description: "Relative size of the work", max: 100, used: ["wsjf"] },
];

export const INPUT_KEYS = INPUT_FIELDS.map((f) => f.key);
export const INPUT_LABELS = Object.fromEntries(INPUT_FIELDS.map((f) => [f.key, f.label])) as Record<
  InputKey,
  string
>;

export type InputValues = Record<InputKey, number | string>;

export function emptyInputValues(): InputValues {
  return Object.fromEntries(INPUT_KEYS.map((k) => [k, ""])) as InputValues;
}

export function inputValuesFrom(inputs: Partial<FrameworkInputs> | undefined): InputValues {
  return Object.fromEntries(INPUT_KEYS.map((k) => [k, inputs?.[k] ?? ""])) as InputValues;
}

/** Form values → the API's inputs (an empty box is null: "not estimated"). */
export function inputsFromValues(values: InputValues): Record<InputKey, number | null> {
  return Object.fromEntries(
    INPUT_KEYS.map((k) => {
      const v = values[k];
      const n = typeof v === "number" ? v : v === "" ? null : Number(v);
      return [k, n === null || Number.isNaN(n) ? null : n];
    }),
  ) as Record<InputKey, number | null>;
}

const GROUPS: { title: string; frameworks: Framework[]; keys: InputKey[] }[] = [
  {
    title: "RICE and ICE",
    frameworks: ["rice", "ice"],
    keys: ["reach", "impact", "confidence", "effort", "ease"],
  },
  {
    title: "WSJF",
    frameworks: ["wsjf"],
    keys: ["businessValue", "timeCriticality", "riskReduction", "jobSize"],
  },
];

/** The per-idea inputs of RICE, ICE and WSJF. `inputProps(key)` wires one to the form. */
export function FrameworkInputsFields({
  inputProps,
  active,
  disabled,
  reachFromEvidence,
}: {
  inputProps: (key: InputKey) => object;
  active?: Framework;
  disabled?: boolean;
  /** the product takes RICE's reach from customer evidence: the entered reach is kept but unused */
  reachFromEvidence?: boolean;
}) {
  return (
    <Stack gap="md">
      {GROUPS.map((g) => (
        <Stack key={g.title} gap={6}>
          <Group gap={6}>
            <Text size="sm" fw={600}>
              {g.title}
            </Text>
            {active && g.frameworks.includes(active) ? (
              <Badge size="xs" variant="light">
                {FRAMEWORK_LABELS[active]} is active
              </Badge>
            ) : null}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm" verticalSpacing="xs">
            {g.keys.map((k) => {
              const f = INPUT_FIELDS.find((x) => x.key === k)!;
              return (
                <NumberInput
                  key={k}
                  label={f.label}
                  description={
                    k === "reach" && reachFromEvidence
                      ? "Overridden: RICE uses distinct customers in the evidence"
                      : f.description
                  }
                  min={0}
                  max={f.max}
                  step={f.step ?? 1}
                  decimalScale={k === "confidence" ? 1 : 2}
                  suffix={f.suffix}
                  allowNegative={false}
                  thousandSeparator={k === "reach" ? "," : undefined}
                  placeholder="Not estimated"
                  styles={{
                    description: { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" },
                  }}
                  disabled={disabled}
                  {...inputProps(k)}
                />
              );
            })}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
