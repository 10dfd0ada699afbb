import { toCsv } from "../../../shared/csv.ts";
import type { RoadmapView } from "../../../shared/roadmap.schemas.ts";
import { periodContaining, smartFailures } from "../../../shared/roadmap.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import type { Clock } from "../../lib/clock.ts";
import { newSecret, sha256 } from "../../lib/crypto.ts";
import { icsCalendar } from "../../lib/ical.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { lockRoadmap } from "./items.service.ts";
import { selectMilestones, selectRoadmapByFeedToken, setFeedToken } from "./roadmaps.queries.ts";
import { getRoadmap, getRoadmapView } from "./roadmaps.service.ts";

/** Roadmap exports: CSV and JSON of the items, and the milestones as an iCalendar (RFC 5545) feed. */

const CSV_COLUMNS = [
  "id",
  "title",
  "kind",
  "status",
  "period",
  "periodLabel",
  "targetDate",
  "theme",
  "pinned",
  "value",
  "teams",
  "totalEffort",
  "objectives",
  "dependsOn",
  "successMetric",
  "successTarget",
  "smartFailing",
  "problem",
  "outcome",
] as const;

export function roadmapCsv(view: RoadmapView): string {
  const team = new Map(view.teams.map((t) => [t.id, t.name]));
  const objective = new Map(view.objectives.map((o) => [o.id, o.title]));
  const title = new Map(view.items.map((i) => [i.id, i.title]));
  const frame = view.roadmap;
  const rows = view.items.map((i) => ({
    id: i.id,
    title: i.title,
    kind: i.kind,
    status: i.status,
    period: i.period ?? "",
    periodLabel: i.period ? periodContaining(frame, i.period).label : "",
    targetDate: i.targetDate ?? "",
    theme: i.theme,
    pinned: i.pinned ? "yes" : "no",
    value: i.value,
    teams: i.efforts.map((e) => `${team.get(e.teamId) ?? e.teamId}: ${e.effort}`).join("; "),
    totalEffort: i.efforts.reduce((s, e) => s + e.effort, 0),
    objectives: i.objectiveIds.map((o) => objective.get(o) ?? o).join("; "),
    dependsOn: i.dependsOn.map((d) => title.get(d) ?? d).join("; "),
    successMetric: i.successMetric,
    successTarget: i.successTarget,
    smartFailing: smartFailures(i.smart).join(" "),
    problem: i.problem,
    outcome: i.outcome,
  }));
  return toCsv(
    CSV_COLUMNS,
    rows.map((r) => CSV_COLUMNS.map((c) => r[c])),
  );
}

// ---------------------------------------------------------------- iCalendar

/**
 * The roadmap's milestones (and items' target dates) as all-day VEVENTs. UIDs are stable (the milestone's id),
 * so calendar apps update events instead of duplicating them.
 */
export function milestonesIcs(
  roadmap: { id: string; name: string; productName: string },
  events: { uid: string; title: string; description: string; date: string }[],
  now: Date,
): string {
  return icsCalendar({
    name: `${roadmap.productName} — ${roadmap.name}`,
    product: "Roadmap milestones",
    method: "PUBLISH",
    stamp: now,
    events: events.map((e) => ({
      uid: `${e.uid}@baton`,
      summary: e.title,
      description: e.description || undefined,
      date: e.date,
      transparent: true,
    })),
  });
}

/** The iCalendar text of a roadmap's milestones and its items' target dates. */
export async function roadmapIcs(db: Db, workspaceId: string, roadmapId: string, clock: Clock) {
  const view = await getRoadmapView(db, workspaceId, roadmapId, clock);
  const milestones = await selectMilestones(db, workspaceId, roadmapId);
  const title = new Map(view.items.map((i) => [i.id, i.title]));
  const events = [
    ...milestones.map((m) => ({
      uid: m.id,
      title: m.title,
      description: [m.description, m.itemId ? `Item: ${title.get(m.itemId) ?? ""}` : ""]
        .filter(Boolean)
        .join("\n"),
      date: m.date,
    })),
    ...view.items
      .filter((i) => i.targetDate && i.status !== "dropped")
      .map((i) => ({
        uid: `${i.id}-target`,
        title: `Target: ${i.title}`,
        description: i.outcome,
        date: i.targetDate as string,
      })),
  ];
  return milestonesIcs(view.roadmap, events, clock.now());
}

/** Turns the secret feed URL on (a new secret each time: the old URL stops working) and returns its token. */
export async function rotateFeedToken(db: Db, ctx: WorkspaceContext, roadmapId: string) {
  await lockRoadmap(db, ctx.workspaceId, roadmapId);
  const token = newSecret("bcal_", 24);
  await setFeedToken(db, ctx.workspaceId, roadmapId, sha256(token));
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.feed.rotate",
    entityType: "roadmap",
    entityId: roadmapId,
  });
  return token;
}

export async function disableFeed(db: Db, ctx: WorkspaceContext, roadmapId: string) {
  await getRoadmap(db, ctx.workspaceId, roadmapId);
  await setFeedToken(db, ctx.workspaceId, roadmapId, null);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "roadmap.feed.disable",
    entityType: "roadmap",
    entityId: roadmapId,
  });
}

/** The feed for a secret token (calendar apps send no cookies); unknown or revoked tokens are 404. */
export async function feedIcs(db: Db, token: string, clock: Clock) {
  const r = await selectRoadmapByFeedToken(db, sha256(token));
  if (!r) throw notFound("Calendar feed");
  return roadmapIcs(db, r.workspaceId, r.id, clock);
}
