import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { type FeedbackItem, type Patch, useItem } from "./hooks.ts";
import { selectionAfter, stepSelection } from "./inbox.logic.ts";

/**
 * The inbox's selection and triage: the selected item (the first one until one is chosen; a deep-linked item
 * even when the list does not hold it), the checked ones, moving with J/K, and writes that move on to the next
 * item. Opening an unread item marks it read after a moment.
 */
export function useInboxTriage({
  wid,
  items,
  deepLink,
  canWrite,
  isPhone,
  patch,
  inbox,
}: {
  wid: string;
  items: FeedbackItem[];
  deepLink: string | null;
  canWrite: boolean;
  isPhone: boolean;
  patch: (id: string, changes: Patch) => Promise<unknown>;
  inbox: { refetch: () => unknown };
}) {
  const [selectedId, setSelectedId] = useState<string | null>(deepLink);
  const [phoneOpen, setPhoneOpen] = useState(Boolean(deepLink));
  const [checked, setChecked] = useState<Set<string>>(new Set());

  // The first item is selected when the list arrives or the selected one leaves it.
  const listed = items.find((i) => i.id === selectedId);
  const deep = useItem(wid, deepLink && selectedId === deepLink && !listed ? deepLink : null);
  const selected = listed ?? (deep.data?.id === selectedId ? deep.data : undefined);
  useEffect(() => {
    if (!selected && items.length && !(deepLink && selectedId === deepLink)) setSelectedId(items[0]!.id);
  }, [selected, items, deepLink, selectedId]);

  // Opening an unread item marks it read after a moment (not while skimming past with J/K).
  useEffect(() => {
    if (!selected || selected.read || !canWrite || (isPhone && !phoneOpen)) return;
    const t = setTimeout(() => void patch(selected.id, { read: true }).catch(() => undefined), 600);
    return () => clearTimeout(t);
  }, [selected, canWrite, patch, isPhone, phoneOpen]);

  const move = useCallback(
    (delta: number) => {
      const next = stepSelection(items, selectedId, delta);
      if (next) setSelectedId(next);
    },
    [items, selectedId],
  );

  /** The items an action applies to: the checked ones, else the selected one. */
  const targets = useCallback(
    (): string[] => (checked.size ? [...checked] : selectedId ? [selectedId] : []),
    [checked, selectedId],
  );
  /** After acting on the selected item, the triager moves on to the next one. */
  const advancePast = useCallback(
    (ids: string[]) => {
      const next = selectionAfter(items, selectedId, ids);
      if (next !== undefined) setSelectedId(next);
    },
    [items, selectedId],
  );

  const run = useCallback(
    async (ids: string[], changes: Patch, done: string) => {
      if (!ids.length) return;
      advancePast(ids);
      setChecked(new Set());
      const results = await Promise.allSettled(ids.map((id) => patch(id, changes)));
      const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      if (failed.length) {
        const err = failed[0]!.reason;
        notifyError(
          err,
          err instanceof ApiError && err.isStale
            ? "Someone else changed this item: it was reloaded, try again"
            : `${failed.length} of ${ids.length} could not be changed`,
        );
        void inbox.refetch();
      } else if (ids.length > 1) notifySuccess(`${ids.length} items ${done}.`);
    },
    [advancePast, patch, inbox],
  );

  const act = useCallback(
    (status: "triaged" | "archived" | "spam") =>
      void run(
        targets(),
        { status },
        status === "triaged" ? "marked triaged" : status === "archived" ? "archived" : "marked as spam",
      ),
    [run, targets],
  );
  const assign = useCallback(
    (assigneeId: string | null) =>
      void run(targets(), { assigneeId }, assigneeId ? "assigned" : "unassigned"),
    [run, targets],
  );

  return {
    selectedId,
    setSelectedId,
    selected,
    phoneOpen,
    setPhoneOpen,
    checked,
    setChecked,
    move,
    targets,
    advancePast,
    run,
    act,
    assign,
  };
}
