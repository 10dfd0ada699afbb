import { expect, type Page, test } from "@playwright/test";
import { ensureOwner, OWNER, WORKSPACE } from "./helpers.ts";

/**
 * Foundation journey: set up the first owner, a second workspace, a team, an invitation accepted by a
 * new stakeholder in another browser, and log-in / log-out. Tests share one fresh server: run in order.
 */
test.describe.configure({ mode: "serial" });

const STAKEHOLDER = { name: "Sam Stakeholder", email: "sam@example.com", password: "violin-section-22" };
const SECOND_WORKSPACE = "Side Project";
const TEAM = "Design Guild";

async function switchWorkspace(page: Page, name: string) {
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitem", { name: new RegExp(name) }).click();
  await expect(page.getByRole("button", { name: `Workspace: ${name}. Switch workspace` })).toBeVisible();
}

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

test("owner sets up Baton, creates a team, invites a stakeholder who joins and sees it", async ({
  page,
  browser,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  // First run: every path leads to set-up.
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Baton" })).toBeVisible();
  await page.getByRole("textbox", { name: "Your name", exact: true }).fill(OWNER.name);
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(OWNER.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(OWNER.password);
  await page.getByRole("textbox", { name: "Workspace name", exact: true }).fill(WORKSPACE);
  await page.getByRole("button", { name: "Create account and workspace" }).click();

  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: /Olivia/ })).toBeVisible();
  await expect(page.getByRole("button", { name: `Workspace: ${WORKSPACE}. Switch workspace` })).toBeVisible();
  const firstWorkspaceUrl = page.url();

  // A second workspace, from the switcher.
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitem", { name: "Create workspace" }).click();
  const createDialog = page.getByRole("dialog", { name: "Create a workspace" });
  await createDialog.getByRole("textbox", { name: "Workspace name", exact: true }).fill(SECOND_WORKSPACE);
  await createDialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(
    page.getByRole("button", { name: `Workspace: ${SECOND_WORKSPACE}. Switch workspace` }),
  ).toBeVisible();
  expect(page.url()).not.toBe(firstWorkspaceUrl);

  // Back to the first workspace: create a team there.
  await switchWorkspace(page, WORKSPACE);
  expect(page.url()).toBe(firstWorkspaceUrl);
  await page.getByRole("link", { name: "People & Teams", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People & Teams" })).toBeVisible();
  await expect(page.getByText("No teams yet")).toBeVisible();
  await page.getByRole("button", { name: "New team" }).click();
  const teamDialog = page.getByRole("dialog", { name: "New team" });
  await teamDialog.getByRole("textbox", { name: "Team name", exact: true }).fill(TEAM);
  await chooseOption(page, "Discipline", "Design");
  await teamDialog.getByRole("button", { name: "Create team" }).click();
  await expect(teamDialog).toBeHidden();
  const teamCard = page.getByRole("article", { name: `Team ${TEAM}` });
  await expect(teamCard).toBeVisible();
  await expect(teamCard.getByText("Design", { exact: true })).toBeVisible();

  // Invite a stakeholder: the link is shown once, with a copy button.
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("tab", { name: "Invitations" }).click();
  await page.getByRole("button", { name: "Invite someone" }).first().click();
  const inviteDialog = page.getByRole("dialog", { name: "Invite someone" });
  await inviteDialog.getByRole("textbox", { name: "E-mail", exact: true }).fill(STAKEHOLDER.email);
  await expect(inviteDialog.getByRole("combobox", { name: "Role", exact: true })).toHaveValue("Stakeholder");
  await inviteDialog.getByRole("button", { name: "Create invitation" }).click();
  const created = page.getByRole("dialog", { name: "Invitation created" });
  const linkField = created.getByRole("textbox", { name: "Invitation link" });
  await expect(linkField).toHaveValue(/\/invite\/\S+$/);
  const link = await linkField.inputValue();
  await created.getByRole("button", { name: "Copy invitation link" }).click();
  await expect(created.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await created.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: new RegExp(STAKEHOLDER.email) })).toContainText("Pending");

  // The stakeholder opens the link in another browser and creates an account.
  const other = await browser.newContext();
  const sam = await other.newPage();
  await sam.goto(new URL(link).pathname);
  await expect(sam.getByRole("heading", { name: `Join ${WORKSPACE}` })).toBeVisible();
  await expect(sam.getByText(STAKEHOLDER.email).first()).toBeVisible();
  await sam.getByRole("textbox", { name: "Your name", exact: true }).fill(STAKEHOLDER.name);
  await sam.getByRole("textbox", { name: "Choose a password", exact: true }).fill(STAKEHOLDER.password);
  await sam.getByRole("textbox", { name: "Repeat the password", exact: true }).fill(STAKEHOLDER.password);
  await sam.getByRole("button", { name: "Create account and join" }).click();
  await expect(sam.getByRole("heading", { level: 1, name: /Sam/ })).toBeVisible();
  await expect(sam.getByRole("button", { name: `Workspace: ${WORKSPACE}. Switch workspace` })).toBeVisible();

  // Both see the team; the stakeholder may not change it.
  await sam.getByRole("link", { name: "People & Teams", exact: true }).click();
  await expect(sam.getByRole("article", { name: `Team ${TEAM}` })).toBeVisible();
  await expect(sam.getByRole("button", { name: "New team" })).toHaveCount(0);
  await sam.getByRole("tab", { name: "People" }).click();
  await expect(sam.getByRole("row", { name: new RegExp(OWNER.name) })).toContainText("Owner");
  await other.close();

  await page.getByRole("link", { name: "People & Teams", exact: true }).click();
  await expect(page.getByRole("article", { name: `Team ${TEAM}` })).toBeVisible();
  await page.getByRole("tab", { name: "People" }).click();
  await expect(page.getByRole("row", { name: new RegExp(STAKEHOLDER.name) })).toContainText("Stakeholder");
});

test("log out, a wrong password is refused clearly, then log in again", async ({ page, request }) => {
  await ensureOwner(request);
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(OWNER.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Olivia/ })).toBeVisible();

  await page.getByRole("link", { name: "Products", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  const productsUrl = new URL(page.url()).pathname;

  await page.getByRole("button", { name: `Account menu for ${OWNER.name}` }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // A protected page now sends us to log-in, keeping the way back.
  await page.goto(productsUrl);
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(productsUrl)}`);

  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(OWNER.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText("E-mail or password is wrong");
  await expect(page).toHaveURL(/\/login/);

  await page.getByRole("textbox", { name: "Password", exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect(page).toHaveURL(productsUrl);
});

test("saving over someone else's change says so and reloads the latest version", async ({
  page,
  request,
}) => {
  await ensureOwner(request);
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(OWNER.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(OWNER.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Olivia/ })).toBeVisible();

  // Create a product through the UI.
  await page.getByRole("link", { name: "Products", exact: true }).click();
  await page.getByRole("button", { name: "New product" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New product" });
  await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("Mobile app");
  await chooseOption(page, "Lifecycle stage", "Discovery");
  await dialog.getByRole("button", { name: "Create product" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row", { name: /Mobile app/ });
  await expect(row).toContainText("Discovery");

  // Open it for editing, while "someone else" saves it (same account, another request).
  await page.getByRole("button", { name: "Mobile app", exact: true }).click();
  const edit = page.getByRole("dialog", { name: "Edit product" });
  await expect(edit.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Mobile app");
  const session = await (await page.request.get("/api/v1/auth/session")).json();
  const wid = new URL(page.url()).pathname.split("/")[2];
  const list = await (await page.request.get(`/api/v1/workspaces/${wid}/products?q=Mobile`)).json();
  const product = list.items[0];
  const patched = await page.request.patch(`/api/v1/workspaces/${wid}/products/${product.id}`, {
    data: { version: product.version, name: "Mobile app (iOS)" },
    headers: { "X-CSRF-Token": session.csrfToken },
  });
  expect(patched.ok()).toBeTruthy();

  await edit.getByRole("textbox", { name: "Name", exact: true }).fill("Field app");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("alert")).toContainText("Someone else changed this product");
  await edit.getByRole("button", { name: "Reload latest version" }).click();
  await expect(edit.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Mobile app (iOS)");

  await edit.getByRole("textbox", { name: "Name", exact: true }).fill("Field app");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole("row", { name: /Field app/ })).toBeVisible();
});
