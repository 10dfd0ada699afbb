import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconBell, IconBellOff, IconChecks } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import type { Notification } from "../../../shared/ideas.schemas.ts";
import { api, errorMessage } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";

interface NotificationPage {
  items: Notification[];
  unread: number;
}

const POLL_MS = 60_000;

export function useNotifications(wid: string) {
  return useQuery({
    queryKey: wsKey(wid, "notifications"),
    queryFn: ({ signal }) => api.get<NotificationPage>(`/workspaces/${wid}/notifications`, undefined, signal),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 15_000,
    retry: false,
  });
}

function useMarkRead(wid: string) {
  const qc = useQueryClient();
  const key = wsKey(wid, "notifications");
  return useMutation({
    mutationFn: (ids?: string[]) =>
      api.post<{ unread: number }>(`/workspaces/${wid}/notifications/read`, ids ? { ids } : {}),
    onMutate: (ids) => {
      const now = new Date().toISOString();
      qc.setQueryData<NotificationPage>(key, (p) => {
        if (!p) return p;
        const items = p.items.map((n) =>
          !ids || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
        );
        return {
          items,
          unread: ids
            ? Math.max(0, p.unread - p.items.filter((n) => ids.includes(n.id) && !n.readAt).length)
            : 0,
        };
      });
    },
    onSuccess: (res) => qc.setQueryData<NotificationPage>(key, (p) => (p ? { ...p, unread: res.unread } : p)),
    onError: () => qc.invalidateQueries({ queryKey: key }),
  });
}

/** Follows a notification's link: in-app paths through the router, anything else in a new tab. */
function useFollow(wid: string) {
  const [, navigate] = useLocation();
  return (link: string) => {
    if (link.startsWith("/w/")) navigate(link);
    else if (link.startsWith("/"))
      navigate(`/w/${wid}${link}`); // workspace-relative
    else if (/^https?:\/\//i.test(link)) window.open(link, "_blank", "noopener");
  };
}

/** The header's bell: unread count (polled every minute), the latest notifications, "mark all read". */
export function NotificationsBell() {
  const { workspaceId: wid } = useWorkspace();
  const [opened, setOpened] = useState(false);
  const list = useNotifications(wid);
  const mark = useMarkRead(wid);
  const follow = useFollow(wid);
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) mark.mutate([n.id]);
    setOpened(false);
    if (n.link) follow(n.link);
  };

  const label = unread ? `Notifications: ${unread} unread` : "Notifications";
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      shadow="md"
      offset={8}
      onOpen={() => void list.refetch()}
    >
      <Popover.Target>
        <Tooltip label={label} disabled={opened}>
          <Indicator
            label={unread > 99 ? "99+" : unread}
            size={16}
            offset={5}
            disabled={unread === 0}
            color="red"
            styles={{ indicator: { fontSize: 10, fontWeight: 700 } }}
          >
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={label}
              aria-haspopup="dialog"
              aria-expanded={opened}
              onClick={() => setOpened((o) => !o)}
            >
              <IconBell size={20} stroke={1.7} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label="Notifications">
        <Group
          justify="space-between"
          px="md"
          py="sm"
          style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
        >
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} />}
            disabled={unread === 0}
            onClick={() => mark.mutate(undefined)}
          >
            Mark all read
          </Button>
        </Group>
        {list.isError ? (
          <Text size="sm" c="red" p="md">
            {errorMessage(list.error)}
          </Text>
        ) : items.length === 0 ? (
          <Stack align="center" gap={6} py="xl" px="md">
            <IconBellOff size={24} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed" ta="center">
              {list.isPending ? "Loading…" : "Nothing new. Rounds to vote in and results will show up here."}
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420} type="scroll">
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
              {items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    onClick={() => open(n)}
                    px="md"
                    py="sm"
                    w="100%"
                    className="baton-switcher"
                    aria-label={`${n.readAt ? "" : "Unread: "}${n.title}`}
                    style={{
                      display: "block",
                      borderBottom: "1px solid var(--mantine-color-default-border)",
                    }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <span
                        aria-hidden
                        style={{
                          width: 8,
                          height: 8,
                          marginTop: 6,
                          flexShrink: 0,
                          borderRadius: 999,
                          background: n.readAt ? "transparent" : "var(--mantine-color-baton-6)",
                        }}
                      />
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={n.readAt ? 500 : 700} lineClamp={2}>
                          {n.title}
                        </Text>
                        {n.body ? (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {n.body}
                          </Text>
                        ) : null}
                        <Text size="xs" c="dimmed" title={n.createdAt}>
                          {relativeTime(n.createdAt)}
                        </Text>
                      </Stack>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
