import { Button, Group } from "@mantine/core";
import { IconPencil, IconPlayerPause, IconPlayerPlay, IconRefresh, IconTrash } from "@tabler/icons-react";

/** The run-now / edit / pause-resume / delete row shared by source and monitor cards. */
export function PollerActions(props: {
  runLabel: string;
  running: boolean;
  onRun: () => void;
  onEdit: () => void;
  enabled: boolean;
  toggling: boolean;
  onToggle: () => void;
  deleting: boolean;
  onDelete: () => void;
}) {
  return (
    <Group gap="xs" wrap="wrap">
      <Button
        size="xs"
        variant="light"
        leftSection={<IconRefresh size={14} />}
        loading={props.running}
        onClick={props.onRun}
      >
        {props.runLabel}
      </Button>
      <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={props.onEdit}>
        Edit
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={props.enabled ? <IconPlayerPause size={14} /> : <IconPlayerPlay size={14} />}
        loading={props.toggling}
        onClick={props.onToggle}
      >
        {props.enabled ? "Pause" : "Resume"}
      </Button>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={14} />}
        onClick={props.onDelete}
        loading={props.deleting}
      >
        Delete
      </Button>
    </Group>
  );
}
