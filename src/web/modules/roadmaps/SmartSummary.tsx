import { Badge, Group, RingProgress, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { SMART_KEYS, SMART_LABELS, type SmartKey } from "../../../shared/enums.ts";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { SMART_LETTER } from "./smart.tsx";

/**
 * "14 of 20 items pass SMART", then one small red badge per failing rule with its count: a badge filters the
 * views to the items failing that rule (again to clear).
 */
export function SmartSummary({
  summary,
  failing,
  onFailing,
}: {
  summary: RoadmapView["smartSummary"];
  failing: SmartKey | null;
  onFailing: (k: SmartKey | null) => void;
}) {
  const pct = summary.items ? (summary.passing / summary.items) * 100 : 100;
  return (
    <Group gap="sm" wrap="wrap" aria-label="SMART summary">
      <Group gap={6} wrap="nowrap">
        <RingProgress
          size={34}
          thickness={4}
          roundCaps
          sections={[{ value: pct, color: pct === 100 ? "teal" : pct >= 60 ? "yellow" : "red" }]}
          aria-hidden
        />
        <Text size="sm">
          <Text span fw={700}>
            {summary.passing} of {summary.items}
          </Text>{" "}
          items pass SMART
        </Text>
      </Group>
      <Group gap={4} wrap="wrap">
        {SMART_KEYS.map((k) => {
          const n = summary.failing[k];
          if (!n) return null;
          const active = failing === k;
          return (
            <Tooltip
              key={k}
              label={
                active
                  ? "Show every item again"
                  : `Show the ${n} item${n === 1 ? "" : "s"} failing ${SMART_LABELS[k]}`
              }
              withArrow
              openDelay={300}
            >
              <UnstyledButton
                onClick={() => onFailing(active ? null : k)}
                aria-pressed={active}
                aria-label={`${n} failing ${SMART_LABELS[k]}`}
              >
                <Badge
                  color="red"
                  variant={active ? "filled" : "light"}
                  size="sm"
                  leftSection={<b>{SMART_LETTER[k]}</b>}
                  style={{ cursor: "pointer" }}
                >
                  {n} {SMART_LABELS[k].toLowerCase()}
                </Badge>
              </UnstyledButton>
            </Tooltip>
          );
        })}
      </Group>
    </Group>
  );
}
