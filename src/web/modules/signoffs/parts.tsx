import { Badge, Group, Progress, Text, Tooltip } from "@mantine/core";
import { IconClock } from "@tabler/icons-react";
import { SIGNOFF_DECISION_LABELS, type SignoffDecision } from "../../../shared/enums.ts";
import type { Period } from "../../../shared/roadmap.schemas.ts";
import type { Signoff, SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { periodOf } from "../../../shared/signoff.ts";
import { browserTimeZone, formatDateTimeZone, relativeTime } from "../../lib/format.ts";

/** "Jan 31, 2027, 5:00 PM CET" in a given time zone (an unknown zone falls back to the user's): lib/format.ts. */
export function formatInZone(iso: string, timeZone?: string | null): string {
  return formatDateTimeZone(iso, { timeZone: timeZone ?? undefined });
}
export { browserTimeZone };

/** The props of a dialog acting on an open request (revise, extend, cancel, edit approvers). */
export interface SignoffModalProps {
  signoff: SignoffDetail;
  opened: boolean;
  onClose: () => void;
}

/** The label of the period an item sits in ("Unplanned" without one; the month itself outside the periods). */
export function periodName(periods: Period[], key: string | null): string {
  if (!key) return "Unplanned";
  return periodOf(periods, key)?.label ?? key;
}

type StatusLike = Pick<Signoff, "status" | "overdue">;

export function SignoffStatusBadge({ signoff, size = "md" }: { signoff: StatusLike; size?: "sm" | "md" }) {
  if (signoff.status === "approved")
    return (
      <Badge color="teal" variant="filled" size={size}>
        Approved
      </Badge>
    );
  if (signoff.status === "cancelled")
    return (
      <Badge color="gray" variant="light" size={size}>
        Cancelled
      </Badge>
    );
  if (signoff.overdue)
    return (
      <Tooltip label="The deadline passed with approvals missing; the PM and the owner were told">
        <Badge color="red" variant="filled" size={size}>
          Overdue
        </Badge>
      </Tooltip>
    );
  return (
    <Badge color="blue" variant="light" size={size}>
      Open
    </Badge>
  );
}

export const DECISION_COLORS: Record<SignoffDecision, string> = {
  pending: "gray",
  approved: "teal",
  approved_with_comments: "lime",
  objected: "red",
};

export function DecisionBadge({ decision, size = "sm" }: { decision: SignoffDecision; size?: "xs" | "sm" }) {
  return (
    <Badge
      color={DECISION_COLORS[decision]}
      variant={decision === "pending" ? "outline" : "light"}
      size={size}
    >
      {SIGNOFF_DECISION_LABELS[decision]}
    </Badge>
  );
}

/** "due in 2 days" (red once overdue) with the exact time in the viewer's zone on hover. */
export function DeadlineText({
  signoff,
  timeZone,
  size = "sm",
}: {
  signoff: Pick<Signoff, "status" | "deadline" | "closedAt" | "overdue">;
  timeZone?: string | null;
  size?: "xs" | "sm";
}) {
  const open = signoff.status === "open";
  const at = open ? signoff.deadline : (signoff.closedAt ?? signoff.deadline);
  const past = new Date(at).getTime() <= Date.now();
  const label = !open
    ? `${signoff.status === "approved" ? "approved" : "closed"} ${relativeTime(at)}`
    : past
      ? `was due ${relativeTime(at)}`
      : `due ${relativeTime(at)}`;
  const red = open && (signoff.overdue || past);
  return (
    <Tooltip label={formatInZone(at, timeZone)}>
      <Group gap={4} wrap="nowrap" c={red ? "red" : "dimmed"}>
        <IconClock size={14} aria-hidden />
        <Text size={size} c={red ? "red" : "dimmed"} fw={red ? 600 : undefined} component="span">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}

/** Required approvals: x of y with a bar. */
export function RequiredProgress({
  signoff,
  w = 160,
}: {
  signoff: Pick<Signoff, "counts">;
  w?: number | string;
}) {
  const { required, requiredApproved } = signoff.counts;
  const pct = required > 0 ? (100 * requiredApproved) / required : 0;
  const label = `${requiredApproved} of ${required} required approved`;
  return (
    <Group gap={8} wrap="nowrap" w={w}>
      <Progress
        value={pct}
        size="sm"
        color={requiredApproved >= required && required > 0 ? "teal" : "baton"}
        style={{ flex: 1 }}
        aria-label={label}
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {requiredApproved}/{required}
      </Text>
    </Group>
  );
}

const pad = (n: number) => String(n).padStart(2, "0");
/** A Date as the value of an <input type="datetime-local"> (browser time, minutes). */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** `days` from now at 17:00, browser time. */
export function defaultDeadline(days = 7): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  d.setHours(17, 0, 0, 0);
  return toLocalInput(d);
}
export function validDeadline(v: string): string | null {
  if (!v) return "Set a deadline";
  const t = new Date(v).getTime();
  if (Number.isNaN(t)) return "Give a date and a time";
  if (t <= Date.now()) return "The deadline must be in the future";
  return null;
}

/** Under a datetime-local input: the chosen instant in the viewer's profile time zone. */
export function DeadlineHint({ value, timeZone }: { value: string; timeZone: string }) {
  const t = new Date(value);
  if (!value || Number.isNaN(t.getTime())) return null;
  return (
    <Text size="xs" c="dimmed">
      {formatInZone(t.toISOString(), timeZone)} in your time zone ({timeZone}) · due{" "}
      {relativeTime(t.toISOString())}. Approvers see it in their own time zone.
    </Text>
  );
}
