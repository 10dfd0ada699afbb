import { type RefObject, useEffect, useState } from "react";

/** A card's height with its gap, for the space kept by lanes not rendered yet. */
export const CARD_SPACE = 62;
const FIRST_SCREENS_PX = 1800;

export function laneHeight(counts: number[]): number {
  return 24 + Math.max(1, ...counts) * CARD_SPACE;
}

/**
 * Which lanes render their cards. A thousand cards at once cost most of a second of DOM and layout, so the
 * lanes that fill the first two screens render at once and every other lane as it comes within 800 px of
 * the view (an IntersectionObserver on the scroller). Until then a lane keeps its cards' space, and its
 * cells still take drops. Lanes stay rendered once shown.
 */
export function useLiveLanes(
  scrollerRef: RefObject<HTMLElement | null>,
  laneKeys: string[],
  heights: number[],
): Set<string> {
  const signature = laneKeys.join("\u0000");
  const first = () => {
    const s = new Set<string>();
    let y = 0;
    for (let i = 0; i < laneKeys.length && y < FIRST_SCREENS_PX; i++) {
      s.add(laneKeys[i]!);
      y += heights[i]!;
    }
    return s;
  };
  const [live, setLive] = useState(first);
  const [seen, setSeen] = useState(signature);
  if (seen !== signature) {
    // Other lanes (another "lanes by", a filter): keep those still there, and fill the first screens.
    setSeen(signature);
    const keys = new Set(laneKeys);
    setLive(new Set([...[...live].filter((k) => keys.has(k)), ...first()]));
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-observe when the lanes change
  useEffect(() => {
    const root = scrollerRef.current;
    if (!root) return;
    const io = new IntersectionObserver(
      (entries) => {
        const add = entries
          .filter((e) => e.isIntersecting)
          .map((e) => (e.target as HTMLElement).dataset.lane!);
        if (!add.length) return;
        setLive((prev) => {
          if (add.every((k) => prev.has(k))) return prev;
          const next = new Set(prev);
          for (const k of add) next.add(k);
          return next;
        });
      },
      { root, rootMargin: "800px 0px" },
    );
    for (const el of root.querySelectorAll("[data-lane]")) io.observe(el);
    return () => io.disconnect();
  }, [scrollerRef, signature]);

  return live;
}

/** A long list inside a scrolling box renders `step` cards at a time, more as it is scrolled near its end. */
export function useIncremental(total: number, step = 60) {
  const [limit, setLimit] = useState(step);
  const onScroll = (e: React.UIEvent<HTMLElement>) => {
    const el = e.currentTarget;
    if (limit < total && el.scrollTop + el.clientHeight > el.scrollHeight - 300) setLimit((n) => n + step);
  };
  return { limit, onScroll };
}
