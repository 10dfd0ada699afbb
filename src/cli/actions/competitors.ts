import { z } from "zod";
import { invalid } from "../../server/errors.ts";
import {
  CHANGE_CATEGORIES,
  CHANGE_IMPORTANCES,
  CHANGE_STATES,
  type ChangeSummary,
} from "../../shared/changes.schemas.ts";
import { COMPETITOR_STATUSES, type CompetitorSummary } from "../../shared/competitors.schemas.ts";
import type { CheckResult, MonitorOverview } from "../../shared/monitoring.schemas.ts";
import { type Backend, withBackend } from "../lib/backend.ts";
import { parseOptions } from "../lib/input.ts";
import { csv, table } from "../lib/output.ts";
import { isUuid, resolveProduct, workspaceScope } from "../lib/scope.ts";

/**
 * `baton competitors list`, `baton changes list` and `baton sources check` (docs/COMPETITORS.md "CLI"): the
 * competitor module's profiles, detected changes and monitored sources, through the same backend as every command.
 */

const DAY = 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY };
/** How far back `competitors list` counts changes. */
const RECENT_DAYS = 7;

/**
 * --since as an instant: a duration back from now ("90m", "24h", "7d", "2w"), a day ("2026-11-30", midnight UTC)
 * or a date and time with its offset ("2026-11-30T08:00:00Z").
 */
export function parseSince(value: string, now = new Date()): string {
  const v = value.trim();
  const rel = /^(\d{1,5})\s*([mhdw])$/i.exec(v);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()]).toISOString();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(day)
    ? new Date(day)
    : null;
  if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1900 || at.getUTCFullYear() > 2999)
    throw invalid(
      {
        "--since": "give a duration like 7d, 24h, 90m or 2w, a day like 2026-11-30, or 2026-11-30T08:00:00Z",
      },
      "Some options are invalid",
    );
  return at.toISOString();
}

/** Every page of a keyset-paged list. */
async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor && out.length < limit);
  return out.slice(0, limit);
}

type MonitorItem = MonitorOverview["items"][number];
const allMonitors = (b: Backend, wid: string) =>
  allPages<MonitorItem>((cursor) => b.monitorPage(wid, { cursor, limit: 200 }));

/** The competitor of --competitor: its id, or its name (case-insensitive). */
async function resolveCompetitor(b: Backend, wid: string, ref: string): Promise<CompetitorSummary> {
  const wanted = ref.trim();
  const all = await b.competitors(wid, {});
  const found = isUuid(wanted)
    ? all.filter((c) => c.id === wanted.toLowerCase())
    : all.filter((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0];
  const near = all.filter((c) => c.name.toLowerCase().includes(wanted.toLowerCase())).slice(0, 5);
  throw invalid(
    {
      "--competitor": `no competitor "${wanted}" in this workspace${near.length ? `; did you mean ${near.map((c) => `"${c.name}"`).join(", ")}?` : " (see baton competitors list)"}`,
    },
    "No such competitor",
  );
}

// ---- competitors list ----------------------------------------------------------------------------------------

const CompetitorListOptions = z.object({
  status: z.enum(COMPETITOR_STATUSES).optional(),
  product: z.string().optional(),
  format: z.enum(["table", "csv", "json"]).default("table"),
});

/** `baton competitors list`: competitors by name, with their products, monitored sources and recent changes. */
export async function runCompetitorsList(o: {
  workspace?: string;
  status?: string;
  product?: string;
  format?: string;
}) {
  const opts = parseOptions(CompetitorListOptions, o);
  const { items, ws } = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const productId = opts.product ? (await resolveProduct(b, ws.id, opts.product)).id : undefined;
    const list = await b.competitors(ws.id, { status: opts.status, productId });
    if (!list.length) return { items: [], ws };
    const monitors = await allMonitors(b, ws.id);
    const since = new Date(Date.now() - RECENT_DAYS * DAY).toISOString();
    const changes = await allPages((cursor) => b.changesPage(ws.id, { since, cursor, limit: 200 }));
    const count = <T>(xs: T[], pick: (x: T) => string, keep: (x: T) => boolean = () => true) => {
      const m = new Map<string, number>();
      for (const x of xs) if (keep(x)) m.set(pick(x), (m.get(pick(x)) ?? 0) + 1);
      return m;
    };
    const sources = count(monitors, (m) => m.competitorId);
    const failing = count(
      monitors,
      (m) => m.competitorId,
      (m) => m.enabled && m.health.consecutiveFailures > 0,
    );
    const recent = count(changes, (c) => c.competitorId);
    return {
      ws,
      items: list.map((c) => ({
        ...c,
        monitors: sources.get(c.id) ?? 0,
        failingMonitors: failing.get(c.id) ?? 0,
        recentChanges: recent.get(c.id) ?? 0,
      })),
    };
  });
  if (opts.format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  const rows = items.map((c) => [
    c.name,
    c.status,
    c.products.map((p) => p.name).join("; "),
    c.website ?? "",
    c.monitors,
    c.failingMonitors,
    c.recentChanges,
    c.id,
  ]);
  if (opts.format === "csv") {
    process.stdout.write(
      csv(["name", "status", "products", "website", "monitors", "failingMonitors", "changes7d", "id"], rows),
    );
    return;
  }
  if (!items.length) {
    console.log(`No competitors${opts.status || opts.product ? " match" : ` in workspace "${ws.name}"`}.`);
    return;
  }
  console.log(
    table(
      ["Name", "Status", "Products", "Website", "Sources", "Failing", `Changes ${RECENT_DAYS}d`, "Id"],
      rows,
      60,
    ),
  );
}

// ---- changes list --------------------------------------------------------------------------------------------

const ChangeListOptions = z.object({
  since: z.string().default(`${RECENT_DAYS}d`),
  competitor: z.string().optional(),
  category: z.array(z.enum(CHANGE_CATEGORIES)).max(10).optional(),
  importance: z.array(z.enum(CHANGE_IMPORTANCES)).max(10).optional(),
  state: z.array(z.enum(CHANGE_STATES)).max(10).optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  format: z.enum(["table", "csv", "json"]).default("table"),
});

/** `baton changes list`: detected changes since a date or a duration ago, newest first, every page. */
export async function runChangesList(o: {
  workspace?: string;
  since?: string;
  competitor?: string;
  category?: string[];
  importance?: string[];
  state?: string[];
  limit?: string;
  format?: string;
}) {
  const opts = parseOptions(ChangeListOptions, o);
  const since = parseSince(opts.since);
  const items: ChangeSummary[] = await withBackend("read", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const competitorId = opts.competitor
      ? (await resolveCompetitor(b, ws.id, opts.competitor)).id
      : undefined;
    return allPages(
      (cursor) =>
        b.changesPage(ws.id, {
          since,
          competitorId,
          category: opts.category,
          importance: opts.importance,
          state: opts.state,
          cursor,
          limit: 200,
        }),
      opts.limit,
    );
  });
  if (opts.format === "json") {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  const rows = items.map((c) => [
    c.detectedAt,
    c.competitorName,
    c.monitorName,
    c.category,
    c.importance,
    c.state,
    c.changedPercent,
    c.summary.replace(/\s+/g, " ").slice(0, 200),
    c.id,
  ]);
  if (opts.format === "csv") {
    process.stdout.write(
      csv(
        [
          "detectedAt",
          "competitor",
          "source",
          "category",
          "importance",
          "state",
          "changedPercent",
          "summary",
          "id",
        ],
        rows,
      ),
    );
    return;
  }
  if (!items.length) {
    console.log(`No changes since ${since}.`);
    return;
  }
  console.log(
    table(
      [
        "Detected (UTC)",
        "Competitor",
        "Source",
        "Category",
        "Importance",
        "State",
        "Changed %",
        "Summary",
        "Id",
      ],
      rows,
      70,
    ),
  );
}

// ---- sources check -------------------------------------------------------------------------------------------

/**
 * The monitored source of `ref` (its id, or its name, case-insensitive; --competitor narrows by competitor). An id
 * or a name of a feedback source is answered with `sources poll`.
 */
async function resolveMonitor(
  b: Backend,
  wid: string,
  ref: string,
  competitor: string | undefined,
): Promise<MonitorItem> {
  const wanted = ref.trim();
  const owner = competitor ? await resolveCompetitor(b, wid, competitor) : null;
  const all = (await allMonitors(b, wid)).filter((m) => !owner || m.competitorId === owner.id);
  const found = isUuid(wanted)
    ? all.filter((m) => m.id === wanted.toLowerCase())
    : all.filter((m) => m.name.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0];
  if (found.length > 1)
    throw invalid(
      {
        "<source>": `${found.length} monitored sources are named "${wanted}": ${found
          .slice(0, 10)
          .map((m) => `${m.competitorName} (${m.id})`)
          .join(", ")}; give the id, or --competitor`,
      },
      "Several sources have this name",
    );
  const feedback = (await b.sources(wid)).find((s) =>
    isUuid(wanted) ? s.id === wanted.toLowerCase() : s.name.toLowerCase() === wanted.toLowerCase(),
  );
  if (feedback)
    throw invalid(
      {
        "<source>": `"${feedback.name}" is a polled feedback source, not a competitor's monitored source: use \`baton sources poll ${isUuid(wanted) ? feedback.id : JSON.stringify(feedback.name)}\``,
      },
      "Not a competitor's source",
    );
  throw invalid(
    {
      "<source>": `no monitored source "${wanted}"${owner ? ` of ${owner.name}` : ""} in this workspace (see the Sources tab of a competitor, or GET /workspaces/:wid/monitors)`,
    },
    "No such source",
  );
}

/** The outcome of a check in one line (stdout), or the error (stderr). */
export function describeCheck(name: string, r: CheckResult): string {
  const next = r.monitor.health.nextCheckAt ? `; next check ${r.monitor.health.nextCheckAt}` : "";
  switch (r.outcome) {
    case "first":
      return `${name}: first snapshot stored (later checks are compared with it)${next}`;
    case "unchanged":
      return `${name}: unchanged${next}`;
    case "not_modified":
      return `${name}: not modified (the site answered 304)${next}`;
    case "busy":
      return `${name}: another check of this source is running`;
    case "error":
      return `${name}: check failed (${r.error?.code}): ${r.error?.message}${next}`;
    case "changed": {
      const c = r.change;
      if (!c) return `${name}: changed${next}`;
      const words = `+${c.addedWords} −${c.removedWords} words`;
      const kept = c.reported
        ? `${c.suggestedCategory}, ${c.importance} importance`
        : `below the source's ${r.monitor.thresholdPercent}% threshold: kept in its history, not reported`;
      const prices = r.prices.length
        ? `\n  prices read: ${r.prices.map((p) => `${p.plan} ${p.price} ${p.currency}/${p.period}`).join(", ")}`
        : "";
      return `${name}: changed ${c.changedPercent}% (${words}; ${kept})${next}\n  ${c.summary}${prices}\n  change ${c.id}`;
    }
  }
}

/**
 * `baton sources check <source>`: check a competitor's monitored source now; exit code 1 when the check failed.
 * `baton sources check --all [--competitor c]`: queue a check of every enabled source (of the workspace, or of the
 * competitor) that is not already due; the serving Baton runs them in the background.
 */
export async function runSourcesCheck(
  ref: string | undefined,
  o: { workspace?: string; competitor?: string; json?: boolean; all?: boolean },
) {
  if (o.all) {
    if (ref !== undefined)
      throw invalid(
        { "<source>": "give one source, or --all for every enabled one, not both" },
        "Some options are invalid",
      );
    const { queued, owner } = await withBackend("write", async (b) => {
      const ws = await workspaceScope(b, o.workspace);
      const owner = o.competitor ? await resolveCompetitor(b, ws.id, o.competitor) : null;
      return { owner, ...(await b.checkAllMonitors(ws.id, owner?.id)) };
    });
    if (o.json) console.log(JSON.stringify({ queued }, null, 2));
    else console.log(describeCheckAll(queued, owner?.name));
    return;
  }
  if (ref === undefined)
    throw invalid(
      { "<source>": "give the source's id or name, or --all for every enabled source" },
      "Missing the source",
    );
  const { r, m } = await withBackend("write", async (b) => {
    const ws = await workspaceScope(b, o.workspace);
    const m = await resolveMonitor(b, ws.id, ref, o.competitor);
    return { m, r: await b.checkMonitor(ws.id, m.competitorId, m.id) };
  });
  const name = `${m.competitorName} — ${m.name}`;
  if (o.json) console.log(JSON.stringify(r, null, 2));
  else if (r.outcome === "error") console.error(describeCheck(name, r));
  else console.log(describeCheck(name, r));
  if (r.outcome === "error") process.exitCode = 1;
}

/** What `sources check --all` did, in a line. */
export function describeCheckAll(queued: number, competitor?: string): string {
  const of = competitor ? ` of ${competitor}` : "";
  return queued === 0
    ? `Queued 0 checks: every enabled source${of} is already due, or none is enabled`
    : `Queued ${queued} ${queued === 1 ? "check" : "checks"}${of}: a serving Baton runs ${queued === 1 ? "it" : "them"} in the background (else \`baton jobs run\`)`;
}
