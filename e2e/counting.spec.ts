import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiOf, DEMO, logIn, startBaton } from "./helpers.ts";

/**
 * How rounds count (issue 12, trap 1), on the demo: the PM picks Northwind Mobile on the rounds page, reads that
 * a new round replaces the earlier ones, switches to combining rounds with a half-life of 2 rounds (the product is
 * re-scored), sees the rule again in the open round's close dialog beside what the close would change, and on the
 * top idea's "Why this score" finds the round and voters behind its score and its score history. No page scrolls
 * sideways at 390 px.
 */
test.describe.configure({ mode: "serial" });
test.use({ actionTimeout: 30_000 });
const SHOTS = "/tmp/shots/counting";

let server: Awaited<ReturnType<typeof startBaton>>;
test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startBaton({ demo: true });
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await server?.stop();
});

test("the PM chooses how rounds count and reads where a score comes from", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await logIn(page, DEMO);
  const wid = page.url().split("/w/")[1]!;
  const call = await apiOf(page);
  const products = (await call("get", `/workspaces/${wid}/products`)).items as { id: string; name: string }[];
  const mobile = products.find((p) => p.name === "Northwind Mobile")!;

  await page.goto(`/w/${wid}/rounds`);
  await page.getByRole("combobox", { name: "Filter by product" }).click();
  await page.getByRole("option", { name: "Northwind Mobile" }).click();
  await expect(page.getByRole("heading", { name: "How rounds count" })).toBeVisible();
  await expect(page.getByText(/^Replace: when a round closes/)).toBeVisible();
  await page.getByRole("button", { name: "Change…" }).click();
  const dialog = page.getByRole("dialog", { name: "How rounds count" });
  await dialog.getByText("Combine rounds").click();
  await dialog.getByRole("textbox", { name: "Half-life in rounds" }).fill("2");
  await expect(dialog.getByText(/count half as much every 2 rounds back/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dialog.png` });
  await dialog.getByRole("button", { name: "Re-score the product" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/^Combine: every closed round counts/)).toBeVisible();
  await expect(page.getByText(/^Changed by .* on /)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/rounds.png`, fullPage: true });
  const setting = await call("get", `/workspaces/${wid}/products/${mobile.id}/score-counting`);
  expect(setting).toMatchObject({ mode: "combine", halfLifeRounds: 2, version: 1 });

  // The open round's close dialog says the rule beside the preview; cancelled, nothing closes.
  const open = (await call("get", `/workspaces/${wid}/rounds?productId=${mobile.id}&status=open`)).items[0];
  await page.goto(`/w/${wid}/rounds/${open.id}`);
  await page.getByRole("button", { name: "Close round now" }).click();
  const confirm = page.getByRole("dialog");
  await expect(confirm.getByText(/^Combine: every closed round counts/)).toBeVisible();
  await expect(confirm.getByLabel("What the close changes")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/close.png` });
  await confirm.getByRole("button", { name: "Cancel" }).click();

  // The top idea: the round and voters behind its score, and its history (the demo's close).
  const top = (await call("get", `/workspaces/${wid}/products/${mobile.id}/ideas?limit=1&sort=rank`))
    .items[0];
  await page.goto(`/w/${wid}/ideas/${top.id}`);
  const rounds = page.getByRole("table", { name: "Rounds behind the score" });
  await expect(rounds).toBeVisible();
  await expect(rounds.getByRole("row")).toHaveCount(2);
  await expect(
    page
      .getByRole("table", { name: "Score changes" })
      .getByText(/Round closed/)
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/idea.png`, fullPage: true });

  // At phone width nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("table", { name: "Rounds behind the score" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/idea-phone.png`, fullPage: true });
  await page.goto(`/w/${wid}/rounds`);
  await page.getByRole("combobox", { name: "Filter by product" }).click();
  await page.getByRole("option", { name: "Northwind Mobile" }).click();
  await expect(page.getByRole("heading", { name: "How rounds count" })).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/rounds-phone.png`, fullPage: true });
  await context.close();
});
