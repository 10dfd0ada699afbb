import { expect, test } from "@playwright/test";
import { apiOf, ensureOwner, logIn, OWNER as PM } from "./helpers.ts";

/**
 * Sharing journey: a roadmap is signed off (through the API), so its version is the approved baseline; the PM
 * sees it marked in the Versions tab, presents it, creates a share link in the UI and copies it; someone
 * without an account opens the link, reads the roadmap and presents it with the keyboard; the PM revokes the
 * link, and the public page then says the link no longer works.
 */
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const PRODUCT = `Share product ${run}`;
const TEAM = `Platform ${run}`;
const ROADMAP = `Shared plan ${run}`;
const SHOTS = "/tmp/shots";

const now = new Date();
const startMonth = `${now.getFullYear()}-${String(Math.floor(now.getMonth() / 3) * 3 + 1).padStart(2, "0")}-01`;

test("the PM shares an approved baseline; a guest reads and presents it; a revoked link stops working", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(120_000);
  await ensureOwner(request);
  await logIn(page, PM);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);
  const me = (await call("get", "/auth/session")).user.id as string;

  // Through the API: a product, a team, a roadmap with items in two quarters and a milestone.
  const product = await call("post", `/workspaces/${wid}/products`, { name: PRODUCT });
  const team = await call("post", `/workspaces/${wid}/teams`, { name: TEAM, discipline: "engineering" });
  const roadmap = await call("post", `/workspaces/${wid}/roadmaps`, {
    productId: product.id,
    name: ROADMAP,
    startMonth,
    periodKind: "quarter",
    horizon: 4,
    laneBy: "team",
  });
  const view = await call("get", `/workspaces/${wid}/roadmaps/${roadmap.id}`);
  const [q1, q2] = view.periods as { key: string; label: string; start: string }[];
  const item = (title: string, period: string | null, status: string, outcome: string) =>
    call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/items`, {
      title,
      outcome,
      status,
      period,
      efforts: [{ teamId: team.id, effort: 5 }],
    });
  await item(
    "Offline job sync",
    q1!.start,
    "in_progress",
    "Jobs entered offline reach the office in a minute",
  );
  await item("Route planner", q1!.start, "planned", "Technicians drive 10% less");
  await item("Customer portal", q2!.start, "planned", "Customers book visits themselves");
  await item("Dark mode", null, "candidate", "");
  await call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/milestones`, {
    title: "Beta launch",
    date: `${q1!.start.slice(0, 8)}20`,
  });

  // Signed off by the PM alone: the version becomes the approved baseline.
  const deadline = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
  const signoff = await call("post", `/workspaces/${wid}/roadmaps/${roadmap.id}/signoffs`, {
    approvers: [{ userId: me, required: true }],
    deadline,
    overrideReason: "e2e",
  });
  await call("put", `/workspaces/${wid}/signoffs/${signoff.id}/decision`, {
    versionId: signoff.versionId,
    decision: "approved",
  });

  // The Versions tab marks the baseline and links to its sign-off.
  await page.goto(`/w/${wid}/roadmaps/${roadmap.id}/versions`);
  const versions = page.getByRole("table", { name: "Saved versions" });
  await expect(versions.getByText("Approved baseline")).toBeVisible();
  await expect(versions.getByRole("link", { name: "Sign-off" })).toHaveAttribute(
    "href",
    `/w/${wid}/signoffs/${signoff.id}`,
  );
  await page.screenshot({ path: `${SHOTS}/share-versions.png`, fullPage: true });

  // Present the version from the app: a title slide, then the first quarter; Esc leaves.
  await page.getByRole("button", { name: "Present v1" }).click();
  const deck = page.getByRole("dialog", { name: `Presentation: ${ROADMAP}` });
  await expect(deck.getByRole("heading", { level: 1, name: ROADMAP })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(deck.getByRole("heading", { level: 2, name: q1!.label })).toBeVisible();
  await expect(deck.getByText("Offline job sync")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(deck).toHaveCount(0);

  // A share link, created in the UI and shown once.
  await page.getByRole("button", { name: "Share v1" }).click();
  const modal = page.getByRole("dialog", { name: /Share v1/ });
  await expect(modal.getByText("No link yet")).toBeVisible();
  await modal.getByRole("textbox", { name: "Expires in (days)" }).fill("7");
  await modal.getByRole("button", { name: "Create link" }).click();
  const urlField = modal.getByRole("textbox", { name: "Share link" });
  await expect(urlField).toHaveValue(/\/s\/bshr_/);
  const url = await urlField.inputValue();
  await expect(modal.getByTestId("share-link-row")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/share-modal.png` });

  // A guest with no session opens it.
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(url);
  await expect(guest.getByRole("heading", { level: 1, name: ROADMAP })).toBeVisible();
  await expect(guest.getByText(`${PM.name}`)).toHaveCount(0);
  await expect(guest.getByText(/Approved on/)).toBeVisible();
  await expect(guest.getByText(/Link expires/)).toBeVisible();
  const table = guest.getByRole("table", { name: "Roadmap" });
  await expect(table.getByRole("columnheader", { name: new RegExp(q1!.label) })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: TEAM })).toBeVisible();
  await expect(table.getByText("Beta launch")).toBeVisible();
  const card = table.getByRole("button", { name: /Offline job sync/ });
  await card.click();
  await expect(card).toHaveAttribute("aria-expanded", "true");
  await expect(card.getByText("Jobs entered offline reach the office in a minute")).toBeVisible();
  await expect(guest.getByRole("link")).toHaveCount(1); // "Powered by Baton" only
  await guest.screenshot({ path: `${SHOTS}/share-public.png`, fullPage: true });

  // Presentation with the keyboard: → and Space forward, End to the summary, Home back, Esc out.
  await guest.getByRole("button", { name: "Present" }).click();
  const show = guest.getByRole("dialog", { name: `Presentation: ${ROADMAP}` });
  const counter = show.getByTestId("slide-counter");
  // Title, four quarters, "Not scheduled" (Dark mode), summary.
  await expect(counter).toHaveText("1 / 7");
  await guest.screenshot({ path: `${SHOTS}/share-present-title.png` });
  await guest.keyboard.press("ArrowRight");
  await expect(counter).toHaveText("2 / 7");
  await expect(show.getByRole("heading", { level: 2, name: q1!.label })).toBeVisible();
  await expect(show.getByText("Route planner")).toBeVisible();
  await guest.screenshot({ path: `${SHOTS}/share-present-period.png` });
  await guest.keyboard.press("Space");
  await expect(show.getByRole("heading", { level: 2, name: q2!.label })).toBeVisible();
  await guest.keyboard.press("PageUp");
  await expect(counter).toHaveText("2 / 7");
  await guest.keyboard.press("End");
  await expect(show.getByRole("heading", { level: 2, name: "Summary" })).toBeVisible();
  await guest.screenshot({ path: `${SHOTS}/share-present-summary.png` });
  await guest.keyboard.press("Home");
  await expect(counter).toHaveText("1 / 7");
  await guest.keyboard.press("Escape");
  await expect(show).toHaveCount(0);

  // The PM revokes the link (with a confirmation); the guest's reload shows the error page.
  await modal.getByRole("button", { name: /Revoke the link created/ }).click();
  await page
    .getByRole("dialog", { name: "Revoke this link?" })
    .getByRole("button", { name: "Revoke link" })
    .click();
  await expect(modal.getByTestId("share-link-row").getByText("Revoked")).toBeVisible();
  await expect(modal.getByRole("textbox", { name: "Share link" })).toHaveCount(0);

  await guest.reload();
  await expect(guest.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await expect(guest.getByRole("heading", { name: ROADMAP })).toHaveCount(0);
  await guest.screenshot({ path: `${SHOTS}/share-revoked.png` });
  await guestContext.close();
});
