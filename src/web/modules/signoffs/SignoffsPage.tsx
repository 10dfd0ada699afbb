import { Anchor, Button, Group, SegmentedControl, Stack, Switch, Table, Text } from "@mantine/core";
import { IconChecklist, IconTimeline } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import type { SignoffStatus } from "../../../shared/enums.ts";
import type { Signoff } from "../../../shared/signoff.schemas.ts";
import { Page, Surface, useDocumentTitle } from "../../components/Page.tsx";
import { EmptyBlock, ErrorState, TableSkeleton } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { roadmapPaths } from "../roadmaps/paths.ts";
import { signoffPaths, useSignoffs } from "./hooks.ts";
import { DeadlineText, DecisionBadge, RequiredProgress, SignoffStatusBadge } from "./parts.tsx";

type StatusFilter = "all" | SignoffStatus;

function Row({ s, wid, timeZone }: { s: Signoff; wid: string; timeZone: string }) {
  const [, navigate] = useLocation();
  const href = signoffPaths.signoff(wid, s.id);
  return (
    <Table.Tr
      style={{ cursor: "pointer" }}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a")) return;
        navigate(href);
      }}
    >
      <Table.Td>
        <Anchor component={Link} href={href} fw={600} size="sm">
          {s.roadmapName}
        </Anchor>
        <Text size="xs" c="dimmed">
          v{s.versionNumber} · {s.versionName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{s.round}</Text>
      </Table.Td>
      <Table.Td>
        <SignoffStatusBadge signoff={s} size="sm" />
      </Table.Td>
      <Table.Td>
        <DeadlineText signoff={s} timeZone={timeZone} />
      </Table.Td>
      <Table.Td>
        <RequiredProgress signoff={s} w={150} />
      </Table.Td>
      <Table.Td>
        {s.myDecision ? (
          <DecisionBadge decision={s.myDecision} size="xs" />
        ) : (
          <Text size="xs" c="dimmed">
            Not an approver
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Every sign-off request of the workspace: what is open, overdue, approved, and what waits for me. */
export function SignoffsPage() {
  const { workspaceId: wid, workspace, user } = useWorkspace();
  useDocumentTitle("Sign-offs", workspace.name);
  const [status, setStatus] = useState<StatusFilter>("open");
  const [mine, setMine] = useState(false);
  const list = useSignoffs(wid, { status: status === "all" ? null : status, mine });
  const items = (list.data ?? []).filter((s) => !mine || s.myDecision === "pending" || status !== "open");

  return (
    <Page
      title="Sign-offs"
      description="Roadmap versions sent to stakeholders for approval. When every required approver agrees, the version becomes the roadmap's locked baseline."
    >
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as StatusFilter)}
          data={[
            { value: "open", label: "Open" },
            { value: "approved", label: "Approved" },
            { value: "cancelled", label: "Cancelled" },
            { value: "all", label: "All" },
          ]}
        />
        <Switch
          label={status === "open" ? "Waiting for me" : "Where I am an approver"}
          checked={mine}
          onChange={(e) => setMine(e.currentTarget.checked)}
        />
      </Group>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Surface>
          {list.isPending ? (
            <TableSkeleton rows={4} cols={6} />
          ) : items.length === 0 ? (
            <EmptyBlock
              icon={<IconChecklist size={22} />}
              title={
                mine
                  ? "Nothing waits for your decision"
                  : status === "all"
                    ? "No sign-off requests yet"
                    : `No ${status} sign-off requests`
              }
              description={
                mine
                  ? "Turn off “Waiting for me” to see every request of the workspace."
                  : "A PM asks stakeholders to approve a roadmap version from the roadmap page (Request sign-off). Approvers see what changed and what it means for their team, then approve or object."
              }
            >
              {status !== "all" || mine ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setStatus("all");
                    setMine(false);
                  }}
                >
                  Show all requests
                </Button>
              ) : null}
              {!mine ? (
                <Button
                  component={Link}
                  href={roadmapPaths.index(wid)}
                  leftSection={<IconTimeline size={16} />}
                >
                  Go to roadmaps
                </Button>
              ) : null}
            </EmptyBlock>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" highlightOnHover aria-label="Sign-off requests">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Roadmap and version</Table.Th>
                    <Table.Th w={70}>Round</Table.Th>
                    <Table.Th w={110}>Status</Table.Th>
                    <Table.Th w={190}>Deadline</Table.Th>
                    <Table.Th w={170}>Required approved</Table.Th>
                    <Table.Th w={170}>My decision</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Row key={s.id} s={s} wid={wid} timeZone={user.timezone} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Surface>
      )}
      <Stack gap={2}>
        <Text size="xs" c="dimmed">
          Deadlines are shown in your time zone ({user.timezone}); each approver sees them in theirs.
        </Text>
      </Stack>
    </Page>
  );
}
