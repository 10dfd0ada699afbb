import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RoundDetail } from "../../../shared/ideas.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { type Ballot, type CellRating, castRatings } from "./hooks.ts";

export type Cell = { value: number | null; abstainReason: string | null };
export type Other = { voterName: string; value: number | null };
export const keyOf = (ideaId: string, factorId: string) => `${ideaId}:${factorId}`;

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "error"; message: string }
  | { kind: "closed"; message: string };

const DEBOUNCE_MS = 500;

/** A cell counts as done when it has a rating or an abstention with its reason. */
export const isDone = (cell: Cell | undefined) =>
  Boolean(cell && (cell.value !== null || cell.abstainReason));

/**
 * The voter's ballot and its autosave, shared by the desktop grid and the phone's one-idea-at-a-time view:
 * changed cells queue up and go in one PUT per pause in typing; a failed batch is kept for a retry, and a 409
 * (the round closed meanwhile) locks the ballot.
 */
export function useBallotAutosave(round: RoundDetail, ballot: Ballot) {
  const { workspaceId: wid, user } = useWorkspace();
  const qc = useQueryClient();
  const [cells, setCells] = useState<Map<string, Cell>>(() => {
    const m = new Map<string, Cell>();
    for (const r of ballot.mine)
      m.set(keyOf(r.ideaId, r.factorId), { value: r.value, abstainReason: r.abstainReason });
    return m;
  });
  const others = useMemo(() => {
    const m = new Map<string, Other[]>();
    for (const r of ballot.others ?? []) {
      const k = keyOf(r.ideaId, r.factorId);
      const list = m.get(k) ?? [];
      list.push({ voterName: r.voterName, value: r.value });
      m.set(k, list);
    }
    return m;
  }, [ballot.others]);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [serverProgress, setServerProgress] = useState<{ done: number; total: number } | null>(null);
  const wasComplete = useRef<boolean | null>(null);
  const [pendingCount, setPendingCount] = useState(0);

  const pending = useRef(new Map<string, CellRating>());
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flushRef = useRef<() => Promise<void>>(async () => {});

  flushRef.current = async () => {
    clearTimeout(timer.current);
    if (inFlight.current || pending.current.size === 0) return;
    const batch = [...pending.current.values()];
    pending.current = new Map();
    inFlight.current = true;
    setSave({ kind: "saving" });
    try {
      const res = await castRatings(wid, round.id, batch);
      setServerProgress(res.progress);
      // Finishing (or un-finishing) the ballot changes the round's "n of m voters finished": refetch its header.
      const complete = res.progress.total > 0 && res.progress.done >= res.progress.total;
      if (complete !== wasComplete.current) {
        wasComplete.current = complete;
        void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "detail", round.id) });
      }
      // The cached ballot seeds the grid when it mounts again (another tab, a later visit).
      qc.setQueryData<Ballot>(wsKey(wid, "rounds", "ballot", round.id), (b) => {
        if (!b) return b;
        const saved = new Map(batch.map((r) => [keyOf(r.ideaId, r.factorId), r]));
        const at = new Date().toISOString();
        const mine = b.mine.filter((r) => !saved.has(keyOf(r.ideaId, r.factorId)));
        for (const r of saved.values())
          mine.push({ ...r, abstainReason: r.abstainReason ?? null, voterId: user.id, updatedAt: at });
        return { ...b, mine };
      });
      void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "list") });
      if (round.showOthers || round.canManage)
        void qc.invalidateQueries({ queryKey: wsKey(wid, "rounds", "results", round.id) });
      setSave(pending.current.size ? { kind: "saving" } : { kind: "saved" });
    } catch (err) {
      // Put the batch back (unless newer edits of the same cells are queued) so a retry sends it.
      for (const r of batch) {
        const k = keyOf(r.ideaId, r.factorId);
        if (!pending.current.has(k)) pending.current.set(k, r);
      }
      if (err instanceof ApiError && err.status === 409) setSave({ kind: "closed", message: err.message });
      else setSave({ kind: "error", message: errorMessage(err) });
      inFlight.current = false;
      setPendingCount(pending.current.size);
      return;
    }
    inFlight.current = false;
    setPendingCount(pending.current.size);
    if (pending.current.size) void flushRef.current();
  };

  const queue = useCallback((r: CellRating) => {
    pending.current.set(keyOf(r.ideaId, r.factorId), r);
    setPendingCount(pending.current.size);
    setSave((s) => (s.kind === "closed" ? s : { kind: "saving" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), DEBOUNCE_MS);
  }, []);

  // Leaving the page sends what is still queued.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      if (pending.current.size && !inFlight.current) void flushRef.current();
    },
    [],
  );
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (pending.current.size || inFlight.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const setCell = (ideaId: string, factorId: string, value: number | null, abstainReason: string | null) => {
    setCells((prev) => new Map(prev).set(keyOf(ideaId, factorId), { value, abstainReason }));
    queue({ ideaId, factorId, value, abstainReason });
  };

  const total = round.ideas.length * round.factors.length;
  let done = 0;
  for (const idea of round.ideas)
    for (const f of round.factors) if (isDone(cells.get(keyOf(idea.id, f.id)))) done++;
  const progress = pendingCount === 0 && serverProgress ? serverProgress : { done, total };

  return {
    cells,
    others,
    setCell,
    save,
    pendingCount,
    progress,
    retry: () => void flushRef.current(),
  };
}

export type BallotState = ReturnType<typeof useBallotAutosave>;
