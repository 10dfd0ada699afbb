import { Badge, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconUserPlus, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import { ROLE_LABELS, ROLES, type Role } from "../../../shared/enums.ts";
import { RoleBadge } from "../../components/Badges.tsx";
import { Surface } from "../../components/Page.tsx";
import { PersonCell } from "../../components/PersonCell.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SearchInput } from "../../components/SearchInput.tsx";
import { EmptyBlock, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { paths } from "../../lib/paths.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useMembers } from "./hooks.ts";

const ROLE_FILTER = [
  { value: "all", label: "All roles" },
  ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
];

export function MembersTab() {
  const { workspaceId, can, user } = useWorkspace();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Role | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const members = useMembers(workspaceId, debouncedQ, role);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm" wrap="wrap" style={{ flex: 1 }}>
          <SearchInput
            label="Search people"
            placeholder="Search by name or e-mail"
            value={q}
            onChange={setQ}
            style={{ flex: "1 1 220px", maxWidth: 340 }}
          />
          <Select
            aria-label="Filter by role"
            data={ROLE_FILTER}
            value={role ?? "all"}
            onChange={(v) => setRole(!v || v === "all" ? null : (v as Role))}
            w={190}
          />
        </Group>
        {can("invitations.manage") ? (
          <Button
            component={Link}
            href={`${paths.settings(workspaceId, "invitations")}?new=1`}
            leftSection={<IconUserPlus size={16} />}
          >
            Invite someone
          </Button>
        ) : null}
      </Group>
      <Surface>
        <QueryState
          query={members}
          loading={<TableSkeleton rows={5} cols={4} />}
          isEmpty={() => members.items.length === 0}
          empty={
            <EmptyBlock
              size="sm"
              icon={<IconUsers size={22} />}
              title="Nobody matches"
              description="Try another name, e-mail or role."
            />
          }
          errorInset
        >
          {() => (
            <Table.ScrollContainer minWidth={620}>
              <Table className="baton-table" aria-label="People">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th w={170}>Role</Table.Th>
                    <Table.Th>Teams</Table.Th>
                    <Table.Th w={130}>Joined</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.items.map((m) => (
                    <Table.Tr key={m.userId}>
                      <Table.Td>
                        <PersonCell name={m.name} email={m.email} isYou={m.userId === user.id} size={34} />
                      </Table.Td>
                      <Table.Td>
                        <RoleBadge role={m.role} />
                      </Table.Td>
                      <Table.Td>
                        {m.teams.length ? (
                          <Group gap={4}>
                            {m.teams.map((t) => (
                              <Badge key={t.id} variant="default" radius="sm" tt="none" fw={500}>
                                {t.name}
                              </Badge>
                            ))}
                          </Group>
                        ) : (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {formatDate(m.joinedAt)}
                        </Text>
                      </Table.Td>
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
