import { Button, Group, Text } from "@mantine/core";
import {
  IconArchive,
  IconBan,
  IconCheck,
  IconLink,
  IconMailOpened,
  IconUserPlus,
  IconX,
} from "@tabler/icons-react";

/** Actions on every checked item (the same keys as for one item act on all of them). */
export function BulkBar({
  count,
  onAct,
  onAssign,
  onLink,
  onRead,
  onSelectAll,
  onClear,
  allSelected,
}: {
  count: number;
  onAct: (status: "triaged" | "archived" | "spam") => void;
  onAssign: () => void;
  onLink: () => void;
  onRead: () => void;
  onSelectAll: () => void;
  onClear: () => void;
  allSelected: boolean;
}) {
  return (
    <Group
      gap="xs"
      wrap="wrap"
      p="xs"
      className="baton-surface baton-fb-bar"
      role="toolbar"
      aria-label="Bulk actions"
    >
      <Text size="sm" fw={600} px={4} aria-live="polite">
        {count} selected
      </Text>
      {!allSelected ? (
        <Button size="compact-sm" variant="subtle" onClick={onSelectAll}>
          Select all loaded
        </Button>
      ) : null}
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconCheck size={14} />}
        onClick={() => onAct("triaged")}
      >
        Triaged
      </Button>
      <Button size="compact-sm" variant="default" leftSection={<IconLink size={14} />} onClick={onLink}>
        Link
      </Button>
      <Button size="compact-sm" variant="default" leftSection={<IconUserPlus size={14} />} onClick={onAssign}>
        Assign
      </Button>
      <Button size="compact-sm" variant="default" leftSection={<IconMailOpened size={14} />} onClick={onRead}>
        Mark read
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconArchive size={14} />}
        onClick={() => onAct("archived")}
      >
        Archive
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconBan size={14} />}
        onClick={() => onAct("spam")}
      >
        Spam
      </Button>
      <Button
        size="compact-sm"
        variant="subtle"
        color="gray"
        leftSection={<IconX size={14} />}
        onClick={onClear}
      >
        Clear
      </Button>
    </Group>
  );
}
