import { Avatar, Group, Menu, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconCheck, IconPlus, IconSelector } from "@tabler/icons-react";
import { useLocation } from "wouter";
import { ROLE_LABELS } from "../../../shared/enums.ts";
import { colorFor, initials } from "../../lib/format.ts";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";

export function WorkspaceAvatar({ name, size = 26 }: { name: string; size?: number }) {
  return (
    <Avatar size={size} radius="sm" color={colorFor(name)} variant="filled">
      <Text fz={size * 0.42} fw={700} c="inherit">
        {initials(name)}
      </Text>
    </Avatar>
  );
}

export function WorkspaceSwitcher({ onCreate }: { onCreate: () => void }) {
  const { workspace, session } = useWorkspace();
  const [, navigate] = useLocation();
  return (
    <Menu position="bottom-start" width={280} offset={6}>
      <Menu.Target>
        <UnstyledButton
          aria-label={`Workspace: ${workspace.name}. Switch workspace`}
          px={8}
          py={4}
          style={{ borderRadius: "var(--mantine-radius-md)", minWidth: 0 }}
          className="baton-switcher"
        >
          <Group gap={8} wrap="nowrap">
            <WorkspaceAvatar name={workspace.name} />
            <Text fw={600} size="sm" truncate maw={{ base: 120, sm: 220 }}>
              {workspace.name}
            </Text>
            <IconSelector size={14} style={{ opacity: 0.6, flexShrink: 0 }} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your workspaces</Menu.Label>
        {session.workspaces.map((w) => (
          <Menu.Item
            key={w.id}
            leftSection={<WorkspaceAvatar name={w.name} size={22} />}
            rightSection={w.id === workspace.id ? <IconCheck size={16} /> : null}
            onClick={() => navigate(paths.home(w.id))}
            aria-current={w.id === workspace.id ? "true" : undefined}
          >
            <Stack gap={0}>
              <Text size="sm" fw={500} truncate maw={170}>
                {w.name}
              </Text>
              <Text size="xs" c="dimmed">
                {ROLE_LABELS[w.role]}
              </Text>
            </Stack>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={16} />} onClick={onCreate}>
          Create workspace
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
