import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { jsonValue, rawRows } from "../../db/hot.ts";
import { teamCapacity, timeOff } from "../../db/schema.roadmap.ts";
import { teamMembers, teams, users, workspaces } from "../../db/schema.ts";

export const selectCapacitySettings = async (db: Db, workspaceId: string) =>
  (
    await db
      .select({
        capacityUnit: workspaces.capacityUnit,
        pointsPerPersonMonth: workspaces.pointsPerPersonMonth,
      })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId))
  )[0];

export const updateCapacitySettings = (
  db: Db,
  workspaceId: string,
  set: { capacityUnit: string; pointsPerPersonMonth: number },
) =>
  db
    .update(workspaces)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(workspaces.id, workspaceId));

export const selectAllTeams = (db: Db, workspaceId: string) =>
  db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(asc(teams.name), asc(teams.id));

export const selectAllTeamMembers = (db: Db, workspaceId: string) =>
  db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      name: users.name,
      allocationPct: teamMembers.allocationPct,
    })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.workspaceId, workspaceId))
    .orderBy(asc(users.name));

export const selectCapacityOverrides = (db: Db, workspaceId: string, from: string, to: string) =>
  db
    .select({
      teamId: teamCapacity.teamId,
      month: teamCapacity.month,
      capacity: teamCapacity.capacity,
      note: teamCapacity.note,
    })
    .from(teamCapacity)
    .where(
      and(
        eq(teamCapacity.workspaceId, workspaceId),
        gte(teamCapacity.month, from),
        lt(teamCapacity.month, to),
      ),
    );

export const upsertCapacity = (
  db: Db,
  rows: { workspaceId: string; teamId: string; month: string; capacity: number; note: string }[],
) =>
  rows.length
    ? db
        .insert(teamCapacity)
        .values(rows)
        .onConflictDoUpdate({
          target: [teamCapacity.workspaceId, teamCapacity.teamId, teamCapacity.month],
          set: { capacity: sql`excluded.capacity`, note: sql`excluded.note`, updatedAt: sql`now()` },
        })
    : Promise.resolve();

/** Clears hand-set capacities (back to derived) for these team-months, in one statement. */
export const deleteCapacity = (db: Db, workspaceId: string, cells: { teamId: string; month: string }[]) =>
  cells.length === 0
    ? Promise.resolve([])
    : rawRows(
        db,
        `DELETE FROM team_capacity c USING jsonb_to_recordset($2::jsonb) AS x("teamId" uuid, month date)
          WHERE c.workspace_id = $1 AND c.team_id = x."teamId" AND c.month = x.month`,
        [workspaceId, JSON.stringify(cells.map(({ teamId, month }) => ({ teamId, month })))],
      );

const timeOffCols = {
  id: timeOff.id,
  userId: timeOff.userId,
  userName: users.name,
  startDate: timeOff.startDate,
  endDate: timeOff.endDate,
  note: timeOff.note,
  createdAt: timeOff.createdAt,
};

/** Time off overlapping [from, to). */
export const selectTimeOff = (db: Db, workspaceId: string, from: string, to: string) =>
  db
    .select(timeOffCols)
    .from(timeOff)
    .innerJoin(users, eq(users.id, timeOff.userId))
    .where(and(eq(timeOff.workspaceId, workspaceId), lt(timeOff.startDate, to), gte(timeOff.endDate, from)))
    .orderBy(desc(timeOff.startDate), asc(timeOff.id));

export const selectTimeOffById = async (db: Db, workspaceId: string, id: string) =>
  (
    await db
      .select(timeOffCols)
      .from(timeOff)
      .innerJoin(users, eq(users.id, timeOff.userId))
      .where(and(eq(timeOff.workspaceId, workspaceId), eq(timeOff.id, id)))
  )[0] ?? null;

export const insertTimeOff = async (db: Db, values: typeof timeOff.$inferInsert) =>
  (await db.insert(timeOff).values(values).returning({ id: timeOff.id }))[0];

export const deleteTimeOffRow = (db: Db, workspaceId: string, id: string) =>
  db.delete(timeOff).where(and(eq(timeOff.workspaceId, workspaceId), eq(timeOff.id, id)));

// ---------------------------------------------------------------- load: planned roadmap items

export interface PlannedRow {
  id: string;
  roadmapId: string;
  title: string;
  status: string;
  period: string;
  periodKind: string;
  startMonth: string;
  horizon: number;
  efforts: { teamId: string; effort: number }[];
}
/**
 * Every planned, not dropped roadmap item of the workspace with effort: what loads the teams (three scans,
 * joined here). Load is capacity's question, asked across every roadmap, so it reads the roadmap tables here.
 */
export async function selectPlannedLoad(db: Db, workspaceId: string): Promise<PlannedRow[]> {
  const [items, efforts, frames] = await Promise.all([
    jsonValue<{ id: string; roadmapId: string; title: string; status: string; period: string }[]>(
      db,
      `SELECT json_agg(json_build_object('id', i.id, 'roadmapId', i.roadmap_id, 'title', i.title, 'status', i.status,
                'period', i.period)) AS j
         FROM roadmap_items i WHERE i.workspace_id = $1 AND i.period IS NOT NULL AND i.status <> 'dropped'`,
      [workspaceId],
    ),
    jsonValue<[string, string, number][]>(
      db,
      `SELECT json_agg(json_build_array(e.item_id, e.team_id, e.effort)) AS j
         FROM roadmap_item_efforts e WHERE e.workspace_id = $1 AND e.effort > 0`,
      [workspaceId],
    ),
    jsonValue<{ id: string; periodKind: string; startMonth: string; horizon: number }[]>(
      db,
      `SELECT json_agg(json_build_object('id', r.id, 'periodKind', r.period_kind, 'startMonth', r.start_month,
                'horizon', r.horizon)) AS j
         FROM roadmaps r WHERE r.workspace_id = $1`,
      [workspaceId],
    ),
  ]);
  const byItem = new Map<string, { teamId: string; effort: number }[]>();
  for (const [item, teamId, effort] of efforts) {
    const list = byItem.get(item) ?? [];
    list.push({ teamId, effort });
    byItem.set(item, list);
  }
  const frame = new Map(frames.map((f) => [f.id, f]));
  const out: PlannedRow[] = [];
  for (const i of items) {
    const e = byItem.get(i.id);
    const f = frame.get(i.roadmapId);
    if (e && f)
      out.push({ ...i, periodKind: f.periodKind, startMonth: f.startMonth, horizon: f.horizon, efforts: e });
  }
  return out;
}
