import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { nextDigestAt } from "./notifications.mail.ts";

let t: TestApp;
let pm: Client;
let w: string;
let ideaId: string;
const handlers = jobHandlersFor({
  smtpUrl: undefined,
  mailFrom: "baton@baton.test",
  publicUrl: "http://baton.test",
});
const run = () => runDueJobs(t.database.db, t.clock, handlers, 100);

beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  const product = await pm.ok("POST", `${w}/products`, { name: "Mobile app" }, 201);
  ideaId = (await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Offline mode" }, 201)).id;
});
afterAll(() => t.close());

type Mail = { to: string; subject: string; text: string; kind: string };
const mailTo = async (email: string): Promise<Mail[]> =>
  (await pm.ok("GET", `${w}/outbox?limit=100`)).items.filter(
    (m: Mail) => m.to === email && m.kind.startsWith("notification."),
  );
const mention = (who: Client[], body: string) =>
  pm.ok("POST", `${w}/ideas/${ideaId}/comments`, { body, mentions: who.map((c) => c.userId) }, 201);
const choose = (c: Client, preference: string) => c.ok("PUT", `${w}/me/mail-preference`, { preference });

describe("notifications by mail", () => {
  it("mails at once by default, with an absolute link through the log-in page", async () => {
    const ana = await addUser(pm, "contributor", pm.wid, "Ana Immediate");
    expect(await ana.ok("GET", `${w}/me/mail-preference`)).toEqual({ preference: "immediate" });
    await mention([ana], "What about sync conflicts?");
    await mention([ana], "And battery use?");
    const mails = await mailTo(ana.email);
    expect(mails).toHaveLength(2);
    const link = `http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/ideas/${ideaId}`)}`;
    for (const m of mails) {
      expect(m).toMatchObject({ kind: "notification.mention", subject: expect.stringMatching(/mentioned/) });
      expect(m.text).toContain(link);
    }
    // The link's `next` is the in-app path the bell follows.
    expect(decodeURIComponent(link.split("next=")[1])).toBe(`/w/${pm.wid}/ideas/${ideaId}`);
  });

  it("off: in-app only", async () => {
    const bo = await addUser(pm, "contributor", pm.wid, "Bo Off");
    expect(await choose(bo, "off")).toEqual({ preference: "off" });
    await mention([bo], "Quiet please");
    expect(await mailTo(bo.email)).toEqual([]);
    expect((await bo.ok("GET", `${w}/notifications`)).unread).toBe(1);
  });

  it("digest: nothing at once, then one mail at 07:00 UTC listing everything unread since the last", async () => {
    const cy = await addUser(pm, "contributor", pm.wid, "Cy Digest");
    await run(); // the invitation mails
    await choose(cy, "digest");
    expect(await cy.ok("GET", `${w}/me/mail-preference`)).toEqual({ preference: "digest" });
    await mention([cy], "First thing");
    await mention([cy], "Second thing");
    expect(await mailTo(cy.email)).toEqual([]);
    const at = nextDigestAt(t.clock.now());
    expect(at.getUTCHours()).toBe(7);
    expect(at.getTime()).toBeGreaterThan(t.clock.now().getTime());
    t.clock.set(new Date(at.getTime() - 60_000));
    await run();
    expect(await mailTo(cy.email)).toEqual([]);
    t.clock.set(at);
    await run();
    const [digest, ...rest] = await mailTo(cy.email);
    expect(rest).toEqual([]);
    expect(digest.kind).toBe("notification.digest");
    expect(digest.subject).toMatch(/2 new notifications/);
    expect(digest.text).toContain("First thing");
    expect(digest.text).toContain("Second thing");
    expect(digest.text).toContain(
      `http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/ideas/${ideaId}`)}`,
    );

    // The next day: only what is new; a day with nothing new sends nothing.
    await mention([cy], "Third thing");
    const next = nextDigestAt(t.clock.now());
    t.clock.set(next);
    await run();
    const mails = await mailTo(cy.email);
    expect(mails).toHaveLength(2);
    const latest = mails.find((m) => m !== digest && m.text !== digest.text) as Mail;
    expect(latest.subject).toMatch(/1 new notification$/);
    expect(latest.text).toContain("Third thing");
    expect(latest.text).not.toContain("First thing");
    t.clock.set(nextDigestAt(t.clock.now()));
    await run();
    expect(await mailTo(cy.email)).toHaveLength(2);
  });

  it("the preference is per workspace member, and only the member's own", async () => {
    const bad = await pm.request("PUT", `${w}/me/mail-preference`, { preference: "hourly" });
    expect(bad.statusCode).toBe(400);
    expect(await pm.ok("GET", `${w}/me/mail-preference`)).toEqual({ preference: "immediate" });
  });
});
