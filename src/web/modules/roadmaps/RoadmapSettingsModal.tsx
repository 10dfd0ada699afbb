import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation } from "wouter";
import type { LaneBy, PeriodKind } from "../../../shared/enums.ts";
import type { Roadmap } from "../../../shared/roadmap.schemas.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteRoadmap, useUpdateRoadmap } from "./hooks.ts";
import { roadmapPaths } from "./paths.ts";
import { RoadmapFormFields } from "./RoadmapFormFields.tsx";

/** A roadmap's name, description, periods and default lanes; and deleting it. */
export function RoadmapSettingsModal({
  opened,
  onClose,
  roadmap,
  onReload,
}: {
  opened: boolean;
  onClose: () => void;
  roadmap: Roadmap;
  onReload: () => Promise<unknown>;
}) {
  const { workspaceId: wid } = useWorkspace();
  // The writes live here, not in the keyed form: a save brings a new version, which mounts a new form, and the
  // write's callbacks (close, say so) must still run.
  const update = useUpdateRoadmap(wid, roadmap.id);
  const remove = useDeleteRoadmap(wid);
  return (
    <Modal opened={opened} onClose={onClose} title="Roadmap settings" size="lg">
      {/* Starts from the roadmap's stored settings, again after a save or a reload brings a new version. */}
      <RoadmapSettingsForm
        key={`${roadmap.id}:${roadmap.version}`}
        onClose={onClose}
        roadmap={roadmap}
        onReload={onReload}
        update={update}
        remove={remove}
      />
    </Modal>
  );
}

function RoadmapSettingsForm({
  onClose,
  roadmap,
  onReload,
  update,
  remove,
}: {
  onClose: () => void;
  roadmap: Roadmap;
  onReload: () => Promise<unknown>;
  update: ReturnType<typeof useUpdateRoadmap>;
  remove: ReturnType<typeof useDeleteRoadmap>;
}) {
  const { workspaceId: wid } = useWorkspace();
  const [, navigate] = useLocation();
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const form = useForm({
    initialValues: {
      name: roadmap.name,
      description: roadmap.description,
      periodKind: roadmap.periodKind as PeriodKind,
      startMonth: roadmap.startMonth.slice(0, 7),
      horizon: roadmap.horizon as number | string,
      laneBy: roadmap.laneBy as LaneBy,
    },
    validate: {
      name: (v) => (v.trim() ? null : "Name the roadmap"),
      startMonth: (v) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : "Choose the first month"),
      horizon: (v) => (Number(v) >= 1 && Number(v) <= 24 ? null : "1 to 24"),
    },
  });

  const save = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      {
        version: roadmap.version,
        name: values.name.trim(),
        description: values.description,
        periodKind: values.periodKind,
        startMonth: values.startMonth,
        horizon: Number(values.horizon),
        laneBy: values.laneBy,
      },
      {
        onSuccess: () => {
          notifySuccess(values.name.trim(), "Roadmap saved");
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  const askDelete = () =>
    confirmAction({
      title: `Delete ${roadmap.name}?`,
      message: `The roadmap, its ${roadmap.itemCount} items, milestones and saved versions are deleted. The ideas stay in the backlog.`,
      confirmLabel: "Delete roadmap",
      onConfirm: () =>
        remove.mutate(roadmap.id, {
          onSuccess: () => {
            notifySuccess(roadmap.name, "Roadmap deleted");
            onClose();
            navigate(roadmapPaths.index(wid));
          },
          onError: (err) => notifyError(err, "Could not delete the roadmap"),
        }),
    });

  return (
    <form onSubmit={save} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="roadmap" onReload={() => onReload()} reloading={false} /> : null}
        <FormError error={formError} />
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
        <RoadmapFormFields
          form={form}
          previewNote=" — items keep their month; those outside move to the tray."
          lanesLabel="Lanes by (default)"
        />
        <Group justify="space-between">
          <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={askDelete}>
            Delete roadmap
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
      </Stack>
    </form>
  );
}
