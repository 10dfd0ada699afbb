import "@mantine/charts/styles.css";
import { BarChart, LineChart } from "@mantine/charts";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { IconBulb, IconDots, IconInbox } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link } from "wouter";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { CardsSkeleton, EmptyBlock, ErrorState, TableSkeleton } from "../../components/States.tsx";
import { formatDate, formatDay, pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { SENTIMENT_LABELS } from "./labels.tsx";
import {
  type Suggestions,
  type Theme,
  type Trends,
  useSuggestions,
  useThemeActions,
  useThemes,
  useTrends,
} from "./themes.hooks.ts";

const PALETTE = ["baton.6", "teal.6", "orange.6", "grape.6", "cyan.6", "pink.6", "lime.7", "indigo.6"];
const shortWeek = (w: string) => formatDay(w.slice(0, 10));

/** Themes and trends of the feedback: weekly charts, confirmed themes, and suggested ones to confirm or dismiss. */
export function ThemesPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Feedback themes", workspace.name);
  const canWrite = can("feedback.write");
  const [weeks, setWeeks] = useState("12");
  const trends = useTrends(wid, Number(weeks));
  const themes = useThemes(wid);
  const [asked, setAsked] = useState(false);
  const suggestions = useSuggestions(wid, asked);

  return (
    <Page
      size="xl"
      title="Feedback themes"
      description="What people keep saying, week by week: themes you confirmed, how they and sentiment move, and new groupings Baton suggests."
      actions={
        <Button
          component={Link}
          href={`/w/${wid}/feedback`}
          variant="default"
          leftSection={<IconInbox size={16} />}
        >
          Inbox
        </Button>
      }
    >
      <Stack gap="lg">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3">
            Trends
          </Title>
          <SegmentedControl
            aria-label="Weeks shown"
            value={weeks}
            onChange={setWeeks}
            data={[
              { value: "12", label: "12 weeks" },
              { value: "26", label: "26 weeks" },
              { value: "52", label: "A year" },
            ]}
          />
        </Group>
        {trends.isError ? (
          <ErrorState error={trends.error} onRetry={() => trends.refetch()} />
        ) : !trends.data ? (
          <CardsSkeleton count={2} height={240} />
        ) : (
          <TrendCharts trends={trends.data} />
        )}

        <Title order={2} size="h3">
          Themes
        </Title>
        {themes.isError ? (
          <ErrorState error={themes.error} onRetry={() => themes.refetch()} />
        ) : !themes.data ? (
          <TableSkeleton rows={3} cols={3} />
        ) : themes.data.items.length === 0 ? (
          <EmptyBlock
            icon={<IconBulb size={28} />}
            title="No themes yet"
            description="Ask Baton for suggestions below, or confirm one of your own from the inbox."
            size="sm"
          />
        ) : (
          <ThemeTable wid={wid} themes={themes.data.items} canWrite={canWrite} />
        )}

        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3">
            Suggested themes
          </Title>
          <Button
            variant="light"
            onClick={() => (asked ? suggestions.refetch() : setAsked(true))}
            loading={suggestions.isFetching}
          >
            {asked ? "Suggest again" : "Suggest themes"}
          </Button>
        </Group>
        {!asked ? (
          <Text size="sm" c="dimmed">
            Baton groups the newest 1,000 items that are in no theme (spam and dismissed items left out) by
            the words they share. Nothing is stored until you confirm a group.
          </Text>
        ) : suggestions.isError ? (
          <ErrorState error={suggestions.error} onRetry={() => suggestions.refetch()} />
        ) : !suggestions.data ? (
          <CardsSkeleton count={2} height={160} />
        ) : (
          <SuggestionList
            wid={wid}
            data={suggestions.data}
            themes={themes.data?.items ?? []}
            canWrite={canWrite}
          />
        )}
      </Stack>
    </Page>
  );
}

function TrendCharts({ trends }: { trends: Trends }) {
  const sentiment = trends.sentiment.map((s) => ({
    week: shortWeek(s.week),
    [SENTIMENT_LABELS.positive]: s.positive,
    [SENTIMENT_LABELS.neutral]: s.neutral,
    [SENTIMENT_LABELS.negative]: s.negative,
    "Mean sentiment": s.averageScore,
  }));
  const themeData = trends.weeks.map((w, i) => {
    const row: Record<string, string | number> = { week: shortWeek(w) };
    for (const t of trends.themes) row[t.name] = t.counts[i] ?? 0;
    return row;
  });
  const total = trends.sentiment.reduce((n, s) => n + s.count, 0);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">
          Items per week by sentiment
        </Text>
        <Text size="xs" c="dimmed" mb="sm">
          {pluralize(total, "item")} in these weeks (spam left out); weeks start on Monday (UTC).
        </Text>
        <BarChart
          h={220}
          data={sentiment}
          dataKey="week"
          type="stacked"
          series={[
            { name: SENTIMENT_LABELS.positive, color: "teal.6" },
            { name: SENTIMENT_LABELS.neutral, color: "gray.5" },
            { name: SENTIMENT_LABELS.negative, color: "red.6" },
          ]}
          withLegend
          tickLine="none"
          yAxisProps={{ allowDecimals: false, width: 32 }}
          role="img"
          aria-label="Feedback items per week by sentiment"
        />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">
          Mean sentiment per week
        </Text>
        <Text size="xs" c="dimmed" mb="sm">
          The mean of the items' computed scores, from −1 (negative) to 1 (positive); empty weeks have none.
        </Text>
        <LineChart
          h={220}
          data={sentiment}
          dataKey="week"
          series={[{ name: "Mean sentiment", color: "baton.6" }]}
          connectNulls={false}
          yAxisProps={{ domain: [-1, 1], width: 32 }}
          tickLine="none"
          role="img"
          aria-label="Mean sentiment per week"
        />
      </Paper>
      <Paper withBorder p="md" radius="md" style={{ gridColumn: "1 / -1" }}>
        <Text fw={600} mb="xs">
          Items per week by theme
        </Text>
        {trends.themes.length ? (
          <LineChart
            h={240}
            data={themeData}
            dataKey="week"
            series={trends.themes.map((t, i) => ({ name: t.name, color: PALETTE[i % PALETTE.length]! }))}
            withLegend
            tickLine="none"
            yAxisProps={{ allowDecimals: false, width: 32 }}
            role="img"
            aria-label="Feedback items per week by theme"
          />
        ) : (
          <Text size="sm" c="dimmed">
            No themed items in these weeks.
          </Text>
        )}
      </Paper>
    </SimpleGrid>
  );
}

function ThemeTable({ wid, themes, canWrite }: { wid: string; themes: Theme[]; canWrite: boolean }) {
  const actions = useThemeActions(wid);
  const [renaming, setRenaming] = useState<Theme | null>(null);
  const [merging, setMerging] = useState<Theme | null>(null);
  const [name, setName] = useState("");
  const [intoId, setIntoId] = useState<string | null>(null);
  const run = async (p: Promise<unknown>, done: string) => {
    try {
      await p;
      notifySuccess(done);
      return true;
    } catch (err) {
      notifyError(err);
      return false;
    }
  };
  return (
    <>
      <Table.ScrollContainer minWidth={360}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Theme</Table.Th>
              <Table.Th ta="right">Items</Table.Th>
              <Table.Th>Latest</Table.Th>
              {canWrite ? (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {themes.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Anchor component={Link} href={`/w/${wid}/feedback?theme=${t.id}`}>
                    {t.name}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{t.itemCount}</Table.Td>
                <Table.Td>{formatDate(t.latestAt)}</Table.Td>
                {canWrite ? (
                  <Table.Td w={48}>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${t.name}`}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          onClick={() => {
                            setName(t.name);
                            setRenaming(t);
                          }}
                        >
                          Rename…
                        </Menu.Item>
                        <Menu.Item
                          onClick={() => {
                            setIntoId(null);
                            setMerging(t);
                          }}
                          disabled={themes.length < 2}
                        >
                          Merge into…
                        </Menu.Item>
                        <Menu.Item
                          color="red"
                          onClick={() =>
                            run(
                              actions.remove.mutateAsync(t.id),
                              `Theme “${t.name}” deleted; its items stay.`,
                            )
                          }
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={Boolean(renaming)} onClose={() => setRenaming(null)} title="Rename theme">
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!renaming) return;
            const ok = await run(
              actions.rename.mutateAsync({ id: renaming.id, name: name.trim(), version: renaming.version }),
              "Theme renamed",
            );
            if (ok) setRenaming(null);
          }}
        >
          <Stack>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              required
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRenaming(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={actions.rename.isPending} disabled={!name.trim()}>
                Rename
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal
        opened={Boolean(merging)}
        onClose={() => setMerging(null)}
        title={`Merge “${merging?.name ?? ""}” into…`}
      >
        <Stack>
          <Select
            label="Theme to keep"
            data={themes.filter((t) => t.id !== merging?.id).map((t) => ({ value: t.id, label: t.name }))}
            value={intoId}
            onChange={setIntoId}
            searchable
            data-autofocus
          />
          <Text size="sm" c="dimmed">
            Its items join the theme you keep, and “{merging?.name}” goes.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setMerging(null)}>
              Cancel
            </Button>
            <Button
              loading={actions.merge.isPending}
              disabled={!intoId}
              onClick={async () => {
                if (!merging || !intoId) return;
                if (await run(actions.merge.mutateAsync({ id: merging.id, intoId }), "Themes merged"))
                  setMerging(null);
              }}
            >
              Merge
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function SuggestionList({
  wid,
  data,
  themes,
  canWrite,
}: {
  wid: string;
  data: Suggestions;
  themes: Theme[];
  canWrite: boolean;
}) {
  if (!data.suggestions.length)
    return (
      <EmptyBlock
        icon={<IconBulb size={28} />}
        title="No groups found"
        description={`Among ${pluralize(data.considered, "item")} in no theme, none share enough words to group.`}
        size="sm"
      />
    );
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {pluralize(data.suggestions.length, "group")} among the newest {pluralize(data.considered, "item")} in
        no theme.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {data.suggestions.map((s) => (
          <SuggestionCard key={s.key} wid={wid} s={s} themes={themes} canWrite={canWrite} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function SuggestionCard({
  wid,
  s,
  themes,
  canWrite,
}: {
  wid: string;
  s: Suggestions["suggestions"][number];
  themes: Theme[];
  canWrite: boolean;
}) {
  const actions = useThemeActions(wid);
  const [name, setName] = useState(s.name);
  const [into, setInto] = useState<string | null>(null);
  const ids = useMemo(() => s.items.map((i) => i.id), [s]);
  const busy = actions.confirm.isPending || actions.dismiss.isPending || actions.addItems.isPending;
  const act = async (p: Promise<unknown>, done: string) => {
    try {
      await p;
      notifySuccess(done);
    } catch (err) {
      notifyError(err);
    }
  };
  return (
    <Card withBorder radius="md" p="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} lineClamp={1}>
            {s.name}
          </Text>
          <Badge variant="light">{pluralize(s.items.length, "item")}</Badge>
        </Group>
        <Stack gap={4}>
          {s.items.slice(0, 5).map((i) => (
            <Text key={i.id} size="sm" lineClamp={1}>
              <Anchor component={Link} href={`/w/${wid}/feedback?item=${i.id}`} size="sm">
                {i.title || i.excerpt}
              </Anchor>
            </Text>
          ))}
          {s.items.length > 5 ? (
            <Text size="xs" c="dimmed">
              and {pluralize(s.items.length - 5, "more item")}
            </Text>
          ) : null}
        </Stack>
        {canWrite ? (
          <Stack gap="xs">
            <Group gap="xs" align="flex-end" wrap="wrap">
              <TextInput
                label="Theme name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                style={{ flex: "1 1 160px" }}
              />
              <Button
                disabled={!name.trim() || busy}
                onClick={() =>
                  act(
                    actions.confirm.mutateAsync({ name: name.trim(), itemIds: ids }),
                    `Theme “${name.trim()}” confirmed`,
                  )
                }
              >
                Confirm
              </Button>
              <Button
                variant="default"
                disabled={busy}
                onClick={() =>
                  act(actions.dismiss.mutateAsync(ids), "Dismissed: these items won't be suggested again")
                }
              >
                Dismiss
              </Button>
            </Group>
            {themes.length ? (
              <Group gap="xs" align="flex-end" wrap="wrap">
                <Select
                  label="Or add them to a theme"
                  placeholder="Pick a theme"
                  data={themes.map((t) => ({ value: t.id, label: t.name }))}
                  value={into}
                  onChange={setInto}
                  searchable
                  style={{ flex: "1 1 160px" }}
                />
                <Button
                  variant="light"
                  disabled={!into || busy}
                  onClick={() =>
                    into &&
                    act(actions.addItems.mutateAsync({ id: into, itemIds: ids }), "Added to the theme")
                  }
                >
                  Add
                </Button>
              </Group>
            ) : null}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
