import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_DB_KIND } from "./test/db.ts";
import { type RecordingSmtp, startRecordingSmtp } from "./test/smtp.ts";
import { type Running, startBaton } from "./test/spawn.ts";

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

type Auth = { cookie: string; csrf: string };
async function call(url: string, method = "GET", body?: unknown, auth?: Auth) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) Object.assign(headers, { cookie: auth.cookie, "x-csrf-token": auth.csrf });
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  return { status: res.status, json, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}
async function ok(url: string, method = "GET", body?: unknown, auth?: Auth) {
  const r = await call(url, method, body, auth);
  if (r.status >= 400) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}

/** An owner, a shipped idea and `n` customers with feedback linked to it (the first with two items). */
async function seed(base: string, tag: string, n: number) {
  const setup = await ok(`${base}/api/v1/setup`, "POST", {
    name: "Pat PM",
    email: `pm.${tag}@example.test`,
    password: "long enough pw",
    workspaceName: "Loop",
  });
  const auth = { cookie: setup.cookie, csrf: setup.json.csrfToken as string };
  const w = `${base}/api/v1/workspaces/${setup.json.workspaces[0].id}`;
  const pid = (await ok(`${w}/products`, "POST", { name: "Core" }, auth)).json.id;
  const idea = (await ok(`${w}/products/${pid}/ideas`, "POST", { title: "Offline mode" }, auth)).json;
  const emails: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = `customer${i}.${tag}@example.test`;
    emails.push(email);
    const person = (await ok(`${w}/people`, "POST", { name: `Customer ${i}`, email }, auth)).json;
    for (let k = 0; k < (i === 0 ? 2 : 1); k++) {
      const item = (
        await ok(
          `${w}/feedback`,
          "POST",
          { text: `Offline please ${k}`, author: { personId: person.id } },
          auth,
        )
      ).json;
      await ok(`${w}/feedback/${item.id}/links`, "POST", { ideaId: idea.id, importance: "important" }, auth);
    }
  }
  await ok(`${w}/ideas/${idea.id}`, "PATCH", { version: idea.version, status: "shipped" }, auth);
  return { w, ideaId: idea.id as string, auth, emails };
}

const message = { subject: "Shipped: {{idea}} ({{name}})", body: "Hi {{firstName}}, {{idea}} is out." };
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
async function until(cond: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting for mail");
    await new Promise((r) => setTimeout(r, 100));
  }
}

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
    const sent = await ok(`${s.w}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth);
    expect(sent.json.sent).toBe(3);
    first.proc.kill("SIGKILL");
    await first.exited;
    expect(s.emails.flatMap(mailsTo)).toEqual([]);

    const env = { BATON_DATA_DIR: dataDir, BATON_JOB_POLL_MS: "200", SMTP_URL: smtp.url };
    const second = await startBaton(env);
    running.push(second);
    await until(() => s.emails.every((e) => mailsTo(e).length > 0), 20_000);
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up
    for (const [i, e] of s.emails.entries()) {
      const [m, ...more] = mailsTo(e);
      expect(more).toEqual([]);
      expect(m.subject).toBe(`Shipped: Offline mode (Customer ${i})`);
      expect(m.body).toContain(`Hi Customer, Offline mode is out.`);
    }
    // Sending again after the restart tells nobody.
    const w2 = s.w.replace(first.url, second.url);
    const again = await call(`${w2}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth);
    expect(again.status).toBe(409);
    second.proc.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});

describe.runIf(TEST_DB_KIND === "postgres")("close the loop on two instances", () => {
  it("parallel sends on two instances sharing one PostgreSQL mail each customer exactly once", async () => {
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `baton_loop_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(process.env.TEST_DATABASE_URL as string);
    u.pathname = `/${name}`;
    try {
      const env = { DATABASE_URL: u.toString(), BATON_JOB_POLL_MS: "100", SMTP_URL: smtp.url };
      const a = await startBaton(env);
      const b = await startBaton(env);
      running.push(a, b);
      const s = await seed(a.url, "twin", 6);
      const onB = s.w.replace(a.url, b.url);
      const results = await Promise.all(
        [s.w, onB, s.w, onB, s.w, onB].map((w) =>
          call(`${w}/ideas/${s.ideaId}/loop/send`, "POST", message, s.auth),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
      await until(() => s.emails.every((e) => mailsTo(e).length > 0), 20_000);
      await new Promise((r) => setTimeout(r, 1500));
      for (const e of s.emails) expect(mailsTo(e)).toHaveLength(1);
      for (const r of [a, b]) {
        r.proc.kill("SIGTERM");
        expect(await r.exited).toBe(0);
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
  }, 120_000);
});
