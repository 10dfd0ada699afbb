import type { SharedRoadmap, ShareLink } from "../../../shared/signoff.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { isoTimestamp } from "../../db/schema.ts";
import { AppError, invalid, notFound } from "../../errors.ts";
import { type Clock, DAY } from "../../lib/clock.ts";
import { newSecret, sha256 } from "../../lib/crypto.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getVersion } from "../roadmaps/versions.service.ts";
import {
  consumeLink,
  insertLink,
  type LinkRow,
  revokeLink,
  selectLink,
  selectLinks,
  selectSharedNames,
} from "./share.queries.ts";

/** Read-only, expiring, revocable links to an approved baseline, for people without an account. */

const toLink = (r: LinkRow) => isoColumns(r, "createdAt", "expiresAt", "revokedAt", "lastUsedAt");

export async function listShareLinks(db: Db, ctx: WorkspaceContext, roadmapId: string, versionId: string) {
  await getVersion(db, ctx.workspaceId, roadmapId, versionId);
  return { items: (await selectLinks(db, ctx.workspaceId, versionId)).map(toLink) };
}

/** A new link; its URL (with the token, which is not stored) is in this answer only. */
export async function createShareLink(
  db: Db,
  ctx: WorkspaceContext,
  roadmapId: string,
  versionId: string,
  input: { expiresInDays: number },
  clock: Clock,
  publicUrl: string,
): Promise<ShareLink> {
  const version = await getVersion(db, ctx.workspaceId, roadmapId, versionId);
  if (!version.approvedAt) throw invalid({ versionId: "Only an approved baseline can be shared" });
  const token = newSecret("bshr_", 24);
  const id = await insertLink(db, ctx.workspaceId, {
    roadmapId,
    versionId,
    tokenHash: sha256(token),
    expiresAt: new Date(clock.now().getTime() + input.expiresInDays * DAY).toISOString(),
    createdBy: ctx.userId,
  });
  const link = toLink((await selectLink(db, ctx.workspaceId, id)) as LinkRow);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "share_link.create",
    entityType: "roadmap",
    entityId: roadmapId,
    after: link,
  });
  return { ...link, url: `${publicUrl}/s/${token}` };
}

export async function revokeShareLink(db: Db, ctx: WorkspaceContext, id: string, clock: Clock) {
  const link = await selectLink(db, ctx.workspaceId, id);
  if (!link) throw notFound("Share link");
  // Revoking again answers the same but records nothing: one revocation, one audit event.
  if (!(await revokeLink(db, ctx.workspaceId, id, clock.now().toISOString())).length) return;
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "share_link.revoke",
    entityType: "roadmap",
    entityId: link.roadmapId,
    before: toLink(link),
  });
}

/** What a share link shows: the baseline's items without internal links or scores. */
export async function sharedRoadmap(db: Db, token: string, clock: Clock): Promise<SharedRoadmap> {
  const link = await consumeLink(db, sha256(token), clock.now().toISOString());
  if (!link) throw new AppError("not_found", "This link is invalid, has expired or was revoked");
  const [version, names] = await Promise.all([
    getVersion(db, link.workspaceId, link.roadmapId, link.versionId),
    selectSharedNames(db, link.workspaceId, link.roadmapId),
  ]);
  if (!names) throw new AppError("not_found", "This link is invalid, has expired or was revoked");
  const s = version.snapshot;
  const teamIds = new Set(s.items.flatMap((i) => i.efforts.map((e) => e.teamId)));
  const objectiveIds = new Set(s.items.flatMap((i) => i.objectiveIds));
  return {
    workspaceName: names.workspaceName,
    roadmapName: names.roadmapName,
    productName: names.productName,
    version: {
      number: version.number,
      name: version.name,
      approvedAt: version.approvedAt, // drizzle reads timestamps as ISO text
    },
    expiresAt: isoTimestamp(link.expiresAt),
    periods: s.periods,
    items: s.items.map(({ ideaId: _a, ideaIds: _b, keyResultIds: _c, smart: _d, ...rest }) => rest),
    milestones: s.milestones.map((m) => ({ id: m.id, title: m.title, date: m.date })),
    teams: names.teams.filter((t) => teamIds.has(t.id)),
    objectives: names.objectives.filter((o) => objectiveIds.has(o.id)),
    laneBy: s.roadmap.laneBy,
  };
}
