import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "./test/db.ts";
import { type RecordingSmtp, startRecordingSmtp } from "./test/smtp.ts";
import { type ApiAuth, apiOk, type Running, startBaton, waitFor, withScratchDatabase } from "./test/spawn.ts";

/**
 * Sign-off mail through the real binary and a real SMTP server on 127.0.0.1: reminders survive a crash
 * (each sent exactly once after the restart), and two instances on one PostgreSQL never send one twice.
 */
let smtp: RecordingSmtp;
const running: Running[] = [];
const dirs: string[] = [];
beforeAll(async () => {
  smtp = await startRecordingSmtp();
});
afterAll(async () => {
  for (const r of running) r.proc.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await smtp.close();
});

const session = (r: { json: { csrfToken: string }; cookie: string }) => ({
  cookie: r.cookie,
  csrf: r.json.csrfToken,
});

/** An owner, `n` approvers who accepted their invitations, and a one-item roadmap. */
async function seed(base: string, tag: string, n: number) {
  const setup = await apiOk(`${base}/api/v1/setup`, "POST", {
    name: "Pat PM",
    email: `pm.${tag}@example.test`,
    password: "long enough pw",
    workspaceName: "Sign-off",
  });
  const pm = session(setup);
  const wid = setup.json.workspaces[0].id as string;
  const w = `${base}/api/v1/workspaces/${wid}`;
  const approvers: { id: string; email: string; auth: ApiAuth }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `approver${i}.${tag}@example.test`;
    const inv = await apiOk(`${w}/invitations`, "POST", { email, role: "stakeholder" }, pm);
    const acc = await apiOk(`${base}/api/v1/invitations/accept`, "POST", {
      token: inv.json.token,
      name: `Approver ${i}`,
      password: "long enough pw",
    });
    approvers.push({ id: acc.json.user.id, email, auth: session(acc) });
  }
  const product = await apiOk(`${w}/products`, "POST", { name: "App" }, pm);
  const roadmap = await apiOk(
    `${w}/roadmaps`,
    "POST",
    { productId: product.json.id, name: "Plan", periodKind: "quarter", startMonth: "2027-01", horizon: 4 },
    pm,
  );
  await apiOk(`${w}/roadmaps/${roadmap.json.id}/items`, "POST", { title: "Thing", period: "2027-01" }, pm);
  return { pm, wid, w, approvers, roadmapId: roadmap.json.id as string };
}

/** A request whose one reminder (1 hour before the deadline) falls due in `inMs`. */
const request = (s: Awaited<ReturnType<typeof seed>>, inMs: number) =>
  apiOk(
    `${s.w}/roadmaps/${s.roadmapId}/signoffs`,
    "POST",
    {
      approvers: s.approvers.map((a) => ({ userId: a.id })),
      deadline: new Date(Date.now() + 3_600_000 + inMs).toISOString(),
      reminders: [1],
      overrideReason: "Test",
    },
    s.pm,
  );

const mailsTo = (email: string, subject: RegExp) =>
  smtp.received.filter((m) => m.to.includes(email) && subject.test(m.subject));

describe.runIf(TEST_DB_KIND === "pglite")("sign-off reminders through the real binary", () => {
  it("a reminder due while Baton was down is sent once when it is back, with a link that works", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-signoff-"));
    dirs.push(dataDir);
    const env = { BATON_DATA_DIR: dataDir, BATON_JOB_POLL_MS: "200", SMTP_URL: smtp.url };
    const first = await startBaton(env);
    running.push(first);
    const s = await seed(first.url, "restart", 2);
    const signoff = await request(s, 4000);
    first.proc.kill("SIGKILL");
    await first.exited;
    await new Promise((r) => setTimeout(r, 4500));
    const second = await startBaton(env);
    running.push(second);
    const reminder = /^Reminder: sign-off of Plan due in 1 hour$/;
    await waitFor(() => s.approvers.every((a) => mailsTo(a.email, reminder).length > 0), 20_000, "reminders");
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    for (const a of s.approvers) {
      const [m, ...more] = mailsTo(a.email, reminder);
      expect(more).toEqual([]);
      const link = /(http:\/\/\S+\/login\?next=(\S+))/.exec(m.body);
      expect(link?.[1].startsWith(`${second.url.replace(/:\d+$/, "")}:`)).toBe(true);
      const next = decodeURIComponent(link?.[2] ?? "");
      expect(next).toBe(`/w/${s.wid}/signoffs/${signoff.json.id}`);
      // The page behind the link answers the approver: the request with their pending decision.
      const page = await apiOk(
        `${second.url}/api/v1/workspaces/${s.wid}/signoffs/${signoff.json.id}`,
        "GET",
        undefined,
        a.auth,
      );
      expect(page.json).toMatchObject({ status: "open", myDecision: "pending", amApprover: true });
    }
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe.runIf(TEST_DB_KIND === "postgres")("sign-off reminders on two instances", () => {
  it("two instances on one PostgreSQL send each request and reminder mail exactly once", async () => {
    await withScratchDatabase("baton_signoff", async (db) => {
      const env = { DATABASE_URL: db, BATON_JOB_POLL_MS: "100", SMTP_URL: smtp.url };
      const a = await startBaton(env);
      const b = await startBaton(env);
      running.push(a, b);
      const s = await seed(a.url, "twin", 8);
      await request(s, 3000);
      const reminder = /^Reminder: sign-off of Plan due in 1 hour$/;
      await waitFor(
        () => s.approvers.every((x) => mailsTo(x.email, reminder).length > 0),
        20_000,
        "reminders",
      );
      await new Promise((r) => setTimeout(r, 1500));
      for (const x of s.approvers) {
        expect(mailsTo(x.email, /^Sign-off requested: Plan \(version 1\)$/)).toHaveLength(1);
        expect(mailsTo(x.email, reminder)).toHaveLength(1);
      }
      for (const r of [a, b]) {
        r.proc.kill("SIGTERM");
        expect(await r.exited).toBe(0);
      }
    });
  }, 120_000);
});
