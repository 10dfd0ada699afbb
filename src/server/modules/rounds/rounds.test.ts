import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlers } from "../../jobs.ts";
import { DAY, HOUR } from "../../lib/clock.ts";
import { addUser, type Client, createTestApp, errorOf, setupOwner, type TestApp } from "../../test/app.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";

let t: TestApp;
let pm: Client;
let w: string;
beforeAll(async () => {
  t = await createTestApp();
  pm = await setupOwner(t.app);
  w = `/api/v1/workspaces/${pm.wid}`;
});
afterAll(() => t.close());

type F = { id: string; name: string };

describe("a scoring round", () => {
  it("collects ratings, abstentions and changed votes, refuses late ones, closes at the deadline and ranks", async () => {
    const ana = await addUser(pm, "stakeholder", pm.wid, "Ana Sales");
    const ben = await addUser(pm, "stakeholder", pm.wid, "Ben Support");
    const cy = await addUser(pm, "contributor", pm.wid, "Cy Late");
    // Their invitations' mail jobs run now, so the counts below are the round's own jobs.
    await runDueJobs(t.database.db, t.clock, jobHandlers);
    const product = await pm.ok("POST", `${w}/products`, { name: "Mobile app" }, 201);
    const x = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Offline mode" }, 201);
    const y = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Dark theme" }, 201);
    const { factors } = await pm.ok("GET", `${w}/factors?productId=${product.id}`);
    expect(factors.map((f: F) => f.name)).toEqual([
      "Business impact",
      "Customer happiness",
      "Operational ease",
      "Technical effort",
    ]);
    const [bi, ch, oe, te] = factors.map((f: F) => f.id);
    const deadline = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      {
        productId: product.id,
        name: "Q3 priorities",
        ideaIds: [x.id, y.id],
        voterIds: [ana.userId, ben.userId, cy.userId],
        deadline,
      },
      201,
    );
    expect(round).toMatchObject({ status: "open", ideaCount: 2, voterCount: 3, finishedVoters: 0 });
    // The invitations to vote go by mail too (every voter has the default, immediate mail).
    const mailsOf = async (kind: string) =>
      (await pm.ok("GET", `${w}/outbox?limit=100`)).items
        .filter((m: { kind: string }) => m.kind === kind)
        .map((m: { to: string; text: string }) => m);
    expect((await mailsOf("notification.round.invite")).map((m: { to: string }) => m.to).sort()).toEqual(
      [ana.email, ben.email, cy.email].sort(),
    );
    await runDueJobs(t.database.db, t.clock, jobHandlers);
    const r = `${w}/rounds/${round.id}`;
    const cast = (c: Client, ratings: unknown[]) => c.put(`${r}/ratings`, { ratings });

    const a = await cast(ana, [
      { ideaId: x.id, factorId: bi, value: 5 },
      { ideaId: x.id, factorId: ch, value: 4 },
      { ideaId: x.id, factorId: oe, value: 3 },
      { ideaId: x.id, factorId: te, value: 2 },
      { ideaId: y.id, factorId: bi, value: 2 },
      { ideaId: y.id, factorId: ch, value: 2 },
      { ideaId: y.id, factorId: oe, value: 2 },
      { ideaId: y.id, factorId: te, value: 4 },
    ]);
    expect(a.json()).toEqual({ saved: 8, progress: { done: 8, total: 8 } });
    // Ben abstains on operational ease, then changes his business-impact vote from 3 to 4.
    await cast(ben, [
      { ideaId: x.id, factorId: bi, value: 3 },
      { ideaId: x.id, factorId: ch, value: 4 },
      { ideaId: x.id, factorId: oe, value: null, abstainReason: "I don't know the ops side" },
      { ideaId: x.id, factorId: te, value: 4 },
    ]);
    const changed = await cast(ben, [{ ideaId: x.id, factorId: bi, value: 4 }]);
    expect(changed.json().progress).toEqual({ done: 4, total: 8 });
    // Bad cells are refused field by field, and nothing of the batch is stored.
    const bad = await cast(ben, [
      { ideaId: y.id, factorId: ch, value: 3 },
      { ideaId: y.id, factorId: bi, value: 9 },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(errorOf(bad).fields ?? {})).toEqual(["ratings.1.value"]);
    const noReason = await cast(ben, [{ ideaId: y.id, factorId: ch, value: null }]);
    expect(Object.keys(errorOf(noReason).fields ?? {})).toEqual(["ratings.0.abstainReason"]);
    // Only voters vote; the PM is not one.
    expect((await cast(pm, [{ ideaId: x.id, factorId: bi, value: 1 }])).statusCode).toBe(403);
    const ballot = await ben.ok("GET", `${r}/ballot`);
    expect(ballot.others).toBeNull();
    expect(ballot.mine.find((m: { factorId: string }) => m.factorId === oe)).toMatchObject({
      value: null,
      abstainReason: "I don't know the ops side",
    });
    // Voters don't see live results of a blind round; the PM does.
    expect((await ana.get(`${r}/results`)).statusCode).toBe(403);

    // A day before the deadline, those who haven't finished are reminded in the app.
    t.clock.advance(DAY + HOUR);
    expect(await runDueJobs(t.database.db, t.clock, jobHandlers)).toBe(1);
    const benNotes = await ben.ok("GET", `${w}/notifications`);
    expect(benNotes.items.map((n: { kind: string }) => n.kind)).toContain("round.reminder");
    const anaNotes = await ana.ok("GET", `${w}/notifications`);
    expect(anaNotes.items.map((n: { kind: string }) => n.kind)).not.toContain("round.reminder");
    // The reminder is mailed to each lagging voter, with a link to the round.
    const reminders = await mailsOf("notification.round.reminder");
    expect(reminders.map((m: { to: string }) => m.to).sort()).toEqual([ben.email, cy.email].sort());
    // (The job handlers here use the environment's public URL, not the test app's.)
    expect(reminders[0].text).toMatch(/\nhttps?:\/\/\S+\/login\?next=/);
    expect(reminders[0].text).toContain(
      `/login?next=${encodeURIComponent(`/w/${pm.wid}/rounds/${round.id}`)}`,
    );
    await runDueJobs(t.database.db, t.clock, jobHandlers); // their delivery jobs

    // After the deadline Cy's vote is refused with a clear error, even before the job has closed the round.
    t.clock.advance(DAY);
    const late = await cast(cy, [{ ideaId: x.id, factorId: bi, value: 1 }]);
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).message).toMatch(/^The round closed at .+; ratings can no longer change$/);
    // The durable job closes it.
    expect(await runDueJobs(t.database.db, t.clock, jobHandlers)).toBe(1);
    const closed = await pm.ok("GET", r);
    expect(closed).toMatchObject({ status: "closed", closeReason: "deadline", finishedVoters: 1 });
    expect(closed.voters.map((v: { name: string; done: number }) => [v.name, v.done])).toEqual([
      ["Ana Sales", 8],
      ["Ben Support", 4],
      ["Cy Late", 0],
    ]);

    // Results, by hand: X means BI 4.5, CH 4, OE 3 (one abstention), TE 3 → normalized .875, .75, .5, 1−.5
    // → 100 × (3×.875 + 3×.75 + 2×.5 + 2×.5) / 10 = 68.75. Y (Ana only): .25 everywhere → 25.
    const res = await ana.ok("GET", `${r}/results`);
    const [first, second] = res.results;
    expect(first).toMatchObject({ ideaId: x.id, rank: 1, participation: { voters: 2, of: 3 } });
    expect(first.score).toBeCloseTo(68.75, 10);
    expect(first.factorStats.find((s: { factorId: string }) => s.factorId === oe)).toMatchObject({
      mean: 3,
      votes: 1,
      abstentions: 1,
    });
    expect(first.steps.map((s: { contribution: number }) => s.contribution)).toEqual([26.25, 22.5, 10, 10]);
    expect(second.score).toBeCloseTo(25, 10);
    expect(first.spread).toBeCloseTo(1, 10); // TE votes 2 and 4: population sd 1
    // Two voters: TE votes 2 and 4, median 3, both 1 point away (a quarter of the 1–5 range): "some", both named.
    expect(first.disagreement).toBe("some");
    expect(
      first.outliers.map((o: { name: string; value: number; median: number; by: number }) => [
        o.name,
        o.value,
        o.median,
        o.by,
      ]),
    ).toEqual([
      ["Ana Sales", 2, 3, 1],
      ["Ben Support", 4, 3, 1],
    ]);

    // The ranked backlog takes the closed round's scores.
    const page = await pm.ok("GET", `${w}/products/${product.id}/ideas`);
    expect(page.items.map((i: { id: string; rank: number }) => [i.id, i.rank])).toEqual([
      [x.id, 1],
      [y.id, 2],
    ]);
    expect(page.items[0].score).toBeCloseTo(68.75, 10);

    // A closed round is immutable.
    expect((await pm.patch(r, { version: closed.version, name: "Renamed" })).statusCode).toBe(409);
    expect((await pm.post(`${r}/close`)).statusCode).toBe(409);

    // Changing a weight keeps the ratings and recomputes: TE weight 6 → X = (2.625+2.25+1+3)/14.
    const put = await pm.ok("PUT", `${w}/factors`, {
      productId: null,
      factors: factors.map((f: F & Record<string, unknown>) => ({
        ...f,
        weight: f.id === te ? 6 : f.weight,
      })),
    });
    expect(put.recomputed.ideas).toBe(2);
    const again = await pm.ok("GET", `${w}/ideas/${x.id}`);
    expect(again.score).toBeCloseTo((8.875 / 14) * 100, 10);
    const why = await pm.ok("GET", `${w}/ideas/${x.id}/score`);
    expect(why.weighted).toMatchObject({ roundId: round.id, roundName: "Q3 priorities" });
    expect(why.weighted.steps.find((s: { factorId: string }) => s.factorId === te)).toMatchObject({
      mean: 3,
      normalized: 0.5,
      weight: 6,
    });
  });

  it("shows others' live ratings to the round's voters only, when the round allows it", async () => {
    const product = await pm.ok("POST", `${w}/products`, { name: "Open ballot" }, 201);
    const idea = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "Shared" }, 201);
    const [a, b] = [
      await addUser(pm, "stakeholder", pm.wid, "Ann"),
      await addUser(pm, "stakeholder", pm.wid, "Bo"),
    ];
    const outsider = await addUser(pm, "stakeholder", pm.wid, "Out Sider");
    const deadline = new Date(t.clock.now().getTime() + DAY).toISOString();
    const round = await pm.ok(
      "POST",
      `${w}/rounds`,
      {
        productId: product.id,
        name: "Open",
        ideaIds: [idea.id],
        voterIds: [a.userId, b.userId],
        deadline,
        showOthers: true,
      },
      201,
    );
    await a.ok("PUT", `${w}/rounds/${round.id}/ratings`, {
      ratings: [{ ideaId: idea.id, factorId: round.factors[0].id, value: 4 }],
    });
    const seen = await b.ok("GET", `${w}/rounds/${round.id}/ballot`);
    expect(seen.others.map((o: { voterName: string; value: number }) => [o.voterName, o.value])).toEqual([
      ["Ann", 4],
    ]);
    expect((await outsider.ok("GET", `${w}/rounds/${round.id}/ballot`)).others).toBeNull();
    expect((await pm.ok("GET", `${w}/rounds/${round.id}/ballot`)).others).toHaveLength(1);
  });

  it("validates a new round field by field", async () => {
    const product = await pm.ok("POST", `${w}/products`, { name: "Web" }, 201);
    const viewer = await addUser(pm, "viewer", pm.wid, "Vic Viewer");
    const past = new Date(t.clock.now().getTime() - HOUR).toISOString();
    const res = await pm.post(`${w}/rounds`, {
      productId: product.id,
      name: "R",
      ideaIds: ["00000000-0000-4000-8000-000000000001"],
      voterIds: [viewer.userId],
      deadline: past,
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).fields).toHaveProperty("deadline");
    const idea = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "A" }, 201);
    const future = new Date(t.clock.now().getTime() + DAY).toISOString();
    const bad = await pm.post(`${w}/rounds`, {
      productId: product.id,
      name: "R",
      ideaIds: [idea.id, "00000000-0000-4000-8000-000000000001"],
      voterIds: [viewer.userId],
      deadline: future,
    });
    expect(errorOf(bad).fields).toHaveProperty("ideaIds");
    const viewerOnly = await pm.post(`${w}/rounds`, {
      productId: product.id,
      name: "R",
      ideaIds: [idea.id],
      voterIds: [viewer.userId],
      deadline: future,
    });
    expect(errorOf(viewerOnly).fields?.voterIds).toMatch(/Vic Viewer can only view/);
  });
});
