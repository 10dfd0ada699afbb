import { mkdirSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER as PM } from "./helpers.ts";

/**
 * Sign-off journey: the PM requests sign-off of a roadmap from three stakeholders (a team lead, a team member
 * and someone on no team), overriding the failing SMART checks with a reason; two approve, one objects with a
 * reason; the PM revises the roadmap and sends a second round; the objector re-reviews and approves, and the
 * version becomes the roadmap's locked, approved baseline.
 */
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const person = (name: string, key: string) => ({
  name,
  email: `${key}.${run}@example.com`,
  password: `${key}-password-12`,
});
const ANA = person("Ana Lead", "ana");
const BEN = person("Ben Design", "ben");
const CY = person("Cy Support", "cy");
const PRODUCT = `Payments ${run}`;
const PLATFORM = `Platform ${run}`;
const DESIGN = `Design ${run}`;
const ROADMAP = `Payments plan ${run}`;
const SHOTS = "/tmp/shots";

const now = new Date();
const startMonth = `${now.getFullYear()}-${String(Math.floor(now.getMonth() / 3) * 3 + 1).padStart(2, "0")}`;

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** A logged-in page of another member, in its own browser context. */
async function pageOf(browser: Browser, baseURL: string | undefined, who: typeof ANA) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await logIn(page, who);
  return page;
}

test("stakeholders sign off a roadmap: an objection, a revision, and the approved baseline", async ({
  page,
  request,
  playwright,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await ensureOwner(request);
  await logIn(page, PM);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);

  // Through the API: three stakeholders, two teams (Ana leads Platform, Ben is in Design), a roadmap.
  const join = async (who: typeof ANA, role: string) => {
    const inv = await call("post", `/workspaces/${wid}/invitations`, { email: who.email, role });
    const anonymous = await playwright.request.newContext({ baseURL });
    const res = await anonymous.post("/api/v1/invitations/accept", {
      data: { token: inv.token, name: who.name, password: who.password },
    });
    expect(res.ok(), await res.text()).toBeTruthy();
    const id = (await res.json()).user.id as string;
    await anonymous.dispose();
    return id;
  };
  const ana = await join(ANA, "stakeholder");
  const ben = await join(BEN, "contributor");
  await join(CY, "stakeholder");
  const platform = await call("post", `/workspaces/${wid}/teams`, {
    name: PLATFORM,
    discipline: "engineering",
    leadId: ana,
  });
  const design = await call("post", `/workspaces/${wid}/teams`, { name: DESIGN, discipline: "design" });
  await call("put", `/workspaces/${wid}/teams/${platform.id}/members/${ana}`, { allocationPct: 100 });
  await call("put", `/workspaces/${wid}/teams/${design.id}/members/${ben}`, { allocationPct: 100 });
  const product = await call("post", `/workspaces/${wid}/products`, { name: PRODUCT });
  const roadmap = await call("post", `/workspaces/${wid}/roadmaps`, {
    productId: product.id,
    name: ROADMAP,
    periodKind: "quarter",
    startMonth,
    horizon: 4,
  });
  const add = (title: string, efforts: { teamId: string; effort: number }[]) =>
    call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/items`, {
      title,
      problem: "Checkout drops one payment in twenty on slow networks",
      period: startMonth,
      efforts,
    });
  await add("Card scanner", [{ teamId: platform.id, effort: 30 }]);
  await add("Wallet pay", [{ teamId: design.id, effort: 12 }]);
  const help = await add("Help center links", []);

  // The PM requests sign-off from the roadmap page; the SMART checks fail, so a reason is required.
  await page.goto(`/w/${wid}/roadmaps/${roadmap.id}`);
  await page.getByRole("button", { name: "Request sign-off" }).click();
  const dialog = page.getByRole("dialog", { name: `Request sign-off of ${ROADMAP}` });
  await expect(dialog.getByText(/3 items fail SMART checks/)).toBeVisible();
  await dialog.getByRole("combobox", { name: "People" }).click();
  await page.getByRole("option", { name: BEN.name, exact: true }).click();
  await page.getByRole("option", { name: CY.name, exact: true }).click();
  await dialog.getByRole("combobox", { name: "People" }).press("Escape");
  await dialog.getByRole("combobox", { name: "Team leads" }).click();
  await page.getByRole("option", { name: `${PLATFORM} — ${ANA.name}` }).click();
  await dialog.getByRole("combobox", { name: "Team leads" }).press("Escape");
  await expect(dialog.getByRole("table", { name: "Approvers" })).toContainText(`lead of ${PLATFORM}`);
  await dialog
    .getByRole("textbox", { name: "Message to approvers" })
    .fill("Please confirm the payments plan.");
  await dialog.getByRole("button", { name: "Override and send" }).click();
  await expect(dialog.getByText("Say why it goes for sign-off despite the failing checks")).toBeVisible();
  await dialog.getByLabel(/Override reason/).fill("Success metrics come after the pricing study");
  await shot(page, "01-request-modal");
  await dialog.getByRole("button", { name: "Override and send" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/signoffs\/[0-9a-f-]{36}$/);
  const signoffUrl = new URL(page.url()).pathname;
  await expect(page.getByText("Success metrics come after the pricing study")).toBeVisible();
  await expect(page.getByRole("region", { name: "Approvers" })).toContainText("0/3");

  // Ana (lead of Platform) sees her team's items and capacity effect, and approves.
  const anaPage = await pageOf(browser, baseURL, ANA);
  await expect(anaPage.getByRole("heading", { name: "Waiting for your sign-off" })).toBeVisible();
  await shot(anaPage, "02a-home-waiting");
  await anaPage.getByRole("link", { name: `Review ${ROADMAP}` }).click();
  await expect(anaPage).toHaveURL(signoffUrl);
  await anaPage.getByRole("tab", { name: /Your teams/ }).click();
  await expect(anaPage.getByRole("table", { name: "Items on my teams" })).toContainText("Card scanner");
  await expect(anaPage.getByLabel(`Capacity effect on ${PLATFORM}`)).toBeVisible();
  await shot(anaPage, "02-approver-your-teams");
  // Nothing is preselected: sending without a choice asks for one, and nothing is decided.
  const anaDecision = anaPage.getByRole("region", { name: "Your decision" });
  await expect(anaDecision.getByRole("radio")).toHaveCount(3);
  for (const radio of await anaDecision.getByRole("radio").all()) await expect(radio).not.toBeChecked();
  await anaPage.getByRole("button", { name: "Send my decision" }).click();
  await expect(anaPage.getByText("Choose approve, approve with comments or object")).toBeVisible();
  await expect(anaPage.getByText("Decision saved")).toHaveCount(0);
  await anaDecision.getByRole("radio", { name: "Approve", exact: true }).check();
  await anaPage.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(anaPage.getByText("Decision saved")).toBeVisible();

  // Ben approves with comments.
  const benPage = await pageOf(browser, baseURL, BEN);
  await benPage.goto(signoffUrl);
  await benPage.getByRole("radio", { name: "Approve with comments" }).check();
  await benPage.getByLabel(/Your comments/).fill("Wallet pay may slip a few weeks");
  await benPage.getByRole("button", { name: "Approve with comments", exact: true }).click();
  await expect(benPage.getByText("Decision saved")).toBeVisible();

  // Cy objects: a reason is required.
  const cyPage = await pageOf(browser, baseURL, CY);
  await cyPage.goto(signoffUrl);
  await cyPage.getByRole("radio", { name: "Object" }).check();
  await cyPage.getByRole("button", { name: "Object", exact: true }).click();
  await expect(cyPage.getByText("Say why you object")).toBeVisible();
  await shot(cyPage, "03-objection-needs-reason");
  await cyPage.getByLabel(/Why you object/).fill("Help center links must say where they point to");
  await cyPage.getByRole("button", { name: "Object", exact: true }).click();
  await expect(cyPage.getByText("Decision saved")).toBeVisible();

  // The roadmap shows the request in progress, and a second request cannot be started.
  await page.goto(`/w/${wid}/roadmaps/${roadmap.id}`);
  await expect(page.getByRole("link", { name: "Sign-off in progress" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Request sign-off" })).toHaveAttribute(
    "aria-disabled",
    "true",
  );
  await shot(page, "03a-roadmap-in-progress");

  // The PM sees two approvals and the objection; the request stays open.
  await page.getByRole("link", { name: "Sign-off in progress" }).click();
  await expect(page).toHaveURL(signoffUrl);
  const approvers = page.getByRole("region", { name: "Approvers" });
  await expect(approvers).toContainText("2/3");
  await expect(approvers).toContainText("Objected");
  await expect(approvers).toContainText("Help center links must say where they point to");
  await page.getByRole("tab", { name: /Discussion/ }).click();
  await shot(page, "04-pm-after-objection");

  // The PM changes the item Cy objected to, and revises: round 2 on a new version.
  await call("patch", `/workspaces/${wid}/roadmap-items/${help.id}`, {
    version: help.version,
    successMetric: "Help articles opened from checkout",
    successTarget: "1,000 a week",
  });
  await page.getByRole("button", { name: "Revise" }).click();
  const revise = page.getByRole("dialog", { name: "Revise and start a new round" });
  await revise.getByRole("textbox", { name: /What changed/ }).fill("Help center links now have a metric.");
  await revise.getByLabel(/Override reason/).fill("Success metrics come after the pricing study");
  await revise.getByRole("button", { name: "Snapshot and send round 2" }).click();
  await expect(revise).toBeHidden();
  await expect(page.getByText("Round 2", { exact: true })).toBeVisible();
  // Ana's and Ben's items did not change: their approvals stand; Cy reviews again.
  await expect(approvers).toContainText("2/3");

  // Cy re-reviews the changed item and approves: the version becomes the approved baseline.
  await cyPage.reload();
  await cyPage.getByRole("tab", { name: /All items/ }).click();
  const changedRow = cyPage.getByRole("row", { name: /Help center links/ });
  await expect(changedRow).toContainText("Changed since you reviewed");
  await shot(cyPage, "05-objector-rereview");
  await cyPage.getByRole("radio", { name: "Approve", exact: true }).check();
  await cyPage.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(cyPage.getByText("Decision saved")).toBeVisible();
  await expect(cyPage.getByText("Approved baseline", { exact: true })).toBeVisible();

  await page.reload();
  await expect(page.getByText("Approved", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/is now the roadmap's approved baseline: locked/)).toBeVisible();
  await shot(page, "06-approved");
  const versions = (await call("get", `/workspaces/${wid}/roadmaps/${roadmap.id}/versions`)).items as {
    number: number;
    approvedAt: string | null;
  }[];
  expect(versions.map((v) => [v.number, Boolean(v.approvedAt)])).toEqual([
    [2, true],
    [1, false],
  ]);

  // The roadmap's versions mark v2 as the approved baseline.
  await page.goto(`/w/${wid}/roadmaps/${roadmap.id}/versions`);
  await expect(page.getByRole("table", { name: "Saved versions" })).toContainText("Approved baseline");
  await shot(page, "06a-versions-baseline");

  // Everyone sees the status in the list of sign-offs.
  await page
    .getByRole("navigation", { name: "Product loop" })
    .getByRole("link", { name: "Sign-offs" })
    .click();
  await page.locator("label", { hasText: /^Approved$/ }).click();
  await expect(page.getByRole("table", { name: "Sign-off requests" })).toContainText(ROADMAP);
  await shot(page, "07-list");
  for (const p of [anaPage, benPage, cyPage]) await p.context().close();
});
