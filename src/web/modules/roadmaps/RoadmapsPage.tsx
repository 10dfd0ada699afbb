import { Anchor, Badge, Button, Group, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChartBar, IconList, IconPlus, IconRoute } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import type { PeriodKind } from "../../../shared/enums.ts";
import type { Roadmap } from "../../../shared/roadmap.schemas.ts";
import { periodsOf } from "../../../shared/roadmap.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { EmptyBlock, ErrorState, TableSkeleton } from "../../components/States.tsx";
import { relativeTime } from "../../lib/format.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useAllProducts } from "../rounds/hooks.ts";
import { useRoadmaps } from "./hooks.ts";
import { LANE_BY_LABELS } from "./model.ts";
import { NewRoadmapModal } from "./NewRoadmapModal.tsx";
import { PortfolioView } from "./PortfolioView.tsx";
import { roadmapPaths } from "./paths.ts";

const KIND_LABELS: Record<PeriodKind, string> = {
  month: "Months",
  quarter: "Quarters",
  nnl: "Now / Next / Later",
};

function span(r: Roadmap): string {
  const p = periodsOf(r);
  if (r.periodKind === "nnl") return `${r.horizon} month${r.horizon === 1 ? "" : "s"} per bucket`;
  return p.length > 1 ? `${p[0]!.label} – ${p[p.length - 1]!.label}` : (p[0]?.label ?? "");
}

/** Every roadmap, grouped by product, and the portfolio: all products' plans on one month axis. */
export function RoadmapsPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Roadmaps", workspace.name);
  const search = useSearch();
  const [, navigate] = useLocation();
  const tab = new URLSearchParams(search).get("tab") === "portfolio" ? "portfolio" : "roadmaps";
  const [opened, modal] = useDisclosure(false);
  const [productFor, setProductFor] = useState<string | null>(null);
  const canWrite = can("roadmaps.write");
  const roadmaps = useRoadmaps(wid);
  const products = useAllProducts(wid);
  useNewParam(roadmapPaths.index(wid), () => canWrite && modal.open());

  const groups = useMemo(() => {
    const by = new Map<string, { name: string; roadmaps: Roadmap[] }>();
    for (const r of roadmaps.data ?? []) {
      const g = by.get(r.productId) ?? { name: r.productName, roadmaps: [] };
      g.roadmaps.push(r);
      by.set(r.productId, g);
    }
    return [...by].sort((a, b) => a[1].name.localeCompare(b[1].name));
  }, [roadmaps.data]);
  const without = (products.data ?? []).filter((p) => !groups.some(([id]) => id === p.id));

  const openNew = (productId: string | null) => {
    setProductFor(productId);
    modal.open();
  };

  return (
    <Page
      size={tab === "portfolio" ? "xl" : "lg"}
      title="Roadmaps"
      description="SMART plans per product: periods and lanes, each team's capacity, versions with the reasons for every change."
      actions={
        canWrite ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => openNew(null)}>
            New roadmap
          </Button>
        ) : null
      }
    >
      <Tabs
        value={tab}
        onChange={(v) => navigate(v === "portfolio" ? roadmapPaths.portfolio(wid) : roadmapPaths.index(wid))}
        variant="pills"
        radius="md"
      >
        <Tabs.List>
          <Tabs.Tab value="roadmaps" leftSection={<IconList size={16} />}>
            By product
          </Tabs.Tab>
          <Tabs.Tab value="portfolio" leftSection={<IconChartBar size={16} />}>
            Portfolio
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>

      {tab === "portfolio" ? (
        <PortfolioView />
      ) : roadmaps.isPending ? (
        <Surface>
          <TableSkeleton rows={4} cols={5} />
        </Surface>
      ) : roadmaps.isError ? (
        <ErrorState error={roadmaps.error} onRetry={() => roadmaps.refetch()} />
      ) : groups.length === 0 ? (
        <Surface>
          <EmptyBlock
            icon={<IconRoute size={26} />}
            title="No roadmap yet"
            description="A roadmap plans a product's items in periods and lanes, checks each against the SMART rules and the teams' capacity, and keeps versions everyone can sign off."
          >
            {canWrite ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => openNew(null)}>
                Create the first roadmap
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                A product manager creates roadmaps.
              </Text>
            )}
          </EmptyBlock>
        </Surface>
      ) : (
        <Stack gap="lg">
          {groups.map(([productId, g]) => (
            <Stack key={productId} gap="xs">
              <Group justify="space-between">
                <Title order={2} fz="md">
                  {g.name}
                </Title>
                {canWrite ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconPlus size={14} />}
                    onClick={() => openNew(productId)}
                  >
                    Roadmap for {g.name}
                  </Button>
                ) : null}
              </Group>
              <Surface>
                <Table.ScrollContainer minWidth={720}>
                  <Table className="baton-table" highlightOnHover aria-label={`Roadmaps of ${g.name}`}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Roadmap</Table.Th>
                        <Table.Th w={170}>Periods</Table.Th>
                        <Table.Th w={210}>Span</Table.Th>
                        <Table.Th w={110}>Lanes</Table.Th>
                        <Table.Th w={80} ta="right">
                          Items
                        </Table.Th>
                        <Table.Th w={130}>Updated</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {g.roadmaps.map((r) => (
                        <Table.Tr key={r.id}>
                          <Table.Td>
                            <Anchor
                              component={Link}
                              href={roadmapPaths.roadmap(wid, r.id)}
                              fw={600}
                              size="sm"
                            >
                              {r.name}
                            </Anchor>
                            {r.description ? (
                              <Text size="xs" c="dimmed" lineClamp={1}>
                                {r.description}
                              </Text>
                            ) : null}
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={r.periodKind === "nnl" ? "grape" : "baton"}>
                              {KIND_LABELS[r.periodKind]}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{span(r)}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">{LANE_BY_LABELS[r.laneBy]}</Text>
                          </Table.Td>
                          <Table.Td ta="right">
                            <Text size="sm">{r.itemCount}</Text>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c="dimmed">
                              {relativeTime(r.updatedAt)}
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Surface>
            </Stack>
          ))}
          {without.length && canWrite ? (
            <Text size="sm" c="dimmed">
              No roadmap yet for{" "}
              {without.map((p, i) => (
                <span key={p.id}>
                  {i ? ", " : ""}
                  <Anchor component="button" type="button" size="sm" onClick={() => openNew(p.id)}>
                    {p.name}
                  </Anchor>
                </span>
              ))}
              .
            </Text>
          ) : null}
        </Stack>
      )}
      <NewRoadmapModal opened={opened} onClose={modal.close} initialProductId={productFor} />
    </Page>
  );
}
