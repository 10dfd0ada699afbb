/**
 * The print view's "Download PNG": the timeline drawn on a <canvas> from the data (boxes and text), no
 * dependency. Colours are fixed (a PNG is shared outside the app, in light mode).
 */
import { SMART_KEYS } from "../../../shared/enums.ts";
import type { RoadmapItem, RoadmapView } from "../../../shared/roadmap.schemas.ts";
import type { Lane } from "./model.ts";
import { SMART_LETTER } from "./smart.tsx";

export const STATUS_COLORS: Record<RoadmapItem["status"], string> = {
  candidate: "#adb5bd",
  planned: "#4c6ef5",
  in_progress: "#1098ad",
  done: "#0ca678",
  dropped: "#ff8787",
};

export interface PrintGrid {
  lanes: Lane[];
  /** cells[lane][period] */
  cells: RoadmapItem[][][];
  tray: RoadmapItem[];
}

const LANE_W = 170;
const COL_W = 200;
const HEAD_H = 84;
const AXIS_H = 30;
const CARD_H = 34;
const GAP = 5;
const PAD = 8;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

function fitText(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Draws the grid and returns the canvas (2× for sharp text). */
export function drawTimeline(view: RoadmapView, grid: PrintGrid, printedOn: string): HTMLCanvasElement {
  const P = view.periods.length;
  const laneHeights = grid.cells.map((row) => {
    const n = Math.max(1, ...row.map((c) => c.length));
    return PAD * 2 + n * CARD_H + (n - 1) * GAP;
  });
  const width = LANE_W + P * COL_W + 2;
  const height = HEAD_H + AXIS_H + laneHeights.reduce((a, b) => a + b, 0) + 44;
  const scale = height * 2 > 30_000 ? 1 : 2; // browsers cap a canvas near 32,767 px
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = "middle";

  // Title and date.
  ctx.fillStyle = "#212529";
  ctx.font = `700 20px ${FONT}`;
  ctx.fillText(fitText(ctx, view.roadmap.name, width - 40), 16, 26);
  ctx.font = `400 13px ${FONT}`;
  ctx.fillStyle = "#495057";
  ctx.fillText(
    `${view.roadmap.productName} · ${grid.lanes.length} lanes · ${view.items.length} items · ${printedOn}`,
    16,
    52,
  );
  // Legend: statuses.
  let lx = 16;
  ctx.font = `400 11px ${FONT}`;
  for (const [s, label] of [
    ["candidate", "Candidate"],
    ["planned", "Planned"],
    ["in_progress", "In progress"],
    ["done", "Done"],
  ] as const) {
    ctx.fillStyle = STATUS_COLORS[s];
    ctx.fillRect(lx, 68, 10, 10);
    ctx.fillStyle = "#495057";
    ctx.fillText(label, lx + 14, 73);
    lx += ctx.measureText(label).width + 30;
  }
  ctx.fillText(
    "Red letters: failing SMART rules (Specific, Measurable, Achievable, Relevant, Time-bound)",
    lx + 8,
    73,
  );

  // Axis.
  const top = HEAD_H;
  ctx.fillStyle = "#f1f3f5";
  ctx.fillRect(0, top, width, AXIS_H);
  ctx.fillStyle = "#212529";
  ctx.font = `600 12px ${FONT}`;
  view.periods.forEach((p, i) => {
    ctx.fillText(p.label, LANE_W + i * COL_W + PAD, top + AXIS_H / 2);
  });

  // Lanes.
  let y = top + AXIS_H;
  grid.lanes.forEach((lane, l) => {
    const h = laneHeights[l]!;
    ctx.strokeStyle = "#dee2e6";
    ctx.beginPath();
    ctx.moveTo(0, y + h);
    ctx.lineTo(width, y + h);
    ctx.stroke();
    ctx.fillStyle = "#212529";
    ctx.font = `600 12px ${FONT}`;
    ctx.fillText(fitText(ctx, lane.label, LANE_W - 2 * PAD), PAD, y + PAD + 10);
    for (let i = 0; i < P; i++) {
      const x = LANE_W + i * COL_W;
      grid.cells[l]![i]!.forEach((it, k) => {
        drawCard(ctx, it, x + PAD, y + PAD + k * (CARD_H + GAP), COL_W - 2 * PAD);
      });
    }
    y += h;
  });
  // Column rules, drawn last over the lanes.
  ctx.strokeStyle = "#dee2e6";
  for (let i = 0; i <= P; i++) {
    const x = LANE_W + i * COL_W;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, y);
    ctx.stroke();
  }
  ctx.fillStyle = "#868e96";
  ctx.font = `400 11px ${FONT}`;
  ctx.fillText(
    grid.tray.length ? `${grid.tray.length} unplanned or outside the horizon, not shown · Baton` : "Baton",
    16,
    y + 22,
  );
  return canvas;
}

function drawCard(ctx: CanvasRenderingContext2D, it: RoadmapItem, x: number, y: number, w: number) {
  ctx.fillStyle = "#ffffff";
  ctx.strokeStyle = "#ced4da";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x + 0.5, y + 0.5, w - 1, CARD_H - 1, 4);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = STATUS_COLORS[it.status];
  ctx.fillRect(x, y, 3, CARD_H);
  const failing = SMART_KEYS.filter((k) => !it.smart[k].ok).map((k) => SMART_LETTER[k]);
  ctx.font = `700 9px ${FONT}`;
  const badge = failing.join(" ");
  const bw = failing.length ? ctx.measureText(badge).width + 8 : 0;
  if (failing.length) {
    ctx.fillStyle = "#fa5252";
    ctx.fillRect(x + w - bw - 4, y + CARD_H / 2 - 7, bw, 14);
    ctx.fillStyle = "#ffffff";
    ctx.fillText(badge, x + w - bw, y + CARD_H / 2);
  }
  ctx.fillStyle = "#212529";
  ctx.font = `600 11.5px ${FONT}`;
  ctx.fillText(fitText(ctx, it.title, w - 14 - bw - (failing.length ? 6 : 0)), x + 9, y + CARD_H / 2);
}

export function downloadCanvas(canvas: HTMLCanvasElement, fileName: string): Promise<void> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error("The browser could not make the image"));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      resolve();
    }, "image/png"),
  );
}
