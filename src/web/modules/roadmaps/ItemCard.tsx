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
 * A card on a board: a plain element (the board's single draggable takes it when pressed; see dnd.tsx), and
 * memoized on the item, so a refetch re-renders only the cards whose item changed.
 */
export const ItemCard = memo(function ItemCard({
  item,
  draggable,
  note,
  description,
}: {
  item: RoadmapItem;
  draggable: boolean;
  note?: string | null;
  /** More to read out than the label (its dependencies). */
  description?: string;
}) {
  const descId = description ? `${item.id}-desc` : null;
  const describedBy = [draggable ? DRAG_HELP_ID : null, descId].filter(Boolean).join(" ") || undefined;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a card holding a layout; the board handles its keys
    <div
      role="button"
      tabIndex={0}
      className={classes.card}
      data-item-id={item.id}
      data-testid="roadmap-card"
      data-status={item.status}
      data-drag={draggable || undefined}
      aria-roledescription={draggable ? "draggable item" : "item"}
      aria-describedby={describedBy}
      aria-label={`${item.title}, ${smartSummaryText(item.smart)}${item.pinned ? ", pinned" : ""}`}
    >
      <CardBody item={item} note={note} />
      {descId ? (
        <span id={descId} hidden>
          {description}
        </span>
      ) : null}
    </div>
  );
});

export const DRAG_HELP_ID = "roadmap-drag-help";

/** The card under the pointer while dragging (dnd-kit's DragOverlay). */
export function OverlayCard({ item }: { item: RoadmapItem }) {
  return (
    <div className={classes.card} data-status={item.status} data-overlay>
      <CardBody item={item} />
    </div>
  );
}
