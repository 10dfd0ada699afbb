import {
  Anchor,
  Button,
  Card,
  CloseButton,
  Grid,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowLeft,
  IconBulb,
  IconChevronLeft,
  IconChevronRight,
  IconExternalLink,
  IconLayoutGrid,
  IconTable,
  IconVolumeOff,
} from "@tabler/icons-react";
import { useRef, useState } from "react";
import { Link, useParams } from "wouter";
import {
  CHANGE_CATEGORIES,
  CHANGE_CATEGORY_LABELS,
  CHANGE_IMPORTANCE_LABELS,
  CHANGE_IMPORTANCES,
  type ChangeCategory,
  type ChangeImportance,
} from "../../../shared/changes.schemas.ts";
import { excerptLines } from "../../../shared/changes.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { competitorPaths } from "../competitors/hooks.ts";
import { SwotCardModal } from "../competitors/SwotTab.tsx";
import { MatrixCellModal } from "../matrix/MatrixCellModal.tsx";
import { ChangeIdeaModal, NoiseModal } from "./ChangeModals.tsx";
import { CategoryBadge, ChangeDiff, ImportanceBadge, StateBadge } from "./ChangeParts.tsx";
import {
  type ChangeDetail,
  changePaths,
  useChange,
  useChangeMutations,
  useMonitorHistory,
} from "./changes.hooks.ts";

const options = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));

/** Older / Newer: a link to the monitor's neighbouring change, a disabled button when there is none. */
function NeighbourButton({
  wid,
  id,
  label,
}: {
  wid: string;
  id: string | undefined;
  label: "Older" | "Newer";
}) {
  const icon =
    label === "Older"
      ? { leftSection: <IconChevronLeft size={14} /> }
      : { rightSection: <IconChevronRight size={14} /> };
  if (!id)
    return (
      <Button variant="default" size="xs" disabled {...icon}>
        {label}
      </Button>
    );
  return (
    <Button component={Link} href={changePaths.page(wid, id)} variant="default" size="xs" {...icon}>
      {label}
    </Button>
  );
}

/** The monitor's history as a timeline: each change, the one shown marked, older ones a click away. */
function HistoryTimeline({ wid, change }: { wid: string; change: ChangeDetail }) {
  const history = useMonitorHistory(wid, change.monitorId);
  if (history.isPending) return <Skeleton height={120} />;
  const items = history.data?.items ?? [];
  const active = items.findIndex((c) => c.id === change.id);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <NeighbourButton wid={wid} id={change.previous?.id} label="Older" />
        <NeighbourButton wid={wid} id={change.next?.id} label="Newer" />
      </Group>
      <Timeline active={active} bulletSize={14} lineWidth={2}>
        {items.map((c) => (
          <Timeline.Item
            key={c.id}
            title={
              c.id === change.id ? (
                <Text size="sm" fw={700}>
                  {formatDateTime(c.detectedAt)} (this change)
                </Text>
              ) : (
                <Anchor component={Link} href={changePaths.page(wid, c.id)} size="sm">
                  {formatDateTime(c.detectedAt)}
                </Anchor>
              )
            }
          >
            <Text size="xs" c="dimmed" lineClamp={2}>
              {Math.round(c.changedPercent * 10) / 10}% · {c.reported ? c.state : "below the threshold"}
              {c.summary ? ` · ${c.summary}` : ""}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

/** A detected change: its diff, the page's history, triage and the one-click actions. */
function ChangeView({ wid, change }: { wid: string; change: ChangeDetail }) {
  const { can } = useWorkspace();
  const write = can("competitors.write");
  const m = useChangeMutations(wid);
  const [noiseOpened, noise] = useDisclosure(false);
  const [ideaOpened, idea] = useDisclosure(false);
  const [swotOpened, swot] = useDisclosure(false);
  const [cellOpened, cell] = useDisclosure(false);
  const [selection, setSelection] = useState("");
  const diffRef = useRef<HTMLDivElement>(null);
  const excerpt = excerptLines(change.diff, { max: 3 }).join("\n") || change.summary;

  const triage = (set: {
    category?: ChangeCategory;
    importance?: ChangeImportance;
    state?: "new" | "reviewed";
  }) =>
    m.update.mutate({ id: change.id, version: change.version, ...set }, { onError: (e) => notifyError(e) });
  const openNoise = () => {
    const s = window.getSelection();
    const text =
      s && diffRef.current && s.anchorNode && diffRef.current.contains(s.anchorNode) ? s.toString() : "";
    setSelection(text);
    m.noise.reset();
    noise.open();
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="lg">
          <Card withBorder radius="md">
            <Stack gap="sm">
              <Group gap={6} wrap="wrap">
                <ImportanceBadge importance={change.importance} />
                <CategoryBadge category={change.category} />
                <StateBadge state={change.state} />
              </Group>
              <Text size="sm">
                Detected {formatDateTime(change.detectedAt)} ({relativeTime(change.detectedAt)}):{" "}
                {Math.round(change.changedPercent * 10) / 10}% of the words changed, {change.addedWords}{" "}
                added, {change.removedWords} removed
                {change.reported ? "." : " (below the source's threshold: not reported)."}
              </Text>
              <Anchor href={change.monitorUrl} target="_blank" rel="noopener noreferrer nofollow" size="sm">
                <Group gap={4} wrap="nowrap" component="span">
                  <span style={{ overflowWrap: "anywhere" }}>{change.monitorUrl}</span>
                  <IconExternalLink size={14} aria-label="(opens in a new tab)" />
                </Group>
              </Anchor>
            </Stack>
          </Card>
          <Stack gap="xs" ref={diffRef}>
            <Title order={2} size="h4">
              What changed
            </Title>
            <ChangeDiff diff={change.diff} />
          </Stack>
          {change.prices?.length ? (
            <Stack gap="xs">
              <Title order={2} size="h4">
                Prices read from the page
              </Title>
              <Table.ScrollContainer minWidth={360}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Plan</Table.Th>
                      <Table.Th>Price</Table.Th>
                      <Table.Th>Period</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {change.prices.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
                      <Table.Tr key={i}>
                        <Table.Td>{String(p.plan ?? p.name ?? "")}</Table.Td>
                        <Table.Td>
                          {p.price === null || p.price === undefined ? "—" : String(p.price)}{" "}
                          {String(p.currency ?? "")}
                        </Table.Td>
                        <Table.Td>{String(p.period ?? p.billingPeriod ?? "")}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          ) : null}
          <Stack gap="xs">
            <Title order={2} size="h4">
              This page's history
            </Title>
            <HistoryTimeline wid={wid} change={change} />
          </Stack>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="lg">
          {write ? (
            <Card withBorder radius="md">
              <Stack gap="sm">
                <Title order={2} size="h5">
                  Triage
                </Title>
                <Select
                  label="Importance"
                  data={options(CHANGE_IMPORTANCES, CHANGE_IMPORTANCE_LABELS)}
                  value={change.importance}
                  allowDeselect={false}
                  onChange={(v) =>
                    v && v !== change.importance && triage({ importance: v as ChangeImportance })
                  }
                />
                <Select
                  label="Category"
                  description={
                    change.suggestedCategory !== change.category
                      ? `Suggested: ${CHANGE_CATEGORY_LABELS[change.suggestedCategory]}`
                      : undefined
                  }
                  data={options(CHANGE_CATEGORIES, CHANGE_CATEGORY_LABELS)}
                  value={change.category}
                  allowDeselect={false}
                  onChange={(v) => v && v !== change.category && triage({ category: v as ChangeCategory })}
                />
                <Group gap="xs" wrap="wrap">
                  {change.state !== "reviewed" ? (
                    <Button size="xs" variant="light" onClick={() => triage({ state: "reviewed" })}>
                      Mark reviewed
                    </Button>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => triage({ state: "new" })}>
                      Mark new
                    </Button>
                  )}
                  {change.state !== "noise" ? (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconVolumeOff size={14} />}
                      onClick={openNoise}
                    >
                      Mark as noise…
                    </Button>
                  ) : null}
                </Group>
              </Stack>
            </Card>
          ) : null}
          {write ? (
            <Card withBorder radius="md">
              <Stack gap="xs">
                <Title order={2} size="h5">
                  Act on it
                </Title>
                <Button
                  variant="default"
                  leftSection={<IconLayoutGrid size={16} />}
                  onClick={swot.open}
                  justify="flex-start"
                >
                  Add SWOT card
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconTable size={16} />}
                  onClick={cell.open}
                  justify="flex-start"
                >
                  Update matrix cell
                </Button>
                <Button
                  variant="default"
                  leftSection={<IconBulb size={16} />}
                  onClick={() => {
                    m.link.reset();
                    idea.open();
                  }}
                  justify="flex-start"
                >
                  Link to an idea
                </Button>
              </Stack>
            </Card>
          ) : null}
          <Card withBorder radius="md">
            <Stack gap="xs">
              <Title order={2} size="h5">
                Linked ideas
              </Title>
              {change.ideas.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Not linked to an idea yet.
                </Text>
              ) : (
                change.ideas.map((i) => (
                  <Group key={i.ideaId} justify="space-between" wrap="nowrap" gap="xs">
                    <Anchor
                      component={Link}
                      href={`/w/${wid}/ideas/${i.ideaId}`}
                      size="sm"
                      style={{ overflowWrap: "anywhere" }}
                    >
                      {i.title}
                    </Anchor>
                    {write ? (
                      <CloseButton
                        size="sm"
                        aria-label={`Unlink ${i.title}`}
                        onClick={() =>
                          m.unlink.mutate(
                            { id: change.id, ideaId: i.ideaId },
                            { onError: (e) => notifyError(e) },
                          )
                        }
                      />
                    ) : null}
                  </Group>
                ))
              )}
            </Stack>
          </Card>
        </Stack>
      </Grid.Col>
      <NoiseModal
        opened={noiseOpened}
        onClose={noise.close}
        canIgnore={change.monitorKind === "page"}
        selection={selection}
        busy={m.noise.isPending}
        error={m.noise.error}
        onConfirm={(phrase) =>
          m.noise.mutate(
            { id: change.id, version: change.version, ...(phrase ? { phrase } : {}) },
            {
              onSuccess: (r) => {
                noise.close();
                notifySuccess(
                  r.addedPattern
                    ? "Marked as noise; the source ignores that phrase from now on."
                    : "Marked as noise.",
                );
              },
            },
          )
        }
      />
      <ChangeIdeaModal
        wid={wid}
        opened={ideaOpened}
        onClose={idea.close}
        busy={m.link.isPending}
        error={m.link.error}
        onLink={(ideaId) =>
          m.link.mutate(
            { id: change.id, ideaId },
            {
              onSuccess: () => {
                idea.close();
                notifySuccess("Linked to the idea.");
              },
            },
          )
        }
      />
      <SwotCardModal
        competitorId={change.competitorId}
        opened={swotOpened}
        onClose={swot.close}
        initial={{
          quadrant: "threat",
          text: change.summary || excerpt,
          sourceUrl: change.monitorUrl,
          sourceDate: change.detectedAt.slice(0, 10),
          changeId: change.id,
        }}
        onSaved={() => {
          swot.close();
          notifySuccess("SWOT card added.");
        }}
      />
      <MatrixCellModal
        competitorId={change.competitorId}
        opened={cellOpened}
        onClose={cell.close}
        initial={{
          note: (change.summary || excerpt).slice(0, 500),
          sourceUrl: change.monitorUrl,
          changeId: change.id,
        }}
        onSaved={() => {
          cell.close();
          notifySuccess("Matrix cell updated.");
        }}
      />
    </Grid>
  );
}

/** `/w/:wid/changes/:id`: one detected change. */
export function ChangePage() {
  const { id = "" } = useParams<{ id: string }>();
  const { workspaceId: wid, workspace } = useWorkspace();
  const c = useChange(wid, id);
  useDocumentTitle(c.data ? `${c.data.competitorName}: ${c.data.monitorName}` : "Change", workspace.name);
  if (c.isPending) return <Skeleton height={320} m="xl" radius="lg" aria-label="Loading the change" />;
  if (c.isError) return <ErrorState error={c.error} onRetry={() => c.refetch()} />;
  const change = c.data;
  return (
    <Page
      title={
        <span style={{ overflowWrap: "anywhere" }}>
          {change.competitorName}: {change.monitorName}
        </span>
      }
      description={change.summary || undefined}
      actions={
        <>
          <Button
            component={Link}
            href={changePaths.list(wid)}
            variant="subtle"
            size="xs"
            leftSection={<IconArrowLeft size={14} />}
          >
            All changes
          </Button>
          <Button
            component={Link}
            href={competitorPaths.page(wid, change.competitorId, "changes")}
            variant="default"
            size="xs"
          >
            {change.competitorName}
          </Button>
        </>
      }
    >
      <ChangeView wid={wid} change={change} />
    </Page>
  );
}
