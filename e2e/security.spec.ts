import { expect, type Page, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER } from "./helpers.ts";

/**
 * The strict Content-Security-Policy (src/server/plugins/security.ts) holds in a real browser: the web app's
 * pages (log-in, home, a roadmap, the public share page) and the API reference render with zero CSP
 * violations, and nothing is requested from any host but this server's. The API reference (Swagger UI) links
 * to no other host and its try-it-out works with the browser session.
 */
test.describe.configure({ mode: "serial" });

/** Records CSP violations (reported in the page) and every request's host from the first navigation on. */
async function watch(page: Page) {
  const violations: string[] = [];
  const foreign: string[] = [];
  const base = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`,
      ),
    );
  });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol === "data:" || u.protocol === "blob:") return;
    if (u.host !== base.host) foreign.push(r.url());
  });
  return { violations, foreign };
}

const now = new Date();
const startMonth = `${now.getFullYear()}-${String(Math.floor(now.getMonth() / 3) * 3 + 1).padStart(2, "0")}-01`;

test("the web app runs under the strict CSP: log-in, home, a roadmap and a share page", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  await ensureOwner(request);
  const seen = await watch(page);

  const login = await page.goto("/login");
  const csp = login?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  await logIn(page, OWNER);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  const me = (await call("get", "/auth/session")).user.id as string;

  // A roadmap with an item and a milestone, approved, then shared.
  const run = Date.now().toString(36);
  const product = await call("post", `/workspaces/${wid}/products`, { name: `CSP product ${run}` });
  const team = await call("post", `/workspaces/${wid}/teams`, {
    name: `CSP team ${run}`,
    discipline: "engineering",
  });
  const roadmap = await call("post", `/workspaces/${wid}/roadmaps`, {
    productId: product.id,
    name: `CSP plan ${run}`,
    startMonth,
    periodKind: "quarter",
    horizon: 2,
    laneBy: "team",
  });
  const view = await call("get", `/workspaces/${wid}/roadmaps/${roadmap.id}`);
  const q1 = view.periods[0].start as string;
  await call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/items`, {
    title: "Offline sync",
    outcome: "Jobs entered offline arrive",
    status: "planned",
    period: q1,
    efforts: [{ teamId: team.id, effort: 5 }],
  });
  await call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/milestones`, {
    title: "Beta",
    date: `${q1.slice(0, 8)}20`,
  });
  const signoff = await call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/signoffs`, {
    approvers: [{ userId: me, required: true }],
    deadline: new Date(Date.now() + 3 * 864e5).toISOString(),
    overrideReason: "e2e",
  });
  await call("put", `/workspaces/${wid}/signoffs/${signoff.id}/decision`, {
    versionId: signoff.versionId,
    decision: "approved",
  });
  const link = await call(
    "post",
    `/workspaces/${wid}/roadmaps/${roadmap.id}/versions/${signoff.versionId}/share-links`,
    { expiresInDays: 7 },
  );

  await page.goto(`/w/${wid}/roadmaps/${roadmap.id}`);
  await expect(page.getByText("Offline sync").first()).toBeVisible({ timeout: 30_000 });
  await page.goto(`/w/${wid}/signoffs/${signoff.id}`);
  await expect(page.getByText(`CSP plan ${run}`).first()).toBeVisible({ timeout: 30_000 });

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  const guestSeen = await watch(guest);
  const shared = await guest.goto(new URL(link.url).pathname);
  expect(shared?.headers()["referrer-policy"]).toBe("no-referrer");
  expect(shared?.headers()["x-frame-options"]).toBe("DENY");
  await expect(guest.getByRole("heading", { level: 1, name: `CSP plan ${run}` })).toBeVisible();
  await expect(guest.getByText("Beta")).toBeVisible();
  await guestContext.close();

  expect(seen.violations).toEqual([]);
  expect(guestSeen.violations).toEqual([]);
  expect(seen.foreign).toEqual([]);
  expect(guestSeen.foreign).toEqual([]);
});

test("the API reference renders from this server alone, and its try-it-out calls the API with the session", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await ensureOwner(request);
  await logIn(page, OWNER);
  const seen = await watch(page);
  const res = await page.goto("/api/v1/docs", { waitUntil: "domcontentloaded", timeout: 60_000 });
  expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
  // Swagger UI rendered the document: the title and an operation from it.
  await expect(page).toHaveTitle("Baton API reference");
  await expect(page.getByRole("heading", { name: "Baton API" }).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("Liveness, version and database state").first()).toBeVisible();
  // No validator badge, and no link to another host (the license is named, not linked to spdx.org).
  await expect(page.locator("img")).toHaveCount(0);
  await expect(page.getByText("License: AGPL-3.0-only")).toBeVisible();
  const links = await page
    .locator("a[href]")
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(links.filter((h) => new URL(h).origin !== new URL(page.url()).origin)).toEqual([]);

  // Try it out, read: GET /api/v1/health answers 200 through the page.
  const health = page.locator("#operations-system-systemGetHealth");
  await health.locator(".opblock-summary-control").click();
  await expect(page).toHaveURL(/#\/system\/systemGetHealth$/); // deepLinking
  await health.getByRole("button", { name: "Try it out" }).click();
  await health.getByRole("button", { name: "Execute" }).click();
  await expect(health.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("200");
  await expect(health.locator(".live-responses-table")).toContainText('"status": "ok"');

  // Try it out, write with the session cookie: the init script adds the session's CSRF token, or this is a 403.
  // Swagger UI renders only the operations in view: a deep link opens this one (and checks deepLinking).
  await page.goto("about:blank");
  await page.goto("/api/v1/docs#/auth/authPostAuthLogout");
  const logout = page.locator("#operations-auth-authPostAuthLogout");
  await expect(logout.getByRole("button", { name: "Try it out" })).toBeVisible({ timeout: 60_000 });
  await logout.getByRole("button", { name: "Try it out" }).click();
  await logout.getByRole("button", { name: "Execute" }).click();
  await expect(logout.locator(".live-responses-table tbody .response-col_status").first()).toHaveText("204");
  expect((await page.request.get("/api/v1/auth/session")).status()).toBe(401);

  await page.waitForLoadState("networkidle");
  expect(seen.violations).toEqual([]);
  expect(seen.foreign).toEqual([]);
});
