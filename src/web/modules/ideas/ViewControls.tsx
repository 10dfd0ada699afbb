import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Popover,
  ScrollArea,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBookmark, IconColumns3, IconDeviceFloppy, IconTrash, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import type { ColumnDef } from "./columns.tsx";
import { useCreateView, useDeleteView, useViews } from "./hooks.ts";
import type { SavedView, ViewConfig } from "./types.ts";

/** Saved views: apply one, save the current filters, sort and columns as a new one, delete. */
export function ViewsMenu({
  productId,
  current,
  activeId,
  onApply,
}: {
  productId: string;
  current: ViewConfig;
  activeId: string | null;
  onApply: (view: SavedView) => void;
}) {
  const { workspaceId, can, user } = useWorkspace();
  const views = useViews(workspaceId, productId);
  const del = useDeleteView(workspaceId, productId);
  const [opened, modal] = useDisclosure(false);
  const active = views.data?.find((v) => v.id === activeId);
  const mayDelete = (v: SavedView) =>
    can("ideas.write") && (v.ownerId === user.id || can("ideas.prioritize"));

  return (
    <>
      <Menu position="bottom-start" width={280} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />}>
            {active ? active.name : "Views"}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {views.isPending ? (
            <Menu.Item disabled>Loading…</Menu.Item>
          ) : views.isError ? (
            <Menu.Item disabled>{errorMessage(views.error)}</Menu.Item>
          ) : views.data.length === 0 ? (
            <Menu.Item disabled>No saved views yet</Menu.Item>
          ) : (
            views.data.map((v) => (
              <Menu.Item
                key={v.id}
                onClick={() => onApply(v)}
                leftSection={v.shared ? <IconUsers size={14} /> : <IconBookmark size={14} />}
                rightSection={
                  mayDelete(v) ? (
                    <ActionIcon
                      component="span"
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={`Delete view ${v.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        confirmAction({
                          title: `Delete the view "${v.name}"?`,
                          message: (
                            <Text size="sm">The ideas stay as they are; only the saved filters go.</Text>
                          ),
                          confirmLabel: "Delete view",
                          onConfirm: () =>
                            del.mutate(v.id, {
                              onSuccess: () => notifySuccess(`"${v.name}" was deleted.`),
                              onError: (err) => notifyError(err, "Could not delete the view"),
                            }),
                        });
                      }}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  ) : null
                }
                fw={v.id === activeId ? 700 : undefined}
              >
                {v.name}
              </Menu.Item>
            ))
          )}
          {can("ideas.write") ? (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconDeviceFloppy size={14} />} onClick={modal.open}>
                Save current view…
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      <SaveViewModal
        opened={opened}
        onClose={modal.close}
        productId={productId}
        config={current}
        onSaved={onApply}
      />
    </>
  );
}

function SaveViewModal({
  opened,
  onClose,
  productId,
  config,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  productId: string;
  config: ViewConfig;
  onSaved: (v: SavedView) => void;
}) {
  const { workspaceId } = useWorkspace();
  const create = useCreateView(workspaceId, productId);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError("Name the view");
      return;
    }
    create.mutate(
      { name: name.trim(), shared, config },
      {
        onSuccess: (v) => {
          notifySuccess(`"${v.name}" was saved.`, "View saved");
          setName("");
          setError(null);
          onSaved(v);
          onClose();
        },
        onError: (err) => setError(errorMessage(err)),
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Save this view">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Keeps the search, filters, sort and columns you have now, to come back to in one click.
          </Text>
          {error && error !== "Name the view" ? (
            <Alert color="red" variant="light">
              {error}
            </Alert>
          ) : null}
          <TextInput
            label="Name"
            required
            data-autofocus
            placeholder="e.g. Planned, by RICE"
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error === "Name the view" ? error : undefined}
          />
          <Switch
            label="Share with the workspace"
            description="Everyone who sees this product's ideas sees the view"
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save view
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Which columns the table shows (title and rank always). */
export function ColumnPicker({
  columns,
  visible,
  onChange,
  onReset,
}: {
  columns: ColumnDef[];
  visible: string[];
  onChange: (keys: string[]) => void;
  onReset: () => void;
}) {
  const set = new Set(visible);
  const toggle = (key: string) => {
    const next = new Set(set);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(columns.filter((c) => c.fixed || next.has(c.key)).map((c) => c.key));
  };
  return (
    <Popover position="bottom-end" width={240} shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns3 size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={360} type="auto">
          <Stack gap={8} pr="xs">
            {columns
              .filter((c) => !c.key.startsWith("f:"))
              .map((c) => (
                <Checkbox
                  key={c.key}
                  size="xs"
                  label={c.label === "#" ? "Number" : c.label}
                  checked={c.fixed || set.has(c.key)}
                  disabled={c.fixed}
                  onChange={() => toggle(c.key)}
                />
              ))}
            {columns.some((c) => c.key.startsWith("f:")) ? (
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" mt={4}>
                Factor means
              </Text>
            ) : null}
            {columns
              .filter((c) => c.key.startsWith("f:"))
              .map((c) => (
                <Checkbox
                  key={c.key}
                  size="xs"
                  label={c.label}
                  checked={set.has(c.key)}
                  onChange={() => toggle(c.key)}
                />
              ))}
          </Stack>
        </ScrollArea.Autosize>
        <Button variant="subtle" size="xs" mt="sm" onClick={onReset} fullWidth>
          Reset columns
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
