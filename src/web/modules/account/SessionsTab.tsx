import { Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconDeviceDesktop, IconLogout } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { api } from "../../api/client.ts";
import { useDropSession } from "../../api/session.ts";
import type { SessionRow } from "../../api/types.ts";
import { confirmAction, notifyError } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/States.tsx";
import { formatDate, relativeTime } from "../../lib/format.ts";

/** "Chrome on Linux" from a user-agent string: enough to recognise a device. */
export function describeAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : /curl|node|undici/i.test(ua)
            ? "Script"
            : "Browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad/.test(ua)
        ? "iOS"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

export function SessionsTab() {
  const sessions = useQuery({
    queryKey: ["me", "sessions"],
    queryFn: () => api.get<{ items: SessionRow[] }>("/auth/sessions"),
  });
  const dropSession = useDropSession();
  const [, navigate] = useLocation();
  const logoutAll = useMutation({
    mutationFn: () => api.post<{ ended: number }>("/auth/logout-all"),
    onSuccess: () => {
      dropSession();
      navigate("/login", { replace: true });
    },
    onError: (err) => notifyError(err, "Could not log out everywhere"),
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={520}>
          The browsers you are logged in on. Lost a device, or used a shared computer? Log out everywhere.
        </Text>
        <Button
          color="red"
          variant="light"
          leftSection={<IconLogout size={16} />}
          loading={logoutAll.isPending}
          onClick={() =>
            confirmAction({
              title: "Log out everywhere?",
              message: (
                <Text size="sm">Every session ends, including this one. You will need to log in again.</Text>
              ),
              confirmLabel: "Log out everywhere",
              onConfirm: () => logoutAll.mutate(),
            })
          }
        >
          Log out everywhere
        </Button>
      </Group>
      <Surface>
        <QueryState query={sessions} loading={<TableSkeleton rows={2} cols={3} />} errorInset>
          {(data) => (
            <Table.ScrollContainer minWidth={560}>
              <Table className="baton-table" aria-label="Active sessions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Device</Table.Th>
                    <Table.Th w={150}>Last active</Table.Th>
                    <Table.Th w={130}>Started</Table.Th>
                    <Table.Th w={130}>Expires</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Group gap="sm" wrap="nowrap">
                          <IconDeviceDesktop size={18} style={{ opacity: 0.7, flexShrink: 0 }} />
                          <Text size="sm" fw={500}>
                            {describeAgent(s.userAgent)}
                          </Text>
                          {s.current ? (
                            <Badge size="sm" color="teal" variant="light">
                              This device
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {s.current ? "Now" : relativeTime(s.lastSeenAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(s.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(s.expiresAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Surface>
    </Stack>
  );
}
