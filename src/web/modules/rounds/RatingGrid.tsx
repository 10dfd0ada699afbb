import { ActionIcon, Box, Button, Group, Kbd, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, type KeyboardEvent, useCallback, useRef, useState } from "react";
import type { RoundDetail } from "../../../shared/ideas.schemas.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { Markdown, markdownExcerpt } from "../ideas/markdown.tsx";
import { IdeaComments } from "./IdeaComments.tsx";
import {
  AbstainForm,
  BallotProgress,
  CellValue,
  FactorHeader,
  OthersLine,
  scaleOf,
  valueLabel,
} from "./ratingParts.tsx";
import css from "./rounds.module.css";
import { type BallotState, keyOf } from "./useBallotAutosave.ts";

/**
 * The voter's ballot as a keyboard-first grid: ideas × factors. Digits rate, 0 or A abstains (with a
 * reason), arrows and Tab move. Changes are saved in batches shortly after typing stops.
 */
export function RatingGrid({
  round,
  ballot,
  locked,
}: {
  round: RoundDetail;
  ballot: BallotState;
  locked: boolean;
}) {
  const { can } = useWorkspace();
  const factors = round.factors;
  const ideas = round.ideas;
  const { cells, others } = ballot;
  const [active, setActive] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const [abstaining, setAbstaining] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const gridRef = useRef<HTMLTableElement>(null);

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
    ballot.setCell(idea.id, f.id, value, abstainReason);
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
    setActive({ r, c });
    setAbstaining(keyOf(idea.id, f.id));
  };

  const confirmAbstain = (text: string) => {
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

  // ---- the active cell's description ----
  const activeIdea = ideas[active.r];
  const activeFactor = factors[active.c];
  const activeCell =
    activeIdea && activeFactor ? cells.get(keyOf(activeIdea.id, activeFactor.id)) : undefined;

  const minDigit = Math.min(...factors.map((f) => f.scaleMin));
  const maxDigit = Math.max(...factors.map((f) => f.scaleMax));

  return (
    <>
      <Box className={css.toolbar}>
        <Stack gap={8}>
          <BallotProgress ballot={ballot} />
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
                  {scaleOf(activeFactor).map((v) => (
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
                                <AbstainForm
                                  context={`${f.name} · ${idea.title}`}
                                  initial={cell?.abstainReason ?? ""}
                                  onConfirm={confirmAbstain}
                                  onCancel={cancelAbstain}
                                />
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
    </>
  );
}
