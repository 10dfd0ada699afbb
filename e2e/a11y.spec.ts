import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { ROADMAP_VIEWS } from "../src/web/modules/roadmaps/paths.ts";
import { apiOf, DEMO, logIn, startBaton } from "./helpers.ts";

/**
 * Accessibility and phone fit of every page: the demo company's pages (and the public ones) at desktop size and
 * at 390 × 844, each checked by axe-core (WCAG 2 A and AA rules); a critical or serious violation fails. The pages
 * a stakeholder opens from a mail on a phone must also fit the screen (no sideways scrolling). The list of pages is
 * checked against the router, so a new route cannot be left out.
 */

const AXE = createRequire(import.meta.url).resolve("axe-core");
// Each phone page's full-length screenshot, for a person to look through: only when asked (E2E_SHOTS=/tmp/shots).
const SHOTS = process.env.E2E_SHOTS ? `${process.env.E2E_SHOTS}/a11y` : null;
const PHONE = { width: 390, height: 844 };
// A busy machine can take seconds to handle a tap while the app loads its other pages in the background.
test.use({ actionTimeout: 30_000 });
const DESKTOP = { width: 1280, height: 800 };

interface Ids {
  wid: string;
  productId: string;
  ideaId: string;
  openRoundId: string;
  closedRoundId: string;
  roadmapId: string;
  openSignoffId: string;
  approvedSignoffId: string;
  shareUrl: string;
  inviteToken: string;
  personId: string;
  companyId: string;
  competitorId: string;
  /** A detected change of the demo (the demo's competitors have a history). */
  changeId: string;
  /** A demo competitor with monitored sources and detected changes (for its Sources and Changes tabs). */
  monitoredCompetitorId: string;
}

interface Visit {
  name: string;
  url: (ids: Ids) => string;
  /** Who looks: the demo owner (an approver and voter), a guest without a session, or a server not set up. */
  as?: "owner" | "guest" | "fresh";
  /** Brings the page to the state to check (a tab, a dialog) and waits for it. */
  prepare?: (page: Page) => Promise<void>;
  /** "fit": must work on a phone without sideways scrolling. */
  phone?: "fit";
}

const clickTab = (name: string | RegExp) => async (page: Page) => {
  await page.getByRole("tab", { name }).click();
  await expect(page.getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
};

/** Every route of the router (src/web/App.tsx, src/web/modules/shell/Shell.tsx) → the pages checked there. */
const PAGES: Record<string, Visit[]> = {
  "/setup": [{ name: "setup", url: () => "/setup", as: "fresh", phone: "fit" }],
  "/login": [{ name: "login", url: () => "/login", as: "guest", phone: "fit" }],
  "/forgot-password": [{ name: "forgot password", url: () => "/forgot-password", as: "guest", phone: "fit" }],
  "/reset-password": [
    { name: "reset password", url: () => "/reset-password?token=bpr_unknown", as: "guest", phone: "fit" },
  ],
  "/invite/:token": [
    { name: "invitation", url: (i) => `/invite/${i.inviteToken}`, as: "guest", phone: "fit" },
  ],
  "/s/:token": [
    { name: "share view", url: (i) => i.shareUrl, as: "guest", phone: "fit" },
    {
      name: "share presentation",
      url: (i) => i.shareUrl,
      as: "guest",
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Present" }).click();
        await expect(page.getByRole("dialog", { name: /^Presentation/ })).toBeVisible();
      },
    },
  ],
  "/changelog/:wid/:pid": [
    { name: "public changelog", url: (i) => `/changelog/${i.wid}/${i.productId}`, as: "guest", phone: "fit" },
  ],
  "/unsubscribe/:token": [
    // A changed link: the refusal page (a valid one would unsubscribe a demo customer).
    {
      name: "unsubscribe (changed link)",
      url: (i) => `/unsubscribe/${i.wid}.${i.personId}.not-the-signature`,
      as: "guest",
      phone: "fit",
    },
  ],
  "/": [{ name: "workspace picker → home", url: () => "/", phone: "fit" }],
  "/w/:workspaceId/*?": [], // the shell: its routes follow
  "/w/:wid": [
    { name: "home", url: (i) => `/w/${i.wid}`, phone: "fit" },
    {
      name: "notifications",
      url: (i) => `/w/${i.wid}`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: /notification/i }).click();
        await expect(page.getByRole("dialog", { name: "Notifications" })).toBeVisible();
      },
    },
  ],
  "/w/:wid/products": [{ name: "products", url: (i) => `/w/${i.wid}/products` }],
  "/w/:wid/people/:tab?": [
    { name: "teams", url: (i) => `/w/${i.wid}/people/teams` },
    { name: "people", url: (i) => `/w/${i.wid}/people/members` },
  ],
  "/w/:wid/settings/:tab?": [
    "general",
    "members",
    "invitations",
    "scoring",
    "tokens",
    "outbox",
    "permissions",
  ].map((tab) => ({ name: `settings: ${tab}`, url: (i: Ids) => `/w/${i.wid}/settings/${tab}` })),
  "/w/:wid/audit": [{ name: "audit log", url: (i) => `/w/${i.wid}/audit` }],
  "/w/:wid/account/:tab?": ["profile", "password", "sessions", "notifications"].map((tab) => ({
    name: `account: ${tab}`,
    url: (i: Ids) => `/w/${i.wid}/account/${tab}`,
  })),
  "/w/:wid/rounds": [{ name: "rounds", url: (i) => `/w/${i.wid}/rounds` }],
  "/w/:wid/rounds/:id": [
    { name: "rating grid", url: (i) => `/w/${i.wid}/rounds/${i.openRoundId}`, phone: "fit" },
    {
      name: "open round results",
      url: (i) => `/w/${i.wid}/rounds/${i.openRoundId}`,
      prepare: clickTab("Results"),
    },
    { name: "closed round results", url: (i) => `/w/${i.wid}/rounds/${i.closedRoundId}` },
  ],
  "/w/:wid/ideas": [{ name: "ideas index", url: (i) => `/w/${i.wid}/ideas` }],
  "/w/:wid/ideas/:id": [
    { name: "idea", url: (i) => `/w/${i.wid}/ideas/${i.ideaId}` },
    { name: "idea comments", url: (i) => `/w/${i.wid}/ideas/${i.ideaId}`, prepare: clickTab(/Comments/) },
    { name: "idea activity", url: (i) => `/w/${i.wid}/ideas/${i.ideaId}`, prepare: clickTab(/Activity/) },
  ],
  "/w/:wid/products/:pid/ideas": [
    { name: "backlog", url: (i) => `/w/${i.wid}/products/${i.productId}/ideas` },
    {
      name: "backlog matrix",
      url: (i) => `/w/${i.wid}/products/${i.productId}/ideas`,
      prepare: clickTab("Value vs effort"),
    },
  ],
  "/w/:wid/products/:pid/changelog": [
    { name: "changelog (team)", url: (i) => `/w/${i.wid}/products/${i.productId}/changelog` },
  ],
  "/w/:wid/products/:pid/matrix": [
    { name: "feature matrix", url: (i) => `/w/${i.wid}/products/${i.productId}/matrix` },
    { name: "feature matrix gaps", url: (i) => `/w/${i.wid}/products/${i.productId}/matrix?view=gaps` },
  ],
  "/w/:wid/matrix": [{ name: "feature matrix (pick a product)", url: (i) => `/w/${i.wid}/matrix` }],
  "/w/:wid/objectives/:tab?": [
    { name: "objectives", url: (i) => `/w/${i.wid}/objectives` },
    { name: "coverage", url: (i) => `/w/${i.wid}/objectives/coverage` },
  ],
  "/w/:wid/capacity": [{ name: "capacity", url: (i) => `/w/${i.wid}/capacity` }],
  "/w/:wid/roadmap": [
    { name: "roadmaps", url: (i) => `/w/${i.wid}/roadmap` },
    { name: "portfolio", url: (i) => `/w/${i.wid}/roadmap?tab=portfolio` },
  ],
  "/w/:wid/signoffs": [{ name: "sign-offs", url: (i) => `/w/${i.wid}/signoffs` }],
  "/w/:wid/signoffs/:id": [
    { name: "approver's page", url: (i) => `/w/${i.wid}/signoffs/${i.openSignoffId}`, phone: "fit" },
    ...(["Your teams", "All items", "Discussion"] as const).map((tab) => ({
      name: `approver's page: ${tab}`,
      url: (i: Ids) => `/w/${i.wid}/signoffs/${i.openSignoffId}`,
      phone: "fit" as const,
      prepare: clickTab(new RegExp(tab)),
    })),
    { name: "approved sign-off", url: (i) => `/w/${i.wid}/signoffs/${i.approvedSignoffId}` },
  ],
  "/w/:wid/roadmaps/:id/print": [
    { name: "roadmap print", url: (i) => `/w/${i.wid}/roadmaps/${i.roadmapId}/print` },
  ],
  "/w/:wid/roadmaps/:id/:view?": [
    ...ROADMAP_VIEWS.map((view) => ({
      name: `roadmap: ${view}`,
      url: (i: Ids) => `/w/${i.wid}/roadmaps/${i.roadmapId}/${view}`,
    })),
    {
      name: "roadmap: presentation",
      url: (i) => `/w/${i.wid}/roadmaps/${i.roadmapId}/versions`,
      prepare: async (page) => {
        await page
          .getByRole("button", { name: /^Present v/ })
          .first()
          .click();
        await expect(page.getByRole("dialog", { name: /^Presentation/ })).toBeVisible();
      },
    },
  ],
  "/w/:wid/feedback": [
    { name: "feedback inbox", url: (i) => `/w/${i.wid}/feedback`, phone: "fit" },
    {
      name: "feedback shortcuts",
      url: (i) => `/w/${i.wid}/feedback`,
      prepare: async (page) => {
        await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
        await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      },
    },
  ],
  "/w/:wid/feedback/themes": [
    { name: "feedback themes", url: (i) => `/w/${i.wid}/feedback/themes`, phone: "fit" },
    {
      name: "feedback theme suggestions",
      url: (i) => `/w/${i.wid}/feedback/themes`,
      prepare: async (page) => {
        await page.getByRole("button", { name: "Suggest themes" }).click();
        await expect(page.getByRole("heading", { name: "Suggested themes" })).toBeVisible();
        await expect(page.getByRole("button", { name: "Suggest again" })).toBeEnabled();
      },
    },
  ],
  "/w/:wid/customers/:tab?": [
    { name: "companies", url: (i) => `/w/${i.wid}/customers/companies`, phone: "fit" },
    { name: "customers", url: (i) => `/w/${i.wid}/customers/people`, phone: "fit" },
  ],
  "/w/:wid/customers/people/:id": [
    { name: "customer", url: (i) => `/w/${i.wid}/customers/people/${i.personId}`, phone: "fit" },
  ],
  "/w/:wid/customers/companies/:id": [
    { name: "company", url: (i) => `/w/${i.wid}/customers/companies/${i.companyId}`, phone: "fit" },
  ],
  "/w/:wid/sources": [
    { name: "sources", url: (i) => `/w/${i.wid}/sources`, phone: "fit" },
    {
      name: "source form",
      url: (i) => `/w/${i.wid}/sources`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Add source" }).first().click();
        await expect(page.getByRole("dialog", { name: "Add a source" })).toBeVisible();
      },
    },
  ],
  "/w/:wid/competitors": [
    { name: "competitors", url: (i) => `/w/${i.wid}/competitors`, phone: "fit" },
    {
      name: "competitor form",
      url: (i) => `/w/${i.wid}/competitors`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Add competitor" }).first().click();
        await expect(page.getByRole("dialog", { name: "Add a competitor" })).toBeVisible();
      },
    },
  ],
  "/w/:wid/competitors/:cid": [
    { name: "competitor profile", url: (i) => `/w/${i.wid}/competitors/${i.competitorId}`, phone: "fit" },
    {
      name: "competitor SWOT",
      url: (i) => `/w/${i.wid}/competitors/${i.competitorId}?tab=swot`,
      phone: "fit",
    },
    {
      name: "competitor pricing",
      url: (i) => `/w/${i.wid}/competitors/${i.competitorId}?tab=pricing`,
      phone: "fit",
    },
    {
      name: "competitor battlecard",
      url: (i) => `/w/${i.wid}/competitors/${i.competitorId}?tab=battlecard`,
      phone: "fit",
    },
    {
      name: "competitor sources",
      url: (i) => `/w/${i.wid}/competitors/${i.monitoredCompetitorId}?tab=sources`,
      phone: "fit",
    },
    {
      name: "monitor form",
      url: (i) => `/w/${i.wid}/competitors/${i.monitoredCompetitorId}?tab=sources`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Add monitor" }).first().click();
        await expect(page.getByRole("dialog", { name: "Add a monitor" })).toBeVisible();
      },
    },
    {
      name: "competitor changes",
      url: (i) => `/w/${i.wid}/competitors/${i.monitoredCompetitorId}?tab=changes`,
      phone: "fit",
    },
  ],
  "/w/:wid/competitors/:cid/battlecard/print": [
    {
      name: "battlecard print view",
      url: (i) => `/w/${i.wid}/competitors/${i.competitorId}/battlecard/print`,
      phone: "fit",
    },
  ],
  "/w/:wid/changes": [{ name: "changes", url: (i) => `/w/${i.wid}/changes`, phone: "fit" }],
  "/w/:wid/monitors": [{ name: "monitor health", url: (i) => `/w/${i.wid}/monitors`, phone: "fit" }],
  "/w/:wid/changes/:id": [
    { name: "change", url: (i) => `/w/${i.wid}/changes/${i.changeId}`, phone: "fit" },
    {
      name: "change: inline diff",
      url: (i) => `/w/${i.wid}/changes/${i.changeId}`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByText("Inline", { exact: true }).click();
        await expect(page.getByLabel("Difference, inline")).toBeVisible();
      },
    },
    {
      name: "change: update matrix cell",
      url: (i) => `/w/${i.wid}/changes/${i.changeId}`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Update matrix cell" }).click();
        await expect(page.getByRole("dialog", { name: "Update the feature matrix" })).toBeVisible();
      },
    },
    {
      name: "change: add SWOT card",
      url: (i) => `/w/${i.wid}/changes/${i.changeId}`,
      phone: "fit",
      prepare: async (page) => {
        await page.getByRole("button", { name: "Add SWOT card" }).click();
        await expect(page.getByRole("dialog", { name: "Add a SWOT card" })).toBeVisible();
      },
    },
  ],
  "/w/:wid/:module": [{ name: "coming soon", url: (i) => `/w/${i.wid}/metrics` }],
};

/** The routes the router declares, read from its source. */
function routerRoutes(): string[] {
  const files = ["src/web/App.tsx", "src/web/modules/shell/Shell.tsx"];
  return files.flatMap((f) =>
    [...readFileSync(f, "utf8").matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]!),
  );
}

test("the page list covers every route of the router", () => {
  expect(Object.keys(PAGES).sort()).toEqual([...new Set(routerRoutes())].sort());
});

type Found = { page: string; size: string; rule: string; impact: string; help: string; targets: string[] };

/** Requests each page has in flight, and when the last one ended (kept by trackNetwork). */
const network = new WeakMap<Page, { inFlight: Set<unknown>; quietSince: number }>();

function trackNetwork(page: Page) {
  const n = { inFlight: new Set<unknown>(), quietSince: Date.now() };
  network.set(page, n);
  page.on("request", (r) => n.inFlight.add(r));
  const done = (r: unknown) => {
    if (n.inFlight.delete(r) && n.inFlight.size === 0) n.quietSince = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return page;
}

/**
 * Waits for conditions rather than a fixed time: no request in flight for QUIET_MS since the wait began or
 * the last request ended (Playwright's "networkidle" needs 500 ms and is already reached after a click), no
 * loader or skeleton, and no finite animation running (Mantine's enter transitions), checked after two frames
 * so a transition that is about to start has started.
 */
const QUIET_MS = 250;
async function waitUntilSettled(page: Page) {
  const n = network.get(page)!;
  const start = Date.now();
  const deadline = start + 20_000;
  while (n.inFlight.size > 0 || Date.now() - Math.max(n.quietSince, start) < QUIET_MS) {
    if (Date.now() > deadline)
      throw new Error(`the network was never quiet (${n.inFlight.size} requests open)`);
    await new Promise((r) => setTimeout(r, 25));
  }
  await expect(page.locator(".mantine-Loader:visible, .mantine-Skeleton:visible")).toHaveCount(0, {
    timeout: 15_000,
  });
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) =>
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            resolve(
              document
                .getAnimations()
                .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
            ),
          ),
        ),
      ),
    undefined,
    { timeout: 15_000 },
  );
}

async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const res = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return (
      res.violations as {
        id: string;
        impact: string;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/** Every page to check, in the list's order. */
const VISITS = Object.entries(PAGES).flatMap(([route, visits]) => visits.map((v) => ({ route, v })));
/**
 * Each size's pages are checked in PARTS tests of consecutive pages, titled "part 1 of 3" and so on: one worker
 * takes the first parts while the other runs the journeys, and the last parts go to whichever worker is free
 * first (playwright.config.ts), so the sweep is no longer the suite's long pole. The servers are started once
 * per worker, not per test.
 */
const PARTS = 3;
const partOf = (part: number) =>
  VISITS.slice(Math.round(((part - 1) * VISITS.length) / PARTS), Math.round((part * VISITS.length) / PARTS));

type Server = Awaited<ReturnType<typeof startBaton>>;
let ids: Ids;

test.describe("every page of the demo company", () => {
  test.describe.configure({ mode: "parallel" });

  /** The demo's server and a server nobody has set up, with the demo's ids: once per worker. */
  const sweep = test.extend<object, { servers: { demo: Server; fresh: Server; ids: Ids } }>({
    servers: [
      async ({ browser }, use) => {
        const [demo, fresh] = await Promise.all([startBaton({ demo: true }), startBaton({ demo: false })]);
        try {
          await use({ demo, fresh, ids: await collectIds(browser, demo.url) });
        } finally {
          await Promise.all([demo.stop(), fresh.stop()]);
        }
      },
      { scope: "worker", timeout: 600_000 },
    ],
  });

  /** Finds the demo's records the pages show, and makes a share link and an invitation to open. */
  async function collectIds(browser: Browser, baseURL: string): Promise<Ids> {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await logIn(page, DEMO);
    const wid = new URL(page.url()).pathname.split("/")[2]!;
    const call = await apiOf(page);
    const w = `/workspaces/${wid}`;
    const products = (await call("get", `${w}/products`)).items as { id: string; name: string }[];
    const productId = products.find((p) => p.name === "Northwind Mobile")!.id;
    const ideas = (await call("get", `${w}/products/${productId}/ideas`)).items as { id: string }[];
    const rounds = (await call("get", `${w}/rounds`)).items as { id: string; status: string }[];
    const roadmaps = (await call("get", `${w}/roadmaps`)).items as { id: string }[];
    const signoffs = (await call("get", `${w}/signoffs`)).items as { id: string; status: string }[];
    const roadmapId = roadmaps[0]!.id;
    const versions = (await call("get", `${w}/roadmaps/${roadmapId}/versions`)).items as {
      id: string;
      approvedAt: string | null;
    }[];
    const baseline = versions.find((v) => v.approvedAt)!;
    const link = await call("post", `${w}/roadmaps/${roadmapId}/versions/${baseline.id}/share-links`, {
      expiresInDays: 7,
    });
    const invitation = await call("post", `${w}/invitations`, {
      email: "new.person@northwind.test",
      role: "viewer",
    });
    // Feedback from a customer of a company, linked to the idea, so the customer pages and evidence show data.
    const company = await call("post", `${w}/companies`, { name: "Contoso Freight", segment: "Enterprise" });
    const person = await call("post", `${w}/people`, {
      name: "Dana Fleet",
      email: "dana@contoso.test",
      companyId: company.id,
    });
    const item = await call("post", `${w}/feedback`, {
      text: "The driver app loses the route when the phone goes offline. We need offline maps.",
      source: "manual",
      author: { personId: person.id },
    });
    await call("post", `${w}/feedback/${item.id}/links`, { ideaId: ideas[0]!.id, importance: "critical" });
    // A published changelog entry, so the public changelog has a page to check.
    await call("post", `${w}/products/${productId}/changelog`, {
      title: "Offline maps",
      body: "The driver app keeps the **route** when the phone goes offline.",
      ideaIds: [ideas[0]!.id],
      status: "published",
    });
    // A competitor with a SWOT card, a plan whose price changed, and a battlecard section.
    const rival = await call("post", `${w}/competitors`, {
      name: "Axe Rival Logistics",
      website: "https://rival.example",
      positioning: "Route planning for small fleets",
      segments: ["SMB fleets"],
      notes: "**Strong** in the US; weak offline.",
      productIds: [productId],
    });
    await call("post", `${w}/competitors/${rival.id}/swot`, {
      quadrant: "weakness",
      text: "No offline mode",
      sourceUrl: "https://rival.example/docs",
      sourceDate: "2026-11-02",
    });
    const plan = await call("post", `${w}/competitors/${rival.id}/plans`, {
      name: "Team",
      price: 29,
      unit: "per driver",
    });
    await call("patch", `${w}/pricing-plans/${plan.id}`, { version: plan.version, price: 35 });
    await call("put", `${w}/competitors/${rival.id}/battlecard/why_we_win`, {
      version: 0,
      body: "- Offline maps",
    });
    const changes = await call("get", `${w}/changes?limit=1&reported=any`);
    await context.close();
    return {
      competitorId: rival.id as string,
      monitoredCompetitorId: (changes.items[0]?.competitorId as string | undefined) ?? rival.id,
      changeId: (changes.items[0]?.id as string | undefined) ?? "00000000-0000-4000-8000-000000000000",
      wid,
      productId,
      ideaId: ideas[0]!.id,
      openRoundId: rounds.find((r) => r.status === "open")!.id,
      closedRoundId: rounds.find((r) => r.status === "closed")!.id,
      roadmapId,
      openSignoffId: signoffs.find((s) => s.status === "open")!.id,
      approvedSignoffId: signoffs.find((s) => s.status === "approved")!.id,
      shareUrl: new URL(link.url as string).pathname,
      inviteToken: invitation.token as string,
      personId: person.id as string,
      companyId: company.id as string,
    };
  }

  type Size = "desktop" | "phone";
  interface Findings {
    violations: Found[];
    overflowing: string[];
    broken: string[];
  }

  /** Opens one page, runs axe on it, and on a phone measures its width (and takes a screenshot if asked). */
  async function check(v: Visit, page: Page, size: Size, out: Findings) {
    network.get(page)!.inFlight.clear(); // the previous document's requests end with it
    await page.goto(v.url(ids));
    await waitUntilSettled(page);
    if (v.prepare) {
      await v.prepare(page);
      await waitUntilSettled(page);
    }
    for (const x of await axeViolations(page)) {
      // Printed at once too, so a long run shows what it finds as it goes.
      if (x.impact === "critical" || x.impact === "serious")
        console.log(`[${x.impact}] ${x.id} on "${v.name}" (${size}): ${x.targets.slice(0, 3).join(" | ")}`);
      if (x.impact === "critical" || x.impact === "serious")
        out.violations.push({
          page: v.name,
          size,
          rule: x.id,
          impact: x.impact,
          help: x.help,
          targets: x.targets,
        });
    }
    if (size !== "phone") return;
    if (SHOTS)
      await page.screenshot({ path: `${SHOTS}/${v.name.replace(/[^a-z0-9]+/gi, "-")}.png`, fullPage: true });
    if (v.phone === "fit") {
      const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      if (width > PHONE.width) out.overflowing.push(`${v.name}: ${width}px wide`);
    }
  }

  for (const [size, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    for (let part = 1; part <= PARTS; part++) {
      sweep(
        `no critical or serious axe violations on any page (${size} ${viewport.width}×${viewport.height}), part ${part} of ${PARTS}`,
        async ({ browser, servers: { demo, fresh, ...servers } }) => {
          // ~30 pages; each takes a few seconds on an idle machine (axe's colour checks are the slow part).
          test.setTimeout(1_800_000);
          ids = servers.ids;
          if (SHOTS) mkdirSync(SHOTS, { recursive: true });
          const contexts = {
            owner: await browser.newContext({ baseURL: demo.url, viewport, bypassCSP: true }),
            guest: await browser.newContext({ baseURL: demo.url, viewport, bypassCSP: true }),
            fresh: await browser.newContext({ baseURL: fresh.url, viewport, bypassCSP: true }),
          };
          const owner = trackNetwork(await contexts.owner.newPage());
          await logIn(owner, DEMO);
          const pages = {
            owner,
            guest: trackNetwork(await contexts.guest.newPage()),
            fresh: trackNetwork(await contexts.fresh.newPage()),
          };
          const out: Findings = { violations: [], overflowing: [], broken: [] };
          for (const { route, v } of partOf(part)) {
            await test.step(`${v.name} (${route})`, async () => {
              // One page that cannot be opened is reported with the rest, not instead of them.
              await check(v, pages[v.as ?? "owner"], size, out).catch((err) =>
                out.broken.push(`${v.name}: ${String(err).split("\n")[0]}`),
              );
            });
          }
          for (const c of Object.values(contexts)) await c.close();
          const report = out.violations
            .map(
              (f) =>
                `[${f.impact}] ${f.rule} on "${f.page}" (${f.size}): ${f.help}\n    ${f.targets.join("\n    ")}`,
            )
            .join("\n");
          expect.soft(out.broken, "pages that could not be checked").toEqual([]);
          expect.soft(out.violations, `axe found critical or serious violations:\n${report}`).toEqual([]);
          expect.soft(out.overflowing, "pages that scroll sideways on a phone").toEqual([]);
        },
      );
    }
  }
});
