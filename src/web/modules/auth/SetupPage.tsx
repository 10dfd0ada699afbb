import { Alert, Button, Divider, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { api } from "../../api/client.ts";
import { useAcceptSession } from "../../api/session.ts";
import type { SessionInfo } from "../../api/types.ts";
import { applyApiError } from "../../components/feedback.tsx";
import { browserTimeZone } from "../../lib/format.ts";
import { paths, rememberWorkspace } from "../../lib/paths.ts";
import { required, validEmail, validPassword } from "../../lib/validation.ts";
import { AuthLayout } from "./AuthLayout.tsx";

/** First run: the first owner and the first workspace. */
export function SetupPage() {
  const [, navigate] = useLocation();
  const acceptSession = useAcceptSession();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", email: "", password: "", workspaceName: "" },
    validate: {
      name: required("Your name"),
      email: validEmail,
      password: validPassword,
      workspaceName: required("A workspace name"),
    },
  });
  const setup = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<SessionInfo>("/setup", { ...v, timezone: browserTimeZone() }),
    onSuccess: (s) => {
      acceptSession(s);
      const ws = s.workspaces[0];
      if (ws) {
        rememberWorkspace(ws.id);
        navigate(paths.home(ws.id), { replace: true });
      } else navigate("/", { replace: true });
    },
    onError: (err) => setFormError(applyApiError(form, err)),
  });

  return (
    <AuthLayout
      title="Welcome to Baton"
      subtitle="Set up this Baton: create the owner account and your first workspace. You can invite your team right after."
      width={460}
    >
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          setup.mutate(v);
        })}
        noValidate
      >
        <Stack gap="md">
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Divider label="Your workspace" labelPosition="left" mt="xs" />
          <TextInput
            label="Workspace name"
            description="Usually your company or product group, e.g. “Acme Product”"
            required
            {...form.getInputProps("workspaceName")}
          />
          <Button type="submit" size="md" loading={setup.isPending} fullWidth mt="xs">
            Create account and workspace
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            You will be the owner of this workspace and this Baton instance's first user.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
