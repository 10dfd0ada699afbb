// The prioritization dataset, built by the server's own services (run as a child process:
// `node --import tsx bench/prioritization/seed.ts`, database from BATON_DATA_DIR or DATABASE_URL).
//
// Users, the workspace (with its 4 default factors), the product, 10,000 ideas, the rounds, their voters and
// the API tokens go through the services (createUser, createWorkspace, addMember, createProduct,
// insertNewIdeas, createRound, createToken). Only the ratings are written in bulk (one INSERT … SELECT per
// round), with round_voters.done set to each voter's count of ratings, exactly what castRatings would leave.
// Each round is then closed through closeRound (in a transaction, as POST …/close does), so the ideas'
// idea_scores rows (written by insertNewIdeas with each idea) carry factor stats, scores and ranks; a
// rolled-back re-score checks they are what the services would compute again. The ids and tokens are
// written as JSON to $BENCH_PRIO_SEED_OUT.
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import type { WorkspaceContext } from "../../src/server/context.ts";
import { rawRows } from "../../src/server/db/hot.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import { systemClock } from "../../src/server/lib/clock.ts";
import { createUser } from "../../src/server/modules/auth/auth.service.ts";
import { getFactorSet } from "../../src/server/modules/factors/factors.service.ts";
import { insertNewIdeas } from "../../src/server/modules/ideas/ideas.service.ts";
import { addMember } from "../../src/server/modules/members/members.service.ts";
import { createProduct } from "../../src/server/modules/products/products.service.ts";
import { closeRound, createRound } from "../../src/server/modules/rounds/rounds.service.ts";
import { recomputeWeighted } from "../../src/server/modules/scoring/scoring.service.ts";
import { createToken } from "../../src/server/modules/tokens/tokens.service.ts";
import { createWorkspace } from "../../src/server/modules/workspaces/workspaces.service.ts";
import { phaseTimer, scaleFromEnv } from "../lib/seed.ts";
import { generateIdeas, prng } from "./data.ts";
import { FULL_SCALE, type SeedResult, type SeedScale } from "./types.ts";

const PASSWORD = "correct horse battery staple";
/** Share of cells a voter abstains on ("not my area"), in percent. */
const ABSTAIN_PCT = 4;

/**
 * Every voter × idea × active factor of a round, as a voter would rate them: an idea-level tendency plus
 * per-voter noise, values 1–5, about 4 % abstentions (with a reason). `keep` thins the cells (open round).
 */
const RATINGS_SQL = (keep: string) => `
  INSERT INTO ratings (workspace_id, round_id, voter_id, idea_id, factor_id, value, abstain_reason, updated_at)
  SELECT $1, $2, v.user_id, ri.idea_id, f.id,
    CASE WHEN h.a < ${ABSTAIN_PCT} THEN NULL
      ELSE least(5, greatest(1, 1 + abs(hashtext(ri.idea_id::text || f.id::text)) % 5 + h.b % 3 - 1)) END,
    CASE WHEN h.a < ${ABSTAIN_PCT} THEN 'Not my area' END,
    now() - make_interval(secs => h.b % 86400)
  FROM round_ideas ri
  JOIN round_voters v ON v.workspace_id = ri.workspace_id AND v.round_id = ri.round_id
  JOIN factors f ON f.workspace_id = ri.workspace_id AND f.product_id IS NULL AND f.archived_at IS NULL
  CROSS JOIN LATERAL (SELECT abs(hashtext(v.user_id::text || ri.idea_id::text || f.id::text)) % 100 AS a,
    abs(hashtext(f.id::text || v.user_id::text || ri.idea_id::text)) AS b) h
  WHERE ri.workspace_id = $1 AND ri.round_id = $2 AND ${keep}`;

/** What castRatings leaves behind: each voter's done counter is the number of cells they rated or abstained on. */
const DONE_SQL = `
  UPDATE round_voters v SET done = (SELECT count(*) FROM ratings r WHERE r.workspace_id = v.workspace_id
    AND r.round_id = v.round_id AND r.voter_id = v.user_id)
  WHERE v.workspace_id = $1 AND v.round_id = $2`;

async function main() {
  const scale = scaleFromEnv<SeedScale>("BENCH_PRIO_SCALE", FULL_SCALE);
  const { phasesMs, phase } = phaseTimer();

  const database = await openConfiguredDatabase(loadConfig());
  try {
    await migrate(database);
    const db = database.db;
    phase("open+migrate");

    const owner = await createUser(db, {
      email: "owner@bench.example",
      name: "Bench Owner",
      password: PASSWORD,
      isInstanceAdmin: true,
    });
    const ws = await db.transaction((tx) =>
      createWorkspace(tx, { userId: owner.id, via: "cli" }, { name: "Acme Products" }),
    );
    const ownerCtx: WorkspaceContext = { workspaceId: ws.id, userId: owner.id, role: "owner", via: "cli" };
    const stakeholders: { id: string; email: string }[] = [];
    for (let i = 0; i < scale.stakeholders; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, scale.stakeholders - i) }, (_, k) =>
          createUser(db, {
            email: `stakeholder${i + k}@bench.example`,
            name: `Stakeholder ${String(i + k).padStart(2, "0")}`,
            password: PASSWORD,
          }),
        ),
      );
      for (const u of batch) {
        await addMember(db, ws.id, ownerCtx, u.id, "stakeholder");
        stakeholders.push({ id: u.id, email: u.email });
      }
    }
    phase("users");

    const product = await db.transaction((tx) =>
      createProduct(tx, ownerCtx, {
        name: "Customer Portal",
        description: "The self-service portal customers use to manage accounts, billing and support.",
        stage: "growth",
        managerId: owner.id,
      }),
    );
    const importProduct = await db.transaction((tx) =>
      createProduct(tx, ownerCtx, {
        name: "Imported Backlog",
        description: "Ideas brought over from the previous tool by CSV import.",
        stage: "development",
        managerId: owner.id,
      }),
    );
    const rnd = prng(42);
    const ideaIds = await db.transaction((tx) =>
      insertNewIdeas(
        tx,
        ownerCtx,
        product.id,
        generateIdeas(scale.ideas, 7).map((g) => ({
          ...g,
          status: (["new", "new", "under_review", "planned", "in_progress"] as const)[Math.floor(rnd() * 5)],
          ownerId: rnd() < 0.6 ? stakeholders[Math.floor(rnd() * stakeholders.length)].id : null,
          links: [],
        })),
      ),
    );
    phase("ideas");

    const ownerToken = (
      await createToken(db, systemClock, ownerCtx, { name: "bench owner", expiresInDays: null })
    ).token;
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const votersOf = (r: number) =>
      Array.from(
        { length: scale.votersPerRound },
        (_, k) => stakeholders[(r * 5 + k) % stakeholders.length].id,
      );
    let ratings = 0;
    const closeMs: number[] = [];
    for (let r = 0; r < scale.closedRounds; r++) {
      const ids = ideaIds.slice(r * scale.ideasPerRound, (r + 1) * scale.ideasPerRound);
      const round = await db.transaction((tx) =>
        createRound(
          tx,
          ownerCtx,
          {
            productId: product.id,
            name: `Scoring round ${r + 1}`,
            description: "Quarterly stakeholder scoring.",
            ideaIds: ids,
            voterIds: votersOf(r),
            teamIds: [],
            deadline,
            showOthers: r % 2 === 0,
          },
          systemClock,
          null,
        ),
      );
      await db.transaction(async (tx) => {
        await rawRows(tx, RATINGS_SQL("true"), [ws.id, round.id]);
        await rawRows(tx, DONE_SQL, [ws.id, round.id]);
      });
      const c0 = performance.now();
      await db.transaction((tx) => closeRound(tx, ownerCtx, round.id, "manual", null));
      closeMs.push(performance.now() - c0);
    }
    ratings = (
      await rawRows<{ n: number }>(db, "SELECT count(*)::int AS n FROM ratings WHERE workspace_id = $1", [
        ws.id,
      ])
    )[0].n;
    phase("closed rounds (create, bulk ratings, closeRound)");
    phasesMs.closeRoundAvg = Math.round(closeMs.reduce((a, b) => a + b, 0) / Math.max(1, closeMs.length));

    // The open round of budget 2: the top of the backlog again, re-scored by 25 voters, about half rated so far.
    const openIdeas = (
      await rawRows<{ id: string }>(
        db,
        `SELECT idea_id AS id FROM idea_scores WHERE workspace_id = $1 AND product_id = $2 AND rank IS NOT NULL
         ORDER BY rank LIMIT $3`,
        [ws.id, product.id, scale.ideasPerRound],
      )
    ).map((r) => r.id);
    const openVoters = stakeholders.slice(0, scale.votersPerRound);
    const open = await db.transaction((tx) =>
      createRound(
        tx,
        ownerCtx,
        {
          productId: product.id,
          name: "Open scoring round",
          description: "Re-scoring the top of the backlog.",
          ideaIds: openIdeas,
          voterIds: openVoters.map((v) => v.id),
          teamIds: [],
          deadline,
          showOthers: false,
        },
        systemClock,
        null,
      ),
    );
    await db.transaction(async (tx) => {
      await rawRows(tx, RATINGS_SQL("h.b % 2 = 0"), [ws.id, open.id]);
      await rawRows(tx, DONE_SQL, [ws.id, open.id]);
    });
    const openRoundRatings = (
      await rawRows<{ n: number }>(db, "SELECT count(*)::int AS n FROM ratings WHERE round_id = $1", [
        open.id,
      ])
    )[0].n;
    const voterTokens: string[] = [];
    for (const v of openVoters) {
      const ctx: WorkspaceContext = { workspaceId: ws.id, userId: v.id, role: "stakeholder", via: "cli" };
      voterTokens.push(
        (await createToken(db, systemClock, ctx, { name: "bench voter", expiresInDays: null })).token,
      );
    }
    phase("open round + tokens");

    // Consistency: every voter's counter equals their ratings (as castRatings maintains it).
    const bad = await rawRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM round_voters v WHERE v.workspace_id = $1 AND v.done <> (SELECT count(*)
         FROM ratings r WHERE r.workspace_id = v.workspace_id AND r.round_id = v.round_id AND r.voter_id = v.user_id)`,
      [ws.id],
    );
    if (bad[0].n) throw new Error(`${bad[0].n} round_voters rows have done ≠ their ratings`);
    // Every idea has its idea_scores row (insertNewIdeas writes it with the idea).
    const noScores = await rawRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM ideas i WHERE i.workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM idea_scores s
         WHERE s.workspace_id = i.workspace_id AND s.idea_id = i.id AND s.product_id = i.product_id)`,
      [ws.id],
    );
    if (noScores[0].n) throw new Error(`${noScores[0].n} ideas have no idea_scores row`);
    const unranked = await rawRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM idea_scores WHERE workspace_id = $1 AND product_id = $2 AND scored_round_id IS NULL`,
      [ws.id, product.id],
    );
    if (unranked[0].n && scale.closedRounds * scale.ideasPerRound >= scale.ideas)
      throw new Error(`${unranked[0].n} ideas have no scored round`);
    // What the services left is what they would compute again: a full re-score from the stored stats (as
    // PUT /factors runs it, rolled back) changes no weighted score, active score or rank.
    const snapshot = `SELECT coalesce(md5(string_agg(idea_id::text || ':' || coalesce(score_weighted::text, '-') || ':'
        || coalesce(score::text, '-') || ':' || coalesce(rank::text, '-'), ',' ORDER BY idea_id)), '')::text AS h
      FROM idea_scores WHERE workspace_id = $1`;
    const before = (await rawRows<{ h: string }>(db, snapshot, [ws.id]))[0].h;
    await db
      .transaction(async (tx) => {
        await recomputeWeighted(tx, ws.id, [product.id, importProduct.id]);
        const after = (await rawRows<{ h: string }>(tx, snapshot, [ws.id]))[0].h;
        if (after !== before) throw new Error("a re-score changes the seeded scores or ranks");
        throw new Error("rollback");
      })
      .catch((e) => {
        if ((e as Error).message !== "rollback") throw e;
      });
    // On PostgreSQL autovacuum would clean up and analyse within a minute; do it now so runs are comparable.
    if (database.kind === "postgres") await rawRows(db, "VACUUM ANALYZE", []);
    phase("checks");

    const factorIds = (await getFactorSet(db, ws.id, product.id)).factors.map((f) => f.id);
    const result: SeedResult = {
      workspaceId: ws.id,
      productId: product.id,
      importProductId: importProduct.id,
      ownerToken,
      openRoundId: open.id,
      openRoundIdeaIds: openIdeas,
      voterTokens,
      factorIds,
      stakeholderEmails: stakeholders.map((s) => s.email),
      counts: {
        ideas: ideaIds.length,
        ratings,
        closedRounds: scale.closedRounds,
        openRoundRatings,
        members: stakeholders.length + 1,
      },
      phasesMs,
    };
    // The result (ids, tokens) goes to a file: it is too long for a line of captured output.
    if (process.env.BENCH_PRIO_SEED_OUT)
      writeFileSync(process.env.BENCH_PRIO_SEED_OUT, JSON.stringify(result));
    console.log(`SEEDED ${result.counts.ideas} ideas, ${result.counts.ratings} ratings`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
