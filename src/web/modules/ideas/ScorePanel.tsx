import { Alert, Badge, Box, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { FRAMEWORK_LABELS, type Framework } from "../../../shared/enums.ts";
import { ErrorState } from "../../components/States.tsx";
import { useWorkspace } from "../../lib/workspace.ts";
import { formatNumber, formatScore } from "./format.ts";
import { useScoreExplanation } from "./hooks.ts";
import { RoundsBehindScore, ScoreHistoryPanel } from "./ScoreHistory.tsx";
import type { FactorDef, FactorStat, FrameworkInputs, ScoreExplanation } from "./types.ts";

const n = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined
    ? "—"
    : new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(v);

/** "Why this score": the weighted scorecard's arithmetic step by step, and RICE / ICE / WSJF with the numbers in. */
export function ScorePanel({
  ideaId,
  stats,
  voters,
}: {
  ideaId: string;
  stats: FactorStat[];
  voters: number;
}) {
  const { workspaceId } = useWorkspace();
  const q = useScoreExplanation(workspaceId, ideaId);
  if (q.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        <Skeleton height={18} width="40%" />
        <Skeleton height={140} />
        <Skeleton height={60} />
      </Stack>
    );
  }
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const x = q.data;
  return (
    <Stack gap="lg">
      <WeightedExplanation x={x} />
      <RoundsBehindScore x={x} />
      <ScoreHistoryPanel ideaId={ideaId} />
      <Stack gap="xs">
        <Group justify="space-between" align="baseline">
          <Title order={4}>Ratings per factor</Title>
          <Text size="xs" c="dimmed">
            {voters} voter{voters === 1 ? "" : "s"}
          </Text>
        </Group>
        <FactorStatsTable stats={stats} factors={x.factors} />
        <Text size="xs" c="dimmed">
          Spread is how far apart the votes are (standard deviation); orange means the voters disagree.
        </Text>
      </Stack>
      <Stack gap="sm">
        <Title order={4}>The other frameworks</Title>
        {(["rice", "ice", "wsjf"] as const).map((f) => (
          <FormulaLine key={f} framework={f} x={x} />
        ))}
      </Stack>
    </Stack>
  );
}

function WeightedExplanation({ x }: { x: ScoreExplanation }) {
  const byId = new Map(x.factors.map((f) => [f.id, f]));
  const steps = x.weighted.steps;
  const sumW = steps.reduce((a, s) => a + s.weight, 0);
  const sumWN = steps.reduce((a, s) => a + s.weight * s.normalized, 0);
  const unrated = x.factors.filter(
    (f) => !steps.some((s) => s.factorId === f.id) && !x.computed?.some((c) => c.factorId === f.id),
  );
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="baseline">
        <Title order={4}>
          Weighted scorecard{" "}
          {x.framework === "weighted" ? (
            <Badge size="xs" variant="light" ml={4}>
              active
            </Badge>
          ) : null}
        </Title>
        <Text fw={700} fz="lg">
          {formatScore(x.weighted.score, "weighted")}
          <Text span c="dimmed" fz="sm" fw={400}>
            {" "}
            / 100
          </Text>
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {x.weighted.roundName ? (
          <>
            From the ratings of the round <b>{x.weighted.roundName}</b>.{" "}
          </>
        ) : null}
        Each factor's mean rating is put on 0–1 along its scale, turned around for cost factors (a high effort
        rating lowers the score), weighted, and the weighted average is scaled to 100.
      </Text>
      {steps.length === 0 ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
          Nobody has rated this idea yet, so it has no weighted score. Open a scoring round to collect
          ratings.
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table
            className="baton-table baton-math"
            aria-label="Score arithmetic"
            withTableBorder={false}
            verticalSpacing={6}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Factor</Table.Th>
                <Table.Th ta="right">Mean</Table.Th>
                <Table.Th>Normalized</Table.Th>
                <Table.Th ta="right">Weight</Table.Th>
                <Table.Th ta="right">Contribution</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {steps.map((s) => {
                const f = byId.get(s.factorId);
                const min = f?.scaleMin ?? 0;
                const max = f?.scaleMax ?? 1;
                const cost = f?.direction === "cost";
                const source = x.computed?.find((c) => c.factorId === s.factorId)?.source;
                return (
                  <Table.Tr key={s.factorId}>
                    <Table.Td style={{ fontFamily: "var(--mantine-font-family)" }}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {f?.name ?? "Archived factor"}
                        </Text>
                        {cost ? (
                          <Badge size="xs" color="orange" variant="light">
                            cost
                          </Badge>
                        ) : null}
                        {source ? (
                          <Badge size="xs" color="grape" variant="light">
                            computed
                          </Badge>
                        ) : null}
                      </Group>
                      {source ? (
                        <Text size="xs" c="dimmed">
                          {source}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      <b>{n(s.mean)}</b>
                      <Text size="xs" c="dimmed">
                        on {min}–{max}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <b>{n(s.normalized, 3)}</b>
                      <Text size="xs" c="dimmed">
                        {cost ? "1 − " : ""}({n(s.mean)} − {min}) ÷ {max - min}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      <b>{n(s.weight)}</b>
                      <Text size="xs" c="dimmed">
                        {sumW > 0 ? Math.round((100 * s.weight) / sumW) : 0}%
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      <b>{n(s.contribution)}</b>
                      <Text size="xs" c="dimmed">
                        100 × {n(s.weight)} × {n(s.normalized, 3)} ÷ {n(sumW)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Td colSpan={5} ta="right">
                  <Stack gap={2} align="flex-end">
                    <Text span size="sm">
                      score = 100 × Σ (weight × normalized) ÷ Σ weight = 100 × {n(sumWN, 3)} ÷ {n(sumW)}
                    </Text>
                    <Text span size="sm">
                      = {steps.map((s) => n(s.contribution)).join(" + ")} = <b>{n(x.weighted.score)}</b>
                    </Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      {unrated.length ? (
        <Text size="xs" c="dimmed">
          Not rated, so left out of both sums (an unrated factor is not a zero):{" "}
          {unrated.map((f) => f.name).join(", ")}.
        </Text>
      ) : null}
    </Stack>
  );
}

const INPUT_NAMES: Record<keyof FrameworkInputs, string> = {
  reach: "reach",
  impact: "impact",
  confidence: "confidence",
  effort: "effort",
  ease: "ease",
  businessValue: "business value",
  timeCriticality: "time criticality",
  riskReduction: "risk reduction",
  jobSize: "job size",
};
const NEEDS: Record<Exclude<Framework, "weighted">, (keyof FrameworkInputs)[]> = {
  rice: ["reach", "impact", "confidence", "effort"],
  ice: ["impact", "confidence", "ease"],
  wsjf: ["businessValue", "timeCriticality", "riskReduction", "jobSize"],
};

/** The formula, then the same with the idea's numbers, then the result. */
function FormulaLine({ framework, x }: { framework: Exclude<Framework, "weighted">; x: ScoreExplanation }) {
  // The product may take RICE's reach from customer evidence: that reach replaces the entered one.
  const fromEvidence = framework === "rice" ? (x.riceReach ?? null) : null;
  const i = fromEvidence ? { ...x.inputs, reach: fromEvidence.reach } : x.inputs;
  const score = x.scores[framework];
  const missing = NEEDS[framework].filter((k) => i[k] === null || i[k] === undefined);
  let plugged: string | null = null;
  let iceConfidence: number | null = null;
  if (!missing.length) {
    const c = i.confidence ?? 0;
    if (framework === "rice") plugged = `${n(i.reach)} × ${n(i.impact)} × ${n(c / 100)} ÷ ${n(i.effort)}`;
    else if (framework === "ice") {
      // Confidence enters ICE on a 1–10 scale (percent ÷ 10); show whichever reading the server used.
      const readings: [number, string][] = [
        [c / 10, `${n(c / 10)}`],
        [c / 100, `${n(c / 100)}`],
        [c, `${n(c)}`],
      ];
      const match =
        score === null
          ? readings[0]!
          : (readings.find(
              ([v]) =>
                Math.abs((i.impact ?? 0) * v * (i.ease ?? 0) - score) < 1e-6 * Math.max(1, Math.abs(score)),
            ) ?? readings[0]!);
      iceConfidence = match[0];
      plugged = `${n(i.impact)} × ${match[1]} × ${n(i.ease)}`;
    } else
      plugged = `(${n(i.businessValue)} + ${n(i.timeCriticality)} + ${n(i.riskReduction)}) ÷ ${n(i.jobSize)}`;
  }
  return (
    <Box
      p="sm"
      style={{
        border: "1px solid var(--mantine-color-default-border)",
        borderRadius: "var(--mantine-radius-md)",
        background: x.framework === framework ? "var(--mantine-color-baton-light)" : undefined,
      }}
    >
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Group gap={6}>
          <Text fw={600}>{FRAMEWORK_LABELS[framework]}</Text>
          {x.framework === framework ? (
            <Badge size="xs" variant="light">
              active
            </Badge>
          ) : null}
        </Group>
        <Text fw={700}>{formatNumber(score)}</Text>
      </Group>
      <Text size="sm" c="dimmed" className="baton-math">
        {x.formulas[framework] ?? ""}
      </Text>
      {plugged ? (
        <Text size="sm" className="baton-math">
          = {plugged} = <b>{formatNumber(score)}</b>
          {framework === "rice" ? (
            <Text span size="xs" c="dimmed">
              {" "}
              (confidence {n(i.confidence)}% = {n((i.confidence ?? 0) / 100)})
            </Text>
          ) : framework === "ice" && iceConfidence !== null ? (
            <Text span size="xs" c="dimmed">
              {" "}
              (confidence {n(i.confidence)}% = {n(iceConfidence)})
            </Text>
          ) : null}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Needs {missing.map((k) => INPUT_NAMES[k]).join(", ")}: fill them in with Edit to get a{" "}
          {FRAMEWORK_LABELS[framework]} score.
        </Text>
      )}
      {fromEvidence ? (
        <Text size="xs" c="dimmed">
          {fromEvidence.source}
          {fromEvidence.enteredReach !== null
            ? ` (the entered reach ${n(fromEvidence.enteredReach)} is overridden)`
            : ""}
        </Text>
      ) : null}
    </Box>
  );
}

/** Per-factor ratings: mean, votes, abstentions and how much the voters disagree. */
export function FactorStatsTable({ stats, factors }: { stats: FactorStat[]; factors: FactorDef[] }) {
  if (!factors.length) return null;
  return (
    <Table className="baton-table" verticalSpacing={4} fz="sm" aria-label="Ratings per factor">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Factor</Table.Th>
          <Table.Th ta="right">Mean</Table.Th>
          <Table.Th ta="right">Votes</Table.Th>
          <Table.Th ta="right">Abstentions</Table.Th>
          <Table.Th ta="right">Spread</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {factors.map((f) => {
          const s = stats.find((x) => x.factorId === f.id);
          const disagree = s?.spread !== null && s?.spread !== undefined && s.spread >= 1;
          return (
            <Table.Tr key={f.id}>
              <Table.Td>
                <Text size="sm" truncate maw={240} title={f.name}>
                  {f.name}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{n(s?.mean)}</Table.Td>
              <Table.Td ta="right">{s?.votes ?? 0}</Table.Td>
              <Table.Td ta="right">{s?.abstentions ?? 0}</Table.Td>
              <Table.Td ta="right">
                <Text
                  span
                  size="sm"
                  c={disagree ? "orange" : undefined}
                  fw={disagree ? 700 : undefined}
                  title={disagree ? "Voters disagree: worth a conversation" : undefined}
                >
                  {n(s?.spread)}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
