import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { apiOf, OWNER, startBaton, WORKSPACE } from "./helpers.ts";

/**
 * Issue 14's journey: add a competitor in the web app, give it a monitored pricing page and a blog feed served by
 * a fake website on 127.0.0.1 (started here), check both now (first snapshots), change the site (a price goes
 * from $49 to $59, the feed gains an entry), check again, open the detected change and read its diff side by side
 * and inline, then turn it into a feature-matrix cell (a new capability row) and a SWOT card, and see both where
 * they live; the pricing history gains the new price. Whatever the page contains is shown as text: markup in it
 * runs nothing.
 *
 * Its own Baton server: the shared one refuses loopback addresses (e2e/sources.spec.ts checks that refusal), and
 * this one allows them (BATON_FETCH_ALLOW_PRIVATE=1, with BATON_FETCH_LOOPBACK_ONLY=1 still keeping it off the
 * internet), with no pause between two requests to the site.
 */

const slow = expect.configure({ timeout: 45_000 });
test.use({ actionTimeout: 30_000 });

/** Text of the page that looks like markup: it must be shown as these characters, never run. */
const BAIT = `<img src=x onerror="alert('pwned')">`;
const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The fake competitor's website: its pricing page and blog feed in version 1, then 2 after `site.change()`. */
async function startSite() {
  let version = 1;
  let pricingDelayMs = 0;
  const hits: string[] = [];
  const pricing = () => `<!doctype html>
<html><head><title>Fleetly pricing</title>
<script>window.__fromTheSite = true; alert("script from the page")</script></head>
<body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<main>
<h1>Simple pricing for every fleet</h1>
<section><h2>Starter</h2><p>$19 per user/month</p><p>Route planning for a single depot.</p></section>
<section><h2>Team</h2><p>${version === 1 ? "$49" : "$59"} per user/month</p><p>Unlimited depots and live tracking of every van.</p></section>
<section><h2>Enterprise</h2><p>Talk to our sales team about single sign-on and audit logs.</p></section>
${version === 2 ? `<p>Offline maps now included ${escapeHtml(BAIT)} on every plan.</p><img src="x" onerror="alert('real img')">` : ""}
<p>Every plan comes with a thirty-day trial and support by e-mail.</p>
</main>
<footer>Fleetly Inc.</footer>
</body></html>`;
  const item = (title: string, slug: string, day: string) =>
    `<item><title>${title}</title><link>http://fleetly.test/blog/${slug}</link><guid>${slug}</guid><pubDate>${day}</pubDate><description>${title}.</description></item>`;
  const feed = () => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fleetly blog</title><link>http://fleetly.test/blog</link><description>News</description>
${version === 2 ? item("Offline maps are here", "offline-maps", "Fri, 04 Dec 2026 09:00:00 GMT") : ""}
${item("Live tracking for every van", "live-tracking", "Mon, 02 Nov 2026 09:00:00 GMT")}
</channel></rss>`;
  const server = http.createServer((req, res) => {
    hits.push(`${req.url} ${req.headers["user-agent"] ?? ""}`);
    if (req.url === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
    } else if (req.url === "/pricing") {
      const answer = () => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(pricing());
      if (pricingDelayMs > 0) setTimeout(answer, pricingDelayMs);
      else answer();
    } else if (req.url === "/blog/feed.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(feed());
    } else res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    change: () => {
      version = 2;
    },
    /** The pricing page answers after `ms` from now on (a slow site). */
    slowPricing: (ms: number) => {
      pricingDelayMs = ms;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let baton: Awaited<ReturnType<typeof startBaton>>;
let site: Awaited<ReturnType<typeof startSite>>;

test.beforeAll(async () => {
  test.setTimeout(480_000);
  [baton, site] = await Promise.all([
    startBaton({
      demo: false,
      env: { BATON_FETCH_ALLOW_PRIVATE: "1", BATON_FETCH_HOST_DELAY_MS: "0" },
    }),
    startSite(),
  ]);
});

test.afterAll(async () => {
  await Promise.all([baton?.stop(), site?.stop()]);
});

/** A logged-in page on this spec's server (set up by API, which logs in), with dialogs recorded (none may open). */
async function ownerPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: baton.url, viewport: { width: 1280, height: 900 } });
  const setup = await context.request.post("/api/v1/setup", { data: { ...OWNER, workspaceName: WORKSPACE } });
  expect(setup.ok(), await setup.text()).toBeTruthy();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // An error of the app is a failure too (kept with the dialogs, checked by nothingRan).
  page.on("pageerror", (e) => dialogs.push(`page error: ${e.message}`));
  // Setting up logged the context in (its request shares the cookies).
  await page.goto("/");
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  return { page, context, dialogs };
}

/** Checks a monitor now from its card and waits for the sentence saying what the check found. */
async function checkNow(page: Page, name: string, expected: RegExp) {
  const card = page.getByRole("listitem").filter({ hasText: name });
  await card.getByRole("button", { name: "Check now" }).click();
  await slow(card.getByRole("status")).toHaveText(expected);
}

/** Nothing from the fake site ran or was injected into Baton's page. */
async function nothingRan(page: Page, dialogs: string[]) {
  expect(dialogs, "dialogs opened, or errors of the page").toEqual([]);
  expect(
    await page.evaluate(() => ({
      script: "__fromTheSite" in window,
      imgs: document.querySelectorAll('img[src="x"], [onerror]').length,
    })),
  ).toEqual({ script: false, imgs: 0 });
}

test("competitors: monitor a pricing page and a feed, see the diff, update the matrix and the SWOT", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const { page, context, dialogs } = await ownerPage(browser);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  const product = await call("post", `/workspaces/${wid}/products`, { name: "Routeplanner" });

  // Add the competitor from the competitors page, competing with our product.
  await page.goto(`/w/${wid}/competitors`);
  await page.getByRole("button", { name: "Add competitor" }).first().click();
  const add = page.getByRole("dialog", { name: "Add a competitor" });
  await add.getByLabel("Name").fill("Fleetly");
  await add.getByLabel("Website").fill(site.url);
  await add.getByLabel("Positioning").fill("Route planning for small fleets");
  await add.getByRole("combobox", { name: "Competes with" }).click();
  await page.getByRole("option", { name: "Routeplanner" }).click();
  await add.getByRole("heading", { name: "Add a competitor" }).click(); // closes the list
  await expect(page.getByRole("option", { name: "Routeplanner" })).toBeHidden();
  await add.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Fleetly", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/competitors\/[0-9a-f-]{36}$/);
  const cid = new URL(page.url()).pathname.split("/")[4]!;

  // Its pricing page and blog feed, added paused (no scheduled check races the ones below).
  await page.getByRole("tab", { name: "Sources" }).click();
  await page.getByRole("button", { name: "Add monitor" }).first().click();
  let modal = page.getByRole("dialog", { name: "Add a monitor" });
  await modal.getByRole("textbox", { name: "Name" }).fill("Fleetly pricing");
  await modal.getByRole("textbox", { name: "Address" }).fill(`${site.url}/pricing`);
  await modal.getByRole("switch", { name: "Pricing page" }).check();
  await modal.getByRole("switch", { name: "Enabled" }).uncheck();
  await modal.getByRole("button", { name: "Add monitor" }).click();
  await expect(modal).toBeHidden();

  await page.getByRole("button", { name: "Add monitor" }).first().click();
  modal = page.getByRole("dialog", { name: "Add a monitor" });
  await modal.getByLabel("What to watch").click();
  await page.getByRole("option", { name: "RSS / Atom / JSON Feed" }).click();
  await modal.getByRole("textbox", { name: "Name" }).fill("Fleetly blog");
  await modal.getByRole("textbox", { name: "Address" }).fill(`${site.url}/blog/feed.xml`);
  await modal.getByRole("switch", { name: "Enabled" }).uncheck();
  await modal.getByRole("button", { name: "Add monitor" }).click();
  await expect(modal).toBeHidden();
  await expect(page.getByRole("listitem").filter({ hasText: "Fleetly pricing" })).toContainText("Pricing");

  // First checks: snapshots to compare with. Then the site changes, and the next checks find it.
  await checkNow(page, "Fleetly pricing", /^First snapshot stored/);
  await checkNow(page, "Fleetly blog", /^First snapshot stored/);
  site.change();
  await checkNow(page, "Fleetly pricing", /^Changed: /);
  await checkNow(page, "Fleetly blog", /^Changed: /);
  expect(site.hits.some((h) => h.startsWith("/robots.txt ") && h.includes("Baton/"))).toBe(true);

  // Both changes are in the competitor's Changes tab; open the pricing page's.
  await page.getByRole("tab", { name: "Changes" }).click();
  await expect(page.getByRole("link", { name: /Fleetly blog/ })).toBeVisible();
  const row = page.getByRole("link", { name: /Fleetly pricing/ });
  await expect(row).toContainText("High importance");
  await expect(row).toContainText("Pricing");
  await row.click();
  await expect(page.getByRole("heading", { name: "Fleetly: Fleetly pricing", level: 1 })).toBeVisible();

  // Side by side: the old price struck out before, the new one added after.
  const before = page.getByLabel("Before", { exact: true });
  const after = page.getByLabel("After", { exact: true });
  await expect(before.locator("del")).toContainText(["49"]);
  await expect(after.locator("ins").first()).toContainText("59");
  await expect(after.locator("del")).toHaveCount(0);
  await expect(before.locator("ins")).toHaveCount(0);
  await expect(after).toContainText("Offline maps now included");
  // Inline: both in one text.
  await page.getByText("Inline", { exact: true }).click();
  const inline = page.getByLabel("Difference, inline");
  await expect(inline.locator("del").filter({ hasText: "49" })).toHaveCount(1);
  await expect(inline.locator("ins").filter({ hasText: "59" })).toHaveCount(1);
  // The page's markup-looking text is text; its script and image never came along.
  await expect(inline).toContainText(BAIT);
  await expect(inline).not.toContainText("script from the page");
  await nothingRan(page, dialogs);
  // The prices read from the page.
  const prices = page.getByRole("table").filter({ hasText: "Plan" });
  await expect(prices.getByRole("row", { name: /Team/ })).toContainText("59");

  // Update matrix cell: a new capability row, Fleetly has it.
  await page.getByRole("button", { name: "Update matrix cell" }).click();
  const cell = page.getByRole("dialog", { name: "Update the feature matrix" });
  await cell.getByText("New row", { exact: true }).click();
  await cell.getByRole("textbox", { name: "Capability" }).fill("Offline maps");
  await cell.getByRole("textbox", { name: "Theme" }).fill("Field work");
  await cell.getByRole("radio", { name: /Has it$/ }).check();
  await expect(cell.getByRole("textbox", { name: "Source URL" })).toHaveValue(`${site.url}/pricing`);
  await cell.getByRole("button", { name: "Save cell" }).click();
  await expect(cell).toBeHidden();

  // Add SWOT card: a threat, prefilled from the change.
  await page.getByRole("button", { name: "Add SWOT card" }).click();
  const swot = page.getByRole("dialog", { name: "Add a SWOT card" });
  await expect(swot.getByRole("textbox", { name: "Source", exact: true })).toHaveValue(`${site.url}/pricing`);
  await expect(swot.getByText("Linked to the detected change it comes from.")).toBeVisible();
  await swot.getByRole("textbox", { name: "Card" }).fill("Team plan up from $49 to $59 per user/month");
  await swot.getByRole("button", { name: "Add card" }).click();
  await expect(swot).toBeHidden();
  await nothingRan(page, dialogs);

  // The matrix shows Fleetly's cell in the new row, with the change's note.
  await page.goto(`/w/${wid}/products/${product.id}/matrix`);
  await expect(page.getByRole("button", { name: "Offline maps", exact: true })).toBeVisible();
  // (The glyph is hidden from the accessible name; the note is the change's summary.)
  await expect(page.getByRole("button", { name: /^Has — Fleetly, Offline maps: / })).toBeVisible();
  await expect(page.getByRole("button", { name: "Unknown — Ours, Offline maps", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: /Offline maps/ })).toContainText("1 of 1 have it");

  // The SWOT board has the card among the threats.
  await page.goto(`/w/${wid}/competitors/${cid}?tab=swot`);
  await expect(
    page.getByRole("group", { name: /card 1: Team plan up from \$49 to \$59 per user\/month/ }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: /Threats \(1\)/ })).toBeVisible();

  // The pricing history, read by monitoring: the price the first check saw, then the new one.
  await page.getByRole("tab", { name: "Pricing" }).click();
  await expect(page.getByRole("row", { name: /Team/ }).first()).toContainText("59");
  await expect(page.getByRole("row", { name: /Team \$59\.00.*Monitoring/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Team \$49\.00.*Monitoring/ })).toBeVisible();
  await nothingRan(page, dialogs);

  // Check all now: with both sources paused, nothing to queue. Resumed, the pricing page is checked at once by its
  // scheduled job and next due tomorrow; then "Check all now" queues its check again (the blog stays paused).
  await page.getByRole("tab", { name: "Sources" }).click();
  const checkAll = page.getByRole("button", { name: "Check all now" });
  await checkAll.click();
  await expect(page.getByText("Nothing to check: every source is paused")).toBeVisible();
  const pricingHits = () => site.hits.filter((h) => h.startsWith("/pricing ")).length;
  const hitsBefore = pricingHits();
  await page
    .getByRole("listitem")
    .filter({ hasText: "Fleetly pricing" })
    .getByRole("button", { name: "Resume" })
    .click();
  const nextCheck = async () => {
    const { items } = await call("get", `/workspaces/${wid}/competitors/${cid}/monitors`);
    const m = items.find((x: { name: string }) => x.name === "Fleetly pricing");
    return new Date(m.health.nextCheckAt ?? 0).getTime() - Date.now();
  };
  await slow.poll(nextCheck).toBeGreaterThan(3_600_000);
  expect(pricingHits()).toBe(hitsBefore + 1);
  await checkAll.click();
  await expect(page.getByText("Queued 1 check", { exact: true })).toBeVisible();
  await slow.poll(pricingHits).toBe(hitsBefore + 2);

  // The Monitor health page shows the progress of check all now while the (now slow) page is being checked, then
  // the list with its fresh health.
  site.slowPricing(5_000);
  await page.goto(`/w/${wid}/monitors`);
  await page.getByText("All", { exact: true }).click();
  await expect(page.getByRole("row", { name: /Fleetly pricing.*Healthy/ })).toBeVisible();
  await page.getByRole("button", { name: "Check all now" }).click();
  await expect(page.getByText("Checking sources: 0 of 1 done")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Checks done" })).toHaveAttribute("aria-valuenow", "0");
  await slow(page.getByText(/Checking sources/)).toHaveCount(0);
  expect(pricingHits()).toBe(hitsBefore + 3);
  await expect(page.getByRole("row", { name: /Fleetly pricing.*Healthy.*just now/ })).toBeVisible();
  await context.close();
});
