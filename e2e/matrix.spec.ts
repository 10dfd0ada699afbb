import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import { type Running, startBaton } from "../src/server/test/spawn.ts";

/**
 * The feature matrix in a real browser, on a Baton of its own: a product with two competitors; the PM adds a
 * capability we lack, marks that one competitor has it (from the cell's editor, with the keyboard), finds it among
 * the gaps, turns it into an idea, and the idea page says "1 of 2 competitors has this". axe checks the matrix.
 */
test.use({ actionTimeout: 30_000, bypassCSP: true });
const slow = expect.configure({ timeout: 45_000 });
const PM = { name: "Mia Matrix", email: "mia@matrix.test", password: "feature-matrix-1" };
const AXE = createRequire(import.meta.url).resolve("axe-core");

async function seriousViolations(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const res = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return (res.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

let baton: Running;
test.beforeAll(async () => {
  baton = await startBaton({ BATON_DATA_DIR: `/tmp/baton-e2e-matrix-${process.pid}-${Date.now()}` });
});
test.afterAll(async () => {
  baton?.proc.kill("SIGTERM");
  await baton?.exited;
});

test("feature matrix: a gap marked from a cell becomes an idea that shows its competitor coverage", async ({
  page,
}) => {
  test.setTimeout(180_000);
  let auth = { cookie: "", csrf: "" };
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baton.url}/api/v1${url}`, {
      method,
      headers: { "content-type": "application/json", cookie: auth.cookie, "x-csrf-token": auth.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    expect(res.status, `${method} ${url}: ${JSON.stringify(json)}`).toBeLessThan(300);
    if (!auth.cookie)
      auth = { cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "", csrf: json.csrfToken };
    return json;
  };
  const setup = await api("POST", "/setup", { ...PM, workspaceName: "Matrix Co" });
  const wid = setup.workspaces[0].id as string;
  const product = await api("POST", `/workspaces/${wid}/products`, { name: "Baton" });
  const alpha = await api("POST", `/workspaces/${wid}/competitors`, {
    name: "Alpha",
    productIds: [product.id],
  });
  await api("POST", `/workspaces/${wid}/competitors`, { name: "Beta", productIds: [product.id] });

  await page.goto(`${baton.url}/login`);
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(PM.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PM.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await slow(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);

  // The navbar's entry opens the product's matrix, empty at first.
  await page.goto(`${baton.url}/w/${wid}/matrix`);
  await slow(page).toHaveURL(new RegExp(`/products/${product.id}/matrix$`));
  await slow(page.getByText("No capabilities yet")).toBeVisible();
  await page.getByRole("button", { name: "Add a capability" }).click();
  const add = page.getByRole("dialog", { name: "Add to the feature matrix" });
  await add.getByRole("textbox", { name: "Capability" }).fill("Offline mode");
  await add.getByLabel("Theme").fill("Mobile");
  await add.getByRole("radio", { name: /Doesn't have it/ }).check();
  await add.getByRole("button", { name: "Add row" }).click();
  await expect(add).toBeHidden();

  const grid = page.getByRole("region", { name: "Feature matrix" });
  await slow(grid.getByRole("rowheader", { name: /Offline mode/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  // Alpha's cell, from the keyboard: the first cell, then → to Alpha, Enter opens its editor.
  await grid.locator('button.baton-cell[data-r="0"][data-c="0"]').focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  const editor = page.getByRole("dialog");
  await expect(editor.getByText("Alpha: Offline mode")).toBeVisible();
  await editor.getByRole("radio", { name: /Has it$/ }).check();
  await editor.getByRole("textbox", { name: "Note" }).fill("Offline sync since v4");
  await editor.getByRole("textbox", { name: "Source URL" }).fill("https://alpha.example/changelog");
  await editor.getByRole("button", { name: "Save" }).click();
  await slow(grid.locator('button.baton-cell[data-r="0"][data-c="1"]')).toContainText("Has");

  // Among the gaps, with how many have it; then an idea made from it.
  await page.getByText(/^Gaps \(1\)$/).click();
  await slow(page).toHaveURL(/view=gaps$/);
  await expect(grid.getByText("1 of 2 have it")).toBeVisible();
  await grid.getByRole("button", { name: "Offline mode", exact: true }).click();
  const row = page.getByRole("dialog", { name: "Offline mode" });
  await row.getByRole("button", { name: "Create idea and link" }).click();
  await expect(row).toBeHidden();
  const link = grid.getByRole("link", { name: /^Idea #1$/ });
  await slow(link).toBeVisible();
  await link.click();
  await slow(page.getByTestId("idea-competitors-sentence")).toHaveText("1 of 2 competitors has this");
  await expect(page.getByText("Alpha", { exact: true })).toBeVisible();

  const cell = await api("GET", `/workspaces/${wid}/products/${product.id}/matrix`);
  expect(cell.groups[0].rows[0].cells[alpha.id]).toMatchObject({
    status: "has",
    note: "Offline sync since v4",
    sourceUrl: "https://alpha.example/changelog",
    stale: false,
  });
});
