import { Button, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowRight, IconHistory, IconPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { Surface } from "../../components/Page.tsx";
import { EmptyBlock, ErrorState, TableSkeleton } from "../../components/States.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CompareDiff } from "./CompareDiff.tsx";
import { useCompare, useVersions } from "./hooks.ts";

const CURRENT = "current";

/**
 * Saved versions, newest first, and a comparison of two of them (or one with the current plan): by default
 * the latest against the one before, or the only one against the current plan.
 */
export function VersionsView({ view, onSave }: { view: RoadmapView; onSave: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const versions = useVersions(wid, view.roadmap.id);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const list = versions.data ?? [];
  const latest = list[0]?.id ?? null;

  // Defaults follow the list (a new version becomes the latest).
  // biome-ignore lint/correctness/useExhaustiveDependencies: when the latest version changes
  useEffect(() => {
    if (!latest) return;
    if (list.length >= 2) {
      setFrom(list[1]!.id);
      setTo(list[0]!.id);
    } else {
      setFrom(list[0]!.id);
      setTo(CURRENT);
    }
  }, [latest]);

  const diff = useCompare(wid, view.roadmap.id, from, to);
  const options = list.map((v) => ({ value: v.id, label: `v${v.number} · ${v.name}` }));

  if (versions.isPending)
    return (
      <Surface>
        <TableSkeleton rows={4} cols={5} />
      </Surface>
    );
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => versions.refetch()} />;
  if (list.length === 0)
    return (
      <Surface>
        <EmptyBlock
          icon={<IconHistory size={26} />}
          title="No saved version yet"
          description="A version freezes the roadmap as it is: share it, have it signed off, and compare later plans with it to see what moved and why."
        >
          {can("roadmaps.write") ? (
            <Button leftSection={<IconPlus size={16} />} onClick={onSave}>
              Save the first version
            </Button>
          ) : null}
        </EmptyBlock>
      </Surface>
    );

  return (
    <Stack gap="lg">
      <Surface>
        <Table.ScrollContainer minWidth={680}>
          <Table className="baton-table" aria-label="Saved versions" verticalSpacing={8}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>#</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th w={180}>Saved by</Table.Th>
                <Table.Th w={190}>Date</Table.Th>
                <Table.Th w={80} ta="right">
                  Items
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <Text fw={600}>v{v.number}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {v.name}
                    </Text>
                    {v.note ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {v.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{v.createdByName ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(v.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{v.itemCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Surface>

      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} fz="md">
            Compare
          </Title>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              label="From"
              data={options}
              value={from}
              onChange={setFrom}
              allowDeselect={false}
              w={260}
            />
            <IconArrowRight size={16} style={{ marginBottom: 10 }} />
            <Select
              label="To"
              data={[{ value: CURRENT, label: "Current plan" }, ...options]}
              value={to}
              onChange={setTo}
              allowDeselect={false}
              w={260}
            />
          </Group>
        </Group>
        {diff.isError ? (
          <ErrorState error={diff.error} onRetry={() => diff.refetch()} />
        ) : diff.data ? (
          <CompareDiff diff={diff.data} view={view} />
        ) : (
          <TableSkeleton rows={3} cols={3} />
        )}
      </Stack>
    </Stack>
  );
}
