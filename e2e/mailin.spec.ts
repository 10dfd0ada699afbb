import { expect, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER } from "./helpers.ts";

/**
 * Replying to a customer: a mail arrives through the inbound-mail webhook (the SMTP listener's code path), the
 * PM opens it in the inbox, picks a reply template whose variables are filled for this customer, sends the
 * reply, and sees it in the item's conversation, waiting in the outbox.
 */
const slow = expect.configure({ timeout: 45_000 });
test.use({ actionTimeout: 30_000 });
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
  await page.screenshot({ path: "/tmp/shots/mailin-composer.png", fullPage: true });
  await page.getByRole("button", { name: "Send reply" }).click();
  await slow(page.getByText(`Reply to erin.${run}@fabrikam.test`)).toBeVisible();
  await slow(page.getByText("In the outbox")).toBeVisible();
  await page.screenshot({ path: "/tmp/shots/mailin-sent.png", fullPage: true });
  const conv = await call(
    "get",
    `${w}/feedback/${(await call("get", `${w}/feedback?q=${TOKEN}`)).items[0].id}/messages`,
  );
  expect(conv.items.map((m: { direction: string }) => m.direction)).toEqual(["in", "out"]);
});
