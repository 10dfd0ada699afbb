import { useState } from "react";
import { type Draft, followServer, serializeDrafts } from "./drafts.ts";

/**
 * The factor drafts being edited, following the server's set: when `initial` changes (new data from the server),
 * the drafts are replaced unless they hold unsaved edits (followServer). Done while rendering (React's "adjust
 * state when a prop changes"), not in an effect. `markSaved` makes what was just saved the baseline.
 */
export function useFactorDrafts(initial: Draft[]) {
  const [drafts, setDrafts] = useState<Draft[]>(initial);
  const [synced, setSynced] = useState(() => ({ initial, baseline: serializeDrafts(initial) }));
  let baseline = synced.baseline;
  let current = drafts;
  if (synced.initial !== initial) {
    const next = followServer({ drafts, baseline }, initial);
    baseline = next.baseline;
    current = next.drafts;
    setSynced({ initial, baseline });
    if (next.drafts !== drafts) setDrafts(next.drafts);
  }
  const markSaved = (saved: Draft[]) => setSynced((s) => ({ ...s, baseline: serializeDrafts(saved) }));
  return { drafts: current, setDrafts, dirty: serializeDrafts(current) !== baseline, markSaved };
}
