import { Group, Menu, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconDevices, IconKey, IconLogout, IconUserCircle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { api } from "../../api/client.ts";
import { useDropSession } from "../../api/session.ts";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";

export function useLogout() {
  const dropSession = useDropSession();
  const [, navigate] = useLocation();
  return useMutation({
    mutationFn: () => api.post("/auth/logout"),
    onSettled: () => {
      dropSession();
      navigate("/login", { replace: true });
    },
  });
}

export function UserMenu() {
  const { user, workspaceId } = useWorkspace();
  const [, navigate] = useLocation();
  const logout = useLogout();
  return (
    <Menu position="bottom-end" width={240} offset={6}>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.name}`} style={{ borderRadius: 999 }}>
          <UserAvatar name={user.name} size={32} />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Group px="sm" py={8} gap="sm" wrap="nowrap">
          <UserAvatar name={user.name} size={36} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {user.email}
            </Text>
          </Stack>
        </Group>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconUserCircle size={16} />}
          onClick={() => navigate(paths.account(workspaceId))}
        >
          Profile
        </Menu.Item>
        <Menu.Item
          leftSection={<IconKey size={16} />}
          onClick={() => navigate(paths.account(workspaceId, "password"))}
        >
          Change password
        </Menu.Item>
        <Menu.Item
          leftSection={<IconDevices size={16} />}
          onClick={() => navigate(paths.account(workspaceId, "sessions"))}
        >
          Sessions
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()} color="red">
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
