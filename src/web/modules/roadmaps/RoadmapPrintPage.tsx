import { Box, Button, Group, Skeleton, Stack, Switch } from "@mantine/core";
import { IconArrowLeft, IconPhoto, IconPrinter } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { Link, useParams } from "wouter";
import { type LaneBy, SMART_KEYS } from "../../../shared/enums.ts";
import type { RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { notifyError } from "../../components/feedback.tsx";
import { useDocumentTitle } from "../../components/Page.tsx";
import { ErrorState } from "../../components/States.tsx";
import { formatDate } from "../../lib/format.ts";
import { useWorkspace } from "../../lib/workspace.ts";
import { LanePicker } from "./FiltersBar.tsx";
import { useRoadmapView } from "./hooks.ts";
import { byValue, LANE_BY_LABELS, laneKeyOf, lanesOf, periodIndexOfItem } from "./model.ts";
import { downloadCanvas, drawTimeline, type PrintGrid, STATUS_COLORS } from "./png.ts";
import classes from "./print.module.css";
import { SMART_LETTER } from "./smart.tsx";

function gridOf(view: RoadmapView, by: LaneBy, withDropped: boolean): PrintGrid {
  const items = view.items.filter((i) => withDropped || i.status !== "dropped");
  const lanes = lanesOf(view, by, items);
  const index = new Map(lanes.map((l, i) => [l.key, i]));
  const P = view.periods.length;
  const cells: RoadmapItem[][][] = lanes.map(() => Array.from({ length: P }, () => []));
  const tray: RoadmapItem[] = [];
  for (const it of [...items].sort(byValue)) {
    const p = periodIndexOfItem(view.roadmap, it);
    const l = index.get(laneKeyOf(it, by));
    if (p === null || p < 0 || p >= P || l === undefined) tray.push(it);
    else cells[l]![p]!.push(it);
  }
  // Lanes with nothing planned are left out of a printout.
  const keep = lanes.map((_, l) => cells[l]!.some((c) => c.length > 0));
  return { lanes: lanes.filter((_, l) => keep[l]), cells: cells.filter((_, l) => keep[l]), tray };
}

/** A landscape, print-friendly timeline: periods × lanes with item titles, legend, name and date. */
export function RoadmapPrintPage() {
  const { id } = useParams<{ id: string }>();
  const { workspaceId: wid, workspace } = useWorkspace();
  const q = useRoadmapView(wid, id);
  const view = q.data;
  useDocumentTitle(view ? `${view.roadmap.name} (print)` : "Roadmap", workspace.name);
  const [laneChoice, setLaneBy] = useState<LaneBy | null>(null);
  const laneBy = laneChoice ?? view?.roadmap.laneBy ?? "team";
  const [withDropped, setWithDropped] = useState(false);
  const grid = useMemo(() => (view ? gridOf(view, laneBy, withDropped) : null), [view, laneBy, withDropped]);
  const printedOn = formatDate(new Date().toISOString());

  const png = async () => {
    if (!view || !grid) return;
    try {
      const canvas = drawTimeline(view, grid, printedOn);
      await downloadCanvas(canvas, `${view.roadmap.name.replace(/[^\p{L}\p{N}]+/gu, "-")}.png`);
    } catch (err) {
      notifyError(err, "Could not make the image");
    }
  };

  return (
    <Box className={classes.page}>
      <Group justify="space-between" mb="md" className={classes.noPrint} wrap="wrap">
        <Button
          component={Link}
          href={`/w/${wid}/roadmaps/${id}`}
          variant="subtle"
          leftSection={<IconArrowLeft size={16} />}
        >
          Back to the roadmap
        </Button>
        <Group gap="sm" wrap="wrap">
          <LanePicker value={laneBy} onChange={setLaneBy} />
          <Switch
            size="xs"
            label="Dropped items"
            checked={withDropped}
            onChange={(e) => setWithDropped(e.currentTarget.checked)}
          />
          <Button variant="default" leftSection={<IconPhoto size={16} />} onClick={png} disabled={!grid}>
            Download PNG
          </Button>
          <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()} disabled={!grid}>
            Print
          </Button>
        </Group>
      </Group>

      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : !view || !grid ? (
        <Stack>
          <Skeleton h={40} w={360} />
          <Skeleton h={480} />
        </Stack>
      ) : (
        <div className={classes.sheet}>
          <div className={classes.head}>
            <div>
              <h1 className={classes.name}>{view.roadmap.name}</h1>
              <div className={classes.meta}>
                {view.roadmap.productName} · lanes by {LANE_BY_LABELS[laneBy].toLowerCase()} ·{" "}
                {view.smartSummary.passing} of {view.smartSummary.items} items pass SMART
              </div>
            </div>
            <div className={classes.meta}>Printed {printedOn}</div>
          </div>
          <div className={classes.legend}>
            {(["candidate", "planned", "in_progress", "done"] as const).map((s) => (
              <span key={s}>
                <span className={classes.swatch} style={{ background: STATUS_COLORS[s] }} />
                {s === "in_progress" ? "In progress" : s[0]!.toUpperCase() + s.slice(1)}
              </span>
            ))}
            <span>
              <span className={classes.fail}>S M A R T</span> failing rules: Specific, Measurable, Achievable,
              Relevant, Time-bound
            </span>
          </div>
          <table className={classes.grid}>
            <thead>
              <tr>
                <th style={{ width: 140 }}>{LANE_BY_LABELS[laneBy]}</th>
                {view.periods.map((p) => (
                  <th key={p.key}>{p.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.lanes.map((lane, l) => (
                <tr key={lane.key}>
                  <th scope="row">{lane.label}</th>
                  {grid.cells[l]!.map((cell, i) => (
                    <td key={view.periods[i]!.key}>
                      {cell.map((it) => {
                        const failing = SMART_KEYS.filter((k) => !it.smart[k].ok);
                        return (
                          <div
                            key={it.id}
                            className={classes.item}
                            style={{ "--status": STATUS_COLORS[it.status] } as React.CSSProperties}
                          >
                            <span className={classes.itemTitle}>{it.title}</span>
                            {failing.length ? (
                              <span className={classes.fail}>
                                {failing.map((k) => SMART_LETTER[k]).join("")}
                              </span>
                            ) : null}
                          </div>
                        );
                      })}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {view.milestones.length ? (
            <div className={classes.milestones}>
              <b>Milestones:</b>{" "}
              {view.milestones.map((m) => `${m.title} (${formatDate(m.date)})`).join(" · ")}
            </div>
          ) : null}
          {grid.tray.length ? (
            <div className={classes.milestones}>
              <b>Unplanned or outside the horizon ({grid.tray.length}):</b>{" "}
              {grid.tray
                .slice(0, 40)
                .map((i) => i.title)
                .join(" · ")}
              {grid.tray.length > 40 ? ` · and ${grid.tray.length - 40} more` : ""}
            </div>
          ) : null}
        </div>
      )}
    </Box>
  );
}
