import { type Browser, expect, type Page, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER as PM } from "./helpers.ts";

/**
 * Prioritization journey: the PM sets the scoring factors, adds a product and three ideas, opens a
 * scoring round for two stakeholders, each rates every idea on every factor with the keyboard grid (in
 * their own browser), the PM closes the round, and the ranked result and "why this score" show the
 * arithmetic computed by hand below.
 */
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const GRACE = { name: "Grace Sales", email: `grace.${run}@example.com`, password: "grace-password-1" };
const HUGO = { name: "Hugo Support", email: `hugo.${run}@example.com`, password: "hugo-password-12" };
const PRODUCT = `Field app ${run}`;
const ROUND = "Q3 planning";

// The default factors, in this order (columns of the grid): weights 3, 3, 2, 2; scale 1–5.
const IMPACT_LABELS = ["Negligible", "Small", "Medium", "Large", "Transformational"];
const FACTORS = [
  { name: "Business impact", weight: 3, direction: "benefit", labels: IMPACT_LABELS },
  { name: "Customer happiness", weight: 3, direction: "benefit", labels: [] },
  { name: "Operational ease", weight: 2, direction: "benefit", labels: [] },
  { name: "Technical effort", weight: 2, direction: "cost", labels: [] },
] as const;

const IDEAS = ["Offline mode", "Dark mode", "CSV export"] as const;

/**
 * Ratings per idea (rows) and factor (columns); "a" abstains. Expected, with n = (mean − 1) / 4 and
 * the cost factor inverted, score = 100 × Σ w·n / Σ w (Σ w = 10):
 *   Offline mode: means 4.5 4.5 3 2.5 → n .875 .875 .5 .625 → 26.25 + 26.25 + 10 + 12.5 = 75
 *   Dark mode:    means 1.5 2.5 4.5 4.5 → n .125 .375 .875 .125 → 3.75 + 11.25 + 17.5 + 2.5 = 35
 *   CSV export:   means 3.5 4 2.5 1 (Hugo abstains on effort) → n .625 .75 .375 1
 *                 → 18.75 + 22.5 + 7.5 + 20 = 68.75
 * Ranked: Offline mode (75), CSV export (68.75), Dark mode (35).
 */
const GRACE_VOTES = ["5432", "2344", "4421"];
const HUGO_VOTES = ["4533", "1255", "343a"];

/** Invites someone as a stakeholder; they accept in their own browser and land on the home page. */
async function joinAsStakeholder(
  browser: Browser,
  call: Awaited<ReturnType<typeof apiOf>>,
  wid: string,
  who: { name: string; email: string; password: string },
) {
  const inv = await call("post", `/workspaces/${wid}/invitations`, { email: who.email, role: "stakeholder" });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/invite/${inv.token}`);
  await page.getByRole("textbox", { name: "Your name", exact: true }).fill(who.name);
  await page.getByRole("textbox", { name: "Choose a password", exact: true }).fill(who.password);
  await page.getByRole("textbox", { name: "Repeat the password", exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: new RegExp(who.name.split(" ")[0]!) }),
  ).toBeVisible();
  return page;
}

/** Rates the whole grid from the first cell: digits rate and move on; "a" abstains with a reason. */
async function vote(page: Page, rows: string[]) {
  const grid = page.getByRole("grid", { name: `Ratings for ${ROUND}` });
  await expect(grid).toBeVisible();
  await grid.getByRole("gridcell", { name: `${FACTORS[0].name} for ${IDEAS[0]}: not rated` }).click();
  for (const row of rows) {
    for (const key of row) {
      if (key === "a") {
        await page.keyboard.press("a");
        const reason = page.getByRole("textbox", { name: "Why do you abstain?" });
        await expect(reason).toBeFocused();
        await reason.fill("Not my area");
        await reason.press("Enter");
        await expect(reason).toBeHidden();
      } else {
        await page.keyboard.press(key);
      }
    }
  }
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(page.getByText("12 of 12 rated")).toBeVisible();
}

test("stakeholders score ideas in a round; the PM closes it and the ranking explains itself", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(150_000); // three browsers and a whole round: longer than one page's journey
  await ensureOwner(request);
  await logIn(page, PM);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);

  // The PM sets the factors (the workspace's defaults) and their weights.
  const set = await call("put", `/workspaces/${wid}/factors`, {
    productId: null,
    factors: FACTORS.map((f) => ({
      ...f,
      labels: [...f.labels],
      description: `How much ${f.name.toLowerCase()} the idea brings`,
      scaleMin: 1,
      scaleMax: 5,
    })),
  });
  expect(set.factors.map((f: { name: string }) => f.name)).toEqual(FACTORS.map((f) => f.name));

  // A product (through the UI) and three ideas.
  await page.getByRole("link", { name: "Products", exact: true }).click();
  await page.getByRole("button", { name: "New product" }).first().click();
  const productDialog = page.getByRole("dialog", { name: "New product" });
  await productDialog.getByRole("textbox", { name: "Name", exact: true }).fill(PRODUCT);
  await productDialog.getByRole("button", { name: "Create product" }).click();
  await expect(productDialog).toBeHidden();
  const products = await (await page.request.get(`/api/v1/workspaces/${wid}/products?q=${run}`)).json();
  const productId = products.items[0].id as string;
  for (const title of IDEAS) {
    await call("post", `/workspaces/${wid}/products/${productId}/ideas`, {
      title,
      description: `${title}: asked for by several customers.`,
    });
  }

  // Two stakeholders join, each in their own browser.
  const grace = await joinAsStakeholder(browser, call, wid, GRACE);
  const hugo = await joinAsStakeholder(browser, call, wid, HUGO);

  // The PM opens a round from the rounds page: the product's top 3 ideas, both stakeholders as voters.
  await page.getByRole("link", { name: "Scoring rounds", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Scoring rounds" })).toBeVisible();
  await page.getByRole("button", { name: "New round" }).click();
  const dialog = page.getByRole("dialog", { name: "Open a scoring round" });
  await dialog.getByRole("combobox", { name: "Product" }).click();
  await page.getByRole("option", { name: PRODUCT, exact: true }).click();
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(ROUND);
  await dialog.getByRole("textbox", { name: "How many of the top ideas" }).fill("3");
  await dialog.getByRole("button", { name: "Add the top 3 of the backlog" }).click();
  await expect(dialog.getByText("3 chosen")).toBeVisible();
  await dialog.getByRole("combobox", { name: "Voters", exact: true }).click();
  await page.getByRole("option", { name: GRACE.name, exact: true }).click();
  await page.getByRole("option", { name: HUGO.name, exact: true }).click();
  await dialog.getByRole("combobox", { name: "Voters", exact: true }).press("Escape");
  await dialog.getByRole("button", { name: "Open round" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  const roundUrl = new URL(page.url()).pathname;
  expect(roundUrl).toMatch(/\/rounds\/[0-9a-f-]{36}$/);

  // Grace finds the round waiting on her home page, Hugo through the notification bell; both vote
  // with the keyboard.
  await grace.goto(`/w/${wid}`);
  await grace
    .getByRole("region", { name: "Waiting for your vote" })
    .getByRole("link", { name: `Vote in ${ROUND}` })
    .click();
  await expect(grace.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  await vote(grace, GRACE_VOTES);

  await hugo.goto(`/w/${wid}`);
  await hugo.getByRole("button", { name: "Notifications: 1 unread" }).click();
  await hugo
    .getByRole("dialog", { name: "Notifications" })
    .getByRole("button", { name: `Unread: Your ratings are wanted: ${ROUND}` })
    .click();
  await expect(hugo.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  await expect(hugo.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  await vote(hugo, HUGO_VOTES);

  // The grid names the value of the current cell, with the factor's label.
  await grace
    .getByRole("gridcell", { name: `${FACTORS[0].name} for ${IDEAS[0]}: 5 — Transformational` })
    .click();
  await expect(grace.getByTestId("current-value")).toHaveText("5 — Transformational");
  // Nothing waits for Grace any more.
  await grace.goto(`/w/${wid}`);
  await expect(grace.getByRole("heading", { level: 1, name: /Grace/ })).toBeVisible();
  await expect(grace.getByRole("region", { name: "Waiting for your vote" })).toHaveCount(0);
  // Her ratings are there when she comes back.
  await grace.goBack();
  await expect(grace.getByText("12 of 12 rated")).toBeVisible();
  await expect(grace.getByRole("gridcell", { name: `${FACTORS[3].name} for ${IDEAS[2]}: 1` })).toBeVisible();

  // The PM sees everyone finished: the header counts them without a reload (issue 12: it stayed at 0/2), then
  // closes the round.
  await expect(page.getByRole("progressbar", { name: "2 of 2 voters finished" })).toBeVisible({
    timeout: 20_000,
  });
  await page.reload();
  await page.getByRole("tab", { name: "Voters" }).click();
  const voters = page.getByRole("table", { name: "Voters" });
  await expect(voters.getByRole("row", { name: new RegExp(GRACE.name) })).toContainText("Finished");
  await expect(voters.getByRole("row", { name: new RegExp(HUGO.name) })).toContainText("Finished");
  await page.getByRole("button", { name: "Close round now" }).click();
  await page
    .getByRole("dialog", { name: `Close ${ROUND} now?` })
    .getByRole("button", { name: "Close round" })
    .click();
  await expect(page.getByRole("button", { name: "Close round now" })).toHaveCount(0);
  await expect(page.getByText("Closed", { exact: true }).first()).toBeVisible();

  // Ranked by score: Offline mode 75, CSV export 68.75, Dark mode 35.
  await page.getByRole("tab", { name: "Results" }).click();
  const results = page.getByRole("table", { name: "Results" });
  const ranked = results.getByRole("row", { name: /^Rank \d+:/ });
  await expect(ranked).toHaveCount(3);
  await expect(ranked.nth(0)).toHaveAccessibleName(`Rank 1: ${IDEAS[0]}`);
  await expect(ranked.nth(1)).toHaveAccessibleName(`Rank 2: ${IDEAS[2]}`);
  await expect(ranked.nth(2)).toHaveAccessibleName(`Rank 3: ${IDEAS[1]}`);
  await expect(ranked.nth(0)).toContainText("75");
  await expect(ranked.nth(1)).toContainText("68.8");
  await expect(ranked.nth(2)).toContainText("35");

  // "Why this score" shows the arithmetic, factor by factor, summing to the score.
  await ranked.nth(0).getByRole("button", { name: "Why this score" }).click();
  const why = page.getByRole("table", { name: `Score arithmetic for ${IDEAS[0]}` });
  await expect(why.getByRole("row", { name: /Business impact/ })).toContainText(
    "100 × 3 × 0.875 ÷ 10 = 26.25",
  );
  await expect(why.getByRole("row", { name: /Technical effort/ })).toContainText("1 − (2.5 − 1) ÷ 4 = 0.625");
  await expect(why).toContainText("26.25 + 26.25 + 10 + 12.5 = 75");
  await ranked.nth(1).getByRole("button", { name: "Why this score" }).click();
  await expect(page.getByRole("table", { name: `Score arithmetic for ${IDEAS[2]}` })).toContainText(
    "18.75 + 22.5 + 7.5 + 20 = 68.75",
  );

  // Hugo's grid, still open from before the close, stays where it is and refuses a late change: with the
  // server's reason if he types before his page's next poll, locked with the close's date after it.
  await expect(hugo.getByRole("tab", { name: "My ratings", selected: true })).toBeVisible();
  await hugo.getByRole("gridcell", { name: `${FACTORS[0].name} for ${IDEAS[1]}: 1` }).click();
  await hugo.keyboard.press("5");
  await expect(hugo.getByRole("alert").filter({ hasText: "Voting has closed" })).toBeVisible();

  // The voters are told the results are in, and see them.
  await grace.goto(`/w/${wid}`);
  await grace.getByRole("button", { name: /^Notifications: \d+ unread$/ }).click();
  const bell = grace.getByRole("dialog", { name: "Notifications" });
  await bell.getByRole("button", { name: `Unread: Results are in: ${ROUND}` }).click();
  await expect(grace).toHaveURL(roundUrl);
  await expect(grace.getByRole("tab", { name: "Results", selected: true })).toBeVisible();
  await expect(
    grace.getByRole("table", { name: "Results" }).getByRole("row", { name: /^Rank 1:/ }),
  ).toHaveAccessibleName(`Rank 1: ${IDEAS[0]}`);
  await grace.getByRole("button", { name: /^Notifications/ }).click();
  await bell.getByRole("button", { name: "Mark all read" }).click();
  await expect(grace.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();

  // The product's ranked backlog follows the round: Offline mode, CSV export, Dark mode.
  await page.goto(`/w/${wid}/products/${productId}/ideas`);
  const backlog = page.getByRole("grid", { name: "Ranked ideas" });
  await expect(backlog.getByRole("row").filter({ hasText: IDEAS[1] })).toBeVisible();
  await expect
    .poll(async () => {
      const rows = await backlog.getByRole("row").allInnerTexts();
      return IDEAS.map((t) => rows.findIndex((r) => r.includes(t)));
    })
    .toEqual([1, 3, 2]); // row 0 is the header

  await grace.context().close();
  await hugo.context().close();
});
