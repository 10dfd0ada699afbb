import { ActionIcon, Button, Group, Modal, Stack, Switch, Table, Text, Tooltip } from "@mantine/core";
import { IconArrowBackUp, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllMembers, useTeams } from "../people/hooks.ts";
import { type ApproverPick, ApproversField, toApproverInputs } from "./ApproversField.tsx";
import { useEditApprovers } from "./hooks.ts";
import { DecisionBadge, type SignoffModalProps } from "./parts.tsx";

const NONE: ApproverPick = { personIds: [], teamIds: [], optional: [] };

/** Adds approvers, removes others and changes who is required, while the request is open (audited). */
export function EditApproversModal({ signoff, opened, onClose }: SignoffModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Edit approvers" size="lg">
      <EditApproversForm key={signoff.id} signoff={signoff} onClose={onClose} />
    </Modal>
  );
}

function EditApproversForm({ signoff, onClose }: Omit<SignoffModalProps, "opened">) {
  const { workspaceId: wid } = useWorkspace();
  const members = useAllMembers(wid);
  const teams = useTeams(wid);
  const edit = useEditApprovers(wid, signoff.id);
  const [required, setRequired] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(signoff.approvers.map((a) => [a.userId, a.required])),
  );
  const [removed, setRemoved] = useState<string[]>([]);
  const [pick, setPick] = useState<ApproverPick>(NONE);
  const [error, setError] = useState<string | null>(null);

  const current = new Set(signoff.approvers.map((a) => a.userId));
  const flagChanges = signoff.approvers.filter(
    (a) =>
      !removed.includes(a.userId) && required[a.userId] !== undefined && required[a.userId] !== a.required,
  );
  const added = toApproverInputs(pick);
  const nothing = !flagChanges.length && !removed.length && !added.length;

  const submit = () => {
    setError(null);
    edit.mutate(
      {
        add: [...flagChanges.map((a) => ({ userId: a.userId, required: required[a.userId] })), ...added],
        remove: removed,
      },
      {
        onSuccess: () => {
          notifySuccess(
            "New approvers were asked to review; the change is in the timeline.",
            "Approvers updated",
          );
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  return (
    <Stack gap="md">
      <FormError error={error} />
      <Table verticalSpacing={6} aria-label="Current approvers">
        <Table.Tbody>
          {signoff.approvers.map((a) => {
            const gone = removed.includes(a.userId);
            return (
              <Table.Tr key={a.userId} opacity={gone ? 0.5 : 1}>
                <Table.Td>
                  <Text size="sm" fw={600} td={gone ? "line-through" : undefined}>
                    {a.name}
                  </Text>
                  {a.viaTeamName ? (
                    <Text size="xs" c="dimmed">
                      lead of {a.viaTeamName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td w={170}>
                  <DecisionBadge decision={a.decision} size="xs" />
                </Table.Td>
                <Table.Td w={130}>
                  <Switch
                    size="xs"
                    disabled={gone}
                    checked={required[a.userId] ?? a.required}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setRequired((r) => ({ ...r, [a.userId]: on }));
                    }}
                    label={(required[a.userId] ?? a.required) ? "Required" : "Optional"}
                    aria-label={`${a.name} must approve`}
                  />
                </Table.Td>
                <Table.Td w={40}>
                  <Tooltip label={gone ? "Keep" : "Remove"}>
                    <ActionIcon
                      variant="subtle"
                      color={gone ? "gray" : "red"}
                      aria-label={gone ? `Keep ${a.name}` : `Remove ${a.name}`}
                      onClick={() =>
                        setRemoved((r) => (gone ? r.filter((u) => u !== a.userId) : [...r, a.userId]))
                      }
                    >
                      {gone ? <IconArrowBackUp size={16} /> : <IconTrash size={16} />}
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ApproversField
        value={pick}
        onChange={setPick}
        members={(members.data ?? []).filter((m) => !current.has(m.userId))}
        teams={teams.items}
        loading={members.isPending || teams.isPending}
      />
      <Text size="xs" c="dimmed">
        New approvers are told at once. Removing the last missing approval completes the request.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} loading={edit.isPending} disabled={nothing}>
          Save approvers
        </Button>
      </Group>
    </Stack>
  );
}
