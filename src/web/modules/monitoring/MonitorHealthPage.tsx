import { Anchor, Group, Progress, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { IconHeartbeat } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { wsKey } from "../../api/hooks.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, LoadMore, TableSkeleton } from "../../components/States.tsx";
import { formatDateTime, relativeTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { MONITOR_KIND_LABELS } from "./MonitorModal.tsx";
import { CheckAllButton, MonitorStateBadge } from "./MonitorsPanel.tsx";
import { type MonitorOverview, useMonitorCounts, useMonitorOverview } from "./monitors.hooks.ts";

/** Monitor health across the workspace: failing monitors first-class, each linked to its competitor's Sources tab. */
export function MonitorHealthPage() {
  const { workspaceId: wid, workspace, can } = useWorkspace();
  useDocumentTitle("Monitor health", workspace.name);
  const [filter, setFilter] = useState<"failing" | "all">("failing");
  const q = useMonitorOverview(wid, filter === "failing");
  const counts = useMonitorCounts(wid).data;
  return (
    <Page
      title="Monitor health"
      description={
        counts
          ? `${counts.total} monitors: ${counts.failing} failing, ${counts.paused} paused.`
          : "Competitors' pages and feeds Baton checks, and which of them need attention."
      }
      actions={
        <>
          <SegmentedControl
            aria-label="Which monitors"
            value={filter}
            onChange={(v) => setFilter(v as "failing" | "all")}
            data={[
              { value: "failing", label: "Failing" },
              { value: "all", label: "All" },
            ]}
          />
          {can("competitors.manage") && counts && counts.total > 0 ? (
            <CheckAllButton enabled={counts.total - counts.paused} />
          ) : null}
        </>
      }
    >
      {counts ? <CheckProgress counts={counts} /> : null}
      <Surface>
        <QueryState
          query={q}
          loading={<TableSkeleton rows={5} cols={5} />}
          isEmpty={() => q.items.length === 0}
          empty={
            <EmptyBlock
              icon={<IconHeartbeat size={28} />}
              title={filter === "failing" ? "Every monitor is healthy" : "No monitors yet"}
              description="Monitors are added on a competitor's Sources tab."
            />
          }
        >
          {() => (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Monitor</Table.Th>
                    <Table.Th>Competitor</Table.Th>
                    <Table.Th w={160}>State</Table.Th>
                    <Table.Th>Last check</Table.Th>
                    <Table.Th>Failures in a row</Table.Th>
                    <Table.Th>Last error</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>
                        <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                          {m.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {MONITOR_KIND_LABELS[m.kind]}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor
                          component={Link}
                          href={`/w/${wid}/competitors/${m.competitorId}?tab=sources`}
                          size="sm"
                        >
                          {m.competitorName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <MonitorStateBadge m={m} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" title={formatDateTime(m.health.lastCheckAt)}>
                          {relativeTime(m.health.lastCheckAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{m.health.consecutiveFailures}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                            {m.health.consecutiveFailures > 0 ? (m.health.lastError?.message ?? "") : "—"}
                          </Text>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        <LoadMore list={q} />
      </Surface>
    </Page>
  );
}

/**
 * The progress of the checks that are due (after "Check all now", or a day's checks falling due): how many of the
 * most seen at once are done, and how many are being checked now. When the last one ends, the list is read again.
 */
function CheckProgress({ counts }: { counts: MonitorOverview["counts"] }) {
  const { workspaceId: wid } = useWorkspace();
  const qc = useQueryClient();
  const [peak, setPeak] = useState(0);
  const pending = counts.due + counts.checking;
  const wasPending = useRef(pending > 0);
  useEffect(() => {
    if (counts.due > peak) setPeak(counts.due);
    if (pending === 0 && wasPending.current) {
      setPeak(0);
      void qc.invalidateQueries({ queryKey: wsKey(wid, "monitors", "overview") });
    }
    wasPending.current = pending > 0;
  }, [counts.due, pending, peak, qc, wid]);
  if (counts.due === 0) return null;
  const total = Math.max(peak, counts.due);
  const done = total - counts.due;
  return (
    <Surface>
      <Stack gap={6} p="md">
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={600}>
            Checking sources: {done.toLocaleString()} of {total.toLocaleString()} done
          </Text>
          <Text size="sm" c="dimmed">
            {counts.checking > 0
              ? `${counts.checking.toLocaleString()} in progress`
              : "Waiting for a free slot"}
          </Text>
        </Group>
        <Progress value={total > 0 ? (done / total) * 100 : 0} aria-label="Checks done" animated />
      </Stack>
    </Surface>
  );
}
