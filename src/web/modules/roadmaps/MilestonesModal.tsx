import { ActionIcon, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { applyApiError, notifyError } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCreateMilestone, useDeleteMilestone } from "./hooks.ts";

/** The roadmap's milestones (diamonds on the time axis, events of the calendar feed): list, add, remove. */
export function MilestonesModal({
  opened,
  onClose,
  view,
}: {
  opened: boolean;
  onClose: () => void;
  view: RoadmapView;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Milestones" size="lg">
      <MilestonesForm key={view.roadmap.id} view={view} />
    </Modal>
  );
}

function MilestonesForm({ view }: { view: RoadmapView }) {
  const { workspaceId: wid, can } = useWorkspace();
  const canWrite = can("roadmaps.write");
  const create = useCreateMilestone(wid, view.roadmap.id);
  const remove = useDeleteMilestone(wid, view.roadmap.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { title: "", date: "", itemId: null as string | null },
    validate: {
      title: (v) => (v.trim() ? null : "Name the milestone"),
      date: (v) => (v ? null : "Set its date"),
    },
  });

  const items = new Map(view.items.map((i) => [i.id, i.title]));
  const add = form.onSubmit((v) => {
    setFormError(null);
    create.mutate(
      { title: v.title.trim(), date: v.date, itemId: v.itemId },
      {
        onSuccess: () => form.reset(),
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  return (
    <Stack gap="md">
      {view.milestones.length === 0 ? (
        <Text size="sm" c="dimmed">
          No milestone yet. Milestones show as diamonds on the timeline and as events in the calendar feed.
        </Text>
      ) : (
        <Table verticalSpacing={6} aria-label="Milestones">
          <Table.Tbody>
            {view.milestones.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td w={130}>
                  <Text size="sm">{formatDate(m.date)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {m.title}
                  </Text>
                  {m.itemId ? (
                    <Text size="xs" c="dimmed">
                      {items.get(m.itemId) ?? "A removed item"}
                    </Text>
                  ) : null}
                </Table.Td>
                {canWrite ? (
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${m.title}`}
                      loading={remove.isPending && remove.variables === m.id}
                      onClick={() =>
                        remove.mutate(m.id, { onError: (err) => notifyError(err, "Could not remove it") })
                      }
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite ? (
        <form onSubmit={add} noValidate>
          <Stack gap="sm">
            <FormError error={formError} />
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label="Milestone"
                placeholder="e.g. Beta for pilot customers"
                style={{ flex: "1 1 220px" }}
                {...form.getInputProps("title")}
              />
              <TextInput type="date" label="Date" w={170} {...form.getInputProps("date")} />
            </Group>
            <Select
              label="Item"
              description="Optional: the item this milestone marks"
              placeholder="None"
              data={view.items.map((i) => ({ value: i.id, label: i.title }))}
              searchable
              clearable
              limit={50}
              {...form.getInputProps("itemId")}
            />
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconPlus size={16} />} loading={create.isPending}>
                Add milestone
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
