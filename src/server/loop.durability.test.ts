import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "./test/db.ts";
import { type RecordingSmtp, startRecordingSmtp } from "./test/smtp.ts";
import { api, apiOk, type Running, startBaton, waitFor, withScratchDatabase } from "./test/spawn.ts";

/**
 * Close-the-loop mail through the real binary and a real SMTP server on 127.0.0.1: mail queued before a crash is
 * sent once after the restart, and two instances on one PostgreSQL sending at the same time tell each person once.
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

/** An owner, a shipped idea and `n` customers with feedback linked to it (the first with two items). */
async function seed(base: string, tag: string, n: number) {
  const setup = await apiOk(`${base}/api/v1/setup`, "POST", {
    name: "Pat PM",
    email: `pm.${tag}@example.test`,
    password: "long enough pw",
    workspaceName: "Loop",
  });
  const auth = { cookie: setup.cookie, csrf: setup.json.csrfToken as string };
  const w = `${base}/api/v1/workspaces/${setup.json.workspaces[0].id}`;
  const pid = (await apiOk(`${w}/products`, "POST", { name: "Core" }, auth)).json.id;
  const idea = (await apiOk(`${w}/products/${pid}/ideas`, "POST", { title: "Offline mode" }, auth)).json;
  const emails: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = `customer${i}.${tag}@example.test`;
    emails.push(email);
    const person = (await apiOk(`${w}/people`, "POST", { name: `Customer ${i}`, email }, auth)).json;
    for (let k = 0; k < (i === 0 ? 2 : 1); k++) {
      const item = (
        await apiOk(
          `${w}/feedback`,
          "POST",
          { text: `Offline please ${k}`, author: { personId: person.id } },
          auth,
        )
      ).json;
      await apiOk(
        `${w}/feedback/${item.id}/links`,
        "POST",
        { ideaId: idea.id, importance: "important" },
        auth,
      );
    }
  }
  await apiOk(`${w}/ideas/${idea.id}`, "PATCH", { version: idea.version, status: "shipped" }, auth);
  return { w, ideaId: idea.id as string, auth, emails };
}

const message = { subject: "Shipped: {{idea}} ({{name}})", body: "Hi {{firstName}}, {{idea}} is out." };
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

describe.runIf(TEST_DB_KIND === "pglite")("close the loop across a crash", () => {
  it("mail queued before a kill -9 is sent exactly once after the restart", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "baton-loop-"));
    dirs.push(dataDir);
    // The first instance runs no jobs: its mail can only leave through the second.
    const first = await startBaton({ BATON_DATA_DIR: dataDir, BATON_JOB_POLL_MS: "0", SMTP_URL: smtp.url });
    running.push(first);
    const s = await seed(first.url, "restart", 3).catch((e) => {
      throw new Error(`${e}\n${first.output()}`);
    });
    const sent = await apiOk(`${s.w}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth);
    expect(sent.json.sent).toBe(3);
    first.proc.kill("SIGKILL");
    await first.exited;
    expect(s.emails.flatMap(mailsTo)).toEqual([]);

    const env = { BATON_DATA_DIR: dataDir, BATON_JOB_POLL_MS: "200", SMTP_URL: smtp.url };
    const second = await startBaton(env);
    running.push(second);
    await waitFor(() => s.emails.every((e) => mailsTo(e).length > 0), 20_000, "mail");
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    for (const [i, e] of s.emails.entries()) {
      const [m, ...more] = mailsTo(e);
      expect(more).toEqual([]);
      expect(m.subject).toBe(`Shipped: Offline mode (Customer ${i})`);
      expect(m.body).toContain(`Hi Customer, Offline mode is out.`);
    }
    // Sending again after the restart tells nobody.
    const w2 = s.w.replace(first.url, second.url);
    const again = await api(`${w2}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth);
    expect(again.status).toBe(409);
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe.runIf(TEST_DB_KIND === "postgres")("close the loop on two instances", () => {
  it("parallel sends on two instances sharing one PostgreSQL mail each customer exactly once", async () => {
    await withScratchDatabase("baton_loop", async (db) => {
      const env = { DATABASE_URL: db, BATON_JOB_POLL_MS: "100", SMTP_URL: smtp.url };
      const a = await startBaton(env);
      const b = await startBaton(env);
      running.push(a, b);
      const s = await seed(a.url, "twin", 6);
      const onB = s.w.replace(a.url, b.url);
      const results = await Promise.all(
        [s.w, onB, s.w, onB, s.w, onB].map((w) =>
          api(`${w}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      await waitFor(() => s.emails.every((e) => mailsTo(e).length > 0), 20_000, "mail");
      await new Promise((r) => setTimeout(r, 1500));
      for (const e of s.emails) expect(mailsTo(e)).toHaveLength(1);
      for (const r of [a, b]) {
        r.proc.kill("SIGTERM");
        expect(await r.exited).toBe(0);
      }
    });
  }, 120_000);
});
