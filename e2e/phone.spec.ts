import { mkdirSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { apiOf, DEMO, demoLogin, startBaton } from "./helpers.ts";

/**
 * Stakeholders on a phone (390 × 844, touch): Chloé, head of marketing, opens her invitation to the demo's open
 * scoring round from the notifications and rates its ideas one at a time (large buttons, Next, a swipe, one
 * abstention with its reason); Dana opens the sign-off link from her mail, looks, is stopped when she sends
 * without choosing, then approves explicitly, which makes the plan the approved baseline. No page scrolls
 * sideways on the way.
 */
const PHONE = { width: 390, height: 844 };
// A busy machine can take seconds to handle a tap while the app loads its other pages in the background.
test.use({ actionTimeout: 30_000 });
const SHOTS = "/tmp/shots/phone";
const CHLOE = demoLogin("chloe.martin@northwind.test");
const ROUND = "Sync & notifications deep-dive";

let server: Awaited<ReturnType<typeof startBaton>>;
test.beforeAll(async () => {
  test.setTimeout(600_000);
  server = await startBaton({ demo: true });
});
test.afterAll(async () => {
  await server?.stop();
});

async function phonePage(browser: Browser) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  return context.newPage();
}

async function logInOnPhone(page: Page, who: { email: string; password: string }, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(who.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function expectNoSidewaysScroll(page: Page) {
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** A sideways swipe on the ballot (touch events, as a finger sends them). */
async function swipe(page: Page, fromX: number, toX: number) {
  const area = page.getByTestId("phone-ballot-idea");
  const y = 300;
  await area.dispatchEvent("touchstart", { touches: [{ identifier: 1, clientX: fromX, clientY: y }] });
  await area.dispatchEvent("touchend", { changedTouches: [{ identifier: 1, clientX: toX, clientY: y + 5 }] });
}

test("a voter rates a round's ideas on a phone, one idea at a time", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await phonePage(browser);
  await logInOnPhone(page, CHLOE);
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  await expectNoSidewaysScroll(page);
  await shot(page, "01-voter-home");

  // The invitation is in the notifications; it opens the round on the phone ballot.
  await page.getByRole("button", { name: /notification/i }).click();
  const inbox = page.getByRole("dialog", { name: "Notifications" });
  await expectNoSidewaysScroll(page);
  await shot(page, "02-voter-notifications");
  await inbox.getByText(`Your ratings are wanted: ${ROUND}`).click();
  await expect(page.getByRole("heading", { level: 1, name: ROUND })).toBeVisible();
  await expect(page.getByRole("grid")).toHaveCount(0); // no desktop grid on a phone
  await expectNoSidewaysScroll(page);

  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const roundId = new URL(page.url()).pathname.split("/")[4]!;
  const call = await apiOf(page);
  const round = await call("get", `/workspaces/${wid}/rounds/${roundId}`);
  const ideas = round.ideas as { id: string; title: string }[];
  const factors = round.factors as { id: string; name: string; scaleMin: number; scaleMax: number }[];
  const total = ideas.length * factors.length;
  await expect(page.getByText(`0 of ${total} rated`)).toBeVisible();

  for (const [n, idea] of ideas.entries()) {
    await expect(page.getByRole("heading", { level: 2, name: idea.title })).toBeVisible();
    await expect(page.getByText(`Idea ${n + 1} of ${ideas.length}`)).toBeVisible();
    for (const [fi, f] of factors.entries()) {
      const factor = page.getByRole("region", { name: f.name, exact: true });
      if (n === 1 && fi === 0) {
        // One abstention: the reason is required.
        await factor.getByRole("button", { name: "Abstain" }).click();
        await factor.getByRole("button", { name: "Abstain" }).click();
        await expect(factor.getByText("Say why you abstain")).toBeVisible();
        await factor
          .getByRole("textbox", { name: "Why do you abstain?" })
          .fill("Marketing cannot judge this");
        await factor.getByRole("button", { name: "Abstain" }).click();
        await expect(factor.getByText("Abstained: Marketing cannot judge this")).toBeVisible();
        continue;
      }
      const value = f.scaleMin + ((n + fi) % (f.scaleMax - f.scaleMin + 1));
      const target = factor.getByRole("button", { name: new RegExp(`^${f.name}: ${value}( —|$)`) });
      // Large targets: at least 48 × 48 CSS pixels.
      const box = (await target.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
      await target.tap();
      await expect(target).toHaveAttribute("aria-pressed", "true");
    }
    if (n === 0) {
      await shot(page, "03-voter-first-idea-rated");
      // A swipe to the left goes on to the next idea, one to the right comes back.
      await swipe(page, 320, 60);
      await expect(page.getByText(`Idea 2 of ${ideas.length}`)).toBeVisible();
      await swipe(page, 60, 320);
      await expect(page.getByText(`Idea 1 of ${ideas.length}`)).toBeVisible();
    }
    await expectNoSidewaysScroll(page);
    if (n < ideas.length - 1) await page.getByRole("button", { name: "Next", exact: true }).tap();
  }
  await expect(page.getByText(`${total} of ${total} rated`)).toBeVisible();
  await expect(page.getByRole("button", { name: "All rated" })).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Saved");
  await shot(page, "04-voter-all-rated");

  // Every rating reached the server, with the abstention and its reason.
  const ballot = await call("get", `/workspaces/${wid}/rounds/${roundId}/ballot`);
  const mine = ballot.mine as {
    ideaId: string;
    factorId: string;
    value: number | null;
    abstainReason: string;
  }[];
  expect(mine).toHaveLength(total);
  const abstained = mine.filter((r) => r.value === null);
  expect(abstained).toEqual([
    expect.objectContaining({
      ideaId: ideas[1]!.id,
      factorId: factors[0]!.id,
      abstainReason: "Marketing cannot judge this",
    }),
  ]);
  const last = mine.find((r) => r.ideaId === ideas.at(-1)!.id && r.factorId === factors.at(-1)!.id)!;
  const f = factors.at(-1)!;
  expect(last.value).toBe(
    f.scaleMin + ((ideas.length - 1 + factors.length - 1) % (f.scaleMax - f.scaleMin + 1)),
  );
  await page.context().close();
});

test("an approver opens the mail's link on a phone and approves only after choosing explicitly", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // The link in the sign-off mail goes through log-in to the approver's page.
  const setup = await phonePage(browser);
  await logInOnPhone(setup, DEMO);
  await expect(setup).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  const wid = new URL(setup.url()).pathname.split("/")[2]!;
  const call = await apiOf(setup);
  const open = (
    (await call("get", `/workspaces/${wid}/signoffs`)).items as { id: string; status: string }[]
  ).find((s) => s.status === "open")!;
  await setup.context().close();

  const page = await phonePage(browser);
  await logInOnPhone(page, DEMO, `/w/${wid}/signoffs/${open.id}`);
  await expect(page).toHaveURL(new RegExp(`/w/${wid}/signoffs/${open.id}$`));
  const panel = page.getByRole("region", { name: "Your decision" });
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await expectNoSidewaysScroll(page);
  await shot(page, "05-approver-page");

  // Looking around changes nothing: the tabs fit the phone too.
  for (const tab of [/Changes since baseline/, /Your teams/, /All items/, /Discussion/]) {
    await page.getByRole("tab", { name: tab }).click();
    await expectNoSidewaysScroll(page);
  }

  // Nothing is preselected, and sending without a choice decides nothing.
  for (const radio of await panel.getByRole("radio").all()) await expect(radio).not.toBeChecked();
  await panel.getByRole("button", { name: "Send my decision" }).tap();
  await expect(panel.getByText("Choose approve, approve with comments or object")).toBeVisible();
  await shot(page, "06-approver-must-choose");
  const before = await apiOf(page).then((c) => c("get", `/workspaces/${wid}/signoffs/${open.id}`));
  expect(before.status).toBe("open");

  await panel.getByRole("radio", { name: "Approve", exact: true }).check();
  await panel.getByRole("button", { name: "Approve", exact: true }).tap();
  await expect(page.getByText("Decision saved")).toBeVisible();
  // Dana was the last required approver: the version is now the approved baseline.
  await expect(page.getByText("Approved baseline", { exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await shot(page, "07-approver-approved");
  const after = await apiOf(page).then((c) => c("get", `/workspaces/${wid}/signoffs/${open.id}`));
  expect(after.status).toBe("approved");
  await page.context().close();
});
