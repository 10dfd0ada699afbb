import { Group, Text, Tooltip } from "@mantine/core";
import { memo, useCallback, useMemo, useRef } from "react";
import type { LaneBy } from "../../../shared/enums.ts";
import type { LoadCell, Period, RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { unitLabel } from "../../../shared/roadmap.ts";
import { formatDate, pluralize } from "../../lib/format.ts";
import { dependencyNotes } from "./arrowRoutes.ts";
import { DependencyArrows } from "./DependencyArrows.tsx";
import { DropZone, RoadmapDnd, useCardHandlers, useDragArm } from "./dnd.tsx";
import { HoverTip } from "./HoverTip.tsx";
import { ItemCard } from "./ItemCard.tsx";
import {
  byValue,
  datePosition,
  LANE_BY_LABELS,
  type Lane,
  laneKeyOf,
  lanesOf,
  periodIndexOfItem,
  periodLabel,
  todayPosition,
  UNPLANNED,
} from "./model.ts";
import classes from "./roadmap.module.css";
import { CARD_SPACE, laneHeight, useIncremental, useLiveLanes } from "./useLiveLanes.ts";

export interface MoveTarget {
  lane: string | null;
  /** undefined: the period does not change; null: unplanned. */
  period: Period | null | undefined;
}

interface Props {
  view: RoadmapView;
  items: RoadmapItem[];
  laneBy: LaneBy;
  canWrite: boolean;
  /** Every dependency arrow, not only the hovered, focused or open item's. */
  showAllDependencies: boolean;
  /** The item open in the drawer: its arrows show. */
  selectedId: string | null;
  /** Filters are on: lanes without a matching item are left out. */
  hideEmptyLanes: boolean;
  onMove: (item: RoadmapItem, to: MoveTarget) => void;
  onOpen: (id: string) => void;
}

const zoneId = (period: number, lane: string) => `cell:${period}:${lane}`;
function parseZone(id: string): { period: number; lane: string } | null {
  const m = /^cell:(\d+):(.*)$/s.exec(id);
  return m ? { period: Number(m[1]), lane: m[2]! } : null;
}

export function loadLevel(c: Pick<LoadCell, "load" | "capacity">): "ok" | "warn" | "over" | "empty" {
  if (c.capacity <= 0) return c.load > 0 ? "over" : "empty";
  const r = c.load / c.capacity;
  return r >= 1 + 1e-9 ? "over" : r >= 0.85 ? "warn" : "ok";
}

/**
 * Periods across, lanes down, an Unplanned tray under. Cards drag between cells (period and lane) and the
 * tray. Each lane is its own grid row with `content-visibility: auto`, so lanes out of view cost nothing.
 */
export function Timeline({
  view,
  items,
  laneBy,
  canWrite,
  showAllDependencies,
  selectedId,
  hideEmptyLanes,
  onMove,
  onOpen,
}: Props) {
  const boardRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const frame = view.roadmap;
  const P = view.periods.length;

  const { lanes, grid, tray, perPeriod, index } = useMemo(() => {
    const used = hideEmptyLanes ? new Set(items.map((i) => laneKeyOf(i, laneBy))) : null;
    const lanes = lanesOf(view, laneBy, items).filter((l) => !used || used.has(l.key));
    const laneIndex = new Map(lanes.map((l, i) => [l.key, i]));
    const grid: RoadmapItem[][][] = lanes.map(() => Array.from({ length: P }, () => []));
    const tray: RoadmapItem[] = [];
    const perPeriod = new Array<number>(P).fill(0);
    const index = new Map<string, number | null>();
    for (const it of [...items].sort(byValue)) {
      const p = periodIndexOfItem(frame, it);
      index.set(it.id, p);
      const l = laneIndex.get(laneKeyOf(it, laneBy));
      if (p === null || p < 0 || p >= P || l === undefined) tray.push(it);
      else {
        grid[l]![p]!.push(it);
        perPeriod[p]!++;
      }
    }
    return { lanes, grid, tray, perPeriod, index };
  }, [view, items, laneBy, frame, P, hideEmptyLanes]);

  const laneKeys = useMemo(() => lanes.map((l) => l.key), [lanes]);
  const heights = useMemo(() => grid.map((row) => laneHeight(row.map((c) => c.length))), [grid]);
  const live = useLiveLanes(scrollerRef, laneKeys, heights);
  const layoutKey = useMemo(() => [grid, live], [grid, live]);
  const byId = useMemo(() => new Map(view.items.map((i) => [i.id, i])), [view.items]);
  const loads = useMemo(() => {
    if (laneBy !== "team") return null;
    const m = new Map<string, LoadCell>();
    for (const c of view.load) m.set(`${c.teamId}|${c.period}`, c);
    return m;
  }, [view.load, laneBy]);

  const onDrop = useCallback(
    (itemId: string, zone: string) => {
      const item = byId.get(itemId);
      if (!item) return;
      if (zone === UNPLANNED) return onMove(item, { lane: null, period: null });
      const z = parseZone(zone);
      if (z) onMove(item, { lane: z.lane, period: view.periods[z.period] });
    },
    [byId, onMove, view.periods],
  );
  const periodOf = useCallback((id: string) => index.get(id), [index]);
  const titleOf = useCallback((id: string) => byId.get(id)?.title ?? "", [byId]);
  const notes = useMemo(
    () =>
      dependencyNotes(
        view.dependencies,
        periodOf,
        titleOf,
        (i) => view.periods[i]?.label ?? "outside the plan",
      ),
    [view.dependencies, view.periods, periodOf, titleOf],
  );
  const arm = useDragArm();
  const handlers = useCardHandlers(onOpen, arm);
  const today = todayPosition(view);
  const currentIdx = today?.index ?? -1;
  const unit = unitLabel(view.unit);

  return (
    <RoadmapDnd items={byId} arm={arm} onDrop={onDrop}>
      <div ref={scrollerRef} className={classes.scroller} {...handlers}>
        {/* biome-ignore lint/a11y/useSemanticElements: a grid of positioned cells, not a <table> */}
        <div
          ref={boardRef}
          className={classes.board}
          style={{ "--periods": P } as React.CSSProperties}
          role="grid"
          aria-label={`Timeline by ${LANE_BY_LABELS[laneBy].toLowerCase()}`}
        >
          {/* biome-ignore lint/a11y/useSemanticElements: a grid of positioned cells, not a <table> */}
          <div className={`${classes.row} ${classes.axis}`} role="row" tabIndex={-1}>
            {/* biome-ignore lint/a11y/useSemanticElements: see above */}
            <div className={classes.corner} role="columnheader" tabIndex={-1}>
              {LANE_BY_LABELS[laneBy]}
            </div>
            {view.periods.map((p, i) => (
              // biome-ignore lint/a11y/useSemanticElements: see above
              <div
                key={p.key}
                className={classes.periodHead}
                data-period-col={i}
                data-current={i === currentIdx || undefined}
                role="columnheader"
                tabIndex={-1}
              >
                {p.label}
                <span className={classes.periodCount}>{perPeriod[i]}</span>
              </div>
            ))}
            <Milestones view={view} />
          </div>
          {lanes.map((lane, l) => (
            <LaneRow
              key={lane.key}
              lane={lane}
              periods={view.periods}
              cells={grid[l]!}
              live={live.has(lane.key)}
              canWrite={canWrite}
              loads={loads}
              unit={unit}
              notes={notes}
            />
          ))}
          {today ? (
            <div
              className={classes.today}
              style={{
                left: `calc(var(--lane-w) + (100% - var(--lane-w)) * ${(today.index + today.fraction) / P})`,
              }}
            />
          ) : null}
          <DependencyArrows
            boardRef={boardRef}
            dependencies={view.dependencies}
            periodOf={periodOf}
            titleOf={titleOf}
            layoutKey={layoutKey}
            showAll={showAllDependencies}
            selectedId={selectedId}
          />
        </div>
        <HoverTip containerRef={scrollerRef} />
      </div>
      <UnplannedTray items={tray} canWrite={canWrite} frame={frame} periodCount={P} handlers={handlers} />
    </RoadmapDnd>
  );
}

const LaneRow = memo(function LaneRow({
  lane,
  periods,
  cells,
  live,
  canWrite,
  loads,
  unit,
  notes,
}: {
  lane: Lane;
  periods: Period[];
  cells: RoadmapItem[][];
  /** Render the cards (or only keep their space: see useLiveLanes). */
  live: boolean;
  canWrite: boolean;
  loads: Map<string, LoadCell> | null;
  unit: string;
  /** Each linked item's dependencies in words, for screen readers. */
  notes: Map<string, string>;
}) {
  const count = cells.reduce((n, c) => n + c.length, 0);
  return (
    // biome-ignore lint/a11y/useSemanticElements: see Timeline
    <div className={`${classes.row} ${classes.lane}`} role="row" tabIndex={-1} data-lane={lane.key}>
      {/* biome-ignore lint/a11y/useSemanticElements: see Timeline */}
      <div className={classes.laneHead} role="rowheader" tabIndex={-1}>
        {lane.label}
        <span className={classes.laneCount}>{pluralize(count, "item")}</span>
      </div>
      {periods.map((p, i) => {
        const load = loads?.get(`${lane.key}|${p.key}`);
        return (
          <DropZone
            key={p.key}
            id={zoneId(i, lane.key)}
            className={classes.cell}
            disabled={!canWrite || !lane.droppable}
            label={`${lane.label}, ${p.label}`}
            role="gridcell"
            data-testid="roadmap-period"
            data-period={p.key}
          >
            {load ? <LoadLine cell={load} unit={unit} /> : null}
            {live ? (
              cells[i]!.map((it) => (
                <ItemCard key={it.id} item={it} draggable={canWrite} description={notes.get(it.id)} />
              ))
            ) : (
              <div style={{ height: cells[i]!.length * CARD_SPACE }} />
            )}
          </DropZone>
        );
      })}
    </div>
  );
});

function LoadLine({ cell, unit }: { cell: LoadCell; unit: string }) {
  const level = loadLevel(cell);
  const pct = cell.capacity > 0 ? Math.round((cell.load / cell.capacity) * 100) : null;
  const tip = `${Math.round(cell.load * 10) / 10} of ${Math.round(cell.capacity * 10) / 10} ${unit} planned (all roadmaps)`;
  return (
    <div className={classes.load} data-level={level} data-tip={tip} role="img" aria-label={`Load: ${tip}`}>
      <span className={classes.loadBar}>
        <span className={classes.loadFill} style={{ width: `${Math.min(100, pct ?? 100)}%` }} />
      </span>
      <span>{pct === null ? "no capacity" : `${pct}%`}</span>
    </div>
  );
}

function Milestones({ view }: { view: RoadmapView }) {
  const P = view.periods.length;
  const today = todayPosition(view);
  return (
    // A cell of the header row (a grid row owns only cells), spanning the periods under their headers.
    // biome-ignore lint/a11y/useSemanticElements: see Timeline
    <div
      role="gridcell"
      tabIndex={-1}
      aria-label={view.milestones.length ? "Milestones" : undefined}
      style={{ position: "absolute", left: "var(--lane-w)", right: 0, bottom: 0, height: 16 }}
    >
      {today ? (
        <span
          className={classes.todayLabel}
          style={{ left: `${((today.index + today.fraction) / P) * 100}%` }}
          title={`Today, ${formatDate(view.today)}`}
        >
          Today
        </span>
      ) : null}
      {view.milestones.map((m) => {
        const pos = datePosition(view.periods, m.date);
        if (!pos) return null;
        return (
          <Tooltip key={m.id} label={`${m.title} — ${formatDate(m.date)}`} withArrow openDelay={100}>
            <span
              className={classes.milestone}
              style={{ left: `${((pos.index + pos.fraction) / P) * 100}%` }}
              role="img"
              aria-label={`Milestone: ${m.title}, ${formatDate(m.date)}`}
            />
          </Tooltip>
        );
      })}
    </div>
  );
}

function UnplannedTray({
  items,
  canWrite,
  frame,
  periodCount,
  handlers,
}: {
  items: RoadmapItem[];
  canWrite: boolean;
  frame: RoadmapView["roadmap"];
  periodCount: number;
  handlers: ReturnType<typeof useCardHandlers>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // The tray renders its cards a screenful at a time, as it is scrolled.
  const { limit, onScroll } = useIncremental(items.length);
  return (
    <DropZone id={UNPLANNED} className={classes.tray} disabled={!canWrite} label="Unplanned">
      <Group justify="space-between" mb={8}>
        <Text size="sm" fw={600}>
          Unplanned{" "}
          <Text span c="dimmed" fw={400} size="sm">
            · {pluralize(items.length, "item")}
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          {canWrite ? "Drag a card here to take it off the plan, or onto a period to plan it." : null}
        </Text>
      </Group>
      <div className={classes.trayCards} ref={ref} {...handlers} onScroll={onScroll}>
        {items.slice(0, limit).map((it) => {
          const idx = periodIndexOfItem(frame, it);
          const outside = idx !== null && (idx < 0 || idx >= periodCount);
          return (
            <ItemCard
              key={it.id}
              item={it}
              draggable={canWrite}
              note={outside ? periodLabel(frame, it.period) : null}
            />
          );
        })}
      </div>
      <HoverTip containerRef={ref} />
    </DropZone>
  );
}
