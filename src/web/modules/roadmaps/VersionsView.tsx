import {
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { IconArrowRight, IconHistory, IconPlus, IconPresentation, IconShare } from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import { Link } from "wouter";
import type { RoadmapVersion, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { baselineOf } from "../../../shared/signoff.ts";
import { Surface } from "../../components/Page.tsx";
import { EmptyBlock, ErrorState, TableSkeleton } from "../../components/States.tsx";
import { formatDate, formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { CompareDiff } from "./CompareDiff.tsx";
import { useCompare, useVersions } from "./hooks.ts";
import { PresentationForVersion } from "./PresentationForVersion.tsx";
import { ShareLinksModal } from "./ShareLinksModal.tsx";

const CURRENT = "current";

/**
 * Saved versions, newest first, and a comparison of two of them (or one with the current plan): by default
 * the latest against the one before, or the only one against the current plan.
 */
export function VersionsView({ view, onSave }: { view: RoadmapView; onSave: () => void }) {
  const { workspaceId: wid, can } = useWorkspace();
  const versions = useVersions(wid, view.roadmap.id);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const list = versions.data ?? [];
  const latest = list[0]?.id ?? null;
  // The newest approved version is the roadmap's baseline (the list is newest first).
  const baselineId = baselineOf(list)?.id ?? null;
  const [sharing, setSharing] = useState<RoadmapVersion | null>(null);
  const [presenting, setPresenting] = useState<RoadmapVersion | null>(null);
  const stopPresenting = useCallback(() => setPresenting(null), []);
  const canShare = can("roadmaps.share");

  // Defaults follow the list (a new version becomes the latest).
  // biome-ignore lint/correctness/useExhaustiveDependencies: when the latest version changes
  useEffect(() => {
    if (!latest) return;
    if (list.length >= 2) {
      setFrom(list[1]!.id);
      setTo(list[0]!.id);
    } else {
      setFrom(list[0]!.id);
      setTo(CURRENT);
    }
  }, [latest]);

  const diff = useCompare(wid, view.roadmap.id, from, to);
  const options = list.map((v) => ({ value: v.id, label: `v${v.number} · ${v.name}` }));

  if (versions.isPending)
    return (
      <Surface>
        <TableSkeleton rows={4} cols={5} />
      </Surface>
    );
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => versions.refetch()} />;
  if (list.length === 0)
    return (
      <Surface>
        <EmptyBlock
          icon={<IconHistory size={26} />}
          title="No saved version yet"
          description="A version freezes the roadmap as it is: share it, have it signed off, and compare later plans with it to see what moved and why."
        >
          {can("roadmaps.write") ? (
            <Button leftSection={<IconPlus size={16} />} onClick={onSave}>
              Save the first version
            </Button>
          ) : null}
        </EmptyBlock>
      </Surface>
    );

  return (
    <Stack gap="lg">
      <Surface>
        <Table.ScrollContainer minWidth={900}>
          <Table className="baton-table" aria-label="Saved versions" verticalSpacing={8}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>#</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th w={140}>Saved by</Table.Th>
                <Table.Th w={170}>Date</Table.Th>
                <Table.Th w={70} ta="right">
                  Items
                </Table.Th>
                <Table.Th w={170}>Approval</Table.Th>
                <Table.Th w={190}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <Text fw={600}>v{v.number}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {v.name}
                    </Text>
                    {v.note ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {v.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{v.createdByName ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(v.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{v.itemCount}</Table.Td>
                  <Table.Td>
                    <Approval wid={wid} version={v} baseline={v.id === baselineId} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        leftSection={<IconPresentation size={14} />}
                        onClick={() => setPresenting(v)}
                        aria-label={`Present v${v.number}`}
                      >
                        Present
                      </Button>
                      {canShare && v.approvedAt ? (
                        <Button
                          size="compact-sm"
                          variant="light"
                          leftSection={<IconShare size={14} />}
                          onClick={() => setSharing(v)}
                          aria-label={`Share v${v.number}`}
                        >
                          Share
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Surface>
      <ShareLinksModal
        wid={wid}
        roadmapId={view.roadmap.id}
        version={sharing}
        onClose={() => setSharing(null)}
      />
      {presenting ? (
        <PresentationForVersion wid={wid} view={view} version={presenting} onClose={stopPresenting} />
      ) : null}

      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={2} fz="md">
            Compare
          </Title>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              label="From"
              data={options}
              value={from}
              onChange={setFrom}
              allowDeselect={false}
              w={260}
            />
            <IconArrowRight size={16} style={{ marginBottom: 10 }} />
            <Select
              label="To"
              data={[{ value: CURRENT, label: "Current plan" }, ...options]}
              value={to}
              onChange={setTo}
              allowDeselect={false}
              w={260}
            />
          </Group>
        </Group>
        {diff.isError ? (
          <ErrorState error={diff.error} onRetry={() => diff.refetch()} />
        ) : diff.data ? (
          <CompareDiff diff={diff.data} view={view} />
        ) : (
          <TableSkeleton rows={3} cols={3} />
        )}
      </Stack>
    </Stack>
  );
}

/** "Approved baseline" on the roadmap's baseline, "Approved" on older approved versions, with the sign-off. */
function Approval({ wid, version, baseline }: { wid: string; version: RoadmapVersion; baseline: boolean }) {
  if (!version.approvedAt)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={2} align="flex-start">
      <Tooltip
        label={
          baseline
            ? "The latest approved version: plans are compared with it"
            : "Approved earlier; a newer version is the baseline now"
        }
      >
        <Badge color="teal" variant={baseline ? "filled" : "light"} style={{ overflow: "visible" }}>
          {baseline ? "Approved baseline" : "Approved"}
        </Badge>
      </Tooltip>
      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
        {formatDate(version.approvedAt)}
        {version.signoffId ? (
          <>
            {" · "}
            <Anchor component={Link} href={`/w/${wid}/signoffs/${version.signoffId}`} size="xs">
              Sign-off
            </Anchor>
          </>
        ) : null}
      </Text>
    </Stack>
  );
}
