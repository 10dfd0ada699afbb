import { measureStartup } from "./foundation/startup.ts";
import { measureThroughput } from "./foundation/throughput.ts";
import { measureWeb } from "./foundation/web.ts";
import { pgUnavailableReason, startThrowawayPg, type ThrowawayPg } from "./lib/pg.ts";
import { type BudgetTable, describeMachine, type Section } from "./lib/report.ts";

/**
 * The foundation issue's budgets: start to healthy, authenticated GET throughput, web bundle and first load.
 * Parts: foundation:startup, foundation:throughput, foundation:web.
 */
export const foundation: Section = {
  name: "foundation",
  title: "Foundation: start-up, API throughput, web app",
  async run(ctx) {
    let pg: ThrowawayPg | null = null;
    let pgSkip = pgUnavailableReason();
    const needPg = ctx.wants("startup") || ctx.wants("throughput");
    if (!pgSkip && needPg) {
      try {
        ctx.log("starting a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh)");
        pg = await startThrowawayPg();
      } catch (err) {
        pgSkip = `throwaway PostgreSQL did not start: ${(err as Error).message.slice(0, 300)}`;
      }
    }
    const tables: BudgetTable[] = [];
    try {
      if (ctx.wants("startup")) tables.push(await measureStartup(ctx, pg, pgSkip, 5));
      if (ctx.wants("throughput")) {
        const settings = { connections: 10, durationS: 10, warmupS: 3, diagDurationS: 5 };
        tables.push(await measureThroughput(ctx, pg, pgSkip, settings));
      }
    } finally {
      pg?.stop();
    }
    if (ctx.wants("web")) tables.push(await measureWeb(ctx, 5));
    return { conditions: describeMachine(ctx.machine), tables };
  },
};
