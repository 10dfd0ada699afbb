import { IconArrowDown, IconArrowUp, IconPinFilled } from "@tabler/icons-react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useMemo, useRef, useState } from "react";
import { ROADMAP_ITEM_STATUS_LABELS, ROADMAP_ITEM_STATUSES, SMART_KEYS } from "../../../shared/enums.ts";
import type { RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { formatDate } from "../../lib/format.ts";
import { HoverTip } from "./HoverTip.tsx";
import { formatValue } from "./ItemCard.tsx";
import { periodIndexOfItem, periodLabel } from "./model.ts";
import classes from "./roadmap.module.css";
import { SmartChips } from "./smart.tsx";

type SortKey = "title" | "status" | "period" | "targetDate" | "effort" | "value" | "smart" | "pinned";

interface Ctx {
  frame: RoadmapView["roadmap"];
  teamName: Map<string, string>;
  objectiveTitle: Map<string, string>;
}

interface Col {
  key: string;
  label: string;
  width: number;
  grow?: boolean;
  align?: "right";
  sort?: SortKey;
  render: (i: RoadmapItem, ctx: Ctx) => ReactNode;
}

const totalEffort = (i: RoadmapItem) => i.efforts.reduce((s, e) => s + e.effort, 0);
const smartScore = (i: RoadmapItem) => SMART_KEYS.filter((k) => i.smart[k].ok).length;
const statusRank = new Map(ROADMAP_ITEM_STATUSES.map((s, i) => [s, i]));

const COLUMNS: Col[] = [
  {
    key: "title",
    label: "Item",
    width: 260,
    grow: true,
    sort: "title",
    render: (i) => (
      <span className={classes.ellipsis} style={{ fontWeight: 600 }}>
        {i.title}
      </span>
    ),
  },
  {
    key: "status",
    label: "Status",
    width: 110,
    sort: "status",
    render: (i) => ROADMAP_ITEM_STATUS_LABELS[i.status],
  },
  {
    key: "period",
    label: "Period",
    width: 120,
    sort: "period",
    render: (i, c) => periodLabel(c.frame, i.period),
  },
  {
    key: "targetDate",
    label: "Target date",
    width: 120,
    sort: "targetDate",
    render: (i) => (i.targetDate ? formatDate(i.targetDate) : "—"),
  },
  {
    key: "teams",
    label: "Teams · effort",
    width: 220,
    sort: "effort",
    render: (i, c) => {
      const text = i.efforts.map((e) => `${c.teamName.get(e.teamId) ?? "?"} ${e.effort}`).join(", ");
      return (
        <span className={classes.ellipsis} data-tip={text || undefined}>
          {text || "—"}
        </span>
      );
    },
  },
  {
    key: "value",
    label: "Value",
    width: 80,
    align: "right",
    sort: "value",
    render: (i) => formatValue(i.value),
  },
  {
    key: "objectives",
    label: "Objectives",
    width: 220,
    render: (i, c) => {
      const text = i.objectiveIds.map((o) => c.objectiveTitle.get(o) ?? "Other objective").join(", ");
      return (
        <span className={classes.ellipsis} data-tip={text || undefined}>
          {text || "—"}
        </span>
      );
    },
  },
  { key: "smart", label: "SMART", width: 120, sort: "smart", render: (i) => <SmartChips smart={i.smart} /> },
  {
    key: "pinned",
    label: "Pin",
    width: 56,
    sort: "pinned",
    render: (i) =>
      i.pinned ? <IconPinFilled size={14} color="var(--mantine-color-baton-6)" aria-label="Pinned" /> : null,
  },
];

const ROW_H = 42;

function compare(a: RoadmapItem, b: RoadmapItem, key: SortKey, frame: Ctx["frame"]): number {
  switch (key) {
    case "title":
      return a.title.localeCompare(b.title);
    case "status":
      return statusRank.get(a.status)! - statusRank.get(b.status)!;
    case "period": {
      const pa = periodIndexOfItem(frame, a) ?? Number.POSITIVE_INFINITY;
      const pb = periodIndexOfItem(frame, b) ?? Number.POSITIVE_INFINITY;
      return pa === pb ? 0 : pa < pb ? -1 : 1;
    }
    case "targetDate":
      return (a.targetDate ?? "9999").localeCompare(b.targetDate ?? "9999");
    case "effort":
      return totalEffort(a) - totalEffort(b);
    case "value":
      return a.value - b.value;
    case "smart":
      return smartScore(a) - smartScore(b);
    case "pinned":
      return Number(a.pinned) - Number(b.pinned);
  }
}

/** Every item in a sortable table; only the rows in view are in the DOM. */
export function TableView({
  view,
  items,
  onOpen,
}: {
  view: RoadmapView;
  items: RoadmapItem[];
  onOpen: (id: string) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "period", dir: 1 });
  const ctx = useMemo<Ctx>(
    () => ({
      frame: view.roadmap,
      teamName: new Map(view.teams.map((t) => [t.id, t.name])),
      objectiveTitle: new Map(view.objectives.map((o) => [o.id, o.title])),
    }),
    [view],
  );
  const rows = useMemo(
    () =>
      [...items].sort(
        (a, b) =>
          compare(a, b, sort.key, ctx.frame) * sort.dir ||
          b.value - a.value ||
          a.title.localeCompare(b.title),
      ),
    [items, sort, ctx.frame],
  );
  const ref = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize: () => ROW_H,
    overscan: 10,
  });
  const minWidth = COLUMNS.reduce((s, c) => s + c.width, 0);
  const onSort = (k: SortKey) =>
    setSort((s) =>
      s.key === k ? { key: k, dir: s.dir === 1 ? -1 : 1 } : { key: k, dir: k === "value" ? -1 : 1 },
    );

  return (
    // biome-ignore lint/a11y/useSemanticElements: virtualized rows are positioned divs
    <div
      ref={ref}
      className={classes.vt}
      role="table"
      aria-label="Roadmap items"
      aria-rowcount={rows.length + 1}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: virtualized rows are positioned divs */}
      <div className={classes.vtHead} role="row" style={{ minWidth }} tabIndex={-1}>
        {COLUMNS.map((c) => {
          const sorted = c.sort && sort.key === c.sort;
          const style = c.grow ? { flex: `1 0 ${c.width}px` } : { width: c.width };
          return c.sort ? (
            // biome-ignore lint/a11y/useSemanticElements: virtualized grid
            <div
              key={c.key}
              role="columnheader"
              tabIndex={-1}
              aria-sort={sorted ? (sort.dir === 1 ? "ascending" : "descending") : undefined}
              style={{ ...style, display: "flex" }}
            >
              <button
                type="button"
                className={classes.vtTh}
                style={{ width: "100%" }}
                data-sorted={sorted || undefined}
                data-align={c.align}
                onClick={() => onSort(c.sort!)}
              >
                {c.label}
                {sorted ? sort.dir === 1 ? <IconArrowUp size={12} /> : <IconArrowDown size={12} /> : null}
              </button>
            </div>
          ) : (
            // biome-ignore lint/a11y/useSemanticElements: virtualized grid
            <div
              key={c.key}
              className={classes.vtTh}
              style={{ ...style, cursor: "default" }}
              role="columnheader"
              tabIndex={-1}
            >
              {c.label}
            </div>
          );
        })}
      </div>
      <div style={{ height: v.getTotalSize(), position: "relative", minWidth }}>
        {v.getVirtualItems().map((vi) => {
          const row = rows[vi.index]!;
          return (
            // biome-ignore lint/a11y/useSemanticElements: virtualized grid
            <div
              key={row.id}
              className={classes.vtRow}
              role="row"
              tabIndex={0}
              aria-rowindex={vi.index + 2}
              style={{
                top: 0,
                height: vi.size,
                transform: `translateY(${vi.start}px)`,
                width: "100%",
                minWidth,
              }}
              onClick={() => onOpen(row.id)}
              onKeyDown={(e) => {
                if (e.key === "Enter") onOpen(row.id);
              }}
            >
              {COLUMNS.map((c) => (
                // biome-ignore lint/a11y/useSemanticElements: virtualized grid
                <div
                  key={c.key}
                  className={classes.vtTd}
                  role="cell"
                  data-align={c.align}
                  style={c.grow ? { flex: `1 0 ${c.width}px` } : { width: c.width }}
                >
                  {c.render(row, ctx)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      <HoverTip containerRef={ref} />
    </div>
  );
}
