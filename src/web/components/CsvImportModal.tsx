import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconFileTypeCsv, IconRefresh } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { RowError } from "../../shared/imports.schemas.ts";
import { api, errorMessage } from "../api/client.ts";
import { pluralize } from "../lib/format.ts";

const MAX_BYTES = 60_000_000;
const SHOWN_ERRORS = 200;

export interface CsvImportResultBase {
  dryRun: boolean;
  rows: number;
  columns: string[];
  mapping: Record<string, string>;
  errors: RowError[];
}

/**
 * A CSV import dialog (the ideas import's conventions): the file is read here and checked on the server (a dry
 * run, which also guesses the mapping from the header), the person adjusts which column feeds which field and
 * checks again, sees every row's errors and what would change, then imports. Nothing is written before that.
 */
export function CsvImportModal<R extends CsvImportResultBase>({
  opened,
  onClose,
  title,
  intro,
  path,
  fields,
  required,
  preview,
  importLabel,
  onImported,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro: React.ReactNode;
  /** The API path of the import (POST { csv, mapping, dryRun }). */
  path: string;
  /** Fields in display order, with their labels. */
  fields: readonly { key: string; label: string }[];
  /** A field that must be mapped, and what to say when it is not. */
  required?: { key: string; message: string };
  /** What the dry run says would happen. */
  preview: (r: R) => React.ReactNode;
  /** The import button's label once checked. */
  importLabel: (r: R) => string;
  /** After a successful import (not a dry run); the dialog closes. */
  onImported: (r: R) => void;
}) {
  const run = useMutation({
    mutationFn: (body: { csv: string; mapping?: Record<string, string>; dryRun: boolean }) =>
      api.post<R>(path, body),
  });
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [check, setCheck] = useState<R | null>(null);
  const [checkedMapping, setCheckedMapping] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setFile(null);
    setCsv(null);
    setMapping({});
    setCheck(null);
    setError(null);
  }, [opened]);

  const dryRun = (text: string, map?: Record<string, string>) => {
    setError(null);
    run.mutate(
      { csv: text, mapping: map, dryRun: true },
      {
        onSuccess: (r) => {
          setCheck(r);
          const next = Object.fromEntries(
            Object.entries(r.mapping).filter(([k, v]) => fields.some((f) => f.key === k) && v),
          );
          setMapping(next);
          setCheckedMapping(JSON.stringify(next));
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const pick = async (f: File | null) => {
    setFile(f);
    setCheck(null);
    setCsv(null);
    setError(null);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setError("The file is larger than 60 MB. Split it and import the parts.");
      return;
    }
    try {
      const text = await f.text();
      if (!text.trim()) {
        setError("The file is empty.");
        return;
      }
      setCsv(text);
      dryRun(text);
    } catch (err) {
      setError(`Could not read the file: ${errorMessage(err)}`);
    }
  };

  const doImport = () => {
    if (!csv) return;
    setError(null);
    run.mutate(
      { csv, mapping, dryRun: false },
      {
        onSuccess: (r) => {
          if (r.errors.length) {
            setCheck(r);
            setError("Nothing was imported: fix the rows below first.");
            return;
          }
          onImported(r);
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const mappingChanged = check !== null && JSON.stringify(mapping) !== checkedMapping;
  const requiredMissing = required ? !mapping[required.key] : false;

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          leftSection={<IconFileTypeCsv size={16} />}
          value={file}
          onChange={(f) => void pick(f)}
          clearable
          data-autofocus
        />
        {error ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {error}
          </Alert>
        ) : null}
        {run.isPending && !check ? (
          <Text size="sm" c="dimmed" role="status">
            Checking the file…
          </Text>
        ) : null}
        {check ? (
          <CsvCheckPanel
            check={check}
            fields={fields}
            required={required}
            mapping={mapping}
            onMappingChange={setMapping}
            mappingChanged={mappingChanged}
            onRecheck={() => csv && dryRun(csv, mapping)}
            rechecking={run.isPending}
          >
            {!check.errors.length && !mappingChanged ? (
              <Alert color="teal" variant="light" title="Dry run">
                {preview(check)}
              </Alert>
            ) : null}
          </CsvCheckPanel>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={doImport}
            disabled={!check || mappingChanged || check.errors.length > 0 || requiredMissing}
            loading={run.isPending && Boolean(check)}
          >
            {check && !check.errors.length ? importLabel(check) : "Import"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * What a dry run found: row and column counts, which column feeds which field (with a "check again" once the
 * mapping changed), what the caller shows in between (children), and every row's errors.
 */
export function CsvCheckPanel({
  check,
  fields,
  required,
  mapping,
  onMappingChange,
  mappingChanged,
  onRecheck,
  rechecking,
  children,
}: {
  check: CsvImportResultBase;
  fields: readonly { key: string; label: string }[];
  required?: { key: string; message: string };
  mapping: Record<string, string>;
  onMappingChange: (update: (m: Record<string, string>) => Record<string, string>) => void;
  mappingChanged: boolean;
  onRecheck: () => void;
  rechecking: boolean;
  children?: React.ReactNode;
}) {
  const errorRows = useMemo(() => new Set(check.errors.map((e) => e.row)).size, [check]);
  const columnOptions = check.columns.map((c) => ({ value: c, label: c }));
  const label = (field: string) => fields.find((f) => f.key === field)?.label ?? field;
  return (
    <>
      <Group gap="xs">
        <Badge variant="light" color="gray">
          {pluralize(check.rows, "row")}
        </Badge>
        <Badge variant="light" color="gray">
          {pluralize(check.columns.length, "column")}: {check.columns.slice(0, 6).join(", ")}
          {check.columns.length > 6 ? "…" : ""}
        </Badge>
        {check.errors.length ? (
          <Badge variant="light" color="orange">
            {pluralize(errorRows, "row")} with errors
          </Badge>
        ) : (
          <Badge variant="light" color="teal" leftSection={<IconCheck size={12} />}>
            No errors
          </Badge>
        )}
      </Group>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Which column feeds which field
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={6}>
          {fields.map((f) => (
            <Select
              key={f.key}
              size="xs"
              label={f.label}
              placeholder="Not imported"
              data={columnOptions}
              value={mapping[f.key] ?? null}
              onChange={(v) =>
                onMappingChange((m) => {
                  const next = { ...m };
                  if (v) next[f.key] = v;
                  else delete next[f.key];
                  return next;
                })
              }
              clearable
              required={required?.key === f.key}
              error={required?.key === f.key && !mapping[f.key] ? required.message : undefined}
            />
          ))}
        </SimpleGrid>
        {mappingChanged ? (
          <Group>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconRefresh size={14} />}
              onClick={onRecheck}
              loading={rechecking}
            >
              Check again with this mapping
            </Button>
          </Group>
        ) : null}
      </Stack>
      {children}
      {check.errors.length ? (
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            Errors{" "}
            <Text span size="xs" c="dimmed" fw={400}>
              an import with errors writes nothing: fix the file, or map other columns, and check again
              {check.errors.length > SHOWN_ERRORS ? ` · first ${SHOWN_ERRORS} of ${check.errors.length}` : ""}
            </Text>
          </Text>
          <ScrollArea.Autosize mah={240} type="auto">
            <Table className="baton-table" striped stickyHeader aria-label="Errors in the file">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Row</Table.Th>
                  <Table.Th w={140}>Field</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {check.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row can have several errors
                  <Table.Tr key={i}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{label(e.field)}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Stack>
      ) : null}
    </>
  );
}
