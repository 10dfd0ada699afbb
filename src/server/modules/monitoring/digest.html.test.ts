import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobHandlersFor } from "../../jobs.ts";
import { escapeHtml, htmlLink } from "../../lib/mail-html.ts";
import { addUser, type Client, createTestApp, setupOwner, type TestApp } from "../../test/app.ts";
import { type ReceivedMail, type RecordingSmtp, startRecordingSmtp } from "../../test/smtp.ts";
import { runDueJobs } from "../jobs/jobs.service.ts";
import { localMorning } from "../notifications/notifications.mail.ts";
import { insertChanges, insertCompetitor, insertMonitor, insertWatchers } from "./changes.fixture.ts";
import { notifyNewChanges } from "./changes.notify.ts";
import { competitorDigestHtml } from "./digest.html.ts";

/**
 * The digest's HTML alternative: a multipart/alternative mail (text as before, HTML beside it) delivered to a real
 * SMTP server on 127.0.0.1, grouped by competitor, most important first, diffs styled inline, and everything a
 * competitor's page says escaped (it is hostile: a <script> or an <img onerror> must read as text).
 */
const HOSTILE_NAME = `Evil <img src=x onerror="alert('name')"> Corp`;
const SCRIPT = "<script>alert(1)</script>";
const IMG = `<img src=x onerror=alert(2)>`;
/** A real tag (text has its "<" escaped) with an event handler or a source to fetch. */
const TAG_WITH_HANDLER = /<[a-z][^>]*\s(on\w+|src)\s*=/i;
const link = (path: string) => `http://baton.test/login?next=${encodeURIComponent(`/w/wid${path}`)}`;

describe("escaping (lib/mail-html.ts)", () => {
  it("escapes text and attributes, links only http(s)", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>\u0007`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
    expect(htmlLink("https://x.test/?a=1&b=<2>", "go")).toBe(
      '<a href="https://x.test/?a=1&amp;b=&lt;2&gt;" style="color:#1c7ed6">go</a>',
    );
    expect(htmlLink('https://x.test/" onmouseover="alert(1)', "go")).toBe("go");
    expect(htmlLink("javascript:alert(1)")).toBe("javascript:alert(1)");
    expect(htmlLink("data:text/html,<script>alert(1)</script>")).toBe(
      "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
    );
  });

  it("renders a section with every page-given piece escaped and insertions/deletions styled inline", () => {
    const html = competitorDigestHtml(
      [
        {
          competitorId: "c1",
          competitorName: HOSTILE_NAME,
          changes: [
            {
              id: "ch1",
              monitorName: `Pricing ${IMG}`,
              monitorUrl: "javascript:alert(3)",
              changedPercent: 12.34,
              summary: SCRIPT,
              category: "pricing",
              importance: "high",
              diff: [
                [0, "Pro plan"],
                [-1, `$49 ${SCRIPT}`],
                [1, `$59 ${IMG}`],
                [0, "per month"],
              ],
            },
          ],
        },
      ],
      { total: 1, feed: "/changes", link, perCompetitor: 8, excerpts: 3 },
    );
    expect(html).not.toMatch(TAG_WITH_HANDLER);
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain("Evil &lt;img src=x onerror=&quot;alert(&#39;name&#39;)&quot;&gt; Corp");
    expect(html).toContain(
      '…Pro plan <del style="background:#ffe3e3;color:#a61e1e;text-decoration:line-through">$49 &lt;script&gt;alert(1)&lt;/script&gt;</del> per month…',
    );
    expect(html).toContain(
      '<ins style="background:#d3f9d8;color:#1b5e20;text-decoration:underline">$59 &lt;img src=x onerror=alert(2)&gt;</ins>',
    );
    expect(html).toContain("12.3% changed");
    // The page's URL is not a link (not http(s)); the change's link is.
    expect(html).toContain(">javascript:alert(3)<");
    expect(html).toContain(`<a href="${escapeHtml(link("/changes/ch1"))}"`);
  });
});

let smtp: RecordingSmtp;
let t: TestApp;
let pm: Client;
let ana: Client & { email: string }; // mail at once: the digest holds only the competitor section
let cy: Client & { email: string }; // digest: her mentions come in the same mail
const ids: Record<string, string> = {};
const FROM = "Baton <baton@baton.test>";
const handlers = () => jobHandlersFor({ smtpUrl: smtp.url, mailFrom: FROM, publicUrl: "http://baton.test" });
const run = async () => {
  while ((await runDueJobs(t.database.db, t.clock, handlers(), 200)) > 0) {}
};
let baseline = 0;
const mailsTo = (who: { email: string }, subject = /^Baton digest/): ReceivedMail[] =>
  smtp.received.slice(baseline).filter((m) => m.to.includes(who.email) && subject.test(m.subject));

beforeAll(async () => {
  smtp = await startRecordingSmtp();
  t = await createTestApp();
  t.clock.set(new Date("2027-05-04T12:00:00Z"));
  pm = await setupOwner(t.app, "Acme & <Sons>");
  const w = `/api/v1/workspaces/${pm.wid}`;
  ana = await addUser(pm, "product_manager", pm.wid, "Ana Immediate");
  cy = await addUser(pm, "contributor", pm.wid, "Cy <b>Digest</b>");
  await cy.ok("PUT", `${w}/me/mail-preference`, { preference: "digest" });
  await run();
  baseline = smtp.received.length;
  const db = t.database.db;
  ids.evil = await insertCompetitor(db, pm.wid, HOSTILE_NAME);
  ids.calm = await insertCompetitor(db, pm.wid, "Calm Co");
  ids.evilPage = await insertMonitor(db, pm.wid, ids.evil, {
    name: `Home ${IMG}`,
    url: "https://evil.example/?q=<x>&y=1",
  });
  ids.calmPage = await insertMonitor(db, pm.wid, ids.calm, { name: "Calm pricing" });
  await insertWatchers(db, pm.wid, ids.evil, [ana.userId, cy.userId]);
  await insertWatchers(db, pm.wid, ids.calm, [ana.userId, cy.userId]);
  const at = "2027-05-04T13:00:00.000Z";
  // As the check engine does: the changes and the hook (which schedules the watchers' digests) in one transaction.
  const detect = (competitorId: string, monitorId: string, changes: Parameters<typeof insertChanges>[4]) =>
    db.transaction(async (tx) => {
      const changeIds = await insertChanges(tx, pm.wid, competitorId, monitorId, changes);
      await notifyNewChanges(tx, pm.wid, changeIds, { clock: t.clock, publicUrl: "http://baton.test" });
    });
  await detect(ids.calm, ids.calmPage, [
    {
      detectedAt: at,
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
  await detect(ids.evil, ids.evilPage, [
    {
      detectedAt: at,
      category: "messaging",
      importance: "normal",
      summary: SCRIPT,
      diff: [
        [0, "The"],
        [-1, `fastest ${IMG}`],
        [1, `${SCRIPT} friendliest`],
        [0, "tracker for teams"],
      ],
    },
    { detectedAt: at, category: "other", importance: "low", summary: `Footer ${IMG}`, diff: [] },
  ]);
  // A mention for Cy (digest preference): her digest also lists it (and the high change's notice), in both parts.
  const product = await pm.ok("POST", `${w}/products`, { name: "App" }, 201);
  const idea = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: `Idea ${SCRIPT}` }, 201);
  await pm.ok("POST", `${w}/ideas/${idea.id}/comments`, { body: `Look ${IMG}`, mentions: [cy.userId] }, 201);
  t.clock.set(localMorning("2027-05-05", "UTC"));
  await run();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe("the digest over SMTP", () => {
  it("arrives as multipart/alternative: the text part as before and an HTML part, both UTF-8", async () => {
    const [digest, ...more] = mailsTo(ana);
    expect(more).toEqual([]);
    expect(digest.subject).toBe("Baton digest for Acme & <Sons>: 3 competitor changes");
    expect(digest.headers["content-type"]).toMatch(/^multipart\/alternative;\s*boundary=/);
    expect(digest.parts?.map((p) => p.headers["content-type"])).toEqual([
      expect.stringMatching(/^text\/plain; charset=utf-8/i),
      expect.stringMatching(/^text\/html; charset=utf-8/i),
    ]);
    // The text part is the plain-text digest it always was (markup verbatim, inert).
    expect(digest.body).toContain("■ Calm Co — 1 change (1 high)");
    expect(digest.body).toContain(`+ …The [${SCRIPT} friendliest] tracker for teams…`);
    // The same message through a full MIME parser.
    const parsed = await simpleParser(digest.raw);
    expect(parsed.text).toContain("− …Pro plan [$49] per month…");
    expect(parsed.html).toBe(digest.html);
  });

  it("the HTML part: grouped by competitor, most important first, diffs styled inline, everything escaped", async () => {
    const html = mailsTo(ana)[0].html as string;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // Nothing a page said became markup: no script, no image, no handler, no external stylesheet.
    expect(html).not.toMatch(/<script|<img|<link|<style|<iframe/i);
    expect(html).not.toMatch(TAG_WITH_HANDLER);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; friendliest");
    expect(html).toContain("fastest &lt;img src=x onerror=alert(2)&gt;");
    expect(html).toContain("Evil &lt;img src=x onerror=&quot;alert(&#39;name&#39;)&quot;&gt; Corp");
    expect(html).toContain("Acme &amp; &lt;Sons&gt;");
    expect(html).toContain('href="https://evil.example/?q=&lt;x&gt;&amp;y=1"');
    // Calm Co has the high change: first; in Evil: normal before low.
    const order = ["Calm Co", "High", "Calm pricing", "Evil &lt;img", "Normal", "Home &lt;img", "Low"];
    const at = order.map((s) => html.indexOf(s));
    expect(
      at.every((p) => p >= 0),
      html,
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toMatch(
      /…Pro plan <del style="[^"]*line-through">\$49<\/del> per month…[\s\S]*…Pro plan <ins style="[^"]*underline">\$59<\/ins> per month…/,
    );
    expect(html).toContain("Footer &lt;img src=x onerror=alert(2)&gt;"); // no diff: the summary
    expect(html).toContain(
      `href="http://baton.test/login?next=${encodeURIComponent(`/w/${pm.wid}/changes/`)}`,
    );
  });

  it("a member on the digest preference gets their notifications in the HTML part too, escaped", async () => {
    const [digest, ...more] = mailsTo(cy);
    expect(more).toEqual([]);
    expect(digest.subject).toBe("Baton digest for Acme & <Sons>: 2 new notifications, 3 competitor changes");
    const html = digest.html as string;
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toMatch(TAG_WITH_HANDLER);
    expect(html).toContain("Since your last digest");
    expect(html).toContain("Look &lt;img src=x onerror=alert(2)&gt;");
    expect(html.indexOf("Since your last digest")).toBeLessThan(html.indexOf("Competitor changes"));
    expect(digest.body).toContain(`Look ${IMG}`);
  });

  it("other mail stays text only", async () => {
    // The immediate notification of the high-importance change.
    const [high] = mailsTo(ana, /^Calm Co: pricing change/);
    expect(high.headers["content-type"]).toMatch(/^text\/plain/);
    expect(high.html).toBeUndefined();
    const t0 = smtp.received.length;
    const w = `/api/v1/workspaces/${pm.wid}`;
    const product = await pm.ok("POST", `${w}/products`, { name: "Other" }, 201);
    const idea = await pm.ok("POST", `${w}/products/${product.id}/ideas`, { title: "X" }, 201);
    await pm.ok("POST", `${w}/ideas/${idea.id}/comments`, { body: "hi", mentions: [ana.userId] }, 201);
    await run();
    const [mention] = smtp.received.slice(t0).filter((m) => m.to.includes(ana.email));
    expect(mention.subject).toMatch(/mentioned/);
    expect(mention.headers["content-type"]).toMatch(/^text\/plain/);
    expect(mention.html).toBeUndefined();
  });
});
