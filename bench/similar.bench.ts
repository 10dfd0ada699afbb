import { benchEnv, feedbackBatches, pick, postFeedback, prng, setupOwner } from "./lib/api-seed.ts";
import { startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import { describeLoad, type LoadResult, measureOneAndTen } from "./lib/load.ts";
import { makeTempDir } from "./lib/proc.ts";
import {
  type BenchContext,
  type BudgetTable,
  describeMachine,
  fmtMs,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";

/**
 * Issue 13's "similar items while typing" budget: GET /similar at 100,000 feedback items and 10,000 ideas,
 * p99 < 50 ms, on PGlite and PostgreSQL. Seeded through the API (feedback batches of 1,000, ideas by CSV import).
 * BENCH_SIMILAR_ITEMS / BENCH_SIMILAR_IDEAS scale it (e.g. 2000 / 200 while developing), BENCH_SIMILAR_DBS=pglite
 * limits the databases, BENCH_SIMILAR_QUICK=1 shortens the load runs.
 */

const env = benchEnv("BENCH_SIMILAR");
const ITEMS = env.num("ITEMS", 100_000);
const IDEAS = env.num("IDEAS", 10_000);
const P99_MS = 50;

// A small product vocabulary, so texts repeat words the way real feedback does (and queries match thousands).
const FEATURES = [
  "csv export",
  "dark mode",
  "single sign-on",
  "slack integration",
  "roadmap timeline",
  "mobile app",
  "search",
  "notifications",
  "billing page",
  "api tokens",
  "jira sync",
  "custom fields",
  "pdf report",
  "calendar feed",
  "bulk edit",
  "audit log",
  "two-factor login",
  "webhooks",
  "dashboard",
  "comments",
  "file upload",
  "gantt chart",
  "email digest",
  "time tracking",
  "kanban board",
  "saved views",
  "tags",
  "permissions",
  "offline mode",
  "import",
];
const PROBLEMS = [
  "fails on large workspaces",
  "is too slow",
  "times out",
  "is missing",
  "crashes on Safari",
  "looks broken",
  "is confusing",
  "loses my changes",
  "shows the wrong numbers",
  "needs more options",
  "would save us hours",
  "is the main reason we pay",
  "does not work with our proxy",
  "should support teams",
  "keeps logging me out",
];
const CONTEXTS = [
  "since the last update",
  "for our enterprise account",
  "on the iPad",
  "when there are many rows",
  "for customers in Europe",
  "at the end of the month",
  "in the weekly review",
  "with more than 5,000 items",
];

const sentence = (r: () => number) => `The ${pick(r, FEATURES)} ${pick(r, PROBLEMS)} ${pick(r, CONTEXTS)}.`;

/** What people type: a seeded-like sentence cut mid-word, a title-length phrase, a rephrased duplicate. */
function typedTexts(count: number): string[] {
  const r = prng(99);
  return Array.from({ length: count }, (_, i) => {
    const s = sentence(r);
    if (i % 3 === 0) return s.slice(0, Math.max(8, Math.floor(s.length * (0.4 + r() * 0.5))));
    if (i % 3 === 1) return `${pick(r, FEATURES)} ${pick(r, PROBLEMS)}`;
    return s.replace("The ", "Our ").replace(".", " again");
  });
}

interface Run {
  label: Label;
  db: string;
  seedMs?: number;
  one?: LoadResult;
  ten?: LoadResult;
  errors: Record<string, string>;
}

async function runOn(ctx: BenchContext, label: Label, db: string, databaseUrl: string | null): Promise<Run> {
  const out: Run = { label, db, errors: {} };
  const fail = failureRecorder(ctx, `similar/${label}`, out.errors);
  // A fresh PGlite takes seconds to create; on a busy shared machine, over a minute.
  const baton = await startBaton(
    databaseUrl ? { databaseUrl } : { dataDir: makeTempDir("similar") },
    180_000,
  );
  try {
    const { api, wid, token } = await setupOwner(baton.base, "Similar Co");
    const product = await api.call("POST", `/workspaces/${wid}/products`, { name: "Bench product" });
    ctx.log(`${label}: seeding ${ITEMS} feedback items and ${IDEAS} ideas through the API`);
    const t0 = performance.now();
    try {
      const r = prng(7);
      const bodies = feedbackBatches(ITEMS, () => ({
        text: `${sentence(r)} ${sentence(r)}`,
        title: r() < 0.5 ? `${pick(r, FEATURES)} ${pick(r, PROBLEMS)}` : null,
        source: "api",
      }));
      await postFeedback(api, wid, bodies);
      const lines = ["title,description"];
      for (let i = 0; i < IDEAS; i++)
        lines.push(`"${pick(r, FEATURES)} ${i}: ${pick(r, PROBLEMS)}","${sentence(r)}"`);
      await api.call("POST", `/workspaces/${wid}/products/${product.id}/ideas/import`, {
        csv: lines.join("\n"),
        dryRun: false,
      });
      out.seedMs = performance.now() - t0;
    } catch (err) {
      fail("seed", err);
      return out;
    }
    const requests = typedTexts(200).map((q) => ({
      method: "GET" as const,
      path: `/api/v1/workspaces/${wid}/similar?q=${encodeURIComponent(q)}&limit=5`,
    }));
    const settings = env.loadSettings;
    const headers = { authorization: `Bearer ${token}` };
    try {
      await measureOneAndTen(out, {
        url: baton.base,
        headers,
        requests,
        ...settings,
        serverPid: baton.child.pid,
      });
    } catch (err) {
      fail("load", err);
    }
  } finally {
    await baton.stop();
  }
  return out;
}

export const similar: Section = {
  name: "similar",
  title: "Similar items while typing (issue 13)",
  async run(ctx) {
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_SIMILAR_DBS", async (t) =>
      runOn(ctx, t.label, t.db, t.pg ? await t.pg.createDatabase("baton_similar") : null),
    );
    const table: BudgetTable = {
      title: `GET /similar at ${ITEMS.toLocaleString("en-US")} feedback items and ${IDEAS.toLocaleString("en-US")} ideas: p99 < ${P99_MS} ms`,
      rows: [],
      notes: [
        "200 typed texts in rotation (a sentence cut mid-word, a title-length phrase, a rephrased duplicate) over a vocabulary of 30 features × 15 problems × 8 contexts, so every query matches thousands of items.",
      ],
    };
    for (const r of runs) {
      if (r.errors.seed) {
        table.rows.push(errorRow(`similar items (${r.label})`, r, "seed"));
        continue;
      }
      if (r.one)
        table.rows.push(
          row({
            measure: `typing, one request at a time (${r.label})`,
            figure: `p50 ${r.one.p50} ms, p99 ${r.one.p99} ms`,
            budget: `p99 < ${P99_MS} ms`,
            status: verdict(r.one.p99 < P99_MS && r.one.errors + r.one.non2xx === 0),
            conditions: `${r.db}; ${describeLoad(r.one)}`,
          }),
        );
      if (r.ten)
        table.rows.push(
          row({
            measure: `10 people typing at once (${r.label})`,
            figure: `p50 ${r.ten.p50} ms, p99 ${r.ten.p99} ms`,
            budget: "",
            status: "INFO",
            conditions: `${r.db}; ${describeLoad(r.ten)}`,
          }),
        );
      if (r.errors.load) table.rows.push(errorRow(`similar items (${r.label})`, r, "load"));
      if (r.seedMs) table.notes.push(`${r.label}: seeding through the API took ${fmtMs(r.seedMs)}.`);
    }
    table.rows.push(...pgSkipRows(pgSkip, "similar items", `p99 < ${P99_MS} ms`));
    return { conditions: describeMachine(ctx.machine), tables: [table] };
  },
};
