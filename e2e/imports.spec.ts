import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER } from "./helpers.ts";

/**
 * Imports, merging and evidence on the backlog: import customers from CSV through the dialog (dry-run preview,
 * then import), import feedback, see Demand and ARR on the backlog, filter by segment (kept in the URL, Back
 * restores), and merge a duplicate customer from their page.
 */
const slow = expect.configure({ timeout: 45_000 });
test.use({ actionTimeout: 30_000 });
const run = Date.now().toString(36);
const SHOTS = "/tmp/shots/imports";

test("imports: customers and feedback by CSV, backlog evidence and segment filter in the URL, merge", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await ensureOwner(request);
  await logIn(page, OWNER);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  const product = await call("post", `/workspaces/${wid}/products`, { name: `Evidence ${run}` });
  const idea = await call("post", `/workspaces/${wid}/products/${product.id}/ideas`, { title: `SSO ${run}` });
  await call("post", `/workspaces/${wid}/products/${product.id}/ideas`, { title: `Dark mode ${run}` });

  // Customers through the dialog.
  const customers = path.join(os.tmpdir(), `customers-${run}.csv`);
  writeFileSync(
    customers,
    `Full Name,E-mail,Company,Tier,ARR\nAda ${run},ada-${run}@big.test,Big ${run},Enterprise ${run},999000\nAda L ${run},ada.l-${run}@big.test,Big ${run},Enterprise ${run},999000\n`,
  );
  await page.goto(`/w/${wid}/customers/companies`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const dialog = page.getByRole("dialog", { name: "Import customers" });
  await dialog.locator('input[type="file"]').setInputFiles(customers);
  await slow(
    dialog.getByText("All 2 rows are valid: 1 new company, 0 updated; 2 new people, 0 updated."),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/customers-import.png` });
  await dialog.getByRole("button", { name: "Import customers" }).click();
  await slow(dialog).toBeHidden();
  await slow(page.getByRole("link", { name: `Big ${run}` })).toBeVisible();

  // Feedback by CSV, linked to the idea through the API.
  const feedback = path.join(os.tmpdir(), `feedback-${run}.csv`);
  writeFileSync(feedback, `id,feedback,from\n${run}-1,We need SSO for our auditors,ada-${run}@big.test\n`);
  await page.goto(`/w/${wid}/feedback`);
  await page.getByRole("button", { name: "Import CSV" }).click();
  const fbDialog = page.getByRole("dialog", { name: "Import feedback" });
  await fbDialog.locator('input[type="file"]').setInputFiles(feedback);
  await slow(fbDialog.getByText("All 1 row are valid: 1 new item, 0 already imported.")).toBeVisible();
  await fbDialog.getByRole("button", { name: "Import 1 item" }).click();
  await slow(fbDialog).toBeHidden();
  const items = await call("get", `/workspaces/${wid}/feedback?source=csv&q=auditors`);
  await call("post", `/workspaces/${wid}/feedback/${items.items[0].id}/links`, {
    ideaId: idea.id,
    importance: "critical",
  });

  // The backlog: Demand 7.0 (a critical request from a 999k company), ARR; the segment filter goes to the URL.
  await page.goto(`/w/${wid}/products/${product.id}/ideas`);
  await slow(page.getByRole("columnheader", { name: /Demand/ })).toBeVisible();
  await slow(page.getByText("7.0", { exact: true })).toBeVisible();
  await page.getByRole("combobox", { name: "Filter by customer segment" }).click();
  await page.getByRole("option", { name: `Enterprise ${run}` }).click();
  await slow(page).toHaveURL(new RegExp(`segment=Enterprise\\+${run}`));
  await slow(page.getByText(`Dark mode ${run}`)).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/backlog-segment.png` });
  await page.goBack();
  await slow(page).not.toHaveURL(/segment=/);
  await slow(page.getByText(`Dark mode ${run}`)).toBeVisible();

  // Merge the duplicate from Ada's page: the feedback count adds up on the one kept.
  const people = await call("get", `/workspaces/${wid}/people?q=${run}`);
  const ada = people.items.find((p: { name: string }) => p.name === `Ada ${run}`);
  await page.goto(`/w/${wid}/customers/people/${ada.id}`);
  await page.getByRole("button", { name: "Merge duplicate…" }).click();
  const merge = page.getByRole("dialog", { name: `Merge Ada ${run} with a duplicate` });
  await merge.getByRole("combobox", { name: "The duplicate" }).fill("ada.l");
  await page.getByRole("option", { name: new RegExp(`Ada L ${run}`) }).click();
  await slow(merge.getByRole("radio", { name: `Ada L ${run}` })).toBeEnabled();
  await page.screenshot({ path: `${SHOTS}/merge.png` });
  await merge.getByRole("button", { name: "Merge" }).click();
  await slow(merge).toBeHidden();
  const after = await call("get", `/workspaces/${wid}/people?q=${run}`);
  expect(after.items.map((p: { name: string }) => p.name)).toEqual([`Ada ${run}`]);
});
