import { Anchor, Badge, Box, Group, Skeleton, Stack, Text } from "@mantine/core";
import { Link } from "wouter";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { type Told, useToldItem, useToldPerson } from "./hooks.ts";

const DELIVERY_COLORS = { queued: "gray", sent: "teal", failed: "red" } as const;

/** A customer's page: what they were told (close-the-loop mail), and whether they unsubscribed. */
export function ToldPanel({ wid, personId }: { wid: string; personId: string }) {
  const told = useToldPerson(wid, personId);
  return (
    <Surface>
      <Text fw={600} p="md" pb={4} component="h2" m={0} fz="md">
        What they were told
      </Text>
      <QueryState query={told} loading={<Skeleton height={60} m="md" />}>
        {(data) => (
          <Stack gap={0}>
            {data.unsubscribedAt ? (
              <Text size="sm" px="md" pt={4} c="orange.8">
                Unsubscribed on {formatDate(data.unsubscribedAt)}: no more close-the-loop mail.
              </Text>
            ) : null}
            {data.items.length === 0 ? (
              <Text size="sm" c="dimmed" p="md" pt={4}>
                Nothing yet. When an idea their feedback supports ships, they can be told from the idea's
                page.
              </Text>
            ) : (
              <ToldSends wid={wid} items={data.items} />
            )}
          </Stack>
        )}
      </QueryState>
    </Surface>
  );
}

/** Close-the-loop sends: the idea, the delivery, subject, when and to whom, and the message itself. */
function ToldSends({ wid, items }: { wid: string; items: Told["items"] }) {
  return (
    <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((s) => (
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
  );
}

/**
 * The feedback item's pane (FeedbackPageWithLoop fills the inbox's slot): the close-the-loop messages sent about
 * this item — the sends that answered it.
 */
export function ItemToldSection({ wid, itemId }: { wid: string; itemId: string }) {
  const told = useToldItem(wid, itemId);
  return (
    <Stack gap="xs" component="section" aria-labelledby={`told-${itemId}`}>
      <Text id={`told-${itemId}`} size="xs" fw={600} c="dimmed" tt="uppercase">
        What was sent
      </Text>
      <QueryState
        query={told}
        loading={<Skeleton height={40} />}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Text size="sm" c="dimmed">
            Nothing yet. When an idea this item supports ships, its customer can be told from the idea's page.
          </Text>
        }
      >
        {(data) => (
          <Box mx="calc(var(--mantine-spacing-md) * -1)">
            <ToldSends wid={wid} items={data.items} />
          </Box>
        )}
      </QueryState>
    </Stack>
  );
}
