import { Alert, Badge, Box, Button, Group, SimpleGrid, Stack, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconAlertTriangle,
  IconApi,
  IconBraces,
  IconBrandApple,
  IconBrandGithub,
  IconPlus,
  IconRefresh,
  IconRss,
  IconSitemap,
  IconWorldWww,
} from "@tabler/icons-react";
import { useState } from "react";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Surface } from "../../components/Page.tsx";
import { PollerActions } from "../../components/PollerActions.tsx";
import { CardsSkeleton, EmptyBlock, ErrorState } from "../../components/States.tsx";
import { formatDateTime, pluralize, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { INTERVALS, MONITOR_KIND_LABELS, MonitorModal } from "./MonitorModal.tsx";
import {
  type CheckResult,
  type Monitor,
  type MonitorKind,
  useCheckAllMonitors,
  useCheckMonitor,
  useDeleteMonitor,
  useMonitors,
  useToggleMonitor,
} from "./monitors.hooks.ts";

const ICONS: Record<MonitorKind, typeof IconRss> = {
  page: IconWorldWww,
  feed: IconRss,
  sitemap: IconSitemap,
  json: IconBraces,
  github_releases: IconBrandGithub,
  app_store: IconBrandApple,
};

/** What each state means, in words (the badge's text; colour is never the only signal). */
export const STATE_LABELS: Record<string, { label: string; color: string }> = {
  ok: { label: "Healthy", color: "teal" },
  pending: { label: "Not checked yet", color: "gray" },
  paused: { label: "Paused", color: "gray" },
  timeout: { label: "Timed out", color: "orange" },
  redirect_loop: { label: "Redirect loop", color: "red" },
  too_large: { label: "Page too large", color: "red" },
  network: { label: "Unreachable", color: "orange" },
  private_address: { label: "Private address refused", color: "red" },
  bad_url: { label: "Bad address", color: "red" },
  blocked: { label: "Blocked by the site", color: "red" },
  rate_limited: { label: "Rate limited", color: "orange" },
  http_error: { label: "HTTP error", color: "orange" },
  not_html: { label: "Not a web page", color: "red" },
  bad_content: { label: "Unreadable answer", color: "red" },
  error_page: { label: "Error page", color: "orange" },
  robots: { label: "Disallowed by robots.txt", color: "red" },
  selector_missing: { label: "Watched element gone", color: "red" },
  internal: { label: "Failed in Baton", color: "red" },
};

export function MonitorStateBadge({ m }: { m: Monitor }) {
  if (m.health.checking) return <Badge color="blue">Checking…</Badge>;
  const s = STATE_LABELS[m.health.state] ?? { label: m.health.state, color: "red" };
  return (
    <Badge color={s.color} variant={m.health.state === "pending" ? "light" : "filled"}>
      {s.label}
    </Badge>
  );
}

/** The kind's target in a line: the address, or owner/repo, or the app. */
export function monitorSummary(m: Monitor): string {
  const c = m.config as Record<string, unknown>;
  if (m.kind === "github_releases") return `${c.owner}/${c.repo}`;
  if (m.kind === "app_store") return `app ${c.appId} · ${String(c.country ?? "").toUpperCase()}`;
  const extra =
    m.kind === "page" && c.selector
      ? ` · ${c.selector}`
      : m.kind === "json" && c.pointer
        ? ` · ${c.pointer}`
        : "";
  return `${m.url}${extra}`;
}

const every = (minutes: number) =>
  INTERVALS.find((i) => Number(i.value) === minutes)?.label.toLowerCase() ?? `every ${minutes} min`;

function Fact({ label, value, title }: { label: string; value: React.ReactNode; title?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" title={title}>
        {value}
      </Text>
    </Stack>
  );
}

/** What a check found, in a sentence. */
function checkMessage(r: CheckResult): string {
  switch (r.outcome) {
    case "first":
      return "First snapshot stored: later checks compare with it.";
    case "unchanged":
      return "Nothing changed (noise such as dates and counters is ignored).";
    case "not_modified":
      return "Not modified since the last check.";
    case "changed":
      return r.change?.reported
        ? `Changed: ${r.change.changedPercent}% of the words (${r.change.summary || "see Changes"}).`
        : `A small change (${r.change?.changedPercent ?? 0}%), below the threshold: kept, not reported.`;
    default:
      return r.error?.message ?? "The check failed.";
  }
}

/**
 * Check all now: queues a check of every enabled monitor (the workspace's, or one competitor's) that is not already
 * due, and says how many; `enabled` (how many are enabled, when known) tells "all paused" from "all already due".
 */
export function CheckAllButton({ competitorId, enabled }: { competitorId?: string; enabled?: number }) {
  const { workspaceId: wid } = useWorkspace();
  const checkAll = useCheckAllMonitors(wid);
  const run = () =>
    checkAll.mutate(competitorId, {
      onSuccess: ({ queued }) =>
        notifySuccess(
          queued > 0
            ? `Queued ${pluralize(queued, "check")}`
            : enabled === 0
              ? "Nothing to check: every source is paused"
              : "Nothing to check: every enabled source is already due",
        ),
      onError: (e) => notifyError(e, "Could not queue the checks"),
    });
  return (
    <Button
      variant="default"
      leftSection={<IconRefresh size={16} />}
      loading={checkAll.isPending}
      disabled={checkAll.isPending}
      onClick={run}
    >
      Check all now
    </Button>
  );
}

/** A competitor's monitored sources with their health: add, edit, pause, check now, delete. */
export function MonitorsPanel({ competitorId }: { competitorId: string }) {
  const { workspaceId: wid, can } = useWorkspace();
  const list = useMonitors(wid, competitorId);
  const manage = can("competitors.manage");
  const [editing, setEditing] = useState<Monitor | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (m: Monitor | null) => {
    setEditing(m);
    modal.open();
  };
  const items = list.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" maw={640}>
          Pages, feeds, sitemaps, JSON endpoints, GitHub releases and App Store listings Baton checks on a
          schedule. Changes that matter show under Changes and in the daily digest.
        </Text>
        {manage ? (
          <Group gap="sm" wrap="wrap">
            {items.length > 0 ? (
              <CheckAllButton competitorId={competitorId} enabled={items.filter((m) => m.enabled).length} />
            ) : null}
            <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
              Add monitor
            </Button>
          </Group>
        ) : null}
      </Group>
      {list.isPending ? (
        <CardsSkeleton count={2} height={150} />
      ) : list.isError ? (
        <Surface>
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </Surface>
      ) : items.length === 0 ? (
        <Surface>
          <EmptyBlock
            icon={<IconApi size={28} />}
            title="Nothing monitored yet"
            description="Add the competitor's pricing page, its blog feed, its sitemap, a GitHub repository or its App Store listing."
          >
            {manage ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
                Add monitor
              </Button>
            ) : null}
          </EmptyBlock>
        </Surface>
      ) : (
        <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label="Monitors">
          {items.map((m) => (
            <MonitorCard
              key={m.id}
              monitor={m}
              competitorId={competitorId}
              manage={manage}
              onEdit={() => open(m)}
            />
          ))}
        </Stack>
      )}
      {manage ? (
        <MonitorModal opened={opened} onClose={modal.close} competitorId={competitorId} monitor={editing} />
      ) : null}
    </Stack>
  );
}

function MonitorCard({
  monitor: m,
  competitorId,
  manage,
  onEdit,
}: {
  monitor: Monitor;
  competitorId: string;
  manage: boolean;
  onEdit: () => void;
}) {
  const { workspaceId: wid } = useWorkspace();
  const check = useCheckMonitor(wid, competitorId);
  const toggle = useToggleMonitor(wid, competitorId);
  const remove = useDeleteMonitor(wid, competitorId);
  const [last, setLast] = useState<CheckResult | null>(null);
  const Icon = ICONS[m.kind];
  const h = m.health;
  const checkNow = () =>
    check.mutate(m.id, {
      onSuccess: (r) => {
        setLast(r);
        if (r.outcome === "error")
          notifyError(new Error(r.error?.message ?? "The check failed"), "Check failed");
        else notifySuccess(checkMessage(r), m.name);
      },
      onError: (e) => notifyError(e, "Could not check"),
    });
  const del = () =>
    confirmAction({
      title: `Delete “${m.name}”?`,
      message: "Baton stops checking it, and its snapshots and detected changes are deleted with it.",
      confirmLabel: "Delete monitor",
      onConfirm: () =>
        remove.mutate(m.id, {
          onSuccess: () => notifySuccess(m.name, "Monitor deleted"),
          onError: (e) => notifyError(e),
        }),
    });
  return (
    <Box component="li">
      <Surface p="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <ThemeIcon variant="light" size="lg" radius="md" aria-hidden>
                <Icon size={20} />
              </ThemeIcon>
              <Box style={{ minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                  {m.name}
                  {m.config.pricing === true ? (
                    <Badge ml="xs" size="sm" variant="light" color="grape">
                      Pricing
                    </Badge>
                  ) : null}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {MONITOR_KIND_LABELS[m.kind]} · {monitorSummary(m)}
                </Text>
              </Box>
            </Group>
            <MonitorStateBadge m={m} />
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" verticalSpacing="xs">
            <Fact
              label="Last check"
              value={relativeTime(h.lastCheckAt)}
              title={formatDateTime(h.lastCheckAt)}
            />
            <Fact
              label="Last change"
              value={relativeTime(h.lastChangeAt)}
              title={formatDateTime(h.lastChangeAt)}
            />
            <Fact
              label="Next check"
              value={h.nextCheckAt ? relativeTime(h.nextCheckAt) : "paused"}
              title={h.nextCheckAt ? formatDateTime(h.nextCheckAt) : undefined}
            />
            <Fact label="Schedule" value={every(m.intervalMinutes)} />
            <Fact label="Reports from" value={`${m.thresholdPercent}% changed`} />
          </SimpleGrid>
          {h.lastError && h.consecutiveFailures > 0 ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title={`${STATE_LABELS[h.lastError.code]?.label ?? h.lastError.code} · ${pluralize(h.consecutiveFailures, "failure")} in a row`}
            >
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {h.lastError.message}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {formatDateTime(h.lastError.at)}
                {h.nextCheckAt ? ` · next attempt ${relativeTime(h.nextCheckAt)}` : ""}
              </Text>
            </Alert>
          ) : null}
          {last && last.outcome !== "error" ? (
            <Text size="sm" role="status">
              {checkMessage(last)}
            </Text>
          ) : null}
          {manage ? (
            <PollerActions
              runLabel="Check now"
              running={check.isPending || h.checking}
              onRun={checkNow}
              onEdit={onEdit}
              enabled={m.enabled}
              toggling={toggle.isPending}
              onToggle={() =>
                toggle.mutate(m, {
                  onSuccess: (v) => notifySuccess(v.enabled ? "Checking again" : "Paused", v.name),
                  onError: (e) => notifyError(e),
                })
              }
              deleting={remove.isPending}
              onDelete={del}
            />
          ) : null}
        </Stack>
      </Surface>
    </Box>
  );
}
