import type { Role } from "../../../shared/enums.ts";
import { CreateRoadmapItemSchema, CreateRoadmapSchema } from "../../../shared/roadmap.schemas.ts";
import { CreateSignoffSchema, DecideSchema } from "../../../shared/signoff.schemas.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import * as schema from "../../db/schema.ts";
import type { Clock } from "../../lib/clock.ts";
import { DAY } from "../../lib/clock.ts";
import { createItem, deleteItem, updateItem } from "../roadmaps/items.service.ts";
import { createRoadmap } from "../roadmaps/roadmaps.service.ts";
import { createShareLink } from "../share/share.service.ts";
import { addComment, extendSignoff, reviseSignoff } from "../signoffs/lifecycle.service.ts";
import { createSignoff, decide, getSignoff } from "../signoffs/signoffs.service.ts";

/** Text that breaks naive escaping, in requests, decisions and comments. */
export const SIGNOFF_WEIRD = `Sign «off» <i>&amp;</i> "ok?" ✅ e\u0301 ‏עברית‎\r\nline 2`;

/**
 * Sign-off of every kind for the transfer tests, on a roadmap of its own: a request to people and to a team's
 * lead (one optional), a decision with item comments, an objection, a comment, a revision (a new round on a newer
 * version, approvals of changed items withdrawn), approval (the version becomes the baseline: approvedAt,
 * signoffId), an item commented on and deleted since, a share link (a secret: never exported), and a second
 * request still open against the baseline, extended, with its reminders pending.
 */
export async function enrichSignoffs(db: Db, workspaceId: string, ownerId: string, clock: Clock) {
  const mail = { clock, publicUrl: "http://baton.test" };
  const members = (await db.select().from(schema.memberships)).filter((m) => m.workspaceId === workspaceId);
  const ctxOf = (userId: string): WorkspaceContext => ({
    workspaceId,
    userId,
    via: "session",
    role: (members.find((m) => m.userId === userId)?.role ?? "owner") as Role,
  });
  const owner = ctxOf(ownerId);
  const tx = <T>(fn: (t: Db) => Promise<T>) => db.transaction(fn);
  const [mobile] = (await db.select().from(schema.products)).filter(
    (p) => p.workspaceId === workspaceId && p.name === "Northwind Mobile",
  );
  const led = (await db.select().from(schema.teams)).find(
    (t) => t.workspaceId === workspaceId && t.leadId !== null && t.leadId !== ownerId,
  );
  if (!led?.leadId) throw new Error("the demo has no team with a lead");
  const who = (role: string) =>
    members.find((m) => m.role === role && m.userId !== led.leadId)?.userId as string;
  const stakeholder = who("stakeholder");
  const contributor = who("contributor");
  const viewer = who("viewer");

  const roadmap = await tx((t) =>
    createRoadmap(
      t,
      owner,
      CreateRoadmapSchema.parse({
        productId: mobile.id,
        name: `To sign — ${SIGNOFF_WEIRD}`,
        periodKind: "quarter",
        startMonth: "2026-04",
        horizon: 4,
      }),
    ),
  );
  const item = (title: string, period: string) =>
    tx((t) =>
      createItem(
        t,
        owner,
        roadmap.id,
        CreateRoadmapItemSchema.parse({
          kind: "initiative",
          title,
          problem: "Dispatchers re-type jobs",
          outcome: "No re-typing",
          period,
          successMetric: "jobs re-typed per week",
          successTarget: "0",
          efforts: [{ teamId: led.id, effort: 4 }],
        }),
      ),
    );
  const x = await item("Job import", "2026-04");
  await item("Route sync", "2026-07");
  const z = await item(`Commented, then dropped — ${SIGNOFF_WEIRD}`, "2026-10");

  const deadline = new Date(clock.now().getTime() + 5 * DAY).toISOString();
  const s1 = await tx((t) =>
    createSignoff(
      t,
      owner,
      roadmap.id,
      CreateSignoffSchema.parse({
        approvers: [
          { userId: stakeholder },
          { userId: contributor },
          { teamId: led.id },
          { userId: viewer, required: false },
        ],
        deadline,
        message: `Please confirm — ${SIGNOFF_WEIRD}`,
        reminders: [72, 24, 2],
        overrideReason: "Estimates are rough",
      }),
      mail,
    ),
  );
  const decideAs = (userId: string, input: Record<string, unknown>, id = s1.id) =>
    tx((t) => decide(t, ctxOf(userId), id, DecideSchema.parse(input), mail));
  await decideAs(stakeholder, {
    versionId: s1.versionId,
    decision: "approved_with_comments",
    comment: SIGNOFF_WEIRD,
    itemComments: [{ itemId: z.id, body: `Is this needed? ${SIGNOFF_WEIRD}` }],
  });
  await decideAs(contributor, {
    versionId: s1.versionId,
    decision: "objected",
    comment: "Job import is too big",
  });
  await tx((t) => addComment(t, owner, s1.id, { itemId: null, body: "Splitting it" }, true));
  await tx((t) =>
    updateItem(t, owner, x.id, {
      version: x.version,
      successTarget: "< 5",
      reason: "Split after the objection",
    }),
  );
  const revised = await tx((t) => reviseSignoff(t, owner, s1.id, { message: "Job import split" }, mail));
  // Every required approver approves round 2: the version becomes the roadmap's baseline.
  for (const a of revised.approvers.filter((r) => r.required)) {
    const now = await getSignoff(db, owner, s1.id);
    if (now.status !== "open") break;
    await decideAs(a.userId, { versionId: revised.versionId, decision: "approved" });
  }
  const approved = await getSignoff(db, owner, s1.id);
  if (approved.status !== "approved") throw new Error(`sign-off is ${approved.status}`);
  await tx((t) => deleteItem(t, owner, z.id, "Dropped after sign-off"));
  const link = await tx((t) =>
    createShareLink(t, owner, roadmap.id, revised.versionId, { expiresInDays: 30 }, clock, mail.publicUrl),
  );

  const s2 = await tx((t) =>
    createSignoff(
      t,
      owner,
      roadmap.id,
      CreateSignoffSchema.parse({
        approvers: [{ userId: stakeholder }],
        deadline,
        overrideReason: "Item dropped; nothing else changed",
      }),
      mail,
    ),
  );
  await tx((t) =>
    extendSignoff(
      t,
      owner,
      s2.id,
      { deadline: new Date(clock.now().getTime() + 9 * DAY).toISOString(), reason: "Holidays" },
      mail,
    ),
  );
  return {
    roadmapId: roadmap.id,
    signoffIds: [s1.id, s2.id],
    baselineId: revised.versionId,
    firstVersionId: s1.versionId,
    droppedItemId: z.id,
    shareLinkId: link.id,
    shareUrl: link.url as string,
    approverIds: { stakeholder, contributor, lead: led.leadId, viewer },
  };
}
