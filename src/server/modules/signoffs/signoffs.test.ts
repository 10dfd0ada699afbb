import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import { HOUR, manualClock } from "../../lib/clock.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";

/**
 * Sign-off end to end through the API. The clock stands on 2027-01-15 09:00 UTC; the roadmap plans
 * quarters of 2027. Ana (Europe/Paris) works 100% in Platform and leads it; Ben works 100% in Design;
 * Cy is on no team (responsible for the whole roadmap). Q1 2027 has 64 weekdays: Platform's capacity is 64.
 */
const clock = manualClock("2027-01-15T09:00:00Z");
let t: TestApp;
let pm: Client;
let ana: Client & { email: string };
let ben: Client & { email: string };
let cy: Client & { email: string };
let w: string;
let roadmap: { id: string };
let platform: { id: string };
let design: { id: string };
const items: Record<string, { id: string; version: number }> = {};
const handlers = jobHandlersFor({
  smtpUrl: undefined,
  mailFrom: "baton@baton.test",
  publicUrl: "http://baton.test",
});
const runJobs = () => runDueJobs(t.database.db, clock, handlers, 100);

beforeAll(async () => {
  t = await createTestApp({ clock, env: { LOG_LEVEL: "error" } });
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
  ana = await addUser(pm, "stakeholder", pm.wid, "Ana");
  ben = await addUser(pm, "contributor", pm.wid, "Ben");
  cy = await addUser(pm, "viewer", pm.wid, "Cy");
  await ana.ok("PATCH", "/api/v1/me", { timezone: "Europe/Paris" });
  platform = await pm.ok(
    "POST",
    `${w}/teams`,
    { name: "Platform", discipline: "engineering", leadId: ana.userId },
    201,
  );
  design = await pm.ok("POST", `${w}/teams`, { name: "Design", discipline: "design" }, 201);
  await pm.ok("PUT", `${w}/teams/${platform.id}/members/${ana.userId}`, { allocationPct: 100 });
  await pm.ok("PUT", `${w}/teams/${design.id}/members/${ben.userId}`, { allocationPct: 100 });
  const product = await pm.ok("POST", `${w}/products`, { name: "Mobile" }, 201);
  roadmap = await pm.ok(
    "POST",
    `${w}/roadmaps`,
    { productId: product.id, name: "2027", periodKind: "quarter", startMonth: "2027-01", horizon: 4 },
    201,
  );
  const add = (title: string, period: string, efforts: { teamId: string; effort: number }[]) =>
    pm.ok("POST", `${w}/roadmaps/${roadmap.id}/items`, { title, problem: "Slow", period, efforts }, 201);
  items.a = await add("Card scanner", "2027-01", [{ teamId: platform.id, effort: 60 }]);
  items.b = await add("Wallet pay", "2027-04", [{ teamId: design.id, effort: 30 }]);
  items.c = await add("Dark mode", "2027-02", [
    { teamId: platform.id, effort: 10 },
    { teamId: design.id, effort: 5 },
  ]);
});
afterAll(() => t.close());

type Note = { kind: string; title: string; body: string; link: string };
const notes = async (c: Client, kind: string): Promise<Note[]> =>
  (await c.ok("GET", `${w}/notifications`)).items.filter((n: Note) => n.kind === kind);
const mails = async (to: string, kind: string) =>
  (await pm.ok("GET", `${w}/outbox?limit=200`)).items.filter(
    (m: { to: string; kind: string }) => m.to === to && m.kind === kind,
  );

let signoff: { id: string; versionId: string };
const deadline = "2027-01-20T17:00:00Z";

describe("requesting sign-off", () => {
  it("refuses while SMART checks fail, unless the PM gives a reason; checks approvers field by field", async () => {
    const pre = await pm.ok("GET", `${w}/roadmaps/${roadmap.id}/signoff-preflight`);
    expect(pre).toMatchObject({ itemCount: 3, baseline: null, openSignoffId: null });
    expect(pre.smartFailures.map((f: { title: string }) => f.title).sort()).toEqual([
      "Card scanner",
      "Dark mode",
      "Wallet pay",
    ]);
    const body = {
      approvers: [{ teamId: platform.id }, { userId: ben.userId }, { userId: cy.userId }],
      deadline,
      message: "Please confirm the 2027 plan",
    };
    const refused = await pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, body);
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).fields?.overrideReason).toMatch(/3 items fail SMART checks/);
    const bad = await pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, {
      ...body,
      approvers: [{ teamId: design.id }, { userId: "00000000-0000-4000-8000-000000000000" }, {}],
      deadline: "2027-01-14T00:00:00Z",
      overrideReason: "Estimates come next sprint",
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toMatchObject({
      "approvers.2.userId": expect.stringMatching(/person or a team/),
    });
    const bad2 = await pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, {
      ...body,
      approvers: [{ teamId: design.id }, { userId: "00000000-0000-4000-8000-000000000000" }],
      overrideReason: "x",
    });
    expect(errorOf(bad2).fields).toEqual({
      "approvers.0.teamId": "Design has no lead: choose one, or pick a person",
      "approvers.1.userId": "Not a member of this workspace",
    });
    const past = await pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, {
      ...body,
      deadline: "2027-01-14T00:00:00Z",
      overrideReason: "x",
    });
    expect(errorOf(past).fields).toEqual({ deadline: "The deadline must be in the future" });
    // Nothing was half-written: no version was saved by the refused requests.
    expect((await pm.ok("GET", `${w}/roadmaps/${roadmap.id}/versions`)).items).toEqual([]);

    signoff = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/signoffs`,
      { ...body, overrideReason: "Estimates come next sprint" },
      201,
    );
    expect(signoff).toMatchObject({
      status: "open",
      round: 1,
      versionNumber: 1,
      smartFailures: 3,
      overrideReason: "Estimates come next sprint",
      reminders: [48, 4],
      counts: { approvers: 3, required: 3, requiredApproved: 0, pending: 3 },
    });
    const viaTeam = (signoff as any).approvers.find((a: { userId: string }) => a.userId === ana.userId);
    expect(viaTeam).toMatchObject({ viaTeamId: platform.id, viaTeamName: "Platform", required: true });
  });

  it("tells each approver in-app and by mail, with the deadline in their time zone and a working link", async () => {
    const [n] = await notes(ana, "signoff.request");
    expect(n.title).toBe("Sign-off requested: 2027 (version 1)");
    expect(n.body).toContain("Wed, 20 Jan 2027, 18:00 (Europe/Paris)");
    expect(n.body).toContain("SMART checks overridden: Estimates come next sprint");
    expect(n.link).toBe(`/signoffs/${signoff.id}`);
    expect((await notes(ben, "signoff.request"))[0].body).toContain("Wed, 20 Jan 2027, 17:00 (UTC)");
    const [m] = await mails(ana.email, "notification.signoff.request");
    expect(m.subject).toBe("Sign-off requested: 2027 (version 1)");
    expect(m.text).toContain(
      `http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/signoffs/${signoff.id}`)}`,
    );
    expect(await notes(pm, "signoff.request")).toEqual([]);
    // Everyone in the workspace sees the status; a second request for the roadmap is refused.
    expect((await cy.ok("GET", `${w}/signoffs`)).items.map((s: { id: string }) => s.id)).toEqual([
      signoff.id,
    ]);
    const again = await pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, {
      approvers: [{ userId: ben.userId }],
      deadline,
      overrideReason: "x",
    });
    expect(again.statusCode).toBe(409);
  });
});

describe("the approver's page", () => {
  it("shows the diff against the (missing) baseline, my team's items and its capacity effect", async () => {
    const r = await ana.ok("GET", `${w}/signoffs/${signoff.id}/review`);
    expect(r.baseline).toBeNull();
    expect(r.diff.added.map((i: { title: string }) => i.title).sort()).toEqual([
      "Card scanner",
      "Dark mode",
      "Wallet pay",
    ]);
    expect(r.myTeams).toEqual([{ id: platform.id, name: "Platform" }]);
    expect(new Set(r.myItemIds)).toEqual(new Set([items.a.id, items.c.id]));
    // Ana's team first, then the roadmap's other teams.
    expect(r.capacityEffect.map((e: { teamName: string }) => e.teamName)).toEqual(["Platform", "Design"]);
    const [effect, other] = r.capacityEffect;
    // Q1: 60 + 10 against 64 weekdays of Ana; nothing before (no baseline).
    expect(effect.periods[0]).toEqual({
      key: "2027-01-01",
      label: "Q1 2027",
      capacity: 64,
      before: 0,
      after: 70,
    });
    expect(effect.periods[1]).toMatchObject({ key: "2027-04-01", before: 0, after: 0 });
    // Design: Dark mode's 5 in Q1, Wallet pay's 30 in Q2, against Ben's weekdays (64 in Q1).
    expect(other.periods.slice(0, 2)).toMatchObject([
      { key: "2027-01-01", capacity: 64, after: 5 },
      { key: "2027-04-01", after: 30 },
    ]);
    const cyView = await cy.ok("GET", `${w}/signoffs/${signoff.id}/review`);
    expect(cyView.myTeams).toEqual([]);
    expect(cyView.capacityEffect.map((e: { teamName: string }) => e.teamName)).toEqual([
      "Design",
      "Platform",
    ]);
  });
});

describe("deciding and revising", () => {
  it("records decisions on the exact version; an objection keeps the request open and tells the PM", async () => {
    const v = signoff.versionId;
    expect(
      (
        await pm.request("PUT", `${w}/signoffs/${signoff.id}/decision`, {
          versionId: v,
          decision: "approved",
        })
      ).statusCode,
    ).toBe(403);
    const stale = await ana.request("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: items.a.id,
      decision: "approved",
    });
    expect(stale.statusCode).toBe(409);
    const noReason = await cy.request("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: v,
      decision: "objected",
    });
    expect(errorOf(noReason).fields).toEqual({ comment: "Say why you object" });
    await ana.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, { versionId: v, decision: "approved" });
    await ben.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: v,
      decision: "approved_with_comments",
      comment: "Wallet pay may slip",
    });
    const after = await cy.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: v,
      decision: "objected",
      comment: "Card scanner needs a success metric",
      itemComments: [{ itemId: items.a.id, body: "What does success look like?" }],
    });
    expect(after).toMatchObject({ status: "open", counts: { requiredApproved: 2, objected: 1, pending: 0 } });
    expect(after.comments).toMatchObject([{ itemId: items.a.id, itemTitle: "Card scanner", name: "Cy" }]);
    const [objection] = await notes(pm, "signoff.objection");
    expect(objection).toMatchObject({
      title: "Cy objects to 2027 (version 1)",
      body: "Card scanner needs a success metric",
    });
  });

  it("a revision withdraws only the approvals whose items changed and sends objectors back to review", async () => {
    const a = await pm.ok("PATCH", `${w}/roadmap-items/${items.a.id}`, {
      version: items.a.version,
      successMetric: "Scan success rate",
      successTarget: "95%",
    });
    items.a.version = a.version;
    const revised = await pm.ok("POST", `${w}/signoffs/${signoff.id}/revise`, {
      message: "Added the metric",
    });
    expect(revised).toMatchObject({ round: 2, versionNumber: 2, status: "open" });
    const by = (id: string) => revised.approvers.find((x: { userId: string }) => x.userId === id);
    expect(by(ana.userId)).toMatchObject({ decision: "pending", withdrawnAt: expect.any(String) });
    expect(by(ben.userId)).toMatchObject({ decision: "approved_with_comments", decidedVersionNumber: 1 });
    expect(by(cy.userId)).toMatchObject({ decision: "pending", withdrawnAt: null });
    expect(revised.events.map((e: { kind: string }) => e.kind)).toEqual([
      "requested",
      "decided",
      "decided",
      "decided",
      "revised",
      "withdrawn",
    ]);
    expect(revised.events[5].detail).toBe("Ana's approval was withdrawn: 1 of their items changed");
    const [again] = await notes(ana, "signoff.revised");
    expect(again.title).toBe("Please review again: 2027 (version 2)");
    expect(await notes(ben, "signoff.revised")).toEqual([]);
    const review = await ana.ok("GET", `${w}/signoffs/${signoff.id}/review`);
    expect(review.sinceMyDecision).toMatchObject({ versionNumber: 1, changedItemIds: [items.a.id] });
    const nothing = await pm.post(`${w}/signoffs/${signoff.id}/revise`, {});
    expect(nothing.statusCode).toBe(409);
    signoff.versionId = revised.versionId;
  });

  it("locks the version as the approved baseline when every required approver approved, and announces it", async () => {
    const v = signoff.versionId;
    await ana.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, { versionId: v, decision: "approved" });
    const done = await cy.ok("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: v,
      decision: "approved",
    });
    expect(done).toMatchObject({ status: "approved", closedAt: expect.any(String), overdue: false });
    const versions = (await pm.ok("GET", `${w}/roadmaps/${roadmap.id}/versions`)).items;
    expect(
      versions.map((x: { number: number; approvedAt: string | null }) => [x.number, !!x.approvedAt]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    for (const c of [pm, ana, ben, cy])
      expect((await notes(c, "signoff.approved"))[0].title).toBe("Approved baseline: 2027 (version 2)");
    const late = await ben.request("PUT", `${w}/signoffs/${signoff.id}/decision`, {
      versionId: v,
      decision: "objected",
      comment: "x",
    });
    expect(late.statusCode).toBe(409);
    // Immutable in the database itself, whatever the code path.
    const edit = await t.database.db
      .execute(sql`UPDATE roadmap_versions SET name = 'Edited' WHERE id = ${v}`)
      .then(
        () => null,
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(edit).toMatch(/roadmap version .* is immutable/);
    const pre = await pm.ok("GET", `${w}/roadmaps/${roadmap.id}/signoff-preflight`);
    expect(pre).toMatchObject({ baseline: { id: v, number: 2 }, openSignoffId: null });
  });
});

describe("reminders, deadline and escalation", () => {
  let s2: { id: string };
  it("reminds pending approvers once at each point, escalates at the deadline, and follows extensions", async () => {
    await pm.ok("PATCH", `${w}/roadmap-items/${items.b.id}`, { version: items.b.version, period: "2027-07" });
    const start = clock.now().getTime();
    s2 = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/signoffs`,
      {
        approvers: [{ userId: ana.userId }, { userId: ben.userId, required: false }],
        deadline: new Date(start + 50 * HOUR).toISOString(),
        overrideReason: "Still estimating",
      },
      201,
    );
    await ben.ok("PUT", `${w}/signoffs/${s2.id}/decision`, {
      versionId: (s2 as any).versionId,
      decision: "approved",
    });
    const reminders = async (c: Client) =>
      (await notes(c, "signoff.reminder")).filter((n) => n.link === `/signoffs/${s2.id}`);
    clock.set(new Date(start + 3 * HOUR));
    await runJobs();
    await runJobs();
    expect((await reminders(ana)).map((n) => n.title)).toEqual(["Reminder: sign-off of 2027 due in 2 days"]);
    expect(await reminders(ben)).toEqual([]); // decided
    clock.set(new Date(start + 47 * HOUR));
    await runJobs();
    expect((await reminders(ana)).map((n) => n.title)).toContain("Reminder: sign-off of 2027 due in 4 hours");
    expect(await reminders(ana)).toHaveLength(2);
    clock.set(new Date(start + 51 * HOUR));
    await runJobs();
    const detail = await pm.ok("GET", `${w}/signoffs/${s2.id}`);
    expect(detail).toMatchObject({ status: "open", overdue: true });
    const [esc] = (await notes(pm, "signoff.escalation")).filter((n) => n.link === `/signoffs/${s2.id}`);
    expect(esc.body).toContain("1 required approval: Ana (no decision)");
    expect(await notes(ana, "signoff.escalation")).toEqual([]);
    const extended = await pm.ok("POST", `${w}/signoffs/${s2.id}/extend`, {
      deadline: new Date(start + 100 * HOUR).toISOString(),
      reason: "Ana is travelling",
    });
    expect(extended.overdue).toBe(false);
    expect(extended.events.at(-1)).toMatchObject({
      kind: "extended",
      detail: expect.stringContaining("Ana is travelling"),
    });
    clock.set(new Date(start + 53 * HOUR));
    await runJobs();
    expect(await reminders(ana)).toHaveLength(3);
    const cancelled = await pm.ok("POST", `${w}/signoffs/${s2.id}/cancel`, { reason: "Plan changed" });
    expect(cancelled.status).toBe("cancelled");
    clock.set(new Date(start + 120 * HOUR));
    await runJobs();
    expect(await reminders(ana)).toHaveLength(3);
    expect((await notes(ana, "signoff.cancelled"))[0].body).toBe("Plan changed");
    const audit = (await pm.ok("GET", `${w}/audit?limit=100`)).items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["signoff.extend", "signoff.cancel", "signoff.request"]));
  });
});

describe("changing approvers", () => {
  it("adds, removes and re-flags approvers of an open request, and completes it when only approvals remain", async () => {
    const s4 = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/signoffs`,
      {
        approvers: [{ userId: ana.userId }, { userId: ben.userId }],
        deadline: new Date(clock.now().getTime() + 72 * HOUR).toISOString(),
        overrideReason: "Fine",
      },
      201,
    );
    const bad = await pm.post(`${w}/signoffs/${s4.id}/approvers`, { remove: [cy.userId] });
    expect(errorOf(bad).fields).toEqual({ "remove.0": "Not an approver of this request" });
    const none = await pm.post(`${w}/signoffs/${s4.id}/approvers`, { remove: [ana.userId, ben.userId] });
    expect(errorOf(none).fields).toEqual({ remove: "At least one required approver must remain" });
    expect((await ana.post(`${w}/signoffs/${s4.id}/approvers`, { remove: [ben.userId] })).statusCode).toBe(
      403,
    );
    const edited = await pm.ok("POST", `${w}/signoffs/${s4.id}/approvers`, {
      add: [{ userId: cy.userId }, { userId: ben.userId, required: false }],
    });
    expect(edited.counts).toMatchObject({ approvers: 3, required: 2 });
    expect(edited.events.at(-1)).toMatchObject({
      kind: "approvers",
      detail: "Added Cy; Ben is now optional",
    });
    expect((await notes(cy, "signoff.request")).filter((n) => n.link === `/signoffs/${s4.id}`)).toHaveLength(
      1,
    );
    await ana.ok("PUT", `${w}/signoffs/${s4.id}/decision`, { versionId: s4.versionId, decision: "approved" });
    const done = await pm.ok("POST", `${w}/signoffs/${s4.id}/approvers`, { remove: [cy.userId] });
    expect(done).toMatchObject({
      status: "approved",
      counts: { approvers: 2, required: 1, requiredApproved: 1 },
    });
    const audit = (await pm.ok("GET", `${w}/audit?limit=100`)).items.map((a: { action: string }) => a.action);
    expect(audit).toContain("signoff.approvers");
  });
});

describe("reminding now", () => {
  it("reminds only who has not decided, at most once an hour, and records who did it", async () => {
    const s5 = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/signoffs`,
      {
        approvers: [{ userId: ana.userId }, { userId: ben.userId }],
        deadline: new Date(clock.now().getTime() + 72 * HOUR).toISOString(),
        overrideReason: "Fine",
      },
      201,
    );
    const nudges = async (c: Client) =>
      (await notes(c, "signoff.reminder")).filter(
        (n) => n.link === `/signoffs/${s5.id}` && n.title.startsWith("Reminder: please review"),
      );
    expect((await ana.post(`${w}/signoffs/${s5.id}/remind`, {})).statusCode).toBe(403);
    const after = await pm.ok("POST", `${w}/signoffs/${s5.id}/remind`, {});
    expect(after.events.at(-1)).toMatchObject({ kind: "reminded", actorName: "Olivia Owner" });
    expect(await nudges(ana)).toHaveLength(1);
    expect(await nudges(ben)).toHaveLength(1);
    const soon = await pm.post(`${w}/signoffs/${s5.id}/remind`, {});
    expect(soon.statusCode).toBe(409);
    expect(errorOf(soon).message).toMatch(/wait an hour/);
    await ben.ok("PUT", `${w}/signoffs/${s5.id}/decision`, { versionId: s5.versionId, decision: "approved" });
    clock.advance(61 * 60_000);
    await pm.ok("POST", `${w}/signoffs/${s5.id}/remind`, {});
    expect(await nudges(ana)).toHaveLength(2);
    expect(await nudges(ben)).toHaveLength(1);
    await pm.ok("POST", `${w}/signoffs/${s5.id}/cancel`, { reason: "Test over" });
  });
});

describe("concurrent decisions", () => {
  it("the last two required approvals arriving together approve the version once", async () => {
    await pm.ok("PATCH", `${w}/roadmap-items/${items.c.id}`, {
      version: (await pm.ok("GET", `${w}/roadmap-items/${items.c.id}`)).version,
      period: "2027-04",
    });
    const s3 = await pm.ok(
      "POST",
      `${w}/roadmaps/${roadmap.id}/signoffs`,
      {
        approvers: [{ userId: ana.userId }, { userId: ben.userId }],
        deadline: new Date(clock.now().getTime() + 72 * HOUR).toISOString(),
        overrideReason: "Fine",
      },
      201,
    );
    const before = (await notes(cy, "signoff.approved")).length;
    const results = await Promise.all(
      [ana, ben].map((c) =>
        c.request("PUT", `${w}/signoffs/${s3.id}/decision`, {
          versionId: s3.versionId,
          decision: "approved",
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200]);
    const done = await pm.ok("GET", `${w}/signoffs/${s3.id}`);
    expect(done.status).toBe("approved");
    expect(done.events.filter((e: { kind: string }) => e.kind === "approved")).toHaveLength(1);
    expect(await notes(cy, "signoff.approved")).toHaveLength(before + 1);
  });

  it("two requests for one roadmap sent together: one opens, the other is refused with 409", async () => {
    const body = {
      approvers: [{ userId: ana.userId }],
      deadline: new Date(clock.now().getTime() + 72 * HOUR).toISOString(),
      overrideReason: "Fine",
    };
    const results = await Promise.all(
      [1, 2].map(() => pm.post(`${w}/roadmaps/${roadmap.id}/signoffs`, body)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const created = results.find((r) => r.statusCode === 201)?.json();
    expect((await pm.ok("GET", `${w}/signoffs?roadmapId=${roadmap.id}&status=open`)).items).toMatchObject([
      { id: created.id },
    ]);
    await pm.ok("POST", `${w}/signoffs/${created.id}/cancel`, { reason: "Test over" });
  });
});

describe("share links", () => {
  it("shares an approved baseline read-only until it expires or is revoked", async () => {
    const versions = (await pm.ok("GET", `${w}/roadmaps/${roadmap.id}/versions`)).items;
    const approved = versions.find((v: { approvedAt: string | null }) => v.approvedAt);
    const draft = versions.find((v: { approvedAt: string | null }) => !v.approvedAt);
    const base = `${w}/roadmaps/${roadmap.id}/versions`;
    const refused = await pm.post(`${base}/${draft.id}/share-links`, {});
    expect(errorOf(refused).fields).toEqual({ versionId: "Only an approved baseline can be shared" });
    expect((await ben.post(`${base}/${approved.id}/share-links`, {})).statusCode).toBe(403);
    const link = await pm.ok("POST", `${base}/${approved.id}/share-links`, { expiresInDays: 7 }, 201);
    expect(link.url).toMatch(/^http:\/\/baton\.test\/s\/bshr_[A-Za-z0-9_-]{32}$/);
    const token = link.url.split("/s/")[1];
    const anon = await t.app.inject({ method: "GET", url: `/api/v1/shared/${token}` });
    expect(anon.statusCode).toBe(200);
    const shared = anon.json();
    expect(shared).toMatchObject({
      roadmapName: "2027",
      productName: "Mobile",
      version: { number: approved.number },
    });
    // The latest approved version comes first (newest first).
    expect(approved.number).toBe(
      Math.max(
        ...versions
          .filter((v: { approvedAt: string | null }) => v.approvedAt)
          .map((v: { number: number }) => v.number),
      ),
    );
    expect(shared.items).toHaveLength(3);
    expect(shared.items[0]).not.toHaveProperty("smart");
    expect(shared.teams.map((x: { name: string }) => x.name).sort()).toEqual(["Design", "Platform"]);
    const listed = (await pm.ok("GET", `${base}/${approved.id}/share-links`)).items;
    expect(listed).toMatchObject([{ id: link.id, views: 1 }]);
    expect(listed[0]).not.toHaveProperty("url");
    await pm.ok("DELETE", `${w}/share-links/${link.id}`, undefined, 204);
    const gone = await t.app.inject({ method: "GET", url: `/api/v1/shared/${token}` });
    expect(gone.statusCode).toBe(404);
    expect(errorOf(gone).message).toMatch(/revoked/);
    const short = await pm.ok("POST", `${base}/${approved.id}/share-links`, { expiresInDays: 1 }, 201);
    clock.advance(25 * HOUR);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/v1/shared/${short.url.split("/s/")[1]}` })).statusCode,
    ).toBe(404);
  });
});

describe("tenancy", () => {
  it("another workspace can neither read nor act on a sign-off or its links", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    expect((await stranger.get(`${sw}/signoffs/${signoff.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/signoffs/${signoff.id}/review`)).statusCode).toBe(404);
    expect((await stranger.get(`${w}/signoffs/${signoff.id}`)).statusCode).toBe(404);
    const d = await stranger.request("PUT", `${sw}/signoffs/${signoff.id}/decision`, {
      versionId: signoff.versionId,
      decision: "approved",
    });
    expect(d.statusCode).toBe(404);
    expect((await stranger.get(`${sw}/signoffs`)).json().items).toEqual([]);
  });
});
