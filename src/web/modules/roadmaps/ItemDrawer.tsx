import { Badge, Button, Drawer, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { SMART_KEYS } from "../../../shared/enums.ts";
import type { RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useObjectives } from "../objectives/hooks.ts";
import { useDeleteItem, useUpdateItem } from "./hooks.ts";
import { ItemFields } from "./ItemFields.tsx";
import { itemPatchFrom, itemValuesFrom, useItemForm } from "./itemValues.ts";
import { SmartList } from "./smart.tsx";

/** Edits every field of an item, shows each SMART badge with its reason, deletes it. */
export function ItemDrawer({
  view,
  itemId,
  onClose,
  onReload,
}: {
  view: RoadmapView;
  itemId: string | null;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const item = itemId ? view.items.find((i) => i.id === itemId) : undefined;
  return (
    <Drawer
      opened={Boolean(item)}
      onClose={onClose}
      position="right"
      size="xl"
      title={item ? <Text fw={700}>{item.title}</Text> : null}
    >
      {item ? (
        <ItemEditor key={item.id} view={view} item={item} onClose={onClose} onReload={onReload} />
      ) : null}
    </Drawer>
  );
}

function ItemEditor({
  view,
  item,
  onClose,
  onReload,
}: {
  view: RoadmapView;
  item: RoadmapItem;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const { workspaceId: wid, can } = useWorkspace();
  const canWrite = can("roadmaps.write");
  const form = useItemForm();
  const update = useUpdateItem(wid, view.roadmap.id);
  const remove = useDeleteItem(wid);
  const objectives = useObjectives(wid, null);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);

  // The latest version of the item (first open, or after a reload): the form shows it, keeping the reason;
  // edits in progress are not overwritten by a background refetch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the version changes
  useEffect(() => {
    if (form.isDirty() && !stale) return;
    form.setValues({ ...itemValuesFrom(item, view.roadmap), reason: form.getValues().reason });
    form.resetDirty();
  }, [item.version]);

  const failing = SMART_KEYS.filter((k) => !item.smart[k].ok).length;

  const save = form.onSubmit((values) => {
    setFormError(null);
    const patch = itemPatchFrom(values, item, view.roadmap);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: item.id, patch: { ...patch, version: item.version, reason: values.reason.trim() } },
      {
        onSuccess: () => {
          notifySuccess(item.title, "Item saved");
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  const reload = async () => {
    setReloading(true);
    try {
      await onReload();
      setStale(false);
    } finally {
      setReloading(false);
    }
  };

  const askDelete = () => {
    let reason = "";
    confirmAction({
      title: "Remove this item from the roadmap?",
      message: (
        <Stack gap="sm">
          <Text size="sm">
            “{item.title}” leaves the roadmap. Saved versions keep it; comparisons show it as removed.
          </Text>
          <TextInput
            label="Reason"
            placeholder="Why it is removed (shown in version comparisons)"
            onChange={(e) => {
              reason = e.currentTarget.value;
            }}
            data-autofocus
          />
        </Stack>
      ),
      confirmLabel: "Remove item",
      onConfirm: () =>
        remove.mutate(
          { id: item.id, reason },
          {
            onSuccess: () => {
              notifySuccess(item.title, "Item removed");
              onClose();
            },
            onError: (err) => notifyError(err, "Could not remove the item"),
          },
        ),
    });
  };

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="md">
        <Paper withBorder radius="md" p="sm">
          <Group justify="space-between" mb={8}>
            <Text fw={600} size="sm">
              SMART check
            </Text>
            <Badge color={failing ? "red" : "teal"} variant="light">
              {failing ? `${failing} of 5 failing` : "All five pass"}
            </Badge>
          </Group>
          <SmartList smart={item.smart} />
          <Text size="xs" c="dimmed" mt={8}>
            Badges are computed by the server; they update after you save.
          </Text>
        </Paper>
        {stale ? <StaleAlert what="item" onReload={reload} reloading={reloading} /> : null}
        <FormError error={formError} />
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <ItemFields form={form} view={view} selfId={item.id} objectives={objectives.data} />
        </fieldset>
        {canWrite ? (
          <>
            <TextInput
              label="Reason for the change"
              description="Shown when versions are compared"
              placeholder="e.g. Design review moved it a quarter later"
              {...form.getInputProps("reason")}
              key={form.key("reason")}
            />
            <Group justify="space-between">
              <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={askDelete}>
                Remove
              </Button>
              <Group gap="sm">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={update.isPending}>
                  Save
                </Button>
              </Group>
            </Group>
          </>
        ) : null}
      </Stack>
    </form>
  );
}
