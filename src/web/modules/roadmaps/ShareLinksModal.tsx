import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconLink, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import type { RoadmapVersion } from "../../../shared/roadmap.schemas.ts";
import type { ShareLink } from "../../../shared/signoff.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/States.tsx";
import { formatDate, formatDateTime, relativeTime } from "../../lib/format.ts";
import {
  type LinkState,
  linkState,
  useCreateShareLink,
  useRevokeShareLink,
  useShareLinks,
} from "./share-links.ts";

const STATE_BADGE: Record<LinkState, { color: string; label: string }> = {
  active: { color: "teal", label: "Active" },
  expired: { color: "gray", label: "Expired" },
  revoked: { color: "red", label: "Revoked" },
};

/**
 * Read-only links to an approved baseline: create one (its URL is shown once: only a hash is stored), see
 * who opened the existing ones and when, revoke them.
 */
export function ShareLinksModal({
  wid,
  roadmapId,
  version,
  onClose,
}: {
  wid: string;
  roadmapId: string;
  version: RoadmapVersion | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={Boolean(version)}
      onClose={onClose}
      size="xl"
      title={version ? `Share v${version.number} · ${version.name}` : "Share"}
    >
      {version ? <ShareLinksBody wid={wid} roadmapId={roadmapId} version={version} /> : null}
    </Modal>
  );
}

function ShareLinksBody({
  wid,
  roadmapId,
  version,
}: {
  wid: string;
  roadmapId: string;
  version: RoadmapVersion;
}) {
  const links = useShareLinks(wid, roadmapId, version.id);
  const create = useCreateShareLink(wid, roadmapId, version.id);
  const revoke = useRevokeShareLink(wid, version.id);
  const [days, setDays] = useState<number | string>(30);
  const [created, setCreated] = useState<ShareLink | null>(null);
  const localError =
    typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 365
      ? "From 1 to 365 days"
      : null;
  const fieldError = create.error instanceof ApiError ? (create.error.fields.expiresInDays ?? null) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (localError || typeof days !== "number") return;
    create.mutate({ expiresInDays: days }, { onSuccess: (link) => setCreated(link) });
  };

  const askRevoke = (link: ShareLink) =>
    confirmAction({
      title: "Revoke this link?",
      message: (
        <Text size="sm">
          Anyone opening the link created {formatDateTime(link.createdAt)} will see that it is no longer
          valid. This cannot be undone: create a new link to share again.
        </Text>
      ),
      confirmLabel: "Revoke link",
      onConfirm: () =>
        revoke.mutate(link.id, {
          onSuccess: () => {
            if (created?.id === link.id) setCreated(null);
            notifySuccess("The link no longer opens the roadmap.", "Link revoked");
          },
          onError: (err) => notifyError(err, "Could not revoke the link"),
        }),
    });

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        A share link opens a read-only page with this approved baseline, for people without a Baton account.
        It shows the roadmap's items, statuses, outcomes and milestones, nothing else.
      </Text>

      <form onSubmit={submit}>
        <Group align="flex-start" gap="sm">
          <NumberInput
            label="Expires in (days)"
            value={days}
            onChange={setDays}
            min={1}
            max={365}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            w={180}
            error={localError ?? fieldError}
          />
          <Button
            type="submit"
            mt={25}
            leftSection={<IconLink size={16} />}
            loading={create.isPending}
            disabled={Boolean(localError)}
          >
            Create link
          </Button>
        </Group>
      </form>

      {create.isError && !fieldError ? (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(create.error)}
        </Alert>
      ) : null}

      {created?.url ? (
        <Alert color="teal" variant="light" icon={<IconCheck size={18} />} title="Link created">
          <Stack gap="xs">
            <CopyField
              label="Share link"
              value={created.url}
              description={`Copy it now: Baton shows it only once. It works until ${formatDate(created.expiresAt)}.`}
            />
          </Stack>
        </Alert>
      ) : null}

      <Stack gap="xs">
        <Title order={3} fz="sm">
          Links to this version
        </Title>
        <QueryState
          query={links}
          loading={<TableSkeleton rows={2} cols={5} />}
          isEmpty={(data) => data.length === 0}
          empty={
            <Text size="sm" c="dimmed">
              No link yet. Links you create appear here with when they were last opened.
            </Text>
          }
        >
          {(data) => (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Share links" verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>Last used</Table.Th>
                    <Table.Th ta="right">Views</Table.Th>
                    <Table.Th w={110}>State</Table.Th>
                    <Table.Th w={44} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.map((link) => {
                    const state = linkState(link);
                    return (
                      <Table.Tr key={link.id} data-testid="share-link-row">
                        <Table.Td>
                          <Text size="sm">{formatDateTime(link.createdAt)}</Text>
                          <Text size="xs" c="dimmed">
                            {link.createdByName ?? "—"}
                          </Text>
                        </Table.Td>
                        <Table.Td>{formatDate(link.expiresAt)}</Table.Td>
                        <Table.Td>
                          <Tooltip label={formatDateTime(link.lastUsedAt)} disabled={!link.lastUsedAt}>
                            <span>{link.lastUsedAt ? relativeTime(link.lastUsedAt) : "Never"}</span>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td ta="right">{link.views}</Table.Td>
                        <Table.Td>
                          <Badge color={STATE_BADGE[state].color} variant="light">
                            {STATE_BADGE[state].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {state === "active" ? (
                            <Tooltip label="Revoke">
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                onClick={() => askRevoke(link)}
                                loading={revoke.isPending && revoke.variables === link.id}
                                aria-label={`Revoke the link created ${formatDateTime(link.createdAt)}`}
                              >
                                <IconTrash size={16} />
                              </ActionIcon>
                            </Tooltip>
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
      </Stack>
    </Stack>
  );
}
