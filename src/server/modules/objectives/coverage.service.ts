import type { Coverage } from "../../../shared/roadmap.schemas.ts";
import { round2 } from "../../../shared/roadmap.ts";
import type { Db } from "../../db/client.ts";
import { getCapacitySettings } from "../capacity/capacity.service.ts";
import { selectItemObjectives } from "./objectives.queries.ts";
import { listObjectives } from "./objectives.service.ts";

/**
 * Coverage of objectives by planned work (not dropped, with a period). An item serving several objectives
 * splits its effort evenly between them, so shares add up to at most 1; the rest serves no objective.
 */
export async function objectiveCoverage(db: Db, workspaceId: string, productId?: string): Promise<Coverage> {
  const [objectives, rows, unit] = await Promise.all([
    listObjectives(db, workspaceId),
    selectItemObjectives(db, workspaceId, productId ?? null),
    getCapacitySettings(db, workspaceId).then((c) => c.capacityUnit),
  ]);
  const relevant = objectives.filter((o) => !productId || o.productId === null || o.productId === productId);
  const planned = rows.filter((r) => r.period !== null && r.status !== "dropped");
  const total = planned.reduce((s, r) => s + r.effort, 0);
  const stats = new Map(relevant.map((o) => [o.id, { items: 0, effort: 0 }]));
  for (const r of planned) {
    const known = r.objectiveIds.filter((o) => stats.has(o));
    for (const o of known) {
      const s = stats.get(o) as { items: number; effort: number };
      s.items++;
      s.effort += r.effort / known.length;
    }
  }
  return {
    unit,
    totalPlannedEffort: round2(total),
    objectives: relevant.map((o) => {
      const s = stats.get(o.id) as { items: number; effort: number };
      return {
        id: o.id,
        title: o.title,
        productId: o.productId,
        importance: o.importance,
        plannedItems: s.items,
        plannedEffort: round2(s.effort),
        share: total > 0 ? s.effort / total : 0,
      };
    }),
    uncoveredObjectiveIds: relevant.filter((o) => (stats.get(o.id)?.items ?? 0) === 0).map((o) => o.id),
    itemsWithoutObjective: planned
      .filter((r) => r.objectiveIds.length === 0)
      .map((r) => ({
        id: r.itemId,
        title: r.title,
        roadmapId: r.roadmapId,
        roadmapName: r.roadmapName,
        effort: r.effort,
      })),
  };
}
