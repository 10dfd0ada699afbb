import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database, Db } from "../db/client.ts";
import { execRows } from "../db/hot.ts";
import { insertChanges, insertCompetitor, insertMonitor } from "../modules/monitoring/changes.fixture.ts";
import { addUser, type Client, otherTenant, setupOwner } from "./app.ts";

/** Ids of one tenant's fixture: something of every kind a route can address. */
export type FixtureIds = Record<string, string>;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString();

/**
 * Fills a workspace through the API with one of everything (product, team, member, ideas, view, round,
 * objective + key result, time off, roadmaps with items, milestone, versions, a plan, an approved sign-off
 * with a share link and a pending one, a feed, an invitation, a token, a company, a person, a feedback item
 * linked to an idea, a polled source, a reply template). Every name carries `marker`.
 */
export async function fillWorkspace(owner: Client, member: Client, marker: string, wid = owner.wid) {
  const w = `/api/v1/workspaces/${wid}`;
  const ids: FixtureIds = { wid, member: member.userId, owner: owner.userId };
  const post = async (url: string, body: unknown) => (await owner.ok("POST", `${w}${url}`, body, 201)).id;
  ids.product = await post("/products", { name: `${marker} product`, description: marker });
  ids.team = await post("/teams", { name: `${marker} team`, discipline: "design" });
  await owner.ok("PUT", `${w}/teams/${ids.team}/members/${ids.member}`, { allocationPct: 50 });
  const inv = await owner.ok("POST", `${w}/invitations`, { email: `${marker.toLowerCase()}@fuzz.test` }, 201);
  ids.invitation = inv.id;
  ids.invitationToken = inv.token;
  ids.token = await post("/tokens", { name: `${marker} token` });
  ids.idea = await post(`/products/${ids.product}/ideas`, { title: `${marker} idea`, tags: ["fuzz"] });
  ids.idea2 = await post(`/products/${ids.product}/ideas`, { title: `${marker} twin` });
  ids.idea3 = await post(`/products/${ids.product}/ideas`, { title: `${marker} third` });
  ids.view = await post(`/products/${ids.product}/views`, { name: `${marker} view`, config: {} });
  ids.comment = await post(`/ideas/${ids.idea}/comments`, { body: `${marker} comment` });
  ids.round = await post("/rounds", {
    productId: ids.product,
    name: `${marker} round`,
    ideaIds: [ids.idea, ids.idea2],
    voterIds: [ids.member, ids.owner],
    deadline: day(2),
  });
  ids.factor = (await owner.ok("GET", `${w}/factors`)).factors[0].id;
  const objective = await owner.ok(
    "POST",
    `${w}/objectives`,
    {
      title: `${marker} goal`,
      productId: ids.product,
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      keyResults: [
        {
          title: `${marker} KR`,
          metricName: "m",
          baseline: 0,
          target: 10,
          current: 4,
          dueDate: "2027-12-31",
        },
      ],
    },
    201,
  );
  ids.objective = objective.id;
  ids.keyResult = objective.keyResults[0].id;
  ids.holidayCalendar = await post("/holiday-calendars", { name: `${marker} holidays` });
  ids.holiday = await post(`/holiday-calendars/${ids.holidayCalendar}/holidays`, {
    date: "2027-02-03",
    name: `${marker} holiday`,
  });
  ids.timeOff = await post("/time-off", {
    userId: ids.member,
    startDate: "2027-02-01",
    endDate: "2027-02-02",
  });
  const roadmap = (name: string) =>
    post("/roadmaps", { productId: ids.product, name, startMonth: "2027-01" });
  ids.roadmap = await roadmap(`${marker} plan`);
  const item = (roadmapId: string, title: string) =>
    post(`/roadmaps/${roadmapId}/items`, {
      title,
      period: "2027-02",
      efforts: [{ teamId: ids.team, effort: 5 }],
      objectiveIds: [ids.objective],
      successMetric: "m",
      successTarget: "10",
    });
  ids.item = await item(ids.roadmap, `${marker} item`);
  ids.item2 = await item(ids.roadmap, `${marker} item two`);
  ids.milestone = await post(`/roadmaps/${ids.roadmap}/milestones`, {
    title: `${marker} launch`,
    date: "2027-03-01",
  });
  ids.version = await post(`/roadmaps/${ids.roadmap}/versions`, { name: `${marker} v1` });
  ids.plan = await post(`/roadmaps/${ids.roadmap}/plan`, { scope: "all", timeLimitSeconds: 1 });
  // An approved sign-off: its version is the baseline, shared by a link.
  const approved = await owner.ok(
    "POST",
    `${w}/roadmaps/${ids.roadmap}/signoffs`,
    { approvers: [{ userId: ids.member }], deadline: day(3), message: marker, overrideReason: marker },
    201,
  );
  ids.baseline = approved.versionId;
  const decided = await member.ok("PUT", `${w}/signoffs/${approved.id}/decision`, {
    versionId: ids.baseline,
    decision: "approved",
  });
  expect(decided.status).toBe("approved");
  const link = await owner.ok(
    "POST",
    `${w}/roadmaps/${ids.roadmap}/versions/${ids.baseline}/share-links`,
    { expiresInDays: 7 },
    201,
  );
  ids.shareLink = link.id;
  ids.shareToken = link.url.split("/").pop();
  ids.calendarFile = (await owner.ok("POST", `${w}/roadmaps/${ids.roadmap}/feed`)).path.split("/").pop();
  // A pending sign-off on a second roadmap, the owner among its approvers (decide, revise, extend …).
  ids.roadmap2 = await roadmap(`${marker} second plan`);
  ids.item3 = await item(ids.roadmap2, `${marker} item three`);
  const pending = await owner.ok(
    "POST",
    `${w}/roadmaps/${ids.roadmap2}/signoffs`,
    {
      approvers: [{ userId: ids.owner }, { userId: ids.member, required: false }],
      deadline: day(5),
      message: marker,
      overrideReason: marker,
    },
    201,
  );
  ids.signoff = pending.id;
  ids.signoffVersion = pending.versionId;
  ids.company = await post("/companies", { name: `${marker} company`, segment: "Enterprise" });
  ids.person = await post("/people", {
    name: `${marker} person`,
    email: `${marker.toLowerCase()}.person@fuzz.test`,
    companyId: ids.company,
  });
  ids.feedback = await post("/feedback", {
    text: `${marker} feedback`,
    author: { personId: ids.person, userId: null, handle: null },
  });
  ids.link = await post(`/feedback/${ids.feedback}/links`, { ideaId: ids.idea, importance: "critical" });
  ids.theme = await post("/feedback/themes", { name: `${marker} theme`, itemIds: [ids.feedback] });
  ids.theme2 = await post("/feedback/themes", { name: `${marker} theme two`, itemIds: [ids.feedback] });
  // A reply template (replies to the item's customer queue mail in the outbox; no SMTP in the fuzzer).
  ids.replyTemplate = await post("/reply-templates", {
    name: `${marker} template`,
    body: "Hi {{customer.name}}",
  });
  // A changelog entry naming the idea (close-the-loop messages may link it): published in the fuzzed workspace; a
  // draft in the other one, whose public changelog must then answer nothing (its ids are tried there too).
  ids.changelogEntry = await post(`/products/${ids.product}/changelog`, {
    title: `${marker} release`,
    body: marker,
    ideaIds: [ids.idea],
    status: wid === owner.wid && marker === "Fuzz" ? "published" : "draft",
  });
  // A competitor of the product (its website on a loopback port nothing listens on: fetching its icon is refused),
  // with a SWOT card, a pricing plan and a battlecard section.
  ids.competitor = await post("/competitors", {
    name: `${marker} rival`,
    website: "http://127.0.0.1:9/",
    positioning: marker,
    productIds: [ids.product],
  });
  ids.swotCard = await post(`/competitors/${ids.competitor}/swot`, {
    quadrant: "threat",
    text: `${marker} card`,
  });
  ids.pricingPlan = await post(`/competitors/${ids.competitor}/plans`, { name: `${marker} plan`, price: 10 });
  await owner.ok("PUT", `${w}/competitors/${ids.competitor}/battlecard/why_we_win`, {
    version: 0,
    body: marker,
  });
  // A monitor of its pricing page on a loopback port nothing listens on: a check records the refusal.
  ids.monitor = await post(`/competitors/${ids.competitor}/monitors`, {
    kind: "page",
    name: `${marker} pricing page`,
    url: "http://127.0.0.1:9/pricing",
    config: { pricing: true, ignorePatterns: ["\\d+ users online"] },
  });
  // A feature-matrix row linked to the second idea (its cells: "ours", or a competitor of the product when there is one).
  ids.capability = await post(`/products/${ids.product}/matrix/rows`, {
    name: `${marker} capability`,
    theme: marker,
    ideaId: ids.idea2,
  });
  // A feed on a loopback port nothing listens on: polling it records an error, and reaches no other host.
  ids.source = await post("/sources", {
    kind: "rss",
    name: `${marker} feed`,
    config: { url: "http://127.0.0.1:9/feed" },
  });
  return ids;
}

export interface Fixture {
  owner: Client;
  member: Client;
  /** A member of the owner's workspace used for the routes that can end a session (logout, password …). */
  spare: Client & { email: string };
  ids: FixtureIds;
  /** The other tenant: its ids, and the marker that every one of its names carries. */
  other: { client: Client; ids: FixtureIds; marker: string };
}

/** A detected change of a competitor's page, written straight to the tables (the fuzzer runs no check engine). */
async function addDetectedChange(db: Db, ids: FixtureIds, marker: string) {
  const competitorId = await insertCompetitor(db, ids.wid, `${marker} changed rival`, "http://127.0.0.1:9/");
  ids.changeMonitor = await insertMonitor(db, ids.wid, competitorId, {
    name: `${marker} page`,
    url: "http://127.0.0.1:9/pricing",
  });
  [ids.change] = await insertChanges(db, ids.wid, competitorId, ids.changeMonitor, [
    { summary: `${marker} change`, category: "pricing" },
  ]);
}

/** Two tenants, each with one of everything; the fuzzed one is the first. `db`: also a detected change each. */
export async function buildFixture(app: Parameters<typeof setupOwner>[0], db?: Db): Promise<Fixture> {
  const owner = await setupOwner(app, "Fuzzed Co");
  const member = await addUser(owner, "contributor", owner.wid, "Mia Member");
  const spare = await addUser(owner, "viewer", owner.wid, "Spare Viewer");
  const stranger = await otherTenant(owner);
  const strangerMember = await addUser(stranger, "contributor", stranger.wid, "Stranger Member");
  const marker = "ZQXOTHERTENANT";
  const otherIds = await fillWorkspace(stranger, strangerMember, marker);
  const ids = await fillWorkspace(owner, member, "Fuzz");
  if (db) {
    await addDetectedChange(db, otherIds, marker);
    await addDetectedChange(db, ids, "Fuzz");
  }
  return { owner, member, spare, ids, other: { client: stranger, ids: otherIds, marker } };
}

/**
 * A fingerprint of everything stored: per table its row count and newest row version (xmin), so any insert,
 * update or delete changes it. Tables written on purpose by refused requests (sessions' last use, login rate
 * limits and attempts, known devices) are left out. Computing it costs a scan of every table, so `changedSince` first asks
 * whether any transaction took a transaction id at all (the next xid moved): requests refused before reaching
 * the database skip the scan.
 */
export async function storedState(database: Database) {
  const skip = new Set(["sessions", "rate_limits", "auth_devices", "login_attempts", "__drizzle_migrations"]);
  const rows = async (q: ReturnType<typeof sql>) => ({
    rows: await execRows<Record<string, string>>(database.db, q),
  });
  const tables = (
    await rows(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).rows
    .map((x) => x.table_name)
    .filter((t) => !skip.has(t));
  const parts = tables.map(
    (t) => `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM "${t}")`,
  );
  const full = sql.raw(`SELECT concat_ws(',', ${parts.join(", ")}) AS f`);
  const nextXid = sql`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`;
  const read = async () => ({ xid: (await rows(nextXid)).rows[0].x, f: (await rows(full)).rows[0].f });
  let last = await read();
  return {
    /** The tables whose rows changed since the previous call (none when no transaction id was taken). */
    async changedSince(): Promise<string[]> {
      const xid = (await rows(nextXid)).rows[0].x;
      if (xid === last.xid) return [];
      const before = last.f.split(",");
      last = await read();
      const after = last.f.split(",");
      return tables.filter((_, i) => before[i] !== after[i]);
    },
    tables: tables.length,
  };
}
