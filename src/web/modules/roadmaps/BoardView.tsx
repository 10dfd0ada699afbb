import { Badge, Group, Stack, Text } from "@mantine/core";
import { useCallback, useMemo, useRef } from "react";
import type { Period, RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { periodAt, periodIndexOf } from "../../../shared/roadmap.ts";
import { DropZone, RoadmapDnd, useCardHandlers, useDragArm } from "./dnd.tsx";
import { HoverTip } from "./HoverTip.tsx";
import { ItemCard } from "./ItemCard.tsx";
import { byValue, periodIndexOfItem, UNPLANNED } from "./model.ts";
import classes from "./roadmap.module.css";
import type { MoveTarget } from "./Timeline.tsx";
import { useIncremental } from "./useLiveLanes.ts";

type ColumnKey = "now" | "next" | "later" | typeof UNPLANNED;

interface Column {
  key: ColumnKey;
  label: string;
  hint: string;
  period: Period | null;
  items: RoadmapItem[];
}

/**
 * Now / Next / Later: the current period, the one after, and everything beyond (for a Now/Next/Later roadmap,
 * its own three buckets). Items planned before the current period count as Now. Dragging to a column plans the
 * item in that column's first period.
 */
export function BoardView({
  view,
  items,
  canWrite,
  onMove,
  onOpen,
}: {
  view: RoadmapView;
  items: RoadmapItem[];
  canWrite: boolean;
  onMove: (item: RoadmapItem, to: MoveTarget) => void;
  onOpen: (id: string) => void;
}) {
  const frame = view.roadmap;
  const base = frame.periodKind === "nnl" ? 0 : Math.max(0, periodIndexOf(frame, view.today));
  const columns = useMemo<Column[]>(() => {
    const at = (k: number) => periodAt(frame, base + k);
    const nnl = frame.periodKind === "nnl";
    const cols: Column[] = [
      { key: "now", label: "Now", hint: nnl ? "" : at(0).label, period: at(0), items: [] },
      { key: "next", label: "Next", hint: nnl ? "" : at(1).label, period: at(1), items: [] },
      { key: "later", label: "Later", hint: nnl ? "" : `${at(2).label} onwards`, period: at(2), items: [] },
      { key: UNPLANNED, label: "Unplanned", hint: "", period: null, items: [] },
    ];
    for (const it of [...items].sort(byValue)) cols[columnIndex(frame, it, base)]!.items.push(it);
    return cols;
  }, [items, frame, base]);

  const byId = useMemo(() => new Map(view.items.map((i) => [i.id, i])), [view.items]);
  const onDrop = useCallback(
    (itemId: string, zone: string) => {
      const item = byId.get(itemId);
      const to = columns.findIndex((c) => c.key === zone);
      if (!item || to < 0 || columnIndex(frame, item, base) === to) return;
      onMove(item, { lane: null, period: columns[to]!.period });
    },
    [byId, columns, frame, base, onMove],
  );
  const arm = useDragArm();
  const handlers = useCardHandlers(onOpen, arm);
  const ref = useRef<HTMLDivElement>(null);

  return (
    <RoadmapDnd items={byId} arm={arm} onDrop={onDrop}>
      <div className={classes.columns} ref={ref} {...handlers}>
        {columns.map((c) => (
          <Stack key={c.key} gap={6}>
            <Group gap={8} px={4} justify="space-between" wrap="nowrap">
              <Group gap={8} wrap="nowrap">
                <Text fw={700}>{c.label}</Text>
                <Badge variant="light" color={c.key === UNPLANNED ? "gray" : "baton"} size="sm">
                  {c.items.length}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed" truncate>
                {c.hint}
              </Text>
            </Group>
            <ColumnZone column={c} canWrite={canWrite} note={(it) => noteFor(frame, it, c, base)} />
          </Stack>
        ))}
      </div>
      <HoverTip containerRef={ref} />
    </RoadmapDnd>
  );
}

/** A column renders 60 cards, then more as it is scrolled (a thousand at once would take most of a second). */
function ColumnZone({
  column: c,
  canWrite,
  note,
}: {
  column: Column;
  canWrite: boolean;
  note: (it: RoadmapItem) => string | null;
}) {
  const { limit, onScroll } = useIncremental(c.items.length);
  return (
    <DropZone id={c.key} className={classes.column} disabled={!canWrite} label={c.label} onScroll={onScroll}>
      {c.items.slice(0, limit).map((it) => (
        <ItemCard key={it.id} item={it} draggable={canWrite} note={note(it)} />
      ))}
      {c.items.length === 0 ? (
        <Text size="xs" c="dimmed" ta="center" py="lg">
          {canWrite ? "Drop items here" : "Nothing here"}
        </Text>
      ) : null}
    </DropZone>
  );
}

function columnIndex(frame: RoadmapView["roadmap"], it: RoadmapItem, base: number): number {
  const idx = periodIndexOfItem(frame, it);
  if (idx === null) return 3;
  const rel = idx - base;
  return rel <= 0 ? 0 : rel === 1 ? 1 : 2;
}

/** Which period a card in a multi-period column (Later, or an overdue Now) is in. */
function noteFor(frame: RoadmapView["roadmap"], it: RoadmapItem, c: Column, base: number): string | null {
  if (frame.periodKind === "nnl" || !it.period) return null;
  const idx = periodIndexOfItem(frame, it)!;
  if (c.key === "later" || (c.key === "now" && idx < base)) return periodAt(frame, idx).label;
  return null;
}
