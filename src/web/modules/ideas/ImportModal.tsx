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
import { useEffect, useMemo, useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useImportIdeas } from "./hooks.ts";
import {
  IMPORT_FIELD_LABELS,
  IMPORT_FIELD_LIST,
  type ImportField,
  type ImportMapping,
  type ImportResult,
} from "./types.ts";

const MAX_BYTES = 20_000_000;
const SHOWN_ERRORS = 200;

/** CSV import: read the file here, check it on the server (dry run), fix the mapping, then import. */
export function ImportModal({
  opened,
  onClose,
  productId,
  productName,
}: {
  opened: boolean;
  onClose: () => void;
  productId: string;
  productName: string;
}) {
  const { workspaceId } = useWorkspace();
  const run = useImportIdeas(workspaceId, productId);
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [checkedMapping, setCheckedMapping] = useState<string>("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setFile(null);
    setCsv(null);
    setMapping({});
    setCheck(null);
    setError(null);
  }, [opened]);

  const dryRun = (text: string, map?: ImportMapping) => {
    setError(null);
    run.mutate(
      { csv: text, mapping: map, dryRun: true },
      {
        onSuccess: (r) => {
          setCheck(r);
          const next = Object.fromEntries(
            Object.entries(r.mapping).filter(
              ([k, v]) => (IMPORT_FIELD_LIST as readonly string[]).includes(k) && v,
            ),
          ) as ImportMapping;
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
      setError("The file is larger than 20 MB. Split it and import the parts.");
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
          if (r.errors.length || r.created === 0) {
            setCheck(r);
            setError("Nothing was imported: fix the rows below first.");
            return;
          }
          notifySuccess(`${pluralize(r.created, "idea")} imported into ${productName}.`, "Import done");
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };

  const mappingChanged = check !== null && JSON.stringify(mapping) !== checkedMapping;
  const errorRows = useMemo(() => new Set(check?.errors.map((e) => e.row) ?? []).size, [check]);
  // The server imports all rows or none: any error blocks the import.
  const importable = check && check.errors.length === 0 ? check.rows : 0;
  const columnOptions = (check?.columns ?? []).map((c) => ({ value: c, label: c }));
  const titleMapped = Boolean(mapping.title);

  return (
    <Modal opened={opened} onClose={onClose} title={`Import ideas into ${productName}`} size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Pick a CSV file with a header row. Baton checks every row first and shows what it would import;
          nothing is created until you confirm.
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
          <Text size="sm" c="dimmed">
            Checking the file…
          </Text>
        ) : null}
        {check ? (
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
                {IMPORT_FIELD_LIST.map((f: ImportField) => (
                  <Select
                    key={f}
                    size="xs"
                    label={IMPORT_FIELD_LABELS[f]}
                    placeholder="Not imported"
                    data={columnOptions}
                    value={mapping[f] ?? null}
                    onChange={(v) =>
                      setMapping((m) => {
                        const next = { ...m };
                        if (v) next[f] = v;
                        else delete next[f];
                        return next;
                      })
                    }
                    clearable
                    required={f === "title"}
                    error={f === "title" && !titleMapped ? "Every idea needs a title" : undefined}
                  />
                ))}
              </SimpleGrid>
              {mappingChanged ? (
                <Group>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconRefresh size={14} />}
                    onClick={() => csv && dryRun(csv, mapping)}
                    loading={run.isPending}
                  >
                    Check again with this mapping
                  </Button>
                </Group>
              ) : null}
            </Stack>
            {check.errors.length ? (
              <Stack gap={6}>
                <Text size="sm" fw={600}>
                  Errors{" "}
                  <Text span size="xs" c="dimmed" fw={400}>
                    an import with errors creates nothing: fix the file, or map other columns, and check again
                    {check.errors.length > SHOWN_ERRORS
                      ? ` · first ${SHOWN_ERRORS} of ${check.errors.length}`
                      : ""}
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
                          <Table.Td>{IMPORT_FIELD_LABELS[e.field as ImportField] ?? e.field}</Table.Td>
                          <Table.Td>{e.message}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollArea.Autosize>
              </Stack>
            ) : null}
          </>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={doImport}
            disabled={!check || mappingChanged || importable === 0 || !titleMapped}
            loading={run.isPending && Boolean(check)}
          >
            {check ? `Import ${pluralize(importable, "idea")}` : "Import"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
