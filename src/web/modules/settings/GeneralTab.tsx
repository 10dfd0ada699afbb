import { Anchor, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconDownload, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation } from "wouter";
import { ApiError } from "../../api/client.ts";
import { useForgetWorkspace } from "../../api/session.ts";
import { applyApiError, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { FormError } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { required, validSlug } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useDeleteWorkspace, useUpdateWorkspace } from "./hooks.ts";
import { MailInCard } from "./MailInCard.tsx";

export function GeneralTab() {
  const { workspace, workspaceId, can } = useWorkspace();
  // The write lives here, not in the keyed form: a save brings a new version, which mounts a new form, and the
  // write's callbacks (say so) must still run.
  const update = useUpdateWorkspace(workspaceId);
  return (
    <Stack gap="lg" maw={760}>
      {/* A save (here or elsewhere) brings a new version: the form starts again from it. */}
      <WorkspaceForm key={workspace.version} update={update} />
      {can("export.run") ? (
        <Card>
          <Group justify="space-between" wrap="wrap" gap="md">
            <div style={{ flex: "1 1 320px" }}>
              <Title order={2} fz="lg">
                Export
              </Title>
              <Text size="sm" c="dimmed">
                Download the whole workspace as one JSON document — the same format as{" "}
                <code>baton export</code>. Your data is yours.
              </Text>
            </div>
            <Button
              component="a"
              href={`/api/v1/workspaces/${workspaceId}/export`}
              download={`${workspace.slug}.json`}
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Download JSON
            </Button>
          </Group>
        </Card>
      ) : null}
      {can("workspace.update") ? <MailInCard /> : null}
      {can("workspace.delete") ? <DangerZone /> : null}
    </Stack>
  );
}

/** The workspace's name and address, starting from the stored workspace. */
function WorkspaceForm({ update }: { update: ReturnType<typeof useUpdateWorkspace> }) {
  const { workspace, can } = useWorkspace();
  const editable = can("workspace.update");
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: workspace.name, slug: workspace.slug },
    validate: { name: required("A name"), slug: (v) => required("An address")(v) ?? validSlug(v) },
  });

  const save = form.onSubmit((v) => {
    setFormError(null);
    update.mutate(
      { version: workspace.version, name: v.name.trim(), slug: v.slug.trim() },
      {
        onSuccess: () => notifySuccess("Workspace settings saved."),
        onError: (err) => {
          if (err instanceof ApiError && err.isStale)
            setFormError(
              "Someone else changed these settings while you were editing. Reload the page and try again.",
            );
          else setFormError(applyApiError(form, err));
        },
      },
    );
  });

  return (
    <Card>
      <form onSubmit={save} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz="lg">
              Workspace
            </Title>
            <Text size="sm" c="dimmed">
              Created {formatDate(workspace.createdAt)}.
              {editable ? "" : " Only owners and admins can change these settings."}
            </Text>
          </div>
          <FormError error={formError} />
          <TextInput label="Name" required disabled={!editable} {...form.getInputProps("name")} />
          <TextInput
            label="Address"
            description="A short, unique identifier: lowercase letters, digits and dashes. Used by the CLI and in exports."
            required
            disabled={!editable}
            leftSection={
              <Text size="xs" c="dimmed">
                /
              </Text>
            }
            {...form.getInputProps("slug")}
          />
          {editable ? (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                Save
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}

function DangerZone() {
  const { workspace, workspaceId } = useWorkspace();
  const [opened, modal] = useDisclosure(false);
  const [typed, setTyped] = useState("");
  const del = useDeleteWorkspace(workspaceId);
  const forgetWorkspace = useForgetWorkspace();
  const [, navigate] = useLocation();
  return (
    <Card style={{ borderColor: "var(--mantine-color-red-outline)" }}>
      <Group justify="space-between" wrap="wrap" gap="md">
        <div style={{ flex: "1 1 320px" }}>
          <Title order={2} fz="lg" c="red">
            Delete this workspace
          </Title>
          <Text size="sm" c="dimmed">
            Deletes every product, team, invitation and token in it, for everyone. This cannot be undone.{" "}
            <Anchor href={`/api/v1/workspaces/${workspaceId}/export`} size="sm">
              Export first
            </Anchor>
            .
          </Text>
        </div>
        <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={modal.open}>
          Delete workspace
        </Button>
      </Group>
      <Modal opened={opened} onClose={modal.close} title={`Delete ${workspace.name}?`}>
        <Stack gap="md">
          <Text size="sm">
            Everything in this workspace is deleted for all its members. Type <b>{workspace.name}</b> to
            confirm.
          </Text>
          <TextInput
            aria-label="Workspace name"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close}>
              Cancel
            </Button>
            <Button
              color="red"
              disabled={typed.trim() !== workspace.name}
              loading={del.isPending}
              onClick={() =>
                del.mutate(undefined, {
                  onSuccess: () => {
                    forgetWorkspace(workspaceId);
                    notifySuccess(`${workspace.name} was deleted.`);
                    navigate("/", { replace: true });
                  },
                  onError: (err) => notifyError(err, "Could not delete the workspace"),
                })
              }
            >
              Delete workspace
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
