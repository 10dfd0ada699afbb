import { Alert, Card, Loader, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { MailPreference } from "../../api/types.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { useWorkspace } from "../../lib/workspace.ts";

const OPTIONS: { value: MailPreference; label: string }[] = [
  { value: "immediate", label: "Immediately" },
  { value: "digest", label: "Daily digest" },
  { value: "off", label: "Off" },
];

const HINTS: Record<MailPreference, string> = {
  immediate: "Each notification is mailed to you as it happens.",
  digest:
    "One mail a day at 07:00 UTC with everything unread since the last digest; none when there is nothing.",
  off: "No mail: notifications only show in the bell.",
};

/** How this workspace's notifications (mentions, scoring rounds, reminders, results) reach the user by mail. */
export function NotificationsTab() {
  const { workspaceId: wid } = useWorkspace();
  const qc = useQueryClient();
  const key = ["workspaces", wid, "me", "mail-preference"];
  const url = `/workspaces/${wid}/me/mail-preference`;
  const pref = useQuery({ queryKey: key, queryFn: () => api.get<{ preference: MailPreference }>(url) });
  const save = useMutation({
    mutationFn: (preference: MailPreference) => api.put<{ preference: MailPreference }>(url, { preference }),
    onSuccess: (res) => {
      qc.setQueryData(key, res);
      notifySuccess("Your mail preference was saved.");
    },
    onError: (err) => notifyError(err, "Could not save your mail preference"),
  });
  const value = save.isPending ? save.variables : pref.data?.preference;

  return (
    <Card>
      <Stack gap="sm">
        <Text fw={600}>Mail for notifications in this workspace</Text>
        <Text size="sm" c="dimmed">
          Mentions, scoring-round invitations, reminders and results. The bell always shows them too.
        </Text>
        {pref.isError ? (
          <Alert color="red" icon={<IconAlertTriangle size={16} />}>
            Could not load your mail preference.
          </Alert>
        ) : !value ? (
          <Loader size="sm" />
        ) : (
          <>
            <SegmentedControl
              aria-label="Mail for notifications"
              data={OPTIONS}
              value={value}
              disabled={save.isPending}
              onChange={(v) => save.mutate(v as MailPreference)}
              maw={440}
            />
            <Text size="sm">{HINTS[value]}</Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
