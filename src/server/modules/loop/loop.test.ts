import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import {
  addUser,
  type Client,
  createTestApp,
  errorOf,
  otherTenant,
  setupOwner,
  type TestApp,
} from "../../test/app.ts";
import { type RecordingSmtp, startRecordingSmtp } from "../../test/smtp.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";

/**
 * Close the loop through the API and a real SMTP server on 127.0.0.1: one mail per linked customer, never
 * twice, never to someone who unsubscribed; parallel sends; the signed unsubscribe link.
 */
let t: TestApp;
let smtp: RecordingSmtp;
let pm: Client;
let contributor: Client;
let w: string;
let pid: string;
const idea: Record<string, string> = {};
const person: Record<string, string> = {};
const item: Record<string, string> = {};

const FROM = "Baton <baton@baton.test>";
const deliver = () =>
  runDueJobs(t.database.db, t.clock, jobHandlersFor({ smtpUrl: smtp.url, mailFrom: FROM }));
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

async function newIdea(title: string) {
  return (await pm.ok("POST", `${w}/products/${pid}/ideas`, { title }, 201)).id as string;
}
async function ship(id: string) {
  const cur = await pm.ok("GET", `${w}/ideas/${id}`);
  await pm.ok("PATCH", `${w}/ideas/${id}`, { version: cur.version, status: "shipped" });
}
async function feedback(key: string, personId: string, ideaId: string, text = `Please build it (${key})`) {
  item[key] = (await pm.ok("POST", `${w}/feedback`, { text, author: { personId } }, 201)).id;
  await pm.ok("POST", `${w}/feedback/${item[key]}/links`, { ideaId, importance: "important" }, 201);
}
const state = (id: string, who = pm) => who.ok("GET", `${w}/ideas/${id}/loop`);
const message = {
  subject: "Shipped: {{idea}}",
  body: "Hi {{firstName}} from {{company}}, {{idea}} is live.",
};

beforeAll(async () => {
  smtp = await startRecordingSmtp();
  t = await createTestApp();
  pm = await setupOwner(t.app);
  contributor = await addUser(pm, "contributor");
  w = `/api/v1/workspaces/${pm.wid}`;
  pid = (await pm.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
  const acme = await pm.ok("POST", `${w}/companies`, { name: "Acme Corp" }, 201);
  const add = async (k: string, body: Record<string, unknown>) =>
    (person[k] = (await pm.ok("POST", `${w}/people`, body, 201)).id);
  await add("ann", { name: "Ann Archer", email: "ann@acme.test", companyId: acme.id });
  await add("bo", { name: "Bo Baker", email: "bo@home.test" });
  await add("cy", { name: "Cy", email: "cy@home.test" });
  await add("nomail", { name: "No Mail" });
  idea.sso = await newIdea("Single sign-on");
  // Ann twice, Bo once, Cy once, No Mail once, and a spam item from Cy that must not count.
  await feedback("a1", person.ann, idea.sso);
  await feedback("a2", person.ann, idea.sso);
  await feedback("b1", person.bo, idea.sso);
  await feedback("c1", person.cy, idea.sso);
  await feedback("n1", person.nomail, idea.sso);
  await deliver(); // the contributor's invitation
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe("close the loop", () => {
  it("lists each linked customer once, with the prepared message, and refuses to send before shipping", async () => {
    const s = await state(idea.sso);
    expect(s.shipped).toBe(false);
    expect(s.draft).toMatchObject({
      id: null,
      subject: "Shipped: {{idea}}",
      changelogEntryId: null,
      version: null,
    });
    expect(s.draft.body).not.toContain("{{changelogUrl}}"); // no published entry names the idea
    const byName = Object.fromEntries(s.recipients.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["Ann Archer", "Bo Baker", "Cy", "No Mail"]);
    expect(byName["Ann Archer"]).toMatchObject({ items: 2, status: "ready", companyName: "Acme Corp" });
    expect(byName["No Mail"]).toMatchObject({ items: 1, status: "no_email", email: null });
    expect(s.counts).toEqual({ ready: 3, told: 0, unsubscribed: 0, noEmail: 1 });
    const res = await pm.post(`${w}/ideas/${idea.sso}/loop/send`, message);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).message).toMatch(/shipped/);
  });

  it("previews the mail as the first customer gets it, with a placeholder unsubscribe link", async () => {
    const p = await pm.ok("POST", `${w}/ideas/${idea.sso}/loop/preview`, message);
    expect(p.personId).toBe(
      [person.ann, person.bo, person.cy].sort()[0], // ordered by id
    );
    const bo = await pm.ok("POST", `${w}/ideas/${idea.sso}/loop/preview`, {
      ...message,
      personId: person.bo,
    });
    expect(bo).toMatchObject({ to: "bo@home.test", subject: "Shipped: Single sign-on" });
    expect(bo.text).toContain("Hi Bo from , Single sign-on is live.");
    expect(bo.text).toContain("/unsubscribe/(a personal link for each customer)");
    const bad = await pm.post(`${w}/ideas/${idea.sso}/loop/preview`, { ...message, body: "Hi {{frist}}" });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.body).toMatch(/Unknown variable \{\{frist\}\}/);
    const noEntry = await pm.post(`${w}/ideas/${idea.sso}/loop/preview`, {
      ...message,
      body: "{{changelogUrl}}",
    });
    expect(errorOf(noEntry).fields?.changelogEntryId).toMatch(/Choose the changelog entry/);
  });

  it("saves the draft with versions; contributors may preview but not save or send", async () => {
    const first = await pm.ok("PUT", `${w}/ideas/${idea.sso}/loop/draft`, message);
    expect(first.draft).toMatchObject({ subject: message.subject, version: 1 });
    expect(first.draft.id).toBeTruthy();
    const stale = await pm.put(`${w}/ideas/${idea.sso}/loop/draft`, message); // no version: it exists now
    expect(stale.statusCode).toBe(409);
    const second = await pm.ok("PUT", `${w}/ideas/${idea.sso}/loop/draft`, { ...message, version: 1 });
    expect(second.draft.version).toBe(2);
    expect(
      (await contributor.put(`${w}/ideas/${idea.sso}/loop/draft`, { ...message, version: 2 })).statusCode,
    ).toBe(403);
    expect((await contributor.post(`${w}/ideas/${idea.sso}/loop/send`, message)).statusCode).toBe(403);
    expect((await contributor.post(`${w}/ideas/${idea.sso}/loop/preview`, message)).statusCode).toBe(200);
  });

  it("sends one mail per customer however many items, through the outbox to the SMTP server", async () => {
    await ship(idea.sso);
    const sent = await pm.ok("POST", `${w}/ideas/${idea.sso}/loop/send`, message);
    expect(sent.sent).toBe(3);
    expect(sent.recipients.map((r: { email: string }) => r.email).sort()).toEqual([
      "ann@acme.test",
      "bo@home.test",
      "cy@home.test",
    ]);
    expect(mailsTo("ann@acme.test")).toHaveLength(0); // queued, not sent before the job runs
    expect(await deliver()).toBe(3);
    const [ann, ...more] = mailsTo("ann@acme.test");
    expect(more).toEqual([]);
    expect(ann.subject).toBe("Shipped: Single sign-on");
    expect(ann.body).toContain("Hi Ann from Acme Corp, Single sign-on is live.");
    expect(ann.body).toMatch(/http:\/\/baton\.test\/unsubscribe\/[0-9a-f-]{36}\.[0-9a-f-]{36}\.[\w-]{43}/);
    expect(mailsTo("bo@home.test")).toHaveLength(1);
    const s = await state(idea.sso);
    expect(s.counts).toEqual({ ready: 0, told: 3, unsubscribed: 0, noEmail: 1 });
    expect(s.draft.id).toBeNull(); // the draft became the sent campaign
    expect(s.campaigns).toHaveLength(1);
    expect(s.campaigns[0]).toMatchObject({ recipients: 3, subject: message.subject });
    expect(s.campaigns[0].sends.map((x: { delivery: string }) => x.delivery)).toEqual([
      "sent",
      "sent",
      "sent",
    ]);
  });

  it("records what each person was told on the customer and on each answered item", async () => {
    const told = await pm.ok("GET", `${w}/people/${person.ann}/told`);
    expect(told.unsubscribedAt).toBeNull();
    expect(told.items).toHaveLength(1);
    expect(told.items[0]).toMatchObject({
      ideaId: idea.sso,
      ideaTitle: "Single sign-on",
      email: "ann@acme.test",
      subject: "Shipped: Single sign-on",
      delivery: "sent",
    });
    expect(told.items[0].itemIds.sort()).toEqual([item.a1, item.a2].sort());
    const onItem = await pm.ok("GET", `${w}/feedback/${item.a2}/told`);
    expect(onItem.items.map((x: { personId: string }) => x.personId)).toEqual([person.ann]);
    expect((await pm.ok("GET", `${w}/feedback/${item.n1}/told`)).items).toEqual([]);
  });

  it("tells nobody twice: a second send is refused, and only a newly linked customer gets the next one", async () => {
    const again = await pm.post(`${w}/ideas/${idea.sso}/loop/send`, message);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toMatch(/Nobody is left to tell/);
    // Ann writes again about the same idea: still told. Dee is new.
    await feedback("a3", person.ann, idea.sso);
    person.dee = (await pm.ok("POST", `${w}/people`, { name: "Dee Diaz", email: "dee@home.test" }, 201)).id;
    await feedback("d1", person.dee, idea.sso);
    const next = await pm.ok("POST", `${w}/ideas/${idea.sso}/loop/send`, message);
    expect(next.recipients).toEqual([{ personId: person.dee, email: "dee@home.test" }]);
    await deliver();
    expect(mailsTo("ann@acme.test")).toHaveLength(1);
    expect(mailsTo("dee@home.test")).toHaveLength(1);
  });

  it("parallel send requests mail each customer exactly once", async () => {
    const id = await newIdea("Parallel");
    for (const k of ["ann", "bo", "cy"]) await feedback(`p-${k}`, person[k], id);
    await ship(id);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        pm.post(`${w}/ideas/${id}/loop/send`, { ...message, subject: "Parallel" }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(5);
    await deliver();
    for (const e of ["ann@acme.test", "bo@home.test", "cy@home.test"])
      expect(mailsTo(e).filter((m) => m.subject === "Parallel")).toHaveLength(1);
    const s = await state(id);
    expect(s.campaigns).toHaveLength(1);
  });

  it("unsubscribes with the mail's signed link, idempotently, and refuses a changed link", async () => {
    const [mail] = mailsTo("bo@home.test");
    const token = /\/unsubscribe\/(\S+)/.exec(mail.body)?.[1] as string;
    const tampered = token.replace(person.bo, person.cy);
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/unsubscribe",
      payload: { token: tampered },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).message).toMatch(/not valid/);
    const cut = await t.app.inject({
      method: "POST",
      url: "/api/v1/unsubscribe",
      payload: { token: token.slice(0, -3) },
    });
    expect(cut.statusCode).toBe(400);
    const ok = await t.app.inject({ method: "POST", url: "/api/v1/unsubscribe", payload: { token } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ workspaceName: "Acme", alreadyUnsubscribed: false });
    const twice = await t.app.inject({ method: "POST", url: "/api/v1/unsubscribe", payload: { token } });
    expect(twice.json()).toEqual({ workspaceName: "Acme", alreadyUnsubscribed: true });
    expect((await pm.ok("GET", `${w}/people/${person.bo}/told`)).unsubscribedAt).not.toBeNull();
    const audit = await pm.ok("GET", `${w}/audit?action=customer.unsubscribe`);
    expect(audit.items.filter((e: { entityId: string }) => e.entityId === person.bo)).toHaveLength(1);

    // Bo gets nothing about the next shipped idea; Cy (not unsubscribed) does.
    const id = await newIdea("After unsubscribe");
    await feedback("u-bo", person.bo, id);
    await feedback("u-cy", person.cy, id);
    await ship(id);
    const s = await state(id);
    expect(s.counts).toEqual({ ready: 1, told: 0, unsubscribed: 1, noEmail: 0 });
    const sent = await pm.ok("POST", `${w}/ideas/${id}/loop/send`, { ...message, subject: "After" });
    expect(sent.recipients).toEqual([{ personId: person.cy, email: "cy@home.test" }]);
    await deliver();
    expect(mailsTo("bo@home.test").filter((m) => m.subject === "After")).toEqual([]);
  });

  it("records the sends and drafts in the audit log", async () => {
    const audit = await pm.ok("GET", `${w}/audit?entityType=idea&entityId=${idea.sso}`);
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === "loop.send")).toHaveLength(2);
    expect(actions.filter((a: string) => a === "loop.draft")).toHaveLength(2);
  });

  it("keeps another workspace out", async () => {
    const stranger = await otherTenant(pm);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    expect((await stranger.get(`${sw}/ideas/${idea.sso}/loop`)).statusCode).toBe(404);
    expect((await stranger.post(`${sw}/ideas/${idea.sso}/loop/send`, message)).statusCode).toBe(404);
    expect((await stranger.put(`${sw}/ideas/${idea.sso}/loop/draft`, message)).statusCode).toBe(404);
    expect((await stranger.post(`${sw}/ideas/${idea.sso}/loop/preview`, message)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/people/${person.ann}/told`)).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/feedback/${item.a1}/told`)).statusCode).toBe(404);
    // Their own idea cannot link our changelog entry either.
    const spid = (await stranger.ok("POST", `${sw}/products`, { name: "Theirs" }, 201)).id;
    const sidea = (await stranger.ok("POST", `${sw}/products/${spid}/ideas`, { title: "X" }, 201)).id;
    const entry = await pm.ok(
      "POST",
      `${w}/products/${pid}/changelog`,
      { title: "SSO", status: "published" },
      201,
    );
    const res = await stranger.post(`${sw}/ideas/${sidea}/loop/preview`, {
      ...message,
      changelogEntryId: entry.id,
    });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).fields).toEqual({ changelogEntryId: "not found" });
  });
});
