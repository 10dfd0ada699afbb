import { Group, MultiSelect, Select, Stack, Text } from "@mantine/core";
import { IconRoute } from "@tabler/icons-react";
import { useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import {
  ROADMAP_ITEM_STATUS_LABELS,
  ROADMAP_ITEM_STATUSES,
  type RoadmapItemStatus,
} from "../../../shared/enums.ts";
import type { Portfolio, Roadmap } from "../../../shared/roadmap.schemas.ts";
import { addMonths, monthsBetween, periodContaining, periodLength } from "../../../shared/roadmap.ts";
import { Surface } from "../../components/Page.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyBlock, TableSkeleton } from "../../components/States.tsx";
import { formatMonth, formatMonthName, todayIso } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { useObjectives } from "../objectives/hooks.ts";
import { useTeams } from "../people/hooks.ts";
import { HoverTip } from "./HoverTip.tsx";
import { usePortfolio } from "./hooks.ts";
import { roadmapPaths } from "./paths.ts";
import classes from "./roadmap.module.css";

const monthLabel = (m: string) =>
  m.slice(5, 7) === "01" ? formatMonth(m.slice(0, 7)) : formatMonthName(m.slice(0, 7));
const thisMonth = () => `${todayIso().slice(0, 7)}-01`;
/** Distinct colours for products, in name order (a hash would give two products near-identical blues). */
const PALETTE = ["baton", "orange", "teal", "grape", "cyan", "pink", "lime", "red", "yellow", "indigo"];

type PItem = Portfolio["items"][number];
interface Bar {
  item: PItem;
  col: number;
  span: number;
  track: number;
}

/** Bars of one roadmap's items over the window's months, packed into as few tracks as they need. */
function barsOf(
  items: PItem[],
  roadmap: Roadmap,
  from: string,
  months: number,
): { bars: Bar[]; tracks: number } {
  const placed: Bar[] = [];
  const ends: number[] = []; // per track, the first free column
  const spans = items
    .filter((i) => i.period)
    .map((i) => {
      const p = periodContaining(roadmap, i.period!);
      const len = periodLength(roadmap.periodKind, roadmap.horizon);
      const start = Math.max(0, monthsBetween(from, p.start));
      const end = Math.min(months, monthsBetween(from, p.start) + len);
      return { item: i, start, end };
    })
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || a.item.title.localeCompare(b.item.title));
  for (const s of spans) {
    let t = ends.findIndex((e) => e <= s.start);
    if (t < 0) {
      t = ends.length;
      ends.push(0);
    }
    ends[t] = s.end;
    placed.push({ item: s.item, col: s.start, span: s.end - s.start, track: t });
  }
  return { bars: placed, tracks: ends.length };
}

/** Every product's roadmap items on one month axis, coloured by product, with filters. */
export function PortfolioView() {
  const { workspaceId: wid } = useWorkspace();
  const [from, setFrom] = useState(thisMonth);
  const [months, setMonths] = useState(12);
  const [productIds, setProductIds] = useState<string[]>([]);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [objectiveId, setObjectiveId] = useState<string | null>(null);
  const [statuses, setStatuses] = useState<RoadmapItemStatus[]>([]);
  const q = usePortfolio(wid, from, months);
  const teams = useTeams(wid);
  const objectives = useObjectives(wid, null);
  const ref = useRef<HTMLElement>(null);

  const data = q.data;
  const products = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of data?.roadmaps ?? []) m.set(r.productId, r.productName);
    return [...m]
      .sort((a, b) => a[1].localeCompare(b[1]))
      .map(([value, label], i) => ({ value, label, color: PALETTE[i % PALETTE.length]! }));
  }, [data]);
  const colorOf = (productId: string) => products.find((p) => p.value === productId)?.color ?? "gray";

  const rows = useMemo(() => {
    if (!data) return [];
    const st = statuses.length ? new Set(statuses) : null;
    const keep = (i: PItem) =>
      (!productIds.length || productIds.includes(i.productId)) &&
      (!teamId || i.teamIds.includes(teamId)) &&
      (!objectiveId || i.objectiveIds.includes(objectiveId)) &&
      (!st || st.has(i.status));
    return [...data.roadmaps]
      .filter((r) => !productIds.length || productIds.includes(r.productId))
      .sort((a, b) => a.productName.localeCompare(b.productName) || a.name.localeCompare(b.name))
      .map((r) => ({
        roadmap: r,
        ...barsOf(
          data.items.filter((i) => i.roadmapId === r.id && keep(i)),
          r,
          data.months[0]!,
          data.months.length,
        ),
      }));
  }, [data, productIds, teamId, objectiveId, statuses]);

  const monthOptions = Array.from({ length: 25 }, (_, k) => addMonths(thisMonth(), k - 12)).map((m) => ({
    value: m,
    label: formatMonth(m.slice(0, 7), { long: true }),
  }));

  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        <Select
          aria-label="From month"
          data={monthOptions}
          value={from}
          onChange={(v) => v && setFrom(v)}
          allowDeselect={false}
          w={160}
        />
        <Select
          aria-label="Months shown"
          data={["6", "12", "18", "24"].map((n) => ({ value: n, label: `${n} months` }))}
          value={String(months)}
          onChange={(v) => v && setMonths(Number(v))}
          allowDeselect={false}
          w={120}
        />
        <MultiSelect
          aria-label="Filter by product"
          placeholder={productIds.length ? undefined : "Every product"}
          data={products}
          value={productIds}
          onChange={setProductIds}
          clearable
          w={220}
        />
        <Select
          aria-label="Filter by team"
          placeholder="Any team"
          data={teams.items.map((t) => ({ value: t.id, label: t.name }))}
          value={teamId}
          onChange={setTeamId}
          clearable
          searchable
          w={160}
        />
        <Select
          aria-label="Filter by objective"
          placeholder="Any objective"
          data={(objectives.data ?? []).map((o) => ({ value: o.id, label: o.title }))}
          value={objectiveId}
          onChange={setObjectiveId}
          clearable
          searchable
          w={180}
        />
        <MultiSelect
          aria-label="Filter by status"
          placeholder={statuses.length ? undefined : "Any status"}
          data={ROADMAP_ITEM_STATUSES.map((s) => ({ value: s, label: ROADMAP_ITEM_STATUS_LABELS[s] }))}
          value={statuses}
          onChange={(v) => setStatuses(v as RoadmapItemStatus[])}
          clearable
          w={180}
        />
      </Group>
      <Surface>
        <QueryState
          query={q}
          loading={<TableSkeleton rows={4} cols={6} />}
          isEmpty={() => rows.length === 0}
          empty={
            <EmptyBlock
              size="sm"
              icon={<IconRoute size={22} />}
              title="Nothing planned in these months"
              description="Plan items on a roadmap, or look at other months."
            />
          }
          errorInset
        >
          {() => (
            <figure style={{ overflowX: "auto", margin: 0 }} ref={ref} aria-label="Portfolio timeline">
              <div
                style={
                  {
                    "--months": data!.months.length,
                    minWidth: 200 + data!.months.length * 92,
                  } as React.CSSProperties
                }
              >
                <div className={classes.pfRow} style={{ background: "var(--mantine-color-default-hover)" }}>
                  <Text size="xs" fw={600} c="dimmed" p={8}>
                    ROADMAP
                  </Text>
                  {data!.months.map((m) => (
                    <Text
                      key={m}
                      size="xs"
                      fw={600}
                      p={8}
                      style={{ borderLeft: "1px solid var(--mantine-color-default-border)" }}
                    >
                      {monthLabel(m)}
                    </Text>
                  ))}
                </div>
                {rows.map(({ roadmap: r, bars, tracks }) => (
                  <div
                    key={r.id}
                    className={classes.pfRow}
                    style={{
                      gridTemplateRows: `repeat(${Math.max(1, tracks)}, 24px)`,
                      rowGap: 3,
                      padding: "6px 0",
                    }}
                  >
                    <div
                      style={{ gridRow: `1 / span ${Math.max(1, tracks)}`, padding: "0 8px", minWidth: 0 }}
                    >
                      <Text
                        size="sm"
                        fw={600}
                        truncate
                        component={Link}
                        href={roadmapPaths.roadmap(wid, r.id)}
                        style={{ color: "inherit", display: "block" }}
                      >
                        {r.name}
                      </Text>
                      <Group gap={6} wrap="nowrap">
                        <span
                          style={{
                            width: 8,
                            height: 8,
                            borderRadius: 2,
                            flexShrink: 0,
                            background: `var(--mantine-color-${colorOf(r.productId)}-6)`,
                          }}
                        />
                        <Text size="xs" c="dimmed" truncate>
                          {r.productName}
                        </Text>
                      </Group>
                    </div>
                    {bars.map((b) => (
                      <Link
                        key={b.item.id}
                        href={`${roadmapPaths.roadmap(wid, r.id)}?item=${b.item.id}`}
                        className={classes.pfChip}
                        data-tip={`${b.item.title} · ${r.productName} · ${ROADMAP_ITEM_STATUS_LABELS[b.item.status]}`}
                        style={{
                          gridColumn: `${b.col + 2} / span ${b.span}`,
                          gridRow: b.track + 1,
                          margin: "0 2px",
                          background: `var(--mantine-color-${colorOf(r.productId)}-${b.item.status === "done" ? 4 : 6})`,
                          opacity: b.item.status === "dropped" ? 0.45 : 1,
                        }}
                      >
                        {b.item.title}
                      </Link>
                    ))}
                  </div>
                ))}
              </div>
              <Group gap="md" p="sm">
                {products
                  .filter((p) => !productIds.length || productIds.includes(p.value))
                  .map((p) => (
                    <Group key={p.value} gap={6} wrap="nowrap">
                      <span
                        style={{
                          width: 10,
                          height: 10,
                          borderRadius: 2,
                          background: `var(--mantine-color-${p.color}-6)`,
                        }}
                      />
                      <Text size="xs">{p.label}</Text>
                    </Group>
                  ))}
                <Text size="xs" c="dimmed">
                  A bar spans the item's period; click it to open the item.
                </Text>
              </Group>
              <HoverTip containerRef={ref} />
            </figure>
          )}
        </QueryState>
      </Surface>
    </Stack>
  );
}
