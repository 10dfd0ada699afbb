import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import { type Client, createTestApp, setupOwner, type TestApp, uniqueEmail } from "../../test/app.ts";
import { type ReceivedMail, type RecordingSmtp, startRecordingSmtp } from "../../test/smtp.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { exportWorkspace } from "../transfer/transfer.service.ts";

/** A real SMTP server on 127.0.0.1 that keeps what it receives, and refuses recipients on demand. */
let refuse: string | null = null;
let smtp: RecordingSmtp;
let smtpUrl = "";
let received: ReceivedMail[] = [];

/** A port nothing listens on: the mail server is down. */
async function deadPort() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const FROM = "Baton <baton@baton.test>";
let t: TestApp;
let owner: Client;
let w: string;
beforeAll(async () => {
  smtp = await startRecordingSmtp({ refuse: () => refuse });
  smtpUrl = smtp.url;
  received = smtp.received;
  t = await createTestApp();
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const handlers = () => jobHandlersFor({ smtpUrl, mailFrom: FROM });
const run = (h = handlers()) => runDueJobs(t.database.db, t.clock, h);
const invite = (email = uniqueEmail("inv")) =>
  owner.ok("POST", `${w}/invitations`, { email, role: "stakeholder" }, 201) as Promise<{
    email: string;
    token: string;
  }>;
const outboxFor = async (to: string) => {
  const page = await owner.ok("GET", `${w}/outbox?limit=100`);
  return page.items.find((m: { to: string }) => m.to === to);
};
const deliveredTo = (to: string) => received.filter((m) => m.to.includes(to));

describe("mail over SMTP", () => {
  it("delivers an invitation with its recipient, subject and a working link, and marks it sent", async () => {
    const inv = await invite();
    expect(await outboxFor(inv.email)).toMatchObject({ sentAt: null, attempts: 0, lastError: null });
    expect(deliveredTo(inv.email)).toHaveLength(0); // nothing goes out before the job runs

    expect(await run()).toBe(1);
    const [mail] = deliveredTo(inv.email);
    expect(mail.to).toEqual([inv.email]);
    expect(mail.headers.to).toBe(inv.email);
    expect(mail.headers.from).toBe(FROM);
    expect(mail.headers.subject).toBe("You're invited to Acme on Baton");
    const link = /https?:\/\/\S+/.exec(mail.body)?.[0];
    expect(link).toBe(`http://baton.test/invite/${inv.token}`); // BATON_PUBLIC_URL's host
    const token = new URL(link!).pathname.split("/").pop();
    const preview = await t.app.inject({ url: `/api/v1/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ workspaceName: "Acme", email: inv.email });

    const row = await outboxFor(inv.email);
    expect(row).toMatchObject({ sentAt: t.clock.now().toISOString(), attempts: 1, lastError: null });
    expect(mail.headers["message-id"]).toBe(`<${row.id}@baton.test>`);
    expect(await run()).toBe(0);
    expect(deliveredTo(inv.email)).toHaveLength(1);
  });

  it("retries a refused or unreachable server with backoff, keeps the error, then delivers exactly once", async () => {
    const inv = await invite();
    // The server is down.
    const down = jobHandlersFor({ smtpUrl: `smtp://127.0.0.1:${await deadPort()}`, mailFrom: FROM });
    expect(await run(down)).toBe(1);
    expect(await outboxFor(inv.email)).toMatchObject({
      sentAt: null,
      attempts: 1,
      lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
    });
    // Not due again before the backoff (1 minute after the first failure).
    expect(await run()).toBe(0);
    t.clock.advance(61_000);
    // Up, but refusing the recipient: retried after 4 more minutes.
    refuse = "Mailbox temporarily unavailable";
    expect(await run()).toBe(1);
    expect(await outboxFor(inv.email)).toMatchObject({
      sentAt: null,
      attempts: 2,
      lastError: expect.stringContaining("Mailbox temporarily unavailable"),
    });
    expect(deliveredTo(inv.email)).toHaveLength(0);
    t.clock.advance(3 * 60_000);
    expect(await run()).toBe(0);
    refuse = null;
    t.clock.advance(61_000);
    expect(await run()).toBe(1);
    expect(deliveredTo(inv.email)).toHaveLength(1);
    expect(await outboxFor(inv.email)).toMatchObject({
      sentAt: t.clock.now().toISOString(),
      attempts: 3,
      lastError: null,
    });
    t.clock.advance(3_600_000);
    expect(await run()).toBe(0);
    expect(deliveredTo(inv.email)).toHaveLength(1);
  });

  it("two job runners racing deliver each message exactly once", async () => {
    const invs = [];
    for (let i = 0; i < 6; i++) invs.push(await invite());
    const before = received.length;
    const [a, b] = await Promise.all([run(handlers()), run(handlers())]);
    expect(a + b).toBe(6);
    expect(received.length - before).toBe(6);
    for (const inv of invs) {
      expect(deliveredTo(inv.email)).toHaveLength(1);
      expect((await outboxFor(inv.email)).sentAt).not.toBeNull();
    }
  });

  it("without SMTP_URL attempts nothing: the message stays in the outbox", async () => {
    const inv = await invite();
    const before = received.length;
    expect(await run(jobHandlersFor({ smtpUrl: undefined, mailFrom: FROM }))).toBe(1);
    expect(received.length).toBe(before);
    expect(await outboxFor(inv.email)).toMatchObject({ sentAt: null, attempts: 0, lastError: null });
    expect(await run()).toBe(0); // and is not sent later: its job is done
  });

  it("leaves pending deliveries out of a workspace export (an imported invitation's link is dead)", async () => {
    const inv = await invite();
    const doc = await exportWorkspace(t.database.db, owner.wid);
    expect(doc.outbox.find((m) => m.to === inv.email)).toMatchObject({ sentAt: null });
    expect(doc.jobs.filter((j) => j.kind === "mail")).toEqual([]);
    await run();
  });

  it("delivers a password reset to the account's address with a link that resets (last: it ends the sessions)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/request",
      payload: { email: owner.session.user.email },
    });
    expect(res.statusCode).toBe(202);
    expect(await run()).toBe(1);
    const mail = deliveredTo(owner.session.user.email).find(
      (m) => m.headers.subject === "Reset your Baton password",
    );
    const link = new URL(/https?:\/\/\S+/.exec(mail!.body)![0]);
    expect(`${link.origin}${link.pathname}`).toBe("http://baton.test/reset-password");
    const confirm = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/password-reset/confirm",
      payload: { token: link.searchParams.get("token"), newPassword: "a brand new password" },
    });
    expect(confirm.statusCode).toBe(204);
  });
});
