import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import type { RoadmapVersion } from "../../../shared/roadmap.schemas.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useSaveVersion } from "./hooks.ts";

/** Saves a named, immutable snapshot of the roadmap (what sign-off and comparisons refer to). */
export function SaveVersionModal({
  opened,
  onClose,
  roadmapId,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  roadmapId: string;
  onSaved?: (v: RoadmapVersion) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Save a version">
      {/* Mounted on each opening (the modal unmounts its content when closed): the form starts empty. */}
      <SaveVersionForm key={roadmapId} onClose={onClose} roadmapId={roadmapId} onSaved={onSaved} />
    </Modal>
  );
}

function SaveVersionForm({
  onClose,
  roadmapId,
  onSaved,
}: {
  onClose: () => void;
  roadmapId: string;
  onSaved?: (v: RoadmapVersion) => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const save = useSaveVersion(wid, roadmapId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", note: "" },
    validate: { name: (v) => (v.trim() ? null : "Name the version") },
  });

  const submit = form.onSubmit((v) => {
    setFormError(null);
    save.mutate(
      { name: v.name.trim(), note: v.note.trim() },
      {
        onSuccess: (version) => {
          notifySuccess(`Version ${version.number}: ${version.name}`, "Version saved");
          onClose();
          onSaved?.(version);
        },
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} />
        <TextInput
          label="Name"
          placeholder="e.g. Q1 plan for sign-off"
          required
          data-autofocus
          {...form.getInputProps("name")}
        />
        <Textarea
          label="Note"
          description="What changed, or what this version is for"
          autosize
          minRows={2}
          {...form.getInputProps("note")}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
