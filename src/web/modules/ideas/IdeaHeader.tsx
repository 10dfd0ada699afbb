import { ActionIcon, Anchor, Badge, Button, Group, Menu, Stack, Text, Title, Tooltip } from "@mantine/core";
import {
  IconArrowLeft,
  IconDots,
  IconEye,
  IconEyeCheck,
  IconGitMerge,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconTrash,
} from "@tabler/icons-react";
import { Link } from "wouter";
import { FRAMEWORK_LABELS, type Framework } from "../../../shared/enums.ts";
import { notifyError } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { StatusBadge } from "./components.tsx";
import { useWatchIdea } from "./hooks.ts";
import { ideaPaths } from "./paths.ts";
import type { Idea } from "./types.ts";

/** The idea's title, badges and actions (watch, edit, pin, merge, delete). */
export function IdeaHeader({
  idea,
  productName,
  framework,
  canWrite,
  canPrioritize,
  editing,
  onEdit,
  onPin,
  onMerge,
  onUnpin,
  onRemove,
}: {
  idea: Idea;
  productName: string | undefined;
  framework: Framework;
  canWrite: boolean;
  canPrioritize: boolean;
  editing: boolean;
  onEdit: () => void;
  onPin: () => void;
  onMerge: () => void;
  onUnpin: () => void;
  onRemove: () => void;
}) {
  const { workspaceId: wid, can } = useWorkspace();
  const watch = useWatchIdea(wid, idea.id);
  return (
    <Stack gap={6}>
      <Anchor component={Link} href={ideaPaths.backlog(wid, idea.productId)} size="sm" c="dimmed">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          {productName ? `${productName} ideas` : "Ideas"}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Title order={1} style={{ overflowWrap: "anywhere" }}>
            <Text span inherit c="dimmed" fw={400}>
              #{idea.number}
            </Text>{" "}
            {idea.title}
          </Title>
          <Group gap="xs">
            <StatusBadge status={idea.status} size="md" />
            {idea.pinnedRank !== null ? (
              <Tooltip label={idea.pinReason ?? ""} disabled={!idea.pinReason} multiline maw={300}>
                <Badge color="orange" variant="light" leftSection={<IconPin size={12} />}>
                  Pinned at {idea.pinnedRank}
                </Badge>
              </Tooltip>
            ) : null}
            {idea.rank !== null ? (
              <Badge variant="default">
                Rank {idea.rank} · {FRAMEWORK_LABELS[framework]}
              </Badge>
            ) : null}
            {idea.tags.map((t) => (
              <Badge key={t} variant="default" radius="sm" tt="none" fw={500}>
                {t}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Tooltip
            label={
              idea.watching
                ? "You get notified of changes and comments"
                : "Get notified of changes and comments"
            }
          >
            <Button
              variant={idea.watching ? "light" : "default"}
              leftSection={idea.watching ? <IconEyeCheck size={16} /> : <IconEye size={16} />}
              onClick={() =>
                watch.mutate(!idea.watching, {
                  onError: (err) => notifyError(err, "Could not change watching"),
                })
              }
              loading={watch.isPending}
            >
              {idea.watching ? "Watching" : "Watch"}
              {idea.watcherCount ? (
                <Text span size="xs" c="dimmed" ml={6}>
                  {idea.watcherCount}
                </Text>
              ) : null}
            </Button>
          </Tooltip>
          {canWrite && !editing ? (
            <Button leftSection={<IconPencil size={16} />} onClick={onEdit}>
              Edit
            </Button>
          ) : null}
          {canPrioritize || can("ideas.delete") ? (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label="More actions">
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {canPrioritize && idea.status !== "merged" ? (
                  <>
                    <Menu.Item leftSection={<IconPin size={14} />} onClick={onPin}>
                      {idea.pinnedRank !== null ? "Change the pinned rank…" : "Pin rank…"}
                    </Menu.Item>
                    {idea.pinnedRank !== null ? (
                      <Menu.Item leftSection={<IconPinnedOff size={14} />} onClick={onUnpin}>
                        Unpin
                      </Menu.Item>
                    ) : null}
                    <Menu.Item leftSection={<IconGitMerge size={14} />} onClick={onMerge}>
                      Merge into another idea…
                    </Menu.Item>
                  </>
                ) : null}
                {can("ideas.delete") ? (
                  <>
                    {canPrioritize ? <Menu.Divider /> : null}
                    <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={onRemove}>
                      Delete
                    </Menu.Item>
                  </>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      </Group>
    </Stack>
  );
}
