import { followRoadmap, type RoadmapIdeaStatus } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { lockProductScores, refreshProductScores } from "../scoring/scoring.service.ts";
import { selectIdeasByIds, selectLastStatusChanges, updateIdeaRow } from "./ideas.queries.ts";

/**
 * What follows a person setting ideas' status (the roadmaps module finishes items whose ideas all shipped); passed
 * into ideaRoutes by build.ts, since the roadmaps module imports this one.
 */
export type IdeaStatusFollower = (db: Db, ctx: WorkspaceContext, ideaIds: string[]) => Promise<void>;

/** Why the roadmap changes an idea's status: the item that plans it. */
export interface RoadmapCause {
  roadmapId: string;
  itemId: string;
  title: string;
}

/**
 * Ideas follow the roadmap (docs/ROADMAP.md): each idea gets the status its items give it (`target`, null when
 * no live item plans it), forward only, and is handed back only when nobody changed its status since the
 * roadmap did. Each change is in the idea's history (action "idea.status_from_roadmap") with its cause.
 */
export async function followRoadmapStatus(
  db: Db,
  ctx: WorkspaceContext,
  targets: Map<string, { target: RoadmapIdeaStatus | null; cause: RoadmapCause }>,
) {
  const ids = [...targets.keys()];
  if (!ids.length) return;
  const ideasNow = await selectIdeasByIds(db, ctx.workspaceId, ids);
  const last = new Map((await selectLastStatusChanges(db, ctx.workspaceId, ids)).map((r) => [r.ideaId, r]));
  const byProduct = new Map<string, { id: string; from: string; to: string; restore: string }[]>();
  for (const idea of ideasNow) {
    if (idea.mergedIntoId) continue;
    const from = idea.status as string;
    const l = last.get(idea.id);
    const mine = l?.action === "idea.status_from_roadmap";
    const to = followRoadmap(
      from,
      (targets.get(idea.id) as { target: RoadmapIdeaStatus | null }).target,
      mine ? (l?.status ?? null) : null,
      mine ? (l?.restore ?? null) : null,
    );
    if (to === null) continue;
    const restore = mine ? (l?.restore ?? "new") : from;
    const list = byProduct.get(idea.productId) ?? [];
    list.push({ id: idea.id, from, to, restore });
    byProduct.set(idea.productId, list);
  }
  for (const [productId, changes] of byProduct) {
    await lockProductScores(db, ctx.workspaceId, productId);
    for (const c of changes) await updateIdeaRow(db, ctx.workspaceId, c.id, null, { status: c.to });
    await refreshProductScores(db, ctx.workspaceId, productId);
    await recordAudit(
      db,
      ctx.workspaceId,
      ctx,
      ...changes.map((c) => ({
        action: "idea.status_from_roadmap",
        entityType: "idea",
        entityId: c.id,
        before: { status: c.from },
        after: { status: c.to, restore: c.restore, cause: "roadmap", ...targets.get(c.id)?.cause },
      })),
    );
  }
}
