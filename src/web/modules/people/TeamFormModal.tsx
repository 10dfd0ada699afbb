import { Alert, Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { DISCIPLINE_LABELS, DISCIPLINES } from "../../../shared/enums.ts";
import { ApiError, api, errorMessage } from "../../api/client.ts";
import type { Team } from "../../api/types.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { StaleAlert } from "../../components/StaleAlert.tsx";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { type TeamInput, useAllMembers, useSaveTeam } from "./hooks.ts";

const DISCIPLINE_OPTIONS = DISCIPLINES.map((d) => ({ value: d, label: DISCIPLINE_LABELS[d] }));
const empty: TeamInput = { name: "", discipline: "engineering", description: "", leadId: null };
const valuesOf = (t: Team): TeamInput => ({
  name: t.name,
  discipline: t.discipline,
  description: t.description,
  leadId: t.leadId,
});

export function TeamFormModal({
  opened,
  onClose,
  team,
}: {
  opened: boolean;
  onClose: () => void;
  team: Team | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={team ? "Edit team" : "New team"} size="lg">
      <TeamForm key={team?.id ?? "new"} onClose={onClose} team={team} />
    </Modal>
  );
}

function TeamForm({ onClose, team }: { onClose: () => void; team: Team | null }) {
  const { workspaceId } = useWorkspace();
  const members = useAllMembers(workspaceId);
  const save = useSaveTeam(workspaceId);
  const [version, setVersion] = useState<number | undefined>(team?.version);
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);
  const form = useForm<TeamInput>({
    initialValues: team ? valuesOf(team) : empty,
    validate: { name: required("A name") },
  });

  const reload = async () => {
    if (!team) return;
    setReloading(true);
    try {
      const t = await api.get<Team>(`/workspaces/${workspaceId}/teams/${team.id}`);
      form.setValues(valuesOf(t));
      setVersion(t.version);
      setStale(false);
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setReloading(false);
    }
  };

  const submit = (values: TeamInput) => {
    setFormError(null);
    save.mutate(
      { id: team?.id, version, input: { ...values, name: values.name.trim() } },
      {
        onSuccess: (t) => {
          notifySuccess(
            team ? `${t.name} was saved.` : `${t.name} was created.`,
            team ? "Saved" : "Team created",
          );
          onClose();
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) setStale(true);
          else setFormError(applyApiError(form, err));
        },
      },
    );
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md">
        {stale ? <StaleAlert what="team" onReload={reload} reloading={reloading} /> : null}
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <Group grow align="flex-start">
          <TextInput
            label="Team name"
            required
            data-autofocus
            placeholder="e.g. Platform engineering"
            {...form.getInputProps("name")}
          />
          <Select label="Discipline" data={DISCIPLINE_OPTIONS} {...form.getInputProps("discipline")} />
        </Group>
        <Select
          label="Lead"
          placeholder={members.isPending ? "Loading members…" : "No lead"}
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
          searchable
          clearable
          allowDeselect
          nothingFoundMessage="No member with that name"
          description="The head of this discipline: the person who commits the team's capacity"
          {...form.getInputProps("leadId")}
        />
        <Textarea
          label="Description"
          placeholder="What does this team own?"
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps("description")}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={stale}>
            {team ? "Save changes" : "Create team"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
