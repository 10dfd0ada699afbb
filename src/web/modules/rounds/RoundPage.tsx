import { Alert, Anchor, Badge, Button, Group, Stack, Tabs, Text } from "@mantine/core";
import {
  IconArrowLeft,
  IconChartBar,
  IconInfoCircle,
  IconLock,
  IconSettings,
  IconTable,
  IconUsers,
} from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link, useParams } from "wouter";
import type { ClosePreview, ScoreCounting } from "../../../shared/ideas.schemas.ts";
import { api } from "../../api/client.ts";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { ErrorState, PageLoader } from "../../components/States.tsx";
import { formatDateTime, pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { BallotPanel } from "./BallotPanel.tsx";
import { countingSentence } from "./CountingCard.tsx";
import { roundPath, useBallot, useCloseRound, useRound } from "./hooks.ts";
import { RoundSettings, VotersTable } from "./ManagePanel.tsx";
import { DeadlineText, ProgressLine, RoundStatusBadge } from "./parts.tsx";
import { ResultsPanel } from "./ResultsPanel.tsx";

type Tab = "vote" | "results" | "voters" | "settings";

/** Re-renders when the clock passes `iso` (the grid turns read-only at the deadline). */
function useNowPast(iso: string | undefined): boolean {
  const [past, setPast] = useState(() => (iso ? new Date(iso).getTime() <= Date.now() : false));
  useEffect(() => {
    if (!iso) return;
    const ms = new Date(iso).getTime() - Date.now();
    setPast(ms <= 0);
    if (ms <= 0) return;
    const t = setTimeout(() => setPast(true), Math.min(ms, 2 ** 31 - 1));
    return () => clearTimeout(t);
  }, [iso]);
  return past;
}

export function RoundPage() {
  const { id } = useParams<{ id: string }>();
  const { workspaceId: wid, workspace, can } = useWorkspace();
  const round = useRound(wid, id);
  const r = round.data;
  useDocumentTitle(r?.name ?? "Scoring round", workspace.name);
  const deadlinePassed = useNowPast(r?.deadline);
  const votingOpen = r ? r.status === "open" && !deadlinePassed : false;
  const ballot = useBallot(wid, id, Boolean(r?.amVoter) && can("rounds.vote"));
  const close = useCloseRound(wid, id);
  const [tab, setTab] = useState<Tab | null>(null);
  // A ballot the voter has open stays in place when the round closes (or its deadline passes) under it:
  // locked, with the reason, instead of swapped for the results by the next poll.
  const opensOnVote = Boolean(r?.amVoter) && votingOpen;
  useEffect(() => {
    if (opensOnVote) setTab((t) => t ?? "vote");
  }, [opensOnVote]);

  if (round.isPending) return <PageLoader />;
  if (round.isError)
    return (
      <Page title="Scoring round">
        <ErrorState error={round.error} onRetry={() => round.refetch()} />
      </Page>
    );
  const rd = r!;
  const manager = rd.canManage;
  const resultsVisible = manager || rd.status === "closed" || rd.showOthers;
  const tabs: Tab[] = [
    ...(rd.amVoter ? (["vote"] as const) : []),
    ...(resultsVisible ? (["results"] as const) : []),
    ...(manager ? (["voters"] as const) : []),
    ...(manager && rd.status === "open" ? (["settings"] as const) : []),
  ];
  const defaultTab: Tab | undefined =
    rd.amVoter && votingOpen ? "vote" : resultsVisible ? "results" : tabs[0];
  const current = tab && tabs.includes(tab) ? tab : defaultTab;

  const closeNow = async () => {
    // What the close will do, computed by the server without writing (GET …/close-preview).
    const [preview, counting] = await Promise.all([
      api.get<ClosePreview>(`/workspaces/${wid}/rounds/${id}/close-preview`).catch(() => null),
      api.get<ScoreCounting>(`/workspaces/${wid}/products/${rd.productId}/score-counting`).catch(() => null),
    ]);
    const score = (v: number | null) => (v === null ? "—" : v.toFixed(1));
    const rank = (v: number | null) => (v === null ? "unranked" : `#${v}`);
    confirmAction({
      title: `Close ${rd.name} now?`,
      message: (
        <Stack gap="xs">
          <Text size="sm">
            Voting stops for everyone and the results score the backlog. A closed round cannot be reopened or
            changed.
          </Text>
          <Text size="sm" c="dimmed">
            {rd.finishedVoters} of {pluralize(rd.voterCount, "voter")} finished.
          </Text>
          {counting ? (
            <Text size="sm" c="dimmed">
              {countingSentence(counting)} (Change it on the rounds page, for this product.)
            </Text>
          ) : null}
          {preview ? (
            <Stack gap={2} aria-label="What the close changes">
              <Text size="sm" fw={600}>
                {preview.changes.length
                  ? `${pluralize(preview.changes.length, "idea")} change score or rank:`
                  : "No idea changes score or rank."}
              </Text>
              {preview.changes.slice(0, 12).map((c) => (
                <Text size="sm" key={c.ideaId}>
                  #{c.number} {c.title}: score {score(c.scoreBefore)} → {score(c.scoreAfter)}, rank{" "}
                  {rank(c.rankBefore)} → {rank(c.rankAfter)}
                </Text>
              ))}
              {preview.changes.length > 12 ? (
                <Text size="sm" c="dimmed">
                  and {preview.changes.length - 12} more
                </Text>
              ) : null}
            </Stack>
          ) : null}
        </Stack>
      ),
      confirmLabel: "Close round",
      onConfirm: () =>
        close.mutate(undefined, {
          onSuccess: (x) => {
            notifySuccess(`${x.name} is closed; its results now score the backlog.`, "Round closed");
            setTab("results");
          },
          onError: (err) => notifyError(err, "Could not close the round"),
        }),
    });
  };

  const readOnlyReason =
    rd.status === "closed"
      ? `This round closed ${formatDateTime(rd.closedAt ?? rd.deadline)}${rd.closeReason === "manual" ? " (closed by a manager)" : ""}. Your ratings are shown read-only.`
      : `The deadline passed at ${formatDateTime(rd.deadline)}. Your ratings are shown read-only.`;

  return (
    <Page
      title={rd.name}
      description={`${rd.productName} · ${pluralize(rd.ideaCount, "idea")} · ${pluralize(rd.voterCount, "voter")}`}
      actions={
        manager ? (
          <Group gap="sm">
            <ProgressLine
              done={rd.finishedVoters}
              total={rd.voterCount}
              label={`${rd.finishedVoters} of ${rd.voterCount} voters finished`}
              w={160}
            />
            {rd.status === "open" ? (
              <Button
                color="red"
                variant="light"
                leftSection={<IconLock size={16} />}
                onClick={closeNow}
                loading={close.isPending}
              >
                Close round now
              </Button>
            ) : null}
          </Group>
        ) : null
      }
    >
      <Stack gap={8} mt={-8}>
        <Group gap="sm" wrap="wrap">
          <Anchor component={Link} href={roundPath(wid)} size="sm">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} /> Scoring rounds
            </Group>
          </Anchor>
          <RoundStatusBadge round={rd} />
          <DeadlineText round={rd} />
          {rd.showOthers ? (
            <Badge variant="outline" color="gray" size="sm">
              Ratings visible to voters
            </Badge>
          ) : null}
        </Group>
        {rd.description ? (
          <Text size="sm" maw={720} style={{ whiteSpace: "pre-wrap" }}>
            {rd.description}
          </Text>
        ) : null}
      </Stack>
      {tabs.length === 0 ? (
        <Alert variant="light" icon={<IconInfoCircle size={18} />} title="Results come when the round closes">
          You are not a voter of this round. Its results are shown here once it closes
          {rd.status === "open" ? ` (${formatDateTime(rd.deadline)})` : ""}.
        </Alert>
      ) : (
        <Tabs value={current ?? null} onChange={(v) => setTab(v as Tab)} keepMounted={false}>
          <Tabs.List mb="md">
            {tabs.includes("vote") ? (
              <Tabs.Tab value="vote" leftSection={<IconTable size={16} />}>
                My ratings
              </Tabs.Tab>
            ) : null}
            {tabs.includes("results") ? (
              <Tabs.Tab value="results" leftSection={<IconChartBar size={16} />}>
                Results
              </Tabs.Tab>
            ) : null}
            {tabs.includes("voters") ? (
              <Tabs.Tab value="voters" leftSection={<IconUsers size={16} />}>
                Voters
              </Tabs.Tab>
            ) : null}
            {tabs.includes("settings") ? (
              <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
                Settings
              </Tabs.Tab>
            ) : null}
          </Tabs.List>
          <Tabs.Panel value="vote">
            <QueryState
              query={ballot}
              loading={<PageLoader />}
              isEmpty={() => rd.factors.length === 0}
              empty={
                <Alert variant="light" color="yellow" title="No factors to rate">
                  The product has no scoring factors yet. Ask a product manager to define them.
                </Alert>
              }
            >
              {(data) => (
                <BallotPanel
                  round={rd}
                  ballot={data}
                  readOnly={!votingOpen}
                  readOnlyReason={readOnlyReason}
                />
              )}
            </QueryState>
          </Tabs.Panel>
          <Tabs.Panel value="results">
            <ResultsPanel roundId={rd.id} live={rd.status === "open"} />
          </Tabs.Panel>
          <Tabs.Panel value="voters">
            <VotersTable round={rd} />
          </Tabs.Panel>
          <Tabs.Panel value="settings">
            <RoundSettings round={rd} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Page>
  );
}
