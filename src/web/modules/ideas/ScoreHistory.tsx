import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { FRAMEWORK_LABELS } from "../../../shared/enums.ts";
import { ErrorState } from "../../components/States.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useScoreHistory } from "./hooks.ts";
import type { ScoreHistory as History, ScoreExplanation } from "./types.ts";

const CAUSES: Record<History["items"][number]["cause"], string> = {
  round: "Round closed",
  factors: "Factors changed",
  counting: "How rounds count changed",
  framework: "Framework changed",
  merge: "Duplicate merged",
  evidence: "Customer evidence or competitors changed",
};

const fmt = (v: number | null) =>
  v === null ? "—" : new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(v);

/** The idea's score over time (a point per change), and the list of changes with their cause. */
export function ScoreHistoryPanel({ ideaId }: { ideaId: string }) {
  const { workspaceId } = useWorkspace();
  const q = useScoreHistory(workspaceId, ideaId);
  if (q.isPending) return <Skeleton height={160} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.items;
  return (
    <Stack gap="xs">
      <Title order={4}>Score history</Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No change yet: a row appears each time a round closes, factors or the counting rule change, or the
          framework changes, and moves this idea's score or rank.
        </Text>
      ) : (
        <>
          {items.length > 1 ? (
            <LineChart
              h={180}
              data={items.map((h) => ({ at: formatDateTime(h.at), Score: h.score }))}
              dataKey="at"
              series={[{ name: "Score", color: "baton.6" }]}
              connectNulls={false}
              tickLine="none"
              yAxisProps={{ width: 40 }}
              role="img"
              aria-label="The idea's score at each change"
            />
          ) : null}
          <Table.ScrollContainer minWidth={420}>
            <Table className="baton-table" aria-label="Score changes" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th ta="right">Score</Table.Th>
                  <Table.Th ta="right">Rank</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...items].reverse().map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{formatDateTime(h.at)}</Table.Td>
                    <Table.Td>
                      {CAUSES[h.cause]}
                      {h.roundName ? `: ${h.roundName}` : ""}
                      <Text span size="xs" c="dimmed">
                        {" "}
                        ({FRAMEWORK_LABELS[h.framework]})
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{fmt(h.score)}</Table.Td>
                    <Table.Td ta="right">{h.rank === null ? "—" : `#${h.rank}`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}

/** Which closed rounds and voters the weighted score comes from, with each vote's weight and the round's share. */
export function RoundsBehindScore({ x }: { x: ScoreExplanation }) {
  if (!x.rounds.length) return null;
  const pct = (v: number) =>
    new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 }).format(v);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="baseline">
        <Title order={4}>Rounds and voters behind it</Title>
        <Text size="xs" c="dimmed">
          {x.counting.mode === "replace"
            ? "Replace: only the latest round counts"
            : `Combine${x.counting.halfLifeRounds === null ? ", no decay" : `, half-life ${x.counting.halfLifeRounds} rounds`}`}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table className="baton-table" aria-label="Rounds behind the score" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Round</Table.Th>
              <Table.Th ta="right">Each vote counts</Table.Th>
              <Table.Th ta="right">Share</Table.Th>
              <Table.Th>Voters</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {x.rounds.map((r) => (
              <Table.Tr key={r.roundId}>
                <Table.Td>
                  {r.name}
                  <Text size="xs" c="dimmed">
                    closed {formatDateTime(r.closedAt)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(r.voteWeight)}
                </Table.Td>
                <Table.Td ta="right">{pct(r.share)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{r.voters.map((v) => v.name).join(", ") || "—"}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
