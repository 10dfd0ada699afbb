import {
  Anchor,
  Autocomplete,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState } from "react";
import { Link } from "wouter";
import type { MatrixRow } from "../../../shared/matrix.schemas.ts";
import type { CellStatus } from "../../../shared/matrix.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { confirmAction, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { FormError } from "../../components/States.tsx";
import { ideaPaths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { StatusRadios } from "./CellEditor.tsx";
import { useAddRow, useAddRowsFromIdeas, useDeleteRow, useLinkRowIdea, useUpdateRow } from "./hooks.ts";
import { IdeaSearchList } from "./IdeaSearchList.tsx";

const fieldsOf = (err: unknown) => (err instanceof ApiError ? err.fields : {});

/** Add a row: a free-standing capability, or rows from ideas of the product (several at once). */
export function AddRowModal({
  pid,
  opened,
  onClose,
  themes,
  initialMode = "free",
}: {
  pid: string;
  opened: boolean;
  onClose: () => void;
  themes: string[];
  initialMode?: "free" | "ideas";
}) {
  // The theme stays from one row to the next; the rest starts empty on each opening.
  const [theme, setTheme] = useState("");
  return (
    <Modal opened={opened} onClose={onClose} title="Add to the feature matrix" size="lg">
      <AddRowForm
        key={initialMode}
        pid={pid}
        onClose={onClose}
        themes={themes}
        initialMode={initialMode}
        theme={theme}
        setTheme={setTheme}
      />
    </Modal>
  );
}

function AddRowForm({
  pid,
  onClose,
  themes,
  initialMode,
  theme,
  setTheme,
}: {
  pid: string;
  onClose: () => void;
  themes: string[];
  initialMode: "free" | "ideas";
  theme: string;
  setTheme: (t: string) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const add = useAddRow(wid);
  const fromIdeas = useAddRowsFromIdeas(wid, pid);
  const [mode, setMode] = useState(initialMode);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [ours, setOurs] = useState<CellStatus>("unknown");
  const [ideaIds, setIdeaIds] = useState<string[]>([]);

  const err = mode === "free" ? add.error : fromIdeas.error;
  const fields = fieldsOf(err);
  const submit = () => {
    if (mode === "free")
      add.mutate(
        { pid, input: { name: name.trim(), theme: theme.trim(), description, ours: { status: ours } } },
        {
          onSuccess: (row) => {
            notifySuccess(`Added "${row.name}"`);
            onClose();
          },
        },
      );
    else
      fromIdeas.mutate(
        { ideaIds, theme: theme.trim() },
        {
          onSuccess: (res) => {
            notifySuccess(
              `Added ${res.created.length} row${res.created.length === 1 ? "" : "s"}${
                res.skipped.length ? ` (${res.skipped.length} already in the matrix)` : ""
              }`,
            );
            onClose();
          },
        },
      );
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as "free" | "ideas")}
          data={[
            { value: "free", label: "A capability" },
            { value: "ideas", label: "From ideas" },
          ]}
          aria-label="What to add"
        />
        <Autocomplete
          label="Theme"
          description="Rows are grouped by theme"
          data={themes.filter(Boolean)}
          value={theme}
          onChange={setTheme}
          maxLength={100}
          error={fields.theme}
        />
        {mode === "free" ? (
          <>
            <TextInput
              label="Capability"
              placeholder="Single sign-on"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={200}
              error={fields.name}
              data-autofocus
            />
            <Textarea
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={5000}
              error={fields.description}
            />
            <StatusRadios value={ours} onChange={setOurs} />
          </>
        ) : (
          <IdeaSearchList
            pid={pid}
            selected={ideaIds}
            multiple
            enabled={mode === "ideas"}
            onToggle={(id) =>
              setIdeaIds((xs) => (xs.includes(id) ? xs.filter((x) => x !== id) : [...xs, id]))
            }
          />
        )}
        <FormError error={err && !fields.name && !fields.theme ? errorMessage(err) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={add.isPending || fromIdeas.isPending}
            disabled={mode === "free" ? !name.trim() : ideaIds.length === 0}
          >
            {mode === "free"
              ? "Add row"
              : `Add ${ideaIds.length || ""} row${ideaIds.length === 1 ? "" : "s"}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A row's details: edit name, theme and description; link it to an idea (new or existing); delete it. */
export function RowModal({
  row,
  onClose,
  ...rest
}: {
  row: MatrixRow | null;
  onClose: () => void;
  themes: string[];
  canWrite: boolean;
  canWriteIdeas: boolean;
  competitors: number;
}) {
  return (
    <Modal opened={row !== null} onClose={onClose} title={row?.name ?? "Row"} size="lg">
      {/* Starts from the row's stored values whenever another row opens. */}
      {row ? <RowForm key={row.id} row={row} onClose={onClose} {...rest} /> : null}
    </Modal>
  );
}

function RowForm({
  row,
  onClose,
  themes,
  canWrite,
  canWriteIdeas,
  competitors,
}: {
  row: MatrixRow;
  onClose: () => void;
  themes: string[];
  canWrite: boolean;
  canWriteIdeas: boolean;
  competitors: number;
}) {
  const { workspaceId: wid } = useWorkspace();
  const update = useUpdateRow(wid);
  const del = useDeleteRow(wid);
  const link = useLinkRowIdea(wid);
  const [name, setName] = useState(row.name);
  const [theme, setTheme] = useState(row.theme);
  const [description, setDescription] = useState(row.description);
  const [linkMode, setLinkMode] = useState<"new" | "existing">("new");
  const [picked, setPicked] = useState<string | null>(null);
  const [title, setTitle] = useState(row.name);

  const fields = fieldsOf(update.error);
  const save = () =>
    update.mutate(
      { id: row.id, version: row.version, name: name.trim(), theme: theme.trim(), description },
      { onSuccess: onClose },
    );
  const linkIdea = () =>
    link.mutate(
      linkMode === "new"
        ? { rowId: row.id, title: title.trim() || undefined }
        : { rowId: row.id, ideaId: picked! },
      {
        onSuccess: (r) => {
          notifySuccess(`Linked to idea #${r.ideaNumber}`);
          onClose();
        },
      },
    );

  return (
    <Stack gap="md">
      {row.gap ? (
        <Text size="sm">
          A gap: {row.have} of {competitors} competitors have it
          {row.partial ? `, ${row.partial} partly` : ""}, we don't.
        </Text>
      ) : null}
      {row.ideaId ? (
        <Text size="sm">
          Linked to{" "}
          <Anchor component={Link} href={ideaPaths.idea(wid, row.ideaId)} size="sm">
            idea #{row.ideaNumber} {row.ideaTitle}
          </Anchor>
          {row.ideaScore !== null ? ` (score ${row.ideaScore.toFixed(1)})` : ""}.
        </Text>
      ) : null}
      {row.roadmapItemTitle ? <Text size="sm">Roadmap item: {row.roadmapItemTitle}</Text> : null}
      {canWrite ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <Stack gap="sm">
            {update.error instanceof ApiError && update.error.isStale ? (
              <StaleAlert what="row" onReload={onClose} reloading={false} />
            ) : null}
            <TextInput
              label="Capability"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={200}
              required
              error={fields.name}
            />
            <Autocomplete
              label="Theme"
              data={themes.filter(Boolean)}
              value={theme}
              onChange={setTheme}
              maxLength={100}
              error={fields.theme}
            />
            <Textarea
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={5000}
              error={fields.description}
            />
            <FormError
              error={
                update.error && !fields.name && !(update.error instanceof ApiError && update.error.isStale)
                  ? errorMessage(update.error)
                  : null
              }
            />
            <Group justify="space-between">
              <Button
                color="red"
                variant="subtle"
                loading={del.isPending}
                onClick={() =>
                  confirmAction({
                    title: `Delete "${row.name}"?`,
                    message: "The row and every competitor's cell on it are deleted.",
                    confirmLabel: "Delete row",
                    onConfirm: () => del.mutate(row.id, { onSuccess: onClose }),
                  })
                }
              >
                Delete row
              </Button>
              <Button type="submit" loading={update.isPending} disabled={!name.trim()}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Text size="sm">{row.description || "No description."}</Text>
      )}
      {canWrite && canWriteIdeas ? (
        <Stack gap="sm" component="section" aria-labelledby="row-link-idea">
          <Text fw={600} id="row-link-idea">
            {row.ideaId ? "Link to another idea" : "Link to an idea"}
          </Text>
          <SegmentedControl
            value={linkMode}
            onChange={(v) => setLinkMode(v as "new" | "existing")}
            data={[
              { value: "new", label: "New idea" },
              { value: "existing", label: "Existing idea" },
            ]}
            aria-label="Which idea"
          />
          {linkMode === "new" ? (
            <TextInput label="Idea title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          ) : (
            <IdeaSearchList
              pid={row.productId}
              selected={picked ? [picked] : []}
              multiple={false}
              enabled
              onToggle={setPicked}
            />
          )}
          <FormError error={link.error ? errorMessage(link.error) : null} />
          <Group justify="flex-end">
            <Button
              variant="light"
              loading={link.isPending}
              disabled={linkMode === "existing" && !picked}
              onClick={linkIdea}
            >
              {linkMode === "new" ? "Create idea and link" : "Link idea"}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
