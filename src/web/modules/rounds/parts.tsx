import { Badge, Group, Progress, Text, Tooltip } from "@mantine/core";
import { IconClock } from "@tabler/icons-react";
import type { Round } from "../../../shared/ideas.schemas.ts";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { isPastDeadline } from "./hooks.ts";

/** Open / voting ended / closed. */
export function RoundStatusBadge({ round }: { round: Pick<Round, "status" | "deadline" | "closeReason"> }) {
  if (round.status === "closed") {
    return (
      <Badge color="gray" variant="light">
        Closed
      </Badge>
    );
  }
  if (isPastDeadline(round)) {
    return (
      <Tooltip label="The deadline passed; the round closes shortly">
        <Badge color="orange" variant="light">
          Deadline passed
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge color="teal" variant="light">
      Open
    </Badge>
  );
}

/** "closes in 2 days" / "closed 3 hours ago", with the exact time on hover. */
export function DeadlineText({
  round,
  size = "sm",
}: {
  round: Pick<Round, "status" | "deadline" | "closedAt">;
  size?: "xs" | "sm";
}) {
  const closed = round.status === "closed";
  const at = closed ? (round.closedAt ?? round.deadline) : round.deadline;
  const past = new Date(at).getTime() <= Date.now();
  const label = closed
    ? `closed ${relativeTime(at)}`
    : past
      ? `was due ${relativeTime(at)}`
      : `closes ${relativeTime(at)}`;
  return (
    <Tooltip label={formatDateTime(at)}>
      <Group gap={4} wrap="nowrap" c="dimmed">
        <IconClock size={14} aria-hidden />
        <Text size={size} c="dimmed" component="span">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}

/** done/total with a thin bar. */
export function ProgressLine({
  done,
  total,
  label,
  w = 140,
}: {
  done: number;
  total: number;
  label: string;
  w?: number | string;
}) {
  const pct = total > 0 ? (100 * done) / total : 0;
  return (
    <Group gap={8} wrap="nowrap" w={w}>
      <Progress
        value={pct}
        size="sm"
        color={done >= total && total > 0 ? "teal" : "baton"}
        style={{ flex: 1 }}
        aria-label={label}
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
        {done}/{total}
      </Text>
    </Group>
  );
}

export function formatScore(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return n.toFixed(digits).replace(/\.0+$/, "");
}

/** Trims trailing zeros: 4.20 → "4.2", 3 → "3". */
export function fmt(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return String(Number(n.toFixed(digits)));
}
