import { z } from "zod";
import { systemClock } from "../../server/lib/clock.ts";
import { CAPACITY_UNIT_LABELS } from "../../shared/enums.ts";
import { MonthSchema, ObjectiveStatusSchema } from "../../shared/roadmap.schemas.ts";
import { withBackend } from "../lib/backend.ts";
import { parseOptions } from "../lib/input.ts";
import { csv, fmtNumber, fmtPercent, table } from "../lib/output.ts";
import { resolveProduct, workspaceScope } from "../lib/scope.ts";

/** `baton objectives list` and `baton capacity show`: what roadmaps are planned against. */

interface Scope {
  workspace?: string;
}
const FORMAT = z.enum(["table", "csv", "json"]).default("table");

const OBJECTIVE_COLUMNS = [
  "objective",
  "product",
  "periodStart",
  "periodEnd",
  "importance",
  "status",
  "progress",
  "keyResult",
  "metric",
  "baseline",
  "current",
  "target",
  "unit",
  "keyResultProgress",
  "owner",
  "id",
] as const;

/** `baton objectives list [--product …]`: objectives with their key results and progress. */
export async function runObjectivesList(o: Scope & { product?: string; status?: string; format?: string }) {
  const opts = parseOptions(z.object({ format: FORMAT, status: ObjectiveStatusSchema.optional() }), o);
  const { items, product, ws } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = o.product ? await resolveProduct(b, ws.id, o.product) : null;
    const all = await b.objectives(ws.id, opts.status);
    // A product's roadmap serves its own objectives and the company's.
    const items = product ? all.filter((x) => x.productId === null || x.productId === product.id) : all;
    const names = new Map<string, string>();
    if (!product)
      for (const x of items)
        if (x.productId && !names.has(x.productId))
          names.set(x.productId, (await resolveProduct(b, ws.id, x.productId)).name);
    return {
      items: items.map((x) => ({
        ...x,
        productName: x.productId ? (product?.name ?? names.get(x.productId)) : null,
      })),
      product,
      ws,
    };
  });
  if (opts.format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (opts.format === "csv") {
    process.stdout.write(
      csv(
        OBJECTIVE_COLUMNS,
        items.flatMap((x) => {
          const base = [
            x.title,
            x.productName ?? "",
            x.periodStart,
            x.periodEnd,
            x.importance,
            x.status,
            x.progress,
          ];
          const tail = [x.ownerName ?? "", x.id];
          if (!x.keyResults.length) return [[...base, "", "", "", "", "", "", "", ...tail]];
          return x.keyResults.map((k) => [
            ...base,
            k.title,
            k.metricName,
            k.baseline,
            k.current,
            k.target,
            k.unit,
            k.progress,
            ...tail,
          ]);
        }),
      ),
    );
    return;
  }
  if (!items.length) {
    console.log(`No objectives${product ? ` for "${product.name}"` : ""} in workspace "${ws.name}".`);
    return;
  }
  const rows: (string | number | null)[][] = [];
  for (const x of items) {
    rows.push([
      x.title,
      x.productName ?? "Company",
      `${x.periodStart} → ${x.periodEnd}`,
      `${x.importance}/5`,
      x.status,
      "",
      fmtPercent(x.progress),
    ]);
    for (const k of x.keyResults) {
      const unit = k.unit ? ` ${k.unit}` : "";
      rows.push([
        `  · ${k.title}`,
        "",
        `due ${k.dueDate}`,
        "",
        "",
        `${fmtNumber(k.baseline)} → ${fmtNumber(k.current)} of ${fmtNumber(k.target)}${unit}`,
        fmtPercent(k.progress),
      ]);
    }
  }
  console.log(
    table(
      [
        "Objective / key result",
        "Product",
        "Period",
        "Importance",
        "Status",
        "Baseline → now of target",
        "Progress",
      ],
      rows,
    ),
  );
  console.log(
    `\nProgress: how far each key result's current value has come from its baseline to its target; an objective's is the mean of its key results'.`,
  );
}

/** `baton capacity show [--from YYYY-MM] [--months 6]`: the team × month grid, load against capacity. */
export async function runCapacityShow(o: Scope & { from?: string; months?: string; format?: string }) {
  const opts = parseOptions(
    z.object({
      from: MonthSchema.optional(),
      months: z.coerce.number().int().min(1, "at least 1").max(36, "at most 36").default(6),
      format: FORMAT,
    }),
    o,
  );
  const from = opts.from ?? `${systemClock.now().toISOString().slice(0, 7)}-01`;
  const grid = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    return b.capacity(ws.id, from, opts.months);
  });
  if (opts.format === "json") {
    console.log(JSON.stringify(grid, null, 2));
    return;
  }
  if (opts.format === "csv") {
    process.stdout.write(
      csv(
        ["team", "month", "load", "capacity", "derived", "override", "note", "teamId"],
        grid.teams.flatMap((t) =>
          t.cells.map((c) => [t.name, c.month, c.load, c.capacity, c.derived, c.override, c.note, t.id]),
        ),
      ),
    );
    return;
  }
  const month = (m: string) =>
    new Date(`${m}T00:00:00Z`).toLocaleString("en", { month: "short", year: "numeric", timeZone: "UTC" });
  let over = false;
  let set = false;
  const rows = grid.teams.map((t) => [
    t.name,
    ...t.cells.map((c) => {
      const flags = `${c.override !== null ? "*" : ""}${c.load > c.capacity + 1e-9 ? "!" : ""}`;
      over ||= flags.includes("!");
      set ||= flags.includes("*");
      return `${fmtNumber(c.load)}/${fmtNumber(c.capacity)}${flags}`;
    }),
  ]);
  const unit = CAPACITY_UNIT_LABELS[grid.unit];
  console.log(
    `Load / capacity per team and month, in ${unit}${grid.unit === "points" ? ` (${grid.pointsPerPersonMonth} a person-month)` : ""}:\n`,
  );
  if (!grid.teams.length) {
    console.log("No teams yet: capacity comes from the people in teams.");
    return;
  }
  console.log(table(["Team", ...grid.months.map(month)], rows));
  const notes = [
    "Capacity comes from team members' allocation and time off unless set by hand.",
    ...(set ? ["* set by hand"] : []),
    ...(over ? ["! planned load is over capacity"] : []),
  ];
  console.log(`\n${notes.join("\n")}`);
}
