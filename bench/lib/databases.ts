// The databases a section measures on (PGlite, then a throwaway PostgreSQL 15) and the rows they share.
import { pgUnavailableReason, startThrowawayPg, type ThrowawayPg } from "./pg.ts";
import { type BenchContext, type Row, row } from "./report.ts";

export type DbLabel = "PGlite" | "PostgreSQL";

export interface DbTarget {
  label: DbLabel;
  /** The database as the report describes it. */
  db: string;
  /** The throwaway PostgreSQL server; null on PGlite. */
  pg: ThrowawayPg | null;
  /** Whether it is the first database of the run. */
  first: boolean;
}

/**
 * Runs `run` on PGlite, then on a throwaway PostgreSQL 15 (stopped afterwards), as the environment variable
 * `envVar` asks ("pglite,postgres" when unset). `pgSkip` says why PostgreSQL was not measured (null: it was).
 */
export async function onEachDatabase<R>(
  ctx: BenchContext,
  envVar: string,
  run: (target: DbTarget) => Promise<R>,
): Promise<{ runs: R[]; pgSkip: string | null }> {
  const dbs = (process.env[envVar] ?? "pglite,postgres").split(",");
  const runs: R[] = [];
  if (dbs.includes("pglite"))
    runs.push(
      await run({
        label: "PGlite",
        db: "PGlite (in-process WASM, data dir on local disk)",
        pg: null,
        first: true,
      }),
    );
  let pgSkip: string | null = dbs.includes("postgres") ? pgUnavailableReason() : `not asked for (${envVar})`;
  if (!pgSkip) {
    let pg: ThrowawayPg | null = null;
    try {
      ctx.log("starting a throwaway PostgreSQL 15 (scripts/pg-throwaway.sh)");
      pg = await startThrowawayPg();
      runs.push(
        await run({
          label: "PostgreSQL",
          db: `PostgreSQL ${pg.version} (same machine, fsync off, shared_buffers 256MB; Baton pool of 10)`,
          pg,
          first: runs.length === 0,
        }),
      );
    } catch (err) {
      pgSkip = `throwaway PostgreSQL did not start: ${(err as Error).message.slice(0, 300)}`;
    } finally {
      pg?.stop();
    }
  }
  return { runs, pgSkip };
}

/** Records a part's failure in `errors` and marks the bench run crashed (`where`: e.g. "roadmap/PGlite"). */
export function failureRecorder(ctx: BenchContext, where: string, errors: Record<string, string>) {
  return (part: string, err: unknown) => {
    errors[part] = (err as Error).message;
    ctx.markCrashed(`${where}/${part}: ${(err as Error).stack ?? err}`);
  };
}

/** The row of a measurement that broke on a database. */
export const errorRow = (
  measure: string,
  r: { errors: Record<string, string>; db: string },
  part: string,
): Row =>
  row({ measure, figure: r.errors[part].slice(0, 300), budget: "", status: "ERROR", conditions: r.db });

/** The row saying PostgreSQL was not measured, and why (none when it was). */
export const pgSkipRows = (pgSkip: string | null, measure: string, budget: string): Row[] =>
  pgSkip
    ? [
        row({
          measure: `${measure} (PostgreSQL)`,
          figure: "not measured",
          budget,
          status: "SKIP",
          conditions: pgSkip,
        }),
      ]
    : [];
