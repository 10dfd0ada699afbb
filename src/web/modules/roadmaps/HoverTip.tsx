import { type RefObject, useEffect, useState } from "react";
import { createPortal } from "react-dom";
import classes from "./roadmap.module.css";

interface Tip {
  text: string;
  x: number;
  y: number;
  below: boolean;
}

/**
 * One tooltip for every `[data-tip]` element inside a container (SMART chips on a thousand cards): listeners
 * on the container, not a tooltip component per chip. Only this component re-renders on hover.
 */
export function HoverTip({ containerRef }: { containerRef: RefObject<HTMLElement | null> }) {
  const [tip, setTip] = useState<Tip | null>(null);
  useEffect(() => {
    const root = containerRef.current;
    if (!root) return;
    let current: Element | null = null;
    const over = (e: Event) => {
      const el = (e.target as Element | null)?.closest?.("[data-tip]");
      if (el === current) return;
      current = el ?? null;
      if (!el || !root.contains(el)) {
        setTip(null);
        return;
      }
      const r = el.getBoundingClientRect();
      const below = r.top < 80;
      setTip({
        text: el.getAttribute("data-tip") ?? "",
        x: r.left + r.width / 2,
        y: below ? r.bottom + 6 : r.top - 6,
        below,
      });
    };
    const leave = () => {
      current = null;
      setTip(null);
    };
    root.addEventListener("mouseover", over);
    root.addEventListener("mouseleave", leave);
    root.addEventListener("pointerdown", leave);
    root.addEventListener("scroll", leave, true);
    return () => {
      root.removeEventListener("mouseover", over);
      root.removeEventListener("mouseleave", leave);
      root.removeEventListener("pointerdown", leave);
      root.removeEventListener("scroll", leave, true);
    };
  }, [containerRef]);
  if (!tip) return null;
  return createPortal(
    <div
      className={classes.tip}
      data-below={tip.below || undefined}
      style={{ left: tip.x, top: tip.y }}
      aria-hidden
    >
      {tip.text}
    </div>,
    document.body,
  );
}
