import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation } from "wouter";
import type { Framework } from "../../../shared/enums.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { SimilarItems } from "../../components/SimilarItems.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCreateIdea } from "./hooks.ts";
import { IdeaFormFields, ideaInputFrom, useIdeaForm } from "./IdeaFormFields.tsx";
import { ideaPaths } from "./paths.ts";

export function NewIdeaModal({
  opened,
  onClose,
  productId,
  framework,
  memberOptions,
  tagOptions,
}: {
  opened: boolean;
  onClose: () => void;
  productId: string;
  framework?: Framework;
  memberOptions: { value: string; label: string }[];
  tagOptions: string[];
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="New idea" size="xl">
      <NewIdeaForm
        key="new"
        onClose={onClose}
        productId={productId}
        framework={framework}
        memberOptions={memberOptions}
        tagOptions={tagOptions}
      />
    </Modal>
  );
}

function NewIdeaForm({
  onClose,
  productId,
  framework,
  memberOptions,
  tagOptions,
}: {
  onClose: () => void;
  productId: string;
  framework?: Framework;
  memberOptions: { value: string; label: string }[];
  tagOptions: string[];
}) {
  const { workspaceId } = useWorkspace();
  const [, navigate] = useLocation();
  const create = useCreateIdea(workspaceId, productId);
  const form = useIdeaForm();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (open: boolean) =>
    form.onSubmit((values) => {
      setFormError(null);
      create.mutate(ideaInputFrom(values), {
        onSuccess: (idea) => {
          notifySuccess(`#${idea.number} ${idea.title}`, "Idea created");
          onClose();
          if (open) navigate(ideaPaths.idea(workspaceId, idea.id));
        },
        onError: (err) => setFormError(applyApiError(form, err)),
      });
    });

  return (
    <form onSubmit={submit(false)} noValidate>
      <Stack gap="md">
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <IdeaFormFields
          form={form}
          memberOptions={memberOptions}
          tagOptions={tagOptions}
          framework={framework}
          autoFocus
        />
        <SimilarItems
          wid={workspaceId}
          text={`${form.values.title}\n${form.values.description}`}
          productId={productId}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="light" onClick={() => submit(true)()} loading={create.isPending}>
            Create and open
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create idea
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
