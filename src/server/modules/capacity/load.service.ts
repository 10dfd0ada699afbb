import type { CapacityGrid, Period } from "../../../shared/roadmap.schemas.ts";
import {
  addMonths,
  monthlyLoad,
  monthsBetween,
  monthsIn,
  type PeriodFrame,
  periodContaining,
  round2,
  type TeamLoad,
} from "../../../shared/roadmap.ts";
import type { Db } from "../../db/client.ts";
import { selectPlannedLoad } from "./capacity.queries.ts";
import { capacityTable } from "./capacity.service.ts";

// Load: the effort every roadmap plans for each team and month, against capacity. Roadmaps read it for
// their SMART badges and load bars; the capacity grid (GET /capacity/grid) shows it.

/** A roadmap's (or a planned row's) period frame. */
export const frameOf = (r: { periodKind: string; startMonth: string; horizon: number }): PeriodFrame => ({
  periodKind: r.periodKind as PeriodFrame["periodKind"],
  startMonth: r.startMonth,
  horizon: r.horizon,
});

/** Workspace-wide load per team and month, and the capacity table covering `extra` periods too. */
export async function loadAndCapacity(db: Db, workspaceId: string, extra: Period[]) {
  const planned = await selectPlannedLoad(db, workspaceId);
  const spans = new Map<string, Period>();
  for (const p of planned) spans.set(p.id, periodContaining(frameOf(p), p.period));
  let from = "9999-12-01";
  let to = "0000-01-01";
  for (const s of [...extra, ...spans.values()]) {
    if (s.start < from) from = s.start;
    if (s.end > to) to = s.end;
  }
  if (from > to) to = addMonths(from, 1);
  const cap = await capacityTable(db, workspaceId, from, monthsBetween(from, to));
  const load = monthlyLoad(
    planned.map((p) => {
      const s = spans.get(p.id) as Period;
      return { id: p.id, status: p.status, months: monthsIn(s.start, s.end), efforts: p.efforts };
    }),
  );
  const teamLoad = (teamId: string, period: Period): TeamLoad => {
    let capacity = 0;
    let l = 0;
    const months: NonNullable<TeamLoad["months"]> = [];
    for (const m of monthsIn(period.start, period.end)) {
      const c = cap.cell(teamId, m).capacity;
      const ml = load.get(`${teamId}|${m}`) ?? 0;
      capacity += c;
      l += ml;
      months.push({ month: m, capacity: round2(c), load: round2(ml) });
    }
    return { capacity: round2(capacity), load: round2(l), months };
  };
  return { cap, load, teamLoad, planned, spans };
}

/** The capacity grid: each team's capacity per month (derived or set) with the load planned across roadmaps. */
export async function capacityGrid(
  db: Db,
  workspaceId: string,
  from: string,
  n: number,
): Promise<CapacityGrid> {
  const to = addMonths(from, n);
  const months = monthsIn(from, to);
  const lc = await loadAndCapacity(db, workspaceId, [{ key: from, label: "", start: from, end: to }]);
  const items = new Map<string, CapacityGrid["teams"][number]["cells"][number]["items"]>();
  for (const p of lc.planned) {
    const span = lc.spans.get(p.id) as Period;
    if (span.end <= from || span.start >= to) continue;
    const spanMonths = monthsIn(span.start, span.end);
    for (const e of p.efforts)
      for (const m of spanMonths) {
        if (m < from || m >= to) continue;
        const k = `${e.teamId}|${m}`;
        const list = items.get(k) ?? [];
        list.push({
          id: p.id,
          title: p.title,
          roadmapId: p.roadmapId,
          effort: round2(e.effort / spanMonths.length),
        });
        items.set(k, list);
      }
  }
  return {
    unit: lc.cap.unit,
    pointsPerPersonMonth: lc.cap.pointsPerPersonMonth,
    months,
    teams: lc.cap.teams.map((t) => ({
      ...t,
      cells: months.map((m) => ({
        month: m,
        ...lc.cap.cell(t.id, m),
        load: round2(lc.load.get(`${t.id}|${m}`) ?? 0),
        // Largest first; equal efforts by title, then id (the rows come in no stated order).
        items: (items.get(`${t.id}|${m}`) ?? []).sort(
          (a, b) => b.effort - a.effort || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
        ),
      })),
    })),
  };
}
