import type { JobHandlers } from "../jobs/jobs.service.ts";
import { notify } from "../notifications/notifications.service.ts";
import { selectLaggingVoters } from "./rounds.queries.ts";
import { closeRound, getRound } from "./rounds.service.ts";

/** Durable jobs of rounds: close at the deadline; remind voters who have not finished a day before. */
/** The round jobs; notifications they create are mailed with links under publicUrl. */
export const roundJobHandlers = (publicUrl: string): JobHandlers => ({
  "round.close": async (db, job, clock) => {
    const actor = {
      workspaceId: job.workspaceId as string,
      userId: null,
      via: "system" as const,
      role: "owner" as const,
    };
    await closeRound(db, actor, job.payload.roundId as string, "deadline", { clock, publicUrl });
  },
  "round.remind": async (db, job, clock) => {
    const workspaceId = job.workspaceId as string;
    const roundId = job.payload.roundId as string;
    const ctx = { workspaceId, userId: null, via: "system" as const, role: "owner" as const };
    const round = await getRound(db, ctx, roundId);
    if (round.status !== "open") return;
    const total = round.ideas.length * round.factors.length;
    const lagging = await selectLaggingVoters(db, workspaceId, roundId, total);
    await notify(
      db,
      workspaceId,
      lagging.map((v) => ({
        userId: v.userId,
        kind: "round.reminder",
        title: `Reminder: ${round.name} closes ${new Date(round.deadline).toUTCString()}`,
        body: `You have rated ${v.done} of ${total} cells.`,
        link: `/rounds/${roundId}`,
      })),
      { clock, publicUrl },
    );
  },
});
