import { gzipSync } from "node:zlib";
import { SnapshotItemSchema } from "../../../shared/roadmap.schemas.ts";
import { addMonths, diffSnapshots, monthsIn } from "../../../shared/roadmap.ts";
import { type SignoffReview, SignoffReviewSchema } from "../../../shared/signoff.schemas.ts";
import { capacityEffect, changedIds, itemsTouching } from "../../../shared/signoff.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { BoundedMap } from "../../lib/bounded-map.ts";
import type { Clock } from "../../lib/clock.ts";
import { capacityTable } from "../capacity/capacity.service.ts";
import { compareVersions, getVersion } from "../roadmaps/versions.service.ts";
import { selectTeamsOf } from "./signoffs.queries.ts";
import { getSignoff } from "./signoffs.service.ts";

const MAX_CAPACITY_MONTHS = 24;

/**
 * The approver's page: the version under review, its diff against the baseline, what changed since the
 * caller's own last decision, and the items and capacity effect on the caller's teams.
 */
export async function signoffReview(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  clock: Clock,
): Promise<SignoffReview> {
  const signoff = await getSignoff(db, ctx, id);
  const { workspaceId } = ctx;
  const me = signoff.approvers.find((a) => a.userId === ctx.userId);
  const lastSeen =
    me?.decidedVersionId && me.decidedVersionId !== signoff.versionId ? me.decidedVersionId : null;
  const [version, baseline, seen, myTeams] = await Promise.all([
    getVersion(db, workspaceId, signoff.roadmapId, signoff.versionId),
    signoff.baselineVersionId
      ? getVersion(db, workspaceId, signoff.roadmapId, signoff.baselineVersionId)
      : Promise.resolve(null),
    lastSeen ? getVersion(db, workspaceId, signoff.roadmapId, lastSeen) : Promise.resolve(null),
    ctx.userId ? selectTeamsOf(db, workspaceId, [ctx.userId]) : Promise.resolve([]),
  ]);
  const items = version.snapshot.items;
  const before = baseline?.snapshot.items ?? [];
  const diff = baseline
    ? await compareVersions(db, workspaceId, signoff.roadmapId, baseline.id, version.id, clock)
    : {
        from: { id: null, number: null, name: "No approved baseline yet" },
        to: { id: version.id, number: version.number, name: version.name },
        ...diffSnapshots([], items, () => []),
      };
  const mine = new Set(myTeams.map((t) => t.teamId));
  // Capacity over the version's periods (a roadmap has at least one), capped for "Later"-like spans.
  const periods = version.snapshot.periods;
  const from = periods[0].start;
  const months = Math.min(monthsIn(from, periods[periods.length - 1].end).length, MAX_CAPACITY_MONTHS);
  const cap = await capacityTable(db, workspaceId, from, months);
  const covered = addMonths(from, months);
  const capacityOf = (teamId: string, p: (typeof periods)[number]) => {
    if (p.end > covered) return null;
    let c = 0;
    for (const m of monthsIn(p.start, p.end)) c += cap.cell(teamId, m).capacity;
    return Math.round(c * 100) / 100;
  };
  const teams = cap.teams.map(({ id, name }) => ({ id, name }));
  // Every team this roadmap puts effort on (in the version or the baseline), the caller's first.
  const involved = new Set([...before, ...items].flatMap((i) => i.efforts.map((e) => e.teamId)));
  const effectTeams = [
    ...myTeams.map((t) => ({ id: t.teamId, name: t.teamName })),
    ...teams.filter((t) => involved.has(t.id) && !mine.has(t.id)),
  ];
  return {
    signoff,
    version: { id: version.id, number: version.number, name: version.name, createdAt: version.createdAt },
    baseline: baseline
      ? {
          id: baseline.id,
          number: baseline.number,
          name: baseline.name,
          approvedAt: baseline.approvedAt as string, // set: the baseline is an approved version
        }
      : null,
    periods,
    items,
    diff,
    sinceMyDecision: seen
      ? {
          versionId: seen.id,
          versionNumber: seen.number,
          changedItemIds: [...changedIds(diffSnapshots(seen.snapshot.items, items, () => []))],
        }
      : null,
    myTeams: myTeams.map((t) => ({ id: t.teamId, name: t.teamName })),
    myItemIds: [...new Set([...itemsTouching(items, mine), ...itemsTouching(before, mine)])],
    teams,
    capacityUnit: cap.unit,
    capacityEffect: capacityEffect(periods, effectTeams, before, items, capacityOf),
  };
}

/** The version's items as validated JSON text, per process (versions never change). */
const itemsText = new BoundedMap<string, string>(8);
const ReviewRest = SignoffReviewSchema.omit({ items: true });
const ItemsSchema = SnapshotItemSchema.array();

/**
 * The approver's page as JSON text: the per-caller part validated on each request, the items (most of the
 * bytes) validated and serialized once per version. Gzip (fastest level) when the client accepts it.
 */
export function reviewBody(review: SignoffReview, acceptEncoding: string | undefined) {
  const { items, ...rest } = review;
  const key = `${review.signoff.id}:${review.version.id}`;
  let text = itemsText.get(key);
  if (text === undefined) {
    text = JSON.stringify(ItemsSchema.parse(items));
    itemsText.set(key, text);
  }
  const head = JSON.stringify(ReviewRest.parse(rest));
  const body = Buffer.from(`${head.slice(0, -1)},"items":${text}}`);
  return /\bgzip\b/.test(acceptEncoding ?? "")
    ? { body: gzipSync(body, { level: 1 }), gzip: true }
    : { body, gzip: false };
}
