import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCalendar, IconDots, IconPencil, IconPlus, IconTarget, IconTrash } from "@tabler/icons-react";
import type { KeyResult, Objective } from "../../../shared/roadmap.schemas.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { elapsed, pct, rangeLabel } from "./format.ts";
import { useDeleteObjective } from "./hooks.ts";
import { KeyResultRow } from "./KeyResultRow.tsx";
import classes from "./objectives.module.css";
import { ImportancePips, ObjectiveStatusBadge, ProgressMeter, ScopeBadge } from "./parts.tsx";

/** Behind when an active objective's progress trails the share of its period gone by 20 points or more. */
export function isBehind(o: Objective): boolean {
  if (o.status !== "active" || o.progress === null) return false;
  return o.progress + 0.2 <= elapsed(o.periodStart, o.periodEnd);
}

export function ObjectiveCard({
  objective: o,
  productName,
  canEdit,
  onEdit,
  onAddKeyResult,
  onEditKeyResult,
}: {
  objective: Objective;
  productName: string | null;
  canEdit: boolean;
  onEdit: (o: Objective) => void;
  onAddKeyResult: (o: Objective) => void;
  onEditKeyResult: (o: Objective, kr: KeyResult) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const remove = useDeleteObjective(wid);
  const behind = isBehind(o);
  const done = o.keyResults.filter((k) => (k.progress ?? 0) >= 1).length;
  const gone = elapsed(o.periodStart, o.periodEnd);
  const titleId = `objective-${o.id}`;

  return (
    <Paper
      className="baton-surface"
      p={0}
      component="article"
      aria-labelledby={titleId}
      style={{ overflow: "hidden" }}
    >
      <Group p="lg" pb="md" align="flex-start" justify="space-between" wrap="nowrap" gap="lg">
        <Stack gap={8} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6}>
            <ScopeBadge productName={productName} />
            <ObjectiveStatusBadge status={o.status} />
            {behind ? (
              <Tooltip
                label={`${pct(o.progress)} done with ${pct(gone)} of the period gone`}
                multiline
                maw={260}
              >
                <Badge color="orange" variant="outline">
                  Behind
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          <Title order={3} fz="lg" id={titleId} style={{ overflowWrap: "anywhere" }}>
            {o.title}
          </Title>
          {o.description ? (
            <Text size="sm" c="dimmed" lineClamp={2} maw={760}>
              {o.description}
            </Text>
          ) : null}
          <Group gap="lg" mt={2}>
            <Group gap={6} wrap="nowrap">
              {o.ownerName ? <UserAvatar name={o.ownerName} size={22} /> : null}
              <Text size="sm" c={o.ownerName ? undefined : "dimmed"}>
                <Text span size="xs" c="dimmed">
                  Owner{" "}
                </Text>
                {o.ownerName ?? "nobody"}
              </Text>
            </Group>
            <Group gap={6} wrap="nowrap" c="dimmed">
              <IconCalendar size={15} aria-hidden />
              <Text size="sm" c="dimmed">
                {rangeLabel(o.periodStart, o.periodEnd)}
              </Text>
            </Group>
            <ImportancePips value={o.importance} />
          </Group>
        </Stack>
        <Stack gap={6} w={220} style={{ flexShrink: 0 }}>
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              Progress
            </Text>
            {canEdit ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for ${o.title}`}>
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(o)}>
                    Edit objective
                  </Menu.Item>
                  <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => onAddKeyResult(o)}>
                    Add key result
                  </Menu.Item>
                  <Menu.Divider />
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={14} />}
                    onClick={() =>
                      confirmAction({
                        title: "Delete this objective?",
                        message: `“${o.title}”, its ${pluralize(o.keyResults.length, "key result")} and its links to ideas and roadmap items are deleted.`,
                        confirmLabel: "Delete objective",
                        onConfirm: () =>
                          remove.mutate(o.id, {
                            onSuccess: () => notifySuccess(`“${o.title}” was deleted.`),
                            onError: (e) => notifyError(e),
                          }),
                      })
                    }
                  >
                    Delete objective
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
          <ProgressMeter value={o.progress} label={`Progress of ${o.title}`} behind={behind} size="md" />
          <Text size="xs" c="dimmed">
            {o.keyResults.length
              ? `${done} of ${pluralize(o.keyResults.length, "key result")} at target`
              : "No key results yet"}
            {o.status === "active" ? ` · ${pct(gone)} of period gone` : ""}
          </Text>
        </Stack>
      </Group>
      <Box className={classes.krList}>
        {o.keyResults.length ? (
          <ul className={classes.krUl} aria-label={`Key results of ${o.title}`}>
            {o.keyResults.map((k) => (
              <KeyResultRow key={k.id} kr={k} canEdit={canEdit} onEdit={(kr) => onEditKeyResult(o, kr)} />
            ))}
          </ul>
        ) : (
          <Group gap="xs" px="lg" py="sm" c="dimmed">
            <IconTarget size={16} aria-hidden />
            <Text size="sm" c="dimmed">
              No key results — add a measurable target so progress can be tracked.
            </Text>
          </Group>
        )}
        {canEdit ? (
          <Box px="md" py={6} className={classes.krFooter}>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onAddKeyResult(o)}
              aria-label={`Add key result to ${o.title}`}
            >
              Add key result
            </Button>
          </Box>
        ) : null}
      </Box>
    </Paper>
  );
}
