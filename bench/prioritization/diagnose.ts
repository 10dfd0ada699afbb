// Where the time goes, step by step, on a copy of the seeded dataset (not part of `npm run bench`):
//   BATON_DATA_DIR=<copy of the cached PGlite dir> BENCH_PRIO_SEED=<meta.json> node --import tsx bench/prioritization/diagnose.ts
//   DATABASE_URL=<restored database>              BENCH_PRIO_SEED=<meta.json> node --import tsx bench/prioritization/diagnose.ts
// It times the backlog's queries, the recompute's steps (the same query functions the server uses, in one
// transaction that is rolled back), and what the stored tsvector column costs an UPDATE that touches every idea.
import { readFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import { rawRows } from "../../src/server/db/hot.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import { getFactorSet, toScoringFactor } from "../../src/server/modules/factors/factors.service.ts";
import { importIdeas } from "../../src/server/modules/ideas/ideas.csv.ts";
import { countIdeas, selectIdeaPage } from "../../src/server/modules/ideas/ideas.queries.ts";
import { listIdeas } from "../../src/server/modules/ideas/ideas.service.ts";
import {
  RANKED_STATUSES,
  selectRankInputs,
  selectStoredStats,
  syncActiveScores,
  updateRanks,
  updateWeightedScores,
} from "../../src/server/modules/scoring/scoring.queries.ts";
import { IdeaPageSchema } from "../../src/shared/ideas.schemas.ts";
import { type FactorResult, rankOrder, weightedScore } from "../../src/shared/scoring.ts";
import { generateImportCsv } from "./data.ts";
import type { SeedResult } from "./types.ts";

const meta = JSON.parse(readFileSync(process.env.BENCH_PRIO_SEED as string, "utf8"));
const s: SeedResult = meta.seed ?? meta;
const database = await openConfiguredDatabase(loadConfig());
const db = database.db;
const W = s.workspaceId;
const P = s.productId;

async function timeIt(label: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(3, n); i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(58)} min ${ts[0].toFixed(2).padStart(8)} ms  median ${ts[Math.floor(n / 2)].toFixed(2).padStart(8)} ms`,
  );
}
const once = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return r;
};

try {
  console.log(`database: ${database.kind}`);
  const size = await rawRows<Record<string, string>>(
    db,
    `SELECT pg_size_pretty(pg_relation_size('ideas')) AS heap, pg_size_pretty(pg_relation_size('ideas_rank_idx')) AS rank_idx,
       (SELECT count(*) FROM ideas WHERE product_id = $1)::int AS ideas`,
    [P],
  );
  console.log("ideas table:", size[0]);
  const filter = { sort: "rank" } as const;
  console.log("-- backlog (GET …/ideas?limit=50): the two queries listIdeas runs");
  await timeIt("selectIdeaPage, first page by rank", 30, () => selectIdeaPage(db, W, P, filter, 0, 50));
  await timeIt("countIdeas (total of the page)", 30, () => countIdeas(db, W, P, filter));
  await timeIt("selectIdeaPage, offset 5000", 30, () => selectIdeaPage(db, W, P, filter, 5000, 50));
  await timeIt("selectIdeaPage, q=dash", 30, () =>
    selectIdeaPage(db, W, P, { ...filter, tsquery: "dash:*" }, 0, 50),
  );
  await timeIt("countIdeas, q=dash", 30, () => countIdeas(db, W, P, { ...filter, tsquery: "dash:*" }));
  await timeIt("listIdeas (the service: product, page and count)", 30, () =>
    listIdeas(db, W, P, { sort: "rank", offset: 0, limit: 50 } as never),
  );
  const page = await listIdeas(db, W, P, { sort: "rank", offset: 0, limit: 50 } as never);
  console.log("-- the response (what the zod serializer compiler does for every answer)");
  await timeIt("IdeaPageSchema.safeEncode (response validation)", 200, async () =>
    IdeaPageSchema.safeEncode(page),
  );
  await timeIt(`JSON.stringify (${JSON.stringify(page).length} B)`, 200, async () => JSON.stringify(page));

  console.log("-- recompute after a weight change (recomputeWeighted's steps, rolled back)");
  await db
    .transaction(async (tx) => {
      const { factors } = await getFactorSet(tx, W, P);
      const scoring = factors.map(toScoringFactor);
      scoring[0] = { ...scoring[0], weight: scoring[0].weight + 1 };
      const stored = await once("selectStoredStats (10,000 rows with factor_stats)", () =>
        selectStoredStats(tx, W, P),
      );
      const t0 = performance.now();
      const updates = stored
        .map((r) => ({ id: r.id, s: weightedScore(scoring, r.factorStats as FactorResult[]).score }))
        .filter((u, i) => u.s !== stored[i].scoreWeighted);
      console.log(
        `${"weightedScore in JS".padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms (${updates.length} changed)`,
      );
      await once(`updateWeightedScores (${updates.length} rows)`, () =>
        updateWeightedScores(tx, W, JSON.stringify(updates)),
      );
      await once("syncActiveScores", () => syncActiveScores(tx, W, P));
      const inputs = await once("selectRankInputs", () => selectRankInputs(tx, W, P));
      const order = rankOrder(inputs.filter((r) => RANKED_STATUSES.includes(r.status)));
      const changes = inputs
        .map((r) => ({ id: r.id, rank: order.get(r.id) ?? null, was: r.rank }))
        .filter((c) => c.rank !== c.was)
        .map(({ id, rank }) => ({ id, rank }));
      await once(`updateRanks (${changes.length} rows changed rank)`, () =>
        updateRanks(tx, W, JSON.stringify(changes)),
      );
      console.log("-- what one UPDATE of every idea costs, with and without the stored tsvector column");
      await once(`UPDATE ideas SET rank = rank (${size[0].ideas} rows)`, () =>
        rawRows(tx, "UPDATE ideas SET rank = rank WHERE workspace_id = $1 AND product_id = $2", [W, P]),
      );
      await rawRows(tx, "ALTER TABLE ideas DROP COLUMN search", []);
      await once("same, after dropping the generated search column", () =>
        rawRows(tx, "UPDATE ideas SET rank = rank WHERE workspace_id = $1 AND product_id = $2", [W, P]),
      );
      throw new Error("rollback");
    })
    .catch((e) => {
      if ((e as Error).message !== "rollback") throw e;
    });

  console.log("-- CSV import of 10,000 ideas into the empty second product (importIdeas, rolled back)");
  const owner = await rawRows<{ userId: string }>(
    db,
    `SELECT user_id AS "userId" FROM memberships WHERE workspace_id = $1 AND role = 'owner'`,
    [W],
  );
  const ctx = { workspaceId: W, userId: owner[0].userId, role: "owner" as const, via: "cli" as const };
  const csv = generateImportCsv(10_000, s.stakeholderEmails, 99);
  await once("dry run (parse, map, validate every row, owners)", () =>
    db.transaction((tx) => importIdeas(tx, ctx, s.importProductId, { csv, dryRun: true })),
  );
  await db
    .transaction(async (tx) => {
      const t0 = performance.now();
      let last = t0;
      const batches: number[] = [];
      await importIdeas(tx, ctx, s.importProductId, {
        csv,
        dryRun: false,
        onProgress: () => {
          const now = performance.now();
          batches.push(now - last);
          last = now;
        },
      });
      console.log(
        `${"import (dryRun false)".padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`,
      );
      console.log(
        `  first progress after ${batches[0].toFixed(0)} ms (parse + validate + batch 1); batches of 1,000: ${batches
          .slice(1)
          .map((b) => b.toFixed(0))
          .join(", ")} ms (the last includes refreshProductScores: active scores and ranks of the product)`,
      );
      throw new Error("rollback");
    })
    .catch((e) => {
      if ((e as Error).message !== "rollback") throw e;
    });
} finally {
  await database.close();
}
