import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconChartPie, IconCircleCheck, IconRoute, IconTarget } from "@tabler/icons-react";
import { Suspense, useMemo, useState } from "react";
import { Link } from "wouter";
import type { Coverage } from "../../../shared/roadmap.schemas.ts";
import { unitLabel } from "../../../shared/roadmap.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { lazyNamed } from "../../lib/lazy.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import type { CoverageRow } from "./CoverageChart.tsx";
import { num, objectivePaths, pct } from "./format.ts";
import { useCoverage } from "./hooks.ts";
import { ImportancePips, ScopeBadge } from "./parts.tsx";

const CoverageChart = lazyNamed(() => import("./CoverageChart.tsx"), "CoverageChart");

/** Which objectives get planned work, how much, and which planned work serves none. */
export function CoverageTab() {
  const { workspaceId: wid } = useWorkspace();
  const [productId, setProductId] = useState<string | null>(null);
  const products = useAllProducts(wid);
  const coverage = useCoverage(wid, productId);
  const names = useMemo(() => new Map((products.data ?? []).map((p) => [p.id, p.name])), [products.data]);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Select
          aria-label="Coverage for product"
          data={[
            { value: "all", label: "All products" },
            ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          value={productId ?? "all"}
          onChange={(v) => setProductId(!v || v === "all" ? null : v)}
          allowDeselect={false}
          searchable
          w={240}
        />
        <Text size="sm" c="dimmed" maw={640}>
          Planned work is every roadmap item placed in a period (dropped items aside); an item serving several
          objectives splits its effort evenly between them.
        </Text>
      </Group>
      <QueryState
        query={coverage}
        loading={
          <Stack gap="md" aria-busy="true" aria-label="Loading coverage">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Skeleton h={86} radius="lg" />
              <Skeleton h={86} radius="lg" />
              <Skeleton h={86} radius="lg" />
            </SimpleGrid>
            <Skeleton h={300} radius="lg" />
          </Stack>
        }
        isEmpty={(data) => data.objectives.length === 0}
        empty={
          <div className="baton-surface">
            <EmptyBlock
              icon={<IconTarget size={26} />}
              title="No objectives to cover"
              description="Set objectives first; then link roadmap items to them to see which goals get the planned capacity."
            >
              <Button component={Link} href={objectivePaths.list(wid)} variant="default">
                Go to objectives
              </Button>
            </EmptyBlock>
          </div>
        }
      >
        {(data) => <CoverageBody data={data} names={names} wid={wid} />}
      </QueryState>
    </Stack>
  );
}

function CoverageBody({ data, names, wid }: { data: Coverage; names: Map<string, string>; wid: string }) {
  const unit = unitLabel(data.unit);
  const total = data.totalPlannedEffort;
  const covered = data.objectives.length - data.uncoveredObjectiveIds.length;
  const orphanEffort = data.itemsWithoutObjective.reduce((s, i) => s + i.effort, 0);
  const importanceSum = data.objectives.reduce((s, o) => s + o.importance, 0);
  const uncovered = new Set(data.uncoveredObjectiveIds);
  const sorted = [...data.objectives].sort((a, b) => b.share - a.share || b.importance - a.importance);
  const rows: CoverageRow[] = [
    ...sorted.map((o) => ({
      label: o.title,
      planned: Math.round(o.share * 1000) / 10,
      importance: importanceSum ? Math.round((o.importance / importanceSum) * 1000) / 10 : 0,
    })),
    ...(orphanEffort > 0 && total > 0
      ? [
          {
            label: "Serves no objective",
            planned: Math.round((orphanEffort / total) * 1000) / 10,
            importance: null,
          },
        ]
      : []),
  ];

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat
          label="Planned effort"
          value={`${num(total, true)} ${unit}`}
          hint="across every roadmap in view"
        />
        <Stat
          label="Objectives with planned work"
          value={`${covered} of ${data.objectives.length}`}
          hint={uncovered.size ? `${uncovered.size} with nothing planned` : "every objective gets work"}
          warn={uncovered.size > 0}
        />
        <Stat
          label="Planned work serving no objective"
          value={pluralize(data.itemsWithoutObjective.length, "item")}
          hint={total > 0 ? `${pct(orphanEffort / total)} of the planned effort` : "nothing planned yet"}
          warn={data.itemsWithoutObjective.length > 0}
        />
      </SimpleGrid>

      <Paper className="baton-surface" p="lg">
        <Stack gap="sm">
          <Title order={2} fz="md">
            Where the planned capacity goes
          </Title>
          {total > 0 ? (
            <>
              <Text size="sm" c="dimmed">
                Each objective’s share of the planned effort beside its share of importance: a long grey bar
                with a short coloured one is an important goal getting little work.
              </Text>
              <Suspense fallback={<Skeleton h={Math.max(180, rows.length * 46 + 70)} />}>
                <CoverageChart rows={rows} />
              </Suspense>
            </>
          ) : (
            <EmptyBlock
              size="sm"
              icon={<IconChartPie size={22} />}
              title="Nothing planned yet"
              description="Place roadmap items in periods, give them effort and link them to objectives: the split of capacity shows here."
            >
              <Button component={Link} href={objectivePaths.roadmaps(wid)} variant="default">
                Open the roadmaps
              </Button>
            </EmptyBlock>
          )}
          <Table.ScrollContainer minWidth={620}>
            <Table className="baton-table" aria-label="Planned effort per objective" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Objective</Table.Th>
                  <Table.Th w={110}>Importance</Table.Th>
                  <Table.Th w={110} ta="right">
                    Planned items
                  </Table.Th>
                  <Table.Th w={150} ta="right">
                    Effort ({unit})
                  </Table.Th>
                  <Table.Th w={90} ta="right">
                    Share
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <ScopeBadge
                          productName={o.productId ? (names.get(o.productId) ?? "Product") : null}
                        />
                        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
                          {o.title}
                        </Text>
                        {uncovered.has(o.id) ? (
                          <Badge color="yellow" variant="light" style={{ flexShrink: 0 }}>
                            No planned work
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <ImportancePips value={o.importance} />
                    </Table.Td>
                    <Table.Td ta="right">{o.plannedItems}</Table.Td>
                    <Table.Td ta="right">{num(o.plannedEffort)}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {pct(o.share)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper className="baton-surface" p="lg">
          <Stack gap="sm">
            <Group gap="xs">
              <ThemeIcon
                variant="light"
                color={uncovered.size ? "yellow" : "teal"}
                size="md"
                radius="md"
                aria-hidden
              >
                {uncovered.size ? <IconAlertTriangle size={16} /> : <IconCircleCheck size={16} />}
              </ThemeIcon>
              <Title order={2} fz="md">
                Objectives with no planned work
              </Title>
            </Group>
            {uncovered.size ? (
              <>
                <Text size="sm" c="dimmed">
                  No roadmap item placed in a period serves these goals yet. Plan work for them, or question
                  whether they are still goals.
                </Text>
                <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
                  {sorted
                    .filter((o) => uncovered.has(o.id))
                    .sort((a, b) => b.importance - a.importance)
                    .map((o) => (
                      <Group
                        key={o.id}
                        component="li"
                        justify="space-between"
                        wrap="nowrap"
                        py={8}
                        style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
                      >
                        <Text size="sm" fw={500}>
                          {o.title}
                        </Text>
                        <ImportancePips value={o.importance} />
                      </Group>
                    ))}
                </Stack>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Every objective has planned work.
              </Text>
            )}
          </Stack>
        </Paper>
        <Paper className="baton-surface" p="lg">
          <Stack gap="sm">
            <Group gap="xs">
              <ThemeIcon
                variant="light"
                color={data.itemsWithoutObjective.length ? "yellow" : "teal"}
                size="md"
                radius="md"
                aria-hidden
              >
                <IconRoute size={16} />
              </ThemeIcon>
              <Title order={2} fz="md">
                Planned work serving no objective
              </Title>
            </Group>
            {data.itemsWithoutObjective.length ? (
              <>
                <Text size="sm" c="dimmed">
                  Link these items to an objective on their roadmap, or ask why they are planned.
                </Text>
                <Table
                  className="baton-table"
                  aria-label="Planned items serving no objective"
                  verticalSpacing={6}
                >
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Item</Table.Th>
                      <Table.Th>Roadmap</Table.Th>
                      <Table.Th ta="right">Effort</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.itemsWithoutObjective.map((i) => (
                      <Table.Tr key={i.id}>
                        <Table.Td>
                          <Text size="sm">{i.title}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} href={objectivePaths.roadmap(wid, i.roadmapId)} size="sm">
                            {i.roadmapName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                          {num(i.effort)} {unit}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {total > 0 ? "Every planned item serves an objective." : "Nothing is planned yet."}
              </Text>
            )}
          </Stack>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

function Stat({ label, value, hint, warn }: { label: string; value: string; hint: string; warn?: boolean }) {
  return (
    <Paper className="baton-surface" p="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={24} fw={700} mt={4} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
      <Text size="xs" c={warn ? "yellow" : "dimmed"}>
        {hint}
      </Text>
    </Paper>
  );
}
