import { Alert, Button, FileInput, Group, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconFileTypeCsv } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { CsvCheckPanel } from "../../components/CsvImportModal.tsx";
import { notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useImportIdeas } from "./hooks.ts";
import { IMPORT_FIELD_LABELS, IMPORT_FIELD_LIST, type ImportMapping, type ImportResult } from "./types.ts";

const MAX_BYTES = 20_000_000;
const FIELDS = IMPORT_FIELD_LIST.map((key) => ({ key, label: IMPORT_FIELD_LABELS[key] }));

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
  // The server imports all rows or none: any error blocks the import.
  const importable = check && check.errors.length === 0 ? check.rows : 0;
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
          <CsvCheckPanel
            check={check}
            fields={FIELDS}
            required={{ key: "title", message: "Every idea needs a title" }}
            mapping={mapping}
            onMappingChange={setMapping}
            mappingChanged={mappingChanged}
            onRecheck={() => csv && dryRun(csv, mapping)}
            rechecking={run.isPending}
          />
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
