import { Alert, Button, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { api } from "../../api/client.ts";
import { sessionKey } from "../../api/session.ts";
import type { SessionInfo, User } from "../../api/types.ts";
import { applyApiError, notifySuccess } from "../../components/feedback.tsx";
import { UserAvatar } from "../../components/UserAvatar.tsx";
import { browserTimeZone, formatDate, setUserTimeZone } from "../../lib/format.ts";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    // Older browsers lack it: the list then holds UTC and the current zone.
    zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  } catch {
    zones = [];
  }
  if (!zones.includes("UTC")) zones = ["UTC", ...zones];
  if (current && !zones.includes(current)) zones = [current, ...zones];
  return zones;
}

export function ProfileTab() {
  const { user } = useWorkspace();
  const qc = useQueryClient();
  const zones = useMemo(() => timeZones(user.timezone), [user.timezone]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: user.name, timezone: user.timezone },
    validate: { name: required("Your name") },
  });
  const save = useMutation({
    mutationFn: (v: { name: string; timezone: string }) => api.patch<User>("/me", v),
    onSuccess: (u) => {
      setUserTimeZone(u.timezone);
      qc.setQueryData<SessionInfo | null>(sessionKey, (s) => (s ? { ...s, user: u } : s));
      form.resetDirty();
      notifySuccess("Your profile was saved.");
    },
    onError: (err) => setFormError(applyApiError(form, err)),
  });
  const browserZone = browserTimeZone();

  return (
    <Card>
      <form
        onSubmit={form.onSubmit((v) => {
          setFormError(null);
          save.mutate({ name: v.name.trim(), timezone: v.timezone });
        })}
        noValidate
      >
        <Stack gap="md">
          <Group gap="md">
            <UserAvatar name={form.values.name || user.name} size={56} />
            <Stack gap={0}>
              <Text fw={650}>{user.email}</Text>
              <Text size="sm" c="dimmed">
                Member since {formatDate(user.createdAt)}
                {user.isInstanceAdmin ? " · instance administrator" : ""}
              </Text>
            </Stack>
          </Group>
          {formError ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {formError}
            </Alert>
          ) : null}
          <TextInput label="Name" required autoComplete="name" {...form.getInputProps("name")} />
          <Select
            label="Time zone"
            description="Deadlines, reminders and session times are shown in it."
            data={zones}
            searchable
            limit={200}
            {...form.getInputProps("timezone")}
          />
          {browserZone && browserZone !== form.values.timezone ? (
            <Text size="xs" c="dimmed">
              Your browser says {browserZone}.{" "}
              <Button
                variant="subtle"
                size="compact-xs"
                onClick={() => form.setFieldValue("timezone", browserZone)}
              >
                Use it
              </Button>
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
