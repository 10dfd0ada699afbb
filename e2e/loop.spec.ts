import { createRequire } from "node:module";
import { expect, type Page, test } from "@playwright/test";
import { type RecordingSmtp, startRecordingSmtp } from "../src/server/test/smtp.ts";
import { type Running, startBaton } from "../src/server/test/spawn.ts";

/**
 * Close the loop in a real browser: a Baton of its own whose mail goes to a real SMTP server on 127.0.0.1. The
 * idea ships, the PM opens Close the loop on the idea page, sees the one customer (two linked items: one mail),
 * sends, and the mail arrives with its unsubscribe link, which works in the browser without an account. The inbox
 * then shows, on each of her items, what was sent about it; and the changelog entry links a roadmap item picked
 * by searching the product's roadmap items.
 */
const slow = expect.configure({ timeout: 45_000 });
// bypassCSP: axe-core is injected as a script tag, which the strict CSP would refuse.
test.use({ actionTimeout: 30_000, bypassCSP: true });
const PM = { name: "Pat PM", email: "pat@loop.test", password: "close-the-loop-1" };
const AXE = createRequire(import.meta.url).resolve("axe-core");
/** axe-core's critical and serious WCAG 2 A/AA violations on the page as it is now. */
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

let smtp: RecordingSmtp;
let baton: Running;
test.beforeAll(async () => {
  smtp = await startRecordingSmtp();
  baton = await startBaton({
    BATON_DATA_DIR: `/tmp/baton-e2e-loop-${process.pid}-${Date.now()}`,
    SMTP_URL: smtp.url,
    BATON_JOB_POLL_MS: "200",
  });
});
test.afterAll(async () => {
  baton?.proc.kill("SIGTERM");
  await baton?.exited;
  await smtp?.close();
});

test("close the loop: ship an idea, send the message, the mail arrives and unsubscribes", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const api = async (
    method: string,
    url: string,
    body?: unknown,
    auth?: { cookie: string; csrf: string },
  ) => {
    const res = await fetch(`${baton.url}/api/v1${url}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(auth ? { cookie: auth.cookie, "x-csrf-token": auth.csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    expect(res.status, `${method} ${url}: ${JSON.stringify(json)}`).toBeLessThan(300);
    return { json, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
  };
  const setup = await api("POST", "/setup", { ...PM, workspaceName: "Loop Co" });
  const auth = { cookie: setup.cookie, csrf: setup.json.csrfToken as string };
  const wid = setup.json.workspaces[0].id as string;
  const w = `/workspaces/${wid}`;
  const product = (await api("POST", `${w}/products`, { name: "Driver app" }, auth)).json;
  const idea = (await api("POST", `${w}/products/${product.id}/ideas`, { title: "Offline maps" }, auth)).json;
  const dana = (await api("POST", `${w}/people`, { name: "Dana Fleet", email: "dana@contoso.test" }, auth))
    .json;
  const itemIds: string[] = [];
  for (const text of ["We need offline maps.", "Offline maps please, tunnels kill the signal."]) {
    const item = (await api("POST", `${w}/feedback`, { text, author: { personId: dana.id } }, auth)).json;
    itemIds.push(item.id);
    await api("POST", `${w}/feedback/${item.id}/links`, { ideaId: idea.id, importance: "critical" }, auth);
  }
  const entry = await api(
    "POST",
    `${w}/products/${product.id}/changelog`,
    {
      title: "Offline maps are here",
      body: "Maps stay on the phone.",
      ideaIds: [idea.id],
      status: "published",
    },
    auth,
  );

  // The browser uses the PM's session from the set-up.
  const [name, value] = auth.cookie.split("=");
  await page.context().addCookies([{ name, value, url: baton.url }]);
  await page.goto(`${baton.url}/w/${wid}/ideas/${idea.id}`);
  const panel = page.getByRole("heading", { name: "Close the loop" });
  await slow(panel).toBeVisible();
  await slow(page.getByText("When this idea ships, tell the 1 customer who asked for it.")).toBeVisible();

  // Ship the idea on its page.
  await page
    .getByRole("textbox", { name: "Status" })
    .or(page.getByRole("combobox", { name: "Status" }))
    .first()
    .click();
  await page.getByRole("option", { name: "Shipped" }).click();
  await slow(page.getByText("1 customer asked for this and has not been told it shipped.")).toBeVisible();

  await page.getByRole("button", { name: "Close the loop" }).click();
  const dialog = page.getByRole("dialog", { name: "Close the loop" });
  await slow(dialog.getByRole("list", { name: "Recipients" })).toContainText("Dana Fleet");
  await expect(dialog.getByRole("list", { name: "Recipients" })).toContainText("2 items");
  // The prepared message links the published changelog entry; the preview is the mail.
  await slow(dialog.getByText("(to dana@contoso.test)")).toBeVisible();
  await slow(dialog.getByText(/What changed: http:\/\/127\.0\.0\.1:\d+\/changelog\//)).toBeVisible();
  await dialog.getByRole("button", { name: "Send to 1 customer" }).click();
  await slow(dialog).toBeHidden();

  // The mail arrives in the SMTP server, once.
  await expect
    .poll(() => smtp.received.filter((m) => m.to.includes("dana@contoso.test")).length, {
      timeout: 60_000,
    })
    .toBe(1);
  const [mail] = smtp.received.filter((m) => m.to.includes("dana@contoso.test"));
  expect(mail.subject).toBe("Shipped: Offline maps");
  expect(mail.body).toContain("Hi Dana,");
  await slow(page.getByText("Every customer who asked for this has been told (or cannot be).")).toBeVisible();
  // The history shows what was sent, delivered (the page read it before the mail job ran: reload).
  await page.reload();
  await slow(page.getByText("Shipped: {{idea}}")).toBeVisible();
  await slow(page.getByText("sent", { exact: true })).toBeVisible();

  // The unsubscribe link works in a browser without a session.
  const link = /(http:\/\/\S+\/unsubscribe\/\S+)/.exec(mail.body)?.[1] as string;
  const guest = await page.context().browser()!.newContext();
  const other = await guest.newPage();
  await other.goto(link);
  await slow(other.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  await other.goto(`${link.slice(0, -4)}AAAA`);
  await slow(other.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await guest.close();

  // The inbox: the item's pane says what was sent about it.
  await page.goto(`${baton.url}/w/${wid}/feedback?item=${itemIds[1]}`);
  const sent = page.getByRole("region", { name: "What was sent" });
  await slow(sent).toContainText("Shipped: Offline maps");
  await expect(sent).toContainText("to dana@contoso.test");
  await expect(sent.getByRole("link", { name: "Offline maps" })).toBeVisible();
  await sent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/shots/loop-inbox-told.png" });
  expect(await seriousViolations(page)).toEqual([]);

  // The changelog entry links a roadmap item, picked by searching the product's roadmap items (at phone width).
  const roadmap = (
    await api(
      "POST",
      `${w}/roadmaps`,
      {
        productId: product.id,
        name: "Driver 2027",
        periodKind: "quarter",
        startMonth: "2027-01",
        horizon: 4,
      },
      auth,
    )
  ).json;
  for (const title of ["Offline map tiles", "Route sharing"])
    await api("POST", `${w}/roadmaps/${roadmap.id}/items`, { title }, auth);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baton.url}/w/${wid}/products/${product.id}/changelog`);
  await slow(page.getByRole("heading", { name: "Offline maps are here" })).toBeVisible();
  await page.getByRole("button", { name: "Actions for Offline maps are here" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const editor = page.getByRole("dialog", { name: "Edit entry" });
  const picker = editor
    .getByRole("combobox", { name: "Roadmap items it ships" })
    .or(editor.getByRole("textbox", { name: "Roadmap items it ships" }))
    .first();
  await picker.click();
  await picker.pressSequentially("tiles");
  await slow(page.getByRole("option", { name: "Offline map tiles" })).toBeVisible();
  await expect(page.getByRole("option", { name: "Route sharing" })).toHaveCount(0);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(editor.getByText("Offline map tiles")).toBeVisible();
  await page.keyboard.press("Tab");
  await page.screenshot({ path: "/tmp/shots/loop-changelog-picker-390.png" });
  expect(await seriousViolations(page)).toEqual([]);
  await editor.getByRole("button", { name: "Save" }).click();
  await slow(editor).toBeHidden();
  await slow(page.getByRole("link", { name: "Offline map tiles" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const saved = (await api("GET", `${w}/changelog/${entry.json.id}`, undefined, auth)).json;
  expect(saved.roadmapItems.map((i: { title: string }) => i.title)).toEqual(["Offline map tiles"]);
});
