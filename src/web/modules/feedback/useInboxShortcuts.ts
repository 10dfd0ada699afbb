import { type Dispatch, type SetStateAction, useEffect, useEffectEvent } from "react";
import { notifyError } from "../../components/feedback.tsx";
import type { FeedbackItem, Patch } from "./hooks.ts";
import { shortcutOf, toggled } from "./inbox.logic.ts";

export interface InboxShortcuts {
  /** Off while a dialog is open. */
  enabled: boolean;
  canWrite: boolean;
  isPhone: boolean;
  selectedId: string | null;
  selected: FeedbackItem | undefined;
  /** The items an action applies to (checked ones, else the selected one). */
  targets: () => string[];
  move: (delta: number) => void;
  act: (status: "triaged" | "archived" | "spam") => void;
  assign: (assigneeId: string | null) => void;
  openLink: () => void;
  patch: (id: string, changes: Patch) => Promise<unknown>;
  userId: string;
  setChecked: Dispatch<SetStateAction<Set<string>>>;
  openPhone: () => void;
  openHelp: () => void;
  openCapture: () => void;
  openAssign: () => void;
  focusSearch: () => void;
}

/**
 * The inbox's keyboard triage (? for the list): J/K or the arrows move, X checks, T/E/S triage, archive or mark
 * spam, L links to an idea, A/I assign, U flips read, Escape clears the checks. Keys typed into a field or a
 * dialog are left alone.
 */
export function useInboxShortcuts(o: InboxShortcuts) {
  // Reads the latest options on each key, so the listener is added once.
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    const { enabled, canWrite, isPhone, selectedId, selected, targets, setChecked } = o;
    if (!enabled || e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.closest("input, textarea, select, [contenteditable=true]") || t.closest('[role="dialog"]')))
      return;
    const write = canWrite && targets().length > 0;
    const keys: Record<string, (() => unknown) | false> = {
      "?": () => o.openHelp(),
      f: () => o.focusSearch(),
      j: () => o.move(1),
      k: () => o.move(-1),
      Enter: isPhone && Boolean(selectedId) && (() => o.openPhone()),
      x: Boolean(selectedId) && (() => setChecked((c) => toggled(c, selectedId!))),
      c: canWrite && (() => o.openCapture()),
      l: write && (() => o.openLink()),
      t: write && (() => o.act("triaged")),
      e: write && (() => o.act("archived")),
      s: write && (() => o.act("spam")),
      a: write && (() => o.openAssign()),
      i: write && (() => o.assign(o.userId)),
      u:
        canWrite &&
        Boolean(selected) &&
        (() => o.patch(selected!.id, { read: !selected!.read }).catch(notifyError)),
    };
    if (e.key === "Escape") {
      setChecked(new Set());
      return;
    }
    const fn = keys[shortcutOf(e.key)];
    if (fn) {
      e.preventDefault();
      fn();
    }
  });
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
