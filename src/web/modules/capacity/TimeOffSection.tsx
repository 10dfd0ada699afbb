import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconBeach, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { TimeOff } from "../../../shared/roadmap.schemas.ts";
import { weekdaysBetween } from "../../../shared/roadmap.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, TableSkeleton } from "../../components/States.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { addMonthsLabel, rangeLabel, today } from "../objectives/format.ts";
import { useAllMembers } from "../people/hooks.ts";
import type { PersonAllocation } from "./capacity-model.ts";
import { useCreateTimeOff, useDeleteTimeOff, useTimeOff } from "./hooks.ts";

/** Time off overlapping the window: it lowers the derived capacity of every team the person is in. */
export function TimeOffSection({
  from,
  months,
  people,
  canEdit,
}: {
  from: string;
  months: number;
  people: Map<string, PersonAllocation>;
  canEdit: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const list = useTimeOff(wid, from, months);
  const remove = useDeleteTimeOff(wid);
  const [opened, modal] = useDisclosure(false);

  return (
    <Paper className="baton-surface" p={0}>
      <Group justify="space-between" p="md" pb="xs" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={2} fz="md">
            Time off
          </Title>
          <Text size="sm" c="dimmed">
            Time off lowers the capacity of every team the person is in, by their allocation there: a week off
            for someone giving a team 50% takes 2.5 days from it.
          </Text>
        </Stack>
        {canEdit ? (
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={modal.open}
            style={{ flexShrink: 0 }}
          >
            Add time off
          </Button>
        ) : null}
      </Group>
      <QueryState
        query={list}
        loading={<TableSkeleton rows={3} cols={4} />}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyBlock
            size="sm"
            icon={<IconBeach size={22} />}
            title="No time off in these months"
            description={`Nobody is away between ${addMonthsLabel(from, months)}.`}
          />
        }
        errorInset
      >
        {(data) => (
          <Table.ScrollContainer minWidth={640}>
            <Table className="baton-table" aria-label="Time off" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th>Working days</Table.Th>
                  <Table.Th>Teams affected</Table.Th>
                  <Table.Th>Note</Table.Th>
                  {canEdit ? <Table.Th w={48} /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...data]
                  .sort(
                    (a, b) => a.startDate.localeCompare(b.startDate) || a.userName.localeCompare(b.userName),
                  )
                  .map((t) => (
                    <TimeOffRow
                      key={t.id}
                      t={t}
                      person={people.get(t.userId)}
                      canEdit={canEdit}
                      onDelete={() =>
                        confirmAction({
                          title: "Delete this time off?",
                          message: `${t.userName}, ${rangeLabel(t.startDate, t.endDate)}. Their teams get the capacity back.`,
                          confirmLabel: "Delete time off",
                          onConfirm: () =>
                            remove.mutate(t.id, {
                              onSuccess: () => notifySuccess("Time off deleted."),
                              onError: (e) => notifyError(e),
                            }),
                        })
                      }
                    />
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <TimeOffModal opened={opened} onClose={modal.close} />
    </Paper>
  );
}

function TimeOffRow({
  t,
  person,
  canEdit,
  onDelete,
}: {
  t: TimeOff;
  person: PersonAllocation | undefined;
  canEdit: boolean;
  onDelete: () => void;
}) {
  const days = weekdaysBetween(t.startDate.slice(0, 10), t.endDate.slice(0, 10));
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <UserAvatar name={t.userName} size={26} />
          <Text size="sm" fw={500}>
            {t.userName}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{rangeLabel(t.startDate, t.endDate)}</Table.Td>
      <Table.Td>{pluralize(days, "day")}</Table.Td>
      <Table.Td>
        {person?.teams.length ? (
          <Text size="sm">{person.teams.map((x) => `${x.name} (${x.allocationPct}%)`).join(", ")}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            In no team: no capacity changes
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={t.note ? undefined : "dimmed"}>
          {t.note || "—"}
        </Text>
      </Table.Td>
      {canEdit ? (
        <Table.Td>
          <Tooltip label="Delete">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete time off of ${t.userName} (${rangeLabel(t.startDate, t.endDate)})`}
              onClick={onDelete}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

interface Values {
  userId: string | null;
  startDate: string;
  endDate: string;
  note: string;
}

function TimeOffModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add time off">
      <TimeOffForm key="new" onClose={onClose} />
    </Modal>
  );
}

function TimeOffForm({ onClose }: { onClose: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const members = useAllMembers(wid);
  const create = useCreateTimeOff(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { userId: null, startDate: today(), endDate: today(), note: "" },
    validate: {
      userId: (v) => (v ? null : "Choose a person"),
      startDate: (v) => (v ? null : "Set the first day"),
      endDate: (v, values) =>
        !v ? "Set the last day" : v < values.startDate ? "The time off ends before it starts" : null,
    },
  });

  const submit = (v: Values) => {
    setFormError(null);
    create.mutate(
      { userId: v.userId as string, startDate: v.startDate, endDate: v.endDate, note: v.note.trim() },
      {
        onSuccess: (t) => {
          notifySuccess(`${t.userName}: ${rangeLabel(t.startDate, t.endDate)}.`, "Time off added");
          onClose();
        },
        onError: (e) => setFormError(applyApiError(form, e)),
      },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <Select
          label="Person"
          required
          data-autofocus
          placeholder={members.isPending ? "Loading members…" : "Choose a person"}
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
          searchable
          nothingFoundMessage="No member with that name"
          {...form.getInputProps("userId")}
        />
        <SimpleGrid cols={2}>
          <TextInput
            type="date"
            label="First day"
            required
            {...form.getInputProps("startDate")}
            onChange={(e) => {
              const v = e.currentTarget.value;
              form.setFieldValue("startDate", v);
              // Moving the start past the end drags the end along.
              if (v && form.getValues().endDate < v) form.setFieldValue("endDate", v);
            }}
          />
          <TextInput type="date" label="Last day" required {...form.getInputProps("endDate")} />
        </SimpleGrid>
        <TextInput
          label="Note"
          placeholder="e.g. Holiday, conference, parental leave"
          {...form.getInputProps("note")}
        />
        <Text size="xs" c="dimmed">
          Only weekdays count; both days are included.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add time off
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
