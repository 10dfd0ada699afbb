import { useDraggable } from "@dnd-kit/core";
import { IconPinFilled } from "@tabler/icons-react";
import { memo } from "react";
import type { RoadmapItem } from "../../../shared/roadmap.schemas.ts";
import classes from "./roadmap.module.css";
import { SmartChips, smartSummaryText } from "./smart.tsx";

export function formatValue(v: number): string {
  return v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

/** A card's content: title, SMART chips, pin and value. Memoized on the item (unchanged items keep it). */
export const CardBody = memo(function CardBody({ item, note }: { item: RoadmapItem; note?: string | null }) {
  return (
    <>
      <span className={classes.cardTitle}>{item.title}</span>
      <span className={classes.cardMeta}>
        <SmartChips smart={item.smart} />
        <span className={classes.grow} />
        {note ? <span className={classes.outside}>{note}</span> : null}
        {item.pinned ? (
          <span className={classes.pin} data-tip="Pinned: the auto-planner leaves it where it is">
            <IconPinFilled size={12} aria-label="Pinned" />
          </span>
        ) : null}
        <span data-tip="Value (what the auto-planner maximizes)">{formatValue(item.value)}</span>
      </span>
    </>
  );
});

/**
 * A draggable card. It re-renders when the drag context changes (another cell is hovered), but its body does
 * not: the body is memoized on the item. Clicks and Enter are handled by the board (one listener).
 */
export const DraggableCard = memo(function DraggableCard({
  item,
  disabled,
  note,
}: {
  item: RoadmapItem;
  disabled: boolean;
  note?: string | null;
}) {
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({ id: item.id, disabled });
  return (
    // biome-ignore lint/a11y/useSemanticElements: dnd-kit's draggable (a <button> cannot hold the card's layout)
    <div
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      role="button"
      tabIndex={disabled ? 0 : attributes.tabIndex}
      className={classes.card}
      data-item-id={item.id}
      data-status={item.status}
      data-dragging={isDragging || undefined}
      aria-label={`${item.title}, ${smartSummaryText(item.smart)}${item.pinned ? ", pinned" : ""}`}
      aria-roledescription={disabled ? "item" : "draggable item"}
    >
      <CardBody item={item} note={note} />
    </div>
  );
});

/** The card under the pointer while dragging (dnd-kit's DragOverlay). */
export function OverlayCard({ item }: { item: RoadmapItem }) {
  return (
    <div className={classes.card} data-status={item.status} data-overlay>
      <CardBody item={item} />
    </div>
  );
}
