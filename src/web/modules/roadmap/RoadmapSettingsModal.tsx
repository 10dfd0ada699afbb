import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useLocation } from "wouter";
import { LANE_BY, type LaneBy, type PeriodKind } from "../../../shared/enums.ts";
import type { Roadmap } from "../../../shared/roadmap.schemas.ts";
import { periodsOf } from "../../../shared/roadmap.ts";
import { ApiError } from "../../api/client.ts";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteRoadmap, useUpdateRoadmap } from "./hooks.ts";
import { LANE_BY_LABELS } from "./model.ts";
import { roadmapPaths } from "./paths.ts";

const KINDS: { value: PeriodKind; label: string }[] = [
  { value: "quarter", label: "Quarters" },
  { value: "month", label: "Months" },
  { value: "nnl", label: "Now / Next / Later" },
];

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
  const [, navigate] = useLocation();
  const update = useUpdateRoadmap(wid, roadmap.id);
  const remove = useDeleteRoadmap(wid);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const form = useForm({
    initialValues: {
      name: "",
      description: "",
      periodKind: "quarter" as PeriodKind,
      startMonth: "",
      horizon: 4 as number | string,
      laneBy: "team" as LaneBy,
    },
    validate: {
      name: (v) => (v.trim() ? null : "Name the roadmap"),
      startMonth: (v) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? null : "Choose the first month"),
      horizon: (v) => (Number(v) >= 1 && Number(v) <= 24 ? null : "1 to 24"),
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on open, and after a reload
  useEffect(() => {
    if (!opened) return;
    form.setValues({
      name: roadmap.name,
      description: roadmap.description,
      periodKind: roadmap.periodKind,
      startMonth: roadmap.startMonth.slice(0, 7),
      horizon: roadmap.horizon,
      laneBy: roadmap.laneBy,
    });
    form.resetDirty();
    setFormError(null);
    setStale(false);
  }, [opened, roadmap.version]);

  const v = form.getValues();
  const preview =
    /^\d{4}-\d{2}$/.test(v.startMonth) && Number(v.horizon) >= 1 && Number(v.horizon) <= 24
      ? periodsOf({ periodKind: v.periodKind, startMonth: `${v.startMonth}-01`, horizon: Number(v.horizon) })
      : [];

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
    <Modal opened={opened} onClose={onClose} title="Roadmap settings" size="lg">
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          {stale ? <StaleAlert what="roadmap" onReload={() => onReload()} reloading={false} /> : null}
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput label="Name" required {...form.getInputProps("name")} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Periods
            </Text>
            <SegmentedControl data={KINDS} {...form.getInputProps("periodKind")} />
          </Stack>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput type="month" label="First month" required {...form.getInputProps("startMonth")} />
            <NumberInput
              label={
                v.periodKind === "nnl"
                  ? "Months per bucket"
                  : v.periodKind === "month"
                    ? "Months"
                    : "Quarters"
              }
              min={1}
              max={24}
              required
              {...form.getInputProps("horizon")}
            />
          </SimpleGrid>
          {preview.length ? (
            <Text size="xs" c="dimmed">
              {preview.map((p) => p.label).join(" · ")} — items keep their month; those outside move to the
              tray.
            </Text>
          ) : null}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Lanes by (default)
            </Text>
            <SegmentedControl
              data={LANE_BY.map((l) => ({ value: l, label: LANE_BY_LABELS[l] }))}
              {...form.getInputProps("laneBy")}
            />
          </Stack>
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
    </Modal>
  );
}
