import {
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCheckbox, IconPlus, IconScale, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "wouter";
import type { Round } from "../../../shared/ideas.schemas.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, TableSkeleton } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useNewParam } from "../../lib/use-new-param.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CountingCard } from "./CountingCard.tsx";
import { CreateRoundModal } from "./CreateRoundModal.tsx";
import { roundPath, useAllProducts, useRounds } from "./hooks.ts";
import { DeadlineText, ProgressLine, RoundStatusBadge } from "./parts.tsx";

type StatusFilter = "all" | "open" | "closed";

export function RoundsPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Scoring rounds", workspace.name);
  const [productId, setProductId] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusFilter>("all");
  const [opened, modal] = useDisclosure(false);
  const canManage = can("rounds.manage");
  const canVote = can("rounds.vote");
  const products = useAllProducts(wid);
  const rounds = useRounds(wid, { productId, status: status === "all" ? null : status });
  const mine = useRounds(wid, { mine: true, status: "open" }, canVote);

  useNewParam(roundPath(wid), () => canManage && modal.open());

  const filtered = Boolean(productId) || status !== "all";
  const productOptions = [
    { value: "all", label: "All products" },
    ...(products.data ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];

  return (
    <Page
      title="Scoring rounds"
      description="Stakeholders rate candidate ideas on the weighted factors before a deadline; the results rank the backlog."
      actions={
        canManage ? (
          <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
            New round
          </Button>
        ) : null
      }
    >
      {canVote && (mine.isPending || (mine.data?.length ?? 0) > 0) ? (
        <Stack gap="sm">
          <Title order={2} fz="md">
            Rounds I vote in
          </Title>
          {mine.isPending ? (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              <Skeleton h={112} radius="lg" />
              <Skeleton h={112} radius="lg" />
            </SimpleGrid>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {mine.data!.map((r) => (
                <MyRoundCard key={r.id} round={r} wid={wid} />
              ))}
            </SimpleGrid>
          )}
        </Stack>
      ) : null}

      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={2} fz="md">
            All rounds
          </Title>
          <Group gap="sm" wrap="wrap">
            <Select
              aria-label="Filter by product"
              data={productOptions}
              value={productId ?? "all"}
              onChange={(v) => setProductId(!v || v === "all" ? null : v)}
              searchable
              w={220}
            />
            <SegmentedControl
              aria-label="Filter by status"
              value={status}
              onChange={(v) => setStatus(v as StatusFilter)}
              data={[
                { value: "all", label: "All" },
                { value: "open", label: "Open" },
                { value: "closed", label: "Closed" },
              ]}
            />
          </Group>
        </Group>
        {productId ? <CountingCard wid={wid} productId={productId} canEdit={can("factors.write")} /> : null}
        <Surface>
          <QueryState
            query={rounds}
            loading={<TableSkeleton rows={5} cols={5} />}
            isEmpty={(data) => data.length === 0}
            empty={
              filtered ? (
                <EmptyBlock
                  size="sm"
                  icon={<IconSearch size={22} />}
                  title="No round matches"
                  description="Try another product or status."
                >
                  <Button
                    variant="default"
                    onClick={() => {
                      setProductId(null);
                      setStatus("all");
                    }}
                  >
                    Clear filters
                  </Button>
                </EmptyBlock>
              ) : (
                <EmptyBlock
                  icon={<IconScale size={26} />}
                  title="No scoring rounds yet"
                  description="A round asks chosen stakeholders to rate a set of ideas on each factor before a deadline. Their ratings score and rank the backlog."
                >
                  {canManage ? (
                    <Button leftSection={<IconPlus size={16} />} onClick={modal.open}>
                      Open the first round
                    </Button>
                  ) : (
                    <Text size="sm" c="dimmed">
                      A product manager opens rounds and invites voters.
                    </Text>
                  )}
                </EmptyBlock>
              )
            }
            errorInset
          >
            {(data) => (
              <Table.ScrollContainer minWidth={760}>
                <Table className="baton-table" aria-label="Scoring rounds" highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th miw={240}>Round</Table.Th>
                      <Table.Th w={130}>Status</Table.Th>
                      <Table.Th w={180}>Deadline</Table.Th>
                      <Table.Th w={80}>Ideas</Table.Th>
                      <Table.Th w={190}>Participation</Table.Th>
                      {canVote ? <Table.Th w={180}>My progress</Table.Th> : null}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>
                          <Stack gap={2}>
                            <Anchor component={Link} href={roundPath(wid, r.id)} fw={600} size="sm">
                              {r.name}
                            </Anchor>
                            <Text size="xs" c="dimmed">
                              {r.productName}
                            </Text>
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <RoundStatusBadge round={r} />
                        </Table.Td>
                        <Table.Td>
                          <DeadlineText round={r} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{r.ideaCount}</Text>
                        </Table.Td>
                        <Table.Td>
                          <ProgressLine
                            done={r.finishedVoters}
                            total={r.voterCount}
                            label={`${r.finishedVoters} of ${r.voterCount} voters finished`}
                          />
                        </Table.Td>
                        {canVote ? (
                          <Table.Td>
                            {r.myProgress ? (
                              <ProgressLine
                                done={r.myProgress.done}
                                total={r.myProgress.total}
                                label="My progress"
                              />
                            ) : (
                              <Text size="xs" c="dimmed">
                                Not a voter
                              </Text>
                            )}
                          </Table.Td>
                        ) : null}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </QueryState>
        </Surface>
      </Stack>
      <CreateRoundModal opened={opened} onClose={modal.close} initialProductId={productId} />
    </Page>
  );
}

function MyRoundCard({ round: r, wid }: { round: Round; wid: string }) {
  const p = r.myProgress ?? { done: 0, total: 0 };
  const finished = p.total > 0 && p.done >= p.total;
  return (
    <Card
      component={Link}
      href={roundPath(wid, r.id)}
      p="md"
      style={{ textDecoration: "none", color: "inherit" }}
      aria-label={`Vote in ${r.name}: ${p.done} of ${p.total} rated`}
    >
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} truncate>
              {r.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {r.productName} · {pluralize(r.ideaCount, "idea")}
            </Text>
          </Stack>
          {finished ? (
            <IconCheckbox size={20} color="var(--mantine-color-teal-6)" aria-label="Finished" />
          ) : null}
        </Group>
        <ProgressLine done={p.done} total={p.total} label={`My progress in ${r.name}`} w="100%" />
        <Group justify="space-between">
          <DeadlineText round={r} size="xs" />
          <Text size="xs" fw={600} c="baton">
            {finished ? "Review" : p.done > 0 ? "Continue" : "Start voting"}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
