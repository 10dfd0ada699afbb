import { Badge, Button, Group, Loader, Progress, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconCloudUpload,
  IconLock,
} from "@tabler/icons-react";
import { useState } from "react";
import type { FactorDef } from "../../../shared/ideas.schemas.ts";
import { colorFor } from "../../lib/format.ts";
import { fmt } from "./parts.tsx";
import css from "./rounds.module.css";
import type { BallotState, Cell, Other, SaveState } from "./useBallotAutosave.ts";

/** "4 — Large revenue impact" (or just "4" when the factor has no labels). */
export function valueLabel(f: FactorDef, v: number): string {
  const l = f.labels[v - f.scaleMin];
  return l ? `${v} — ${l}` : String(v);
}

/** The values of a factor's scale, lowest first. */
export const scaleOf = (f: FactorDef) =>
  Array.from({ length: f.scaleMax - f.scaleMin + 1 }, (_, i) => f.scaleMin + i);

/** "12 of 40 rated" with its bar, and whether the changes are saved. */
export function BallotProgress({ ballot }: { ballot: BallotState }) {
  const { progress } = ballot;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="sm" wrap="nowrap" style={{ flex: "1 1 220px" }}>
        <Progress
          value={progress.total ? (100 * progress.done) / progress.total : 0}
          color={progress.done >= progress.total && progress.total > 0 ? "teal" : "baton"}
          size="md"
          style={{ flex: 1, maxWidth: 320 }}
          aria-label="My progress"
        />
        <Text size="sm" fw={600} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
          {progress.done} of {progress.total} rated
        </Text>
      </Group>
      <SaveStatus state={ballot.save} onRetry={ballot.retry} pending={ballot.pendingCount} />
    </Group>
  );
}

/** Asks why the voter abstains (at least 3 characters) before the abstention counts. */
export function AbstainForm({
  context,
  initial,
  size = "xs",
  onConfirm,
  onCancel,
}: {
  context: string;
  initial: string;
  size?: "xs" | "md";
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const text = reason.trim();
        if (text.length < 3) setError("Say why you abstain (at least 3 characters)");
        else onConfirm(text);
      }}
    >
      <Stack gap="xs">
        <TextInput
          label="Why do you abstain?"
          description={context}
          placeholder="e.g. Not my area"
          size={size}
          data-autofocus
          value={reason}
          error={error}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              onCancel();
            }
          }}
        />
        <Group justify="flex-end" gap="xs">
          <Button size={size === "xs" ? "compact-sm" : "sm"} variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button size={size === "xs" ? "compact-sm" : "sm"} type="submit">
            Abstain
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function SaveStatus({
  state,
  onRetry,
  pending,
}: {
  state: SaveState;
  onRetry: () => void;
  pending: number;
}) {
  let content: React.ReactNode = (
    <Text size="sm" c="dimmed">
      Changes save automatically
    </Text>
  );
  if (state.kind === "saving")
    content = (
      <Group gap={6} wrap="nowrap">
        <Loader size={14} />
        <Text size="sm" c="dimmed">
          Saving…
        </Text>
      </Group>
    );
  else if (state.kind === "saved")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
        <Text size="sm" c="teal" fw={500}>
          Saved
        </Text>
      </Group>
    );
  else if (state.kind === "error")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" aria-hidden />
        <Text size="sm" c="red">
          Not saved: {state.message}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconCloudUpload size={12} />}
          onClick={onRetry}
        >
          Retry ({pending})
        </Button>
      </Group>
    );
  else if (state.kind === "closed")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconLock size={16} aria-hidden />
        <Text size="sm" c="orange">
          Not saved: the round is closed
        </Text>
      </Group>
    );
  return (
    <div role="status" aria-live="polite" data-testid="save-status">
      {content}
    </div>
  );
}

export function CellValue({ factor, cell }: { factor: FactorDef; cell: Cell | undefined }) {
  if (!cell || (cell.value === null && !cell.abstainReason))
    return (
      <span className={css.value} data-empty="true">
        ·
      </span>
    );
  if (cell.value === null)
    return (
      <Tooltip label={`Abstained: ${cell.abstainReason}`}>
        <span className={css.value} data-abstained="true">
          Abstain
        </span>
      </Tooltip>
    );
  const frac = (cell.value - factor.scaleMin) / Math.max(1, factor.scaleMax - factor.scaleMin);
  return (
    <span
      className={css.value}
      data-strong={frac > 0.6}
      style={{
        background: `color-mix(in srgb, var(--mantine-color-baton-5) ${Math.round(12 + 48 * frac)}%, transparent)`,
      }}
    >
      {cell.value}
    </span>
  );
}

export function OthersLine({ list, factor }: { list: Other[] | undefined; factor: FactorDef }) {
  if (!list?.length) return null;
  const values = list.filter((o) => o.value !== null).map((o) => o.value as number);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return (
    <Tooltip
      label={
        <Stack gap={2}>
          {list.map((o) => (
            <Text key={o.voterName} size="xs">
              {o.voterName}: {o.value !== null ? valueLabel(factor, o.value) : "abstained"}
            </Text>
          ))}
        </Stack>
      }
    >
      <span className={css.others}>
        <span aria-hidden style={{ display: "inline-flex", gap: 2 }}>
          {list.slice(0, 5).map((o) => (
            <span
              key={o.voterName}
              style={{
                width: 6,
                height: 6,
                borderRadius: 999,
                background: `var(--mantine-color-${colorFor(o.voterName)}-5)`,
              }}
            />
          ))}
        </span>
        <span>
          {list.length} {list.length === 1 ? "other" : "others"} ·{" "}
          {mean === null ? "—" : `avg ${fmt(mean, 1)}`}
        </span>
      </span>
    </Tooltip>
  );
}

/** A factor's column header: name, direction and weight; its description and scale labels on hover. */
export function FactorHeader({ factor: f, compact }: { factor: FactorDef; compact?: boolean }) {
  return (
    <Tooltip
      multiline
      w={280}
      withArrow
      label={
        <Stack gap={4}>
          {f.description ? <Text size="xs">{f.description}</Text> : null}
          <Text size="xs" fw={600}>
            {f.direction === "cost"
              ? "Cost: a higher rating lowers the score"
              : "Benefit: a higher rating raises the score"}
            {` · weight ${fmt(f.weight)}`}
          </Text>
          {Array.from({ length: f.scaleMax - f.scaleMin + 1 }, (_, i) => f.scaleMin + i).map((v) => (
            <Text key={v} size="xs">
              {valueLabel(f, v)}
            </Text>
          ))}
        </Stack>
      }
    >
      <Stack gap={2} align="center" style={{ cursor: "help" }} tabIndex={-1}>
        <Text size="sm" fw={600} ta="center" style={{ whiteSpace: "normal", lineHeight: 1.2 }}>
          {f.name}
        </Text>
        {compact ? null : (
          <Badge
            size="xs"
            variant="light"
            color={f.direction === "cost" ? "orange" : "teal"}
            leftSection={f.direction === "cost" ? <IconArrowDown size={10} /> : <IconArrowUp size={10} />}
          >
            {f.direction} · ×{fmt(f.weight)}
          </Badge>
        )}
      </Stack>
    </Tooltip>
  );
}
