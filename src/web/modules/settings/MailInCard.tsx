import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import type { MailInbox } from "../../../shared/replies.schemas.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { confirmAction, notifyError } from "../../components/feedback.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useMailInboxes, useRotateMailInbox } from "./hooks.ts";

/**
 * Feedback by e-mail: the workspace's secret inbound address and one per product (mail to a product's becomes
 * that product's feedback), each to copy or rotate (admins).
 */
export function MailInCard() {
  const { workspaceId } = useWorkspace();
  const inboxes = useMailInboxes(workspaceId);
  const rotate = useRotateMailInbox(workspaceId);
  const onRotate = (inbox: MailInbox) =>
    confirmAction({
      title: inbox.productName ? `New address for ${inbox.productName}?` : "Make a new address?",
      message:
        "Mail to the current address will be refused from now on. Tell your customers or forwarding rules.",
      confirmLabel: "New address",
      onConfirm: () =>
        rotate.mutate(inbox.productId, {
          onError: (e) => notifyError(e, "Could not make a new address"),
        }),
    });
  const items = inboxes.data?.items ?? [];
  const workspace = items.find((i) => i.productId === null);
  const products = items.filter((i) => i.productId !== null);
  const row = (inbox: MailInbox) => (
    <Stack gap={2} key={inbox.productId ?? "workspace"}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <div style={{ flex: "1 1 280px", minWidth: 0 }}>
          <CopyField
            label={inbox.productName ? `${inbox.productName} address` : "Workspace address"}
            value={inbox.address}
          />
        </div>
        <Button
          variant="default"
          color="red"
          leftSection={<IconRefresh size={16} />}
          onClick={() => onRotate(inbox)}
          loading={rotate.isPending && rotate.variables === inbox.productId}
          aria-label={inbox.productName ? `New address for ${inbox.productName}` : "New workspace address"}
        >
          New address
        </Button>
      </Group>
      {inbox.rotatedAt ? (
        <Text size="xs" c="dimmed">
          Last changed {formatDateTime(inbox.rotatedAt)}.
        </Text>
      ) : null}
    </Stack>
  );
  return (
    <Card>
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg">
            Feedback by e-mail
          </Title>
          <Text size="sm" c="dimmed">
            Mail sent or forwarded to these addresses becomes feedback from its sender; mail to a product's
            address is that product's feedback. Keep them secret: anyone who knows one can add feedback.
          </Text>
        </div>
        {inboxes.isError ? (
          <ErrorState error={inboxes.error} onRetry={() => void inboxes.refetch()} />
        ) : !inboxes.data ? (
          <Text size="sm" c="dimmed">
            Loading the inbound addresses…
          </Text>
        ) : (
          <>
            {workspace ? row(workspace) : null}
            {products.length ? (
              <Stack gap="sm" component="section" aria-labelledby="mail-in-products">
                <Text id="mail-in-products" size="sm" fw={600}>
                  One address per product
                </Text>
                {products.map(row)}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                Each product gets its own address once you add products.
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {inboxes.data.listening
                ? "This server receives mail for them (SMTP_IN_PORT)."
                : "This server does not listen for mail (SMTP_IN_PORT is not set): forward mail through the inbound-mail webhook instead (its productId or recipient names the product)."}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
