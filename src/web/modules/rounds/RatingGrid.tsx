import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Kbd,
  Loader,
  Popover,
  Progress,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconCloudUpload,
  IconLock,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Fragment, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FactorDef, RoundDetail } from "../../../shared/ideas.schemas.ts";
import { ApiError, errorMessage } from "../../api/client.ts";
import { wsKey } from "../../api/hooks.ts";
import { colorFor } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown, markdownExcerpt } from "../ideas/markdown.tsx";
import { type Ballot, type CellRating, castRatings } from "./hooks.ts";
import { IdeaComments } from "./IdeaComments.tsx";
import { fmt } from "./parts.tsx";
import css from "./rounds.module.css";

type Cell = { value: number | null; abstainReason: string | null };
type Other = { voterName: string; value: number | null };
const keyOf = (ideaId: string, factorId: string) => `${ideaId}:${factorId}`;

/** "4 — Large revenue impact" (or just "4" when the factor has no labels). */
export function valueLabel(f: FactorDef, v: number): string {
  const l = f.labels[v - f.scaleMin];
  return l ? `${v} — ${l}` : String(v);
}

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "error"; message: string }
  | { kind: "closed"; message: string };

const DEBOUNCE_MS = 500;

/**
 * The voter's ballot as a keyboard-first grid: ideas × factors. Digits rate, 0 or A abstains (with a
 * reason), arrows and Tab move. Changes are saved in batches shortly after typing stops.
 */
export function RatingGrid({
  round,
  ballot,
  readOnly,
  readOnlyReason,
}: {
  round: RoundDetail;
  ballot: Ballot;
  readOnly: boolean;
  readOnlyReason: string;
}) {
  const { workspaceId: wid, can, user } = useWorkspace();
  const qc = useQueryClient();
  const factors = round.factors;
  const ideas = round.ideas;
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

  const [active, setActive] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const [abstaining, setAbstaining] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [serverProgress, setServerProgress] = useState<{ done: number; total: number } | null>(null);
  const [pendingCount, setPendingCount] = useState(0);
  const gridRef = useRef<HTMLTableElement>(null);

  const locked = readOnly || save.kind === "closed";

  // ---- autosave: changed cells queue up, one PUT per pause in typing ----
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

  // ---- editing ----
  const focusCell = useCallback((r: number, c: number) => {
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-cell="${r}-${c}"]`);
    el?.focus();
  }, []);

  const advance = (r: number, c: number) => {
    let nr = r;
    let nc = c + 1;
    if (nc >= factors.length) {
      nc = 0;
      nr = Math.min(ideas.length - 1, r + 1);
      if (nr === r) nc = factors.length - 1;
    }
    setActive({ r: nr, c: nc });
    focusCell(nr, nc);
  };

  const setCell = (r: number, c: number, value: number | null, abstainReason: string | null) => {
    if (locked) return;
    const idea = ideas[r];
    const f = factors[c];
    if (!idea || !f) return;
    const k = keyOf(idea.id, f.id);
    setCells((prev) => new Map(prev).set(k, { value, abstainReason }));
    queue({ ideaId: idea.id, factorId: f.id, value, abstainReason });
  };

  const rate = (r: number, c: number, value: number) => {
    setCell(r, c, value, null);
    advance(r, c);
  };

  const startAbstain = (r: number, c: number) => {
    if (locked) return;
    const idea = ideas[r];
    const f = factors[c];
    if (!idea || !f) return;
    const k = keyOf(idea.id, f.id);
    setActive({ r, c });
    setReason(cells.get(k)?.abstainReason ?? "");
    setReasonError(null);
    setAbstaining(k);
  };

  const confirmAbstain = () => {
    const text = reason.trim();
    if (text.length < 3) {
      setReasonError("Say why you abstain (at least 3 characters)");
      return;
    }
    setAbstaining(null);
    setCell(active.r, active.c, null, text);
    advance(active.r, active.c);
  };

  const cancelAbstain = () => {
    setAbstaining(null);
    focusCell(active.r, active.c);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const pos = target.dataset.cell;
    if (!pos) return; // keys typed in a comment box or the abstain popover
    const [r, c] = pos.split("-").map(Number) as [number, number];
    const f = factors[c]!;
    const move = (nr: number, nc: number) => {
      e.preventDefault();
      const rr = Math.max(0, Math.min(ideas.length - 1, nr));
      const cc = Math.max(0, Math.min(factors.length - 1, nc));
      setActive({ r: rr, c: cc });
      focusCell(rr, cc);
    };
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowRight":
        return move(r, c + 1);
      case "ArrowLeft":
        return move(r, c - 1);
      case "ArrowDown":
        return move(r + 1, c);
      case "ArrowUp":
        return move(r - 1, c);
      case "Home":
        return move(r, 0);
      case "End":
        return move(r, factors.length - 1);
      case "Enter":
      case " ":
        e.preventDefault();
        return toggleExpanded(ideas[r]!.id);
    }
    if (locked) return;
    const current = cells.get(keyOf(ideas[r]!.id, f.id))?.value ?? null;
    if (e.key === "+" || e.key === "=") {
      e.preventDefault();
      setCell(r, c, Math.min(f.scaleMax, (current ?? f.scaleMin - 1) + 1), null);
      return;
    }
    if (e.key === "-") {
      e.preventDefault();
      setCell(r, c, Math.max(f.scaleMin, (current ?? f.scaleMax + 1) - 1), null);
      return;
    }
    if (e.key.toLowerCase() === "a" || (e.key === "0" && f.scaleMin > 0)) {
      e.preventDefault();
      startAbstain(r, c);
      return;
    }
    if (/^[0-9]$/.test(e.key)) {
      const v = Number(e.key);
      e.preventDefault();
      if (v >= f.scaleMin && v <= f.scaleMax) rate(r, c, v);
    }
  };

  const toggleExpanded = (ideaId: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(ideaId)) next.delete(ideaId);
      else next.add(ideaId);
      return next;
    });

  // ---- progress and the active cell's description ----
  const total = ideas.length * factors.length;
  let done = 0;
  for (const idea of ideas)
    for (const f of factors) {
      const cell = cells.get(keyOf(idea.id, f.id));
      if (cell && (cell.value !== null || cell.abstainReason)) done++;
    }
  const progress = pendingCount === 0 && serverProgress ? serverProgress : { done, total };
  const activeIdea = ideas[active.r];
  const activeFactor = factors[active.c];
  const activeCell =
    activeIdea && activeFactor ? cells.get(keyOf(activeIdea.id, activeFactor.id)) : undefined;

  const minDigit = Math.min(...factors.map((f) => f.scaleMin));
  const maxDigit = Math.max(...factors.map((f) => f.scaleMax));

  return (
    <Stack gap="sm">
      {locked ? (
        <Alert
          color={save.kind === "closed" ? "orange" : "gray"}
          variant="light"
          icon={<IconLock size={18} />}
          title="Voting has closed"
          role="alert"
        >
          {save.kind === "closed" ? `${save.message} Your last changes were not saved.` : readOnlyReason}
        </Alert>
      ) : null}
      <Box className={css.toolbar}>
        <Stack gap={8}>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm" wrap="nowrap" style={{ flex: "1 1 280px" }}>
              <Progress
                value={progress.total ? (100 * progress.done) / progress.total : 0}
                color={progress.done >= progress.total && progress.total > 0 ? "teal" : "baton"}
                size="md"
                style={{ flex: 1, maxWidth: 320 }}
                aria-label="My progress"
              />
              <Text size="sm" fw={600} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                {progress.done} of {progress.total} rated
              </Text>
            </Group>
            <SaveStatus state={save} onRetry={() => void flushRef.current()} pending={pendingCount} />
          </Group>
          {activeIdea && activeFactor ? (
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm" style={{ minWidth: 0 }} aria-live="polite">
                <Text span fw={600}>
                  {activeFactor.name}
                </Text>
                <Text span c="dimmed">
                  {" · "}#{activeIdea.number} {activeIdea.title}:{" "}
                </Text>
                <Text span fw={600} data-testid="current-value">
                  {activeCell?.value != null
                    ? valueLabel(activeFactor, activeCell.value)
                    : activeCell?.abstainReason
                      ? `Abstained — ${activeCell.abstainReason}`
                      : "not rated yet"}
                </Text>
              </Text>
              {!locked ? (
                <Group gap={4} wrap="nowrap" aria-label="Rate the selected cell">
                  {Array.from(
                    { length: activeFactor.scaleMax - activeFactor.scaleMin + 1 },
                    (_, i) => activeFactor.scaleMin + i,
                  ).map((v) => (
                    <Tooltip key={v} label={valueLabel(activeFactor, v)}>
                      <Button
                        size="compact-sm"
                        variant={activeCell?.value === v ? "filled" : "default"}
                        onClick={() => rate(active.r, active.c, v)}
                        aria-label={`Rate ${valueLabel(activeFactor, v)}`}
                        miw={30}
                      >
                        {v}
                      </Button>
                    </Tooltip>
                  ))}
                  <Button
                    size="compact-sm"
                    variant={activeCell && activeCell.value === null ? "filled" : "default"}
                    color="gray"
                    onClick={() => startAbstain(active.r, active.c)}
                  >
                    Abstain
                  </Button>
                </Group>
              ) : null}
            </Group>
          ) : null}
          <Text size="xs" c="dimmed">
            <Kbd size="xs">{minDigit}</Kbd>–<Kbd size="xs">{maxDigit}</Kbd> rates and moves on ·{" "}
            <Kbd size="xs">0</Kbd> or <Kbd size="xs">A</Kbd> abstains · <Kbd size="xs">←</Kbd>
            <Kbd size="xs">→</Kbd>
            <Kbd size="xs">↑</Kbd>
            <Kbd size="xs">↓</Kbd> or <Kbd size="xs">Tab</Kbd> move · <Kbd size="xs">Enter</Kbd> shows the
            idea. Saved automatically.
          </Text>
        </Stack>
      </Box>

      <Box className="baton-surface" style={{ overflowX: "auto" }}>
        <table
          ref={gridRef}
          className={css.grid}
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an ARIA grid (keyboard rating)
          role="grid"
          aria-label={`Ratings for ${round.name}`}
          aria-readonly={locked || undefined}
          onKeyDown={onKeyDown}
        >
          <thead>
            <tr>
              <th scope="col">Idea</th>
              {factors.map((f) => (
                <th key={f.id} scope="col">
                  <FactorHeader factor={f} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ideas.map((idea, r) => {
              const open = expanded.has(idea.id);
              return (
                <Fragment key={idea.id}>
                  <tr>
                    <th scope="row" className={css.ideaCell} style={{ fontWeight: 400, textAlign: "left" }}>
                      <Group gap={6} wrap="nowrap" align="flex-start">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          onClick={() => toggleExpanded(idea.id)}
                          aria-expanded={open}
                          aria-label={`${open ? "Hide" : "Show"} details of ${idea.title}`}
                          tabIndex={-1}
                        >
                          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                        </ActionIcon>
                        <Stack gap={0} style={{ minWidth: 0 }}>
                          <Text size="sm" fw={600} lineClamp={2}>
                            <Text span c="dimmed" fw={400}>
                              #{idea.number}{" "}
                            </Text>
                            {idea.title}
                          </Text>
                          {idea.description && !open ? (
                            <Text size="xs" c="dimmed" lineClamp={1}>
                              {markdownExcerpt(idea.description)}
                            </Text>
                          ) : null}
                        </Stack>
                      </Group>
                    </th>
                    {factors.map((f, c) => {
                      const k = keyOf(idea.id, f.id);
                      const cell = cells.get(k);
                      const isActive = active.r === r && active.c === c;
                      return (
                        <td
                          key={f.id}
                          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the ARIA grid
                          role="gridcell"
                          tabIndex={0}
                          data-cell={`${r}-${c}`}
                          data-active={isActive}
                          data-readonly={locked}
                          className={css.cell}
                          aria-label={`${f.name} for ${idea.title}: ${
                            cell?.value != null
                              ? valueLabel(f, cell.value)
                              : cell?.abstainReason
                                ? "abstained"
                                : "not rated"
                          }`}
                          onFocus={() => setActive({ r, c })}
                          onClick={(e) => e.currentTarget.focus()}
                        >
                          <CellValue factor={f} cell={cell} />
                          <OthersLine list={others.get(k)} factor={f} />
                          {abstaining === k ? (
                            <Popover
                              opened
                              onClose={cancelAbstain}
                              position="bottom"
                              withArrow
                              trapFocus
                              returnFocus={false}
                              width={280}
                            >
                              <Popover.Target>
                                <span style={{ position: "absolute", inset: 0, pointerEvents: "none" }} />
                              </Popover.Target>
                              <Popover.Dropdown>
                                <form
                                  onSubmit={(e) => {
                                    e.preventDefault();
                                    confirmAbstain();
                                  }}
                                >
                                  <Stack gap="xs">
                                    <TextInput
                                      label="Why do you abstain?"
                                      description={`${f.name} · ${idea.title}`}
                                      placeholder="e.g. Not my area"
                                      size="xs"
                                      data-autofocus
                                      value={reason}
                                      error={reasonError}
                                      onChange={(e) => {
                                        setReason(e.currentTarget.value);
                                        setReasonError(null);
                                      }}
                                      onKeyDown={(e) => {
                                        if (e.key === "Escape") {
                                          e.preventDefault();
                                          cancelAbstain();
                                        }
                                      }}
                                    />
                                    <Group justify="flex-end" gap="xs">
                                      <Button size="compact-sm" variant="default" onClick={cancelAbstain}>
                                        Cancel
                                      </Button>
                                      <Button size="compact-sm" type="submit">
                                        Abstain
                                      </Button>
                                    </Group>
                                  </Stack>
                                </form>
                              </Popover.Dropdown>
                            </Popover>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                  {open ? (
                    <tr className={css.expandRow}>
                      <td colSpan={factors.length + 1}>
                        <Stack gap="sm" maw={760}>
                          {idea.description ? (
                            <Markdown source={idea.description} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              No description.
                            </Text>
                          )}
                          <IdeaComments
                            ideaId={idea.id}
                            roundId={round.id}
                            canComment={can("ideas.comment")}
                          />
                        </Stack>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </Box>
    </Stack>
  );
}

function SaveStatus({ state, onRetry, pending }: { state: SaveState; onRetry: () => void; pending: number }) {
  let content: React.ReactNode = (
    <Text size="sm" c="dimmed">
      Changes save automatically
    </Text>
  );
  if (state.kind === "saving")
    content = (
      <Group gap={6} wrap="nowrap">
        <Loader size={14} />
        <Text size="sm" c="dimmed">
          Saving…
        </Text>
      </Group>
    );
  else if (state.kind === "saved")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
        <Text size="sm" c="teal.7" fw={500}>
          Saved
        </Text>
      </Group>
    );
  else if (state.kind === "error")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconAlertTriangle size={16} color="var(--mantine-color-red-6)" aria-hidden />
        <Text size="sm" c="red.7">
          Not saved: {state.message}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconCloudUpload size={12} />}
          onClick={onRetry}
        >
          Retry ({pending})
        </Button>
      </Group>
    );
  else if (state.kind === "closed")
    content = (
      <Group gap={6} wrap="nowrap">
        <IconLock size={16} aria-hidden />
        <Text size="sm" c="orange.8">
          Not saved: the round is closed
        </Text>
      </Group>
    );
  return (
    <div role="status" aria-live="polite" data-testid="save-status">
      {content}
    </div>
  );
}

function CellValue({ factor, cell }: { factor: FactorDef; cell: Cell | undefined }) {
  if (!cell || (cell.value === null && !cell.abstainReason))
    return (
      <span className={css.value} data-empty="true">
        ·
      </span>
    );
  if (cell.value === null)
    return (
      <Tooltip label={`Abstained: ${cell.abstainReason}`}>
        <span className={css.value} data-abstained="true">
          Abstain
        </span>
      </Tooltip>
    );
  const frac = (cell.value - factor.scaleMin) / Math.max(1, factor.scaleMax - factor.scaleMin);
  return (
    <span
      className={css.value}
      data-strong={frac > 0.6}
      style={{
        background: `color-mix(in srgb, var(--mantine-color-baton-5) ${Math.round(12 + 48 * frac)}%, transparent)`,
      }}
    >
      {cell.value}
    </span>
  );
}

function OthersLine({ list, factor }: { list: Other[] | undefined; factor: FactorDef }) {
  if (!list?.length) return null;
  const values = list.filter((o) => o.value !== null).map((o) => o.value as number);
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  return (
    <Tooltip
      label={
        <Stack gap={2}>
          {list.map((o) => (
            <Text key={o.voterName} size="xs">
              {o.voterName}: {o.value !== null ? valueLabel(factor, o.value) : "abstained"}
            </Text>
          ))}
        </Stack>
      }
    >
      <span className={css.others}>
        <span aria-hidden style={{ display: "inline-flex", gap: 2 }}>
          {list.slice(0, 5).map((o) => (
            <span
              key={o.voterName}
              style={{
                width: 6,
                height: 6,
                borderRadius: 999,
                background: `var(--mantine-color-${colorFor(o.voterName)}-5)`,
              }}
            />
          ))}
        </span>
        <span>
          {list.length} {list.length === 1 ? "other" : "others"} ·{" "}
          {mean === null ? "—" : `avg ${fmt(mean, 1)}`}
        </span>
      </span>
    </Tooltip>
  );
}

/** A factor's column header: name, direction and weight; its description and scale labels on hover. */
export function FactorHeader({ factor: f, compact }: { factor: FactorDef; compact?: boolean }) {
  return (
    <Tooltip
      multiline
      w={280}
      withArrow
      label={
        <Stack gap={4}>
          {f.description ? <Text size="xs">{f.description}</Text> : null}
          <Text size="xs" fw={600}>
            {f.direction === "cost"
              ? "Cost: a higher rating lowers the score"
              : "Benefit: a higher rating raises the score"}
            {` · weight ${fmt(f.weight)}`}
          </Text>
          {Array.from({ length: f.scaleMax - f.scaleMin + 1 }, (_, i) => f.scaleMin + i).map((v) => (
            <Text key={v} size="xs">
              {valueLabel(f, v)}
            </Text>
          ))}
        </Stack>
      }
    >
      <Stack gap={2} align="center" style={{ cursor: "help" }} tabIndex={-1}>
        <Text size="sm" fw={600} ta="center" style={{ whiteSpace: "normal", lineHeight: 1.2 }}>
          {f.name}
        </Text>
        {compact ? null : (
          <Badge
            size="xs"
            variant="light"
            color={f.direction === "cost" ? "orange" : "teal"}
            leftSection={f.direction === "cost" ? <IconArrowDown size={10} /> : <IconArrowUp size={10} />}
          >
            {f.direction} · ×{fmt(f.weight)}
          </Badge>
        )}
      </Stack>
    </Tooltip>
  );
}
