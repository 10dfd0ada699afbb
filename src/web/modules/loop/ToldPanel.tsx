import { Anchor, Badge, Group, Skeleton, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { Surface } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { useToldPerson } from "./hooks.ts";

const DELIVERY_COLORS = { queued: "gray", sent: "teal", failed: "red" } as const;

/** A customer's page: what they were told (close-the-loop mail), and whether they unsubscribed. */
export function ToldPanel({ wid, personId }: { wid: string; personId: string }) {
  const told = useToldPerson(wid, personId);
  return (
    <Surface>
      <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
        What they were told
      </Text>
      {told.isPending ? (
        <Skeleton height={60} m="md" />
      ) : told.isError ? (
        <ErrorState error={told.error} onRetry={() => told.refetch()} />
      ) : (
        <Stack gap={0}>
          {told.data.unsubscribedAt ? (
            <Text size="sm" px="md" pt={4} c="orange.8">
              Unsubscribed on {formatDate(told.data.unsubscribedAt)}: no more close-the-loop mail.
            </Text>
          ) : null}
          {told.data.items.length === 0 ? (
            <Text size="sm" c="dimmed" p="md" pt={4}>
              Nothing yet. When an idea their feedback supports ships, they can be told from the idea's page.
            </Text>
          ) : (
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
              {told.data.items.map((s) => (
                <Stack
                  component="li"
                  key={s.id}
                  gap={2}
                  px="md"
                  py="sm"
                  style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
                >
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Anchor component={Link} href={`/w/${wid}/ideas/${s.ideaId}`} size="sm" fw={500}>
                      {s.ideaTitle}
                    </Anchor>
                    <Badge size="sm" variant="light" color={DELIVERY_COLORS[s.delivery]}>
                      {s.delivery}
                    </Badge>
                  </Group>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {s.subject}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(s.at)} to {s.email}
                  </Text>
                  <details>
                    <summary style={{ cursor: "pointer", fontSize: "var(--mantine-font-size-xs)" }}>
                      The message
                    </summary>
                    <Text
                      size="sm"
                      component="pre"
                      m={0}
                      mt={4}
                      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: "inherit" }}
                    >
                      {s.text}
                    </Text>
                  </details>
                </Stack>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Surface>
  );
}
