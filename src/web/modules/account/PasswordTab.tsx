import { Alert, Button, Card, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { validPassword } from "../../lib/validation.ts";

export function PasswordTab() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", confirm: "" },
    validate: {
      currentPassword: (v) => (v ? null : "Enter your current password"),
      newPassword: validPassword,
      confirm: (v, values) => (v === values.newPassword ? null : "The passwords do not match"),
    },
  });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => api.post("/auth/password", v),
    onSuccess: () => {
      form.reset();
      notifySuccess("Your other sessions were logged out.", "Password changed");
    },
    onError: (err) => setFormError(applyApiError(form, err)),
  });
  return (
    <Card>
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword });
        })}
        noValidate
      >
        <Stack gap="md" maw={460}>
          <Text size="sm" c="dimmed">
            Changing your password logs you out on every other device.
          </Text>
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters"
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
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
