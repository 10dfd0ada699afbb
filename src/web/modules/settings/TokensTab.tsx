import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconApi, IconInfoCircle, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { ApiToken, CreatedApiToken } from "../../api/types.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, FormError, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDate, relativeTime } from "../../lib/format.ts";
import { useOpenings } from "../../lib/openings.ts";
import { required } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCreateToken, useRevokeToken, useTokens } from "./hooks.ts";

const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

function tokenStatus(t: ApiToken): { label: string; color: string } {
  if (t.revokedAt) return { label: "Revoked", color: "red" };
  if (t.expiresAt && new Date(t.expiresAt).getTime() < Date.now()) return { label: "Expired", color: "gray" };
  return { label: "Active", color: "teal" };
}

export function TokensTab() {
  const { workspaceId, workspace } = useWorkspace();
  const tokens = useTokens(workspaceId);
  const revoke = useRevokeToken(workspaceId);
  const [opened, modal] = useDisclosure(false);

  const onRevoke = (t: ApiToken) =>
    confirmAction({
      title: `Revoke “${t.name}”?`,
      message: <Text size="sm">Scripts and integrations using this token stop working at once.</Text>,
      confirmLabel: "Revoke token",
      onConfirm: () =>
        revoke.mutate(t.id, {
          onSuccess: () => notifySuccess(`“${t.name}” was revoked.`),
          onError: (err) => notifyError(err, "Could not revoke the token"),
        }),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={620}>
          Personal tokens for the REST API and the CLI. A token acts as you, only in {workspace.name}. Treat
          it like a password.
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
          Create token
        </Button>
      </Group>
      <Surface>
        <QueryState
          query={tokens}
          loading={<TableSkeleton rows={3} cols={5} />}
          isEmpty={() => tokens.items.length === 0}
          empty={
            <EmptyBlock
              icon={<IconApi size={26} />}
              title="No API tokens"
              description="Create a token to script Baton, connect an integration or use the CLI. The API reference is at /api/v1/docs."
            >
              <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
                Create token
              </Button>
            </EmptyBlock>
          }
          errorInset
        >
          {() => (
            <Table.ScrollContainer minWidth={700}>
              <Table className="baton-table" aria-label="API tokens">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th w={170}>Token</Table.Th>
                    <Table.Th w={130}>Last used</Table.Th>
                    <Table.Th w={130}>Expires</Table.Th>
                    <Table.Th w={120}>Status</Table.Th>
                    <Table.Th w={90} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tokens.items.map((t) => {
                    const status = tokenStatus(t);
                    return (
                      <Table.Tr key={t.id}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {t.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            Created {formatDate(t.createdAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Code>{t.prefix}…</Code>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {t.lastUsedAt ? relativeTime(t.lastUsedAt) : "Never"}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {t.expiresAt ? formatDate(t.expiresAt) : "Never"}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={status.color} variant="light">
                            {status.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {status.label === "Active" ? (
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => onRevoke(t)}
                              aria-label={`Revoke token ${t.name}`}
                            >
                              Revoke
                            </Button>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={tokens} />
      </Surface>
      <CreateTokenModal opened={opened} onClose={modal.close} />
    </Stack>
  );
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  // A new dialog on each opening: an empty form, and the secret of the last one no longer shown.
  const opening = useOpenings(opened);
  return <CreateTokenDialog key={opening} opened={opened} onClose={onClose} />;
}

function CreateTokenDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId } = useWorkspace();
  const create = useCreateToken(workspaceId);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: "", expiry: "90" },
    validate: { name: required("A name") },
  });

  const submit = form.onSubmit((v) => {
    setFormError(null);
    create.mutate(
      { name: v.name.trim(), expiresInDays: v.expiry === "never" ? null : Number(v.expiry) },
      {
        onSuccess: (t) => setCreated(t),
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  const example = created
    ? `curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/workspaces/${workspaceId}/products`
    : "";

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={created ? "Token created" : "Create an API token"}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <CopyField label="Your new token" value={created.token} />
          <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
            Copy it now: Baton stores only a hash and will never show this token again.
          </Alert>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Try it
            </Text>
            <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
              {example}
            </Code>
          </Stack>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={formError} />
            <TextInput
              label="Name"
              description="What will use it? e.g. “CI import script”"
              required
              data-autofocus
              {...form.getInputProps("name")}
            />
            <Select label="Expires after" data={EXPIRY} {...form.getInputProps("expiry")} />
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
