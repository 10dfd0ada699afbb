import { ActionIcon, Select, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconUserX } from "@tabler/icons-react";
import { useLocation } from "wouter";
import { ROLE_LABELS, ROLES, type Role } from "../../../shared/enums.ts";
import { ROLE_RANK } from "../../../shared/permissions.ts";
import { ApiError } from "../../api/client.ts";
import { useForgetWorkspace } from "../../api/session.ts";
import type { Member } from "../../api/types.ts";
import { RoleBadge } from "../../components/Badges.tsx";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { PersonCell } from "../../components/PersonCell.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { ROLE_DESCRIPTIONS } from "../../lib/labels.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useMembers } from "../people/hooks.ts";
import { useChangeRole, useRemoveMember } from "./hooks.ts";

export function MembersSettingsTab() {
  const { workspaceId, workspace, role: myRole, can, user } = useWorkspace();
  const forgetWorkspace = useForgetWorkspace();
  const [, navigate] = useLocation();
  const members = useMembers(workspaceId);
  const changeRole = useChangeRole(workspaceId);
  const removeMember = useRemoveMember(workspaceId);
  const manage = can("members.manage");
  // An admin grants up to admin; only an owner grants owner. Members ranked above me are out of reach.
  const grantable = ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[myRole]);
  const options = grantable.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const canTouch = (m: Member) => manage && ROLE_RANK[m.role] <= ROLE_RANK[myRole];

  const setRole = (m: Member, role: Role) =>
    changeRole.mutate(
      { userId: m.userId, version: m.version, role },
      {
        onSuccess: () => notifySuccess(`${m.name} is now ${ROLE_LABELS[role].toLowerCase()}.`),
        onError: (err) =>
          notifyError(
            err,
            err instanceof ApiError && err.isStale
              ? "Someone else changed this member — reloaded"
              : "Could not change the role",
          ),
      },
    );

  const remove = (m: Member) =>
    confirmAction({
      title: `Remove ${m.name}?`,
      message: (
        <Text size="sm">
          {m.name} loses access to this workspace and leaves its teams. Their account and other workspaces are
          not affected. You can invite them again later.
        </Text>
      ),
      confirmLabel: m.userId === user.id ? "Leave workspace" : "Remove member",
      onConfirm: () =>
        removeMember.mutate(m.userId, {
          onSuccess: () => {
            if (m.userId === user.id) {
              notifySuccess(`You left ${workspace.name}.`);
              forgetWorkspace(workspaceId);
              navigate("/", { replace: true });
            } else notifySuccess(`${m.name} was removed from the workspace.`);
          },
          onError: (err) => notifyError(err, "Could not remove the member"),
        }),
    });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {manage
          ? "Change what each member may do. Each role's permissions are listed under Permissions."
          : "Only owners and admins can change roles."}
      </Text>
      <Surface>
        <QueryState query={members} loading={<TableSkeleton rows={4} cols={3} />} errorInset>
          {() => (
            <Table.ScrollContainer minWidth={600}>
              <Table className="baton-table" aria-label="Members and roles">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Member</Table.Th>
                    <Table.Th w={240}>Role</Table.Th>
                    <Table.Th w={130}>Joined</Table.Th>
                    {manage ? <Table.Th w={60} aria-label="Actions" /> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.items.map((m) => (
                    <Table.Tr key={m.userId}>
                      <Table.Td>
                        <PersonCell name={m.name} email={m.email} isYou={m.userId === user.id} size={32} />
                      </Table.Td>
                      <Table.Td>
                        {canTouch(m) ? (
                          <Select
                            aria-label={`Role of ${m.name}`}
                            data={options}
                            value={m.role}
                            onChange={(v) => v && v !== m.role && setRole(m, v as Role)}
                            size="xs"
                            w={200}
                            renderOption={({ option }) => (
                              <Stack gap={0}>
                                <Text size="sm">{option.label}</Text>
                                <Text size="xs" c="dimmed">
                                  {ROLE_DESCRIPTIONS[option.value as Role]}
                                </Text>
                              </Stack>
                            )}
                          />
                        ) : (
                          <RoleBadge role={m.role} />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(m.joinedAt)}
                        </Text>
                      </Table.Td>
                      {manage ? (
                        <Table.Td>
                          {canTouch(m) ? (
                            <Tooltip
                              label={m.userId === user.id ? "Leave this workspace" : `Remove ${m.name}`}
                            >
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={`Remove ${m.name}`}
                                onClick={() => remove(m)}
                              >
                                <IconUserX size={16} />
                              </ActionIcon>
                            </Tooltip>
                          ) : null}
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={members} />
      </Surface>
    </Stack>
  );
}
