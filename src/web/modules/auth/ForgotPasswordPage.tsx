import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconMailCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { api } from "../../api/client.ts";
import { applyApiError } from "../../components/feedback.tsx";
import { validEmail } from "../../lib/validation.ts";
import { AuthLayout } from "./AuthLayout.tsx";

export function ForgotPasswordPage() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" }, validate: { email: validEmail } });
  const request = useMutation({
    mutationFn: (v: { email: string }) => api.post("/auth/password-reset/request", v),
    onError: (err) => setFormError(applyApiError(form, err)),
  });

  if (request.isSuccess) {
    return (
      <AuthLayout title="Check your e-mail" footer={<BackToLogin />}>
        <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} role="status">
          If an account exists for <b>{form.values.email}</b>, we sent it a link to choose a new password. The
          link works for one hour.
        </Alert>
        <Text size="sm" c="dimmed">
          No e-mail server configured? An instance administrator finds the message in Settings → Outbox.
        </Text>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter your e-mail address and we will send you a link to choose a new one."
      footer={<BackToLogin />}
    >
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          request.mutate(v);
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
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <Button type="submit" size="md" loading={request.isPending} fullWidth>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function BackToLogin() {
  return (
    <Anchor component={Link} href="/login" size="sm">
      Back to log-in
    </Anchor>
  );
}
