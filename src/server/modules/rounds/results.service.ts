import type { ClosePreview, RoundResults } from "../../../shared/ideas.schemas.ts";
import { can } from "../../../shared/permissions.ts";
import { disagreement, type FactorResult, type Rating, weightedScore } from "../../../shared/scoring.ts";
import type { WorkspaceContext } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { conflict, forbidden } from "../../errors.ts";
import { toScoringFactor } from "../factors/factors.service.ts";
import { selectFramework } from "../scoring/scoring.queries.ts";
import { previewRound, roundStats } from "../scoring/scoring.service.ts";
import { selectRatings } from "./rounds.queries.ts";
import { getRound } from "./rounds.service.ts";

/**
 * A round's results: per idea the weighted score with its arithmetic, per-factor means, participation,
 * disagreement and the voters far from the others. Managers see them live; voters once the round is closed
 * (or live when it shows everyone's ratings); other members once closed.
 */
export async function roundResults(db: Db, ctx: WorkspaceContext, id: string): Promise<RoundResults> {
  const round = await getRound(db, ctx, id);
  const open = round.status === "open";
  if (open && !can(ctx.role, "rounds.manage") && !(round.amVoter && round.showOthers))
    throw forbidden("Results are visible once the round closes");
  const scoring = round.factors.map(toScoringFactor);
  const [{ stats, voters }, ratings] = await Promise.all([
    roundStats(db, ctx.workspaceId, id),
    selectRatings(db, ctx.workspaceId, id, null),
  ]);
  const names = new Map(round.voters.map((v) => [v.userId, v.name]));
  const byIdea = new Map<string, (Rating & { value: number | null })[]>();
  for (const r of ratings) {
    const list = byIdea.get(r.ideaId) ?? [];
    list.push({ factorId: r.factorId, voterId: r.voterId, value: r.value });
    byIdea.set(r.ideaId, list);
  }
  const results = round.ideas.map((idea) => {
    const factorStats = round.factors.map(
      (f) =>
        stats.get(idea.id)?.find((s) => s.factorId === f.id) ?? {
          factorId: f.id,
          mean: null,
          votes: 0,
          abstentions: 0,
          spread: null,
        },
    );
    const { score, steps } = weightedScore(scoring, factorStats as FactorResult[]);
    const mine = byIdea.get(idea.id) ?? [];
    const { level, differs } = disagreement(scoring, mine);
    // Largest distance first; equal distances by name, so the list reads the same on every request.
    const outliers = differs
      .map((d) => ({ ...d, name: names.get(d.voterId) ?? "A former voter" }))
      .sort((a, b) => b.by - a.by || a.name.localeCompare(b.name));
    const spreads = factorStats.map((s) => s.spread).filter((s): s is number => s !== null);
    return {
      ideaId: idea.id,
      number: idea.number,
      title: idea.title,
      score,
      rank: null as number | null,
      factorStats,
      steps,
      participation: { voters: voters.get(idea.id) ?? 0, of: round.voters.length },
      spread: spreads.length ? Math.max(...spreads) : null,
      outliers,
      disagreement: level,
    };
  });
  results.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.number - b.number);
  results.forEach((r, i) => {
    r.rank = r.score === null ? null : i + 1;
  });
  const { ideas, voters: _v, factors, amVoter, canManage, ...summary } = round;
  return { round: summary, factors, results };
}

/** What closing an open round would do to the backlog (ideas whose score or rank changes), without writing. */
export async function closePreview(db: Db, ctx: WorkspaceContext, id: string): Promise<ClosePreview> {
  const round = await getRound(db, ctx, id);
  if (round.status !== "open") throw conflict("The round is already closed");
  const ideaIds = round.ideas.map((i) => i.id);
  const [framework, changes] = await Promise.all([
    selectFramework(db, ctx.workspaceId, round.productId),
    previewRound(db, ctx.workspaceId, round.productId, id, ideaIds),
  ]);
  return { framework: framework as ClosePreview["framework"], changes };
}
