import { useState } from "react";

/** How many times a dialog has been opened, given whether it was open before and is now. */
export function nextOpenings(prev: { opened: boolean; count: number }, opened: boolean) {
  if (prev.opened === opened) return prev;
  return { opened, count: prev.count + (opened ? 1 : 0) };
}

/**
 * Counts a dialog's openings, to key what must start afresh on each one: `<Dialog key={useOpenings(opened)} />`
 * mounts the dialog (its form, its "created" step…) anew each time it opens, without a reset in an effect. The count
 * is updated while rendering (React's "adjust state when a prop changes"), so the new key applies to the same render.
 */
export function useOpenings(opened: boolean): number {
  const [state, setState] = useState(() => ({ opened, count: opened ? 1 : 0 }));
  const next = nextOpenings(state, opened);
  if (next !== state) setState(next);
  return next.count;
}
