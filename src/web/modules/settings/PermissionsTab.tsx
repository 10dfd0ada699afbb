import { Code, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconMinus } from "@tabler/icons-react";
import { ROLE_LABELS } from "../../../shared/enums.ts";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { TableSkeleton } from "../../components/States.tsx";
import { ROLE_DESCRIPTIONS } from "../../lib/labels.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { usePermissionMatrix } from "./hooks.ts";

export function PermissionsTab() {
  const { role: myRole } = useWorkspace();
  const matrix = usePermissionMatrix();
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={680}>
        What each role may do. Your role, <b>{ROLE_LABELS[myRole]}</b>, is highlighted. The server checks
        every request against this matrix.
      </Text>
      <Surface>
        <QueryState query={matrix} loading={<TableSkeleton rows={8} cols={7} />} errorInset>
          {(data) => (
            <Table.ScrollContainer minWidth={820}>
              <Table
                className="baton-table"
                aria-label="Permissions by role"
                highlightOnHover
                withColumnBorders
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Permission</Table.Th>
                    {data.roles.map((r) => (
                      <Table.Th
                        key={r}
                        ta="center"
                        w={104}
                        bg={r === myRole ? "var(--mantine-primary-color-light)" : undefined}
                      >
                        <Tooltip label={ROLE_DESCRIPTIONS[r]}>
                          <span>{ROLE_LABELS[r]}</span>
                        </Tooltip>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.permissions.map((p) => (
                    <Table.Tr key={p.key}>
                      <Table.Td>
                        <Text size="sm">{p.description}</Text>
                        <Code fz={11}>{p.key}</Code>
                      </Table.Td>
                      {data.roles.map((r) => {
                        const yes = p.roles.includes(r);
                        return (
                          <Table.Td
                            key={r}
                            ta="center"
                            bg={r === myRole ? "var(--mantine-primary-color-light)" : undefined}
                            aria-label={`${ROLE_LABELS[r]}: ${yes ? "allowed" : "not allowed"}`}
                          >
                            {yes ? (
                              <IconCheck size={18} color="var(--mantine-color-teal-6)" aria-hidden />
                            ) : (
                              <IconMinus size={16} color="var(--mantine-color-dimmed)" aria-hidden />
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Surface>
    </Stack>
  );
}
