import { Badge, Box, Group, Progress, Text, Tooltip } from "@mantine/core";
import { IconBuilding, IconPackage } from "@tabler/icons-react";
import type { ObjectiveStatus } from "../../../shared/enums.ts";
import { IMPORTANCE_LABELS, OBJECTIVE_STATUS_COLORS, OBJECTIVE_STATUS_LABELS, pct } from "./format.ts";

export function ObjectiveStatusBadge({ status }: { status: ObjectiveStatus }) {
  return (
    <Badge color={OBJECTIVE_STATUS_COLORS[status]} variant="light">
      {OBJECTIVE_STATUS_LABELS[status]}
    </Badge>
  );
}

/** Importance 1–5 as five pips, the label on hover. */
export function ImportancePips({ value }: { value: number }) {
  const label = `Importance ${value} of 5 (${IMPORTANCE_LABELS[value] ?? ""})`;
  return (
    <Tooltip label={label}>
      <Group gap={3} wrap="nowrap" role="img" aria-label={label}>
        {[1, 2, 3, 4, 5].map((i) => (
          <Box
            key={i}
            w={6}
            h={12}
            style={{
              borderRadius: 2,
              background:
                i <= value
                  ? value >= 4
                    ? "var(--mantine-color-orange-6)"
                    : "var(--mantine-color-baton-6)"
                  : "var(--mantine-color-default-border)",
            }}
          />
        ))}
      </Group>
    </Tooltip>
  );
}

/** "Company" or the product's name. */
export function ScopeBadge({ productName }: { productName: string | null }) {
  return productName ? (
    <Badge
      variant="default"
      radius="sm"
      leftSection={<IconPackage size={12} aria-hidden />}
      style={{ textTransform: "none", fontWeight: 500 }}
    >
      {productName}
    </Badge>
  ) : (
    <Badge
      variant="light"
      color="grape"
      radius="sm"
      leftSection={<IconBuilding size={12} aria-hidden />}
      style={{ textTransform: "none", fontWeight: 500 }}
    >
      Company
    </Badge>
  );
}

export function progressColor(p: number | null, behind = false): string {
  if (p === null) return "gray";
  if (p >= 1) return "teal";
  return behind ? "orange" : "baton";
}

/** A bar with the percentage beside it; null reads "No reading yet". */
export function ProgressMeter({
  value,
  label,
  behind = false,
  size = "sm",
  w,
}: {
  value: number | null;
  label: string;
  behind?: boolean;
  size?: "xs" | "sm" | "md";
  w?: number | string;
}) {
  return (
    <Group gap={8} wrap="nowrap" w={w}>
      <Progress
        value={value === null ? 0 : Math.round(value * 100)}
        color={progressColor(value, behind)}
        size={size}
        style={{ flex: 1, minWidth: 48 }}
        aria-label={label}
      />
      <Text
        size="xs"
        fw={600}
        c={value === null ? "dimmed" : undefined}
        w={34}
        ta="right"
        style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
      >
        {pct(value)}
      </Text>
    </Group>
  );
}
