import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconChevronDown, IconChevronRight, IconInfoCircle } from "@tabler/icons-react";
import { Fragment, Suspense, useMemo, useState } from "react";
import type { FactorDef, FactorStat, RoundResults } from "../../../shared/ideas.schemas.ts";
import { ErrorState, TableSkeleton } from "../../components/States.tsx";
import { lazyNamed } from "../../lib/lazy.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useRoundResults } from "./hooks.ts";
import { fmt, formatScore } from "./parts.tsx";
import { FactorHeader } from "./ratingParts.tsx";
import css from "./rounds.module.css";

const ResultsChart = lazyNamed(() => import("./ResultsChart.tsx"), "ResultsChart");

type Result = RoundResults["results"][number];

/** Who differs from the median of a factor's votes, and by how much (the server's disagreement rule). */
function differsText(r: Result, factorById: Map<string, FactorDef>) {
  return r.outliers
    .map((o) => {
      const f = factorById.get(o.factorId);
      return `${o.name} rated ${o.value}${f ? ` on ${f.name}` : ""}, ${fmt(o.by, 1)} from the median ${fmt(o.median, 1)}`;
    })
    .join(" · ");
}

export function ResultsPanel({ roundId, live }: { roundId: string; live: boolean }) {
  const { workspaceId: wid } = useWorkspace();
  const results = useRoundResults(wid, roundId, true);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [chart, setChart] = useState<"contributions" | "means">("contributions");

  const data = results.data;
  const ranked = useMemo(
    () =>
      [...(data?.results ?? [])].sort(
        (a, b) =>
          (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
          (b.score ?? -1) - (a.score ?? -1),
      ),
    [data],
  );

  if (results.isPending) return <TableSkeleton rows={5} cols={6} />;
  if (results.isError) return <ErrorState error={results.error} onRetry={() => results.refetch()} />;
  const factors = data!.factors;
  const factorById = new Map(factors.map((f) => [f.id, f]));
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (ranked.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No idea in this round yet.
      </Text>
    );

  return (
    <Stack gap="md">
      {live ? (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
          Live results: the round is still open, so scores change as people vote.
        </Alert>
      ) : null}
      <Box className="baton-surface">
        <Table.ScrollContainer minWidth={560 + factors.length * 84}>
          <Table className="baton-table" aria-label="Results" verticalSpacing="sm" horizontalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>Rank</Table.Th>
                <Table.Th miw={200}>Idea</Table.Th>
                <Table.Th w={150}>Score</Table.Th>
                {factors.map((f) => (
                  <Table.Th key={f.id} w={84} style={{ textTransform: "none", whiteSpace: "normal" }}>
                    <FactorHeader factor={f} compact />
                  </Table.Th>
                ))}
                <Table.Th w={70}>Voters</Table.Th>
                <Table.Th w={120}>Disagreement</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ranked.map((r) => {
                const expanded = open.has(r.ideaId);
                const d = r.disagreement;
                const who = differsText(r, factorById);
                return (
                  <Fragment key={r.ideaId}>
                    <Table.Tr aria-label={`Rank ${r.rank ?? "—"}: ${r.title}`}>
                      <Table.Td>
                        <Text fw={700} size="lg" c={r.rank === 1 ? "baton" : undefined}>
                          {r.rank ?? "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          <Text size="sm" fw={600}>
                            <Text span c="dimmed" fw={400}>
                              #{r.number}{" "}
                            </Text>
                            {r.title}
                          </Text>
                          {who ? (
                            <Text size="xs" c="orange">
                              {who}
                            </Text>
                          ) : null}
                          <Button
                            variant="subtle"
                            size="compact-xs"
                            px={0}
                            w="fit-content"
                            leftSection={
                              expanded ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />
                            }
                            aria-expanded={expanded}
                            onClick={() => toggle(r.ideaId)}
                            disabled={r.steps.length === 0}
                          >
                            Why this score
                          </Button>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={8} wrap="nowrap">
                          <Text fw={700} w={40} ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                            {formatScore(r.score)}
                          </Text>
                          <div className={css.barTrack}>
                            <div
                              className={css.bar}
                              style={{ width: `${Math.max(0, Math.min(100, r.score ?? 0))}%` }}
                            />
                          </div>
                        </Group>
                      </Table.Td>
                      {factors.map((f) => (
                        <MeanCell
                          key={f.id}
                          factor={f}
                          stat={r.factorStats.find((s) => s.factorId === f.id)}
                        />
                      ))}
                      <Table.Td>
                        <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
                          {r.participation.voters}/{r.participation.of}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip
                          multiline
                          maw={320}
                          label={`${who || "Nobody differs from the median by a quarter of the scale or more"}. Largest spread ${fmt(r.spread)} (standard deviation).`}
                        >
                          <Badge
                            variant="light"
                            color={d === "high" ? "red" : d === "some" ? "yellow" : "gray"}
                          >
                            {d === "high" ? "High" : d === "some" ? "Some" : "Low"}
                            {r.outliers.length ? ` · ${r.outliers.length} differ` : ""}
                          </Badge>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                    {expanded ? (
                      <Table.Tr>
                        <Table.Td colSpan={factors.length + 5} bg="var(--mantine-color-default-hover)">
                          <WhyThisScore result={r} factors={factorById} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
      <Card>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} fz="md">
              {chart === "contributions" ? "What makes up each score" : "Mean rating per factor"}
            </Title>
            <SegmentedControl
              size="xs"
              value={chart}
              onChange={(v) => setChart(v as typeof chart)}
              data={[
                { value: "contributions", label: "Score parts" },
                { value: "means", label: "Factor means" },
              ]}
              aria-label="Chart"
            />
          </Group>
          <Suspense fallback={<Skeleton h={Math.max(200, ranked.length * 34)} />}>
            <ResultsChart results={ranked} factors={factors} kind={chart} />
          </Suspense>
        </Stack>
      </Card>
    </Stack>
  );
}

/** A per-factor mean, tinted by where it sits on the scale (a heat map column). */
function MeanCell({ factor: f, stat }: { factor: FactorDef; stat: FactorStat | undefined }) {
  if (!stat || stat.mean === null)
    return (
      <Table.Td className={css.heat}>
        <Text size="sm" c="dimmed">
          —
        </Text>
      </Table.Td>
    );
  const frac = (stat.mean - f.scaleMin) / Math.max(1, f.scaleMax - f.scaleMin);
  const good = f.direction === "cost" ? 1 - frac : frac;
  const color = good >= 0.5 ? "teal" : "orange";
  const strength = Math.round(10 + 45 * Math.abs(good - 0.5) * 2);
  return (
    <Table.Td
      className={css.heat}
      style={{ background: `color-mix(in srgb, var(--mantine-color-${color}-5) ${strength}%, transparent)` }}
    >
      <Tooltip
        label={`${stat.votes} ${stat.votes === 1 ? "vote" : "votes"}${stat.abstentions ? `, ${stat.abstentions} abstained` : ""} · spread ${fmt(stat.spread)}`}
      >
        <Text size="sm" fw={600} component="span">
          {fmt(stat.mean, 2)}
        </Text>
      </Tooltip>
    </Table.Td>
  );
}

/** The arithmetic behind a weighted score, step by step (docs/SCORING.md). */
export function WhyThisScore({ result: r, factors }: { result: Result; factors: Map<string, FactorDef> }) {
  const totalWeight = r.steps.reduce((a, s) => a + s.weight, 0);
  const sum = r.steps.reduce((a, s) => a + s.contribution, 0);
  return (
    <Stack gap="xs" p="xs" aria-label={`Why ${r.title} scores ${formatScore(r.score)}`} role="region">
      <Text size="sm">
        Each factor's mean rating is put on a 0–1 scale: (mean − lowest) ÷ (highest − lowest), inverted for
        cost factors so a high effort counts against the idea. Its contribution is 100 × weight × normalized ÷
        Σ weights (Σ weights = {fmt(totalWeight)}
        {r.steps.length < factors.size ? ", leaving out factors nobody rated" : ""}), and the contributions
        add up to the score out of 100. Abstentions are left out of the means.
      </Text>
      <Text size="sm">
        Disagreement: {r.disagreement === "high" ? "high" : r.disagreement === "some" ? "some" : "low"}.{" "}
        {r.outliers.length
          ? `Differ from the median: ${differsText(r, factors)}.`
          : "Nobody differs from the median by a quarter of the scale or more."}
      </Text>
      <Table
        withRowBorders={false}
        verticalSpacing={4}
        fz="sm"
        aria-label={`Score arithmetic for ${r.title}`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Factor</Table.Th>
            <Table.Th>Mean</Table.Th>
            <Table.Th>Normalized</Table.Th>
            <Table.Th>Contribution</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.steps.map((s) => {
            const f = factors.get(s.factorId);
            const min = f?.scaleMin ?? 0;
            const max = f?.scaleMax ?? 1;
            const raw = `(${fmt(s.mean)} − ${min}) ÷ ${max - min}`;
            return (
              <Table.Tr key={s.factorId}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {f?.name ?? "Factor"}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {f?.direction === "cost" ? "cost" : "benefit"} · weight {fmt(s.weight)}
                  </Text>
                </Table.Td>
                <Table.Td className={css.mono}>{fmt(s.mean)}</Table.Td>
                <Table.Td className={css.mono}>
                  {f?.direction === "cost"
                    ? `1 − ${raw} = ${fmt(s.normalized, 3)}`
                    : `${raw} = ${fmt(s.normalized, 3)}`}
                </Table.Td>
                <Table.Td className={css.mono}>
                  100 × {fmt(s.weight)} × {fmt(s.normalized, 3)} ÷ {fmt(totalWeight)} = {fmt(s.contribution)}
                </Table.Td>
              </Table.Tr>
            );
          })}
          <Table.Tr>
            <Table.Td colSpan={3}>
              <Text size="sm" fw={700}>
                Score
              </Text>
            </Table.Td>
            <Table.Td className={css.mono}>
              <Text span fw={700} className={css.mono}>
                {r.steps.map((s) => fmt(s.contribution)).join(" + ")} = {fmt(sum)}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
