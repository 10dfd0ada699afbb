import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { CopyField } from "../../components/CopyField.tsx";
import { confirmAction, notifyError } from "../../components/feedback.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useMailInbox, useRotateMailInbox } from "./hooks.ts";

/** Feedback by e-mail: the workspace's secret inbound address, to copy or rotate (admins). */
export function MailInCard() {
  const { workspaceId } = useWorkspace();
  const inbox = useMailInbox(workspaceId);
  const rotate = useRotateMailInbox(workspaceId);
  const onRotate = () =>
    confirmAction({
      title: "Make a new address?",
      message:
        "Mail to the current address will be refused from now on. Tell your customers or forwarding rules.",
      confirmLabel: "New address",
      onConfirm: () =>
        rotate.mutate(undefined, { onError: (e) => notifyError(e, "Could not make a new address") }),
    });
  return (
    <Card>
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg">
            Feedback by e-mail
          </Title>
          <Text size="sm" c="dimmed">
            Mail sent or forwarded to this address becomes feedback from its sender. Keep it secret: anyone
            who knows it can add feedback.
          </Text>
        </div>
        {inbox.isError ? (
          <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
        ) : (
          <>
            <Group gap="xs" align="flex-end" wrap="wrap">
              <div style={{ flex: "1 1 280px" }}>
                {inbox.data ? (
                  <CopyField label="Inbound address" value={inbox.data.address} />
                ) : (
                  <Text size="sm" c="dimmed">
                    Loading the inbound address…
                  </Text>
                )}
              </div>
              <Button
                variant="default"
                color="red"
                leftSection={<IconRefresh size={16} />}
                onClick={onRotate}
                loading={rotate.isPending}
                disabled={!inbox.data}
              >
                New address
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {inbox.data?.listening
                ? "This server receives mail for it (SMTP_IN_PORT)."
                : "This server does not listen for mail (SMTP_IN_PORT is not set): forward mail through the inbound-mail webhook instead."}
              {inbox.data?.rotatedAt ? ` Last changed ${formatDateTime(inbox.data.rotatedAt)}.` : ""}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
