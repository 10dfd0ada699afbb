import {
  type CollisionDetection,
  DndContext,
  DragOverlay,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDndContext,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { type ReactNode, useCallback } from "react";
import type { RoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { OverlayCard } from "./ItemCard.tsx";

/** The pointer's cell; with the keyboard (no pointer), the cell the card overlaps most. */
const collide: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

const DIRS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowDown: [0, 1],
  ArrowUp: [0, -1],
};

/** Arrow keys jump to the nearest drop zone in that direction (not 25 px at a time). */
const jumpToZone: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const dir = DIRS[event.code];
  const from = context.collisionRect;
  if (!dir || !from) return undefined;
  event.preventDefault();
  const cx = from.left + from.width / 2;
  const cy = from.top + Math.min(from.height / 2, 30);
  let best: { dx: number; dy: number; score: number } | null = null;
  for (const c of context.droppableContainers.getEnabled()) {
    const r = context.droppableRects.get(c.id);
    if (!r) continue;
    const tx = r.left + r.width / 2;
    const ty = r.top + Math.min(r.height / 2, 40);
    const dx = tx - cx;
    const dy = ty - cy;
    const along = dx * dir[0] + dy * dir[1];
    if (along <= 8) continue;
    const across = Math.abs(dx * dir[1]) + Math.abs(dy * dir[0]);
    const score = along + across * 3;
    if (!best || score < best.score) best = { dx, dy, score };
  }
  return best ? { x: currentCoordinates.x + best.dx, y: currentCoordinates.y + best.dy } : undefined;
};

let lastDragEnd = 0;
let dragging = false;
/** A click right after a drop is the end of the drag, not a request to open the card; nor is Enter mid-drag. */
export function justDragged(): boolean {
  return dragging || Date.now() - lastDragEnd < 250;
}

/**
 * Drag and drop of roadmap cards: pointer (after 6 px, so clicks open the card) and keyboard (Space picks up,
 * arrows jump between cells, Space drops, Escape cancels). `onDrop(itemId, zoneId)`.
 */
export function RoadmapDnd({
  items,
  onDrop,
  children,
}: {
  items: Map<string, RoadmapItem>;
  onDrop: (itemId: string, zoneId: string) => void;
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: jumpToZone,
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space"] },
    }),
  );
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collide}
      onDragStart={() => {
        dragging = true;
      }}
      onDragEnd={(e) => {
        dragging = false;
        lastDragEnd = Date.now();
        if (e.over) onDrop(String(e.active.id), String(e.over.id));
      }}
      onDragCancel={() => {
        dragging = false;
        lastDragEnd = Date.now();
      }}
      accessibility={{
        screenReaderInstructions: {
          draggable:
            "Press Space to pick up the item, arrow keys to move it to another period or lane, Space to drop it, Escape to cancel. Press Enter to open it.",
        },
      }}
    >
      {children}
      <ActiveOverlay items={items} />
    </DndContext>
  );
}

function ActiveOverlay({ items }: { items: Map<string, RoadmapItem> }) {
  const { active } = useDndContext();
  const item = active ? items.get(String(active.id)) : undefined;
  return <DragOverlay dropAnimation={null}>{item ? <OverlayCard item={item} /> : null}</DragOverlay>;
}

/** A drop zone (a cell, a column, the tray): `data-over` while a card hovers it. */
export function DropZone({
  id,
  disabled,
  className,
  children,
  label,
  ...rest
}: {
  id: string;
  disabled?: boolean;
  className: string;
  children: ReactNode;
  label?: string;
} & Record<`data-${string}`, string | boolean | undefined>) {
  const { setNodeRef, isOver } = useDroppable({ id, disabled });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a drop zone, not a form group
    <div
      ref={setNodeRef}
      className={className}
      data-over={(isOver && !disabled) || undefined}
      data-locked={disabled || undefined}
      aria-label={label}
      role="group"
      {...rest}
    >
      {children}
    </div>
  );
}

/** Opens the card under a click or Enter (one listener on the board instead of one per card). */
export function useCardOpener(onOpen: (id: string) => void) {
  const onClick = useCallback(
    (e: React.MouseEvent) => {
      if (justDragged()) return;
      const el = (e.target as Element).closest("[data-item-id]");
      if (el) onOpen(el.getAttribute("data-item-id")!);
    },
    [onOpen],
  );
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key !== "Enter" || justDragged()) return;
      const el = (e.target as Element).closest("[data-item-id]");
      if (el && el === e.target) {
        e.preventDefault();
        onOpen(el.getAttribute("data-item-id")!);
      }
    },
    [onOpen],
  );
  return { onClick, onKeyDown };
}
