// Notifying approvers: POST …/roadmaps/:id/signoffs to every stakeholder of workspace A, timed until the
// bench's SMTP server has received every "Sign-off requested: …" message; then the request is cancelled and
// its 500 "Sign-off cancelled" messages drained, so the next run starts with an empty mail queue.
import type { RunningBaton } from "../lib/baton.ts";
import { loadAvg, median } from "../lib/report.ts";
import { call } from "../roadmap/measure.ts";
import type { RecordingSmtp } from "./smtp.ts";
import type { SignoffSeed } from "./types.ts";

export interface NotifyRun {
  /** POST sent → last "Sign-off requested" message received. */
  endToEndMs: number;
  /** POST sent → its 201 answer. */
  postMs: number;
  /** POST sent → first message received. */
  firstMs: number;
  loadBefore: string;
}

export interface NotifyFigures {
  pollMs: number;
  runs: NotifyRun[];
  worst: number;
  median: number;
}

const MAIL_TIMEOUT_MS = 120_000;

export async function measureNotify(
  baton: RunningBaton,
  seed: SignoffSeed,
  smtp: RecordingSmtp,
  o: { runs: number; pollMs: number },
  log: (m: string) => void,
): Promise<NotifyFigures> {
  const s = seed.notify;
  const c = { base: baton.base, token: s.token };
  const who = new Set(s.approverEmails);
  const n = s.approverIds.length;
  // The mail the seeding queued is delivered first.
  await smtp.drain(Math.max(1500, 2 * o.pollMs + 500), 60_000);
  const runs: NotifyRun[] = [];
  for (let r = 0; r < o.runs; r++) {
    const loadBefore = loadAvg();
    const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const t0 = performance.now();
    const created = await call(c, "POST", `/workspaces/${s.workspaceId}/roadmaps/${s.roadmapId}/signoffs`, {
      approvers: s.approverIds.map((userId) => ({ userId })),
      deadline,
      message: "Please review next year's roadmap.",
      overrideReason: "Items are placeholders in this benchmark",
    });
    const postMs = performance.now() - t0;
    const got = await smtp.waitFor(
      (m) => m.subject.startsWith(`Sign-off requested: ${s.roadmapName}`) && m.to.some((t) => who.has(t)),
      n,
      t0,
      MAIL_TIMEOUT_MS,
    );
    const ats = got.map((m) => m.at);
    const run: NotifyRun = {
      endToEndMs: Math.max(...ats) - t0,
      postMs,
      firstMs: Math.min(...ats) - t0,
      loadBefore,
    };
    runs.push(run);
    log(
      `  notify (poll ${o.pollMs} ms) run ${r + 1}: POST ${postMs.toFixed(0)} ms, first mail ${run.firstMs.toFixed(0)} ms, all ${n} at ${run.endToEndMs.toFixed(0)} ms`,
    );
    // Cancel (500 "Sign-off cancelled" mails) and wait for them, so the next run's mail is not queued behind.
    const t1 = performance.now();
    await call(c, "POST", `/workspaces/${s.workspaceId}/signoffs/${created.body.id}/cancel`, {
      reason: "Benchmark run over",
    });
    await smtp.waitFor((m) => m.subject.startsWith("Sign-off cancelled"), n, t1, MAIL_TIMEOUT_MS);
    await smtp.drain(Math.max(1000, o.pollMs + 500), 30_000);
  }
  const e2e = runs.map((x) => x.endToEndMs);
  return { pollMs: o.pollMs, runs, worst: Math.max(...e2e), median: median(e2e) };
}
