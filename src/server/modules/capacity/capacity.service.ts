import type { CapacityUnit } from "../../../shared/enums.ts";
import { afterHolidays } from "../../../shared/holidays.ts";
import type {
  CapacitySettings,
  CreateTimeOff,
  PutCapacity,
  TimeOff,
} from "../../../shared/roadmap.schemas.ts";
import { addMonths, derivedCapacity, monthsIn, workingDays } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { invalid, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { teamHolidays } from "../holidays/holidays.service.ts";
import { assertMember } from "../members/members.service.ts";
import { touchPlanning } from "../workspaces/workspaces.service.ts";
import {
  deleteCapacity,
  deleteTimeOffRow,
  insertTimeOff,
  selectAllTeamMembers,
  selectAllTeams,
  selectCapacityOverrides,
  selectCapacitySettings,
  selectTimeOff,
  selectTimeOffById,
  updateCapacitySettings,
  upsertCapacity,
} from "./capacity.queries.ts";

export interface CapacityCell {
  derived: number;
  override: number | null;
  note: string;
  capacity: number;
  /** The month's weekday public holidays of the team's calendar. */
  holidays: { date: string; name: string }[];
  workingDays: number;
}
export interface CapacityTable {
  unit: CapacityUnit;
  pointsPerPersonMonth: number;
  months: string[];
  teams: { id: string; name: string; members: { userId: string; name: string; allocationPct: number }[] }[];
  /** Capacity of a team in a month ("teamId|YYYY-MM-01"); months outside the table read as derived on demand. */
  cell(teamId: string, month: string): CapacityCell;
}

export async function getCapacitySettings(db: Db, workspaceId: string): Promise<CapacitySettings> {
  const s = await selectCapacitySettings(db, workspaceId);
  return { capacityUnit: s.capacityUnit as CapacityUnit, pointsPerPersonMonth: s.pointsPerPersonMonth };
}

/**
 * Every team's capacity per month over [from, from + n months): hand-set overrides, else derived from people;
 * either less the weekday public holidays of the team's calendar (docs/ROADMAP.md, "Public holidays").
 */
export async function capacityTable(
  db: Db,
  workspaceId: string,
  from: string,
  n: number,
): Promise<CapacityTable> {
  const to = addMonths(from, n);
  const [settings, teams, members, overrides, off, holidaysOf] = await Promise.all([
    getCapacitySettings(db, workspaceId),
    selectAllTeams(db, workspaceId),
    selectAllTeamMembers(db, workspaceId),
    selectCapacityOverrides(db, workspaceId, from, to),
    selectTimeOff(db, workspaceId, from, to),
    teamHolidays(db, workspaceId, from, to),
  ]);
  const byTeam = new Map(
    teams.map((t) => [t.id, [] as { userId: string; name: string; allocationPct: number }[]]),
  );
  for (const m of members)
    byTeam.get(m.teamId)?.push({ userId: m.userId, name: m.name, allocationPct: m.allocationPct });
  const over = new Map(overrides.map((o) => [`${o.teamId}|${o.month}`, o]));
  const memo = new Map<string, CapacityCell>();
  const cell = (teamId: string, month: string): CapacityCell => {
    const key = `${teamId}|${month}`;
    let c = memo.get(key);
    if (!c) {
      const o = over.get(key);
      // Months outside the table's window read no holidays (the window covers what callers ask for).
      const holidays = month >= from && month < to ? holidaysOf(teamId, month) : [];
      const derived = derivedCapacity(
        month,
        byTeam.get(teamId) ?? [],
        off,
        settings.capacityUnit,
        settings.pointsPerPersonMonth,
        holidays.map((h) => h.date),
      );
      const override = o?.capacity ?? null;
      c = {
        derived,
        override,
        note: o?.note ?? "",
        capacity: override === null ? derived : afterHolidays(override, month, holidays.length),
        holidays,
        workingDays: workingDays(month),
      };
      memo.set(key, c);
    }
    return c;
  };
  return {
    unit: settings.capacityUnit,
    pointsPerPersonMonth: settings.pointsPerPersonMonth,
    months: monthsIn(from, to),
    teams: teams.map((t) => ({ ...t, members: byTeam.get(t.id) ?? [] })),
    cell,
  };
}

export async function setCapacitySettings(db: Db, ctx: WorkspaceContext, input: CapacitySettings) {
  const before = await getCapacitySettings(db, ctx.workspaceId);
  await updateCapacitySettings(db, ctx.workspaceId, input);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capacity.settings",
    entityType: "workspace",
    entityId: ctx.workspaceId,
    before,
    after: input,
  });
  return input;
}

/** Sets (or, with capacity null, clears) hand-set capacities in one transaction; unknown teams are refused. */
export async function putCapacity(db: Db, ctx: WorkspaceContext, input: PutCapacity) {
  const teamIds = new Set((await selectAllTeams(db, ctx.workspaceId)).map((t) => t.id));
  const fields: Record<string, string> = {};
  input.cells.forEach((c, i) => {
    if (!teamIds.has(c.teamId)) fields[`cells.${i}.teamId`] = "No such team in this workspace";
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const set = input.cells.filter((c) => c.capacity !== null);
  await upsertCapacity(
    db,
    set.map((c) => ({
      workspaceId: ctx.workspaceId,
      teamId: c.teamId,
      month: c.month,
      capacity: c.capacity as number,
      note: c.note ?? "",
    })),
  );
  await deleteCapacity(
    db,
    ctx.workspaceId,
    input.cells.filter((c) => c.capacity === null),
  );
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "capacity.set",
    entityType: "capacity",
    entityId: null,
    after: input.cells,
  });
}

export async function listTimeOff(db: Db, workspaceId: string, from: string, to: string): Promise<TimeOff[]> {
  return selectTimeOff(db, workspaceId, from, to);
}

export async function createTimeOff(db: Db, ctx: WorkspaceContext, input: CreateTimeOff): Promise<TimeOff> {
  await assertMember(db, ctx.workspaceId, input.userId, "userId");
  const { id } = await insertTimeOff(db, {
    workspaceId: ctx.workspaceId,
    ...(input as Required<CreateTimeOff>),
  });
  const after = await selectTimeOffById(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "time_off.create",
    entityType: "time_off",
    entityId: id,
    after,
  });
  return after as TimeOff;
}

export async function deleteTimeOff(db: Db, ctx: WorkspaceContext, id: string) {
  const before = await selectTimeOffById(db, ctx.workspaceId, id);
  if (!before) throw notFound("Time off");
  await deleteTimeOffRow(db, ctx.workspaceId, id);
  await touchPlanning(db, ctx.workspaceId);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "time_off.delete",
    entityType: "time_off",
    entityId: id,
    before,
  });
}

/** Ids of the workspace's teams. */
export async function teamIds(db: Db, workspaceId: string) {
  return (await selectAllTeams(db, workspaceId)).map((t) => t.id);
}
