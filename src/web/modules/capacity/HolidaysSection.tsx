import {
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCalendarOff, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { HolidayCalendar } from "../../../shared/holidays.schemas.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, FormError, TableSkeleton } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CalendarHolidays } from "./HolidayList.tsx";
import {
  useCreateCalendar,
  useDeleteCalendar,
  useHolidayCalendars,
  useSetTeamCalendar,
  useUpdateCalendar,
} from "./holiday-hooks.ts";

/**
 * Public holidays (docs/ROADMAP.md "Public holidays"): holiday calendars, the holidays of one in the window,
 * hand entry and .ics import, and which calendar each team follows.
 */
export function HolidaysSection({
  from,
  months,
  teams,
  canEdit,
}: {
  from: string;
  months: number;
  teams: { id: string; name: string }[];
  canEdit: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const cals = useHolidayCalendars(wid);
  const [picked, setPicked] = useState<string | null>(null);
  const [calModal, setCalModal] = useState<{ cal: HolidayCalendar | null } | null>(null);
  const items = cals.data?.items ?? [];
  const current = items.find((c) => c.id === picked) ?? items.find((c) => c.isDefault) ?? items[0] ?? null;
  const remove = useDeleteCalendar(wid);
  const update = useUpdateCalendar(wid);

  return (
    <Paper className="baton-surface" p={0}>
      <Group justify="space-between" p="md" pb="xs" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 260px" }}>
          <Title order={2} fz="md">
            Public holidays
          </Title>
          <Text size="sm" c="dimmed">
            A holiday on a weekday takes that day from every team on the calendar: capacity × (working days −
            holidays) / working days. Teams follow the default calendar unless they pick their own.
          </Text>
        </Stack>
        {canEdit ? (
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() => setCalModal({ cal: null })}
          >
            New calendar
          </Button>
        ) : null}
      </Group>
      <QueryState
        query={cals}
        loading={<TableSkeleton rows={3} cols={3} />}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <EmptyBlock
            size="sm"
            icon={<IconCalendarOff size={22} />}
            title="No holiday calendars"
            description="Capacity counts every weekday as a working day. Add a calendar of public holidays, by hand or from an .ics file, so months with holidays show less capacity."
          />
        }
        errorInset
      >
        {(data) =>
          current ? (
            <Stack gap="sm" p="md" pt={0}>
              <Group gap="xs" wrap="wrap" align="flex-end">
                <Select
                  label="Calendar"
                  data={data.items.map((c) => ({
                    value: c.id,
                    label: c.isDefault ? `${c.name} (default)` : c.name,
                  }))}
                  value={current.id}
                  onChange={(v) => v && setPicked(v)}
                  allowDeselect={false}
                  w={240}
                />
                {canEdit ? (
                  <Group gap="xs" wrap="wrap">
                    <Button variant="default" size="sm" onClick={() => setCalModal({ cal: current })}>
                      Rename
                    </Button>
                    {current.isDefault ? null : (
                      <Button
                        variant="default"
                        size="sm"
                        loading={update.isPending}
                        onClick={() =>
                          update.mutate(
                            { id: current.id, isDefault: true },
                            {
                              onSuccess: (c) => notifySuccess(`${c.name} is now the default calendar.`),
                              onError: (e) => notifyError(e),
                            },
                          )
                        }
                      >
                        Make default
                      </Button>
                    )}
                    <Button
                      variant="subtle"
                      color="red"
                      size="sm"
                      onClick={() =>
                        confirmAction({
                          title: `Delete the calendar ${current.name}?`,
                          message: `Its ${pluralize(current.holidayCount, "holiday")} go with it; its teams follow the default calendar.`,
                          confirmLabel: "Delete calendar",
                          onConfirm: () =>
                            remove.mutate(current.id, {
                              onSuccess: () => {
                                setPicked(null);
                                notifySuccess("Calendar deleted.");
                              },
                              onError: (e) => notifyError(e),
                            }),
                        })
                      }
                    >
                      Delete
                    </Button>
                  </Group>
                ) : null}
              </Group>
              <CalendarHolidays cal={current} from={from} months={months} canEdit={canEdit} />
              <TeamCalendars teams={teams} data={data} canEdit={canEdit} />
            </Stack>
          ) : null
        }
      </QueryState>
      <Modal
        opened={calModal !== null}
        onClose={() => setCalModal(null)}
        title={calModal?.cal ? "Rename the calendar" : "New holiday calendar"}
      >
        {calModal ? (
          <CalendarForm
            key={calModal.cal?.id ?? "new"}
            cal={calModal.cal}
            onDone={(id) => {
              setPicked(id);
              setCalModal(null);
            }}
            onClose={() => setCalModal(null)}
          />
        ) : null}
      </Modal>
    </Paper>
  );
}

function CalendarForm({
  cal,
  onDone,
  onClose,
}: {
  cal: HolidayCalendar | null;
  onDone: (id: string) => void;
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const create = useCreateCalendar(wid);
  const update = useUpdateCalendar(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: cal?.name ?? "" },
    validate: { name: (v) => (v.trim() ? null : "Give it a name") },
  });
  const submit = ({ name }: { name: string }) => {
    setFormError(null);
    const done = {
      onSuccess: (c: HolidayCalendar) => {
        notifySuccess(cal ? `Renamed to ${c.name}.` : `${c.name} created.`);
        onDone(c.id);
      },
      onError: (e: unknown) => setFormError(applyApiError(form, e)),
    };
    if (cal) update.mutate({ id: cal.id, name: name.trim() }, done);
    else create.mutate({ name: name.trim() }, done);
  };
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Ireland, Germany (Bavaria)"
          {...form.getInputProps("name")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {cal ? "Save" : "Create calendar"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TeamCalendars({
  teams,
  data,
  canEdit,
}: {
  teams: { id: string; name: string }[];
  data: { items: HolidayCalendar[]; teams: { teamId: string; calendarId: string | null; own: boolean }[] };
  canEdit: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const set = useSetTeamCalendar(wid);
  const def = data.items.find((c) => c.isDefault);
  const byTeam = new Map(data.teams.map((t) => [t.teamId, t]));
  const options = [
    { value: "", label: `Default${def ? ` (${def.name})` : ""}` },
    ...data.items.map((c) => ({ value: c.id, label: c.name })),
  ];
  if (!teams.length) return null;
  return (
    <Stack gap={6}>
      <Title order={3} fz="sm">
        Each team's calendar
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs">
        {teams.map((t) => {
          const link = byTeam.get(t.id);
          return (
            <Select
              key={t.id}
              label={t.name}
              data={options}
              value={link?.own ? (link.calendarId ?? "") : ""}
              disabled={!canEdit || set.isPending}
              allowDeselect={false}
              onChange={(v) =>
                set.mutate(
                  { teamId: t.id, calendarId: v ? v : null },
                  {
                    onSuccess: () =>
                      notifySuccess(
                        `${t.name} follows ${v ? options.find((o) => o.value === v)?.label : "the default calendar"}.`,
                      ),
                    onError: (e) => notifyError(e),
                  },
                )
              }
            />
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
