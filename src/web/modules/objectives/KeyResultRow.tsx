import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Group,
  Menu,
  NumberInput,
  Popover,
  Stack,
  Text,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowRight,
  IconCalendarDue,
  IconDots,
  IconPencil,
  IconTrash,
  IconTrendingUp,
} from "@tabler/icons-react";
import { useState } from "react";
import type { KeyResult } from "../../../shared/roadmap.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { dayLabel, parseAmount, today, withUnit } from "./format.ts";
import { useDeleteKeyResult, useObjectives, useUpdateKeyResult } from "./hooks.ts";
import classes from "./objectives.module.css";
import { ProgressMeter } from "./parts.tsx";

/** One key result: metric, baseline → current → target, due date, progress, and its actions. */
export function KeyResultRow({
  kr,
  canEdit,
  onEdit,
}: {
  kr: KeyResult;
  canEdit: boolean;
  onEdit: (kr: KeyResult) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const remove = useDeleteKeyResult(wid);
  const overdue = kr.dueDate.slice(0, 10) < today() && (kr.progress ?? 0) < 1;
  return (
    <Box component="li" className={classes.krRow} aria-label={kr.title}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} lineClamp={2}>
          {kr.title}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {kr.metricName}
        </Text>
      </Stack>
      <Group gap={6} wrap="nowrap" className={classes.krValues}>
        <Tooltip label="Baseline">
          <Text size="sm" c="dimmed" span>
            {withUnit(kr.baseline, kr.unit)}
          </Text>
        </Tooltip>
        <IconArrowRight size={12} color="var(--mantine-color-dimmed)" aria-hidden />
        <Tooltip label={kr.current === null ? "Not measured yet" : "Current"}>
          <Text size="sm" fw={700} span c={kr.current === null ? "dimmed" : undefined}>
            {kr.current === null ? "—" : withUnit(kr.current, kr.unit)}
          </Text>
        </Tooltip>
        <IconArrowRight size={12} color="var(--mantine-color-dimmed)" aria-hidden />
        <Tooltip label="Target">
          <Text size="sm" span>
            {withUnit(kr.target, kr.unit)}
          </Text>
        </Tooltip>
      </Group>
      <Group gap={4} wrap="nowrap" c={overdue ? "red" : "dimmed"}>
        <IconCalendarDue size={14} aria-hidden />
        <Text size="xs" c={overdue ? "red" : "dimmed"} style={{ whiteSpace: "nowrap" }}>
          <VisuallyHidden>Due </VisuallyHidden>
          {dayLabel(kr.dueDate)}
        </Text>
      </Group>
      <ProgressMeter value={kr.progress} label={`Progress of ${kr.title}`} />
      <Group gap={4} wrap="nowrap" justify="flex-end">
        {canEdit ? (
          <>
            <RecordProgress kr={kr} />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${kr.title}`}>
                  <IconDots size={16} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(kr)}>
                  Edit key result
                </Menu.Item>
                <Menu.Item
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() =>
                    confirmAction({
                      title: "Delete this key result?",
                      message: `“${kr.title}” and its progress are removed from the objective.`,
                      confirmLabel: "Delete key result",
                      onConfirm: () =>
                        remove.mutate(kr.id, {
                          onSuccess: () => notifySuccess("Key result deleted."),
                          onError: (e) => notifyError(e),
                        }),
                    })
                  }
                >
                  Delete key result
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </>
        ) : null}
      </Group>
    </Box>
  );
}

/** "Record progress": enter today's value of the metric; Enter saves. */
function RecordProgress({ kr }: { kr: KeyResult }) {
  const { workspaceId: wid } = useWorkspace();
  const [opened, { close, toggle }] = useDisclosure(false);
  const [value, setValue] = useState<string | number>(kr.current ?? "");
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const update = useUpdateKeyResult(wid);
  const list = useObjectives(wid, null);

  const open = () => {
    setValue(kr.current ?? "");
    setError(null);
    setStale(false);
    toggle();
  };

  const save = () => {
    const n = parseAmount(value);
    if (n !== null && Number.isNaN(n)) {
      setError("Enter a number");
      return;
    }
    update.mutate(
      { id: kr.id, version: kr.version, current: n },
      {
        onSuccess: (o) => {
          const fresh = o?.keyResults.find((k) => k.id === kr.id);
          notifySuccess(
            n === null
              ? "The reading was cleared."
              : `${kr.metricName} is now ${withUnit(n, kr.unit)}${
                  fresh?.progress != null ? ` (${Math.round(fresh.progress * 100)}% of the way)` : ""
                }.`,
            "Progress recorded",
          );
          close();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.isStale) setStale(true);
          else setError(e instanceof ApiError ? (e.fields.current ?? e.message) : errorMessage(e));
        },
      },
    );
  };

  return (
    <Popover
      opened={opened}
      onChange={(o) => !o && close()}
      position="bottom-end"
      width={300}
      trapFocus
      withArrow
    >
      <Popover.Target>
        <Tooltip label="Record progress" disabled={opened}>
          <ActionIcon
            variant="light"
            aria-label={`Record progress on ${kr.title}`}
            onClick={opened ? close : open}
          >
            <IconTrendingUp size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              Record progress
            </Text>
            {stale ? (
              <StaleAlert
                what="key result"
                reloading={list.isFetching}
                onReload={async () => {
                  await list.refetch();
                  close();
                }}
              />
            ) : null}
            <NumberInput
              label="Current"
              description={`${kr.metricName}: ${withUnit(kr.baseline, kr.unit)} → ${withUnit(kr.target, kr.unit)}`}
              value={value}
              onChange={setValue}
              hideControls
              decimalScale={4}
              rightSection={kr.unit ? <Text size="xs">{kr.unit}</Text> : null}
              rightSectionWidth={kr.unit ? Math.min(80, 14 + kr.unit.length * 7) : undefined}
              error={error}
              data-autofocus
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  e.stopPropagation();
                  close();
                }
              }}
            />
            {update.isError && !stale && !error ? (
              <Alert color="red" variant="light">
                {errorMessage(update.error)}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={close}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
