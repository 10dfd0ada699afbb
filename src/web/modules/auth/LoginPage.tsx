import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Redirect, useLocation, useSearch } from "wouter";
import { api } from "../../api/client.ts";
import { useAcceptSession, useSession } from "../../api/session.ts";
import type { SessionInfo } from "../../api/types.ts";
import { applyApiError } from "../../components/feedback.tsx";
import { paths, safeNext } from "../../lib/paths.ts";
import { validEmail } from "../../lib/validation.ts";
import { AuthLayout } from "./AuthLayout.tsx";

export function LoginPage() {
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const next = safeNext(params.get("next"));
  const session = useSession();
  const acceptSession = useAcceptSession();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: params.get("email") ?? "", password: "" },
    validate: { email: validEmail, password: (v) => (v ? null : "Enter your password") },
  });
  const login = useMutation({
    mutationFn: (v: typeof form.values) => api.post<SessionInfo>("/auth/login", v),
    onSuccess: (s) => {
      acceptSession(s);
      navigate(next, { replace: true });
    },
    onError: (err) => {
      setFormError(applyApiError(form, err));
      form.setFieldValue("password", "");
    },
  });

  if (session.data && !login.isPending && !login.isSuccess) return <Redirect to={next} replace />;

  return (
    <AuthLayout
      title="Log in"
      subtitle="Welcome back. Log in to your Baton workspace."
      footer={<>Got an invitation? Open the link from the e-mail to join.</>}
    >
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          login.mutate(v);
        })}
        noValidate
      >
        <Stack gap="md">
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            data-autofocus
            autoFocus
            {...form.getInputProps("email")}
          />
          <Stack gap={4}>
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps("password")}
            />
            <Group justify="flex-end">
              <Anchor component={Link} href={paths.forgotPassword} size="sm">
                Forgot password?
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" size="md" loading={login.isPending} fullWidth>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
