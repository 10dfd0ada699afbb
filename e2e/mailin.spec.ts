import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER } from "./helpers.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core");
/** axe-core's critical and serious WCAG 2 A/AA violations on the page as it is now. */
async function seriousViolations(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const res = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return (res.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === "critical" || v.impact === "serious")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/**
 * Replying to a customer: a mail arrives through the inbound-mail webhook (the SMTP listener's code path), the
 * PM opens it in the inbox, picks a reply template whose variables are filled for this customer, sends the
 * reply, and sees it in the item's conversation, waiting in the outbox. Then the reply templates: save what was
 * written as a template (a modal, field errors at the field), manage them (edit, delete with a confirmation), and
 * a product's own inbound address in the settings (copy, rotate), whose mail lands as that product's feedback.
 */
const slow = expect.configure({ timeout: 45_000 });
// bypassCSP: axe-core is injected as a script tag, which the strict CSP would refuse.
test.use({ actionTimeout: 30_000, bypassCSP: true });
const run = Date.now().toString(36);
const TOKEN = `mail${run}`;

test("reply journey: mail in, template, reply kept on the item", async ({ page, request }) => {
  test.setTimeout(180_000);
  await ensureOwner(request);
  await logIn(page, OWNER);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  const w = `/workspaces/${wid}`;
  await call("post", `${w}/feedback/mail`, {
    from: { address: `erin.${run}@fabrikam.test`, name: "Erin Example" },
    subject: `Bulk export ${TOKEN}`,
    text: `Could we export all routes at once? ${TOKEN}`,
    messageId: `<${run}@fabrikam.test>`,
    attachments: [{ name: "routes.xlsx", type: "application/vnd.ms-excel", size: 48_000 }],
  });
  await call("post", `${w}/reply-templates`, {
    name: `Thanks ${run}`,
    subject: "",
    body: "Hi {{customer.firstName}}, thanks: we are looking into it. {{sender.name}}",
  });

  await page.goto(`/w/${wid}/feedback`);
  await slow(page.getByRole("heading", { level: 1, name: "Feedback" })).toBeVisible();
  await page.keyboard.press("f");
  await page.keyboard.type(TOKEN);
  await page.keyboard.press("Enter");
  const list = page.getByRole("list", { name: "Feedback items" });
  await slow(list.getByRole("listitem")).toHaveCount(1);
  await slow(page.getByText("From Erin Example")).toBeVisible();
  await slow(page.getByText(/routes\.xlsx/)).toBeVisible();

  await page.getByLabel("Template", { exact: true }).first().click();
  await page.getByRole("option", { name: `Thanks ${run}` }).click();
  const reply = page.getByRole("textbox", { name: "Reply" });
  await slow(reply).toHaveValue(/^Hi Erin, thanks: we are looking into it\. /);
  // Not a full-page screenshot: Chromium's full-page capture resizes the page, which reflows the inbox's layout.
  await page.screenshot({ path: "/tmp/shots/mailin-composer.png" });
  await page.getByRole("button", { name: "Send reply" }).click();
  await slow(page.getByText(`Reply to erin.${run}@fabrikam.test`)).toBeVisible();
  await slow(page.getByText("In the outbox")).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/mailin-sent.png", fullPage: true });
  const conv = await call(
    "get",
    `${w}/feedback/${(await call("get", `${w}/feedback?q=${TOKEN}`)).items[0].id}/messages`,
  );
  expect(conv.items.map((m: { direction: string }) => m.direction)).toEqual(["in", "out"]);

  // Save as a template: a modal, not a prompt; an unknown variable is an error at its field.
  await page.getByRole("textbox", { name: "Reply" }).fill("Hello {{custmer.name}}, we shipped it.");
  await page.getByRole("button", { name: "Save as template" }).click();
  const save = page.getByRole("dialog", { name: "Save as a reply template" });
  await save.getByRole("textbox", { name: "Name" }).fill(`Shipped ${run}`);
  await save.getByRole("button", { name: "Save template" }).click();
  await slow(save.getByText(/Unknown variable \{\{custmer\.name\}\}/)).toBeVisible();
  const text = save.getByRole("textbox", { name: "Text" });
  await text.fill("Hello , we shipped it.");
  await text.press("Home");
  for (let i = 0; i < 6; i++) await text.press("ArrowRight");
  await save.getByRole("button", { name: /Insert \{\{customer\.firstName\}\}/ }).click();
  await expect(text).toHaveValue("Hello {{customer.firstName}}, we shipped it.");
  await page.screenshot({ path: "/tmp/shots/mailin-save-template.png" });
  await save.getByRole("button", { name: "Save template" }).click();
  await slow(save).toBeHidden();

  // The manager (from the inbox's header): edit a template, then delete one after confirming.
  await page.getByRole("button", { name: "Reply templates" }).click();
  const manager = page.getByRole("dialog", { name: "Reply templates" });
  const templates = manager.getByRole("list", { name: "Reply templates" });
  await slow(templates).toContainText(`Shipped ${run}`);
  await manager.getByRole("button", { name: `Edit Shipped ${run}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit "Shipped ${run}"` });
  await edit.getByRole("textbox", { name: "Name" }).fill(`Thanks ${run}`);
  await edit.getByRole("button", { name: "Save" }).click();
  await slow(edit.getByText("A template with this name exists")).toBeVisible();
  await edit.getByRole("textbox", { name: "Name" }).fill(`Shipped news ${run}`);
  await edit.getByRole("textbox", { name: "Subject" }).fill("About {{idea.title}}");
  await edit.getByRole("button", { name: "Save" }).click();
  await slow(templates).toContainText(`Shipped news ${run}`);
  await slow(templates).toContainText("About {{idea.title}}");
  await page.screenshot({ path: "/tmp/shots/mailin-templates.png" });
  expect(await seriousViolations(page)).toEqual([]);
  await manager.getByRole("button", { name: `Delete Thanks ${run}` }).click();
  await page
    .getByRole("dialog", { name: `Delete "Thanks ${run}"?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await slow(templates).not.toContainText(`Thanks ${run}`);
  await page.keyboard.press("Escape");
  await slow(manager).toBeHidden();
  const names = (await call("get", `${w}/reply-templates`)).items.map((x: { name: string }) => x.name);
  expect(names).toContain(`Shipped news ${run}`);
  expect(names).not.toContain(`Thanks ${run}`);

  // A product's own address, in the settings at phone width: copy it; its mail is the product's feedback.
  const product = await call("post", `${w}/products`, { name: `Fleet ${run}` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/w/${wid}/settings/general`);
  const field = page.getByRole("textbox", { name: `Fleet ${run} address` });
  await slow(field).toHaveValue(/^feedback\+[0-9a-f]{32}@/);
  await expect(page.getByRole("textbox", { name: "Workspace address" })).toBeVisible();
  await page.getByRole("button", { name: `Copy fleet ${run} address` }).click();
  await slow(page.getByRole("button", { name: "Copied" }).first()).toBeVisible();
  const before = await field.inputValue();
  await page.getByRole("button", { name: `New address for Fleet ${run}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "New address" }).click();
  await slow(field).not.toHaveValue(before);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "/tmp/shots/mailin-addresses-390.png", fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await call("post", `${w}/feedback/mail`, {
    from: { address: `erin.${run}@fabrikam.test`, name: "Erin Example" },
    to: await field.inputValue(),
    subject: `Fleet mail ${TOKEN}`,
    text: `For the fleet product. ${TOKEN}`,
    messageId: `<fleet-${run}@fabrikam.test>`,
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/w/${wid}/feedback`);
  await slow(page.getByRole("heading", { level: 1, name: "Feedback" })).toBeVisible();
  await page.keyboard.press("f");
  await page.keyboard.type(`Fleet mail ${TOKEN}`);
  await page.keyboard.press("Enter");
  await slow(page.getByRole("heading", { level: 2, name: `Fleet mail ${TOKEN}` })).toBeVisible();
  await slow(page.getByText(`Fleet ${run}`, { exact: true })).toBeVisible();
  const item = (await call("get", `${w}/feedback?q=Fleet`)).items.find((i: { title: string }) =>
    i.title.startsWith("Fleet mail"),
  );
  expect(item.sourceId).toBe(product.id);
});
