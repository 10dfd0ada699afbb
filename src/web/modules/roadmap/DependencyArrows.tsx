import { type RefObject, useEffect, useState } from "react";
import classes from "./roadmap.module.css";

/**
 * A curve between two cards: right edge to left edge when the dependency is to the left, left edge to right
 * edge when it is to the right (it lands later), and a loop on the left side within one column.
 */
function route(a: DOMRect, b: DOMRect, base: DOMRect): string {
  const ay = a.top + a.height / 2 - base.top;
  const by = b.top + b.height / 2 - base.top;
  const ac = a.left + a.width / 2;
  const bc = b.left + b.width / 2;
  if (Math.abs(ac - bc) < 24) {
    const x1 = a.left - base.left;
    const x2 = b.left - base.left;
    const bend = Math.min(40, 14 + Math.abs(by - ay) / 6);
    return `M${x1},${ay} C${x1 - bend},${ay} ${x2 - bend},${by} ${x2},${by}`;
  }
  const forward = ac < bc;
  const x1 = (forward ? a.right : a.left) - base.left;
  const x2 = (forward ? b.left : b.right) - base.left;
  const bend = Math.min(80, Math.max(20, Math.abs(x2 - x1) / 2)) * (forward ? 1 : -1);
  return `M${x1},${ay} C${x1 + bend},${ay} ${x2 - bend},${by} ${x2},${by}`;
}

interface Arrow {
  key: string;
  d: string;
  late: boolean;
  title: string;
}

/**
 * Arrows from each dependency's card to the card that depends on it, drawn over the board after layout (and
 * again when the board resizes). Red when the dependency lands later than the item that needs it.
 */
export function DependencyArrows({
  boardRef,
  dependencies,
  periodOf,
  titleOf,
  layoutKey,
}: {
  boardRef: RefObject<HTMLDivElement | null>;
  dependencies: { beforeId: string; afterId: string }[];
  /** An item's period index (null: unplanned). */
  periodOf: (id: string) => number | null | undefined;
  titleOf: (id: string) => string;
  /** Changes whenever cards may have moved. */
  layoutKey: unknown;
}) {
  const [arrows, setArrows] = useState<{ list: Arrow[]; w: number; h: number }>({ list: [], w: 0, h: 0 });

  // A passive effect: the board's ref is not set yet when its children's layout effects run.
  // biome-ignore lint/correctness/useExhaustiveDependencies: layoutKey stands for every card position
  useEffect(() => {
    const board = boardRef.current;
    if (!board) return;
    let frame = 0;
    let timer = 0;
    const measure = () => {
      const base = board.getBoundingClientRect();
      // Only cards in lanes near the view: measuring a card lays out its lane, and lanes out of view are
      // skipped by the browser (content-visibility) until then.
      const scroller = board.parentElement!.getBoundingClientRect();
      const near = new Set<Element>();
      for (const lane of board.querySelectorAll("[data-lane]")) {
        const r = lane.getBoundingClientRect();
        if (r.bottom > scroller.top - 800 && r.top < scroller.bottom + 800) near.add(lane);
      }
      const nodes = new Map<string, Element>();
      for (const lane of near)
        for (const el of lane.querySelectorAll("[data-item-id]"))
          nodes.set(el.getAttribute("data-item-id")!, el);
      const list: Arrow[] = [];
      for (const { beforeId, afterId } of dependencies) {
        const a = nodes.get(beforeId);
        const b = nodes.get(afterId);
        if (!a || !b) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        if (!ra.width || !rb.width) continue;
        const pa = periodOf(beforeId);
        const pb = periodOf(afterId);
        const late = pb !== null && pb !== undefined && (pa === null || pa === undefined || pa > pb);
        list.push({
          key: `${beforeId}>${afterId}`,
          d: route(ra, rb, base),
          late,
          title: `"${titleOf(afterId)}" depends on "${titleOf(beforeId)}"${late ? ", which lands later" : ""}`,
        });
      }
      setArrows({ list, w: board.scrollWidth, h: board.scrollHeight });
    };
    // After the next paint: the cards show first, their arrows a moment later.
    const schedule = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = requestAnimationFrame(() => {
        timer = window.setTimeout(measure, 0);
      });
    };
    schedule();
    const ro = new ResizeObserver(schedule);
    ro.observe(board);
    // Scrolling brings other lanes near: measure again once it settles.
    const scroller = board.parentElement!;
    const onScroll = () => {
      clearTimeout(timer);
      timer = window.setTimeout(measure, 120);
    };
    scroller.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      ro.disconnect();
      scroller.removeEventListener("scroll", onScroll);
    };
  }, [boardRef, dependencies, layoutKey]);

  if (!arrows.list.length) return null;
  return (
    <svg className={classes.arrows} width={arrows.w} height={arrows.h} aria-hidden>
      <defs>
        <marker
          id="rm-arrow"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" fill="var(--mantine-color-gray-6)" />
        </marker>
        <marker
          id="rm-arrow-late"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L8,4 L0,8 z" fill="var(--mantine-color-red-6)" />
        </marker>
      </defs>
      {arrows.list.map((a) => (
        <path
          key={a.key}
          d={a.d}
          fill="none"
          stroke={a.late ? "var(--mantine-color-red-6)" : "var(--mantine-color-gray-6)"}
          strokeWidth={a.late ? 2 : 1.5}
          strokeDasharray={a.late ? undefined : "4 3"}
          markerEnd={`url(#${a.late ? "rm-arrow-late" : "rm-arrow"})`}
          data-late={a.late || undefined}
        >
          <title>{a.title}</title>
        </path>
      ))}
    </svg>
  );
}
