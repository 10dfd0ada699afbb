import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  IconAlertTriangle,
  IconCalendarOff,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUpload,
} from "@tabler/icons-react";
import { useState } from "react";
import type { Holiday, HolidayCalendar, ImportIcsResult } from "../../../shared/holidays.schemas.ts";
import { ICS_MAX_CHARS } from "../../../shared/holidays.schemas.ts";
import { addDays } from "../../../shared/ics.ts";
import { addMonths, weekdaysBetween } from "../../../shared/roadmap.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, FormError, TableSkeleton } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { addMonthsLabel, rangeLabel } from "../objectives/format.ts";
import {
  useCreateHoliday,
  useDeleteHoliday,
  useHolidays,
  useImportIcs,
  useUpdateHoliday,
} from "./holiday-hooks.ts";

/** Working days a holiday takes (its weekdays). */
const weekdays = (h: Holiday) => weekdaysBetween(h.date, h.endDate ?? h.date);

/** One calendar's holidays in the capacity window: the table, hand entry and editing, and the .ics import. */
export function CalendarHolidays({
  cal,
  from,
  months,
  canEdit,
}: {
  cal: HolidayCalendar;
  from: string;
  months: number;
  canEdit: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const to = addDays(addMonths(from, months), -1);
  const list = useHolidays(wid, cal.id, from, to);
  const remove = useDeleteHoliday(wid);
  const importIcs = useImportIcs(wid);
  const [edit, setEdit] = useState<{ h: Holiday | null } | null>(null);
  const [result, setResult] = useState<ImportIcsResult | null>(null);
  const [importError, setImportError] = useState<{ message: string; lines: string[] } | null>(null);

  const onFile = async (file: File | null) => {
    if (!file) return;
    setResult(null);
    setImportError(null);
    if (file.size > ICS_MAX_CHARS) {
      setImportError({ message: `${file.name} is larger than 1 MB; nothing was imported.`, lines: [] });
      return;
    }
    importIcs.mutate(
      { calendarId: cal.id, ics: await file.text() },
      {
        onSuccess: (r) => {
          setResult(r);
          notifySuccess(
            `${pluralize(r.created, "holiday")} added, ${r.updated} updated.`,
            `${file.name} imported`,
          );
        },
        onError: (e) =>
          setImportError({
            message: e instanceof Error ? e.message : "The import failed",
            lines:
              e instanceof ApiError
                ? Object.entries(e.fields).map(([k, v]) => `${k.replace(/^ics\.line\./, "Line ")}: ${v}`)
                : [],
          }),
      },
    );
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed">
          {cal.name}: {pluralize(cal.holidayCount, "holiday")} in all; those between{" "}
          {addMonthsLabel(from, months)} below.
        </Text>
        {canEdit ? (
          <Group gap="xs">
            <FileButton onChange={onFile} accept=".ics,text/calendar">
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  size="sm"
                  leftSection={<IconUpload size={16} />}
                  loading={importIcs.isPending}
                >
                  Import .ics
                </Button>
              )}
            </FileButton>
            <Button
              size="sm"
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setEdit({ h: null })}
            >
              Add holiday
            </Button>
          </Group>
        ) : null}
      </Group>
      {importError ? (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          role="alert"
          title={importError.message}
          withCloseButton
          onClose={() => setImportError(null)}
        >
          {importError.lines.length ? (
            <List size="sm">
              {importError.lines.slice(0, 20).map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      {result?.skipped.length ? (
        <Alert
          color="yellow"
          variant="light"
          title={`${pluralize(result.skipped.length, "event")} not imported`}
          withCloseButton
          onClose={() => setResult(null)}
        >
          <List size="sm">
            {result.skipped.slice(0, 20).map((s) => (
              <List.Item key={`${s.line}`}>
                Line {s.line}, {s.name}: {s.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <QueryState
        query={list}
        loading={<TableSkeleton rows={3} cols={4} />}
        isEmpty={(d) => d.length === 0}
        empty={
          <EmptyBlock
            size="sm"
            icon={<IconCalendarOff size={22} />}
            title="No holidays in these months"
            description={`${cal.name} has no holiday between ${addMonthsLabel(from, months)}.`}
          />
        }
        errorInset
      >
        {(data) => (
          <Table.ScrollContainer minWidth={520}>
            <Table className="baton-table" aria-label={`Holidays of ${cal.name}`} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Holiday</Table.Th>
                  <Table.Th>Dates</Table.Th>
                  <Table.Th>Working days</Table.Th>
                  {canEdit ? <Table.Th w={88} /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{h.name}</Text>
                        {h.uid ? (
                          <Badge size="xs" variant="light" color="gray">
                            imported
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {rangeLabel(h.date, h.endDate ?? h.date)}
                    </Table.Td>
                    <Table.Td>{weekdays(h) ? pluralize(weekdays(h), "day") : "weekend"}</Table.Td>
                    {canEdit ? (
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <Tooltip label="Edit">
                            <ActionIcon
                              variant="subtle"
                              aria-label={`Edit ${h.name}`}
                              onClick={() => setEdit({ h })}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label="Delete">
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Delete ${h.name} (${rangeLabel(h.date, h.endDate ?? h.date)})`}
                              onClick={() =>
                                confirmAction({
                                  title: `Delete ${h.name}?`,
                                  message: "Teams on this calendar get the day back.",
                                  confirmLabel: "Delete holiday",
                                  onConfirm: () =>
                                    remove.mutate(h.id, {
                                      onSuccess: () => notifySuccess("Holiday deleted."),
                                      onError: (e) => notifyError(e),
                                    }),
                                })
                              }
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Modal
        opened={edit !== null}
        onClose={() => setEdit(null)}
        title={edit?.h ? "Edit holiday" : "Add holiday"}
      >
        {edit ? (
          <HolidayForm
            key={edit.h?.id ?? "new"}
            calendarId={cal.id}
            h={edit.h}
            onClose={() => setEdit(null)}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

interface HolidayValues {
  name: string;
  date: string;
  endDate: string;
}

function HolidayForm({
  calendarId,
  h,
  onClose,
}: {
  calendarId: string;
  h: Holiday | null;
  onClose: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const create = useCreateHoliday(wid);
  const update = useUpdateHoliday(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<HolidayValues>({
    initialValues: { name: h?.name ?? "", date: h?.date ?? "", endDate: h?.endDate ?? "" },
    validate: {
      name: (v) => (v.trim() ? null : "Give it a name"),
      date: (v) => (v ? null : "Set the day"),
      endDate: (v, values) => (v && v < values.date ? "The holiday ends before it starts" : null),
    },
  });
  const submit = (v: HolidayValues) => {
    setFormError(null);
    const body = { name: v.name.trim(), date: v.date, endDate: v.endDate || null };
    const done = {
      onSuccess: (x: Holiday) => {
        notifySuccess(
          `${x.name}: ${rangeLabel(x.date, x.endDate ?? x.date)}.`,
          h ? "Holiday saved" : "Holiday added",
        );
        onClose();
      },
      onError: (e: unknown) => setFormError(applyApiError(form, e)),
    };
    if (h) update.mutate({ id: h.id, ...body }, done);
    else create.mutate({ calendarId, ...body }, done);
  };
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Labour Day"
          {...form.getInputProps("name")}
        />
        <SimpleGrid cols={2}>
          <TextInput type="date" label="Day" required {...form.getInputProps("date")} />
          <TextInput type="date" label="Last day (several days)" {...form.getInputProps("endDate")} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Only weekdays take capacity; both days are included.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {h ? "Save" : "Add holiday"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
