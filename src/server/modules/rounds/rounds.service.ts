import type { CastRatings, CreateRound, Round, RoundDetail } from "../../../shared/ideas.schemas.ts";
import { can } from "../../../shared/permissions.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { isoColumns } from "../../db/hot.ts";
import { AppError, conflict, forbidden, invalid, notFound, staleVersion } from "../../errors.ts";
import { type Clock, HOUR } from "../../lib/clock.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { getFactorSet, getFactorSetCached } from "../factors/factors.service.ts";
import { scheduleJob, unscheduleJob } from "../jobs/jobs.service.ts";
import type { MailOut } from "../notifications/notifications.mail.ts";
import { notify } from "../notifications/notifications.service.ts";
import { assertProduct } from "../products/products.service.ts";
import { applyRound, lockProductScores } from "../scoring/scoring.service.ts";
import {
  countRoundIdeas,
  insertRound,
  insertRoundIdeas,
  insertRoundVoters,
  lockRound,
  markClosed,
  type RawRound,
  selectCastContext,
  selectProductIdeas,
  selectRatings,
  selectRound,
  selectRoundIdeas,
  selectRounds,
  selectRoundVoters,
  selectTeamIds,
  selectVoterCandidates,
  updateRoundRow,
  upsertRatings,
} from "./rounds.queries.ts";

/** Scoring rounds: voters rate ideas on every factor until the deadline; closing writes the scores. */

const REMIND_BEFORE = 24 * HOUR;
const roundClosed = (at: string) =>
  new AppError("conflict", `The round closed at ${at}; ratings can no longer change`);

/** The factors voters rate: computed ones (customer demand, competitor coverage) are neither shown nor counted. */
const ratedOnly = <F extends { kind: string }>(factors: F[]) => factors.filter((f) => f.kind === "rated");

async function factorCount(db: Db, workspaceId: string, productId: string) {
  return ratedOnly((await getFactorSet(db, workspaceId, productId)).factors).length;
}

function toRound(r: RawRound, factors: number, me: string | null): Round {
  const total = r.ideaCount * factors;
  const done = new Map((r.doneBy ?? []).map((d) => [d.u, Math.min(d.d, total)]));
  const { doneBy, ...rest } = isoColumns(r, "deadline", "closedAt", "createdAt");
  return {
    ...rest,
    finishedVoters: [...done.values()].filter((d) => total > 0 && d >= total).length,
    myProgress: me && done.has(me) ? { done: done.get(me) as number, total } : null,
  };
}

/** Rounds of the workspace, open ones first; `mine` keeps the rounds the caller votes in. */
export async function listRounds(
  db: Db,
  ctx: WorkspaceContext,
  q: { productId?: string; status?: string; mine?: boolean },
): Promise<{ items: Round[] }> {
  const rows = await selectRounds(db, ctx.workspaceId, {
    ...q,
    voterId: q.mine ? (ctx.userId ?? undefined) : undefined,
  });
  const counts = new Map<string, number>();
  for (const p of new Set(rows.map((r) => r.productId)))
    counts.set(p, await factorCount(db, ctx.workspaceId, p));
  return { items: rows.map((r) => toRound(r, counts.get(r.productId) as number, ctx.userId)) };
}

export async function getRound(db: Db, ctx: WorkspaceContext, id: string): Promise<RoundDetail> {
  const r = await selectRound(db, ctx.workspaceId, id);
  if (!r) throw notFound("Round");
  const set = await getFactorSet(db, ctx.workspaceId, r.productId);
  set.factors = ratedOnly(set.factors);
  const [ideas, voters] = await Promise.all([
    selectRoundIdeas(db, ctx.workspaceId, id),
    selectRoundVoters(db, ctx.workspaceId, id),
  ]);
  const total = r.ideaCount * set.factors.length;
  return {
    ...toRound(r, set.factors.length, ctx.userId),
    ideas,
    voters: voters.map((v) => ({ ...v, done: Math.min(v.done, total), total })),
    factors: set.factors,
    amVoter: voters.some((v) => v.userId === ctx.userId),
    canManage: can(ctx.role, "rounds.manage"),
  };
}

async function resolveVoters(
  db: Db,
  workspaceId: string,
  voterIds: string[],
  teamIds: string[],
  voterField = "voterIds",
) {
  const fields: Record<string, string> = {};
  const teams = new Set((await selectTeamIds(db, workspaceId, teamIds)).map((t) => t.id));
  if (teamIds.some((t) => !teams.has(t))) fields.teamIds = "Some teams are not in this workspace";
  const candidates = await selectVoterCandidates(db, workspaceId, voterIds, teamIds);
  const direct = new Set(candidates.filter((c) => !c.teamId).map((c) => c.userId));
  if (voterIds.some((v) => !direct.has(v)))
    fields[voterField] = "Some voters are not members of this workspace";
  const viewers = candidates.filter((c) => !can(c.role, "rounds.vote") && direct.has(c.userId));
  if (viewers.length) fields[voterField] = `${viewers.map((v) => v.name).join(", ")} can only view, not vote`;
  if (Object.keys(fields).length) throw invalid(fields);
  // Team members who may vote; viewers in a team are skipped rather than refused.
  const voters = new Map<string, string | null>();
  for (const c of candidates)
    if (can(c.role, "rounds.vote") && !voters.has(c.userId)) voters.set(c.userId, c.teamId);
  if (!voters.size) throw invalid({ teamIds: "These teams have nobody who can vote" });
  return [...voters].map(([userId, teamId]) => ({ userId, teamId }));
}

async function scheduleRoundJobs(
  db: Db,
  workspaceId: string,
  roundId: string,
  deadline: string,
  clock: Clock,
) {
  await scheduleJob(db, {
    workspaceId,
    kind: "round.close",
    key: `round.close:${roundId}`,
    runAt: deadline,
    payload: { roundId },
  });
  const remindAt = new Date(new Date(deadline).getTime() - REMIND_BEFORE);
  if (remindAt > clock.now())
    await scheduleJob(db, {
      workspaceId,
      kind: "round.remind",
      key: `round.remind:${roundId}`,
      runAt: remindAt.toISOString(),
      payload: { roundId },
    });
  else await unscheduleJob(db, `round.remind:${roundId}`);
}

/** Opens a round on some ideas of one product, for people and whole teams, until a deadline. */
/** `publicUrl` null: the voters are told in-app only (demo seeds). */
export async function createRound(
  db: Db,
  ctx: WorkspaceContext,
  input: Required<CreateRound>,
  clock: Clock,
  publicUrl: string | null,
) {
  const product = await assertProduct(db, ctx.workspaceId, input.productId);
  if (new Date(input.deadline) <= clock.now())
    throw invalid({ deadline: "The deadline must be in the future" });
  const ideaIds = [...new Set(input.ideaIds)];
  const found = new Set(
    (await selectProductIdeas(db, ctx.workspaceId, product.id, ideaIds)).map((i) => i.id),
  );
  if (ideaIds.some((i) => !found.has(i)))
    throw invalid({ ideaIds: "Some ideas are not (unmerged) ideas of this product" });
  const voters = await resolveVoters(db, ctx.workspaceId, input.voterIds, input.teamIds);
  const id = await insertRound(db, ctx.workspaceId, {
    productId: product.id,
    name: input.name,
    description: input.description,
    deadline: new Date(input.deadline).toISOString(),
    showOthers: input.showOthers,
    createdBy: ctx.userId,
  });
  await insertRoundIdeas(db, ctx.workspaceId, id, ideaIds);
  await insertRoundVoters(db, ctx.workspaceId, id, voters);
  await scheduleRoundJobs(db, ctx.workspaceId, id, new Date(input.deadline).toISOString(), clock);
  await notify(
    db,
    ctx.workspaceId,
    voters
      .filter((v) => v.userId !== ctx.userId)
      .map((v) => ({
        userId: v.userId,
        kind: "round.invite",
        title: `Your ratings are wanted: ${input.name}`,
        body: `${ideaIds.length} ideas of ${product.name}, before ${new Date(input.deadline).toUTCString()}`,
        link: `/rounds/${id}`,
      })),
    publicUrl === null ? null : { clock, publicUrl },
  );
  const after = await getRound(db, ctx, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "round.create",
    entityType: "round",
    entityId: id,
    after,
  });
  return after;
}

/** Edits an open round (name, deadline, visibility; adds ideas and voters). Closed rounds are immutable. */
export async function updateRound(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: {
    version: number;
    name?: string;
    description?: string;
    deadline?: string;
    showOthers?: boolean;
    addIdeaIds?: string[];
    addVoterIds?: string[];
  },
  clock: Clock,
) {
  const before = await getRound(db, ctx, id);
  if (before.status !== "open") throw conflict("A closed round cannot change");
  if (input.deadline && new Date(input.deadline) <= clock.now())
    throw invalid({ deadline: "The deadline must be in the future" });
  const deadline = input.deadline ? new Date(input.deadline).toISOString() : undefined;
  if (!(await updateRoundRow(db, ctx.workspaceId, id, input.version, { ...input, deadline })))
    throw staleVersion("The round");
  if (input.addIdeaIds?.length) {
    ideaCounts.delete(id);
    const found = new Set(
      (await selectProductIdeas(db, ctx.workspaceId, before.productId, input.addIdeaIds)).map((i) => i.id),
    );
    if (input.addIdeaIds.some((i) => !found.has(i)))
      throw invalid({ addIdeaIds: "Some ideas are not ideas of this product" });
    await insertRoundIdeas(db, ctx.workspaceId, id, input.addIdeaIds);
  }
  if (input.addVoterIds?.length)
    await insertRoundVoters(
      db,
      ctx.workspaceId,
      id,
      await resolveVoters(db, ctx.workspaceId, input.addVoterIds, [], "addVoterIds"),
    );
  if (deadline) await scheduleRoundJobs(db, ctx.workspaceId, id, deadline, clock);
  const after = await getRound(db, ctx, id);
  await recordAudit(db, ctx.workspaceId, ctx, {
    action: "round.update",
    entityType: "round",
    entityId: id,
    before,
    after,
  });
  return after;
}

/**
 * Closes a round (by the PM, or at its deadline by the job) and writes its results onto the ideas' scores.
 * Returns false when it was already closed.
 */
export async function closeRound(
  db: Db,
  actor: WorkspaceContext,
  id: string,
  reason: "manual" | "deadline",
  mail: MailOut | null,
): Promise<boolean> {
  // Product lock first, like every score writer (see lockProductScores), then the round.
  const current = await selectRound(db, actor.workspaceId, id);
  if (!current) throw notFound("Round");
  await lockProductScores(db, actor.workspaceId, current.productId);
  const locked = await lockRound(db, actor.workspaceId, id);
  if (!locked) throw notFound("Round");
  if (locked.status === "closed") return false;
  await markClosed(db, actor.workspaceId, id, reason);
  const ideas = await selectRoundIdeas(db, actor.workspaceId, id);
  await applyRound(
    db,
    actor.workspaceId,
    locked.productId,
    id,
    ideas.map((i) => i.id),
  );
  await unscheduleJob(db, `round.close:${id}`);
  await unscheduleJob(db, `round.remind:${id}`);
  const voters = await selectRoundVoters(db, actor.workspaceId, id);
  await notify(
    db,
    actor.workspaceId,
    voters.map((v) => ({
      userId: v.userId,
      kind: "round.closed",
      title: `Results are in: ${current.name}`,
      body:
        reason === "deadline" ? "The round reached its deadline." : "The product manager closed the round.",
      link: `/rounds/${id}`,
    })),
    mail,
  );
  await recordAudit(db, actor.workspaceId, actor, {
    action: "round.close",
    entityType: "round",
    entityId: id,
    after: { reason, ideas: ideas.length },
  });
  return true;
}

/**
 * The caller's ratings in a round, and everyone's when the round shows them to its voters (the caller is one,
 * or manages rounds). Other members see live ratings only through the results, once the round closes.
 */
export async function getBallot(db: Db, ctx: WorkspaceContext, id: string) {
  const c = await selectCastContext(db, ctx.workspaceId, id, ctx.userId as string, []);
  if (!c) throw notFound("Round");
  const seeOthers = c.showOthers && (c.voter || can(ctx.role, "rounds.manage"));
  const rows = (await selectRatings(db, ctx.workspaceId, id, seeOthers ? null : ctx.userId)).map((x) =>
    isoColumns(x, "updatedAt"),
  );
  const strip = ({ voterName, ...x }: (typeof rows)[number]) => x;
  return {
    mine: rows.filter((x) => x.voterId === ctx.userId).map(strip),
    others: seeOthers ? rows.filter((x) => x.voterId !== ctx.userId) : null,
  };
}

/**
 * Casts (or changes) ratings: only a voter of the round, only before the deadline, only for the round's ideas
 * and the product's active factors, within each factor's scale. All or nothing, in one statement (no explicit
 * transaction: the hot path stays on prepared statements).
 */
export async function castRatings(
  db: Db,
  ctx: WorkspaceContext,
  id: string,
  input: CastRatings,
  clock: Clock,
) {
  const userId = ctx.userId as string;
  const c = await selectCastContext(db, ctx.workspaceId, id, userId, [
    ...new Set(input.ratings.map((r) => r.ideaId)),
  ]);
  if (!c) throw notFound("Round");
  const deadline = new Date(c.deadline);
  const now = clock.now();
  if (c.status !== "open" || deadline <= now) throw roundClosed(deadline.toISOString());
  if (!c.voter) throw forbidden("You are not a voter in this round");
  const { factors } = await getFactorSetCached(db, ctx.workspaceId, c.productId);
  const byId = new Map(factors.map((f) => [f.id, f]));
  const inRound = new Set(c.inRound ?? []);
  const fields: Record<string, string> = {};
  input.ratings.forEach((r, i) => {
    const f = byId.get(r.factorId);
    if (!inRound.has(r.ideaId)) fields[`ratings.${i}.ideaId`] = "This idea is not in the round";
    if (!f) fields[`ratings.${i}.factorId`] = "Not a scoring factor of this product";
    else if (f.kind !== "rated")
      fields[`ratings.${i}.factorId`] = "This factor is computed from data; nobody rates it";
    else if (r.value !== null && (r.value < f.scaleMin || r.value > f.scaleMax))
      fields[`ratings.${i}.value`] = `Rate from ${f.scaleMin} to ${f.scaleMax}`;
  });
  if (Object.keys(fields).length) throw invalid(fields);
  const cells = new Map(input.ratings.map((r) => [`${r.ideaId}:${r.factorId}`, r]));
  const json = JSON.stringify(
    [...cells.values()].map((r) => ({
      ideaId: r.ideaId,
      factorId: r.factorId,
      value: r.value,
      abstainReason: r.value === null ? r.abstainReason : null,
    })),
  );
  const res = await upsertRatings(db, ctx.workspaceId, id, userId, now.toISOString(), json);
  if (!res?.open) throw roundClosed(deadline.toISOString());
  const total = (await roundIdeaCount(db, ctx.workspaceId, id)) * ratedOnly(factors).length;
  return { saved: cells.size, progress: { done: Math.min(res.done ?? 0, total), total } };
}

/**
 * How many ideas a round has, from a 2-second per-process cache (the rating hot path reports progress with it;
 * editing the round here clears it at once).
 */
const ideaCounts = new Map<string, { at: number; n: number }>();
async function roundIdeaCount(db: Db, workspaceId: string, roundId: string, now = Date.now()) {
  const hit = ideaCounts.get(roundId);
  if (hit && now - hit.at < 2000) return hit.n;
  const n = await countRoundIdeas(db, workspaceId, roundId);
  if (ideaCounts.size > 1000) ideaCounts.clear();
  ideaCounts.set(roundId, { at: now, n });
  return n;
}

/** Closes a round whose deadline passed (readers see it closed even before the job runs). */
export async function closeIfDue(db: Db, ctx: WorkspaceContext, id: string, clock: Clock, publicUrl: string) {
  const r = await selectRound(db, ctx.workspaceId, id);
  if (r && r.status === "open" && new Date(r.deadline) <= clock.now())
    await db.transaction((tx) =>
      closeRound(tx, { ...ctx, userId: null, via: "system" }, id, "deadline", { clock, publicUrl }),
    );
}
