import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../server/db/migrate.ts";
import { systemClock } from "../server/lib/clock.ts";
import { findUserByEmail } from "../server/modules/auth/auth.service.ts";
import { createToken } from "../server/modules/tokens/tokens.service.ts";
import { DEMO_LOGIN, DEMO_WORKSPACE, seedDemoIfEmpty } from "../server/seed/demo.ts";
import { openTestDataDir, TEST_DB_KIND } from "../server/test/db.ts";
import { type Running, startBaton } from "../server/test/spawn.ts";
import { runBaton } from "./test-helpers.ts";

/**
 * The CLI while Baton runs: a real `baton start` on a PGlite data directory (A), the CLI on A (through the
 * server, with its local credential) against the CLI on a copy of A (B, opened directly): same output. Then
 * --url/--token against the same server, and the credential's life cycle. PGlite only: with DATABASE_URL there is
 * no lock and the CLI opens the database directly, as every other CLI test does.
 */
describe.skipIf(TEST_DB_KIND === "postgres")("baton while a Baton serves the data directory", () => {
  let dir = "";
  let server: Running;
  const env = (dataDir: string): NodeJS.ProcessEnv => ({
    ...process.env,
    LOG_LEVEL: "silent",
    DATABASE_URL: "",
    BATON_URL: "",
    BATON_TOKEN: "",
    BATON_DATA_DIR: dataDir,
  });
  const served = () => path.join(dir, "a");
  const copy = () => path.join(dir, "b");
  const tokens = { admin: "", viewer: "" };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "baton-serving-"));
    const database = await openTestDataDir(path.join(served(), "pgdata"));
    try {
      await migrate(database); // at the latest level already (the run's template): only checks
      const seeded = await seedDemoIfEmpty(database.db);
      if (!seeded.seeded) throw new Error(seeded.reason);
      const db = database.db;
      const owner = (await findUserByEmail(db, DEMO_LOGIN.email))!;
      const viewer = (await findUserByEmail(db, "grace.oconnell@northwind.test"))!;
      const wid = seeded.workspace.id;
      const make = async (userId: string, role: "owner" | "viewer") =>
        (
          await createToken(
            db,
            systemClock,
            { workspaceId: wid, userId, role, via: "session" },
            { name: "cli", expiresInDays: null },
          )
        ).token;
      tokens.admin = await make(owner.id, "owner");
      tokens.viewer = await make(viewer.id, "viewer");
    } finally {
      await database.close();
    }
    cpSync(served(), copy(), { recursive: true });
    server = await startBaton(
      { BATON_DATA_DIR: served(), DATABASE_URL: "", BATON_JOB_POLL_MS: "0" },
      180_000,
    );
    // The credential is written right after listening: wait for it.
    for (let i = 0; i < 100 && !existsSync(path.join(served(), "cli-credential")); i++)
      await new Promise((r) => setTimeout(r, 50));
    // A fresh PGlite, the demo and a server start: minutes on a busy machine.
  }, 300_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill("SIGTERM");
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves a credential only its user can read, with its local address", () => {
    const file = path.join(served(), "cli-credential");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const cred = JSON.parse(readFileSync(file, "utf8"));
    expect(cred.url).toBe(server.url);
    expect(cred.secret).toMatch(/^bcli_[A-Za-z0-9_-]{40,}$/);
    expect(cred.pid).toBe(server.proc.pid);
  });

  const SAME = [
    ["ideas", "list", "--product", "Northwind Mobile"],
    ["ideas", "list", "--product", "Northwind Mobile", "--format", "json", "--limit", "7"],
    [
      "ideas",
      "list",
      "--product",
      "Northwind Mobile",
      "--sort",
      "title",
      "--status",
      "new",
      "--format",
      "csv",
    ],
    ["ideas", "export", "--product", "Northwind Mobile", "--format", "csv"],
    ["ideas", "export", "--product", "Northwind Insights", "--format", "json"],
    ["factors", "list", "--product", "Northwind Mobile", "--json"],
    ["factors", "list"],
    ["rounds", "list"],
    ["rounds", "list", "--json"],
    ["objectives", "list"],
    ["objectives", "list", "--product", "Northwind Mobile", "--format", "json"],
    ["capacity", "show", "--from", "2027-01", "--months", "3"],
    ["capacity", "show", "--from", "2027-01", "--format", "json"],
    ["roadmaps", "list"],
    ["roadmaps", "list", "--format", "json"],
    ["roadmaps", "export", "2027 plan", "--format", "csv"],
    ["roadmaps", "export", "2027 plan", "--format", "json"],
    ["roadmaps", "export", "2027 plan", "--format", "ics"],
    ["signoffs", "list", "--format", "json"],
    ["ideas", "list", "--product", "No such product"],
    ["roadmaps", "export", "nope", "--format", "csv"],
    ["admin", "outbox", "--workspace", DEMO_WORKSPACE.slug, "--json"],
    ["competitors", "list"],
    ["competitors", "list", "--product", "Northwind Mobile", "--format", "json"],
    ["changes", "list", "--since", "30d", "--format", "csv"],
    ["changes", "list", "--since", "30d", "--competitor", "Wrenchwise", "--importance", "high"],
    ["sources", "check", "Pricing page"],
    ["sources", "check", "App Store reviews (US)"],
  ];
  it.each(SAME.map((args) => [args.join(" "), args]))(
    "%s: the same output through the server as on the database",
    async (_name, args) => {
      const [viaServer, direct] = await Promise.all([
        runBaton(env(served()), args),
        runBaton(env(copy()), args),
      ]);
      // An iCalendar file is stamped with the time it was made.
      const unstamped = (text: string) => text.replace(/^DTSTAMP:\d{8}T\d{6}Z\r$/gm, "DTSTAMP");
      expect(viaServer.stderr).toBe(direct.stderr);
      expect(unstamped(viaServer.stdout)).toBe(unstamped(direct.stdout));
      expect(viaServer.code).toBe(direct.code);
      expect(viaServer.stdout.length + viaServer.stderr.length).toBeGreaterThan(2);
    },
    60_000,
  );

  it("exports the workspace through the server as on the database", async () => {
    const args = ["export", "--workspace", DEMO_WORKSPACE.slug];
    const [viaServer, direct] = await Promise.all([
      runBaton(env(served()), args),
      runBaton(env(copy()), args),
    ]);
    expect(viaServer.code).toBe(0);
    const strip = (text: string) => ({
      ...JSON.parse(text),
      exportedAt: null,
      ideas: null,
      ideaScores: null,
    });
    // Ideas and their scores are compared by count (ranks are rewritten in steps); everything else is equal.
    expect(strip(viaServer.stdout)).toEqual(strip(direct.stdout));
    expect(JSON.parse(viaServer.stdout).ideas.length).toBe(JSON.parse(direct.stdout).ideas.length);
  }, 60_000);

  // After the export's comparison: each run records an audit entry (its own id and time).
  const CHECK_ALL = [
    ["sources", "check", "--all"],
    ["sources", "check", "--all", "--competitor", "Wrenchwise"],
  ];
  it.each(CHECK_ALL.map((args) => [args.join(" "), args]))(
    "%s: queues checks through the server as on the database",
    async (_name, args) => {
      const [viaServer, direct] = await Promise.all([
        runBaton(env(served()), args),
        runBaton(env(copy()), args),
      ]);
      expect(viaServer.stderr).toBe("");
      expect(viaServer.stdout).toBe(direct.stdout);
      expect(viaServer.stdout).toMatch(/^Queued \d+ checks?/);
    },
    60_000,
  );

  it("imports ideas through the server: a dry run's per-row problems, then the import", async () => {
    const csvFile = path.join(dir, "ideas.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(csvFile, "Title,Effort\nOffline sync,3\n,2\nDark mode,lots\n");
    const args = ["ideas", "import", csvFile, "--product", "Northwind Mobile", "--dry-run"];
    const [viaServer, direct] = await Promise.all([
      runBaton(env(served()), args),
      runBaton(env(copy()), args),
    ]);
    expect(viaServer).toEqual(direct);
    expect(viaServer.code).toBe(1);
    expect(viaServer.stdout).toContain("row 3");
    writeFileSync(csvFile, "Title,Effort\nOffline sync,3\nDark mode,2\n");
    const real = ["ideas", "import", csvFile, "--product", "Northwind Mobile"];
    const imported = await runBaton(env(served()), real);
    expect(imported.stdout).toContain('Imported 2 ideas into product "Northwind Mobile".');
    const listed = await runBaton(env(served()), [
      "ideas",
      "list",
      "--product",
      "Northwind Mobile",
      "--q",
      "Dark mode",
    ]);
    expect(listed.stdout).toContain("Dark mode");
  }, 60_000);

  it("runs the auto-planner through the server", async () => {
    const res = await runBaton(env(served()), ["roadmaps", "plan", "2027 plan", "--time-limit", "2"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Auto-planner on "2027 plan" \(Northwind Mobile\)/);
    expect(res.stdout).toMatch(/Solver: (optimal|feasible|greedy)/);
  }, 60_000);

  it("runs the operator's commands through the server", async () => {
    const created = await runBaton(env(served()), [
      "admin",
      "create-owner",
      "--email",
      "second@example.test",
      "--name",
      "Second Owner",
      "--password",
      "long-enough-password",
      "--workspace",
      "Second",
    ]);
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(
      /^Created Second Owner <second@example.test> as owner of workspace "Second"/,
    );
    const again = await runBaton(env(served()), [
      "admin",
      "reset-password",
      "--email",
      "second@example.test",
    ]);
    expect(again.stdout).toMatch(/New password: [A-Za-z0-9_-]{24}/);
    const migrated = await runBaton(env(served()), ["migrate"]);
    expect(migrated.stdout).toMatch(/already up to date/);
    // Two workspaces now: --workspace is needed, and the error is the database's.
    const ambiguous = await runBaton(env(served()), ["roadmaps", "list"]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("This Baton has several workspaces: choose one with --workspace");
  }, 60_000);

  it("refuses a wrong or missing local credential, and account routes with the right one", async () => {
    const cred = JSON.parse(readFileSync(path.join(served(), "cli-credential"), "utf8"));
    const get = (p: string, token?: string) =>
      fetch(`${server.url}/api/v1${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await get("/cli/workspace?ref=northwind-labs")).status).toBe(401);
    expect((await get("/cli/workspace?ref=northwind-labs", `bcli_${"x".repeat(43)}`)).status).toBe(401);
    expect((await get("/cli/workspace?ref=northwind-labs", tokens.admin)).status).toBe(401);
    const ok = await get("/cli/workspace?ref=northwind-labs", cred.secret);
    expect(ok.status).toBe(200);
    const ws = (await ok.json()) as { id: string; name: string };
    expect(ws.name).toBe(DEMO_WORKSPACE.name);
    expect((await get(`/workspaces/${ws.id}/roadmaps`, cred.secret)).status).toBe(200);
    expect((await get("/auth/session", cred.secret)).status).toBe(403);
    const forwarded = await fetch(`${server.url}/api/v1/workspaces/${ws.id}/roadmaps`, {
      headers: { authorization: `Bearer ${cred.secret}`, "x-forwarded-for": "203.0.113.9" },
    });
    expect(forwarded.status).toBe(401);
  });

  it("drives the server remotely with --url and --token, under the token's permissions", async () => {
    const remote = (token: string, args: string[]) =>
      runBaton(env(path.join(dir, "elsewhere")), ["--url", server.url, "--token", token, ...args]);
    const direct = await runBaton(env(copy()), ["roadmaps", "list", "--workspace", DEMO_WORKSPACE.slug]);
    const viaUrl = await remote(tokens.viewer, ["roadmaps", "list"]);
    expect(viaUrl).toEqual(direct);
    const byEnv = await runBaton(
      { ...env(path.join(dir, "elsewhere")), BATON_URL: server.url, BATON_TOKEN: tokens.viewer },
      ["objectives", "list", "--format", "json"],
    );
    expect(byEnv.stdout).toBe(
      (
        await runBaton(env(copy()), [
          "objectives",
          "list",
          "--format",
          "json",
          "--workspace",
          DEMO_WORKSPACE.slug,
        ])
      ).stdout,
    );
    const changes = ["changes", "list", "--since", "30d", "--format", "json"];
    const remoteChanges = await remote(tokens.viewer, changes);
    expect(remoteChanges.stderr).toBe("");
    expect(remoteChanges.stdout).toBe(
      (await runBaton(env(copy()), [...changes, "--workspace", DEMO_WORKSPACE.slug])).stdout,
    );
    expect(JSON.parse(remoteChanges.stdout)).toHaveLength(10);
    const planned = await remote(tokens.viewer, ["roadmaps", "plan", "2027 plan", "--time-limit", "1"]);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toBe("baton: You do not have permission to do this\n");
    const checkAll = await remote(tokens.viewer, ["sources", "check", "--all"]);
    expect(checkAll.stderr).toBe("baton: You do not have permission to do this\n");
    expect((await remote(tokens.admin, ["sources", "check", "--all", "--json"])).stdout).toMatch(
      /"queued": \d+/,
    );
    const exported = await remote(tokens.viewer, ["export", "--workspace", DEMO_WORKSPACE.slug]);
    expect(exported.stderr).toBe("baton: You do not have permission to do this\n");
    const asAdmin = await remote(tokens.admin, ["export", "--workspace", DEMO_WORKSPACE.slug]);
    expect(asAdmin.code).toBe(0);
    expect(JSON.parse(asAdmin.stdout).workspace.slug).toBe(DEMO_WORKSPACE.slug);
    for (const args of [["admin", "outbox"], ["jobs", "run"], ["migrate"], ["seed", "demo"]]) {
      const refused = await remote(tokens.admin, args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`\`baton ${args.join(" ")}\` administers the instance`);
    }
    const badToken = await remote("bt_not-a-token-at-all", ["roadmaps", "list"]);
    expect(badToken.stderr).toContain(`${server.url} refused the token`);
    const noToken = await runBaton({ ...env(copy()), BATON_URL: server.url }, ["roadmaps", "list"]);
    expect(noToken.stderr).toContain("--url needs a token");
  }, 120_000);

  it("removes the credential on shutdown; the CLI then opens the directory itself", async () => {
    server.proc.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(existsSync(path.join(served(), "cli-credential"))).toBe(false);
    expect(existsSync(path.join(served(), "baton.pid"))).toBe(false);
    const res = await runBaton(env(served()), ["roadmaps", "list", "--workspace", DEMO_WORKSPACE.slug]);
    expect(res.stderr).toBe("");
    expect(res.stdout).toContain("2027 plan");
  }, 60_000);
});
