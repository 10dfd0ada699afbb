import { Alert, Anchor, Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearch } from "wouter";
import { api } from "../../api/client.ts";
import { applyApiError } from "../../components/feedback.tsx";
import { paths } from "../../lib/paths.ts";
import { validPassword } from "../../lib/validation.ts";
import { AuthLayout } from "./AuthLayout.tsx";

export function ResetPasswordPage() {
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: "", confirm: "" },
    validate: {
      newPassword: validPassword,
      confirm: (v, values) => (v === values.newPassword ? null : "The passwords do not match"),
    },
  });
  const reset = useMutation({
    mutationFn: (v: { newPassword: string }) =>
      api.post("/auth/password-reset/confirm", { token, newPassword: v.newPassword }),
    onError: (err) => setFormError(applyApiError(form, err)),
  });

  if (!token) {
    return (
      <AuthLayout title="Reset your password">
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          This page needs the link from your password-reset e-mail.{" "}
          <Anchor component={Link} href={paths.forgotPassword}>
            Ask for a new link
          </Anchor>
          .
        </Alert>
      </AuthLayout>
    );
  }

  if (reset.isSuccess) {
    return (
      <AuthLayout title="Password changed">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} role="status">
          Your new password is set. Other devices were logged out.
        </Alert>
        <Button component={Link} href="/login" size="md" fullWidth>
          Log in
        </Button>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" subtitle="Use at least 10 characters. A passphrase works well.">
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          reset.mutate(v);
        })}
        noValidate
      >
        <Stack gap="md">
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}{" "}
              {form.errors.token || /token|link/i.test(formError) ? (
                <Anchor component={Link} href={paths.forgotPassword}>
                  Ask for a new link
                </Anchor>
              ) : null}
            </Alert>
          ) : null}
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            {...form.getInputProps("newPassword")}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            required
            {...form.getInputProps("confirm")}
          />
          <Button type="submit" size="md" loading={reset.isPending} fullWidth>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
