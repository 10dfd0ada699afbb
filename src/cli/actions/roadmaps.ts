import { parse } from "csv-parse/sync";
import { z } from "zod";
import { shutdownPlanner } from "../../server/modules/planner/planner.ts";
import { type PlanProposal, PlanRequestSchema, type Roadmap } from "../../shared/roadmap.schemas.ts";
import { periodContaining } from "../../shared/roadmap.ts";
import { withBackend } from "../lib/backend.ts";
import { asOptionError, parseOptions } from "../lib/input.ts";
import { csv, fmtNumber, plural, table, writeFileAtomic } from "../lib/output.ts";
import { resolveProduct, resolveRoadmap, workspaceScope } from "../lib/scope.ts";

interface Scope {
  workspace?: string;
}

const FORMAT = z.enum(["table", "csv", "json"]).default("table");

const periodsOf = (r: Roadmap) =>
  r.periodKind === "nnl"
    ? `Now/Next/Later, ${r.horizon} months each`
    : `${plural(r.horizon, r.periodKind)} from ${r.startMonth.slice(0, 7)}`;

const LIST_COLUMNS = [
  "name",
  "product",
  "periodKind",
  "startMonth",
  "horizon",
  "laneBy",
  "items",
  "feed",
  "updatedAt",
  "id",
] as const;

/** `baton roadmaps list` */
export async function runRoadmapsList(o: Scope & { product?: string; format?: string }) {
  const { format } = parseOptions(z.object({ format: FORMAT }), o);
  const { items, ws, product } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const product = o.product ? await resolveProduct(b, ws.id, o.product) : null;
    return { items: await b.listRoadmaps(ws.id, product?.id), ws, product };
  });
  if (format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  if (format === "csv") {
    process.stdout.write(
      csv(
        LIST_COLUMNS,
        items.map((r) => [
          r.name,
          r.productName,
          r.periodKind,
          r.startMonth,
          r.horizon,
          r.laneBy,
          r.itemCount,
          r.feedEnabled ? "on" : "off",
          r.updatedAt,
          r.id,
        ]),
      ),
    );
    return;
  }
  if (!items.length) {
    console.log(`No roadmaps${product ? ` of "${product.name}"` : ""} in workspace "${ws.name}".`);
    return;
  }
  console.log(
    table(
      ["Roadmap", "Product", "Periods", "Items", "Feed", "Updated (UTC)", "Id"],
      items.map((r) => [
        r.name,
        r.productName,
        periodsOf(r),
        r.itemCount,
        r.feedEnabled ? "on" : "off",
        r.updatedAt.slice(0, 16).replace("T", " "),
        r.id,
      ]),
      40,
    ),
  );
}

interface PlanOptions extends Scope {
  scope?: string;
  timeLimit?: string;
  weight?: boolean;
  overrideHumanMoves?: boolean;
  apply?: boolean;
  reason?: string;
  json?: boolean;
}

const label = (r: Roadmap, day: string | null) => (day ? periodContaining(r, day).label : "—");
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${fmtNumber(Math.abs(x))}`;

function printProposal(r: Roadmap, p: PlanProposal, weighted: boolean) {
  const s = p.solver;
  console.log(
    `Auto-planner on "${r.name}" (${r.productName}): scope ${p.scope}, ${weighted ? "values weighted by objective importance" : "values not weighted"}.`,
  );
  const gap = s.gap === null ? "gap —" : `gap ${(s.gap * 100).toFixed(2)}%`;
  console.log(
    `Solver: ${s.status} (${s.method}), ${gap}, ${s.elapsedMs} ms${s.message ? ` — ${s.message}` : ""}`,
  );
  console.log(
    `Value: ${fmtNumber(p.valueBefore)} → ${fmtNumber(p.valueAfter)} (${signed(p.valueAfter - p.valueBefore)}); ${plural(p.candidates, "candidate")}, ${plural(p.moves.length, "move")}`,
  );
  if (!p.moves.length) return;
  console.log("");
  console.log(
    table(
      ["Change", "Item", "From", "To", "Value", "Reason"],
      p.moves.map((m) => [m.change, m.title, label(r, m.from), label(r, m.to), fmtNumber(m.value), m.reason]),
      200,
    ),
  );
}

/** `baton roadmaps plan <roadmap>`: runs the auto-planner through the service; --apply accepts every move. */
export async function runRoadmapsPlan(roadmap: string, o: PlanOptions) {
  const opts = parseOptions(
    z.object({
      scope: PlanRequestSchema.shape.scope,
      timeLimit: z.coerce
        .number()
        .int()
        .min(1, "at least 1 second")
        .max(60, "at most 60 seconds")
        .default(10),
      reason: z.string().trim().max(400).default(""),
    }),
    o,
  );
  const req = {
    scope: opts.scope,
    weightByObjective: o.weight !== false,
    timeLimitSeconds: opts.timeLimit,
    overrideHumanMoves: o.overrideHumanMoves === true,
    overrideItemIds: [],
  };
  try {
    const { proposal, target, applied } = await withBackend("write", async (b) => {
      const ws = await workspaceScope(b, o.workspace);
      const target = await resolveRoadmap(b, ws.id, roadmap);
      const proposal = await b.proposePlan(ws.id, target.id, req);
      const applied =
        o.apply && proposal.moves.length ? await b.applyPlan(ws.id, proposal.id, opts.reason) : null;
      return { proposal, target, applied };
    }).catch((err) => asOptionError(err, ["scope"]));
    if (o.json) {
      console.log(JSON.stringify({ ...proposal, applied: applied ?? 0 }, null, 2));
      return;
    }
    printProposal(target, proposal, req.weightByObjective);
    if (applied !== null)
      console.log(`\nApplied ${plural(applied, "move")}; each is recorded with the planner's reason.`);
    else if (!proposal.moves.length)
      console.log("\nThe roadmap is already the best plan found: nothing to change.");
    else
      console.log(
        `\nNot applied (proposal ${proposal.id}): accept it in the app, or run again with --apply.`,
      );
  } finally {
    // The solver runs in a worker thread that would keep the process alive.
    await shutdownPlanner();
  }
}

/** `baton roadmaps export <roadmap> --format csv|json|ics` */
export async function runRoadmapsExport(roadmap: string, o: Scope & { format: string; out?: string }) {
  const { format } = parseOptions(z.object({ format: z.enum(["csv", "json", "ics"]) }), o);
  const { text, target, items, events } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const target = await resolveRoadmap(b, ws.id, roadmap);
    const body = await b.exportRoadmap(ws.id, target.id, format);
    if (format === "ics")
      return { text: body, target, items: 0, events: (body.match(/^BEGIN:VEVENT/gm) ?? []).length };
    if (format === "csv") return { text: body, target, items: parse(body).length - 1, events: 0 };
    const view = JSON.parse(body) as { items: unknown[] };
    return { text: `${body}\n`, target, items: view.items.length, events: 0 };
  });
  if (!o.out || o.out === "-") {
    process.stdout.write(text);
    return;
  }
  writeFileAtomic(o.out, text);
  const what = format === "ics" ? plural(events, "calendar event") : plural(items, "item");
  console.log(`Exported "${target.name}" (${target.productName}): ${what} to ${o.out} (${format}).`);
}
