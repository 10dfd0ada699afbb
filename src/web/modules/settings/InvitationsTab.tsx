import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { IconInfoCircle, IconMailForward, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "../../../shared/enums.ts";
import { ROLE_RANK } from "../../../shared/permissions.ts";
import type { CreatedInvitation, Invitation } from "../../api/types.ts";
import { RoleBadge } from "../../components/Badges.tsx";
import { CopyField } from "../../components/CopyField.tsx";
import { applyApiError, confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, FormError, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDate, relativeTime } from "../../lib/format.ts";
import { ROLE_DESCRIPTIONS } from "../../lib/labels.ts";
import { useOpenings } from "../../lib/openings.ts";
import { paths } from "../../lib/paths.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { validEmail } from "../../lib/validation.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useCreateInvitation, useInvitations, useRevokeInvitation } from "./hooks.ts";

const STATUS_LABELS: Record<Invitation["status"], string> = {
  pending: "Pending",
  accepted: "Accepted",
  expired: "Expired",
  revoked: "Revoked",
};

/** "Invited 2 hours ago · mail waiting in the Outbox": never "Sent" unless the mail went out. */
export function invitedLine(inv: Pick<Invitation, "createdAt" | "mail">): string {
  const when = `Invited ${relativeTime(inv.createdAt)}`;
  switch (inv.mail) {
    case "sent":
      return `${when} · mail sent`;
    case "waiting":
      return `${when} · mail waiting in the Outbox (no e-mail server, or not sent yet)`;
    case "failed":
      return `${when} · mail not delivered yet, retrying (see the Outbox)`;
    default:
      return when;
  }
}

const STATUS_COLORS: Record<Invitation["status"], string> = {
  pending: "blue",
  accepted: "teal",
  expired: "gray",
  revoked: "red",
};

export function InvitationsTab() {
  const { workspaceId } = useWorkspace();
  const invitations = useInvitations(workspaceId);
  const revoke = useRevokeInvitation(workspaceId);
  const [opened, modal] = useDisclosure(false);

  useNewParam(paths.settings(workspaceId, "invitations"), modal.open);

  const onRevoke = (inv: Invitation) =>
    confirmAction({
      title: "Revoke this invitation?",
      message: (
        <Text size="sm">The link sent to {inv.email} stops working. You can invite them again later.</Text>
      ),
      confirmLabel: "Revoke invitation",
      onConfirm: () =>
        revoke.mutate(inv.id, {
          onSuccess: () => notifySuccess(`The invitation for ${inv.email} was revoked.`),
          onError: (err) => notifyError(err, "Could not revoke the invitation"),
        }),
    });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={620}>
          Invite people by e-mail. Each invitation has a single-use link; the person joins with the role you
          choose.
        </Text>
        <Button leftSection={<IconUserPlus size={16} />} onClick={modal.open}>
          Invite someone
        </Button>
      </Group>
      <Surface>
        <QueryState
          query={invitations}
          loading={<TableSkeleton rows={3} cols={5} />}
          isEmpty={() => invitations.items.length === 0}
          empty={
            <EmptyBlock
              icon={<IconMailForward size={26} />}
              title="No invitations yet"
              description="Bring in your stakeholders — design, engineering, QA, docs, marketing, support, leadership — so they can score, review and sign off."
            >
              <Button leftSection={<IconUserPlus size={16} />} onClick={modal.open}>
                Invite someone
              </Button>
            </EmptyBlock>
          }
          errorInset
        >
          {() => (
            <Table.ScrollContainer minWidth={720}>
              <Table className="baton-table" aria-label="Invitations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>E-mail</Table.Th>
                    <Table.Th w={180}>Role</Table.Th>
                    <Table.Th w={130}>Status</Table.Th>
                    <Table.Th w={160}>Invited by</Table.Th>
                    <Table.Th w={140}>Expires</Table.Th>
                    <Table.Th w={100} aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {invitations.items.map((inv) => (
                    <Table.Tr key={inv.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {inv.email}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {invitedLine(inv)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <RoleBadge role={inv.role} />
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[inv.status]} variant="light">
                          {STATUS_LABELS[inv.status]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{inv.invitedBy?.name ?? "—"}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {inv.status === "pending" ? formatDate(inv.expiresAt) : "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {inv.status === "pending" ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => onRevoke(inv)}
                            aria-label={`Revoke the invitation for ${inv.email}`}
                          >
                            Revoke
                          </Button>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={invitations} />
      </Surface>
      <InviteModal opened={opened} onClose={modal.close} />
    </Stack>
  );
}

function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  // A new dialog on each opening: an empty form, and the secret of the last one no longer shown.
  const opening = useOpenings(opened);
  return <InviteDialog key={opening} opened={opened} onClose={onClose} />;
}

function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { workspaceId, role: myRole } = useWorkspace();
  const create = useCreateInvitation(workspaceId);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const roles = ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[myRole]).map((r) => ({
    value: r,
    label: ROLE_LABELS[r],
  }));
  const form = useForm({
    initialValues: { email: "", role: "stakeholder" as Role, expiresInDays: 7 as number | string },
    validate: {
      email: validEmail,
      expiresInDays: (v) => (Number(v) >= 1 && Number(v) <= 30 ? null : "Between 1 and 30 days"),
    },
  });

  const submit = form.onSubmit((v) => {
    setFormError(null);
    create.mutate(
      { email: v.email.trim(), role: v.role, expiresInDays: Number(v.expiresInDays) },
      {
        onSuccess: (inv) => setCreated(inv),
        onError: (err) => setFormError(applyApiError(form, err)),
      },
    );
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={created ? "Invitation created" : "Invite someone"}
      size="lg"
    >
      {created ? (
        <Stack gap="md">
          <Text size="sm">
            Send this link to <b>{created.email}</b>. They join as{" "}
            <b>{ROLE_LABELS[created.role].toLowerCase()}</b> when they open it, until{" "}
            {formatDate(created.expiresAt)}.
          </Text>
          <CopyField label="Invitation link" value={created.url} />
          <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
            This link is shown only once. An e-mail with the link was also sent (or, without an e-mail server,
            placed in the Outbox).
          </Alert>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setCreated(null);
                form.reset();
              }}
            >
              Invite another
            </Button>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={formError} />
            <TextInput
              label="E-mail"
              type="email"
              required
              data-autofocus
              placeholder="name@company.com"
              {...form.getInputProps("email")}
            />
            <Group grow align="flex-start">
              <Select
                label="Role"
                data={roles}
                description={ROLE_DESCRIPTIONS[form.values.role]}
                {...form.getInputProps("role")}
              />
              <NumberInput
                label="Link valid for"
                suffix=" days"
                min={1}
                max={30}
                clampBehavior="strict"
                {...form.getInputProps("expiresInDays")}
              />
            </Group>
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create invitation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
