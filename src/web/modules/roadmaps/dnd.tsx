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
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { VisuallyHidden } from "@mantine/core";
import { type ReactNode, type RefObject, useCallback, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { RoadmapItem } from "../../../shared/roadmap.schemas.ts";
import { DRAG_HELP_ID, OverlayCard } from "./ItemCard.tsx";

const HELP =
  "Press Space to pick up the item, arrow keys to move it to another period or lane, Space to drop it, Escape to cancel. Press Enter to open it.";

/** The pointer's cell; with the keyboard (no pointer), the cell the card overlaps most. */
const collide: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

const DIRS: Record<string, [number, number]> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowDown: [0, 1],
  ArrowUp: [0, -1],
};

/** x within [lo, hi] (lo when the range is empty). */
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(x, hi));

/**
 * Arrow keys jump to the nearest drop zone in that direction (not 25 px at a time): left and right stay in
 * the lane (the zone level with the card), up and down stay in the period.
 */
const jumpToZone: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const dir = DIRS[event.code];
  const from = context.collisionRect;
  if (!dir || !from) return undefined;
  event.preventDefault();
  const cx = from.left + from.width / 2;
  const cy = from.top + from.height / 2;
  const horizontal = dir[0] !== 0;
  let best: { dx: number; dy: number; score: number } | null = null;
  for (const c of context.droppableContainers.getEnabled()) {
    const r = context.droppableRects.get(c.id);
    if (!r) continue;
    if (cx >= r.left && cx <= r.left + r.width && cy >= r.top && cy <= r.top + r.height) continue; // where it is
    const tx = horizontal ? r.left + r.width / 2 : clamp(cx, r.left + 20, r.left + r.width - 20);
    const ty = horizontal ? clamp(cy, r.top + 20, r.top + r.height - 20) : r.top + Math.min(r.height / 2, 40);
    const dx = tx - cx;
    const dy = ty - cy;
    const along = dx * dir[0] + dy * dir[1];
    if (along <= 8) continue;
    const across = horizontal
      ? Math.max(0, r.top - cy, cy - (r.top + r.height))
      : Math.max(0, r.left - cx, cx - (r.left + r.width));
    const score = along + across * 4;
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
  arm,
  onDrop,
  children,
}: {
  items: Map<string, RoadmapItem>;
  /** From useDragArm: how the board's cards start a drag (see DragArm). */
  arm: ArmRef;
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
      onDragStart={(e) => {
        dragging = true;
        markDragging(String(e.active.id), true);
      }}
      onDragEnd={(e) => {
        dragging = false;
        lastDragEnd = Date.now();
        markDragging(String(e.active.id), false);
        if (e.over) onDrop(String(e.active.id), String(e.over.id));
      }}
      onDragCancel={(e) => {
        dragging = false;
        lastDragEnd = Date.now();
        markDragging(String(e.active.id), false);
      }}
      accessibility={{
        screenReaderInstructions: { draggable: HELP },
      }}
    >
      <DragArm armRef={arm} />
      <VisuallyHidden id={DRAG_HELP_ID}>{HELP}</VisuallyHidden>
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
  role = "group",
  onScroll,
  ...rest
}: {
  id: string;
  disabled?: boolean;
  className: string;
  children: ReactNode;
  label?: string;
  /** "gridcell" inside the timeline's ARIA grid. */
  role?: "group" | "gridcell";
  onScroll?: (e: React.UIEvent<HTMLElement>) => void;
} & Record<`data-${string}`, string | boolean | undefined>) {
  const { setNodeRef, isOver } = useDroppable({ id, disabled });
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: both roles (group, gridcell) take a label
    <div
      ref={setNodeRef}
      className={className}
      data-over={(isOver && !disabled) || undefined}
      data-locked={disabled || undefined}
      aria-label={label}
      role={role}
      onScroll={onScroll}
      {...rest}
    >
      {children}
    </div>
  );
}

function markDragging(id: string, on: boolean) {
  for (const el of document.querySelectorAll(`[data-item-id="${CSS.escape(id)}"]`)) {
    if (on) el.setAttribute("data-dragging", "true");
    else el.removeAttribute("data-dragging");
  }
}

interface Arm {
  /** The pointer is over (or the focus on) a card: make it the draggable, ahead of a press. */
  hover: (id: string) => void;
  start: (e: React.PointerEvent | React.KeyboardEvent, el: HTMLElement, id: string) => void;
}
export type ArmRef = RefObject<Arm | null>;
export function useDragArm(): ArmRef {
  return useRef<Arm | null>(null);
}

const NO_ITEM = "\u0000none";

/**
 * The board's one dnd-kit draggable. Cards are plain elements (a thousand `useDraggable` hooks would all
 * re-render whenever a drag starts or crosses a cell); this hook takes the id of the card under the pointer
 * or focus, points its node at that card, and receives the card's pointer or Space key press.
 */
function DragArm({ armRef }: { armRef: ArmRef }) {
  const [id, setId] = useState<string | null>(null);
  const { listeners, setNodeRef } = useDraggable({ id: id ?? NO_ITEM, disabled: id === null });
  const latest = useRef({ id, listeners, setNodeRef });
  latest.current = { id, listeners, setNodeRef };
  armRef.current = {
    hover: (next) => {
      if (!dragging && latest.current.id !== next) setId(next);
    },
    start: (e, el, next) => {
      if (dragging) return;
      // A touch, or a press faster than the hover: arm synchronously, then hand the event over.
      if (latest.current.id !== next) flushSync(() => setId(next));
      latest.current.setNodeRef(el);
      const l = latest.current.listeners as Record<string, ((ev: unknown) => void) | undefined> | undefined;
      l?.[e.type === "keydown" ? "onKeyDown" : "onPointerDown"]?.(e);
    },
  };
  return null;
}

/**
 * A board's card events, on the board (one listener each instead of one per card): click or Enter opens a
 * card; pointer down or Space on a draggable card (`data-drag`) starts dragging it.
 */
function cardOf(t: EventTarget | null): HTMLElement | null {
  return (t as Element | null)?.closest?.<HTMLElement>("[data-item-id]") ?? null;
}

export function useCardHandlers(onOpen: (id: string) => void, arm: ArmRef) {
  const onClick = useCallback(
    (e: React.MouseEvent) => {
      if (justDragged()) return;
      const el = cardOf(e.target);
      if (el) onOpen(el.dataset.itemId!);
    },
    [onOpen],
  );
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      const el = cardOf(e.target);
      if (!el || el !== e.target) return;
      if (e.key === "Enter" && !justDragged()) {
        e.preventDefault();
        onOpen(el.dataset.itemId!);
      } else if (e.code === "Space" && el.dataset.drag !== undefined)
        arm.current?.start(e, el, el.dataset.itemId!);
    },
    [onOpen, arm],
  );
  const onPointerDown = useCallback(
    (e: React.PointerEvent) => {
      const el = cardOf(e.target);
      if (el && el.dataset.drag !== undefined) arm.current?.start(e, el, el.dataset.itemId!);
    },
    [arm],
  );
  const onPointerOver = useCallback(
    (e: React.PointerEvent) => {
      const el = cardOf(e.target);
      if (el && el.dataset.drag !== undefined) arm.current?.hover(el.dataset.itemId!);
    },
    [arm],
  );
  const onFocus = useCallback(
    (e: React.FocusEvent) => {
      const el = cardOf(e.target);
      if (el && el === e.target && el.dataset.drag !== undefined) arm.current?.hover(el.dataset.itemId!);
    },
    [arm],
  );
  return { onClick, onKeyDown, onPointerDown, onPointerOver, onFocus };
}
