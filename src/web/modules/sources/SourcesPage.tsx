import { Alert, Badge, Box, Button, Group, SimpleGrid, Stack, Text, ThemeIcon } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconPlugConnected, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { confirmAction, notifyError, notifySuccess } from "../../components/feedback.tsx";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { PollerActions } from "../../components/PollerActions.tsx";
import { CardsSkeleton, EmptyBlock, ErrorState, LoadMore } from "../../components/States.tsx";
import { formatDateTime, pluralize, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { sourceIcon } from "../feedback/labels.tsx";
import { type Source, useDeleteSource, usePollSource, useSources, useToggleSource } from "./hooks.ts";
import { KIND_LABELS, SourceModal, summaryOf } from "./SourceModal.tsx";

/** Polled feedback sources (feeds, social networks, stores, repositories) with their health and schedule. */
export function SourcesPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Sources", workspace.name);
  const list = useSources(wid);
  const manage = can("sources.manage");
  const [editing, setEditing] = useState<Source | null>(null);
  const [opened, modal] = useDisclosure(false);
  const open = (s: Source | null) => {
    setEditing(s);
    modal.open();
  };
  return (
    <Page
      title="Sources"
      description="Feeds and social networks Baton polls for feedback. What they bring lands in the inbox, once."
      actions={
        manage ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            Add source
          </Button>
        ) : null
      }
    >
      {list.isPending ? (
        <CardsSkeleton count={3} height={150} />
      ) : list.isError ? (
        <Surface>
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </Surface>
      ) : list.items.length === 0 ? (
        <Surface>
          <EmptyBlock
            icon={<IconPlugConnected size={28} />}
            title="No sources yet"
            description="Add an RSS or Atom feed, a Mastodon hashtag, a Hacker News or Bluesky search, App Store reviews or a GitHub repository's issues. Baton polls them on a schedule."
          >
            {manage ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
                Add source
              </Button>
            ) : null}
          </EmptyBlock>
        </Surface>
      ) : (
        <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label="Sources">
          {list.items.map((s) => (
            <SourceCard key={s.id} source={s} manage={manage} onEdit={() => open(s)} />
          ))}
        </Stack>
      )}
      <LoadMore list={list} />
      {manage ? <SourceModal opened={opened} onClose={modal.close} source={editing} /> : null}
    </Page>
  );
}

/** Healthy, failing, paused, polling or not polled yet: the one-word state of a source. */
function Health({ s }: { s: Source }) {
  const st = s.state;
  if (st.polling) return <Badge color="blue">Polling…</Badge>;
  if (!s.enabled) return <Badge color="gray">Paused</Badge>;
  if (st.lastError) return <Badge color="red">Failing</Badge>;
  if (!st.lastPolledAt)
    return (
      <Badge color="gray" variant="light">
        Not polled yet
      </Badge>
    );
  return <Badge color="teal">Healthy</Badge>;
}

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

function SourceCard({ source: s, manage, onEdit }: { source: Source; manage: boolean; onEdit: () => void }) {
  const { workspaceId: wid } = useWorkspace();
  const poll = usePollSource(wid);
  const toggle = useToggleSource(wid);
  const remove = useDeleteSource(wid);
  const Icon = sourceIcon(s.kind);
  const st = s.state;
  const pollNow = () =>
    poll.mutate(s.id, {
      onSuccess: (r) => {
        if (r.outcome === "error")
          notifyError(new Error(r.error?.message ?? "The poll failed"), "Poll failed");
        else if (r.outcome === "not_modified") notifySuccess("Nothing changed since the last poll.", s.name);
        else
          notifySuccess(
            `${pluralize(r.created, "new item")}${r.existing ? `, ${r.existing} already in the inbox` : ""}.`,
            s.name,
          );
      },
      onError: (e) => notifyError(e, "Could not poll"),
    });
  const del = () =>
    confirmAction({
      title: `Delete “${s.name}”?`,
      message: "Baton stops polling it. The feedback it brought in stays in the inbox.",
      confirmLabel: "Delete source",
      onConfirm: () =>
        remove.mutate(s.id, {
          onSuccess: () => notifySuccess(s.name, "Source deleted"),
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
                  {s.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {KIND_LABELS[s.kind]} · {summaryOf(s)}
                </Text>
              </Box>
            </Group>
            <Health s={s} />
          </Group>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm" verticalSpacing="xs">
            <Fact
              label="Last poll"
              value={relativeTime(st.lastPolledAt)}
              title={formatDateTime(st.lastPolledAt)}
            />
            <Fact
              label="Last new item"
              value={relativeTime(st.lastNewAt)}
              title={formatDateTime(st.lastNewAt)}
            />
            <Fact
              label="Next poll"
              value={s.enabled ? relativeTime(st.nextPollAt) : "paused"}
              title={s.enabled ? formatDateTime(st.nextPollAt) : undefined}
            />
            <Fact label="Schedule" value={everyLabel(s.intervalMinutes)} />
            <Fact
              label="Imported"
              value={`${st.totalImported.toLocaleString()}${st.lastImported ? ` (+${st.lastImported} last)` : ""}`}
            />
          </SimpleGrid>
          {st.lastError ? (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title={`${st.lastError.code} · ${pluralize(st.consecutiveFailures, "failure")} in a row`}
            >
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                {st.lastError.message}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {formatDateTime(st.lastError.at)}
                {s.enabled ? ` · next attempt ${relativeTime(st.nextPollAt)}` : ""}
              </Text>
            </Alert>
          ) : null}
          {manage ? (
            <PollerActions
              runLabel="Poll now"
              running={poll.isPending || st.polling}
              onRun={pollNow}
              onEdit={onEdit}
              enabled={s.enabled}
              toggling={toggle.isPending}
              onToggle={() =>
                toggle.mutate(s, {
                  onSuccess: (v) => notifySuccess(v.enabled ? "Polling again" : "Paused", v.name),
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

export function everyLabel(minutes: number): string {
  if (minutes % (7 * 24 * 60) === 0) return minutes === 10080 ? "weekly" : `every ${minutes / 10080} weeks`;
  if (minutes % (24 * 60) === 0) return minutes === 1440 ? "daily" : `every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? "hourly" : `every ${minutes / 60} h`;
  return `every ${minutes} min`;
}
