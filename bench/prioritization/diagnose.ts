// Where the time goes, step by step, on a copy of the seeded dataset (not part of `npm run bench`):
//   BATON_DATA_DIR=<copy of the cached PGlite dir> BENCH_PRIO_SEED=<meta.json> node --import tsx bench/prioritization/diagnose.ts
//   DATABASE_URL=<restored database>              BENCH_PRIO_SEED=<meta.json> node --import tsx bench/prioritization/diagnose.ts
// It times the backlog's queries (the cache-miss path and a cache hit), the cast's context read, the
// recompute's steps (the same query functions and the same one-pass arithmetic as rescoreProduct, in one
// transaction that is rolled back), and the CSV import (rolled back).
import { readFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import { rawRows } from "../../src/server/db/hot.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import { getFactorSet, toScoringFactor } from "../../src/server/modules/factors/factors.service.ts";
import { importIdeas } from "../../src/server/modules/ideas/ideas.csv.ts";
import {
  countIdeas,
  selectBacklogHead,
  selectIdeaPage,
} from "../../src/server/modules/ideas/ideas.queries.ts";
import { listIdeas, listIdeasJson } from "../../src/server/modules/ideas/ideas.service.ts";
import { selectCastContext, upsertRatings } from "../../src/server/modules/rounds/rounds.queries.ts";
import {
  lockProduct,
  RANKED_STATUSES,
  selectFramework,
  selectProductScores,
  writeScores,
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
    `SELECT pg_size_pretty(pg_relation_size('ideas')) AS ideas_heap,
       pg_size_pretty(pg_relation_size('idea_scores')) AS scores_heap,
       pg_size_pretty(pg_relation_size('idea_scores_rank_idx')) AS rank_idx,
       (SELECT count(*) FROM idea_scores WHERE product_id = $1)::int AS ideas`,
    [P],
  );
  console.log("tables:", size[0]);
  const filter = { sort: "rank" } as const;
  console.log("-- backlog (GET …/ideas?limit=50): a cache miss runs the head, then the page and the count");
  await timeIt("selectBacklogHead (framework, ideas_version; every request)", 30, () =>
    selectBacklogHead(db, W, P),
  );
  await timeIt("selectIdeaPage, first page by rank", 30, () => selectIdeaPage(db, W, P, filter, 0, 50));
  await timeIt("countIdeas (total of the page)", 30, () => countIdeas(db, W, P, filter));
  await timeIt("selectIdeaPage, offset 5000", 30, () => selectIdeaPage(db, W, P, filter, 5000, 50));
  await timeIt("selectIdeaPage, offset 9950", 30, () => selectIdeaPage(db, W, P, filter, 9950, 50));
  await timeIt("selectIdeaPage, q=dash", 30, () =>
    selectIdeaPage(db, W, P, { ...filter, tsquery: "dash:*" }, 0, 50),
  );
  await timeIt("countIdeas, q=dash", 30, () => countIdeas(db, W, P, { ...filter, tsquery: "dash:*" }));
  const q0 = { sort: "rank", offset: 0, limit: 50 } as never;
  await timeIt("listIdeas (uncached: head, page and count)", 30, () => listIdeas(db, W, P, q0));
  const page = await listIdeas(db, W, P, q0);
  let off = 0;
  await timeIt("listIdeasJson, a miss each time (offsets 0, 50, …)", 60, () =>
    listIdeasJson(db, W, P, {
      sort: "rank",
      offset: (off++ % 200) * 50 + Math.floor(off / 200),
      limit: 50,
    } as never),
  );
  await timeIt("listIdeasJson, a hit (first page, cached)", 200, () => listIdeasJson(db, W, P, q0));
  // Proposal check: the same page by rank value instead of OFFSET (ranks are 1 … n for the ranked ideas). The
  // columns and joins are copied from selectIdeaPage (src/server/modules/ideas/ideas.queries.ts, ROW and FROM).
  const keyset = `SELECT i.id, i.product_id AS "productId", i.number, i.title, i.status, i.owner_id AS "ownerId",
      u.name AS "ownerName", i.tags, i.effort, s.score, s.score_weighted AS "scoreWeighted", s.score_rice AS "scoreRice",
      s.score_ice AS "scoreIce", s.score_wsjf AS "scoreWsjf", s.rank, i.pinned_rank AS "pinnedRank",
      i.pin_reason AS "pinReason", s.factor_stats AS "factorStats", s.voters, i.comment_count AS "commentCount",
      i.created_at AS "createdAt", i.updated_at AS "updatedAt"
    FROM ideas i JOIN idea_scores s ON s.workspace_id = i.workspace_id AND s.idea_id = i.id LEFT JOIN users u ON u.id = i.owner_id
    WHERE s.workspace_id = $1 AND s.product_id = $2 AND i.merged_into_id IS NULL AND s.rank > $3
    ORDER BY s.rank ASC NULLS LAST, i.number ASC LIMIT 50`;
  for (const after of [5000, 9950])
    await timeIt(`proposal: WHERE rank > ${after} instead of OFFSET ${after}`, 30, () =>
      rawRows(db, keyset, [W, P, after]),
    );
  console.log("-- the miss path's response work");
  await timeIt("IdeaPageSchema.parse (validation when the page is built)", 200, async () =>
    IdeaPageSchema.parse(page),
  );
  await timeIt(`JSON.stringify (${JSON.stringify(page).length} B)`, 200, async () => JSON.stringify(page));

  console.log(
    "-- casting a rating: the context read, the factor set, then the guarded upsert (3 statements)",
  );
  const voter = await rawRows<{ userId: string }>(
    db,
    `SELECT user_id AS "userId" FROM round_voters WHERE workspace_id = $1 AND round_id = $2 LIMIT 1`,
    [W, s.openRoundId],
  );
  await timeIt("selectCastContext (round, voter, idea in round)", 50, () =>
    selectCastContext(db, W, s.openRoundId, voter[0].userId, [s.openRoundIdeaIds[0]]),
  );
  await timeIt("  of which: count(*) of the round's ideas (ideaCount)", 50, () =>
    rawRows(db, "SELECT count(*)::int AS n FROM round_ideas WHERE workspace_id = $1 AND round_id = $2", [
      W,
      s.openRoundId,
    ]),
  );
  await timeIt("  round trip floor (SELECT 1)", 50, () => rawRows(db, "SELECT 1", []));
  await timeIt("getFactorSet (the product's factors)", 50, () => getFactorSet(db, W, P));
  // Real writes to the open round, as the cast load makes them (a random cell of this voter each time).
  let cell = 0;
  await timeIt("upsertRatings (one cell, guarded statement, autocommit)", 100, () => {
    const k = cell++;
    const json = JSON.stringify([
      {
        ideaId: s.openRoundIdeaIds[(k * 7) % s.openRoundIdeaIds.length],
        factorId: s.factorIds[k % s.factorIds.length],
        value: 1 + (k % 5),
        abstainReason: null,
      },
    ]);
    return upsertRatings(db, W, s.openRoundId, voter[0].userId, new Date().toISOString(), json);
  });

  console.log("-- recompute after a weight change (rescoreProduct's steps, rolled back)");
  await db
    .transaction(async (tx) => {
      await once("lockProduct (products row, ideas_version bump)", () => lockProduct(tx, W, P));
      const { factors } = await once("getFactorSet", () => getFactorSet(tx, W, P));
      const scoring = factors.map(toScoringFactor);
      scoring[0] = { ...scoring[0], weight: scoring[0].weight + 1 };
      const [framework, rows] = await once("selectFramework + selectProductScores (every idea)", () =>
        Promise.all([selectFramework(tx, W, P), selectProductScores(tx, W, P)]),
      );
      const t0 = performance.now();
      const next = rows.map((r) => {
        const w = weightedScore(scoring, r.factorStats as FactorResult[]).score;
        const act =
          framework === "rice"
            ? r.scoreRice
            : framework === "ice"
              ? r.scoreIce
              : framework === "wsjf"
                ? r.scoreWsjf
                : w;
        return { row: r, w, s: act };
      });
      const t1 = performance.now();
      const ranked = next
        .filter((n) => !n.row.merged && RANKED_STATUSES.includes(n.row.status))
        .sort(
          (a, b) =>
            (a.s === b.s ? 0 : a.s === null ? 1 : b.s === null ? -1 : b.s - a.s) ||
            a.row.number - b.row.number,
        )
        .map((n) => ({ id: n.row.id, pinnedRank: n.row.pinnedRank }));
      const order = rankOrder(ranked);
      const changes = [];
      for (const n of next) {
        const r = order.get(n.row.id) ?? null;
        if (n.w !== n.row.scoreWeighted || n.s !== n.row.score || r !== n.row.rank)
          changes.push({ id: n.row.id, w: n.w, s: n.s, r });
      }
      const t2 = performance.now();
      console.log(`${"weightedScore in JS".padEnd(58)} ${(t1 - t0).toFixed(1).padStart(8)} ms`);
      console.log(
        `${"sort + rankOrder + diff in JS".padEnd(58)} ${(t2 - t1).toFixed(1).padStart(8)} ms (${changes.length} of ${rows.length} rows changed)`,
      );
      const json = JSON.stringify(changes);
      await once(`writeScores (${changes.length} rows, ${(json.length / 1e6).toFixed(1)} MB JSON)`, () =>
        writeScores(tx, W, json),
      );
      await once(`same statement again (rows now unchanged in value)`, () => writeScores(tx, W, json));
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
