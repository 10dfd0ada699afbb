import { and, asc, type Column, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { rawRows } from "../../db/hot.ts";
import { companies, feedbackItems, feedbackLinks, people } from "../../db/schema.feedback.ts";
import {
  ideaObjectives,
  keyResults,
  objectives,
  planProposals,
  roadmapChanges,
  roadmapDependencies,
  roadmapItemEfforts,
  roadmapItemLinks,
  roadmapItems,
  roadmapMilestones,
  roadmaps,
  roadmapVersions,
  teamCapacity,
  timeOff,
} from "../../db/schema.roadmap.ts";
import { signoffApprovers, signoffComments, signoffEvents, signoffs } from "../../db/schema.signoff.ts";
import {
  auditEvents,
  factors,
  ideaComments,
  ideaScores,
  ideas,
  ideaWatchers,
  invitations,
  jobs,
  memberships,
  notifications,
  outbox,
  products,
  ratings,
  roundIdeas,
  rounds,
  roundVoters,
  savedViews,
  teamMembers,
  teams,
  users,
  workspaces,
} from "../../db/schema.ts";

/**
 * The only SQL of backup/restore. This module reads and writes every table of a workspace, because the
 * export document is the whole workspace; other modules keep to their own tables.
 */

// Bind parameters per statement stay far below PostgreSQL's 65 535.
const CHUNK = 500;
export const chunks = <T>(rows: T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

const wsCols = {
  id: workspaces.id,
  name: workspaces.name,
  slug: workspaces.slug,
  createdAt: workspaces.createdAt,
  updatedAt: workspaces.updatedAt,
  version: workspaces.version,
};

export const selectWorkspaceByIdOrSlug = async (db: Db, idOrSlug: string) => {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const where = isId ? eq(workspaces.id, idOrSlug) : eq(workspaces.slug, idOrSlug.toLowerCase());
  return (await db.select(wsCols).from(workspaces).where(where))[0] ?? null;
};

/** A few workspaces of the instance, oldest first (to pick the only one, or name the choices). */
export const selectSomeWorkspaces = (db: Db, limit: number) =>
  db.select(wsCols).from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id)).limit(limit);

/** The workspace's capacity settings (format version 3 keeps them on the exported workspace). */
export const selectWorkspaceCapacity = async (db: Db, wid: string) =>
  (
    await db
      .select({
        capacityUnit: workspaces.capacityUnit,
        pointsPerPersonMonth: workspaces.pointsPerPersonMonth,
      })
      .from(workspaces)
      .where(eq(workspaces.id, wid))
  )[0];

export const slugExists = async (db: Db, slug: string) =>
  (await db.select({ n: count() }).from(workspaces).where(eq(workspaces.slug, slug)))[0].n > 0;

/** Users of the workspace: members, plus anyone its rows still point at (former members). */
export function selectWorkspaceUsers(db: Db, wid: string) {
  const referenced = sql`(
    SELECT ${memberships.userId} FROM ${memberships} WHERE ${memberships.workspaceId} = ${wid}
    UNION SELECT ${products.managerId} FROM ${products} WHERE ${products.workspaceId} = ${wid}
    UNION SELECT ${teams.leadId} FROM ${teams} WHERE ${teams.workspaceId} = ${wid}
    UNION SELECT ${invitations.invitedBy} FROM ${invitations} WHERE ${invitations.workspaceId} = ${wid}
    UNION SELECT ${invitations.acceptedBy} FROM ${invitations} WHERE ${invitations.workspaceId} = ${wid}
    UNION SELECT ${auditEvents.actorId} FROM ${auditEvents} WHERE ${auditEvents.workspaceId} = ${wid}
    UNION SELECT ${ideas.ownerId} FROM ${ideas} WHERE ${ideas.workspaceId} = ${wid}
    UNION SELECT ${ideas.createdBy} FROM ${ideas} WHERE ${ideas.workspaceId} = ${wid}
    UNION SELECT ${ideaComments.authorId} FROM ${ideaComments} WHERE ${ideaComments.workspaceId} = ${wid}
    UNION SELECT jsonb_array_elements_text(${ideaComments.mentions})::uuid FROM ${ideaComments}
      WHERE ${ideaComments.workspaceId} = ${wid}
    UNION SELECT ${ideaWatchers.userId} FROM ${ideaWatchers} WHERE ${ideaWatchers.workspaceId} = ${wid}
    UNION SELECT ${savedViews.ownerId} FROM ${savedViews} WHERE ${savedViews.workspaceId} = ${wid}
    UNION SELECT ${rounds.createdBy} FROM ${rounds} WHERE ${rounds.workspaceId} = ${wid}
    UNION SELECT ${roundVoters.userId} FROM ${roundVoters} WHERE ${roundVoters.workspaceId} = ${wid}
    UNION SELECT DISTINCT ${ratings.voterId} FROM ${ratings} WHERE ${ratings.workspaceId} = ${wid}
    UNION SELECT ${notifications.userId} FROM ${notifications} WHERE ${notifications.workspaceId} = ${wid}
    UNION SELECT ${objectives.ownerId} FROM ${objectives} WHERE ${objectives.workspaceId} = ${wid}
    UNION SELECT ${timeOff.userId} FROM ${timeOff} WHERE ${timeOff.workspaceId} = ${wid}
    UNION SELECT ${roadmapChanges.actorId} FROM ${roadmapChanges} WHERE ${roadmapChanges.workspaceId} = ${wid}
    UNION SELECT ${roadmapVersions.createdBy} FROM ${roadmapVersions} WHERE ${roadmapVersions.workspaceId} = ${wid}
    UNION SELECT ${planProposals.createdBy} FROM ${planProposals} WHERE ${planProposals.workspaceId} = ${wid}
    UNION SELECT ${signoffs.createdBy} FROM ${signoffs} WHERE ${signoffs.workspaceId} = ${wid}
    UNION SELECT ${signoffApprovers.userId} FROM ${signoffApprovers} WHERE ${signoffApprovers.workspaceId} = ${wid}
    UNION SELECT ${signoffEvents.actorId} FROM ${signoffEvents} WHERE ${signoffEvents.workspaceId} = ${wid}
    UNION SELECT ${signoffComments.userId} FROM ${signoffComments} WHERE ${signoffComments.workspaceId} = ${wid}
    UNION SELECT ${feedbackItems.userId} FROM ${feedbackItems} WHERE ${feedbackItems.workspaceId} = ${wid}
    UNION SELECT ${feedbackItems.sentimentBy} FROM ${feedbackItems} WHERE ${feedbackItems.workspaceId} = ${wid}
    UNION SELECT ${feedbackItems.assigneeId} FROM ${feedbackItems} WHERE ${feedbackItems.workspaceId} = ${wid}
    UNION SELECT ${feedbackItems.createdBy} FROM ${feedbackItems} WHERE ${feedbackItems.workspaceId} = ${wid}
    UNION SELECT ${feedbackLinks.createdBy} FROM ${feedbackLinks} WHERE ${feedbackLinks.workspaceId} = ${wid})`;
  return db
    .select({ id: users.id, email: users.email, name: users.name, timezone: users.timezone })
    .from(users)
    .where(sql`${users.id} IN ${referenced}`)
    .orderBy(asc(users.id));
}

export const selectMemberships = (db: Db, wid: string) =>
  db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      createdAt: memberships.createdAt,
      updatedAt: memberships.updatedAt,
      version: memberships.version,
    })
    .from(memberships)
    .where(eq(memberships.workspaceId, wid))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));

export const selectProducts = (db: Db, wid: string) =>
  db
    .select({
      id: products.id,
      name: products.name,
      description: products.description,
      stage: products.stage,
      managerId: products.managerId,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      version: products.version,
      framework: products.framework,
      nextIdeaNumber: products.nextIdeaNumber,
    })
    .from(products)
    .where(eq(products.workspaceId, wid))
    .orderBy(asc(products.createdAt), asc(products.id));

export const selectTeams = (db: Db, wid: string) =>
  db
    .select({
      id: teams.id,
      name: teams.name,
      discipline: teams.discipline,
      description: teams.description,
      leadId: teams.leadId,
      createdAt: teams.createdAt,
      updatedAt: teams.updatedAt,
      version: teams.version,
    })
    .from(teams)
    .where(eq(teams.workspaceId, wid))
    .orderBy(asc(teams.createdAt), asc(teams.id));

export const selectTeamMembers = (db: Db, wid: string) =>
  db
    .select({
      teamId: teamMembers.teamId,
      userId: teamMembers.userId,
      allocationPct: teamMembers.allocationPct,
      createdAt: teamMembers.createdAt,
    })
    .from(teamMembers)
    .where(eq(teamMembers.workspaceId, wid))
    .orderBy(asc(teamMembers.createdAt), asc(teamMembers.teamId), asc(teamMembers.userId));

export const selectInvitations = (db: Db, wid: string) =>
  db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedBy: invitations.invitedBy,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      acceptedBy: invitations.acceptedBy,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.workspaceId, wid))
    .orderBy(asc(invitations.createdAt), asc(invitations.id));

export const selectAuditEvents = (db: Db, wid: string) =>
  db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorId: auditEvents.actorId,
      via: auditEvents.via,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(eq(auditEvents.workspaceId, wid))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));

export const selectOutbox = (db: Db, wid: string) =>
  db
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      text: outbox.text,
      kind: outbox.kind,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.workspaceId, wid))
    .orderBy(asc(outbox.createdAt), asc(outbox.id));

// ---- prioritization (format version 2) ----
// Optional references without a foreign key that may point at a deleted row (a team, the idea a duplicate
// was merged into) are exported as null, and ratings of deleted ideas are left out: the document is always
// self-consistent, so it validates on import.

export const selectFactors = (db: Db, wid: string) =>
  db
    .select({
      id: factors.id,
      productId: factors.productId,
      name: factors.name,
      description: factors.description,
      weight: factors.weight,
      direction: factors.direction,
      scaleMin: factors.scaleMin,
      scaleMax: factors.scaleMax,
      labels: factors.labels,
      position: factors.position,
      archivedAt: factors.archivedAt,
      createdAt: factors.createdAt,
    })
    .from(factors)
    .where(eq(factors.workspaceId, wid))
    .orderBy(asc(factors.createdAt), asc(factors.id));

const ideaExists = (col: SQL | typeof ideas.mergedIntoId) =>
  sql`EXISTS (SELECT 1 FROM ideas o WHERE o.workspace_id = ${ideas.workspaceId} AND o.id = ${col})`;

export const selectIdeas = (db: Db, wid: string) =>
  db
    .select({
      id: ideas.id,
      productId: ideas.productId,
      number: ideas.number,
      title: ideas.title,
      description: ideas.description,
      status: ideas.status,
      ownerId: ideas.ownerId,
      tags: ideas.tags,
      links: ideas.links,
      effort: ideas.effort,
      reach: ideas.reach,
      impact: ideas.impact,
      confidence: ideas.confidence,
      ease: ideas.ease,
      businessValue: ideas.businessValue,
      timeCriticality: ideas.timeCriticality,
      riskReduction: ideas.riskReduction,
      jobSize: ideas.jobSize,
      scoreWeighted: ideaScores.scoreWeighted,
      scoreRice: ideaScores.scoreRice,
      scoreIce: ideaScores.scoreIce,
      scoreWsjf: ideaScores.scoreWsjf,
      score: ideaScores.score,
      rank: ideaScores.rank,
      pinnedRank: ideas.pinnedRank,
      pinReason: ideas.pinReason,
      factorStats: ideaScores.factorStats,
      voters: ideaScores.voters,
      scoredRoundId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM rounds r
        WHERE r.workspace_id = ${ideas.workspaceId} AND r.id = ${ideaScores.scoredRoundId}) THEN ${ideaScores.scoredRoundId} END`,
      commentCount: ideas.commentCount,
      mergedIntoId: sql<
        string | null
      >`CASE WHEN ${ideaExists(ideas.mergedIntoId)} THEN ${ideas.mergedIntoId} END`,
      createdBy: ideas.createdBy,
      createdAt: ideas.createdAt,
      updatedAt: ideas.updatedAt,
      version: ideas.version,
    })
    .from(ideas)
    .innerJoin(
      ideaScores,
      and(eq(ideaScores.workspaceId, ideas.workspaceId), eq(ideaScores.ideaId, ideas.id)),
    )
    .where(eq(ideas.workspaceId, wid))
    .orderBy(asc(ideas.createdAt), asc(ideas.id));

export const selectIdeaComments = (db: Db, wid: string) =>
  db
    .select({
      id: ideaComments.id,
      ideaId: ideaComments.ideaId,
      authorId: ideaComments.authorId,
      body: ideaComments.body,
      mentions: ideaComments.mentions,
      roundId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM rounds r
        WHERE r.workspace_id = ${ideaComments.workspaceId} AND r.id = ${ideaComments.roundId})
        THEN ${ideaComments.roundId} END`,
      createdAt: ideaComments.createdAt,
    })
    .from(ideaComments)
    .where(eq(ideaComments.workspaceId, wid))
    .orderBy(asc(ideaComments.createdAt), asc(ideaComments.id));

export const selectIdeaWatchers = (db: Db, wid: string) =>
  db
    .select({ ideaId: ideaWatchers.ideaId, userId: ideaWatchers.userId, createdAt: ideaWatchers.createdAt })
    .from(ideaWatchers)
    .where(eq(ideaWatchers.workspaceId, wid))
    .orderBy(asc(ideaWatchers.ideaId), asc(ideaWatchers.userId));

export const selectSavedViews = (db: Db, wid: string) =>
  db
    .select({
      id: savedViews.id,
      productId: savedViews.productId,
      ownerId: savedViews.ownerId,
      name: savedViews.name,
      shared: savedViews.shared,
      config: savedViews.config,
      createdAt: savedViews.createdAt,
    })
    .from(savedViews)
    .where(eq(savedViews.workspaceId, wid))
    .orderBy(asc(savedViews.createdAt), asc(savedViews.id));

export const selectRounds = (db: Db, wid: string) =>
  db
    .select({
      id: rounds.id,
      productId: rounds.productId,
      name: rounds.name,
      description: rounds.description,
      status: rounds.status,
      deadline: rounds.deadline,
      showOthers: rounds.showOthers,
      closedAt: rounds.closedAt,
      closeReason: rounds.closeReason,
      createdBy: rounds.createdBy,
      createdAt: rounds.createdAt,
      updatedAt: rounds.updatedAt,
      version: rounds.version,
    })
    .from(rounds)
    .where(eq(rounds.workspaceId, wid))
    .orderBy(asc(rounds.createdAt), asc(rounds.id));

export const selectRoundIdeas = (db: Db, wid: string) =>
  db
    .select({ roundId: roundIdeas.roundId, ideaId: roundIdeas.ideaId })
    .from(roundIdeas)
    .where(eq(roundIdeas.workspaceId, wid))
    .orderBy(asc(roundIdeas.roundId), asc(roundIdeas.ideaId));

export const selectRoundVoters = (db: Db, wid: string) =>
  db
    .select({
      roundId: roundVoters.roundId,
      userId: roundVoters.userId,
      teamId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM teams t
        WHERE t.workspace_id = ${roundVoters.workspaceId} AND t.id = ${roundVoters.teamId}) THEN ${roundVoters.teamId} END`,
      done: roundVoters.done,
      remindedAt: roundVoters.remindedAt,
    })
    .from(roundVoters)
    .where(eq(roundVoters.workspaceId, wid))
    .orderBy(asc(roundVoters.roundId), asc(roundVoters.userId));

/** Ratings in primary-key order; those of deleted ideas (or factors) are left out. */
const ratingsWhere = (wid: string) =>
  and(
    eq(ratings.workspaceId, wid),
    sql`EXISTS (SELECT 1 FROM ideas i WHERE i.workspace_id = ${ratings.workspaceId} AND i.id = ${ratings.ideaId})`,
    sql`EXISTS (SELECT 1 FROM factors f WHERE f.workspace_id = ${ratings.workspaceId} AND f.id = ${ratings.factorId})`,
  );

export const selectRatings = (db: Db, wid: string) =>
  db
    .select({
      roundId: ratings.roundId,
      voterId: ratings.voterId,
      ideaId: ratings.ideaId,
      factorId: ratings.factorId,
      value: ratings.value,
      abstainReason: ratings.abstainReason,
      updatedAt: ratings.updatedAt,
    })
    .from(ratings)
    .where(ratingsWhere(wid))
    .orderBy(asc(ratings.roundId), asc(ratings.voterId), asc(ratings.ideaId), asc(ratings.factorId));

export const selectNotifications = (db: Db, wid: string) =>
  db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(eq(notifications.workspaceId, wid))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));

/**
 * The workspace's jobs that have not run (or not succeeded) yet. Mail deliveries stay behind: an
 * imported invitation's link is dead (token hashes are not exported), so it must not be sent again.
 */
const pendingJobs = (wid: string) =>
  and(eq(jobs.workspaceId, wid), isNull(jobs.doneAt), sql`${jobs.kind} <> 'mail'`);

export const selectPendingJobs = (db: Db, wid: string) =>
  db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      key: jobs.key,
      payload: jobs.payload,
      runAt: jobs.runAt,
      attempts: jobs.attempts,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(pendingJobs(wid))
    .orderBy(asc(jobs.createdAt), asc(jobs.id));

// ---- objectives and roadmaps (format version 3) ----
// Every reference here has a foreign key except the targets of item links (objectives, key results, ideas)
// and a change's item: links whose target is gone (an idea deleted, objectives of a deleted product) are left
// out; a change keeps naming its deleted item (the log explains the removal).

export const selectObjectives = (db: Db, wid: string) =>
  db
    .select({
      id: objectives.id,
      productId: objectives.productId,
      title: objectives.title,
      description: objectives.description,
      ownerId: objectives.ownerId,
      periodStart: objectives.periodStart,
      periodEnd: objectives.periodEnd,
      importance: objectives.importance,
      status: objectives.status,
      createdAt: objectives.createdAt,
      updatedAt: objectives.updatedAt,
      version: objectives.version,
    })
    .from(objectives)
    .where(eq(objectives.workspaceId, wid))
    .orderBy(asc(objectives.createdAt), asc(objectives.id));

export const selectKeyResults = (db: Db, wid: string) =>
  db
    .select({
      id: keyResults.id,
      objectiveId: keyResults.objectiveId,
      title: keyResults.title,
      metricName: keyResults.metricName,
      unit: keyResults.unit,
      baseline: keyResults.baseline,
      target: keyResults.target,
      current: keyResults.current,
      dueDate: keyResults.dueDate,
      position: keyResults.position,
      createdAt: keyResults.createdAt,
      updatedAt: keyResults.updatedAt,
      version: keyResults.version,
    })
    .from(keyResults)
    .where(eq(keyResults.workspaceId, wid))
    .orderBy(asc(keyResults.createdAt), asc(keyResults.id));

export const selectIdeaObjectives = (db: Db, wid: string) =>
  db
    .select({ ideaId: ideaObjectives.ideaId, objectiveId: ideaObjectives.objectiveId })
    .from(ideaObjectives)
    .where(eq(ideaObjectives.workspaceId, wid))
    .orderBy(asc(ideaObjectives.ideaId), asc(ideaObjectives.objectiveId));

export const selectTeamCapacity = (db: Db, wid: string) =>
  db
    .select({
      teamId: teamCapacity.teamId,
      month: teamCapacity.month,
      capacity: teamCapacity.capacity,
      note: teamCapacity.note,
      updatedAt: teamCapacity.updatedAt,
    })
    .from(teamCapacity)
    .where(eq(teamCapacity.workspaceId, wid))
    .orderBy(asc(teamCapacity.teamId), asc(teamCapacity.month));

export const selectTimeOff = (db: Db, wid: string) =>
  db
    .select({
      id: timeOff.id,
      userId: timeOff.userId,
      startDate: timeOff.startDate,
      endDate: timeOff.endDate,
      note: timeOff.note,
      createdAt: timeOff.createdAt,
    })
    .from(timeOff)
    .where(eq(timeOff.workspaceId, wid))
    .orderBy(asc(timeOff.createdAt), asc(timeOff.id));

/** Without feed_token_hash: the feed's secret stays behind. */
export const selectRoadmaps = (db: Db, wid: string) =>
  db
    .select({
      id: roadmaps.id,
      productId: roadmaps.productId,
      name: roadmaps.name,
      description: roadmaps.description,
      periodKind: roadmaps.periodKind,
      startMonth: roadmaps.startMonth,
      horizon: roadmaps.horizon,
      laneBy: roadmaps.laneBy,
      nextVersionNumber: roadmaps.nextVersionNumber,
      createdAt: roadmaps.createdAt,
      updatedAt: roadmaps.updatedAt,
      version: roadmaps.version,
    })
    .from(roadmaps)
    .where(eq(roadmaps.workspaceId, wid))
    .orderBy(asc(roadmaps.createdAt), asc(roadmaps.id));

export const selectRoadmapItems = (db: Db, wid: string) =>
  db
    .select({
      id: roadmapItems.id,
      roadmapId: roadmapItems.roadmapId,
      kind: roadmapItems.kind,
      ideaId: roadmapItems.ideaId,
      title: roadmapItems.title,
      problem: roadmapItems.problem,
      outcome: roadmapItems.outcome,
      description: roadmapItems.description,
      theme: roadmapItems.theme,
      status: roadmapItems.status,
      period: roadmapItems.period,
      targetDate: roadmapItems.targetDate,
      pinned: roadmapItems.pinned,
      successMetric: roadmapItems.successMetric,
      successTarget: roadmapItems.successTarget,
      valueOverride: roadmapItems.valueOverride,
      position: roadmapItems.position,
      createdAt: roadmapItems.createdAt,
      updatedAt: roadmapItems.updatedAt,
      version: roadmapItems.version,
    })
    .from(roadmapItems)
    .where(eq(roadmapItems.workspaceId, wid))
    .orderBy(asc(roadmapItems.createdAt), asc(roadmapItems.id));

export const selectRoadmapItemEfforts = (db: Db, wid: string) =>
  db
    .select({
      itemId: roadmapItemEfforts.itemId,
      teamId: roadmapItemEfforts.teamId,
      effort: roadmapItemEfforts.effort,
    })
    .from(roadmapItemEfforts)
    .where(eq(roadmapItemEfforts.workspaceId, wid))
    .orderBy(asc(roadmapItemEfforts.itemId), asc(roadmapItemEfforts.teamId));

/** Links whose target still exists. */
const linksWhere = (wid: string) =>
  and(
    eq(roadmapItemLinks.workspaceId, wid),
    sql`CASE ${roadmapItemLinks.kind}
      WHEN 'objective' THEN EXISTS (SELECT 1 FROM objectives o
        WHERE o.workspace_id = ${roadmapItemLinks.workspaceId} AND o.id = ${roadmapItemLinks.targetId})
      WHEN 'key_result' THEN EXISTS (SELECT 1 FROM key_results k
        WHERE k.workspace_id = ${roadmapItemLinks.workspaceId} AND k.id = ${roadmapItemLinks.targetId})
      WHEN 'idea' THEN EXISTS (SELECT 1 FROM ideas i
        WHERE i.workspace_id = ${roadmapItemLinks.workspaceId} AND i.id = ${roadmapItemLinks.targetId})
      ELSE false END`,
  );

export const selectRoadmapItemLinks = (db: Db, wid: string) =>
  db
    .select({
      itemId: roadmapItemLinks.itemId,
      kind: roadmapItemLinks.kind,
      targetId: roadmapItemLinks.targetId,
    })
    .from(roadmapItemLinks)
    .where(linksWhere(wid))
    .orderBy(asc(roadmapItemLinks.itemId), asc(roadmapItemLinks.kind), asc(roadmapItemLinks.targetId));

export const selectRoadmapDependencies = (db: Db, wid: string) =>
  db
    .select({
      roadmapId: roadmapDependencies.roadmapId,
      beforeId: roadmapDependencies.beforeId,
      afterId: roadmapDependencies.afterId,
    })
    .from(roadmapDependencies)
    .where(eq(roadmapDependencies.workspaceId, wid))
    .orderBy(asc(roadmapDependencies.beforeId), asc(roadmapDependencies.afterId));

export const selectRoadmapMilestones = (db: Db, wid: string) =>
  db
    .select({
      id: roadmapMilestones.id,
      roadmapId: roadmapMilestones.roadmapId,
      itemId: roadmapMilestones.itemId,
      title: roadmapMilestones.title,
      description: roadmapMilestones.description,
      date: roadmapMilestones.date,
      createdAt: roadmapMilestones.createdAt,
      updatedAt: roadmapMilestones.updatedAt,
      version: roadmapMilestones.version,
    })
    .from(roadmapMilestones)
    .where(eq(roadmapMilestones.workspaceId, wid))
    .orderBy(asc(roadmapMilestones.createdAt), asc(roadmapMilestones.id));

export const selectRoadmapChanges = (db: Db, wid: string) =>
  db
    .select({
      id: roadmapChanges.id,
      roadmapId: roadmapChanges.roadmapId,
      itemId: roadmapChanges.itemId,
      actorId: roadmapChanges.actorId,
      action: roadmapChanges.action,
      changes: roadmapChanges.changes,
      reason: roadmapChanges.reason,
      createdAt: roadmapChanges.createdAt,
    })
    .from(roadmapChanges)
    .where(eq(roadmapChanges.workspaceId, wid))
    .orderBy(asc(roadmapChanges.createdAt), asc(roadmapChanges.id));

export const selectRoadmapVersions = (db: Db, wid: string) =>
  db
    .select({
      id: roadmapVersions.id,
      roadmapId: roadmapVersions.roadmapId,
      number: roadmapVersions.number,
      name: roadmapVersions.name,
      note: roadmapVersions.note,
      snapshot: roadmapVersions.snapshot,
      itemCount: roadmapVersions.itemCount,
      createdBy: roadmapVersions.createdBy,
      createdAt: roadmapVersions.createdAt,
      approvedAt: roadmapVersions.approvedAt,
      signoffId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM signoffs s
        WHERE s.workspace_id = ${roadmapVersions.workspaceId} AND s.id = ${roadmapVersions.signoffId})
        THEN ${roadmapVersions.signoffId} END`,
    })
    .from(roadmapVersions)
    .where(eq(roadmapVersions.workspaceId, wid))
    .orderBy(asc(roadmapVersions.createdAt), asc(roadmapVersions.id));

export const selectPlanProposals = (db: Db, wid: string) =>
  db
    .select({
      id: planProposals.id,
      roadmapId: planProposals.roadmapId,
      scope: planProposals.scope,
      settings: planProposals.settings,
      result: planProposals.result,
      status: planProposals.status,
      createdBy: planProposals.createdBy,
      createdAt: planProposals.createdAt,
      decidedAt: planProposals.decidedAt,
    })
    .from(planProposals)
    .where(eq(planProposals.workspaceId, wid))
    .orderBy(asc(planProposals.createdAt), asc(planProposals.id));

// ---- roadmap sign-off (format version 4) ----
// Share links stay behind: they are secrets (token hashes), like invitation tokens and the calendar feed.

/** A version of the same workspace, else null (no foreign key keeps these references). */
const versionOrNull = (ws: Column, col: Column) =>
  sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM roadmap_versions v
    WHERE v.workspace_id = ${ws} AND v.id = ${col}) THEN ${col} END`;

export const selectSignoffs = (db: Db, wid: string) =>
  db
    .select({
      id: signoffs.id,
      roadmapId: signoffs.roadmapId,
      versionId: signoffs.versionId,
      baselineVersionId: versionOrNull(signoffs.workspaceId, signoffs.baselineVersionId),
      round: signoffs.round,
      status: signoffs.status,
      overdue: signoffs.overdue,
      deadline: signoffs.deadline,
      message: signoffs.message,
      reminders: signoffs.reminders,
      overrideReason: signoffs.overrideReason,
      smartFailures: signoffs.smartFailures,
      createdBy: signoffs.createdBy,
      createdAt: signoffs.createdAt,
      updatedAt: signoffs.updatedAt,
      closedAt: signoffs.closedAt,
    })
    .from(signoffs)
    .where(eq(signoffs.workspaceId, wid))
    .orderBy(asc(signoffs.createdAt), asc(signoffs.id));

export const selectSignoffApprovers = (db: Db, wid: string) =>
  db
    .select({
      signoffId: signoffApprovers.signoffId,
      userId: signoffApprovers.userId,
      required: signoffApprovers.required,
      viaTeamId: sql<string | null>`CASE WHEN EXISTS (SELECT 1 FROM teams t
        WHERE t.workspace_id = ${signoffApprovers.workspaceId} AND t.id = ${signoffApprovers.viaTeamId})
        THEN ${signoffApprovers.viaTeamId} END`,
      decision: signoffApprovers.decision,
      comment: signoffApprovers.comment,
      decidedAt: signoffApprovers.decidedAt,
      decidedVersionId: versionOrNull(signoffApprovers.workspaceId, signoffApprovers.decidedVersionId),
      withdrawnAt: signoffApprovers.withdrawnAt,
    })
    .from(signoffApprovers)
    .where(eq(signoffApprovers.workspaceId, wid))
    .orderBy(asc(signoffApprovers.signoffId), asc(signoffApprovers.userId));

/**
 * History events in their order (seq), numbered 1, 2, 3… in the workspace: the identity values themselves are
 * the instance's, and import lets the database number the rows afresh, in this order.
 */
export const selectSignoffEvents = (db: Db, wid: string) =>
  db
    .select({
      id: signoffEvents.id,
      signoffId: signoffEvents.signoffId,
      round: signoffEvents.round,
      kind: signoffEvents.kind,
      actorId: signoffEvents.actorId,
      detail: signoffEvents.detail,
      createdAt: signoffEvents.createdAt,
      seq: sql<number>`(row_number() OVER (ORDER BY ${signoffEvents.seq}, ${signoffEvents.id}))::int`.mapWith(
        Number,
      ),
    })
    .from(signoffEvents)
    .where(eq(signoffEvents.workspaceId, wid))
    .orderBy(asc(signoffEvents.seq), asc(signoffEvents.id));

/** Comments in their order, numbered like events. */
export const selectSignoffComments = (db: Db, wid: string) =>
  db
    .select({
      id: signoffComments.id,
      signoffId: signoffComments.signoffId,
      round: signoffComments.round,
      itemId: signoffComments.itemId,
      userId: signoffComments.userId,
      body: signoffComments.body,
      createdAt: signoffComments.createdAt,
      seq: sql<number>`(row_number() OVER (ORDER BY ${signoffComments.seq}, ${signoffComments.id}))::int`.mapWith(
        Number,
      ),
    })
    .from(signoffComments)
    .where(eq(signoffComments.workspaceId, wid))
    .orderBy(asc(signoffComments.seq), asc(signoffComments.id));

// ---- customers and feedback (format version 5) ----

export const selectCompanies = (db: Db, wid: string) =>
  db
    .select({
      id: companies.id,
      name: companies.name,
      domain: companies.domain,
      segment: companies.segment,
      plan: companies.plan,
      arr: companies.arr,
      mrr: companies.mrr,
      currency: companies.currency,
      attributes: companies.attributes,
      createdAt: companies.createdAt,
      updatedAt: companies.updatedAt,
      version: companies.version,
    })
    .from(companies)
    .where(eq(companies.workspaceId, wid))
    .orderBy(asc(companies.createdAt), asc(companies.id));

export const selectPeople = (db: Db, wid: string) =>
  db
    .select({
      id: people.id,
      companyId: people.companyId,
      name: people.name,
      email: people.email,
      externalId: people.externalId,
      attributes: people.attributes,
      createdAt: people.createdAt,
      updatedAt: people.updatedAt,
      version: people.version,
    })
    .from(people)
    .where(eq(people.workspaceId, wid))
    .orderBy(asc(people.createdAt), asc(people.id));

/** Without the generated search vector (the database rebuilds it). */
export const selectFeedbackItems = (db: Db, wid: string) =>
  db
    .select({
      id: feedbackItems.id,
      title: feedbackItems.title,
      text: feedbackItems.text,
      source: feedbackItems.source,
      sourceId: feedbackItems.sourceId,
      externalId: feedbackItems.externalId,
      personId: feedbackItems.personId,
      userId: feedbackItems.userId,
      handle: feedbackItems.handle,
      companyId: feedbackItems.companyId,
      url: feedbackItems.url,
      receivedAt: feedbackItems.receivedAt,
      language: feedbackItems.language,
      sentimentScore: feedbackItems.sentimentScore,
      sentimentHint: feedbackItems.sentimentHint,
      sentiment: feedbackItems.sentiment,
      sentimentBy: feedbackItems.sentimentBy,
      tags: feedbackItems.tags,
      status: feedbackItems.status,
      assigneeId: feedbackItems.assigneeId,
      readAt: feedbackItems.readAt,
      createdBy: feedbackItems.createdBy,
      createdAt: feedbackItems.createdAt,
      updatedAt: feedbackItems.updatedAt,
      version: feedbackItems.version,
    })
    .from(feedbackItems)
    .where(eq(feedbackItems.workspaceId, wid))
    .orderBy(asc(feedbackItems.createdAt), asc(feedbackItems.id));

export const selectFeedbackLinks = (db: Db, wid: string) =>
  db
    .select({
      id: feedbackLinks.id,
      itemId: feedbackLinks.itemId,
      ideaId: feedbackLinks.ideaId,
      spanStart: feedbackLinks.spanStart,
      spanEnd: feedbackLinks.spanEnd,
      importance: feedbackLinks.importance,
      createdBy: feedbackLinks.createdBy,
      createdAt: feedbackLinks.createdAt,
    })
    .from(feedbackLinks)
    .where(eq(feedbackLinks.workspaceId, wid))
    .orderBy(asc(feedbackLinks.createdAt), asc(feedbackLinks.id));

/** Rows per section, for the progress bar's total. */
export async function countWorkspaceRows(db: Db, wid: string) {
  const n = async (table: PgTable, where: SQL | undefined) =>
    Number((await db.select({ n: count() }).from(table).where(where))[0].n);
  return {
    memberships: await n(memberships, eq(memberships.workspaceId, wid)),
    products: await n(products, eq(products.workspaceId, wid)),
    teams: await n(teams, eq(teams.workspaceId, wid)),
    teamMembers: await n(teamMembers, eq(teamMembers.workspaceId, wid)),
    invitations: await n(invitations, eq(invitations.workspaceId, wid)),
    auditEvents: await n(auditEvents, eq(auditEvents.workspaceId, wid)),
    outbox: await n(outbox, eq(outbox.workspaceId, wid)),
    factors: await n(factors, eq(factors.workspaceId, wid)),
    ideas: await n(ideas, eq(ideas.workspaceId, wid)),
    rounds: await n(rounds, eq(rounds.workspaceId, wid)),
    roundIdeas: await n(roundIdeas, eq(roundIdeas.workspaceId, wid)),
    roundVoters: await n(roundVoters, eq(roundVoters.workspaceId, wid)),
    ratings: await n(ratings, ratingsWhere(wid)),
    ideaComments: await n(ideaComments, eq(ideaComments.workspaceId, wid)),
    ideaWatchers: await n(ideaWatchers, eq(ideaWatchers.workspaceId, wid)),
    savedViews: await n(savedViews, eq(savedViews.workspaceId, wid)),
    notifications: await n(notifications, eq(notifications.workspaceId, wid)),
    jobs: await n(jobs, pendingJobs(wid)),
    objectives: await n(objectives, eq(objectives.workspaceId, wid)),
    keyResults: await n(keyResults, eq(keyResults.workspaceId, wid)),
    ideaObjectives: await n(ideaObjectives, eq(ideaObjectives.workspaceId, wid)),
    teamCapacity: await n(teamCapacity, eq(teamCapacity.workspaceId, wid)),
    timeOff: await n(timeOff, eq(timeOff.workspaceId, wid)),
    roadmaps: await n(roadmaps, eq(roadmaps.workspaceId, wid)),
    roadmapItems: await n(roadmapItems, eq(roadmapItems.workspaceId, wid)),
    roadmapItemEfforts: await n(roadmapItemEfforts, eq(roadmapItemEfforts.workspaceId, wid)),
    roadmapItemLinks: await n(roadmapItemLinks, linksWhere(wid)),
    roadmapDependencies: await n(roadmapDependencies, eq(roadmapDependencies.workspaceId, wid)),
    roadmapMilestones: await n(roadmapMilestones, eq(roadmapMilestones.workspaceId, wid)),
    roadmapChanges: await n(roadmapChanges, eq(roadmapChanges.workspaceId, wid)),
    roadmapVersions: await n(roadmapVersions, eq(roadmapVersions.workspaceId, wid)),
    planProposals: await n(planProposals, eq(planProposals.workspaceId, wid)),
    signoffs: await n(signoffs, eq(signoffs.workspaceId, wid)),
    signoffApprovers: await n(signoffApprovers, eq(signoffApprovers.workspaceId, wid)),
    signoffEvents: await n(signoffEvents, eq(signoffEvents.workspaceId, wid)),
    signoffComments: await n(signoffComments, eq(signoffComments.workspaceId, wid)),
    companies: await n(companies, eq(companies.workspaceId, wid)),
    people: await n(people, eq(people.workspaceId, wid)),
    feedbackItems: await n(feedbackItems, eq(feedbackItems.workspaceId, wid)),
    feedbackLinks: await n(feedbackLinks, eq(feedbackLinks.workspaceId, wid)),
  };
}

// ---- import ----

const ID_COLUMNS = {
  workspaces: workspaces.id,
  users: users.id,
  products: products.id,
  teams: teams.id,
  invitations: invitations.id,
  auditEvents: auditEvents.id,
  outbox: outbox.id,
  factors: factors.id,
  ideas: ideas.id,
  ideaComments: ideaComments.id,
  savedViews: savedViews.id,
  rounds: rounds.id,
  notifications: notifications.id,
  jobs: jobs.id,
  objectives: objectives.id,
  keyResults: keyResults.id,
  timeOff: timeOff.id,
  roadmaps: roadmaps.id,
  roadmapItems: roadmapItems.id,
  roadmapMilestones: roadmapMilestones.id,
  roadmapChanges: roadmapChanges.id,
  roadmapVersions: roadmapVersions.id,
  planProposals: planProposals.id,
  signoffs: signoffs.id,
  signoffEvents: signoffEvents.id,
  signoffComments: signoffComments.id,
  companies: companies.id,
  people: people.id,
  feedbackItems: feedbackItems.id,
  feedbackLinks: feedbackLinks.id,
};
export type IdTable = keyof typeof ID_COLUMNS;

/** Which of these ids are already used in the table, in any workspace (ids stay unique instance-wide). */
export async function selectTakenIds(db: Db, table: IdTable, ids: string[]): Promise<Set<string>> {
  const col = ID_COLUMNS[table];
  const taken = new Set<string>();
  for (const part of chunks([...new Set(ids)], 1000)) {
    const rows = await db.select({ id: col }).from(col.table).where(inArray(col, part));
    for (const r of rows) taken.add(r.id);
  }
  return taken;
}

/** Existing accounts by lower-cased e-mail. */
export async function selectUsersByEmails(db: Db, emails: string[]) {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(emails.map((e) => e.toLowerCase()))], 1000)) {
    const rows = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(sql`lower(${users.email})`, part));
    for (const r of rows) found.set(r.email.toLowerCase(), r.id);
  }
  return found;
}

export const insertWorkspaceRow = (db: Db, row: typeof workspaces.$inferInsert) =>
  db.insert(workspaces).values(row);

const TABLES = {
  users,
  memberships,
  products,
  teams,
  teamMembers,
  invitations,
  auditEvents,
  outbox,
  factors,
  ideas,
  rounds,
  roundIdeas,
  roundVoters,
  ratings,
  ideaComments,
  ideaWatchers,
  savedViews,
  notifications,
  jobs,
  objectives,
  keyResults,
  ideaObjectives,
  teamCapacity,
  timeOff,
  roadmaps,
  roadmapItems,
  roadmapItemEfforts,
  roadmapItemLinks,
  roadmapDependencies,
  roadmapMilestones,
  roadmapChanges,
  roadmapVersions,
  planProposals,
  signoffs,
  signoffApprovers,
  signoffEvents,
  signoffComments,
  companies,
  people,
  feedbackItems,
  feedbackLinks,
};
type Tables = typeof TABLES;
export type InsertRow<S extends keyof Tables> = Tables[S]["$inferInsert"];

/** Rows per statement by section: narrow sections go in larger batches (ratings can be hundreds of thousands). */
export const BATCH: Partial<Record<keyof Tables, number>> = {
  ratings: 5000,
  roundIdeas: 5000,
  ideaWatchers: 2000,
  ideaObjectives: 5000,
  teamCapacity: 2000,
  roadmapItemEfforts: 5000,
  roadmapItemLinks: 5000,
  roadmapDependencies: 5000,
  // Snapshots are whole roadmaps: fewer per statement keeps the statement small.
  roadmapVersions: 50,
};

/** Inserts one chunk of rows of a section (the caller chunks, to report progress). */
export async function insertRows<S extends keyof Tables>(db: Db, section: S, rows: InsertRow<S>[]) {
  if (!rows.length) return;
  if (section === "ratings") return insertRatings(db, rows as InsertRow<"ratings">[]);
  if (section === "ideas") return insertIdeasWithScores(db, rows as IdeaWithScores[]);
  await db.insert(TABLES[section] as PgTable).values(rows as never[]);
}

type IdeaWithScores = InsertRow<"ideas"> &
  Omit<typeof ideaScores.$inferInsert, "workspaceId" | "ideaId" | "productId">;

/** The export keeps an idea's scores on the idea; the database keeps them in idea_scores. */
async function insertIdeasWithScores(db: Db, rows: IdeaWithScores[]) {
  await db.insert(ideas).values(rows);
  await db.insert(ideaScores).values(
    rows.map((r) => ({
      workspaceId: r.workspaceId,
      ideaId: r.id as string,
      productId: r.productId,
      scoreWeighted: r.scoreWeighted,
      scoreRice: r.scoreRice,
      scoreIce: r.scoreIce,
      scoreWsjf: r.scoreWsjf,
      score: r.score,
      rank: r.rank,
      factorStats: r.factorStats,
      voters: r.voters,
      scoredRoundId: r.scoredRoundId,
    })),
  );
}

/** Thousands of ratings in one statement and one bind parameter (a JSON array), not 8 parameters a row. */
async function insertRatings(db: Db, rows: InsertRow<"ratings">[]) {
  await rawRows(
    db,
    `INSERT INTO ratings (workspace_id, round_id, voter_id, idea_id, factor_id, value, abstain_reason, updated_at)
     SELECT r."workspaceId", r."roundId", r."voterId", r."ideaId", r."factorId", r.value, r."abstainReason", r."updatedAt"
     FROM jsonb_to_recordset($1::jsonb) AS r("workspaceId" uuid, "roundId" uuid, "voterId" uuid, "ideaId" uuid,
       "factorId" uuid, value smallint, "abstainReason" text, "updatedAt" timestamptz)`,
    [JSON.stringify(rows)],
  );
}

/** Deletes a workspace; every tenant row follows by cascade (undoing a half-written import). */
export const deleteWorkspaceRow = (db: Db, id: string) => db.delete(workspaces).where(eq(workspaces.id, id));

/** Deletes these accounts unless they belong to a workspace (the ones a failed import created). */
export const deleteUsersWithoutWorkspace = (db: Db, ids: string[]) =>
  ids.length
    ? rawRows(
        db,
        `DELETE FROM users u WHERE u.id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)
           AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)`,
        [JSON.stringify(ids)],
      )
    : Promise.resolve([]);
