import { Alert, Badge, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { IconPin } from "@tabler/icons-react";
import { FRAMEWORK_LABELS, FRAMEWORKS, type Framework } from "../../../shared/enums.ts";
import { Surface } from "../../components/Page.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { formatDate, formatDateTime, relativeTime } from "../../lib/format.ts";
import { StatusBadge } from "./components.tsx";
import { formatScore } from "./format.ts";
import { STATUS_OPTIONS } from "./IdeaFormFields.tsx";
import type { Idea } from "./types.ts";

/** A part a higher module shows in the idea page's side column (feedback's evidence panel): a slot, not an import. */
export type IdeaAside = (idea: Idea) => React.ReactNode;

/** The idea page's side column: status and facts, the pin, a higher module's part, scores and ranks. */
export function IdeaSidebar({
  idea,
  framework,
  canWrite,
  canPrioritize,
  onStatus,
  statusPending,
  onPin,
  onUnpin,
  unpinPending,
  aside,
}: {
  idea: Idea;
  framework: Framework;
  canWrite: boolean;
  canPrioritize: boolean;
  onStatus: (s: string | null) => void;
  statusPending: boolean;
  onPin: () => void;
  onUnpin: () => void;
  unpinPending: boolean;
  aside?: IdeaAside;
}) {
  return (
    <Stack gap="lg">
      <Surface p="md">
        <Stack gap="sm">
          {canWrite ? (
            <Select
              label="Status"
              data={STATUS_OPTIONS}
              value={idea.status}
              onChange={onStatus}
              allowDeselect={false}
              disabled={statusPending}
            />
          ) : (
            <Field label="Status">
              <StatusBadge status={idea.status} />
            </Field>
          )}
          <Field label="Owner">
            {idea.ownerName ? (
              <Group gap={8} wrap="nowrap">
                <UserAvatar name={idea.ownerName} size={22} />
                <Text size="sm">{idea.ownerName}</Text>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                Nobody yet
              </Text>
            )}
          </Field>
          <Field label="Voters">
            <Text size="sm">
              {idea.voters
                ? `${idea.voters} in ${idea.scoredRoundId ? "the scoring round" : "scoring rounds"}`
                : "Not rated yet"}
            </Text>
          </Field>
          <Field label="Created">
            <Text size="sm" title={formatDateTime(idea.createdAt)}>
              {formatDate(idea.createdAt)}
              {idea.createdByName ? ` by ${idea.createdByName}` : ""}
            </Text>
          </Field>
          <Field label="Updated">
            <Text size="sm" title={formatDateTime(idea.updatedAt)}>
              {relativeTime(idea.updatedAt)}
            </Text>
          </Field>
        </Stack>
      </Surface>

      {idea.pinnedRank !== null ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconPin size={18} />}
          title={`Pinned at rank ${idea.pinnedRank}`}
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{idea.pinReason}</Text>
            {canPrioritize ? (
              <Group gap="xs">
                <Button size="xs" variant="white" color="orange" onClick={onPin}>
                  Change
                </Button>
                <Button size="xs" variant="subtle" color="orange" onClick={onUnpin} loading={unpinPending}>
                  Unpin
                </Button>
              </Group>
            ) : null}
          </Stack>
        </Alert>
      ) : null}

      {aside?.(idea)}

      <Surface p="md">
        <Stack gap="xs">
          <Text fw={600}>Scores and ranks</Text>
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {FRAMEWORKS.map((f) => (
                <Table.Tr key={f} fw={f === framework ? 700 : undefined}>
                  <Table.Td>
                    {FRAMEWORK_LABELS[f]}
                    {f === framework ? (
                      <Badge size="xs" variant="light" ml={6}>
                        active
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right">{formatScore(idea.scores[f], f)}</Table.Td>
                  <Table.Td ta="right" c="dimmed">
                    {idea.ranks[f] !== null ? `#${idea.ranks[f]}` : "—"}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Surface>
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}
