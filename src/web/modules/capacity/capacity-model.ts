/** Pure helpers of the capacity page: utilisation levels, people shared between teams, totals. */
import type { CapacityGrid } from "../../../shared/roadmap.schemas.ts";

export type Team = CapacityGrid["teams"][number];
export type Cell = Team["cells"][number];
export type Level = "none" | "low" | "mid" | "high" | "over";

/** load / capacity; Infinity when there is load and no capacity; null when neither. */
export function utilisation(load: number, capacity: number): number | null {
  if (capacity <= 0) return load > 0 ? Number.POSITIVE_INFINITY : null;
  return load / capacity;
}

/** ≥ 100 % over, 85–100 % high, 50–85 % mid, under 50 % low; nothing planned reads "none". */
export function levelOf(load: number, capacity: number): Level {
  const u = utilisation(load, capacity);
  if (u === null || load <= 0) return "none";
  if (u >= 1) return "over";
  if (u >= 0.85) return "high";
  if (u >= 0.5) return "mid";
  return "low";
}

export function utilisationLabel(load: number, capacity: number): string {
  const u = utilisation(load, capacity);
  if (u === null) return "—";
  if (!Number.isFinite(u)) return "no capacity";
  return `${Math.round(u * 100)}%`;
}

/** Full-time equivalents: the sum of the members' allocations. */
export function fte(team: Team): number {
  return team.members.reduce((s, m) => s + m.allocationPct, 0) / 100;
}

export interface PersonAllocation {
  userId: string;
  name: string;
  total: number;
  teams: { id: string; name: string; allocationPct: number }[];
}

/** Each person's allocations across teams (a person may give parts of their time to several). */
export function allocationsByPerson(teams: Team[]): Map<string, PersonAllocation> {
  const out = new Map<string, PersonAllocation>();
  for (const t of teams) {
    for (const m of t.members) {
      const p = out.get(m.userId) ?? { userId: m.userId, name: m.name, total: 0, teams: [] };
      p.total += m.allocationPct;
      p.teams.push({ id: t.id, name: t.name, allocationPct: m.allocationPct });
      out.set(m.userId, p);
    }
  }
  return out;
}

export const cellKey = (teamId: string, month: string) => `${teamId}|${month}`;

export function sum(ns: number[]): number {
  return Math.round(ns.reduce((s, n) => s + n, 0) * 100) / 100;
}
