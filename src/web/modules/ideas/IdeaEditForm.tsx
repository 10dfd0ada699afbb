import "./ideas.css";
import { Alert, Button, Group, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type { Framework } from "../../../shared/enums.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { fetchIdea, useUpdateIdea } from "./hooks.ts";
import { IdeaFormFields, ideaInputFrom, ideaValuesFrom, useIdeaForm } from "./IdeaFormFields.tsx";
import type { Idea } from "./types.ts";

/** Edits every field; sends the version read, a 409 shows the stale alert. */
export function IdeaEditForm({
  idea,
  framework,
  memberOptions,
  onDone,
  reachFromEvidence,
}: {
  idea: Idea;
  framework: Framework;
  memberOptions: { value: string; label: string }[];
  onDone: () => void;
  /** the product takes RICE's reach from customer evidence */
  reachFromEvidence?: boolean;
}) {
  const { workspaceId: wid } = useWorkspace();
  const update = useUpdateIdea(wid, idea.id);
  // Mounted when editing starts: the form starts from the idea as it is then.
  const form = useIdeaForm(ideaValuesFrom(idea));
  const [version, setVersion] = useState(idea.version);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const reload = async () => {
    setReloading(true);
    try {
      const latest = await fetchIdea(wid, idea.id);
      form.setValues(ideaValuesFrom(latest));
      setVersion(latest.version);
      setStale(false);
      setFormError(null);
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setReloading(false);
    }
  };

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { ...ideaInputFrom(values), version },
      {
        onSuccess: () => {
          notifySuccess("Your changes are saved.", "Saved");
          onDone();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="idea" onReload={reload} reloading={reloading} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <IdeaFormFields
          form={form}
          memberOptions={memberOptions}
          framework={framework}
          reachFromEvidence={reachFromEvidence}
          autoFocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending} disabled={stale}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
