import { type RunningBaton, startBaton } from "./lib/baton.ts";
import {
  errorRow,
  failureRecorder,
  type DbLabel as Label,
  onEachDatabase,
  pgSkipRows,
} from "./lib/databases.ts";
import {
  type BenchContext,
  type BudgetTable,
  describeMachine,
  fmtMs,
  row,
  type Section,
  verdict,
} from "./lib/report.ts";
import { type Dataset, preparePglite, preparePostgres } from "./signoff/dataset.ts";
import { measureNotify, type NotifyFigures } from "./signoff/notify.ts";
import { measureReview, type ReviewFigures } from "./signoff/review.ts";
import { startSmtp } from "./signoff/smtp.ts";

/**
 * The sign-off issue's budgets: notifying 500 approvers end to end to a real SMTP server (signoff:notify) and
 * the approver's page of a 1,000-item roadmap (signoff:review), on PGlite and on a throwaway PostgreSQL 15
 * (BENCH_SIGNOFF_DBS=pglite or postgres limits them). BENCH_SIGNOFF_QUICK=1: 1 notify run, 60 page requests;
 * BENCH_SIGNOFF_SCALE='{"approvers":100,"reviewItems":300,"changedItems":30}' seeds less;
 * BENCH_SIGNOFF_DEFAULT_POLL=0 skips the extra run with the default job poll (5 s).
 */

const BUDGET = { notifyMs: 5000, reviewP99: 100 };
const QUICK = process.env.BENCH_SIGNOFF_QUICK === "1";
const POLL_MS = 200;
const DEFAULT_POLL_MS = 5000;
const NOTIFY_RUNS = QUICK ? 1 : 3;
const REVIEW = QUICK ? { requests: 60, warmup: 10 } : { requests: 300, warmup: 30 };
const WITH_DEFAULT_POLL = process.env.BENCH_SIGNOFF_DEFAULT_POLL !== "0";

interface DbRun {
  label: Label;
  db: string;
  dataset?: Dataset;
  notify?: NotifyFigures;
  notifyDefault?: NotifyFigures;
  review?: ReviewFigures;
  errors: Record<string, string>;
}

const n = (x: number) => x.toLocaleString("en-US");

/** startBaton passes the bench's environment on: set SMTP_URL and the job poll for this one start only. */
async function startWith(env: Record<string, string>, opts: { dataDir?: string; databaseUrl?: string }) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startBaton({ ...opts, logLevel: "warn" }, 120_000);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function runOn(
  ctx: BenchContext,
  label: Label,
  db: string,
  prepare: () => Promise<Dataset>,
): Promise<DbRun> {
  const out: DbRun = { label, db, errors: {} };
  const fail = failureRecorder(ctx, `signoff/${label}`, out.errors);
  ctx.log(`${label}: seeding (bench/signoff/seed.ts)`);
  try {
    out.dataset = await prepare();
    ctx.log(`  seeded in ${out.dataset.seedSeconds.toFixed(1)} s`);
  } catch (err) {
    fail("dataset", err);
    return out;
  }
  const ds = out.dataset;
  const opts = ds.databaseUrl ? { databaseUrl: ds.databaseUrl } : { dataDir: ds.dataDir };
  const smtp = await startSmtp();
  const start = (pollMs: number) =>
    startWith({ SMTP_URL: smtp.url, BATON_JOB_POLL_MS: String(pollMs) }, opts);
  let baton: RunningBaton | null = null;
  try {
    baton = await start(POLL_MS);
    ctx.log(
      `  Baton healthy in ${(baton.startToHealthyMs / 1000).toFixed(1)} s (SMTP ${smtp.url}, poll ${POLL_MS} ms)`,
    );
    if (ctx.wants("notify")) {
      try {
        out.notify = await measureNotify(
          baton,
          ds.seed,
          smtp,
          { runs: NOTIFY_RUNS, pollMs: POLL_MS },
          ctx.log,
        );
      } catch (err) {
        fail("notify", err);
      }
    }
    if (ctx.wants("review")) {
      await smtp.drain(1000, 30_000);
      try {
        out.review = await measureReview(baton, ds.seed, REVIEW, ctx.log);
      } catch (err) {
        fail("review", err);
      }
    }
    await baton.stop().catch((err) => fail("stop", err));
    baton = null;
    if (ctx.wants("notify") && WITH_DEFAULT_POLL && out.notify) {
      baton = await start(DEFAULT_POLL_MS);
      try {
        out.notifyDefault = await measureNotify(
          baton,
          ds.seed,
          smtp,
          { runs: 1, pollMs: DEFAULT_POLL_MS },
          ctx.log,
        );
      } catch (err) {
        fail("notifyDefault", err);
      }
    }
  } catch (err) {
    fail("server", err);
  } finally {
    await baton?.stop().catch((err) => fail("stop", err));
    await smtp.close();
  }
  return out;
}

function buildTables(runs: DbRun[], pgSkip: string | null, ctx: BenchContext): BudgetTable[] {
  const tables: BudgetTable[] = [];
  const data: BudgetTable = { title: "Dataset", rows: [], notes: [] };
  for (const r of runs) {
    if (r.errors.dataset) data.rows.push(errorRow(`Seed (${r.label})`, r, "dataset"));
    if (!r.dataset) continue;
    const s = r.dataset.seed;
    data.rows.push(
      row({
        measure: `Seed (${r.label})`,
        figure: `${r.dataset.seedSeconds.toFixed(1)} s`,
        budget: "",
        status: "INFO",
        conditions: `workspace A: ${n(s.notify.approverIds.length)} stakeholders, a quarterly roadmap of ${s.notify.items} items; workspace B: ${s.review.members} members, ${s.review.teams} teams, a quarterly roadmap of ${n(s.review.items)} items over 4 quarters (efforts of 1–5 person-days on 1–3 teams), version ${s.review.baselineVersion} the approved baseline, then ${s.review.changed.moved} items moved a quarter, ${s.review.changed.effort} re-estimated, ${s.review.changed.title} renamed, and version ${s.review.version} sent to ${s.review.approvers} approvers; ${s.queuedMails} mails queued by the seeding (delivered before measuring); phases (ms): ${Object.entries(
          s.phasesMs,
        )
          .map(([k, x]) => `${k} ${x}`)
          .join(", ")}`,
      }),
    );
  }
  data.notes.push(
    'Seeding (bench/signoff/seed.ts, a child process before the server starts): the stakeholders\' users and memberships in bulk with one shared password hash (accepting 500 invitations hashes 500 passwords with scrypt); teams, products, roadmaps and API tokens through the services; items, efforts and their change records in bulk (as bench/roadmap/seed.ts); the baseline sign-off, its approval and the second sign-off through the services the routes call (createSignoff, decide); the 100 changes as direct UPDATEs with "moved"/"updated" change records and reasons.',
  );
  tables.push(data);

  const notify: BudgetTable = {
    title: "Budget: notifying 500 approvers, < 5 s end to end to the SMTP server",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    for (const k of ["notify", "notifyDefault"])
      if (r.errors[k]) notify.rows.push(errorRow(`Notify approvers (${r.label})`, r, k));
    const f = r.notify;
    if (!f || !r.dataset) continue;
    const na = r.dataset.seed.notify.approverIds.length;
    const cond = (x: NotifyFigures) =>
      `${r.db}; Baton with SMTP_URL at an SMTP server in the bench process (smtp-server on 127.0.0.1, no TLS, no auth) and BATON_JOB_POLL_MS=${x.pollMs} (the default is ${DEFAULT_POLL_MS}: up to that much polling latency before the first mail); each message is one outbox row and one "mail" job, sent on its own SMTP connection; ${na} approvers as {userId}, deadline in 3 days, reminders [48, 4], overrideReason (the items fail SMART checks); Bearer token of the owner; load avg before ${x.runs.map((y) => y.loadBefore).join("; ")}`;
    notify.rows.push(
      row({
        measure: `POST …/roadmaps/:id/signoffs → all ${na} "Sign-off requested" mails received (${r.label})`,
        figure: `worst ${fmtMs(f.worst)}, median ${fmtMs(f.median)} (n=${f.runs.length}: ${f.runs.map((x) => fmtMs(x.endToEndMs)).join(", ")}); ${n(Math.round((na * 1000) / f.median))} mails/s`,
        budget: `< ${fmtMs(BUDGET.notifyMs)} (worst run)`,
        status: verdict(f.worst < BUDGET.notifyMs && na >= 500),
        conditions: `${cond(f)}${na < 500 ? `; reduced volume (${na} approvers): not a verdict on the budget` : ""}`,
      }),
      row({
        measure: `POST …/roadmaps/:id/signoffs itself, ${na} approvers (${r.label})`,
        figure: `${f.runs.map((x) => fmtMs(x.postMs)).join(", ")}; first mail received ${f.runs.map((x) => fmtMs(x.firstMs)).join(", ")} after the POST was sent`,
        budget: "information",
        status: "INFO",
        conditions: `the request saves a version, inserts approvers, events, ${na} notifications, ${na} outbox rows and ${na} jobs in one transaction; the "mail" jobs then run one at a time on the job runner (claims of 20)`,
      }),
    );
    const d = r.notifyDefault;
    if (d)
      notify.rows.push(
        row({
          measure: `Same, with the default job poll BATON_JOB_POLL_MS=${DEFAULT_POLL_MS} (${r.label})`,
          figure: `${fmtMs(d.runs[0].endToEndMs)} (POST ${fmtMs(d.runs[0].postMs)}, first mail ${fmtMs(d.runs[0].firstMs)})`,
          budget: "information (one run; where in the poll cycle the POST lands is chance)",
          status: "INFO",
          conditions: cond(d),
        }),
      );
    notify.notes.push(
      `${r.label}: between runs the request is cancelled (POST /signoffs/:id/cancel), which mails ${na} "Sign-off cancelled" messages; the next run starts after they have all arrived.`,
    );
  }
  notify.rows.push(...pgSkipRows(pgSkip, "Notify approvers", `< ${fmtMs(BUDGET.notifyMs)}`));
  if (ctx.wants("notify")) tables.push(notify);

  const review: BudgetTable = {
    title: "Budget: the approver's page for a 1,000-item roadmap, p99 < 100 ms",
    rows: [],
    notes: [],
  };
  for (const r of runs) {
    if (r.errors.review) review.rows.push(errorRow(`Approver's page (${r.label})`, r, "review"));
    const f = r.review;
    if (!f) continue;
    const c = f.check;
    const vol = `${n(c.items)} items; diff vs the baseline: ${c.moved} moved, ${c.changed} changed, ${c.added} added, ${c.removed} removed, ${n(c.unchanged)} unchanged; ${n(c.myItems)} items on the approver's ${c.myTeams} teams, capacity effect for ${c.capacityTeams} teams; ${c.approvers} approvers; ${n(f.jsonBytes)} B of JSON`;
    const line = (x: ReviewFigures["plain"], how: string) =>
      row({
        measure: `GET …/signoffs/:id/review as the approver, ${how} (${r.label})`,
        figure: `p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, max ${x.max.toFixed(1)} ms (${x.n} requests); ${n(x.wireBytes)} B on the wire (${x.contentEncoding})`,
        budget: `p99 < ${BUDGET.reviewP99} ms`,
        status: verdict(x.p99 < BUDGET.reviewP99 && c.items >= 1000),
        conditions: `${r.db}; ${vol}; Bearer token of the approver (a team lead, contributor role); one keep-alive connection, sequential, time to the last byte, after ${f.warmup} warm-up requests; load avg before ${x.loadBefore}${c.items < 1000 ? "; reduced volume: not a verdict on the budget" : ""}`,
      });
    review.rows.push(
      line(f.gzip, "Accept-Encoding: gzip, deflate, br, zstd (as the browser asks)"),
      line(f.plain, "no Accept-Encoding"),
      row({
        measure: `First GET of the page after the server started (${r.label})`,
        figure: fmtMs(f.firstMs),
        budget: "information",
        status: "INFO",
        conditions: r.db,
      }),
    );
  }
  review.rows.push(...pgSkipRows(pgSkip, "Approver's page", `p99 < ${BUDGET.reviewP99} ms`));
  if (ctx.wants("review")) tables.push(review);
  return tables;
}

export const signoff: Section = {
  name: "signoff",
  title: "Sign-off: notifying 500 approvers, the approver's page",
  async run(ctx) {
    const { runs, pgSkip } = await onEachDatabase(ctx, "BENCH_SIGNOFF_DBS", (t) =>
      runOn(ctx, t.label, t.db, () =>
        t.pg ? preparePostgres(ctx, t.pg, `signoff_${Date.now()}`) : preparePglite(ctx),
      ),
    );
    return {
      conditions: `${describeMachine(ctx.machine)}${QUICK ? "; BENCH_SIGNOFF_QUICK=1 (shortened runs)" : ""}`,
      tables: buildTables(runs, pgSkip, ctx),
    };
  },
};
