import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRows } from "../db/hot.ts";
import { migrate } from "../db/migrate.ts";
import { Client, createTestApp, type TestApp } from "../test/app.ts";
import { createTestDatabase } from "../test/db.ts";
import { DEMO_LOGIN, DEMO_PEOPLE, type DemoSeedResult, seedDemoIfEmpty } from "./demo.ts";

let t: TestApp;
let result: DemoSeedResult;
let dana: Client;

beforeAll(async () => {
  t = await createTestApp();
  result = await seedDemoIfEmpty(t.database.db);
  dana = new Client(t.app);
  const res = await dana.request("POST", "/api/v1/auth/login", DEMO_LOGIN);
  expect(res.statusCode, res.body).toBe(200);
  dana.adopt(res.json());
});
afterAll(() => t.close());

describe("demo seed", () => {
  it("reports what it created and the log-in", () => {
    expect(result).toMatchObject({
      seeded: true,
      workspace: { name: "Northwind Labs", slug: "northwind-labs" },
      login: { email: "demo@northwind.test", password: "baton-demo-2026" },
      users: 13,
      teams: 7,
      products: 2,
      ideas: 20,
      rounds: 2,
      objectives: 3,
      roadmaps: 1,
    });
  });

  it("has a ranked Mobile backlog from a closed round, a pin, and an open round waiting for Dana", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const mobile = (await dana.ok("GET", `${w}/products?q=Mobile`)).items[0];
    const page = await dana.ok("GET", `${w}/products/${mobile.id}/ideas?limit=100`);
    expect(page.total).toBe(20);
    const ranks = page.items.map((i: { rank: number }) => i.rank);
    expect(ranks).toEqual(ranks.map((_: number, k: number) => k + 1));
    expect(page.items[1]).toMatchObject({ title: "SSO with Okta and Azure AD", pinnedRank: 2 });
    const scored = page.items.filter(
      (i: { scores: { weighted: number | null } }) => i.scores.weighted !== null,
    );
    expect(scored).toHaveLength(14);
    const rounds = (await dana.ok("GET", `${w}/rounds?mine=true&status=open`)).items;
    expect(rounds.map((r: { name: string }) => r.name)).toEqual(["Sync & notifications deep-dive"]);
    expect(rounds[0].myProgress).toEqual({ done: 0, total: 32 });
  });

  it("has objectives with progress, capacity from people, and a 2027 plan that moved since its kick-off draft", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const objectives = (await dana.ok("GET", `${w}/objectives`)).items as any[];
    expect(objectives).toHaveLength(3);
    expect(objectives.every((o) => o.keyResults.length > 0)).toBe(true);
    expect(objectives.filter((o) => o.progress !== null && o.progress > 0 && o.progress < 1)).toHaveLength(3);

    const grid = await dana.ok("GET", `${w}/capacity?from=2027-02&months=1`);
    const feb = (team: string) => grid.teams.find((x: any) => x.name === team).cells[0];
    // Engineering: Marcus 50%, Kenji 100% (10 weekdays off), Amara 50% of February's 20 weekdays.
    expect(feb("Engineering")).toMatchObject({ derived: 30, override: null, capacity: 30 });
    expect(feb("Engineering").load).toBeGreaterThan(0);

    const [roadmap] = (await dana.ok("GET", `${w}/roadmaps`)).items;
    expect(roadmap).toMatchObject({ name: "2027 plan", productName: "Northwind Mobile", itemCount: 12 });
    const view = await dana.ok("GET", `${w}/roadmaps/${roadmap.id}`);
    const kinds = view.items.map((i: any) => i.kind);
    expect(kinds.filter((k: string) => k === "initiative")).toHaveLength(2);
    expect(
      view.items.filter((i: any) => i.kind === "initiative").every((i: any) => i.ideaIds.length >= 2),
    ).toBe(true);
    expect(view.items.every((i: any) => i.efforts.length > 0)).toBe(true);
    expect(view.dependencies.length).toBeGreaterThanOrEqual(2);
    expect(view.milestones.length).toBeGreaterThanOrEqual(2);
    // Some items pass every SMART check, others fail on purpose (each failing check has a reason).
    const { passing, items, failing } = view.smartSummary;
    expect(passing).toBeGreaterThan(0);
    expect(passing).toBeLessThan(items);
    for (const k of ["specific", "measurable", "achievable", "relevant", "timeBound"])
      expect(failing[k], k).toBeGreaterThan(0);

    // Newest first: the version sent for sign-off (the moved plan), then the kick-off draft.
    const [sent, draft] = (await dana.ok("GET", `${w}/roadmaps/${roadmap.id}/versions`)).items;
    expect(sent).toMatchObject({ name: "Sign-off: 2027 plan", number: 2, approvedAt: null });
    expect(draft).toMatchObject({
      name: "Kick-off draft",
      number: 1,
      itemCount: 12,
      approvedAt: expect.any(String),
    });
    t.clock.set(new Date()); // "current" is now: after the seed (the test clock was set before it ran)
    const diff = await dana.ok("GET", `${w}/roadmaps/${roadmap.id}/compare?from=${draft.id}`);
    expect(diff.moved.map((m: any) => [m.title, m.from, m.to])).toEqual(
      expect.arrayContaining([
        ["Route optimisation for the day's jobs", "2027-04-01", "2027-07-01"],
        ["Parts lookup by barcode scan", "2027-07-01", "2027-01-01"],
      ]),
    );
    expect(diff.moved.every((m: any) => m.reasons.length === 1)).toBe(true);
    expect(diff.changed.map((c: any) => c.title)).toEqual(
      expect.arrayContaining([
        "Spanish and Portuguese translations",
        "Photo capture with automatic compression",
      ]),
    );
    // Only what was changed differs: a move does not touch an item's texts.
    for (const c of diff.changed)
      expect(c.fields.map((f: any) => f.field).every((f: string) => ["status", "efforts"].includes(f))).toBe(
        true,
      );
  });

  it("has customers, feedback from several sources linked to ideas, and paused polled sources", async () => {
    expect(result).toMatchObject({ companies: 9, customers: 12, feedback: 34, sources: 4 });
    const w = `/api/v1/workspaces/${dana.wid}`;
    const counts = (await dana.ok("GET", `${w}/feedback/counts`)).statuses as {
      status: string;
      total: number;
    }[];
    const total = Object.fromEntries(counts.map((c) => [c.status, c.total]));
    expect(total).toMatchObject({ linked: 25, triaged: 1, archived: 1, spam: 2, new: 5 });
    const sources = new Set(
      (await dana.ok("GET", `${w}/feedback?limit=200`)).items.map((i: { source: string }) => i.source),
    );
    expect([...sources].sort()).toEqual(
      ["appstore", "bluesky", "email", "github", "hackernews", "manual", "mastodon"].sort(),
    );
    // "Offline job list…": Atlas (critical, €480k), Brightline (important, $920k), a Hacker News comment
    // (important) and an App Store review (critical): 3·(1+log10 481) + 2·(1+log10 921) + 2 + 3 = 23.97 → 9.09.
    const mobile = (await dana.ok("GET", `${w}/products?q=Mobile`)).items[0];
    const ideas = (await dana.ok("GET", `${w}/products/${mobile.id}/ideas?limit=100`)).items as any[];
    const offline = ideas.find((i) => i.title === "Offline job list that survives a reboot");
    const ev = await dana.ok("GET", `${w}/ideas/${offline.id}/evidence`);
    expect(ev).toMatchObject({ feedbackCount: 5, customers: 2, companies: 2, demand: 9.09 });
    expect(ev.arrBySegment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ segment: "Enterprise", currency: "EUR", arr: 480_000, companies: 1 }),
        expect.objectContaining({ segment: "Enterprise", currency: "USD", arr: 920_000, companies: 1 }),
      ]),
    );
    const list = (await dana.ok("GET", `${w}/sources`)).items as any[];
    expect(list.map((s) => [s.kind, s.enabled]).sort()).toEqual([
      ["appstore", false],
      ["bluesky", false],
      ["hackernews", false],
      ["mastodon", false],
    ]);
    expect(list.find((s) => s.kind === "appstore").state).toMatchObject({
      lastError: { code: "http_429" },
      consecutiveFailures: 3,
      totalImported: 5,
    });
    expect(list.find((s) => s.kind === "bluesky").secretsSet).toEqual(["appPassword"]);
    // Paused: no poll job waits for any of them (the demo never reaches the internet).
    const jobs = await rawRows(t.database.db, "SELECT count(*)::int AS n FROM jobs WHERE kind = $1", [
      "source.poll",
    ]);
    expect(jobs[0]).toEqual({ n: 0 });
  });

  it("has three competitors with SWOT, price history, battlecards, a feature matrix and a month of changes", async () => {
    expect(result).toMatchObject({ competitors: 3, capabilities: 16, monitors: 7, changes: 10 });
    const w = `/api/v1/workspaces/${dana.wid}`;
    const list = (await dana.ok("GET", `${w}/competitors`)).items as any[];
    expect(list.map((c) => [c.name, c.status, c.products.length])).toEqual([
      ["Fieldstack Suite", "active", 2],
      ["Routebird", "watch", 1],
      ["Wrenchwise", "active", 1],
    ]);
    expect(list.find((c) => c.name === "Fieldstack Suite")).toMatchObject({
      watching: true,
      watcherCount: 3,
    });
    const ww = list.find((c) => c.name === "Wrenchwise");
    const swot = (await dana.ok("GET", `${w}/competitors/${ww.id}/swot`)).items as any[];
    expect(new Set(swot.map((c) => c.quadrant)).size).toBe(4);
    expect(
      swot.every((c) => c.sourceUrl?.startsWith("https://www.wrenchwise.example/") && c.sourceDate),
    ).toBe(true);
    const card = await dana.ok("GET", `${w}/competitors/${ww.id}/battlecard`);
    expect(card.sections.every((s: any) => s.body.length > 80 && s.version === 1)).toBe(true);
    // One increase, read from the pricing page by the change it came with.
    const history = (await dana.ok("GET", `${w}/competitors/${ww.id}/price-history`)).items as any[];
    const pro = history
      .filter((p) => p.planName === "Pro")
      .map((p) => [p.price, p.origin, Boolean(p.changeId)]);
    expect(pro).toEqual([
      [29, "manual", false],
      [35, "monitor", true],
    ]);
    expect(history).toHaveLength(4); // 3 plans, one increase

    const mobile = (await dana.ok("GET", `${w}/products?q=Mobile`)).items[0];
    const matrix = await dana.ok("GET", `${w}/products/${mobile.id}/matrix`);
    expect(matrix.columns).toHaveLength(3);
    expect(matrix.groups.map((g: any) => g.theme)).toEqual([
      "Enterprise & admin",
      "Job execution",
      "Offline & sync",
      "Scheduling & dispatch",
    ]);
    const rows = matrix.groups.flatMap((g: any) => g.rows) as any[];
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.ideaId).length).toBeGreaterThanOrEqual(12);
    const cells = rows.flatMap((r) => Object.values(r.cells)) as any[];
    expect(new Set(cells.map((c) => c.status))).toEqual(new Set(["has", "partial", "no", "unknown"]));
    expect(cells.filter((c) => c.stale).length).toBeGreaterThan(5);
    expect(cells.filter((c) => c.changeId)).toHaveLength(2);
    const gaps = await dana.ok("GET", `${w}/products/${mobile.id}/matrix?view=gaps`);
    expect(gaps.groups[0].rows.length).toBeGreaterThan(3);

    // Changes of the last month, newest first: pricing (high), noise with an ignore rule, links to ideas.
    const changes = (await dana.ok("GET", `${w}/changes?limit=50`)).items as any[];
    expect(changes).toHaveLength(10);
    expect(new Set(changes.map((c) => c.category))).toEqual(
      new Set(["pricing", "product", "messaging", "hiring", "other"]),
    );
    const pricing = changes.find((c) => c.category === "pricing" && c.importance === "high");
    expect(pricing).toMatchObject({ competitorName: "Wrenchwise", state: "reviewed" });
    expect(pricing.summary).toMatch(/35/);
    const noise = changes.find((c) => c.state === "noise");
    const detail = await dana.ok("GET", `${w}/changes/${noise.id}`);
    expect(detail.monitor.ignorePatterns).toHaveLength(1);
    expect(changes.filter((c) => c.ideaCount > 0)).toHaveLength(3);
    // Paused sources on .example addresses: no check job waits, nothing is ever fetched.
    const monitors = await dana.ok("GET", `${w}/monitors?limit=50`);
    expect(monitors.counts).toEqual({ total: 7, failing: 0, paused: 7, due: 0, checking: 0 });
    expect(monitors.items.every((m: any) => new URL(m.url).hostname.endsWith(".example"))).toBe(true);
    const jobs = await rawRows(t.database.db, "SELECT count(*)::int AS n FROM jobs WHERE kind = $1", [
      "monitor.check",
    ]);
    expect(jobs[0]).toEqual({ n: 0 });
  });

  it("lets the owner log in to Northwind Labs, as instance admin and owner", () => {
    expect(dana.session.user).toMatchObject({ name: "Dana Whitfield", isInstanceAdmin: true });
    expect(dana.session.workspaces).toEqual([
      expect.objectContaining({ name: "Northwind Labs", role: "owner" }),
    ]);
  });

  it("fills members with every role, products with managers, and teams with leads and allocations", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const members = (await dana.ok("GET", `${w}/members?limit=100`)).items as {
      role: string;
      name: string;
    }[];
    expect(members).toHaveLength(13);
    const roles: Record<string, number> = {};
    for (const m of members) roles[m.role] = (roles[m.role] ?? 0) + 1;
    expect(roles).toEqual({
      owner: 1,
      admin: 1,
      product_manager: 2,
      contributor: 6,
      stakeholder: 2,
      viewer: 1,
    });

    const products = (await dana.ok("GET", `${w}/products`)).items as any[];
    expect(products.map((p) => [p.name, p.stage, p.managerName]).sort()).toEqual([
      ["Northwind Insights", "discovery", "Tomás Herrera"],
      ["Northwind Mobile", "growth", "Priya Raman"],
    ]);
    expect(products.every((p) => p.description.length > 80)).toBe(true);

    const teams = (await dana.ok("GET", `${w}/teams?limit=100`)).items as any[];
    expect(teams.map((x) => x.discipline).sort()).toEqual([
      "design",
      "documentation",
      "engineering",
      "leadership",
      "marketing",
      "operations",
      "qa",
    ]);
    expect(teams.every((x) => x.leadId && x.members.some((m: any) => m.userId === x.leadId))).toBe(true);
    const allocation = (team: string, person: string) =>
      teams.find((x) => x.name === team).members.find((m: any) => m.name === person)?.allocationPct;
    expect(allocation("Engineering", "Amara Okafor")).toBe(50);
    expect(allocation("Quality Assurance", "Amara Okafor")).toBe(50);
    expect(allocation("Engineering", "Marcus Chen")).toBe(50);
    expect(allocation("Leadership", "Marcus Chen")).toBe(50);
    expect(allocation("Product Design", "Noah Lindqvist")).toBe(100);
  });

  it("has a sign-off of the moved plan waiting for Dana, two of three leads having approved", async () => {
    const w = `/api/v1/workspaces/${dana.wid}`;
    const [mine] = (await dana.ok("GET", `${w}/signoffs?mine=true&status=open`)).items;
    expect(mine).toMatchObject({
      roadmapName: expect.any(String),
      round: 1,
      myDecision: "pending",
      counts: { required: 3, requiredApproved: 2, pending: 1 },
    });
    const detail = await dana.ok("GET", `${w}/signoffs/${mine.id}`);
    expect(
      detail.approvers.map((a: { name: string; viaTeamName: string; decision: string }) => [
        a.name,
        a.viaTeamName,
        a.decision,
      ]),
    ).toEqual([
      ["Dana Whitfield", "Leadership", "pending"],
      ["Lena Fischer", "Product Design", "approved_with_comments"],
      ["Marcus Chen", "Engineering", "approved"],
    ]);
    // Against the kick-off baseline: the moves made after it, with their reasons.
    const review = await dana.ok("GET", `${w}/signoffs/${mine.id}/review`);
    expect(review.baseline).toMatchObject({ number: 1, name: "Kick-off draft" });
    expect(review.diff.moved.length + review.diff.changed.length).toBeGreaterThanOrEqual(3);
    expect(review.diff.moved.every((m: { reasons: string[] }) => m.reasons.length > 0)).toBe(true);
    const bell = await dana.ok("GET", `${w}/notifications`);
    expect(bell.items.some((n: { kind: string }) => n.kind === "signoff.request")).toBe(true);
    // In-app only: the demo mails nobody.
    const outbox = await dana.ok("GET", `${w}/outbox?limit=100`);
    expect(outbox.items.filter((m: { kind: string }) => m.kind.startsWith("notification.signoff"))).toEqual(
      [],
    );
  });

  it("is recorded in the audit log as done by the CLI", async () => {
    // Every page of it (the competitors' phase alone writes a few hundred entries).
    const audit: any[] = [];
    let cursor = "";
    do {
      const page = await dana.ok(
        "GET",
        `/api/v1/workspaces/${dana.wid}/audit?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      );
      audit.push(...page.items);
      cursor = page.nextCursor ?? "";
    } while (cursor);
    expect(audit.length).toBeGreaterThan(20);
    // Everything through the CLI; ideas, ratings and comments by the people who would have done them.
    expect(audit.every((e) => e.via === "cli")).toBe(true);
    const names = new Set(Object.values(DEMO_PEOPLE).map((p) => p.name));
    expect(audit.every((e) => e.actorName === null || names.has(e.actorName))).toBe(true);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "workspace.create",
        "member.add",
        "product.create",
        "team.create",
        "team.member.put",
        "competitor.create",
        "capability.cell.update",
        "change.noise",
      ]),
    );
  });

  it("does nothing once accounts exist", async () => {
    expect(await seedDemoIfEmpty(t.database.db)).toEqual({
      seeded: false,
      reason: "the database already has accounts",
    });
    const members = await dana.ok("GET", `/api/v1/workspaces/${dana.wid}/members?limit=100`);
    expect(members.items).toHaveLength(13);
  });
});

describe("demo seed in phases", () => {
  it("undoes itself when a phase fails: no workspace, no account, and a later seed succeeds", async () => {
    const database = await createTestDatabase();
    try {
      await migrate(database);
      const count = async () =>
        (
          await rawRows<{ users: number; workspaces: number }>(
            database.db,
            "SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM workspaces) AS workspaces",
            [],
          )
        )[0];
      // Each phase is its own transaction, after `between`: stop before the fourth (the baseline sign-off).
      let calls = 0;
      const stop = async () => {
        if (++calls === 4) throw new Error("stopped before phase 4");
      };
      await expect(seedDemoIfEmpty(database.db, stop)).rejects.toThrow("stopped before phase 4");
      expect(calls).toBe(4);
      expect(await count()).toEqual({ users: 0, workspaces: 0 });
      // Phases 1–3 had committed (people, backlog, roadmap): all of it went with the workspace.
      for (const table of ["ideas", "ratings", "roadmap_items", "audit_events", "teams"]) {
        const [row] = await rawRows<{ n: number }>(
          database.db,
          `SELECT count(*)::int AS n FROM ${table}`,
          [],
        );
        expect(row!.n, table).toBe(0);
      }
      const again = await seedDemoIfEmpty(database.db, async () => void calls++);
      expect(again).toMatchObject({ seeded: true, users: 13, ideas: 20 });
      expect(calls).toBe(12); // eight phases
      expect(await count()).toEqual({ users: 13, workspaces: 1 });
    } finally {
      await database.close();
    }
  }, 120_000); // a seed and a half on a fresh database: on a busy 2-core machine, well over the default 30 s
});
