import { expect, test } from "@playwright/test";
import { type RecordingSmtp, startRecordingSmtp } from "../src/server/test/smtp.ts";
import { type Running, startBaton } from "../src/server/test/spawn.ts";

/**
 * Close the loop in a real browser: a Baton of its own whose mail goes to a real SMTP server on 127.0.0.1. The
 * idea ships, the PM opens Close the loop on the idea page, sees the one customer (two linked items: one mail),
 * sends, and the mail arrives with its unsubscribe link, which works in the browser without an account.
 */
const slow = expect.configure({ timeout: 45_000 });
test.use({ actionTimeout: 30_000 });
const PM = { name: "Pat PM", email: "pat@loop.test", password: "close-the-loop-1" };

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
  for (const text of ["We need offline maps.", "Offline maps please, tunnels kill the signal."]) {
    const item = (await api("POST", `${w}/feedback`, { text, author: { personId: dana.id } }, auth)).json;
    await api("POST", `${w}/feedback/${item.id}/links`, { ideaId: idea.id, importance: "critical" }, auth);
  }
  await api(
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
});
