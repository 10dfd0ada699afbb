import { Box, Checkbox, Skeleton, Tooltip } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { IconArrowDown, IconArrowUp } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, memo, useEffect, useRef, useState } from "react";
import type { CellContext, ColumnDef } from "./columns.tsx";
import type { IdeaRow, IdeaSort } from "./types.ts";

const CHECK_W = 44;

interface Props {
  /** The contiguous rows loaded from the top. */
  items: IdeaRow[];
  /** Any row by index: the contiguous ones, or a page fetched for a far jump. */
  rowAt: (index: number) => IdeaRow | undefined;
  /** The rows in view changed (for fetching the pages of a far jump). */
  onRangeChange: (first: number, last: number) => void;
  total: number;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  columns: ColumnDef[];
  ctx: CellContext;
  sort: IdeaSort;
  dir: "asc" | "desc";
  onSort: (col: ColumnDef) => void;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onOpen: (row: IdeaRow) => void;
  rowHeight: number;
  /** Changes when the list is replaced (filters, sort): the table goes back to the top. */
  resetKey: string;
}

/**
 * The ranked backlog: only the rows in view are in the DOM, the scrollbar covers every idea, and the
 * next page of 200 loads as the view nears the end of what is loaded.
 * Keys: j/k or ↑/↓ move, Enter opens, x or Space selects, Home/End jump.
 */
export function BacklogTable(p: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const count = Math.max(p.total, p.items.length);
  const v = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => p.rowHeight,
    overscan: 12,
  });
  const vItems = v.getVirtualItems();
  const firstIndex = vItems.length ? vItems[0]!.index : 0;
  const lastIndex = vItems.length ? vItems[vItems.length - 1]!.index : 0;

  // Scrolling on: the next page loads as the view comes within 60 rows of the end of what is loaded.
  // A far jump (dragging the scrollbar) is served by the pages in view instead (onRangeChange).
  useEffect(() => {
    const near = lastIndex >= p.items.length - 60 && firstIndex <= p.items.length + 100;
    if (near && p.hasNextPage && !p.isFetchingNextPage) void p.fetchNextPage();
  }, [firstIndex, lastIndex, p.items.length, p.hasNextPage, p.isFetchingNextPage, p.fetchNextPage]);

  const { onRangeChange } = p;
  useEffect(() => onRangeChange(firstIndex, lastIndex), [firstIndex, lastIndex, onRangeChange]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: on list replacement only
  useEffect(() => {
    setActive(0);
    v.scrollToOffset(0);
  }, [p.resetKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: row height changes the layout
  useEffect(() => v.measure(), [p.rowHeight]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    v.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? 400) / p.rowHeight) - 2);
    const row = p.rowAt(active);
    let handled = true;
    switch (e.key) {
      case "j":
      case "ArrowDown":
        move(active + 1);
        break;
      case "k":
      case "ArrowUp":
        move(active - 1);
        break;
      case "PageDown":
        move(active + page);
        break;
      case "PageUp":
        move(active - page);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(count - 1);
        break;
      case "Enter":
      case "o":
        if (row) p.onOpen(row);
        break;
      case "x":
      case " ":
        if (row && p.selectable) p.onToggle(row.id);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  // j / k from anywhere on the page (outside inputs) put the focus on the table.
  useHotkeys([
    ["j", () => focusAndMove(1)],
    ["k", () => focusAndMove(-1)],
  ]);
  const focusAndMove = (d: number) => {
    if (document.activeElement === parentRef.current) return;
    parentRef.current?.focus();
    move(active + d);
  };

  const minWidth = (p.selectable ? CHECK_W : 0) + p.columns.reduce((s, c) => s + c.width, 0);
  const allLoadedSelected = p.items.length > 0 && p.items.every((r) => p.selected.has(r.id));
  const someSelected = p.selected.size > 0;
  const activeRow = p.rowAt(active);

  return (
    <Box
      ref={parentRef}
      className="baton-vt"
      tabIndex={0}
      role="grid"
      aria-label="Ranked ideas"
      aria-rowcount={count + 1}
      aria-activedescendant={activeRow ? `idea-row-${activeRow.id}` : undefined}
      onKeyDown={onKeyDown}
      style={{ height: "max(420px, calc(100dvh - 330px))" }}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: virtualized rows are positioned divs, not a <table> */}
      <div className="baton-vt-head" role="row" aria-rowindex={1} style={{ minWidth }} tabIndex={-1}>
        {p.selectable ? (
          // biome-ignore lint/a11y/useSemanticElements: virtualized grid
          <div className="baton-vt-th" style={{ width: CHECK_W }} role="columnheader" tabIndex={-1}>
            <Checkbox
              size="xs"
              aria-label={allLoadedSelected ? "Clear the selection" : "Select every loaded idea"}
              checked={allLoadedSelected}
              indeterminate={someSelected && !allLoadedSelected}
              onChange={p.onToggleAll}
            />
          </div>
        ) : null}
        {p.columns.map((c) => {
          const sorted = c.sort && c.sort === p.sort;
          const head = (
            // biome-ignore lint/a11y/useSemanticElements: virtualized grid
            <div
              key={c.key}
              className="baton-vt-th"
              role="columnheader"
              aria-sort={sorted ? (p.dir === "asc" ? "ascending" : "descending") : undefined}
              data-sortable={c.sort ? true : undefined}
              data-sorted={sorted || undefined}
              data-align={c.align}
              style={c.grow ? { flex: `1 0 ${c.width}px` } : { width: c.width }}
              onClick={c.sort ? () => p.onSort(c) : undefined}
              onKeyDown={
                c.sort
                  ? (e) => {
                      if (e.key === "Enter" || e.key === " ") {
                        e.preventDefault();
                        p.onSort(c);
                      }
                    }
                  : undefined
              }
              tabIndex={c.sort ? 0 : -1}
            >
              <span style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{c.label}</span>
              {sorted ? p.dir === "asc" ? <IconArrowUp size={12} /> : <IconArrowDown size={12} /> : null}
            </div>
          );
          return c.hint ? (
            <Tooltip key={c.key} label={c.hint} openDelay={400} withArrow multiline maw={260}>
              {head}
            </Tooltip>
          ) : (
            head
          );
        })}
      </div>
      <div style={{ height: v.getTotalSize(), position: "relative", minWidth }}>
        {vItems.map((vi) => {
          const row = p.rowAt(vi.index);
          return (
            // biome-ignore lint/a11y/useSemanticElements: virtualized grid
            <div
              key={row?.id ?? `pending-${vi.index}`}
              tabIndex={-1}
              style={{
                top: 0,
                height: vi.size,
                transform: `translateY(${vi.start}px)`,
                width: "100%",
                minWidth,
              }}
              className="baton-vt-row"
              role="row"
              aria-rowindex={vi.index + 2}
              id={row ? `idea-row-${row.id}` : undefined}
              data-active={vi.index === active || undefined}
              data-selected={(row && p.selected.has(row.id)) || undefined}
              aria-selected={row ? p.selected.has(row.id) : undefined}
              onClick={row ? () => p.onOpen(row) : undefined}
              onMouseDown={() => setActive(vi.index)}
            >
              {row ? (
                <Row
                  row={row}
                  columns={p.columns}
                  ctx={p.ctx}
                  selectable={p.selectable}
                  selected={p.selected.has(row.id)}
                  onToggle={p.onToggle}
                />
              ) : (
                <PendingRow columns={p.columns} selectable={p.selectable} />
              )}
            </div>
          );
        })}
      </div>
    </Box>
  );
}

const Row = memo(function Row({
  row,
  columns,
  ctx,
  selectable,
  selected,
  onToggle,
}: {
  row: IdeaRow;
  columns: ColumnDef[];
  ctx: CellContext;
  selectable: boolean;
  selected: boolean;
  onToggle: (id: string) => void;
}) {
  return (
    <>
      {selectable ? (
        // biome-ignore lint/a11y/useSemanticElements: virtualized grid
        <div
          className="baton-vt-td"
          style={{ width: CHECK_W }}
          role="gridcell"
          tabIndex={-1}
          onClick={(e) => e.stopPropagation()}
        >
          <Checkbox
            size="xs"
            aria-label={`Select #${row.number}`}
            checked={selected}
            onChange={() => onToggle(row.id)}
            tabIndex={-1}
          />
        </div>
      ) : null}
      {columns.map((c) => (
        // biome-ignore lint/a11y/useSemanticElements: virtualized grid
        <div
          key={c.key}
          className="baton-vt-td"
          role="gridcell"
          tabIndex={-1}
          data-align={c.align}
          style={c.grow ? { flex: `1 0 ${c.width}px` } : { width: c.width }}
        >
          {c.render(row, ctx)}
        </div>
      ))}
    </>
  );
});

function PendingRow({ columns, selectable }: { columns: ColumnDef[]; selectable: boolean }) {
  return (
    <>
      {selectable ? <div className="baton-vt-td" style={{ width: CHECK_W }} /> : null}
      {columns.map((c) => (
        <div
          key={c.key}
          className="baton-vt-td"
          style={c.grow ? { flex: `1 0 ${c.width}px` } : { width: c.width }}
          aria-hidden
        >
          <Skeleton height={10} width={c.grow ? "60%" : "70%"} radius="sm" />
        </div>
      ))}
    </>
  );
}
