import { expect, type Page, test } from "@playwright/test";
import { addMonths, periodsOf } from "../src/shared/roadmap.ts";
import { apiOf, ensureOwner, logIn, OWNER as PM } from "./helpers.ts";

/**
 * Roadmap journey: the PM sets up a product and two staffed teams, creates an objective and caps a team's
 * capacity in the UI, creates a roadmap and its items, lets the auto-planner plan them and accepts, saves a
 * version, drags an item into the capped quarter on the timeline (its Achievable badge turns red and the
 * capacity heat map shows the overload), saves another version, and the comparison shows the move with its
 * reason.
 */
test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const DESIGNER = { name: "Dora Design", email: `dora.${run}@example.com`, password: "dora-password-12" };
const PRODUCT = `Field planner ${run}`;
const ENG = `Engineering ${run}`;
const DESIGN = `Design ${run}`;
const OBJECTIVE = `Grow weekly field usage ${run}`;
const ROADMAP = `Field plan ${run}`;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The current quarter and the three after it; the capacity of Engineering in the next quarter is capped at
// 1 person-day a month, so the planner keeps its items out of it.
const now = new Date();
const startMonth = `${now.getFullYear()}-${String(Math.floor(now.getMonth() / 3) * 3 + 1).padStart(2, "0")}-01`;
const PERIODS = periodsOf({ periodKind: "quarter", startMonth, horizon: 4 });
const CAPPED = PERIODS[1]!;
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

const PROBLEM =
  "Field technicians lose jobs entered offline when the network drops in basements and rural sites";
const OUTCOME = "Jobs entered offline reach the office within a minute of reconnecting";

/** Drags with the mouse in small steps (dnd-kit starts a drag after 6 px). */
async function drag(page: Page, from: ReturnType<Page["locator"]>, to: ReturnType<Page["locator"]>) {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 4, { steps: 4 });
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 40), { steps: 12 });
  await page.mouse.move(b.x + b.width / 2 + 2, b.y + Math.min(b.height / 2, 40) + 2, { steps: 2 });
  await page.mouse.up();
}

test("the PM plans a SMART roadmap with the auto-planner, moves an item and compares versions", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  test.setTimeout(150_000); // a whole planning cycle across five pages
  await ensureOwner(request);
  await logIn(page, PM);
  const wid = new URL(page.url()).pathname.split("/")[2]!;
  const call = await apiOf(page);

  // Through the API: a product, two teams with members (the PM in Engineering, a designer in Design).
  await call("post", `/workspaces/${wid}/products`, { name: PRODUCT });
  const me = (await call("get", "/auth/session")).user.id as string;
  const eng = await call("post", `/workspaces/${wid}/teams`, { name: ENG, discipline: "engineering" });
  const design = await call("post", `/workspaces/${wid}/teams`, { name: DESIGN, discipline: "design" });
  await call("put", `/workspaces/${wid}/teams/${eng.id}/members/${me}`, { allocationPct: 100 });
  const inv = await call("post", `/workspaces/${wid}/invitations`, {
    email: DESIGNER.email,
    role: "contributor",
  });
  const anonymous = await playwright.request.newContext({ baseURL }); // no session: a new account
  const accepted = await anonymous.post("/api/v1/invitations/accept", {
    data: { token: inv.token, name: DESIGNER.name, password: DESIGNER.password },
  });
  expect(accepted.ok(), await accepted.text()).toBeTruthy();
  const designer = (await accepted.json()).user.id as string;
  await anonymous.dispose();
  await call("put", `/workspaces/${wid}/teams/${design.id}/members/${designer}`, { allocationPct: 100 });

  // An objective, in the Objectives page.
  await page.goto(`/w/${wid}/objectives`);
  await page.getByRole("button", { name: "New objective" }).first().click();
  const objDialog = page.getByRole("dialog", { name: "New objective" });
  await objDialog.getByRole("textbox", { name: "Title", exact: true }).fill(OBJECTIVE);
  await objDialog.locator("label", { hasText: /^5$/ }).click(); // importance: critical
  await objDialog.getByRole("button", { name: "Create objective" }).click();
  await expect(objDialog).toBeHidden();
  await expect(page.getByText(OBJECTIVE).first()).toBeVisible();
  const objectives = await call("get", `/workspaces/${wid}/objectives`);
  const objectiveId = objectives.items.find((o: { title: string }) => o.title === OBJECTIVE).id as string;

  // Engineering's capacity in the next quarter, in the Capacity page: 1 person-day a month.
  await page.goto(`/w/${wid}/capacity`);
  for (let k = 0; k < 3; k++) {
    const cell = page.getByRole("textbox", {
      name: `Capacity for ${ENG} in ${monthLabel(addMonths(CAPPED.start, k))}`,
    });
    await cell.fill("1");
    if (k === 2) await cell.press("Enter");
  }
  await expect(page.getByText(/unsaved change/)).toHaveCount(0);

  // A roadmap, from the Roadmaps page.
  await page.getByRole("link", { name: "Roadmap", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Roadmaps" })).toBeVisible();
  await page.getByRole("button", { name: "New roadmap" }).first().click();
  const rmDialog = page.getByRole("dialog", { name: "New roadmap" });
  await rmDialog.getByRole("combobox", { name: "Product" }).click();
  await page.getByRole("option", { name: PRODUCT, exact: true }).click();
  await rmDialog.getByRole("textbox", { name: "Name", exact: true }).fill(ROADMAP);
  await rmDialog.getByLabel("First month").fill(startMonth.slice(0, 7));
  await rmDialog.getByRole("textbox", { name: "Quarters" }).fill("4");
  await rmDialog.getByRole("button", { name: "Create roadmap" }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(ROADMAP) })).toBeVisible();
  const roadmapId = new URL(page.url()).pathname.split("/")[4]!;

  // Items with efforts: four through the API, SMART-complete but unplanned, and one in the UI.
  const item = (title: string, teamId: string, effort: number, value: number, dependsOn: string[] = []) =>
    call("post", `/workspaces/${wid}/roadmaps/${roadmapId}/items`, {
      title,
      problem: PROBLEM,
      outcome: `${OUTCOME} (${title})`,
      successMetric: "Weekly active technicians",
      successTarget: "+15% by the end of the quarter",
      efforts: [{ teamId, effort }],
      objectiveIds: [objectiveId],
      valueOverride: value,
      dependsOn,
      reason: "First draft",
    });
  const offline = await item("Offline job sync", eng.id, 30, 90);
  await item("Route planner", eng.id, 20, 60);
  await item("Photo notes", eng.id, 10, 40, [offline.id]);
  await item("Dark mode", design.id, 8, 20);
  await page.getByRole("button", { name: "Add item" }).click();
  const addDialog = page.getByRole("dialog", { name: "Add an item" });
  await addDialog.getByText("An initiative").click();
  await addDialog.getByRole("textbox", { name: "Title", exact: true }).fill("Release notes in app");
  await addDialog.getByRole("button", { name: "Add a team" }).click();
  await addDialog.getByRole("combobox", { name: "Team 1" }).click();
  await page.getByRole("option", { name: DESIGN, exact: true }).click();
  await addDialog.getByRole("textbox", { name: "Effort 1" }).fill("4");
  await addDialog.getByRole("button", { name: "Add item" }).click();
  await expect(addDialog).toBeHidden();
  const tray = page.getByRole("group", { name: "Unplanned" });
  await expect(tray).toContainText("5 items");

  // The auto-planner plans every unplanned item; the PM accepts its proposal.
  await page.getByRole("button", { name: "Auto-plan" }).click();
  const planner = page.getByRole("dialog", { name: "Auto-plan" });
  await planner.getByRole("radio", { name: /Only unplanned items/ }).check();
  await planner.getByRole("button", { name: "Run the planner" }).click();
  await expect(planner.getByText("Planned value")).toBeVisible({ timeout: 30_000 });
  await expect(planner.getByText("Optimal", { exact: true })).toBeVisible();
  await expect(planner.getByRole("heading", { name: /^Added/ })).toBeVisible();
  await expect(planner.getByText("Route planner")).toBeVisible();
  await planner.getByRole("button", { name: /^Accept all 5 moves$/ }).click();
  await expect(planner).toBeHidden();
  await expect(page.getByText("5 moves applied to the roadmap.")).toBeVisible();
  await expect(tray).toContainText("0 items");

  // A version of the plan as the planner made it.
  await page.getByRole("button", { name: "Save version" }).click();
  const v1 = page.getByRole("dialog", { name: "Save a version" });
  await v1.getByRole("textbox", { name: "Name" }).fill("Planned by the auto-planner");
  await v1.getByRole("button", { name: "Save version" }).click();
  await expect(v1).toBeHidden();
  await expect(page.getByRole("table", { name: "Saved versions" })).toContainText(
    "Planned by the auto-planner",
  );

  // On the timeline (Engineering only), Route planner passes Achievable; dragged into the capped quarter,
  // it fails it: Engineering is over capacity there.
  await page.getByRole("tab", { name: "Timeline" }).click();
  await page.getByRole("combobox", { name: "Filter by team" }).click();
  await page.getByRole("option", { name: ENG, exact: true }).click();
  const route = page.getByRole("button", { name: /^Route planner,/ });
  await expect(route.getByRole("img", { name: "Achievable: passes" })).toBeVisible();
  const target = page.getByRole("gridcell", { name: `${ENG}, ${CAPPED.label}` });
  await drag(page, route, target);
  await expect(target.getByRole("button", { name: /^Route planner,/ })).toBeVisible();
  await expect(
    route.getByRole("img", {
      name: `Achievable: ${ENG} is over capacity in ${CAPPED.label}: 20 of 3 person-days planned`,
    }),
  ).toBeVisible();

  // Dependency arrows: none until a card is hovered, then the hovered item's own (Photo notes depends on
  // Offline job sync), also told to screen readers; every arrow with "Show all dependencies".
  const arrows = page.getByTestId("dependency-arrows").locator("[data-arrow]");
  await page.mouse.move(0, 0);
  await expect(arrows).toHaveCount(0);
  const photo = page.getByRole("button", { name: /^Photo notes,/ });
  await photo.hover();
  await expect(arrows).toHaveCount(1);
  await expect(photo).toHaveAccessibleDescription(/Depends on "Offline job sync"/);
  await page.mouse.move(0, 0);
  await expect(arrows).toHaveCount(0);
  const showAll = page.getByRole("switch", { name: "Show all dependencies" });
  await showAll.check({ force: true });
  await expect(arrows).toHaveCount(1);
  await showAll.uncheck({ force: true });

  // The capacity heat map shows the overload, and the cell lists the item.
  await page.getByRole("tab", { name: "Capacity" }).click();
  const heat = page.getByRole("button", { name: new RegExp(`^${ENG}, ${CAPPED.label}:`) });
  await expect(heat).toContainText("667%");
  await expect(heat).toContainText("20 / 3");
  await heat.click();
  await expect(page.getByRole("button", { name: "Route planner" })).toBeVisible();

  // A second version; the comparison with the first shows the move and its reason.
  await page.getByRole("button", { name: "Save version" }).click();
  const v2 = page.getByRole("dialog", { name: "Save a version" });
  await v2.getByRole("textbox", { name: "Name" }).fill("After the review");
  await v2.getByRole("button", { name: "Save version" }).click();
  await expect(v2).toBeHidden();
  await expect(page.getByRole("combobox", { name: "From" })).toHaveValue("v1 · Planned by the auto-planner");
  await expect(page.getByRole("combobox", { name: "To", exact: true })).toHaveValue("v2 · After the review");
  const comparison = page.getByLabel("Comparison");
  await expect(comparison).toContainText("1 moved");
  await expect(comparison).toContainText("0 changed");
  const moved = comparison.getByRole("row").filter({ hasText: "Moved on the timeline" });
  await expect(moved).toContainText("Route planner");
  await expect(moved).toContainText(CAPPED.label);
});
