import { Anchor, Card, Group, Skeleton, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { IconScale } from "@tabler/icons-react";
import { Link } from "wouter";
import { useWorkspace } from "../../lib/workspace.ts";
import { roundPath, useWaitingRounds } from "./hooks.ts";
import { DeadlineText, ProgressLine } from "./parts.tsx";

/** Home page: open rounds where I vote and have not finished. Hidden when there is none. */
export function WaitingForVoteCard() {
  const { workspaceId: wid, can } = useWorkspace();
  const canVote = can("rounds.vote");
  const rounds = useWaitingRounds(wid, canVote);
  if (!canVote || rounds.isError || (rounds.isSuccess && rounds.items.length === 0)) return null;
  return (
    <Card component="section" aria-labelledby="waiting-for-vote">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap={8}>
            <IconScale size={18} color="var(--mantine-color-baton-6)" aria-hidden />
            <Title order={2} fz="md" id="waiting-for-vote">
              Waiting for your vote
            </Title>
          </Group>
          <Anchor component={Link} href={roundPath(wid)} size="sm">
            All rounds
          </Anchor>
        </Group>
        {rounds.isPending ? (
          <Skeleton h={48} />
        ) : (
          rounds.items.map((r) => {
            const p = r.myProgress ?? { done: 0, total: 0 };
            return (
              <UnstyledButton
                key={r.id}
                component={Link}
                href={roundPath(wid, r.id)}
                px="sm"
                py={8}
                className="baton-switcher"
                style={{ borderRadius: "var(--mantine-radius-md)" }}
                aria-label={`Vote in ${r.name}`}
              >
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <Stack gap={0} style={{ minWidth: 0, flex: "1 1 200px" }}>
                    <Text size="sm" fw={600} truncate>
                      {r.name}
                    </Text>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c="dimmed" truncate>
                        {r.productName} ·
                      </Text>
                      <DeadlineText round={r} size="xs" />
                    </Group>
                  </Stack>
                  <ProgressLine done={p.done} total={p.total} label={`My progress in ${r.name}`} w={180} />
                </Group>
              </UnstyledButton>
            );
          })
        )}
      </Stack>
    </Card>
  );
}
