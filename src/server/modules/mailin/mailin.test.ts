import { sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execRows } from "../../db/hot.ts";
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
import { type MailInListener, startMailIn } from "./mailin.smtp.ts";

/**
 * E-mail in through a real SMTP client (nodemailer) to Baton's listener on 127.0.0.1, replies through the outbox
 * to the recording SMTP server of the mail tests, and the customer's answer threading back onto the item.
 */
const DOMAIN = "in.baton.test";
const FROM = "Baton <baton@baton.test>";
let t: TestApp;
let owner: Client;
let w: string;
let smtp: RecordingSmtp;
let listener: MailInListener;
let small: MailInListener;
let address: string;

const listenerConfig = (maxBytes: number) => ({
  smtpInDomain: DOMAIN,
  smtpInPort: 0,
  smtpInHost: "127.0.0.1",
  smtpInMaxBytes: maxBytes,
});

beforeAll(async () => {
  smtp = await startRecordingSmtp();
  t = await createTestApp({ env: { SMTP_IN_PORT: "0", SMTP_IN_DOMAIN: DOMAIN, MAIL_FROM: FROM } });
  owner = await setupOwner(t.app);
  w = `/api/v1/workspaces/${owner.wid}`;
  listener = await startMailIn(t.database, listenerConfig(20 * 1024 * 1024), t.clock);
  small = await startMailIn(t.database, listenerConfig(64 * 1024), t.clock);
  address = (await owner.ok("GET", `${w}/mail-in`)).address;
});
afterAll(async () => {
  await listener?.close();
  await small?.close();
  await t?.close();
  await smtp?.close();
});

/** Sends one mail with a real SMTP client to a listener; resolves with the server's answer or its refusal. */
async function deliver(mail: Record<string, unknown>, port = listener.port) {
  const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ from: "Dana Doe <dana@northwind.test>", to: address, ...mail });
  } finally {
    transport.close();
  }
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { responseCode?: number }) => e.responseCode ?? -1,
  );
const count = async (query: ReturnType<typeof sql>) =>
  Number((await execRows<{ n: number }>(t.database.db, query))[0].n);
const itemsWithKey = (messageId: string) =>
  count(
    sql`SELECT count(*)::int AS n FROM feedback_items WHERE source = 'email' AND external_id = ${messageId}`,
  );
const itemOf = async (messageId: string) =>
  (
    await execRows<{ itemId: string }>(
      t.database.db,
      sql`SELECT item_id AS "itemId" FROM feedback_messages WHERE message_id = ${messageId}`,
    )
  )[0]?.itemId;
const sendJobs = () =>
  runDueJobs(t.database.db, t.clock, jobHandlersFor({ smtpUrl: smtp.url, mailFrom: FROM }));

describe("e-mail in", () => {
  it("shows the secret address to admins only, and a rotated address refuses mail", async () => {
    expect(address).toMatch(new RegExp(`^feedback\\+[0-9a-f]{32}@${DOMAIN.replace(/\./g, "\\.")}$`));
    const again = await owner.ok("GET", `${w}/mail-in`);
    expect(again).toEqual({ address, productId: null, productName: null, listening: true, rotatedAt: null });
    const pm = await addUser(owner, "product_manager");
    expect((await pm.get(`${w}/mail-in`)).statusCode).toBe(403);
    const rotated = await owner.ok("POST", `${w}/mail-in/rotate`);
    expect(rotated.address).not.toBe(address);
    expect(await refusal(deliver({ subject: "old address", text: "hello" }))).toBe(550);
    address = rotated.address;
  });

  it("makes an item from a customer's mail: the sender becomes a person in the company of their domain", async () => {
    const company = await owner.ok(
      "POST",
      `${w}/companies`,
      { name: "Northwind", domain: "northwind.test" },
      201,
    );
    const info = await deliver({
      subject: "Export to PDF please",
      text: "We need to export our roadmap to PDF for the board.",
      messageId: "<first-1@northwind.test>",
    });
    expect(info.response).toMatch(/^250/);
    const itemId = await itemOf("first-1@northwind.test");
    const item = await owner.ok("GET", `${w}/feedback/${itemId}`);
    expect(item).toMatchObject({
      source: "email",
      title: "Export to PDF please",
      text: "We need to export our roadmap to PDF for the board.",
      companyId: company.id,
    });
    const person = await owner.ok("GET", `${w}/people/${item.personId}`);
    expect(person).toMatchObject({ name: "Dana Doe", email: "dana@northwind.test", companyId: company.id });
    const conv = await owner.ok("GET", `${w}/feedback/${itemId}/messages`);
    expect(conv.items).toHaveLength(1);
    expect(conv.items[0]).toMatchObject({
      direction: "in",
      messageId: "first-1@northwind.test",
      fromAddress: "dana@northwind.test",
      fromName: "Dana Doe",
      toAddress: address,
      attachments: [],
    });
    // A second mail from the same sender is the same person.
    await deliver({ subject: "Also", text: "And dark mode.", messageId: "<first-2@northwind.test>" });
    expect((await owner.ok("GET", `${w}/feedback/${await itemOf("first-2@northwind.test")}`)).personId).toBe(
      item.personId,
    );
    const audit = await owner.ok("GET", `${w}/audit?limit=20`);
    expect(audit.items.map((e: { action: string }) => e.action)).toContain("feedback.create");
  });

  it("replies through the outbox with threading headers, and the customer's answer joins the same item", async () => {
    const itemId = await itemOf("first-1@northwind.test");
    t.clock.advance(60_000); // the conversation is ordered by time: the reply comes a minute later
    const sent = await owner.ok(
      "POST",
      `${w}/feedback/${itemId}/replies`,
      { text: "Hi {{customer.firstName}}, thanks for writing to {{workspace.name}}.\n{{sender.name}}" },
      201,
    );
    expect(sent).toMatchObject({
      direction: "out",
      toAddress: "dana@northwind.test",
      subject: "Re: Export to PDF please",
      text: "Hi Dana, thanks for writing to Acme.\nOlivia Owner",
      inReplyTo: "first-1@northwind.test",
      sentAt: null,
    });
    await sendJobs(); // the reply (and the invitation of the first test)
    const deliveredAt = t.clock.now().toISOString();
    const out = smtp.received.filter((m) => m.to.includes("dana@northwind.test"));
    expect(out).toHaveLength(1);
    expect(out[0].headers["in-reply-to"]).toBe("<first-1@northwind.test>");
    expect(out[0].headers.references).toBe("<first-1@northwind.test>");
    expect(out[0].headers["reply-to"]).toBe(address);
    expect(out[0].headers["message-id"]).toBe(`<${sent.messageId}>`);
    expect(out[0].body.trim()).toBe("Hi Dana, thanks for writing to Acme.\nOlivia Owner");

    const seen = await owner.ok("GET", `${w}/feedback/${itemId}`);
    await owner.ok("PATCH", `${w}/feedback/${itemId}`, { read: true, version: seen.version });
    // The customer answers (their client quotes the ids it saw) to the Reply-To address, an hour later.
    t.clock.advance(3_600_000);
    const info = await deliver({
      to: out[0].headers["reply-to"],
      subject: "Re: Export to PDF please",
      text: "Thanks! Landscape A4 would be ideal.",
      messageId: "<answer-1@northwind.test>",
      inReplyTo: out[0].headers["message-id"],
      references: [out[0].headers.references, out[0].headers["message-id"]],
    });
    expect(info.response).toMatch(/^250/);
    expect(await itemOf("answer-1@northwind.test")).toBe(itemId);
    expect(await itemsWithKey("answer-1@northwind.test")).toBe(0);
    const conv = await owner.ok("GET", `${w}/feedback/${itemId}/messages`);
    expect(conv.items.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual([
      ["in", "We need to export our roadmap to PDF for the board."],
      ["out", "Hi Dana, thanks for writing to Acme.\nOlivia Owner"],
      ["in", "Thanks! Landscape A4 would be ideal."],
    ]);
    expect(conv.items[1].sentAt).toBe(deliveredAt);
    // The answer marks the item unread again.
    expect((await owner.ok("GET", `${w}/feedback/${itemId}`)).read).toBe(false);
    // A second reply continues the thread from the answer.
    t.clock.advance(60_000);
    const second = await owner.ok("POST", `${w}/feedback/${itemId}/replies`, { text: "Noted." }, 201);
    expect(second.inReplyTo).toBe("answer-1@northwind.test");
  });

  it("stores a re-delivered Message-ID once, sequentially and in parallel", async () => {
    const mail = {
      subject: "Twice",
      text: "Same mail delivered again.",
      messageId: "<dup-1@northwind.test>",
    };
    await deliver(mail);
    await deliver(mail);
    expect(await itemsWithKey("dup-1@northwind.test")).toBe(1);
    const par = {
      subject: "Parallel",
      text: "Same mail, parallel deliveries.",
      messageId: "<dup-2@northwind.test>",
    };
    const answers = await Promise.all([deliver(par), deliver(par), deliver(par), deliver(par)]);
    for (const a of answers) expect(a.response).toMatch(/^250/);
    expect(await itemsWithKey("dup-2@northwind.test")).toBe(1);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM feedback_messages WHERE message_id = 'dup-2@northwind.test'`,
      ),
    ).toBe(1);
    // A new sender in parallel mails is one person.
    const from = "New Person <new.person@elsewhere.test>";
    await Promise.all([
      deliver({ from, subject: "a", text: "first of two", messageId: "<np-1@elsewhere.test>" }),
      deliver({ from, subject: "b", text: "second of two", messageId: "<np-2@elsewhere.test>" }),
    ]);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM people WHERE email = 'new.person@elsewhere.test'`),
    ).toBe(1);
  });

  it("refuses unknown addresses (550) and oversized mail (552), storing nothing", async () => {
    expect(await refusal(deliver({ to: `feedback+${"0".repeat(32)}@${DOMAIN}`, text: "x" }))).toBe(550);
    expect(await refusal(deliver({ to: `someone@${DOMAIN}`, text: "x" }))).toBe(550);
    expect(await refusal(deliver({ to: address.replace(DOMAIN, "other.test"), text: "x" }))).toBe(550);
    const big = "y".repeat(100 * 1024);
    expect(
      await refusal(deliver({ subject: "Big", text: big, messageId: "<big-1@northwind.test>" }, small.port)),
    ).toBe(552);
    expect(await itemsWithKey("big-1@northwind.test")).toBe(0);
  });

  it("reads HTML-only mail as text, notes a mail without text, and lists (not stores) a 10 MB attachment", async () => {
    await deliver({
      subject: "HTML only",
      html: "<p>The <b>export</b> button is hidden.</p><script>alert(1)</script>",
      messageId: "<html-1@northwind.test>",
    });
    expect((await owner.ok("GET", `${w}/feedback/${await itemOf("html-1@northwind.test")}`)).text).toBe(
      "The export button is hidden.",
    );
    const tenMb = Buffer.alloc(10 * 1024 * 1024, 7);
    const info = await deliver({
      subject: "Screenshot",
      messageId: "<att-1@northwind.test>",
      attachments: [{ filename: "screen.bin", content: tenMb, contentType: "application/octet-stream" }],
    });
    expect(info.response).toMatch(/^250/);
    const itemId = await itemOf("att-1@northwind.test");
    expect((await owner.ok("GET", `${w}/feedback/${itemId}`)).text).toBe(
      "(This mail had no text; attachments: screen.bin.)",
    );
    const conv = await owner.ok("GET", `${w}/feedback/${itemId}/messages`);
    expect(conv.items[0].attachments).toEqual([
      { name: "screen.bin", type: "application/octet-stream", size: 10 * 1024 * 1024 },
    ]);
  });
});

describe("product addresses", () => {
  it("gives each product its own address: its mail becomes feedback of the product, rotation per address", async () => {
    const mobile = await owner.ok("POST", `${w}/products`, { name: "Mobile" }, 201);
    const web = await owner.ok("POST", `${w}/products`, { name: "Analytics" }, 201);
    const list = await owner.ok("GET", `${w}/mail-in/addresses`);
    expect(list.listening).toBe(true);
    expect(list.items[0]).toMatchObject({ address, productId: null });
    const mine = list.items.filter((i: { productId: string | null }) => i.productId);
    expect(mine.map((i: { productName: string }) => i.productName)).toEqual(
      expect.arrayContaining(["Analytics", "Mobile"]),
    );
    const mobileIn = await owner.ok("GET", `${w}/products/${mobile.id}/mail-in`);
    expect(mobileIn).toMatchObject({ productId: mobile.id, productName: "Mobile", rotatedAt: null });
    expect(mine.find((i: { productId: string }) => i.productId === mobile.id).address).toBe(mobileIn.address);
    expect(new Set(list.items.map((i: { address: string }) => i.address)).size).toBe(list.items.length);
    // Admins only; another workspace's product is 404.
    const pm = await addUser(owner, "product_manager");
    expect((await pm.get(`${w}/mail-in/addresses`)).statusCode).toBe(403);
    expect((await pm.post(`${w}/products/${mobile.id}/mail-in/rotate`, {})).statusCode).toBe(403);

    // Mail to the product's address: an item of that product (source_id), with the workspace's address still working.
    const info = await deliver({
      to: mobileIn.address,
      subject: "Offline mode",
      text: "The app should work on the train.",
      messageId: "<prod-1@northwind.test>",
    });
    expect(info.response).toMatch(/^250/);
    const item = await owner.ok("GET", `${w}/feedback/${await itemOf("prod-1@northwind.test")}`);
    expect(item).toMatchObject({ source: "email", sourceId: mobile.id, title: "Offline mode" });
    await deliver({ subject: "General", text: "For everyone.", messageId: "<ws-1@northwind.test>" });
    expect((await owner.ok("GET", `${w}/feedback/${await itemOf("ws-1@northwind.test")}`)).sourceId).toBe("");
    // To the workspace's and a product's address at once: one item, of the product.
    await deliver({
      to: [address, (await owner.ok("GET", `${w}/products/${web.id}/mail-in`)).address],
      subject: "Both",
      text: "Sent to two addresses.",
      messageId: "<both-1@northwind.test>",
    });
    expect(await itemsWithKey("both-1@northwind.test")).toBe(1);
    expect((await owner.ok("GET", `${w}/feedback/${await itemOf("both-1@northwind.test")}`)).sourceId).toBe(
      web.id,
    );

    // A reply to the product's item says Reply-To the product's address, and the answer threads back.
    t.clock.advance(60_000);
    const sent = await owner.ok("POST", `${w}/feedback/${item.id}/replies`, { text: "Noted, thanks." }, 201);
    await sendJobs();
    const out = smtp.received.find((m) => m.headers["message-id"] === `<${sent.messageId}>`);
    expect(out?.headers["reply-to"]).toBe(mobileIn.address);

    // Rotating the product's address retires only it (audited without the address).
    const rotated = await owner.ok("POST", `${w}/products/${mobile.id}/mail-in/rotate`);
    expect(rotated.address).not.toBe(mobileIn.address);
    expect(rotated.rotatedAt).not.toBeNull();
    expect(await refusal(deliver({ to: mobileIn.address, subject: "old", text: "x" }))).toBe(550);
    expect((await deliver({ to: rotated.address, subject: "new", text: "y" })).response).toMatch(/^250/);
    expect((await owner.ok("GET", `${w}/mail-in`)).address).toBe(address);
    const audit = await owner.ok("GET", `${w}/audit`, undefined, 200);
    const entry = audit.items.find(
      (e: { action: string; entityId: string | null }) =>
        e.action === "mailin.rotate" && e.entityId === mobile.id,
    );
    expect(entry).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain(rotated.address.split("+")[1].split("@")[0]);

    // The webhook: the product named in the body, or found among the recipients.
    const hook = { from: { address: "eve@contoso.test" }, text: "Through a provider." };
    const named = await owner.ok(
      "POST",
      `${w}/feedback/mail`,
      { ...hook, productId: mobile.id, messageId: "hook-p1@contoso.test" },
      201,
    );
    expect((await owner.ok("GET", `${w}/feedback/${named.itemId}`)).sourceId).toBe(mobile.id);
    const byTo = await owner.ok(
      "POST",
      `${w}/feedback/mail`,
      { ...hook, to: `Feedback <${rotated.address}>`, messageId: "hook-p2@contoso.test" },
      201,
    );
    expect((await owner.ok("GET", `${w}/feedback/${byTo.itemId}`)).sourceId).toBe(mobile.id);

    // The same mail through the product's and the workspace's way in, in parallel: one item.
    const race = { ...hook, messageId: "hook-race@contoso.test" };
    const answers = await Promise.all([
      owner.request("POST", `${w}/feedback/mail`, { ...race, productId: mobile.id }),
      owner.request("POST", `${w}/feedback/mail`, race),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201]);
    expect(new Set(answers.map((a) => a.json().itemId)).size).toBe(1);
    expect(await itemsWithKey("hook-race@contoso.test")).toBe(1);

    // Another workspace's product: 404 on the address, a field error in the webhook.
    const stranger = await otherTenant(owner);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    expect((await stranger.get(`${sw}/products/${mobile.id}/mail-in`)).statusCode).toBe(404);
    expect((await stranger.post(`${sw}/products/${mobile.id}/mail-in/rotate`, {})).statusCode).toBe(404);
    const refused = await stranger.request("POST", `${sw}/feedback/mail`, {
      ...hook,
      productId: mobile.id,
      messageId: "hook-p3@contoso.test",
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).fields).toHaveProperty(["productId"]);
    // Mail to this workspace's product address sent to the stranger's webhook stays a workspace item there.
    const theirs = await stranger.ok(
      "POST",
      `${sw}/feedback/mail`,
      { ...hook, to: rotated.address, messageId: "hook-p4@contoso.test" },
      201,
    );
    expect((await stranger.ok("GET", `${sw}/feedback/${theirs.itemId}`)).sourceId).toBe("");

    // Deleting a product deletes its address: mail to it is refused.
    await owner.ok("DELETE", `${w}/products/${web.id}`, undefined, 204);
    expect(
      (await owner.ok("GET", `${w}/mail-in/addresses`)).items.some(
        (i: { productId: string | null }) => i.productId === web.id,
      ),
    ).toBe(false);
  });
});

describe("inbound-mail webhook", () => {
  it("stores parsed mail like the listener: created, duplicate, threaded", async () => {
    const body = {
      from: { address: "Eve@Contoso.test", name: "Eve" },
      subject: "Webhook mail",
      text: "Came through a provider.",
      messageId: "<hook-1@contoso.test>",
      attachments: [{ name: "a.pdf", type: "application/pdf", size: 1234 }],
    };
    const first = await owner.ok("POST", `${w}/feedback/mail`, body, 201);
    expect(first).toMatchObject({ outcome: "created", messageId: "hook-1@contoso.test" });
    expect(await owner.ok("POST", `${w}/feedback/mail`, body, 200)).toEqual({
      ...first,
      outcome: "duplicate",
    });
    const answer = await owner.ok(
      "POST",
      `${w}/feedback/mail`,
      { ...body, text: "More.", messageId: "hook-2@contoso.test", inReplyTo: "<hook-1@contoso.test>" },
      201,
    );
    expect(answer).toEqual({ outcome: "threaded", itemId: first.itemId, messageId: "hook-2@contoso.test" });
    const bad = await owner.request("POST", `${w}/feedback/mail`, { ...body, from: { address: "" } });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields).toHaveProperty(["from.address"]);
    const viewer = await addUser(owner, "viewer");
    expect((await viewer.post(`${w}/feedback/mail`, body)).statusCode).toBe(403);
  });
});

describe("reply templates", () => {
  it("refuses unknown variables field by field, renders known ones, and refuses a variable without a value", async () => {
    const bad = await owner.request("POST", `${w}/reply-templates`, {
      name: "Bad",
      subject: "About {{idea.name}}",
      body: "Hi {{customer.nme}}",
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).fields?.body).toMatch(/^Unknown variable \{\{customer\.nme\}\}/);
    expect(errorOf(bad).fields?.subject).toMatch(/^Unknown variable \{\{idea\.name\}\}/);
    const tpl = await owner.ok(
      "POST",
      `${w}/reply-templates`,
      {
        name: "Thanks",
        subject: "Your idea: {{idea.title}}",
        body: "Hi {{customer.name}}, {{idea.title}} is planned.",
      },
      201,
    );
    const dup = await owner.request("POST", `${w}/reply-templates`, { name: "thanks", body: "x" });
    expect(dup.statusCode).toBe(409);
    const itemId = await itemOf("first-1@northwind.test");
    const noIdea = await owner.request("POST", `${w}/feedback/${itemId}/replies/preview`, {
      templateId: tpl.id,
    });
    expect(noIdea.statusCode).toBe(400);
    expect(errorOf(noIdea).fields?.subject).toMatch(/No value for \{\{idea\.title\}\}/);
    const sendUnknown = await owner.request("POST", `${w}/feedback/${itemId}/replies`, {
      text: "Hi {{who}}",
    });
    expect(errorOf(sendUnknown).fields?.text).toMatch(/^Unknown variable \{\{who\}\}/);

    const pid = (await owner.ok("POST", `${w}/products`, { name: "Core" }, 201)).id;
    const idea = await owner.ok("POST", `${w}/products/${pid}/ideas`, { title: "PDF export" }, 201);
    await owner.ok(
      "POST",
      `${w}/feedback/${itemId}/links`,
      { ideaId: idea.id, importance: "important" },
      201,
    );
    expect(await owner.ok("POST", `${w}/feedback/${itemId}/replies/preview`, { templateId: tpl.id })).toEqual(
      {
        to: "dana@northwind.test",
        subject: "Your idea: PDF export",
        text: "Hi Dana Doe, PDF export is planned.",
      },
    );
    const edited = await owner.ok("PATCH", `${w}/reply-templates/${tpl.id}`, {
      body: "Bye {{customer.name}}",
      version: 1,
    });
    expect(edited).toMatchObject({ body: "Bye {{customer.name}}", version: 2 });
    expect((await owner.patch(`${w}/reply-templates/${tpl.id}`, { name: "x", version: 1 })).statusCode).toBe(
      409,
    );
    expect(
      (await owner.ok("GET", `${w}/reply-templates`)).items.map((x: { name: string }) => x.name),
    ).toEqual(["Thanks"]);
    await owner.ok("DELETE", `${w}/reply-templates/${tpl.id}`, undefined, 204);
    expect((await owner.get(`${w}/reply-templates/${tpl.id}`)).statusCode).toBe(404);
  });

  it("lets only customers.contact send, and refuses an item without a customer e-mail", async () => {
    const itemId = await itemOf("first-1@northwind.test");
    const contributor = await addUser(owner, "contributor");
    expect((await contributor.post(`${w}/feedback/${itemId}/replies`, { text: "hi" })).statusCode).toBe(403);
    expect((await contributor.post(`${w}/reply-templates`, { name: "c", body: "hi" })).statusCode).toBe(403);
    expect((await contributor.get(`${w}/feedback/${itemId}/messages`)).statusCode).toBe(200);
    const anon = await owner.ok(
      "POST",
      `${w}/feedback`,
      { text: "From a handle", author: { handle: "@x" } },
      201,
    );
    const r = await owner.request("POST", `${w}/feedback/${anon.id}/replies`, { text: "hi" });
    expect(r.statusCode).toBe(409);
    expect(errorOf(r).fields?.to).toBeTruthy();
  });

  it("keeps another workspace's items, templates and mail apart", async () => {
    const stranger = await otherTenant(owner);
    const sw = `/api/v1/workspaces/${stranger.wid}`;
    const itemId = await itemOf("first-1@northwind.test");
    const tpl = await owner.ok("POST", `${w}/reply-templates`, { name: "Mine", body: "hello" }, 201);
    expect((await stranger.get(`${sw}/feedback/${itemId}/messages`)).statusCode).toBe(404);
    expect((await stranger.post(`${sw}/feedback/${itemId}/replies`, { text: "hi" })).statusCode).toBe(404);
    expect((await stranger.get(`${sw}/reply-templates/${tpl.id}`)).statusCode).toBe(404);
    expect(
      (await stranger.patch(`${sw}/reply-templates/${tpl.id}`, { name: "x", version: 1 })).statusCode,
    ).toBe(404);
    expect((await stranger.del(`${sw}/reply-templates/${tpl.id}`)).statusCode).toBe(404);
    const own = await stranger.ok("POST", `${sw}/feedback`, { text: "Theirs" }, 201);
    expect(
      (await stranger.post(`${sw}/feedback/${own.id}/replies/preview`, { templateId: tpl.id })).statusCode,
    ).toBe(409); // their item has no customer; checked before the template
    // Mail to the other workspace's address lands there, not here; the same Message-ID is independent per workspace.
    const theirs = (await stranger.ok("GET", `${sw}/mail-in`)).address;
    await deliver({
      to: theirs,
      subject: "Other",
      text: "For the other workspace.",
      messageId: "<first-1@northwind.test>",
    });
    expect(await itemsWithKey("first-1@northwind.test")).toBe(2);
    expect(
      await count(
        sql`SELECT count(*)::int AS n FROM feedback_items WHERE workspace_id = ${owner.wid} AND external_id = 'first-1@northwind.test'`,
      ),
    ).toBe(1);
  });
});
