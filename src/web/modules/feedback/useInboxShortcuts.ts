import { type Dispatch, type SetStateAction, useEffect } from "react";
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
  const {
    enabled,
    canWrite,
    isPhone,
    selectedId,
    selected,
    targets,
    move,
    act,
    assign,
    openLink,
    patch,
    userId,
    setChecked,
    openPhone,
    openHelp,
    openCapture,
    openAssign,
    focusSearch,
  } = o;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!enabled || e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.closest("input, textarea, select, [contenteditable=true]") || t.closest('[role="dialog"]')))
        return;
      const write = canWrite && targets().length > 0;
      const keys: Record<string, (() => unknown) | false> = {
        "?": () => openHelp(),
        f: () => focusSearch(),
        j: () => move(1),
        k: () => move(-1),
        Enter: isPhone && Boolean(selectedId) && (() => openPhone()),
        x: Boolean(selectedId) && (() => setChecked((c) => toggled(c, selectedId!))),
        c: canWrite && (() => openCapture()),
        l: write && (() => openLink()),
        t: write && (() => act("triaged")),
        e: write && (() => act("archived")),
        s: write && (() => act("spam")),
        a: write && (() => openAssign()),
        i: write && (() => assign(userId)),
        u:
          canWrite &&
          Boolean(selected) &&
          (() => patch(selected!.id, { read: !selected!.read }).catch(notifyError)),
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
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [
    enabled,
    canWrite,
    isPhone,
    selectedId,
    selected,
    targets,
    move,
    act,
    assign,
    openLink,
    patch,
    userId,
    setChecked,
    openPhone,
    openHelp,
    openCapture,
    openAssign,
    focusSearch,
  ]);
}
