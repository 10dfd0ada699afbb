import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useEffect, useMemo, useState } from "react";
import type { CellStatus } from "../../../shared/matrix.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { lastProduct } from "../ideas/paths.ts";
import { useProducts } from "../products/hooks.ts";
import { StatusRadios } from "./CellEditor.tsx";
import { useAddRow, useMatrix, usePutCell } from "./hooks.ts";

export interface MatrixCellModalProps {
  /** The product whose matrix to update; without it the person picks one. */
  productId?: string;
  competitorId: string;
  opened: boolean;
  onClose: () => void;
  /** Prefills (e.g. from a detected change: its excerpt as the note, the page as the source, its id). */
  initial?: { note?: string; sourceUrl?: string; changeId?: string };
  /** Called with the row and the cell written. */
  onSaved?: (r: { rowId: string; productId: string }) => void;
}

/**
 * Sets one competitor's cell of a product's feature matrix from anywhere (the changes page uses it for "update a
 * matrix cell from this change"): pick a row or create one, then the status, note and source; verified now.
 */
export function MatrixCellModal({
  productId,
  competitorId,
  opened,
  onClose,
  initial,
  onSaved,
}: MatrixCellModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Update the feature matrix" size="lg">
      <MatrixCellForm
        key="new"
        productId={productId}
        competitorId={competitorId}
        onClose={onClose}
        initial={initial}
        onSaved={onSaved}
      />
    </Modal>
  );
}

function MatrixCellForm({
  productId,
  competitorId,
  onClose,
  initial,
  onSaved,
}: Omit<MatrixCellModalProps, "opened">) {
  const { workspaceId: wid } = useWorkspace();
  const products = useProducts(wid);
  const [pid, setPid] = useState<string | null>(productId ?? null);
  const matrix = useMatrix(wid, pid, "all");
  const addRow = useAddRow(wid);
  const put = usePutCell(wid);
  const [mode, setMode] = useState<"existing" | "new">("existing");
  const [rowId, setRowId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [theme, setTheme] = useState("");
  const [status, setStatus] = useState<CellStatus>("has");
  const [note, setNote] = useState(initial?.note ?? "");
  const [sourceUrl, setSourceUrl] = useState(initial?.sourceUrl ?? "");
  const [verified, setVerified] = useState(true);

  // Without a product given: the one last worked on, else the first.
  useEffect(() => {
    if (pid || !products.items.length) return;
    const last = lastProduct(wid);
    setPid(products.items.find((p) => p.id === last)?.id ?? products.items[0]!.id);
  }, [pid, products.items, wid]);

  const rows = useMemo(() => (matrix.data?.groups ?? []).flatMap((g) => g.rows), [matrix.data]);
  const linked = matrix.data ? matrix.data.columns.some((c) => c.id === competitorId) : true;
  const competitorName = matrix.data?.columns.find((c) => c.id === competitorId)?.name ?? "the competitor";
  const current = rowId ? rows.find((r) => r.id === rowId)?.cells[competitorId] : undefined;

  // Picking a row shows its cell as it is; the prefills win where given.
  useEffect(() => {
    if (!current) return;
    setStatus(current.status === "unknown" ? "has" : current.status);
    setNote(initial?.note ?? current.note);
    setSourceUrl(initial?.sourceUrl ?? current.sourceUrl ?? "");
  }, [current, initial?.note, initial?.sourceUrl]);

  const err = addRow.error ?? put.error;
  const fields = err instanceof ApiError ? err.fields : {};
  const busy = addRow.isPending || put.isPending;

  const save = async () => {
    if (!pid) return;
    try {
      const target =
        mode === "new"
          ? (await addRow.mutateAsync({ pid, input: { name: name.trim(), theme: theme.trim() } })).id
          : rowId;
      if (!target) return;
      await put.mutateAsync({
        rowId: target,
        target: competitorId,
        body: {
          status,
          note,
          sourceUrl: sourceUrl.trim() || null,
          verified,
          ...(initial?.changeId ? { changeId: initial.changeId } : {}),
        },
      });
      notifySuccess(`Feature matrix updated: ${competitorName}`);
      onSaved?.({ rowId: target, productId: pid });
      onClose();
    } catch {
      // shown below from the mutations' errors
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        {!productId && products.items.length > 1 ? (
          <Select
            label="Product"
            data={products.items.map((p) => ({ value: p.id, label: p.name }))}
            value={pid}
            onChange={(v) => {
              setPid(v);
              setRowId(null);
            }}
            allowDeselect={false}
          />
        ) : null}
        {!linked ? (
          <Alert color="orange" variant="light">
            This competitor is not linked to this product, so it has no column in its matrix. Link it to the
            product first, or pick another product.
          </Alert>
        ) : null}
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as "existing" | "new")}
          data={[
            { value: "existing", label: "Existing row" },
            { value: "new", label: "New row" },
          ]}
          aria-label="Which row"
        />
        {mode === "existing" ? (
          <Select
            label="Capability"
            placeholder={
              matrix.isPending ? "Loading…" : rows.length ? "Search rows" : "No rows yet: add a new one"
            }
            data={rows.map((r) => ({ value: r.id, label: r.theme ? `${r.name} (${r.theme})` : r.name }))}
            value={rowId}
            onChange={setRowId}
            searchable
            nothingFoundMessage="No row matches"
            // Focused on open, its list opens when typing or clicking: open at once, it covered the form
            // (and an open list with nothing focusable in it, or still empty, fails axe).
            openOnFocus={false}
            data-autofocus
          />
        ) : (
          <Group grow align="flex-start">
            <TextInput
              label="Capability"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={200}
              required
              error={fields.name}
            />
            <TextInput
              label="Theme"
              value={theme}
              onChange={(e) => setTheme(e.currentTarget.value)}
              maxLength={100}
              error={fields.theme}
            />
          </Group>
        )}
        {current?.verifiedAt ? (
          <Text size="xs" c="dimmed">
            {competitorName}'s cell today: {current.status}
            {current.note ? ` — ${current.note}` : ""}
          </Text>
        ) : null}
        <StatusRadios value={status} onChange={setStatus} />
        <Textarea
          label="Note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          error={fields.note}
        />
        <TextInput
          label="Source URL"
          value={sourceUrl}
          onChange={(e) => setSourceUrl(e.currentTarget.value)}
          error={fields.sourceUrl}
        />
        <Checkbox
          label="I checked it now (mark verified)"
          checked={verified}
          onChange={(e) => setVerified(e.currentTarget.checked)}
        />
        <FormError
          error={err && !fields.name && !fields.note && !fields.sourceUrl ? errorMessage(err) : null}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={busy}
            disabled={!pid || !linked || (mode === "existing" ? !rowId : !name.trim())}
          >
            Save cell
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
