import { Anchor, Card, Group, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconChecklist } from "@tabler/icons-react";
import { Link } from "wouter";
import { useWorkspace } from "../../lib/workspace.ts";
import { signoffPaths, useWaitingSignoffs } from "./hooks.ts";
import { DeadlineText, RequiredProgress } from "./parts.tsx";

/** Home page: open sign-off requests where my decision is pending. Hidden when there is none. */
export function WaitingForSignoffCard() {
  const { workspaceId: wid, can, user } = useWorkspace();
  const canDecide = can("signoffs.decide");
  const list = useWaitingSignoffs(wid, canDecide);
  if (!canDecide || list.isError || (list.isSuccess && list.items.length === 0)) return null;
  return (
    <Card component="section" aria-labelledby="waiting-for-signoff">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap={8}>
            <IconChecklist size={18} color="var(--mantine-color-baton-6)" aria-hidden />
            <Title order={2} fz="md" id="waiting-for-signoff">
              Waiting for your sign-off
            </Title>
          </Group>
          <Anchor component={Link} href={signoffPaths.index(wid)} size="sm">
            All sign-offs
          </Anchor>
        </Group>
        {list.isPending ? (
          <Skeleton h={48} />
        ) : (
          list.items.map((s) => (
            <UnstyledButton
              key={s.id}
              component={Link}
              href={signoffPaths.signoff(wid, s.id)}
              px="sm"
              py={8}
              className="baton-switcher"
              style={{ borderRadius: "var(--mantine-radius-md)" }}
              aria-label={`Review ${s.roadmapName}`}
            >
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Stack gap={0} style={{ minWidth: 0, flex: "1 1 200px" }}>
                  <Text size="sm" fw={600} truncate>
                    {s.roadmapName} · v{s.versionNumber}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" c="dimmed" truncate>
                      Round {s.round} · from {s.createdByName ?? "a PM"} ·
                    </Text>
                    <DeadlineText signoff={s} timeZone={user.timezone} size="xs" />
                  </Group>
                </Stack>
                <RequiredProgress signoff={s} w={150} />
              </Group>
            </UnstyledButton>
          ))
        )}
      </Stack>
    </Card>
  );
}
