import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { api } from "../../api/client.ts";
import { sessionKey } from "../../api/session.ts";
import type { MyWorkspace, SessionInfo } from "../../api/types.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { paths, rememberWorkspace } from "../../lib/paths.ts";
import { required, slugify, validSlug } from "../../lib/validation.ts";

/** Name (and optional address) of a new workspace; the creator becomes its owner. */
export function CreateWorkspaceForm({ onDone }: { onDone?: () => void }) {
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", slug: "" },
    validate: { name: required("A name"), slug: validSlug },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<MyWorkspace>("/workspaces", { name: v.name.trim(), slug: v.slug.trim() || undefined }),
    onSuccess: (ws) => {
      qc.setQueryData<SessionInfo | null>(sessionKey, (s) =>
        s ? { ...s, workspaces: [...s.workspaces, ws] } : s,
      );
      void qc.invalidateQueries({ queryKey: sessionKey });
      rememberWorkspace(ws.id);
      notifySuccess(`You are the owner of ${ws.name}.`, "Workspace created");
      onDone?.();
      navigate(paths.home(ws.id));
    },
    onError: (err) => setFormError(applyApiError(form, err)),
  });
  return (
    <form
      onSubmit={form.onSubmit((v) => {
        setFormError(null);
        create.mutate(v);
      })}
      noValidate
    >
      <Stack gap="md">
        {formError ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {formError}
          </Alert>
        ) : null}
        <TextInput label="Workspace name" required data-autofocus {...form.getInputProps("name")} />
        <TextInput
          label="Address (optional)"
          description="Lowercase letters, digits and dashes. Leave empty to derive it from the name."
          placeholder={slugify(form.values.name) || "acme-product"}
          {...form.getInputProps("slug")}
        />
        <Button type="submit" loading={create.isPending}>
          Create workspace
        </Button>
      </Stack>
    </form>
  );
}
