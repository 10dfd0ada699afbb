import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { type ReceivedMail, type RecordingSmtp, startRecordingSmtp } from "../../test/smtp.ts";
import type { JobRow } from "../jobs/jobs.queries.ts";
import { runDueJobs, scheduleJobs } from "../jobs/jobs.service.ts";
import { DIGEST_JOB, localMorning, nextDigest } from "../notifications/notifications.mail.ts";
import { insertChanges, insertCompetitor, insertMonitor, insertWatchers } from "./changes.fixture.ts";
import { notifyNewChanges } from "./changes.notify.ts";

/**
 * The daily digest of competitor changes and the immediate notification of high-importance ones, delivered to
 * a real SMTP server on 127.0.0.1 (changes inserted straight into the tables, not by the check engine).
 */
let smtp: RecordingSmtp;
let t: TestApp;
let pm: Client;
let w: string;
let ana: Client & { email: string }; // watches Rival and Other; mail at once (the default)
let bo: Client & { email: string }; // watches Rival; mail off
let cy: Client & { email: string }; // watches Other; digest, in New York
let dee: Client & { email: string }; // watches nothing
let eve: Client & { email: string }; // watches Quiet, whose changes are noise or below the threshold
const ids: Record<string, string> = {};
const FROM = "Baton <baton@baton.test>";
const handlers = () => jobHandlersFor({ smtpUrl: smtp.url, mailFrom: FROM, publicUrl: "http://baton.test" });
/** Runs due jobs until none is left (a digest queues its mail, which the next round delivers). */
const run = async () => {
  while ((await runDueJobs(t.database.db, t.clock, handlers(), 200)) > 0) {}
};
/** Mail received since the fixture was set up (not the invitations). */
let baseline = 0;
const START = new Date("2027-03-10T12:00:00Z");
const mailsTo = (who: { email: string }, subject?: RegExp): ReceivedMail[] =>
  smtp.received
    .slice(baseline)
    .filter((m) => m.to.includes(who.email) && (!subject || subject.test(m.subject)));
const DIGEST = /Baton digest/;
const minutesAfterStart = (n: number) => new Date(START.getTime() + n * 60_000).toISOString();

beforeAll(async () => {
  smtp = await startRecordingSmtp();
  t = await createTestApp();
  t.clock.set(START);
  pm = await setupOwner(t.app, "Acme");
  w = `/api/v1/workspaces/${pm.wid}`;
  ana = await addUser(pm, "product_manager", pm.wid, "Ana Immediate");
  bo = await addUser(pm, "viewer", pm.wid, "Bo Off");
  cy = await addUser(pm, "contributor", pm.wid, "Cy Digest");
  dee = await addUser(pm, "viewer", pm.wid, "Dee Nobody");
  eve = await addUser(pm, "viewer", pm.wid, "Eve Quiet");
  await bo.ok("PUT", `${w}/me/mail-preference`, { preference: "off" });
  await cy.ok("PUT", `${w}/me/mail-preference`, { preference: "digest" });
  await cy.ok("PATCH", "/api/v1/me", { timezone: "America/New_York" });
  await run(); // the invitation mails
  baseline = smtp.received.length;
  const db = t.database.db;
  ids.rival = await insertCompetitor(db, pm.wid, "Rival");
  ids.other = await insertCompetitor(db, pm.wid, "Other Co");
  ids.quiet = await insertCompetitor(db, pm.wid, "Quiet Inc");
  ids.rivalPricing = await insertMonitor(db, pm.wid, ids.rival, { name: "Rival pricing" });
  ids.rivalBlog = await insertMonitor(db, pm.wid, ids.rival, {
    name: "Rival blog",
    kind: "feed",
    config: {},
  });
  ids.otherHome = await insertMonitor(db, pm.wid, ids.other, { name: "Other home" });
  ids.quietHome = await insertMonitor(db, pm.wid, ids.quiet, { name: "Quiet home" });
  await insertWatchers(db, pm.wid, ids.rival, [ana.userId, bo.userId]);
  await insertWatchers(db, pm.wid, ids.other, [ana.userId, cy.userId]);
  await insertWatchers(db, pm.wid, ids.quiet, [eve.userId]);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Inserts changes and tells the hook, as the check engine does in its transaction. */
async function detect(competitorId: string, monitorId: string, changes: Parameters<typeof insertChanges>[4]) {
  return t.database.db.transaction(async (tx) => {
    const changeIds = await insertChanges(tx, pm.wid, competitorId, monitorId, changes);
    await notifyNewChanges(tx, pm.wid, changeIds, { clock: t.clock, publicUrl: "http://baton.test" });
    return changeIds;
  });
}

describe("high-importance changes", () => {
  it("notify the competitor's watchers at once: in-app, and by mail per their preference", async () => {
    [ids.high] = await detect(ids.rival, ids.rivalPricing, [
      {
        detectedAt: minutesAfterStart(10),
        category: "pricing",
        importance: "high",
        summary: "Pro: $49 → $59",
        diff: [
          [0, "Pro plan"],
          [-1, "$49"],
          [1, "$59"],
          [0, "per month"],
        ],
      },
    ]);
    await run();
    const [mail, ...rest] = mailsTo(ana, /Rival/);
    expect(rest).toEqual([]);
    expect(mail.subject).toBe("Rival: pricing change on Rival pricing");
    expect(mail.body).toContain("Pro: $49 → $59");
    expect(mail.body).toContain(
      `http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/changes/${ids.high}`)}`,
    );
    expect(mailsTo(bo)).toEqual([]); // off: in-app only
    const bell = await bo.ok("GET", `${w}/notifications`);
    expect(bell.items).toEqual([
      expect.objectContaining({ kind: "competitor.change", link: `/changes/${ids.high}` }),
    ]);
    // Not watching Rival: nothing.
    expect((await cy.ok("GET", `${w}/notifications`)).items).toEqual([]);
    expect((await dee.ok("GET", `${w}/notifications`)).items).toEqual([]);
  });

  it("normal, noise and unreported changes notify no one at once", async () => {
    const before = smtp.received.length;
    await detect(ids.rival, ids.rivalBlog, [
      { detectedAt: minutesAfterStart(20), category: "product", summary: "New post: SSO for everyone" },
      { detectedAt: minutesAfterStart(21), importance: "low", summary: "Footer year" },
    ]);
    await detect(ids.other, ids.otherHome, [
      {
        detectedAt: minutesAfterStart(30),
        category: "messaging",
        summary: "New tagline",
        diff: [
          [0, "The"],
          [-1, "fastest"],
          [1, "<script>alert(1)</script> friendliest"],
          [0, "tracker for teams"],
        ],
      },
    ]);
    await detect(ids.quiet, ids.quietHome, [
      { detectedAt: minutesAfterStart(40), importance: "high", state: "noise", summary: "Counter" },
      { detectedAt: minutesAfterStart(41), importance: "high", reported: false, summary: "Tiny" },
    ]);
    await run();
    expect(smtp.received.length).toBe(before);
    expect((await eve.ok("GET", `${w}/notifications`)).items).toEqual([]);
  });
});

describe("the daily digest", () => {
  it("arrives once at the member's local morning, grouped by competitor, most important first, with excerpts", async () => {
    const morning = localMorning("2027-03-11", "UTC");
    expect(morning.toISOString()).toBe("2027-03-11T07:00:00.000Z");
    t.clock.set(new Date(morning.getTime() - 60_000));
    await run();
    expect(mailsTo(ana, DIGEST)).toEqual([]);
    t.clock.set(morning);
    await run();
    const [digest, ...more] = mailsTo(ana, DIGEST);
    expect(more).toEqual([]);
    expect(digest.subject).toBe("Baton digest for Acme: 4 competitor changes");
    // Text and HTML (multipart/alternative; the HTML part is checked in digest.html.test.ts): the text as before.
    expect(digest.headers["content-type"]).toMatch(/^multipart\/alternative/);
    const body = digest.body;
    // Rival (it has the high change) before Other Co; within Rival: high, normal, low.
    const order = [
      "■ Rival — 3 changes (1 high)",
      "[High · Pricing] Rival pricing",
      "[Normal · Product / feature] Rival blog",
      "[Low · Other] Rival blog",
      "■ Other Co — 1 change",
    ];
    const positions = order.map((s) => body.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      body,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain("− …Pro plan [$49] per month…");
    expect(body).toContain("+ …Pro plan [$59] per month…");
    // What a page says stays text: a plain-text mail, the markup verbatim and inert.
    expect(body).toContain("+ …The [<script>alert(1)</script> friendliest] tracker for teams…");
    expect(body).not.toContain("Quiet");
    expect(body).toContain(
      `http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/changes/${ids.high}`)}`,
    );
    // In-app too, for everyone who watches something that changed; mail off: in-app only.
    const anaBell = (await ana.ok("GET", `${w}/notifications`)).items;
    expect(anaBell.filter((n: { kind: string }) => n.kind === "digest.competitors")).toEqual([
      expect.objectContaining({ title: "Competitor digest: 4 changes at Rival, Other Co" }),
    ]);
    expect(mailsTo(bo)).toEqual([]);
    const boBell = (await bo.ok("GET", `${w}/notifications`)).items;
    expect(boBell.filter((n: { kind: string }) => n.kind === "digest.competitors")).toEqual([
      expect.objectContaining({ title: "Competitor digest: 3 changes at Rival" }),
    ]);
    // Nothing for someone who watches nothing, or whose changes are all noise or below the threshold.
    for (const who of [dee, eve]) {
      expect(mailsTo(who)).toEqual([]);
      expect((await who.ok("GET", `${w}/notifications`)).items).toEqual([]);
    }
    // New York's morning is later: Cy's digest has not gone yet.
    expect(mailsTo(cy)).toEqual([]);
  });

  it("goes out at most once a day: parallel runs and a job re-armed for the same day send nothing more", async () => {
    const day = "2027-03-11";
    const key = `digest:${pm.wid}:${ana.userId}:${day}`;
    const job: JobRow = {
      id: "",
      workspaceId: pm.wid,
      kind: DIGEST_JOB,
      key,
      payload: { userId: ana.userId, day },
      attempts: 1,
    };
    const handler = handlers()[DIGEST_JOB];
    const db = t.database.db;
    // Two runners at once (two instances): the day's claim lets only one through, and it already went.
    await Promise.all([0, 1].map(() => db.transaction((tx) => handler(tx, job, t.clock))));
    // An instance whose clock lags re-arms the day's job.
    await scheduleJobs(db, [
      {
        workspaceId: pm.wid,
        kind: DIGEST_JOB,
        key,
        runAt: t.clock.now().toISOString(),
        payload: { userId: ana.userId, day },
      },
    ]);
    await Promise.all([run(), run()]);
    await run();
    expect(mailsTo(ana, DIGEST)).toHaveLength(1);
    const bell = (await ana.ok("GET", `${w}/notifications`)).items;
    expect(bell.filter((n: { kind: string }) => n.kind === "digest.competitors")).toHaveLength(1);
  });

  it("a member's digest waits for their own local morning (New York: 12:00 UTC before DST)", async () => {
    const ny = nextDigest(t.clock.now(), "America/New_York");
    expect(ny).toEqual({ day: "2027-03-11", at: new Date("2027-03-11T12:00:00.000Z") });
    t.clock.set(ny.at);
    await run();
    const [digest, ...more] = mailsTo(cy, DIGEST);
    expect(more).toEqual([]);
    expect(digest.subject).toBe("Baton digest for Acme: 1 competitor change");
    expect(digest.body).toContain("■ Other Co — 1 change");
    expect(digest.body).not.toContain("Rival");
  });

  it("sends nothing on a day without changes, and the next day's digest holds only that day's", async () => {
    t.clock.set(new Date("2027-03-12T07:00:00Z"));
    await run();
    expect(mailsTo(ana, DIGEST)).toHaveLength(1);
    t.clock.set(new Date("2027-03-12T09:00:00Z"));
    await detect(ids.other, ids.otherHome, [
      { detectedAt: "2027-03-12T09:00:00.000Z", category: "hiring", summary: "Hiring a VP Sales" },
    ]);
    t.clock.set(new Date("2027-03-13T07:00:00Z"));
    await run();
    const digests = mailsTo(ana, DIGEST);
    expect(digests).toHaveLength(2);
    expect(digests[1].subject).toBe("Baton digest for Acme: 1 competitor change");
    expect(digests[1].body).toContain("[Normal · Hiring] Other home");
    expect(digests[1].body).not.toContain("Rival");
  });
});

describe("the local morning", () => {
  it("is 07:00 in the member's time zone, across a DST change, and 07:00 UTC for an unknown zone", () => {
    expect(localMorning("2027-03-27", "Europe/Berlin").toISOString()).toBe("2027-03-27T06:00:00.000Z");
    expect(localMorning("2027-03-28", "Europe/Berlin").toISOString()).toBe("2027-03-28T05:00:00.000Z");
    expect(nextDigest(new Date("2027-03-27T06:30:00Z"), "Europe/Berlin")).toEqual({
      day: "2027-03-28",
      at: new Date("2027-03-28T05:00:00.000Z"),
    });
    // Auckland is already on the next day.
    expect(nextDigest(new Date("2027-06-01T20:00:00Z"), "Pacific/Auckland")).toEqual({
      day: "2027-06-03",
      at: new Date("2027-06-02T19:00:00.000Z"),
    });
    expect(nextDigest(new Date("2027-06-01T20:00:00Z"), "Mars/Olympus_Mons")).toEqual({
      day: "2027-06-02",
      at: new Date("2027-06-02T07:00:00.000Z"),
    });
  });
});
