import { Alert, Anchor, Badge, Box, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconChartDots3, IconInfoCircle } from "@tabler/icons-react";
import { useMemo } from "react";
import {
  CartesianGrid,
  Cell,
  ReferenceArea,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Link, useLocation } from "wouter";
import {
  FRAMEWORK_LABELS,
  type Framework,
  IDEA_STATUS_LABELS,
  IDEA_STATUSES,
  type IdeaStatus,
} from "../../../shared/enums.ts";
import { Surface } from "../../components/Page.tsx";
import { EmptyBlock, ErrorState, PageLoader } from "../../components/States.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { formatNumber, formatScore } from "./format.ts";
import { type IdeaFilters, useIdeasPage } from "./hooks.ts";
import { ideaPaths } from "./paths.ts";
import { type FactorDef, type IdeaRow, MATRIX_STATUS_COLORS } from "./types.ts";

const LIMIT = 500;

interface Point {
  id: string;
  number: number;
  title: string;
  x: number;
  y: number;
  effort: number | null;
  estimated: boolean;
  color: string;
  status: IdeaStatus;
}

type Quadrant = "quick" | "big" | "fill" | "pit";
const QUADRANTS: { key: Quadrant; label: string; hint: string; color: string }[] = [
  { key: "quick", label: "Quick wins", hint: "High value, low effort: do these first", color: "teal" },
  { key: "big", label: "Big bets", hint: "High value, high effort: plan them", color: "blue" },
  { key: "fill", label: "Fill-ins", hint: "Low value, low effort: when there is slack", color: "gray" },
  { key: "pit", label: "Money pit", hint: "Low value, high effort: avoid", color: "red" },
];

/** Mean of the idea's cost factors, each normalized to 0–1 (1 = the most effort). */
function costEstimate(row: IdeaRow, costs: FactorDef[]): number | null {
  const vals: number[] = [];
  for (const f of costs) {
    const s = row.factorStats.find((x) => x.factorId === f.id);
    if (s?.mean === null || s?.mean === undefined || f.scaleMax <= f.scaleMin) continue;
    vals.push((s.mean - f.scaleMin) / (f.scaleMax - f.scaleMin));
  }
  return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
}

const statusColor = (s: IdeaStatus) =>
  `var(--mantine-color-${s === "merged" ? "dark" : MATRIX_STATUS_COLORS[s]}-6)`;

function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Value (score) against effort, in four quadrants; a dot opens its idea. Loaded lazily with recharts. */
export function MatrixTab({
  productId,
  filters,
  framework,
  factors,
}: {
  productId: string;
  filters: IdeaFilters;
  framework: Framework;
  factors: FactorDef[];
}) {
  const { workspaceId: wid } = useWorkspace();
  const [, navigate] = useLocation();
  const page = useIdeasPage(wid, productId, { ...filters, sort: "rank", dir: "asc" }, LIMIT);
  const costs = useMemo(() => factors.filter((f) => f.direction === "cost"), [factors]);

  const model = useMemo(() => {
    const rows = page.data?.items ?? [];
    const scored = rows.filter((r) => r.score !== null);
    const allHaveEffort = scored.length > 0 && scored.every((r) => r.effort !== null);
    const maxEffort = Math.max(0, ...scored.map((r) => r.effort ?? 0));
    const points: Point[] = [];
    let skipped = rows.length - scored.length;
    for (const r of scored) {
      let x: number | null;
      let estimated = false;
      if (allHaveEffort) x = r.effort;
      else if (r.effort !== null && maxEffort > 0) x = (r.effort / maxEffort) * 100;
      else {
        const c = costEstimate(r, costs);
        x = c === null ? null : c * 100;
        estimated = true;
      }
      if (x === null) {
        skipped++;
        continue;
      }
      points.push({
        id: r.id,
        number: r.number,
        title: r.title,
        x,
        y: r.score!,
        effort: r.effort,
        estimated,
        color: statusColor(r.status),
        status: r.status,
      });
    }
    const xs = points.map((p) => p.x);
    const ys = points.map((p) => p.y);
    const xMax = allHaveEffort ? Math.max(1, ...xs) * 1.05 : 100;
    const yMax = framework === "weighted" ? 100 : Math.max(1, ...ys) * 1.05;
    const xMid = allHaveEffort ? median(xs) : 50;
    const yMid = framework === "weighted" ? 50 : median(ys);
    const quadrantOf = (p: Point): Quadrant =>
      p.y >= yMid ? (p.x <= xMid ? "quick" : "big") : p.x <= xMid ? "fill" : "pit";
    const byQuadrant: Record<Quadrant, Point[]> = { quick: [], big: [], fill: [], pit: [] };
    for (const p of points) byQuadrant[quadrantOf(p)].push(p);
    return {
      points,
      skipped,
      allHaveEffort,
      xMax,
      yMax,
      xMid,
      yMid,
      byQuadrant,
      total: page.data?.total ?? 0,
    };
  }, [page.data, costs, framework]);

  if (page.isPending) return <PageLoader />;
  if (page.isError) return <ErrorState error={page.error} onRetry={() => page.refetch()} />;
  if (model.points.length === 0) {
    return (
      <Surface>
        <EmptyBlock
          icon={<IconChartDots3 size={26} />}
          title="Nothing to plot yet"
          description={`An idea appears here once it has a ${FRAMEWORK_LABELS[framework]} score and an effort (the Effort input, or ratings on a cost factor).`}
        />
      </Surface>
    );
  }

  const open = (id: string) => navigate(ideaPaths.idea(wid, id));
  const r = (v: number) => Math.round(v * 100) / 100;

  return (
    <Stack gap="md">
      <Surface p="md">
        <Box h={460} aria-label="Value against effort" role="img">
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 12, right: 16, bottom: 28, left: 4 }}>
              {QUADRANTS.map((q) => {
                const high = q.key === "quick" || q.key === "big";
                const costly = q.key === "big" || q.key === "pit";
                return (
                  <ReferenceArea
                    key={q.key}
                    x1={costly ? model.xMid : 0}
                    x2={costly ? model.xMax : model.xMid}
                    y1={high ? model.yMid : 0}
                    y2={high ? model.yMax : model.yMid}
                    fill={`var(--mantine-color-${q.color}-${q.color === "gray" ? 2 : 1})`}
                    fillOpacity={q.key === "quick" ? 0.35 : 0.3}
                    label={{
                      value: q.label,
                      position: `inside${high ? "Top" : "Bottom"}${costly ? "Right" : "Left"}`,
                      fill: `var(--mantine-color-${q.color}-${q.color === "gray" ? 7 : 8})`,
                      fontSize: 12,
                      fontWeight: 600,
                    }}
                  />
                );
              })}
              <CartesianGrid strokeDasharray="3 3" stroke="var(--mantine-color-default-border)" />
              <XAxis
                type="number"
                dataKey="x"
                domain={[0, r(model.xMax)]}
                tickFormatter={(v: number) => formatNumber(v)}
                fontSize={11}
                label={{
                  value: model.allHaveEffort
                    ? "Effort"
                    : "Effort, % of the largest (estimated from cost ratings where missing)",
                  position: "insideBottom",
                  offset: -16,
                  fontSize: 12,
                }}
              />
              <YAxis
                type="number"
                dataKey="y"
                domain={[0, r(model.yMax)]}
                tickFormatter={(v: number) => formatNumber(v)}
                fontSize={11}
                width={48}
                label={{
                  value: `Value (${FRAMEWORK_LABELS[framework]})`,
                  angle: -90,
                  position: "insideLeft",
                  fontSize: 12,
                  dy: 60,
                }}
              />
              <Tooltip
                cursor={{ strokeDasharray: "3 3" }}
                content={({ active, payload }) => {
                  const p = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
                  if (!p) return null;
                  return (
                    <Paper withBorder shadow="md" p="xs" radius="md" maw={280}>
                      <Text size="sm" fw={600}>
                        #{p.number} {p.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {IDEA_STATUS_LABELS[p.status]} · score {formatScore(p.y, framework)} ·{" "}
                        {p.estimated
                          ? `effort estimated from cost ratings (${Math.round(p.x)}%)`
                          : `effort ${formatNumber(p.effort)}`}
                      </Text>
                    </Paper>
                  );
                }}
              />
              <Scatter
                data={model.points}
                cursor="pointer"
                onClick={(d: unknown) => {
                  const id = (d as { payload?: Point; id?: string }).payload?.id ?? (d as { id?: string }).id;
                  if (id) open(id);
                }}
                isAnimationActive={false}
              >
                {model.points.map((p) => (
                  <Cell key={p.id} fill={p.color} fillOpacity={0.8} />
                ))}
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
        </Box>
        <Group gap="md" mt="xs" justify="center">
          {IDEA_STATUSES.filter((st) => st !== "merged").map((st) => (
            <Group key={st} gap={6} wrap="nowrap">
              <Box
                w={10}
                h={10}
                style={{ borderRadius: 10, background: statusColor(st), opacity: 0.8 }}
                aria-hidden
              />
              <Text size="xs" c="dimmed">
                {IDEA_STATUS_LABELS[st]}
              </Text>
            </Group>
          ))}
        </Group>
        <Group gap="xs" mt="xs">
          <IconInfoCircle size={14} style={{ opacity: 0.6 }} />
          <Text size="xs" c="dimmed">
            {pluralize(model.points.length, "idea")} plotted
            {model.total > LIMIT ? ` (the top ${LIMIT} of ${model.total} by rank)` : ""}
            {model.skipped
              ? `; ${pluralize(model.skipped, "idea")} without a score or an effort left out`
              : ""}
            . The lines split at {model.allHaveEffort ? "the median effort" : "half the effort"} and{" "}
            {framework === "weighted" ? "a score of 50" : "the median score"}. Click a dot to open the idea.
          </Text>
        </Group>
      </Surface>
      {!model.allHaveEffort && costs.length === 0 ? (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} />}>
          No scoring factor is a cost, so ideas without an Effort estimate cannot be placed.
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {QUADRANTS.map((q) => {
          const pts = model.byQuadrant[q.key];
          return (
            <Surface key={q.key} p="md">
              <Stack gap={6}>
                <Group justify="space-between">
                  <Text fw={600}>{q.label}</Text>
                  <Badge variant="light" color={q.color}>
                    {pts.length}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {q.hint}
                </Text>
                {pts.slice(0, 5).map((p) => (
                  <Anchor
                    key={p.id}
                    component={Link}
                    href={ideaPaths.idea(wid, p.id)}
                    size="sm"
                    lineClamp={1}
                  >
                    #{p.number} {p.title}
                  </Anchor>
                ))}
                {pts.length > 5 ? (
                  <Text size="xs" c="dimmed">
                    and {pts.length - 5} more
                  </Text>
                ) : null}
              </Stack>
            </Surface>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}
