import { ActionIcon, Box, Button, Group, NumberInput, Paper, Text, Tooltip } from "@mantine/core";
import { IconArrowBackUp, IconDeviceFloppy } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { holidayNote } from "../../../shared/holidays.ts";
import type { CapacityGrid as Grid } from "../../../shared/roadmap.schemas.ts";
import { unitLabel } from "../../../shared/roadmap.ts";
import { wsKey } from "../../api/hooks.ts";
import { notifyError, notifySuccess } from "../../components/feedback.tsx";
import { pluralize } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { monthLabel, num, parseAmount } from "../objectives/format.ts";
import classes from "./capacity.module.css";
import { type Cell, cellKey, fte, sum, type Team } from "./capacity-model.ts";
import { usePutCapacity } from "./hooks.ts";
import { MonthsHead } from "./parts.tsx";

type Change = { teamId: string; month: string; capacity: number | null; note: string };

/**
 * Team × month capacity. Editors type in a cell (Enter saves every pending edit, Escape cancels the cell);
 * a cell set by hand is marked and can go back to the value derived from the team's people.
 */
export function CapacityGrid({ grid, canEdit }: { grid: Grid; canEdit: boolean }) {
  const { workspaceId: wid } = useWorkspace();
  const qc = useQueryClient();
  const put = usePutCapacity(wid);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const unit = unitLabel(grid.unit);

  const setDraft = (key: string, v: string | undefined) =>
    setDrafts((d) => {
      const next = { ...d };
      if (v === undefined) delete next[key];
      else next[key] = v;
      return next;
    });

  /** Writes saved cells into the cached grid, so they show at once (the refetch confirms them). */
  const applyLocally = (changes: Change[]) => {
    qc.setQueriesData<Grid>({ queryKey: wsKey(wid, "capacity", "grid") }, (g) =>
      g
        ? {
            ...g,
            teams: g.teams.map((t) => ({
              ...t,
              cells: t.cells.map((c) => {
                const ch = changes.find((x) => x.teamId === t.id && x.month === c.month);
                return ch ? { ...c, override: ch.capacity, capacity: ch.capacity ?? c.derived } : c;
              }),
            })),
          }
        : g,
    );
  };

  const save = (changes: Change[], done: string[], message?: string) => {
    if (!changes.length) {
      setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !done.includes(k))));
      return;
    }
    put.mutate(
      { cells: changes },
      {
        onSuccess: () => {
          applyLocally(changes);
          setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => !done.includes(k))));
          notifySuccess(message ?? `${pluralize(changes.length, "cell")} saved.`, "Capacity saved");
        },
        onError: (e) => notifyError(e, "Capacity not saved"),
      },
    );
  };

  const saveAll = () => {
    const changes: Change[] = [];
    const done: string[] = [];
    for (const [key, raw] of Object.entries(drafts)) {
      const [teamId, month] = key.split("|") as [string, string];
      const cell = grid.teams.find((t) => t.id === teamId)?.cells.find((c) => c.month === month);
      if (!cell) continue;
      const n = parseAmount(raw);
      if (n !== null && (Number.isNaN(n) || n < 0 || n > 1_000_000)) {
        notifyError(new Error(`“${raw}” is not a capacity: use a number from 0 up, or leave it empty.`));
        return;
      }
      done.push(key);
      // Empty: back to derived. Unchanged: nothing to send.
      if (n === null ? cell.override === null : n === (cell.override ?? cell.capacity)) continue;
      changes.push({ teamId, month, capacity: n, note: cell.note });
    }
    save(changes, done);
  };

  const reset = (team: Team, cell: Cell) =>
    save(
      [{ teamId: team.id, month: cell.month, capacity: null, note: "" }],
      [cellKey(team.id, cell.month)],
      `${team.name} in ${monthLabel(cell.month)} is back to ${num(cell.derived)} ${unit}, derived from its people.`,
    );

  const pending = Object.keys(drafts).length;

  return (
    <Paper className="baton-surface" p={0}>
      {canEdit ? (
        <Group justify="space-between" px="md" py={8} gap="sm" mih={48}>
          <Text size="xs" c="dimmed">
            Type in a cell to set it by hand — Enter saves, Esc cancels; empty it to go back to the derived
            value.
          </Text>
          {pending ? (
            <Group gap="xs">
              <Text size="sm" fw={500} aria-live="polite">
                {pluralize(pending, "unsaved change")}
              </Text>
              <Button size="xs" variant="default" onClick={() => setDrafts({})} disabled={put.isPending}>
                Discard
              </Button>
              <Button
                size="xs"
                leftSection={<IconDeviceFloppy size={14} />}
                onClick={saveAll}
                loading={put.isPending}
              >
                Save changes
              </Button>
            </Group>
          ) : null}
        </Group>
      ) : null}
      <div className={classes.scroll}>
        <table className={classes.grid} aria-label={`Capacity per team and month, in ${unit}`}>
          <MonthsHead months={grid.months} last="Total" />
          <tbody>
            {grid.teams.map((t) => (
              <tr key={t.id}>
                <th scope="row" className={classes.teamCell}>
                  <Text size="sm" fw={600}>
                    {t.name}
                  </Text>
                  <Text size="xs" c="dimmed" fw={400}>
                    {pluralize(t.members.length, "person", "people")} · {num(fte(t))} FTE
                  </Text>
                </th>
                {t.cells.map((c) => (
                  <td key={c.month} className={classes.cell}>
                    {canEdit ? (
                      <EditCell
                        team={t}
                        cell={c}
                        unit={unit}
                        draft={drafts[cellKey(t.id, c.month)]}
                        onDraft={(v) => setDraft(cellKey(t.id, c.month), v)}
                        onSave={saveAll}
                        onReset={() => reset(t, c)}
                      />
                    ) : (
                      <ReadCell team={t} cell={c} unit={unit} />
                    )}
                  </td>
                ))}
                <td className={classes.total}>{num(sum(t.cells.map((c) => c.capacity)))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className={classes.teamCell}>
                <Text size="sm" fw={600}>
                  All teams
                </Text>
              </th>
              {grid.months.map((m, i) => (
                <td key={m} className={classes.cell}>
                  {num(sum(grid.teams.map((t) => t.cells[i]?.capacity ?? 0)))}
                </td>
              ))}
              <td className={classes.total}>
                {num(sum(grid.teams.flatMap((t) => t.cells.map((c) => c.capacity))))}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Paper>
  );
}

function cellTip(cell: Cell, unit: string): string {
  const derived = `derived from members: ${num(cell.derived)} ${unit}`;
  let base =
    cell.override !== null ? `Set by hand · ${derived}` : derived[0]!.toUpperCase() + derived.slice(1);
  // A hand-set value is a full month's: public holidays still take their share (docs/ROADMAP.md).
  if (cell.holidays.length)
    base += ` · ${holidayNote(cell.month, cell.holidays.length)}${cell.override !== null ? `: ${num(cell.capacity)} ${unit} counted` : ""}`;
  return cell.note ? `${base} · ${cell.note}` : base;
}

function EditCell({
  team,
  cell,
  unit,
  draft,
  onDraft,
  onSave,
  onReset,
}: {
  team: Team;
  cell: Cell;
  unit: string;
  draft: string | undefined;
  onDraft: (v: string | undefined) => void;
  onSave: () => void;
  onReset: () => void;
}) {
  const where = `${team.name} in ${monthLabel(cell.month)}`;
  const overridden = cell.override !== null;
  return (
    <Tooltip label={cellTip(cell, unit)} openDelay={450} withinPortal>
      <Box
        className={classes.editCell}
        data-overridden={overridden || undefined}
        data-dirty={draft !== undefined || undefined}
      >
        {overridden && draft === undefined ? <span className={classes.marker} aria-hidden /> : null}
        <NumberInput
          size="sm"
          hideControls
          allowNegative={false}
          decimalScale={2}
          thousandSeparator=""
          aria-label={`Capacity for ${where}`}
          aria-description={cellTip(cell, unit)}
          value={draft ?? cell.override ?? cell.capacity}
          onChange={(v) =>
            onDraft(String(v) === String(cell.override ?? cell.capacity) ? undefined : String(v))
          }
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              onSave();
            } else if (e.key === "Escape") {
              e.preventDefault();
              onDraft(undefined);
            }
          }}
        />
        {overridden && draft === undefined ? (
          <ActionIcon
            className={classes.reset}
            size="xs"
            variant="subtle"
            color="gray"
            aria-label={`Back to derived value for ${team.name}, ${monthLabel(cell.month)} (${num(cell.derived)})`}
            onClick={onReset}
          >
            <IconArrowBackUp size={12} />
          </ActionIcon>
        ) : null}
      </Box>
    </Tooltip>
  );
}

function ReadCell({ team, cell, unit }: { team: Team; cell: Cell; unit: string }) {
  return (
    <Tooltip label={cellTip(cell, unit)} openDelay={300}>
      <Box
        className={classes.readCell}
        data-overridden={cell.override !== null || undefined}
        aria-label={`Capacity for ${team.name} in ${monthLabel(cell.month)}: ${num(cell.capacity)} ${unit}`}
      >
        {num(cell.capacity)}
      </Box>
    </Tooltip>
  );
}
