import { type RefObject, useEffect, useMemo, useState } from "react";
import {
  type BoardGeometry,
  type CardBox,
  isLate,
  pathOf,
  routeArrows,
  visibleDependencies,
} from "./arrowRoutes.ts";
import classes from "./roadmap.module.css";

/** A cell's padding and the space between its cards (roadmap.module.css: .cell). */
const CELL_PAD = 8;
const CARD_GAP = 6;

/** Measures the cards in lanes near the view, in board coordinates. */
function measure(board: HTMLElement): BoardGeometry {
  const base = board.getBoundingClientRect();
  const columns = [...board.querySelectorAll("[data-period-col]")].map((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left - base.left, right: r.right - base.left };
  });
  // Only cards in lanes near the view: measuring a card lays out its lane, and lanes out of view are
  // skipped by the browser (content-visibility) until then.
  const scroller = board.parentElement!.getBoundingClientRect();
  const rows: BoardGeometry["rows"] = [];
  const cards = new Map<string, CardBox>();
  for (const lane of board.querySelectorAll("[data-lane]")) {
    const lr = lane.getBoundingClientRect();
    if (!(lr.bottom > scroller.top - 800 && lr.top < scroller.bottom + 800)) continue;
    rows.push({ top: lr.top - base.top, bottom: lr.bottom - base.top });
    for (const el of lane.querySelectorAll("[data-item-id]")) {
      const r = el.getBoundingClientRect();
      if (!r.width) continue;
      const left = r.left - base.left;
      const right = r.right - base.left;
      const mid = (left + right) / 2;
      const column = columns.findIndex((c) => mid >= c.left && mid < c.right);
      if (column < 0) continue;
      cards.set(el.getAttribute("data-item-id")!, {
        left,
        right,
        top: r.top - base.top,
        bottom: r.bottom - base.top,
        column,
      });
    }
  }
  return { columns, rows, cards, pad: CELL_PAD, gap: CARD_GAP };
}

/**
 * The item whose arrows show: the card under the pointer, else the focused card, else the open one. Leaving a
 * card keeps its arrows a moment, so the pointer can reach an arrow's tooltip.
 */
function useActiveItem(boardRef: RefObject<HTMLDivElement | null>, selectedId: string | null): string | null {
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  useEffect(() => {
    const board = boardRef.current;
    if (!board) return;
    let timer = 0;
    const idOf = (t: EventTarget | null) =>
      (t as Element | null)?.closest?.("[data-item-id]")?.getAttribute("data-item-id") ?? null;
    const over = (e: Event) => {
      const id = idOf(e.target);
      clearTimeout(timer);
      if (id) setHovered(id);
      else if (!(e.target as Element | null)?.closest?.("[data-arrow]"))
        timer = window.setTimeout(() => setHovered(null), 250);
    };
    const leave = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => setHovered(null), 250);
    };
    const focusIn = (e: FocusEvent) => setFocused(idOf(e.target));
    const focusOut = (e: FocusEvent) => {
      if (!board.contains(e.relatedTarget as Node | null)) setFocused(null);
    };
    board.addEventListener("pointerover", over);
    board.addEventListener("pointerleave", leave);
    board.addEventListener("focusin", focusIn);
    board.addEventListener("focusout", focusOut);
    return () => {
      clearTimeout(timer);
      board.removeEventListener("pointerover", over);
      board.removeEventListener("pointerleave", leave);
      board.removeEventListener("focusin", focusIn);
      board.removeEventListener("focusout", focusOut);
    };
  }, [boardRef]);
  return hovered ?? focused ?? selectedId;
}

/**
 * The dependency arrows over the board, routed through the gutters and lane borders (arrowRoutes.ts): by
 * default only the arrows of the hovered, focused or open item, highlighted with its related cards; every
 * arrow with `showAll` (the others faded while an item is active). Red when the dependency is broken.
 */
export function DependencyArrows({
  boardRef,
  dependencies,
  periodOf,
  titleOf,
  layoutKey,
  showAll,
  selectedId,
}: {
  boardRef: RefObject<HTMLDivElement | null>;
  dependencies: { beforeId: string; afterId: string }[];
  /** An item's period index (null: unplanned). */
  periodOf: (id: string) => number | null | undefined;
  titleOf: (id: string) => string;
  /** Changes whenever cards may have moved. */
  layoutKey: unknown;
  showAll: boolean;
  /** The item open in the drawer. */
  selectedId: string | null;
}) {
  const [geometry, setGeometry] = useState<{ g: BoardGeometry; w: number; h: number } | null>(null);
  const activeId = useActiveItem(boardRef, selectedId);

  // A passive effect: the board's ref is not set yet when its children's layout effects run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: layoutKey stands for every card position
  useEffect(() => {
    const board = boardRef.current;
    if (!board) return;
    let frame = 0;
    let timer = 0;
    const run = () => setGeometry({ g: measure(board), w: board.scrollWidth, h: board.scrollHeight });
    // After the next paint: the cards show first, their arrows a moment later.
    const schedule = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = requestAnimationFrame(() => {
        timer = window.setTimeout(run, 0);
      });
    };
    schedule();
    const ro = new ResizeObserver(schedule);
    ro.observe(board);
    // Scrolling brings other lanes near: measure again once it settles.
    const scroller = board.parentElement!;
    const onScroll = () => {
      clearTimeout(timer);
      timer = window.setTimeout(run, 120);
    };
    scroller.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      ro.disconnect();
      scroller.removeEventListener("scroll", onScroll);
    };
  }, [boardRef, layoutKey]);

  const arrows = useMemo(() => {
    if (!geometry) return [];
    const shown = visibleDependencies(dependencies, activeId, showAll);
    return routeArrows(geometry.g, shown).map((r) => {
      const late = isLate(periodOf(r.beforeId), periodOf(r.afterId));
      const related = activeId !== null && (r.beforeId === activeId || r.afterId === activeId);
      return {
        ...r,
        d: pathOf(r.points),
        late,
        related,
        title: `"${titleOf(r.afterId)}" depends on "${titleOf(r.beforeId)}"${late ? ", which lands later: the plan breaks this dependency" : ""}`,
      };
    });
  }, [geometry, dependencies, activeId, showAll, periodOf, titleOf]);

  // The active card and the cards it is linked to stand out (attributes: the cards themselves do not re-render).
  // biome-ignore lint/correctness/useExhaustiveDependencies: geometry changes when cards may have been re-created
  useEffect(() => {
    const board = boardRef.current;
    if (!board || !activeId) return;
    const marked: Element[] = [];
    const mark = (id: string, role: string) => {
      for (const el of board.querySelectorAll(`[data-item-id="${CSS.escape(id)}"]`)) {
        el.setAttribute("data-dep", role);
        marked.push(el);
      }
    };
    for (const d of dependencies) {
      if (d.afterId === activeId) mark(d.beforeId, "before");
      if (d.beforeId === activeId) mark(d.afterId, "after");
    }
    mark(activeId, "active");
    return () => {
      for (const el of marked) el.removeAttribute("data-dep");
    };
  }, [boardRef, activeId, dependencies, geometry]);

  if (!geometry || !arrows.length) return null;
  const dim = showAll && activeId !== null;
  return (
    <svg
      className={classes.arrows}
      width={geometry.w}
      height={geometry.h}
      aria-hidden
      data-testid="dependency-arrows"
    >
      <defs>
        {(["plain", "related", "late"] as const).map((kind) => (
          <marker
            key={kind}
            id={`rm-arrow-${kind}`}
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" fill={COLORS[kind]} />
          </marker>
        ))}
      </defs>
      {/* Faded arrows first, so the active item's arrows draw over them. */}
      {[...arrows]
        .sort((a, b) => Number(a.related) - Number(b.related) || Number(a.late) - Number(b.late))
        .map((a) => {
          const kind = a.late ? "late" : a.related ? "related" : "plain";
          return (
            <g
              key={a.key}
              data-arrow={a.key}
              data-late={a.late || undefined}
              data-related={a.related || undefined}
              opacity={dim && !a.related ? 0.35 : 1}
            >
              <path
                d={a.d}
                fill="none"
                stroke="transparent"
                strokeWidth={10}
                data-tip={a.title}
                pointerEvents="stroke"
              />
              <path
                d={a.d}
                fill="none"
                stroke={COLORS[kind]}
                strokeWidth={a.related || a.late ? 2 : 1.5}
                strokeDasharray={kind === "plain" ? "4 3" : undefined}
                markerEnd={`url(#rm-arrow-${kind})`}
              >
                <title>{a.title}</title>
              </path>
            </g>
          );
        })}
    </svg>
  );
}

const COLORS = {
  plain: "var(--mantine-color-gray-6)",
  related: "var(--mantine-color-baton-6)",
  late: "var(--mantine-color-red-6)",
} as const;
