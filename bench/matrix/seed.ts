// The feature-matrix dataset, built in a child process before the server starts (`node --import tsx
// bench/matrix/seed.ts`, database from BATON_DATA_DIR or DATABASE_URL; ids as JSON to $BENCH_MATRIX_SEED_OUT;
// BENCH_MATRIX_SCALE='{"rows":50}' scales it down). One product with 10 competitors linked to it (plus 2 archived and
// 3 of another product, which the matrix must leave out), 300 capability rows in 12 themes, one in three linked to an
// idea with a backlog score, our cell set on every row, and a cell for every row × competitor (has/partial/no/
// unknown, notes and sources on most, a third never verified or verified long ago: stale).
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../src/server/config.ts";
import type { WorkspaceContext } from "../../src/server/context.ts";
import { rawRows } from "../../src/server/db/hot.ts";
import { migrate } from "../../src/server/db/migrate.ts";
import { openConfiguredDatabase } from "../../src/server/db/open.ts";
import {
  capabilities,
  capabilityCells,
  competitorProducts,
  competitors,
} from "../../src/server/db/schema.competitors.ts";
import { systemClock } from "../../src/server/lib/clock.ts";
import { createUser } from "../../src/server/modules/auth/auth.service.ts";
import { insertNewIdeas } from "../../src/server/modules/ideas/ideas.service.ts";
import { seededRandom } from "../../src/server/modules/planner/planner.fixtures.ts";
import { createProduct } from "../../src/server/modules/products/products.service.ts";
import { createToken } from "../../src/server/modules/tokens/tokens.service.ts";
import { createWorkspace } from "../../src/server/modules/workspaces/workspaces.service.ts";
import { insertChunks, phaseTimer, randomTools, scaleFromEnv } from "../lib/seed.ts";

export interface MatrixScale {
  rows: number;
  competitors: number;
}
export const FULL_SCALE: MatrixScale = { rows: 300, competitors: 10 };
export interface MatrixSeed {
  token: string;
  workspaceId: string;
  productId: string;
  rows: number;
  competitors: number;
  cells: number;
  ideas: number;
  phasesMs: Record<string, number>;
}

const THEMES = [
  "Onboarding",
  "Billing",
  "Mobile",
  "Reporting",
  "Integrations",
  "Security",
  "Collaboration",
  "Search",
  "Automation",
  "Admin",
  "API",
  "Performance",
];
const THINGS = [
  "export",
  "dashboard",
  "sign-on",
  "audit trail",
  "filters",
  "reports",
  "webhooks",
  "roles",
  "sync",
];
const STATUSES = ["has", "has", "partial", "no", "no", "unknown"] as const;

async function main() {
  const scale = scaleFromEnv<MatrixScale>("BENCH_MATRIX_SCALE", FULL_SCALE);
  const { phasesMs, phase } = phaseTimer();
  const { int, pick } = randomTools(seededRandom(14));
  const database = await openConfiguredDatabase(loadConfig());
  try {
    await migrate(database);
    const db = database.db;
    phase("open+migrate");
    const owner = await createUser(db, {
      email: "owner@matrix.example",
      name: "Matrix Owner",
      password: "correct horse battery staple",
      isInstanceAdmin: true,
    });
    const ws = await db.transaction((tx) =>
      createWorkspace(tx, { userId: owner.id, via: "cli" }, { name: "Matrix Co" }),
    );
    const ctx: WorkspaceContext = { workspaceId: ws.id, userId: owner.id, role: "owner", via: "cli" };
    const wid = ws.id;
    const product = await db.transaction((tx) =>
      createProduct(tx, ctx, { name: "Baton", description: "", stage: "growth", managerId: owner.id }),
    );
    const other = await db.transaction((tx) =>
      createProduct(tx, ctx, { name: "Other", description: "", stage: "growth", managerId: owner.id }),
    );
    const token = (await createToken(db, systemClock, ctx, { name: "bench", expiresInDays: null })).token;
    const comps = await db
      .insert(competitors)
      .values(
        Array.from({ length: scale.competitors + 5 }, (_, i) => ({
          workspaceId: wid,
          name: `Rival ${String(i + 1).padStart(2, "0")}`,
          status: (i === scale.competitors || i === scale.competitors + 1
            ? "archived"
            : "active") as "active",
        })),
      )
      .returning({ id: competitors.id });
    await db.insert(competitorProducts).values(
      comps.map((c, i) => ({
        workspaceId: wid,
        competitorId: c.id,
        productId: i < scale.competitors + 2 ? product.id : other.id,
      })),
    );
    phase("workspace+competitors");
    const ideaCount = Math.ceil(scale.rows / 3);
    const ideaIds = await insertNewIdeas(
      db,
      ctx,
      product.id,
      Array.from({ length: ideaCount }, (_, i) => ({
        title: `Idea ${i + 1}: ${pick(THINGS)}`,
        description: "",
        status: "new",
        ownerId: null,
        tags: [],
        links: [],
        inputs: {},
      })),
    );
    // Backlog scores as a ranked backlog would have them (the gap view orders ties by them).
    await rawRows(
      db,
      `UPDATE idea_scores SET score = (abs(hashtext(idea_id::text)) % 1000) / 10.0 WHERE workspace_id = $1`,
      [wid],
    );
    phase("ideas");
    const now = Date.now();
    const rows = Array.from({ length: scale.rows }, (_, i) => ({
      workspaceId: wid,
      productId: product.id,
      name: `${pick(THINGS)} capability ${i + 1}`,
      theme: THEMES[i % THEMES.length],
      description: "What customers compare when they choose.",
      ideaId: i % 3 === 0 ? ideaIds[i / 3] : null,
      oursStatus: pick(STATUSES),
      oursNote: i % 2 ? "Shipped in 3.2" : "",
      oursVerifiedAt: new Date(now - int(0, 200) * 86_400_000).toISOString(),
      position: Math.floor(i / THEMES.length),
      createdBy: owner.id,
    }));
    const caps: { id: string }[] = [];
    await insertChunks(rows, async (chunk) => {
      caps.push(...(await db.insert(capabilities).values(chunk).returning({ id: capabilities.id })));
    });
    const cells = caps.flatMap((c) =>
      comps.map((k) => ({
        workspaceId: wid,
        capabilityId: c.id,
        competitorId: k.id,
        status: pick(STATUSES),
        note: int(0, 3) ? "Seen on their pricing page and docs" : "",
        sourceUrl: int(0, 3) ? "https://rival.example/features" : null,
        verifiedAt: int(0, 2) ? new Date(now - int(0, 200) * 86_400_000).toISOString() : null,
        verifiedBy: owner.id,
      })),
    );
    await insertChunks(cells, (chunk) => db.insert(capabilityCells).values(chunk));
    phase("rows+cells");
    const result: MatrixSeed = {
      token,
      workspaceId: wid,
      productId: product.id,
      rows: caps.length,
      competitors: scale.competitors,
      cells: cells.length,
      ideas: ideaIds.length,
      phasesMs,
    };
    if (process.env.BENCH_MATRIX_SEED_OUT)
      writeFileSync(process.env.BENCH_MATRIX_SEED_OUT, JSON.stringify(result));
    console.log(`SEEDED ${caps.length} rows × ${comps.length} competitors`);
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
