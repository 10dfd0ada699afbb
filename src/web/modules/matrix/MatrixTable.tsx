import { Anchor, Badge, Group, Popover, Text, VisuallyHidden } from "@mantine/core";
import { type KeyboardEvent, memo, useCallback, useRef } from "react";
import { Link } from "wouter";
import type { Matrix, MatrixCell, MatrixColumn, MatrixRow } from "../../../shared/matrix.schemas.ts";
import { ideaPaths } from "../../lib/paths.ts";
import { CellEditor } from "./CellEditor.tsx";
import { STATUS_UI } from "./labels.ts";

const UNKNOWN: MatrixCell = {
  status: "unknown",
  note: "",
  sourceUrl: null,
  verifiedAt: null,
  verifiedBy: null,
  changeId: null,
  stale: false,
  version: 0,
};

export interface ActiveCell {
  rowId: string;
  /** "ours" or a competitor's id. */
  target: string;
}

interface Props {
  wid: string;
  matrix: Matrix;
  productName: string;
  canWrite: boolean;
  active: ActiveCell | null;
  onActivate: (cell: ActiveCell | null) => void;
  onOpenRow: (row: MatrixRow) => void;
}

/**
 * The matrix as one plain table: a sticky header row and first column, a tbody per theme, one button per cell
 * (a glyph and a word, coloured; stale cells say so). Only the cell being edited mounts a popover. Arrow keys move
 * between cells (one tab stop for the whole grid), Enter or Space opens the editor.
 */
export function MatrixTable({ wid, matrix, productName, canWrite, active, onActivate, onOpenRow }: Props) {
  const tableRef = useRef<HTMLTableElement>(null);
  const grouped = matrix.view === "all";
  const width = matrix.columns.length + 2;
  let r = 0;

  const onKeyDown = useCallback((e: KeyboardEvent<HTMLTableElement>) => {
    const el = e.target as HTMLElement;
    if (!el.dataset.r) return;
    const dr = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
    const dc = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!dr && !dc) return;
    const next = tableRef.current?.querySelector<HTMLElement>(
      `[data-r="${Number(el.dataset.r) + dr}"][data-c="${Number(el.dataset.c) + dc}"]`,
    );
    if (!next) return;
    e.preventDefault();
    el.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }, []);

  return (
    <table className="baton-matrix" ref={tableRef} onKeyDown={onKeyDown}>
      <caption>
        <VisuallyHidden>
          Feature matrix of {productName}: each row a capability, each column our product or a competitor. Use
          the arrow keys to move between cells and Enter to edit one.
        </VisuallyHidden>
      </caption>
      <thead>
        <tr>
          <th scope="col" className="baton-matrix-first">
            Capability
          </th>
          <th scope="col" className="baton-matrix-ours">
            Ours
          </th>
          {matrix.columns.map((c) => (
            <th scope="col" key={c.id} title={c.status === "watch" ? "Watched" : undefined}>
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      {matrix.groups.map((g) => (
        <tbody key={g.theme || "-"}>
          {grouped ? (
            <tr className="baton-matrix-theme">
              <th scope="rowgroup" colSpan={width}>
                <span className="baton-matrix-theme-label">
                  {g.theme || "No theme"}{" "}
                  <Text span size="xs" c="dimmed" fw={400}>
                    ({g.rows.length})
                  </Text>
                </span>
              </th>
            </tr>
          ) : null}
          {g.rows.map((row) => (
            <RowView
              key={row.id}
              wid={wid}
              row={row}
              index={r++}
              columns={matrix.columns}
              showTheme={!grouped}
              canWrite={canWrite}
              activeTarget={active?.rowId === row.id ? active.target : null}
              onActivate={onActivate}
              onOpenRow={onOpenRow}
            />
          ))}
        </tbody>
      ))}
    </table>
  );
}

const RowView = memo(function RowView({
  wid,
  row,
  index,
  columns,
  showTheme,
  canWrite,
  activeTarget,
  onActivate,
  onOpenRow,
}: {
  wid: string;
  row: MatrixRow;
  index: number;
  columns: MatrixColumn[];
  showTheme: boolean;
  canWrite: boolean;
  activeTarget: string | null;
  onActivate: (cell: ActiveCell | null) => void;
  onOpenRow: (row: MatrixRow) => void;
}) {
  const total = columns.length;
  return (
    <tr>
      <th scope="row" className="baton-matrix-first">
        <button
          type="button"
          className="baton-matrix-rowname"
          onClick={() => onOpenRow(row)}
          title={row.description || row.name}
        >
          {row.name}
        </button>
        <Group gap={6} wrap="nowrap">
          {row.ideaId ? (
            <Anchor
              component={Link}
              href={ideaPaths.idea(wid, row.ideaId)}
              size="xs"
              style={{ flexShrink: 0 }}
              title={row.ideaTitle ?? ""}
            >
              Idea #{row.ideaNumber}
            </Anchor>
          ) : null}
          {showTheme && row.theme ? (
            <Text span size="xs" c="dimmed" truncate>
              {row.theme}
            </Text>
          ) : null}
          {row.gap ? (
            <Badge size="xs" variant="light" color="orange" style={{ flexShrink: 0 }}>
              {row.have} of {total} have it{row.partial ? `, ${row.partial} partly` : ""}
            </Badge>
          ) : row.differentiator ? (
            <Badge size="xs" variant="light" color="teal" style={{ flexShrink: 0 }}>
              Only us
            </Badge>
          ) : null}
        </Group>
      </th>
      <td className="baton-matrix-ours">
        <CellButton
          row={row}
          target="ours"
          who="Ours"
          cell={row.ours}
          r={index}
          c={0}
          canWrite={canWrite}
          active={activeTarget === "ours"}
          onActivate={onActivate}
        />
      </td>
      {columns.map((col, i) => (
        <td key={col.id}>
          <CellButton
            row={row}
            target={col.id}
            who={col.name}
            cell={row.cells[col.id] ?? UNKNOWN}
            r={index}
            c={i + 1}
            canWrite={canWrite}
            active={activeTarget === col.id}
            onActivate={onActivate}
          />
        </td>
      ))}
    </tr>
  );
});

function CellButton({
  row,
  target,
  who,
  cell,
  r,
  c,
  canWrite,
  active,
  onActivate,
}: {
  row: MatrixRow;
  target: string;
  who: string;
  cell: MatrixCell;
  r: number;
  c: number;
  canWrite: boolean;
  active: boolean;
  onActivate: (cell: ActiveCell | null) => void;
}) {
  const ui = STATUS_UI[cell.status];
  const button = (
    <button
      type="button"
      className="baton-cell"
      data-status={cell.status}
      data-r={r}
      data-c={c}
      tabIndex={r === 0 && c === 0 ? 0 : -1}
      onClick={() => onActivate(active ? null : { rowId: row.id, target })}
      aria-haspopup="dialog"
      aria-expanded={active}
      title={cell.note || undefined}
    >
      <span className="baton-cell-glyph" aria-hidden>
        {ui.glyph}
      </span>
      {ui.label}
      <VisuallyHidden>
        {" "}
        — {who}, {row.name}
        {cell.note ? `: ${cell.note}` : ""}
      </VisuallyHidden>
      {cell.stale ? <span className="baton-cell-stale">stale</span> : null}
    </button>
  );
  if (!active) return button;
  return (
    <Popover
      opened
      onChange={(o) => {
        if (!o) onActivate(null);
      }}
      onClose={() => onActivate(null)}
      position="bottom-start"
      width={320}
      trapFocus
      returnFocus
      withArrow
      shadow="md"
    >
      <Popover.Target>{button}</Popover.Target>
      <Popover.Dropdown>
        <CellEditor
          rowId={row.id}
          rowName={row.name}
          target={target}
          who={who}
          cell={cell}
          canWrite={canWrite}
          onDone={() => onActivate(null)}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
