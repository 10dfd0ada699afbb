import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER } from "./helpers.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core");
/** Critical and serious WCAG 2 A/AA violations on the page as it is (the a11y sweep's rules). */
async function axe(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const res = await (window as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return (res.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/**
 * The sources page with the keyboard: add a feed (the form names the missing fields first), poll it now — the
 * server refuses a loopback address (no BATON_FETCH_ALLOW_PRIVATE here), so the card shows the recorded error —
 * pause it, see a token stay write-only on a GitHub source, delete the feed. Also at 390 px wide.
 */
const slow = expect.configure({ timeout: 45_000 });
test.use({ actionTimeout: 30_000, bypassCSP: true }); // axe is injected as a script
const run = Date.now().toString(36);

test("sources: add, poll now (error recorded), pause, write-only token, delete", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await ensureOwner(request);
  await logIn(page, OWNER);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  await call("post", `/workspaces/${wid}/sources`, {
    kind: "github",
    name: `Issues ${run}`,
    config: { owner: "acme", repo: "app" },
    secrets: { token: "ghp_never_shown_again" },
    enabled: false,
  });
  await page.goto(`/w/${wid}/sources`);
  await slow(page.getByRole("heading", { name: "Sources", level: 1 })).toBeVisible();

  // Add a feed with the keyboard: submitting empty names the missing fields.
  await page.getByRole("button", { name: "Add source" }).first().focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add a source" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Add source" }).press("Enter");
  await expect(dialog.getByText("Give the source a name")).toBeVisible();
  await expect(dialog.getByText("Give the feed address")).toBeVisible();
  await dialog.getByLabel("Name").fill(`Blog ${run}`);
  await dialog.getByLabel("Feed address").fill("http://127.0.0.1:8080/feed.xml");
  // Added paused (no scheduled poll races the one below).
  await dialog.getByLabel("Enabled").press("Space");
  await expect(dialog.getByLabel("Enabled")).not.toBeChecked();
  await dialog.getByLabel("Feed address").press("Enter");
  await expect(dialog).toBeHidden();

  const card = page.getByRole("listitem").filter({ hasText: `Blog ${run}` });
  await expect(card.getByText("Paused", { exact: true })).toBeVisible();
  await card.getByRole("button", { name: "Poll now" }).click();
  await slow(card.getByText(/blocked_address · 1 failure in a row/)).toBeVisible();
  await expect(card.getByText(/127\.0\.0\.1 is a private, loopback or reserved address/)).toBeVisible();

  expect(await axe(page), "the page with a failing source").toEqual([]);

  await card.getByRole("button", { name: "Resume" }).click();
  await expect(card.getByRole("button", { name: "Pause" })).toBeVisible();
  await card.getByRole("button", { name: "Pause" }).click();
  await expect(card.getByRole("button", { name: "Resume" })).toBeVisible();

  // The token is set but never shown: the edit form says so and its field is empty.
  const gh = page.getByRole("listitem").filter({ hasText: `Issues ${run}` });
  await gh.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit “Issues ${run}”` });
  await expect(edit.getByText(/Set\. It is never shown again/)).toBeVisible();
  await expect(edit.getByLabel("Token", { exact: true })).toHaveValue("");
  expect(await page.content()).not.toContain("ghp_never_shown_again");
  expect(await axe(page), "the edit form").toEqual([]);
  await edit.getByRole("button", { name: "Cancel" }).click();

  // On a phone the page fits the screen, once the resize has settled (the shell's navbar leaves and the toasts of the
  // steps above finish sliding in: one CI run measured 414 px mid-transition, the next 390).
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 10_000 })
    .toBeLessThanOrEqual(390);
  expect(await axe(page), "the page on a phone").toEqual([]);
  if (process.env.E2E_SHOTS)
    await page.screenshot({ path: `${process.env.E2E_SHOTS}/sources-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  if (process.env.E2E_SHOTS)
    await page.screenshot({ path: `${process.env.E2E_SHOTS}/sources-desktop.png`, fullPage: true });

  await card.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete source" }).click();
  await expect(card).toBeHidden();
});
