import {
  Alert,
  Anchor,
  Badge,
  Blockquote,
  Button,
  Grid,
  Group,
  Skeleton,
  Stack,
  Tabs,
  Text,
} from "@mantine/core";
import {
  IconArrowLeft,
  IconGitCompare,
  IconListDetails,
  IconLock,
  IconMessages,
  IconRefresh,
  IconShieldExclamation,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useEffect, useReducer, useState } from "react";
import { Link, useParams } from "wouter";
import type { SignoffDetail } from "../../../shared/signoff.schemas.ts";
import { Page, useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState, PageLoader } from "../../components/States.tsx";
import { formatDateTime, pluralize, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { roadmapPaths } from "../roadmaps/paths.ts";
import { ApproversPanel } from "./ApproversPanel.tsx";
import { ChangesTab } from "./ChangesTab.tsx";
import { DecisionPanel } from "./DecisionPanel.tsx";
import { DiscussionTab } from "./DiscussionTab.tsx";
import { signoffPaths, useSignoff, useSignoffReview } from "./hooks.ts";
import { ItemsTab } from "./ItemsTab.tsx";
import { ManageActions } from "./ManageActions.tsx";
import { DeadlineText, formatInZone, SignoffStatusBadge } from "./parts.tsx";
import { TeamsTab } from "./TeamsTab.tsx";

type Tab = "changes" | "teams" | "items" | "discussion";

/** Re-renders every minute so countdowns stay current. */
function useMinuteTick() {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const t = setInterval(tick, 60_000);
    return () => clearInterval(t);
  }, []);
}

function StatusLine({ s, wid, timeZone }: { s: SignoffDetail; wid: string; timeZone: string }) {
  return (
    <Group gap="sm" wrap="wrap">
      <Anchor component={Link} href={signoffPaths.index(wid)} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} /> Sign-offs
        </Group>
      </Anchor>
      <SignoffStatusBadge signoff={s} />
      <Badge variant="outline" color="gray">
        Round {s.round}
      </Badge>
      <DeadlineText signoff={s} timeZone={timeZone} />
      {s.status === "open" ? (
        <Text size="sm" c={s.overdue ? "red" : "dimmed"}>
          Due {formatInZone(s.deadline, timeZone)} (your time zone: {timeZone})
        </Text>
      ) : null}
    </Group>
  );
}

export function SignoffPage() {
  const { id } = useParams<{ id: string }>();
  const { workspaceId, workspace, user, can } = useWorkspace();
  const detail = useSignoff(workspaceId, id);
  const review = useSignoffReview(workspaceId, id);
  const [tab, setTab] = useState<Tab>("changes");
  const [reloading, setReloading] = useState(false);
  const s = detail.data;
  useDocumentTitle(s ? `Sign-off · ${s.roadmapName}` : "Sign-off", workspace.name);
  useMinuteTick();

  if (detail.isPending) return <PageLoader />;
  if (detail.isError)
    return (
      <Page title="Sign-off">
        <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
      </Page>
    );
  const sd = s!;
  const open = sd.status === "open";
  const tz = user.timezone;
  const reload = async () => {
    setReloading(true);
    try {
      await Promise.all([detail.refetch(), review.refetch()]);
    } finally {
      setReloading(false);
    }
  };
  const r = review.data;
  const cancelled = sd.events.findLast((e) => e.kind === "cancelled");
  const myItems = r?.myItemIds.length ?? 0;

  return (
    <Page
      size="xl"
      title={
        <>
          {sd.roadmapName}{" "}
          <Text span inherit c="dimmed" fw={400}>
            · v{sd.versionNumber}
          </Text>
        </>
      }
      description={
        <>
          Sign-off of version {sd.versionNumber} ({sd.versionName}), requested by{" "}
          {sd.createdByName ?? "a former member"} {relativeTime(sd.createdAt)} ·{" "}
          {pluralize(sd.counts.approvers, "approver")} ·{" "}
          <Anchor component={Link} href={roadmapPaths.roadmap(workspaceId, sd.roadmapId)} size="sm">
            Open the roadmap
          </Anchor>
        </>
      }
      actions={sd.canManage && open ? <ManageActions signoff={sd} /> : null}
    >
      <Stack gap="sm" mt={-8}>
        <StatusLine s={sd} wid={workspaceId} timeZone={tz} />
        {sd.status === "approved" ? (
          <Alert color="teal" variant="light" icon={<IconLock size={18} />} title="Approved baseline">
            Every required approver approved on {formatDateTime(sd.closedAt)}. v{sd.versionNumber} is now the
            roadmap's approved baseline: locked and announced to every team.
          </Alert>
        ) : null}
        {sd.status === "cancelled" ? (
          <Alert color="gray" variant="light" title="Cancelled">
            {cancelled?.actorName ?? "The PM"} cancelled this request {relativeTime(sd.closedAt)}
            {cancelled?.detail ? `: ${cancelled.detail}` : "."}
          </Alert>
        ) : null}
        {r && open && r.version.id !== sd.versionId ? (
          <Alert
            color="orange"
            variant="light"
            icon={<IconRefresh size={18} />}
            title="A new version was sent"
          >
            <Group gap="sm">
              <Text size="sm">
                Round {sd.round} on v{sd.versionNumber} was sent while you were reading v{r.version.number}.
              </Text>
              <Button size="xs" variant="default" onClick={reload} loading={reloading}>
                Review v{sd.versionNumber}
              </Button>
            </Group>
          </Alert>
        ) : null}
        {sd.overdue && open ? (
          <Alert color="red" variant="light" title="Overdue">
            The deadline passed with{" "}
            {pluralize(sd.counts.required - sd.counts.requiredApproved, "required approval")} missing. The PM
            and the workspace owner were told.
          </Alert>
        ) : null}
        {sd.message ? (
          <Blockquote color="baton" p="sm" maw={820} cite={`— ${sd.createdByName ?? "The PM"}`}>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {sd.message}
            </Text>
          </Blockquote>
        ) : null}
        {sd.overrideReason ? (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconShieldExclamation size={18} />}
            title={`Sent despite ${pluralize(sd.smartFailures, "item")} failing SMART checks`}
            maw={820}
          >
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {sd.overrideReason}
            </Text>
          </Alert>
        ) : null}
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }} order={{ base: 2, lg: 1 }}>
          <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="changes" leftSection={<IconGitCompare size={16} />}>
                Changes since baseline
              </Tabs.Tab>
              <Tabs.Tab
                value="teams"
                leftSection={<IconUsersGroup size={16} />}
                rightSection={
                  myItems ? (
                    <Badge size="xs" variant="light" circle>
                      {myItems}
                    </Badge>
                  ) : null
                }
              >
                Your teams
              </Tabs.Tab>
              <Tabs.Tab value="items" leftSection={<IconListDetails size={16} />}>
                All items
              </Tabs.Tab>
              <Tabs.Tab
                value="discussion"
                leftSection={<IconMessages size={16} />}
                rightSection={
                  sd.comments.length ? (
                    <Badge size="xs" variant="light" color="gray" circle>
                      {sd.comments.length}
                    </Badge>
                  ) : null
                }
              >
                Discussion
              </Tabs.Tab>
            </Tabs.List>
            {tab === "discussion" ? (
              <DiscussionTab signoff={sd} canComment={open} />
            ) : review.isPending ? (
              <Skeleton h={320} radius="lg" />
            ) : review.isError ? (
              <ErrorState error={review.error} onRetry={() => review.refetch()} />
            ) : tab === "changes" ? (
              <ChangesTab review={review.data} />
            ) : tab === "teams" ? (
              <TeamsTab review={review.data} />
            ) : (
              <ItemsTab review={review.data} canComment={open} />
            )}
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }} order={{ base: 1, lg: 2 }}>
          <Stack gap="md">
            {sd.amApprover && open && can("signoffs.decide") && r ? (
              <DecisionPanel
                key={`${r.version.id}-${sd.approvers.find((a) => a.userId === user.id)?.decision}`}
                signoff={sd}
                review={r}
                onReload={reload}
                reloading={reloading}
              />
            ) : null}
            <ApproversPanel signoff={sd} timeZone={tz} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
