// Helpers of the seeders (bench/*/seed.ts, child processes that load server code): the scale from the
// environment, timed phases, seeded picks, bulk inserts, and roadmap items written as POST …/items writes them.
// Only seeders import this file (it loads the database schema).
import type { WorkspaceContext } from "../../src/server/context.ts";
import type { Db } from "../../src/server/db/client.ts";
import {
  roadmapChanges,
  roadmapItemEfforts,
  roadmapItemLinks,
  roadmapItems,
} from "../../src/server/db/schema.roadmap.ts";

/** The full scale, with the fields `envVar` sets as JSON ('{"approvers":100}') replaced. */
export function scaleFromEnv<T extends object>(envVar: string, full: T): T {
  const json = process.env[envVar];
  return json ? { ...full, ...JSON.parse(json) } : full;
}

/** `phase(name)` records and prints ("seed: <name> <ms> ms") the time since the previous phase. */
export function phaseTimer() {
  const phasesMs: Record<string, number> = {};
  let t = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phasesMs[name] = Math.round(now - t);
    t = now;
    console.log(`seed: ${name} ${phasesMs[name]} ms`);
  };
  return { phasesMs, phase };
}

/** An integer in [lo, hi] and an element of a list, from the seeded `rnd` (one draw each). */
export function randomTools(rnd: () => number) {
  return {
    int: (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)],
  };
}

/** The first day of the quarter of `day` (YYYY-MM-DD). */
export function quarterStart(day: string) {
  const m0 = Number(day.slice(5, 7)) - 1;
  return `${day.slice(0, 4)}-${String(m0 - (m0 % 3) + 1).padStart(2, "0")}-01`;
}

/** Rows for multi-row INSERTs, in chunks (PostgreSQL allows 65,535 parameters per statement). */
export async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 400) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export interface ItemSpec {
  kind: "idea" | "initiative";
  ideaId: string | null;
  title: string;
  problem: string;
  outcome: string;
  description: string;
  theme: string;
  status: string;
  period: string | null;
  targetDate: string | null;
  pinned: boolean;
  successMetric: string;
  successTarget: string;
  valueOverride: number | null;
  efforts: { teamId: string; effort: number }[];
  links: { kind: "objective" | "key_result" | "idea"; targetId: string }[];
}

/**
 * Writes items (with efforts, links and a "created" change each, by `ctx.userId` with `reason`) in bulk into
 * the tables POST …/items writes; returns their ids in order.
 */
export async function insertItems(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  specs: ItemSpec[],
  reason: string,
): Promise<string[]> {
  const ids: string[] = [];
  await insertChunks(
    specs.map((s, i) => ({
      workspaceId: ctx.workspaceId,
      roadmapId,
      kind: s.kind,
      ideaId: s.ideaId,
      title: s.title,
      problem: s.problem,
      outcome: s.outcome,
      description: s.description,
      theme: s.theme,
      status: s.status,
      period: s.period,
      targetDate: s.targetDate,
      pinned: s.pinned,
      successMetric: s.successMetric,
      successTarget: s.successTarget,
      valueOverride: s.valueOverride,
      position: i + 1,
    })),
    async (chunk) => {
      const rows = await db.insert(roadmapItems).values(chunk).returning({ id: roadmapItems.id });
      ids.push(...rows.map((r) => r.id));
    },
    200,
  );
  const efforts = specs.flatMap((s, i) =>
    s.efforts
      .filter((e) => e.effort > 0)
      .map((e) => ({ workspaceId: ctx.workspaceId, itemId: ids[i], teamId: e.teamId, effort: e.effort })),
  );
  await insertChunks(efforts, (c) => db.insert(roadmapItemEfforts).values(c));
  const links = specs.flatMap((s, i) =>
    s.links.map((l) => ({
      workspaceId: ctx.workspaceId,
      itemId: ids[i],
      kind: l.kind,
      targetId: l.targetId,
    })),
  );
  await insertChunks(links, (c) => db.insert(roadmapItemLinks).values(c));
  await insertChunks(
    ids.map((itemId) => ({
      workspaceId: ctx.workspaceId,
      roadmapId,
      itemId,
      actorId: ctx.userId,
      action: "created",
      reason,
    })),
    (c) => db.insert(roadmapChanges).values(c),
  );
  return ids;
}
