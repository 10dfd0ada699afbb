import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertChanges, insertMonitor } from "./modules/monitoring/changes.fixture.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "./test/app.ts";

/**
 * Every route that takes an id, called by a member of another workspace: always 404, and the body
 * is the same as for an id that does not exist, so nothing leaks. Nothing changes either.
 */
let t: TestApp;
let owner: Client;
let stranger: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await setupOwner(t.app, "Tenant A");
  const member = await addUser(owner, "contributor");
  stranger = await otherTenant(owner);
  const w = `/api/v1/workspaces/${owner.wid}`;
  ids.wid = owner.wid;
  ids.member = member.userId;
  ids.product = (await owner.ok("POST", `${w}/products`, { name: "Secret product" }, 201)).id;
  ids.team = (await owner.ok("POST", `${w}/teams`, { name: "Secret team", discipline: "design" }, 201)).id;
  await owner.ok("PUT", `${w}/teams/${ids.team}/members/${ids.member}`, { allocationPct: 50 });
  ids.invitation = (await owner.ok("POST", `${w}/invitations`, { email: "x@secret.test" }, 201)).id;
  ids.token = (await owner.ok("POST", `${w}/tokens`, { name: "ci" }, 201)).id;
  const ideas = `${w}/products/${ids.product}/ideas`;
  ids.idea = (await owner.ok("POST", ideas, { title: "Secret idea" }, 201)).id;
  ids.idea2 = (await owner.ok("POST", ideas, { title: "Secret twin" }, 201)).id;
  ids.view = (
    await owner.ok("POST", `${w}/products/${ids.product}/views`, { name: "Mine", config: {} }, 201)
  ).id;
  const deadline = new Date(Date.now() + 86_400_000).toISOString();
  const round = {
    productId: ids.product,
    name: "Secret round",
    ideaIds: [ids.idea],
    voterIds: [ids.member],
    deadline,
  };
  ids.round = (await owner.ok("POST", `${w}/rounds`, round, 201)).id;
  ids.factor = (await owner.ok("GET", `${w}/factors`)).factors[0].id;
  const objective = await owner.ok(
    "POST",
    `${w}/objectives`,
    {
      title: "Secret goal",
      periodStart: "2027-01-01",
      periodEnd: "2027-12-31",
      keyResults: [{ title: "KR", metricName: "m", baseline: 0, target: 10, dueDate: "2027-12-31" }],
    },
    201,
  );
  ids.objective = objective.id;
  ids.keyResult = objective.keyResults[0].id;
  ids.timeOff = (
    await owner.ok(
      "POST",
      `${w}/time-off`,
      { userId: ids.member, startDate: "2027-02-01", endDate: "2027-02-02" },
      201,
    )
  ).id;
  ids.holidayCalendar = (
    await owner.ok("POST", `${w}/holiday-calendars`, { name: "Secret holidays" }, 201)
  ).id;
  ids.holiday = (
    await owner.ok(
      "POST",
      `${w}/holiday-calendars/${ids.holidayCalendar}/holidays`,
      { date: "2027-02-03", name: "Secret day" },
      201,
    )
  ).id;
  ids.roadmap = (
    await owner.ok(
      "POST",
      `${w}/roadmaps`,
      { productId: ids.product, name: "Secret plan", startMonth: "2027-01" },
      201,
    )
  ).id;
  ids.item = (
    await owner.ok(
      "POST",
      `${w}/roadmaps/${ids.roadmap}/items`,
      { title: "Secret item", efforts: [{ teamId: ids.team, effort: 5 }] },
      201,
    )
  ).id;
  ids.milestone = (
    await owner.ok(
      "POST",
      `${w}/roadmaps/${ids.roadmap}/milestones`,
      { title: "Secret launch", date: "2027-03-01" },
      201,
    )
  ).id;
  ids.version = (
    await owner.ok("POST", `${w}/roadmaps/${ids.roadmap}/versions`, { name: "Secret v1" }, 201)
  ).id;
  ids.plan = (
    await owner.ok("POST", `${w}/roadmaps/${ids.roadmap}/plan`, { scope: "all", timeLimitSeconds: 2 }, 201)
  ).id;
  // A sign-off the member approved: its version is the roadmap's baseline, shared by a link.
  const signoff = await owner.ok(
    "POST",
    `${w}/roadmaps/${ids.roadmap}/signoffs`,
    {
      approvers: [{ userId: ids.member }],
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      message: "Secret sign-off",
      overrideReason: "Secret reason",
    },
    201,
  );
  ids.signoff = signoff.id;
  ids.baseline = signoff.versionId;
  await member.ok("POST", `${w}/signoffs/${ids.signoff}/comments`, { body: "Secret comment" }, 201);
  const approved = await member.ok("PUT", `${w}/signoffs/${ids.signoff}/decision`, {
    versionId: ids.baseline,
    decision: "approved",
  });
  expect(approved.status).toBe("approved");
  ids.shareLink = (
    await owner.ok(
      "POST",
      `${w}/roadmaps/${ids.roadmap}/versions/${ids.baseline}/share-links`,
      { expiresInDays: 7 },
      201,
    )
  ).id;
  ids.feedback = (await owner.ok("POST", `${w}/feedback`, { text: "Secret feedback" }, 201)).id;
  const theme = { name: "Secret theme", itemIds: [ids.feedback] };
  ids.theme = (await owner.ok("POST", `${w}/feedback/themes`, theme, 201)).id;
  const template = { name: "Secret template", body: "Hi {{customer.name}}" };
  ids.replyTemplate = (await owner.ok("POST", `${w}/reply-templates`, template, 201)).id;
  ids.person = (
    await owner.ok("POST", `${w}/people`, { name: "Secret customer", email: "secret@c.test" }, 201)
  ).id;
  const release = { title: "Secret release", ideaIds: [ids.idea], status: "published" };
  ids.changelog = (await owner.ok("POST", `${w}/products/${ids.product}/changelog`, release, 201)).id;
  const rival = { name: "Secret rival", website: "https://rival.example", productIds: [ids.product] };
  ids.competitor = (await owner.ok("POST", `${w}/competitors`, rival, 201)).id;
  const capability = { name: "Secret capability", ideaId: ids.idea };
  ids.capability = (await owner.ok("POST", `${w}/products/${ids.product}/matrix/rows`, capability, 201)).id;
  const card = { quadrant: "threat", text: "Secret card" };
  ids.swotCard = (await owner.ok("POST", `${w}/competitors/${ids.competitor}/swot`, card, 201)).id;
  const plan = { name: "Secret plan", price: 42 };
  ids.pricingPlan = (await owner.ok("POST", `${w}/competitors/${ids.competitor}/plans`, plan, 201)).id;
  // A monitor of the rival's page and a detected change of it (written straight to the tables, as the check engine would).
  ids.monitor = await insertMonitor(t.database.db, owner.wid, ids.competitor, { name: "Secret page" });
  [ids.change] = await insertChanges(t.database.db, owner.wid, ids.competitor, ids.monitor, [
    { summary: "Secret change" },
  ]);
});
afterAll(() => t.close());

const routes = (i: Record<string, string>, wid = i.wid): [string, string, unknown?][] => [
  ["GET", `/api/v1/workspaces/${wid}`],
  ["PATCH", `/api/v1/workspaces/${wid}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}`],
  ["GET", `/api/v1/workspaces/${wid}/summary`],
  ["GET", `/api/v1/workspaces/${wid}/members`],
  ["PATCH", `/api/v1/workspaces/${wid}/members/${i.member}`, { version: 1, role: "viewer" }],
  ["DELETE", `/api/v1/workspaces/${wid}/members/${i.member}`],
  ["GET", `/api/v1/workspaces/${wid}/invitations`],
  ["POST", `/api/v1/workspaces/${wid}/invitations`, { email: "spy@evil.test" }],
  ["DELETE", `/api/v1/workspaces/${wid}/invitations/${i.invitation}`],
  ["GET", `/api/v1/workspaces/${wid}/tokens`],
  ["POST", `/api/v1/workspaces/${wid}/tokens`, { name: "spy" }],
  ["DELETE", `/api/v1/workspaces/${wid}/tokens/${i.token}`],
  ["GET", `/api/v1/workspaces/${wid}/products`],
  ["POST", `/api/v1/workspaces/${wid}/products`, { name: "Spy" }],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}`],
  ["PATCH", `/api/v1/workspaces/${wid}/products/${i.product}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/products/${i.product}`],
  ["GET", `/api/v1/workspaces/${wid}/teams`],
  ["POST", `/api/v1/workspaces/${wid}/teams`, { name: "Spy", discipline: "qa" }],
  ["GET", `/api/v1/workspaces/${wid}/teams/${i.team}`],
  ["PATCH", `/api/v1/workspaces/${wid}/teams/${i.team}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/teams/${i.team}`],
  ["PUT", `/api/v1/workspaces/${wid}/teams/${i.team}/members/${i.member}`, { allocationPct: 10 }],
  ["DELETE", `/api/v1/workspaces/${wid}/teams/${i.team}/members/${i.member}`],
  ["GET", `/api/v1/workspaces/${wid}/audit`],
  ["GET", `/api/v1/workspaces/${wid}/outbox`],
  ["GET", `/api/v1/workspaces/${wid}/export`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/ideas`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/ideas`, { title: "Spy" }],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/ideas/export`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/ideas/import`, { csv: "title\nHacked" }],
  [
    "POST",
    `/api/v1/workspaces/${wid}/products/${i.product}/ideas/bulk`,
    { ids: [i.idea], set: { status: "declined" } },
  ],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/views`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/views`, { name: "Hacked", config: {} }],
  ["DELETE", `/api/v1/workspaces/${wid}/views/${i.view}`],
  ["DELETE", `/api/v1/workspaces/${wid}/products/${i.product}/factors`],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}`],
  ["PATCH", `/api/v1/workspaces/${wid}/ideas/${i.idea}`, { version: 1, title: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/ideas/${i.idea}`],
  ["PUT", `/api/v1/workspaces/${wid}/ideas/${i.idea}/pin`, { rank: 1, reason: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/ideas/${i.idea}/pin`],
  ["POST", `/api/v1/workspaces/${wid}/ideas/${i.idea2}/merge`, { intoId: i.idea }],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/score`],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/score-history`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/score-counting`],
  ["PUT", `/api/v1/workspaces/${wid}/products/${i.product}/score-counting`, { version: 0, mode: "combine" }],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/comments`],
  ["POST", `/api/v1/workspaces/${wid}/ideas/${i.idea}/comments`, { body: "Hacked" }],
  ["PUT", `/api/v1/workspaces/${wid}/ideas/${i.idea}/watch`],
  ["DELETE", `/api/v1/workspaces/${wid}/ideas/${i.idea}/watch`],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/activity`],
  ["GET", `/api/v1/workspaces/${wid}/factors`],
  [
    "PUT",
    `/api/v1/workspaces/${wid}/factors`,
    { productId: i.product, factors: [{ name: "Hacked", weight: 1, direction: "benefit" }] },
  ],
  ["GET", `/api/v1/workspaces/${wid}/rounds`],
  ["GET", `/api/v1/workspaces/${wid}/rounds/${i.round}`],
  ["PATCH", `/api/v1/workspaces/${wid}/rounds/${i.round}`, { version: 1, name: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/rounds/${i.round}/close`],
  ["GET", `/api/v1/workspaces/${wid}/rounds/${i.round}/ballot`],
  [
    "PUT",
    `/api/v1/workspaces/${wid}/rounds/${i.round}/ratings`,
    { ratings: [{ ideaId: i.idea, factorId: i.factor, value: 1 }] },
  ],
  ["GET", `/api/v1/workspaces/${wid}/rounds/${i.round}/results`],
  ["GET", `/api/v1/workspaces/${wid}/notifications`],
  ["GET", `/api/v1/workspaces/${wid}/objectives`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/objectives`,
    { title: "Hacked", periodStart: "2027-01-01", periodEnd: "2027-02-01" },
  ],
  ["GET", `/api/v1/workspaces/${wid}/objectives/coverage`],
  ["GET", `/api/v1/workspaces/${wid}/objectives/${i.objective}`],
  ["PATCH", `/api/v1/workspaces/${wid}/objectives/${i.objective}`, { version: 1, title: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/objectives/${i.objective}`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/objectives/${i.objective}/key-results`,
    { title: "Hacked", metricName: "m", baseline: 0, target: 1, dueDate: "2027-01-01" },
  ],
  ["PATCH", `/api/v1/workspaces/${wid}/key-results/${i.keyResult}`, { version: 1, current: 99 }],
  ["DELETE", `/api/v1/workspaces/${wid}/key-results/${i.keyResult}`],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/objectives`],
  ["PUT", `/api/v1/workspaces/${wid}/ideas/${i.idea}/objectives`, { objectiveIds: [] }],
  ["GET", `/api/v1/workspaces/${wid}/capacity?from=2027-01`],
  [
    "PUT",
    `/api/v1/workspaces/${wid}/capacity`,
    { cells: [{ teamId: i.team, month: "2027-01", capacity: 1 }] },
  ],
  ["GET", `/api/v1/workspaces/${wid}/capacity/settings`],
  ["PUT", `/api/v1/workspaces/${wid}/capacity/settings`, { capacityUnit: "points", pointsPerPersonMonth: 1 }],
  ["GET", `/api/v1/workspaces/${wid}/time-off?from=2027-01`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/time-off`,
    { userId: i.member, startDate: "2027-01-01", endDate: "2027-01-02" },
  ],
  ["DELETE", `/api/v1/workspaces/${wid}/time-off/${i.timeOff}`],
  ["GET", `/api/v1/workspaces/${wid}/holiday-calendars`],
  ["POST", `/api/v1/workspaces/${wid}/holiday-calendars`, { name: "Hacked" }],
  ["PATCH", `/api/v1/workspaces/${wid}/holiday-calendars/${i.holidayCalendar}`, { name: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/holiday-calendars/${i.holidayCalendar}/holidays`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/holiday-calendars/${i.holidayCalendar}/holidays`,
    { date: "2027-01-04", name: "Hacked" },
  ],
  [
    "POST",
    `/api/v1/workspaces/${wid}/holiday-calendars/${i.holidayCalendar}/import`,
    { ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" },
  ],
  ["PATCH", `/api/v1/workspaces/${wid}/holidays/${i.holiday}`, { name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/holidays/${i.holiday}`],
  ["PUT", `/api/v1/workspaces/${wid}/team-calendars/${i.team}`, { calendarId: i.holidayCalendar }],
  ["DELETE", `/api/v1/workspaces/${wid}/holiday-calendars/${i.holidayCalendar}`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/roadmaps`,
    { productId: i.product, name: "Hacked", startMonth: "2027-01" },
  ],
  ["GET", `/api/v1/workspaces/${wid}/portfolio`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}`],
  ["PATCH", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/export?format=csv`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/export?format=ics`],
  ["POST", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/feed`],
  ["DELETE", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/feed`],
  ["POST", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/items`, { title: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/roadmap-items/${i.item}`],
  ["PATCH", `/api/v1/workspaces/${wid}/roadmap-items/${i.item}`, { version: 1, title: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/roadmap-items/${i.item}`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/milestones`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/milestones`,
    { title: "Hacked", date: "2027-01-01" },
  ],
  ["PATCH", `/api/v1/workspaces/${wid}/milestones/${i.milestone}`, { version: 1, title: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/milestones/${i.milestone}`],
  ["POST", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/plan`, { timeLimitSeconds: 1 }],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/plans`],
  ["GET", `/api/v1/workspaces/${wid}/plans/${i.plan}`],
  ["POST", `/api/v1/workspaces/${wid}/plans/${i.plan}/apply`, {}],
  ["POST", `/api/v1/workspaces/${wid}/plans/${i.plan}/discard`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/versions`],
  ["POST", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/versions`, { name: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/versions/${i.version}`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/compare?from=${i.version}`],
  ["GET", `/api/v1/workspaces/${wid}/signoffs`],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/signoff-preflight`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/signoffs`,
    {
      approvers: [{ userId: i.member }],
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
      overrideReason: "Hacked",
    },
  ],
  ["GET", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}`],
  ["GET", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/review`],
  [
    "PUT",
    `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/decision`,
    { versionId: i.baseline, decision: "objected", comment: "Hacked" },
  ],
  ["POST", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/comments`, { body: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/revise`, { message: "Hacked" }],
  [
    "POST",
    `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/extend`,
    { deadline: new Date(Date.now() + 9 * 86_400_000).toISOString(), reason: "Hacked" },
  ],
  ["POST", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/cancel`, { reason: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/remind`, {}],
  ["POST", `/api/v1/workspaces/${wid}/signoffs/${i.signoff}/approvers`, { remove: [i.signoff] }],
  ["GET", `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/versions/${i.baseline}/share-links`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/roadmaps/${i.roadmap}/versions/${i.baseline}/share-links`,
    { expiresInDays: 7 },
  ],
  ["DELETE", `/api/v1/workspaces/${wid}/share-links/${i.shareLink}`],
  ["POST", `/api/v1/workspaces/${wid}/notifications/read`, {}],
  ["GET", `/api/v1/workspaces/${wid}/feedback/themes`],
  ["POST", `/api/v1/workspaces/${wid}/feedback/themes`, { name: "Hacked", itemIds: [i.feedback] }],
  ["GET", `/api/v1/workspaces/${wid}/feedback/themes/suggestions`],
  ["POST", `/api/v1/workspaces/${wid}/feedback/themes/dismissals`, { itemIds: [i.feedback] }],
  ["GET", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}`],
  ["PATCH", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}`],
  ["POST", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}/merge`, { intoId: i.product }],
  ["POST", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}/items`, { itemIds: [i.feedback] }],
  ["DELETE", `/api/v1/workspaces/${wid}/feedback/themes/${i.theme}/items/${i.feedback}`],
  ["GET", `/api/v1/workspaces/${wid}/feedback/trends?themeId=${i.theme}`],
  ["GET", `/api/v1/workspaces/${wid}/similar?q=secret&productId=${i.product}`],
  ["GET", `/api/v1/workspaces/${wid}/mail-in`],
  ["POST", `/api/v1/workspaces/${wid}/mail-in/rotate`, {}],
  ["GET", `/api/v1/workspaces/${wid}/mail-in/addresses`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/mail-in`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/mail-in/rotate`, {}],
  ["POST", `/api/v1/workspaces/${wid}/feedback/mail`, { from: { address: "x@evil.test" }, text: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/feedback/${i.feedback}/messages`],
  ["POST", `/api/v1/workspaces/${wid}/feedback/${i.feedback}/replies`, { text: "Hacked" }],
  [
    "POST",
    `/api/v1/workspaces/${wid}/feedback/${i.feedback}/replies/preview`,
    { templateId: i.replyTemplate },
  ],
  ["GET", `/api/v1/workspaces/${wid}/reply-templates`],
  ["POST", `/api/v1/workspaces/${wid}/reply-templates`, { name: "Hacked", body: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/reply-templates/${i.replyTemplate}`],
  ["PATCH", `/api/v1/workspaces/${wid}/reply-templates/${i.replyTemplate}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/reply-templates/${i.replyTemplate}`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/changelog`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/changelog/roadmap-items`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/changelog`, { title: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/changelog/${i.changelog}`],
  ["PATCH", `/api/v1/workspaces/${wid}/changelog/${i.changelog}`, { version: 1, title: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/changelog/${i.changelog}`],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/loop`],
  ["PUT", `/api/v1/workspaces/${wid}/ideas/${i.idea}/loop/draft`, { subject: "Hacked", body: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/ideas/${i.idea}/loop/preview`, { subject: "Hacked", body: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/ideas/${i.idea}/loop/send`, { subject: "Hacked", body: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/people/${i.person}/told`],
  ["GET", `/api/v1/workspaces/${wid}/feedback/${i.feedback}/told`],
  ["GET", `/api/v1/workspaces/${wid}/competitors`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}`],
  ["PATCH", `/api/v1/workspaces/${wid}/competitors/${i.competitor}`, { version: 1, name: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/competitors/${i.competitor}`],
  ["PUT", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/products/${i.product}`],
  ["DELETE", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/products/${i.product}`],
  ["PUT", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/watch`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/watchers`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/logo`],
  ["POST", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/logo/fetch`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/swot`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/competitors/${i.competitor}/swot`,
    { quadrant: "threat", text: "Hacked" },
  ],
  ["GET", `/api/v1/workspaces/${wid}/swot-cards/${i.swotCard}`],
  ["PATCH", `/api/v1/workspaces/${wid}/swot-cards/${i.swotCard}`, { version: 1, text: "Hacked" }],
  ["DELETE", `/api/v1/workspaces/${wid}/swot-cards/${i.swotCard}`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/plans`],
  ["POST", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/plans`, { name: "Hacked" }],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/price-history`],
  ["PATCH", `/api/v1/workspaces/${wid}/pricing-plans/${i.pricingPlan}`, { version: 1, price: 0 }],
  ["DELETE", `/api/v1/workspaces/${wid}/pricing-plans/${i.pricingPlan}`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/battlecard`],
  [
    "PUT",
    `/api/v1/workspaces/${wid}/competitors/${i.competitor}/battlecard/landmines`,
    { version: 0, body: "Hacked" },
  ],
  ["GET", `/api/v1/workspaces/${wid}/monitors`],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors`],
  [
    "POST",
    `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors`,
    { kind: "page", name: "Hacked", url: "https://rival.example/x" },
  ],
  ["GET", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors/${i.monitor}`],
  [
    "PATCH",
    `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors/${i.monitor}`,
    { version: 1, name: "Hacked" },
  ],
  ["POST", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors/${i.monitor}/check`],
  ["POST", `/api/v1/workspaces/${wid}/monitors/check`, { competitorId: i.competitor }],
  ["DELETE", `/api/v1/workspaces/${wid}/competitors/${i.competitor}/monitors/${i.monitor}`],
  ["GET", `/api/v1/workspaces/${wid}/me/mail-preference`],
  ["PUT", `/api/v1/workspaces/${wid}/me/mail-preference`, { preference: "off" }],
  ["GET", `/api/v1/workspaces/${wid}/changes/${i.change}`],
  ["PATCH", `/api/v1/workspaces/${wid}/changes/${i.change}`, { version: 1, state: "noise" }],
  ["POST", `/api/v1/workspaces/${wid}/changes/${i.change}/noise`, { version: 1, phrase: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/changes/${i.change}/ideas/${i.idea}`],
  ["DELETE", `/api/v1/workspaces/${wid}/changes/${i.change}/ideas/${i.idea}`],
  ["GET", `/api/v1/workspaces/${wid}/products/${i.product}/matrix`],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/matrix/rows`, { name: "Hacked" }],
  ["POST", `/api/v1/workspaces/${wid}/products/${i.product}/matrix/rows/from-ideas`, { ideaIds: [i.idea] }],
  ["PUT", `/api/v1/workspaces/${wid}/products/${i.product}/matrix/order`, { ids: [i.capability] }],
  ["PATCH", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}`, { version: 1, name: "Hacked" }],
  ["PUT", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}/cells/${i.competitor}`, { status: "has" }],
  ["PUT", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}/cells/ours`, { status: "has" }],
  ["POST", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}/cells/${i.competitor}/verify`],
  ["POST", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}/idea`, { ideaId: i.idea }],
  ["GET", `/api/v1/workspaces/${wid}/ideas/${i.idea}/competitors`],
  ["DELETE", `/api/v1/workspaces/${wid}/matrix/rows/${i.capability}`],
];

describe("another workspace's ids", () => {
  it("answer 404 to a member of another workspace, on every route", async () => {
    for (const [method, url, body] of routes(ids)) {
      const res = await stranger.request(
        method,
        url,
        body ?? (method === "GET" || method === "DELETE" ? undefined : {}),
      );
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(errorOf(res).code).toBe("not_found");
    }
  });

  it("answer 404 when used under the stranger's own workspace too", async () => {
    const own = stranger.session.workspaces[0].id;
    for (const [method, url, body] of routes(ids, own)) {
      if (
        !/\/(members|invitations|tokens|products|teams|ideas|views|rounds|objectives|key-results|time-off|holiday-calendars|holidays|team-calendars|roadmaps|roadmap-items|milestones|plans|signoffs|share-links|themes|reply-templates|changelog|people|feedback|competitors|swot-cards|pricing-plans|changes|rows)\/[0-9a-f-]{36}/.test(
          url,
        )
      )
        continue;
      const res = await stranger.request(
        method,
        url,
        body ?? (method === "GET" || method === "DELETE" ? undefined : {}),
      );
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it("answer 404 to an API token of another workspace, even the owner's own", async () => {
    const own = stranger.session.workspaces[0].id;
    const tok = await stranger.ok("POST", `/api/v1/workspaces/${own}/tokens`, { name: "mine" }, 201);
    const viaToken = Object.assign(Object.create(Object.getPrototypeOf(stranger)), stranger, {
      bearer: tok.token,
    });
    expect((await viaToken.get(`/api/v1/workspaces/${own}/products`)).statusCode).toBe(200);
    for (const [method, url, body] of routes(ids)) {
      const res = await viaToken.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it("changed nothing", async () => {
    const w = `/api/v1/workspaces/${owner.wid}`;
    expect((await owner.ok("GET", w)).name).toBe("Tenant A");
    expect((await owner.ok("GET", `${w}/products/${ids.product}`)).name).toBe("Secret product");
    const team = await owner.ok("GET", `${w}/teams/${ids.team}`);
    expect(team.name).toBe("Secret team");
    expect(team.members).toEqual([expect.objectContaining({ userId: ids.member, allocationPct: 50 })]);
    const inv = await owner.ok("GET", `${w}/invitations`);
    expect(inv.items.find((i: { id: string }) => i.id === ids.invitation).status).toBe("pending");
    expect(inv.items.map((i: { email: string }) => i.email)).not.toContain("spy@evil.test");
    const idea = await owner.ok("GET", `${w}/ideas/${ids.idea}`);
    expect(idea).toMatchObject({ title: "Secret idea", status: "new", pinnedRank: null, commentCount: 0 });
    expect((await owner.ok("GET", `${w}/ideas/${ids.idea2}`)).mergedIntoId).toBeNull();
    expect((await owner.ok("GET", `${w}/rounds/${ids.round}`)).status).toBe("open");
    expect((await owner.ok("GET", `${w}/factors?productId=${ids.product}`)).scope).toBe("workspace");
    const objective = await owner.ok("GET", `${w}/objectives/${ids.objective}`);
    expect(objective).toMatchObject({ title: "Secret goal", version: 1 });
    expect(objective.keyResults[0]).toMatchObject({ current: null, version: 1 });
    const roadmap = await owner.ok("GET", `${w}/roadmaps/${ids.roadmap}`);
    expect(roadmap.roadmap).toMatchObject({ name: "Secret plan", version: 1, feedEnabled: false });
    expect(roadmap.items.map((x: { title: string }) => x.title)).toEqual(["Secret item"]);
    expect(roadmap.milestones.map((x: { title: string }) => x.title)).toEqual(["Secret launch"]);
    expect((await owner.ok("GET", `${w}/plans/${ids.plan}`)).status).toBe("open");
    // The saved version and the approved baseline: no version was added, none changed.
    const versions = (await owner.ok("GET", `${w}/roadmaps/${ids.roadmap}/versions`)).items;
    expect(
      versions.map((v: { name: string; approvedAt: string | null }) => [v.name, !!v.approvedAt]),
    ).toEqual([
      ["Sign-off: Secret plan", true],
      ["Secret v1", false],
    ]);
    const signoff = await owner.ok("GET", `${w}/signoffs/${ids.signoff}`);
    expect(signoff).toMatchObject({ status: "approved", round: 1, versionId: ids.baseline });
    expect(signoff.comments.map((c: { body: string }) => c.body)).toEqual(["Secret comment"]);
    expect(signoff.approvers).toMatchObject([{ userId: ids.member, decision: "approved" }]);
    expect(JSON.stringify(signoff)).not.toContain("Hacked");
    expect((await owner.ok("GET", `${w}/signoffs`)).items.map((x: { id: string }) => x.id)).toEqual([
      ids.signoff,
    ]);
    const links = (await owner.ok("GET", `${w}/roadmaps/${ids.roadmap}/versions/${ids.baseline}/share-links`))
      .items;
    expect(links).toMatchObject([{ id: ids.shareLink, revokedAt: null }]);
    expect((await owner.ok("GET", `${w}/capacity/settings`)).capacityUnit).toBe("person_days");
    const grid = await owner.ok("GET", `${w}/capacity?from=2027-01&months=1`);
    expect(grid.teams[0].cells[0].override).toBeNull();
    expect((await owner.ok("GET", `${w}/time-off?from=2027-01`)).items).toHaveLength(1);
    const theme = await owner.ok("GET", `${w}/feedback/themes/${ids.theme}`);
    expect(theme).toMatchObject({ name: "Secret theme", itemCount: 1, version: 1 });
    const template = await owner.ok("GET", `${w}/reply-templates/${ids.replyTemplate}`);
    expect(template).toMatchObject({ name: "Secret template", version: 1 });
    expect((await owner.ok("GET", `${w}/feedback/${ids.feedback}/messages`)).items).toEqual([]);
    expect((await owner.ok("GET", `${w}/mail-in`)).rotatedAt).toBeNull();
    expect((await owner.ok("GET", `${w}/products/${ids.product}/mail-in`)).rotatedAt).toBeNull();
    const rival = await owner.ok("GET", `${w}/competitors/${ids.competitor}`);
    expect(rival).toMatchObject({ name: "Secret rival", version: 1, watcherCount: 0, logoUpdatedAt: null });
    expect(rival.products.map((p: { id: string }) => p.id)).toEqual([ids.product]);
    expect((await owner.ok("GET", `${w}/swot-cards/${ids.swotCard}`)).text).toBe("Secret card");
    expect(await owner.ok("GET", `${w}/pricing-plans/${ids.pricingPlan}`)).toMatchObject({
      price: 42,
      version: 1,
    });
    const card = await owner.ok("GET", `${w}/competitors/${ids.competitor}/battlecard`);
    expect(card.sections.every((s: { version: number }) => s.version === 0)).toBe(true);
    const change = await owner.ok("GET", `${w}/changes/${ids.change}`);
    expect(change).toMatchObject({
      state: "new",
      version: 1,
      ideas: [],
      monitor: { ignorePatterns: [], version: 1 },
    });
    const audit = await owner.ok("GET", `${w}/audit?limit=200`);
    expect(JSON.stringify(audit)).not.toContain("Hacked");
  });

  it("says the same for a malformed workspace id", async () => {
    const res = await stranger.get("/api/v1/workspaces/not-a-uuid/products");
    expect(res.statusCode).toBe(404);
  });
});
