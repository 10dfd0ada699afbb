import { Accordion, Badge, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconMail } from "@tabler/icons-react";
import { useState } from "react";
import type { OutboxMessage } from "../../api/types.ts";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { mailKindLabel } from "../../lib/labels.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useOutbox } from "./hooks.ts";

/** Sent; failed (last attempt's error, retried with backoff); or waiting in the outbox. */
function status(m: OutboxMessage) {
  if (m.sentAt) return { label: "Sent", color: "teal" };
  if (m.lastError) return { label: "Failed", color: "red" };
  return { label: "In outbox", color: "blue" };
}

/** Turns URLs in a plain-text mail into links. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <pre className="baton-pre">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of one text
          <a key={i} href={p} target="_blank" rel="noreferrer">
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}

export function OutboxTab() {
  const { workspaceId, user } = useWorkspace();
  const [scope, setScope] = useState<"workspace" | "instance">("workspace");
  const outbox = useOutbox(workspaceId, scope);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Every e-mail Baton sent or is sending. Without an e-mail server configured (SMTP_URL), mail waits
          here so nothing is lost.
        </Text>
        {user.isInstanceAdmin ? (
          <SegmentedControl
            aria-label="Which mail"
            size="xs"
            value={scope}
            onChange={(v) => setScope(v as "workspace" | "instance")}
            data={[
              { value: "workspace", label: "This workspace" },
              { value: "instance", label: "Instance (password resets)" },
            ]}
          />
        ) : null}
      </Group>
      <Surface>
        <QueryState
          query={outbox}
          loading={<TableSkeleton rows={3} cols={3} />}
          isEmpty={() => outbox.items.length === 0}
          empty={
            <EmptyBlock
              icon={<IconMail size={26} />}
              title="No mail yet"
              description="Invitations and password-reset e-mails will show up here."
            />
          }
          errorInset
        >
          {() => (
            <Accordion chevronPosition="right" variant="default" aria-label="Outbox messages">
              {outbox.items.map((m) => (
                <Accordion.Item key={m.id} value={m.id}>
                  <Accordion.Control>
                    <Group justify="space-between" wrap="nowrap" gap="md">
                      <Stack gap={2} style={{ minWidth: 0 }}>
                        <Text size="sm" fw={600} truncate>
                          {m.subject}
                        </Text>
                        <Text size="xs" c="dimmed" truncate>
                          To {m.to} · {relativeTime(m.createdAt)}
                        </Text>
                      </Stack>
                      <Group gap={6} wrap="nowrap">
                        <Badge variant="light" color="gray">
                          {mailKindLabel(m.kind)}
                        </Badge>
                        <Badge variant="light" color={status(m).color}>
                          {status(m).label}
                        </Badge>
                      </Group>
                    </Group>
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="xs">
                      <Text size="xs" c="dimmed">
                        Created {formatDateTime(m.createdAt)}
                        {m.sentAt
                          ? ` · sent ${formatDateTime(m.sentAt)}`
                          : m.attempts > 0
                            ? ` · not sent after ${m.attempts} attempt${m.attempts === 1 ? "" : "s"}; retried with backoff, 8 attempts at most`
                            : " · not sent: kept here when no e-mail server is configured (SMTP_URL)"}
                      </Text>
                      {m.lastError && !m.sentAt ? (
                        <Text size="xs" c="red">
                          Last error: {m.lastError}
                        </Text>
                      ) : null}
                      <Linkified text={m.text} />
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )}
        </QueryState>
        <LoadMore list={outbox} />
      </Surface>
    </Stack>
  );
}
