#!/usr/bin/env node
// The whole test suite: unit + API tests (Vitest) on PGlite and, when available, PostgreSQL 15,
// then the browser journeys (Playwright in Debian's Chromium). Ends with one plain line
// "N passed, N failed[, N skipped]" and fails when anything failed or nothing ran.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const isRoot = process.getuid?.() === 0;
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

// 1. A real browser: Debian's Chromium (Playwright never downloads one here).
if (!existsSync("/usr/bin/chromium")) {
  if (isRoot) {
    console.log("Installing Debian's chromium for the browser tests…");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
  } else {
    console.warn(
      "chromium is missing and we are not root: install it with `sudo apt-get install -y chromium`.",
    );
  }
}

// 2. A throwaway PostgreSQL 15 when none is given and the server binaries are here (CI passes TEST_DATABASE_URL).
let pgDir = null;
if (!process.env.TEST_DATABASE_URL && isRoot && existsSync("/usr/lib/postgresql/15/bin/initdb")) {
  const out = execFileSync("bash", ["scripts/pg-throwaway.sh"], { encoding: "utf8" });
  for (const line of out.trim().split("\n")) {
    const [, key, value] = line.match(/^export (\w+)=(.*)$/) ?? [];
    if (key) process.env[key] = value;
  }
  pgDir = process.env.PG_THROWAWAY_DIR;
}
const stopPg = () => pgDir && spawnSync("bash", ["scripts/pg-throwaway.sh", "stop", pgDir]);
process.on("exit", stopPg);
if (!process.env.TEST_DATABASE_URL)
  console.warn("TEST_DATABASE_URL is not set: PostgreSQL tests are skipped.");

// Playwright empties test-results/ when it starts, so Vitest's report lives in reports/.
for (const dir of ["test-results", "reports"]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

// 3. The web build for the browser journeys starts now, beside Vitest (whose workers leave a core idle at times:
// waiting for PostgreSQL or a spawned CLI, and in the last slow files); its output is printed when it is needed.
const e2e = existsSync("playwright.config.ts");
const buildLog = "reports/build-web.log";
const build = e2e
  ? new Promise((resolve) => {
      const fd = openSync(buildLog, "w");
      const child = spawn("npm", ["run", "-s", "build:web"], { stdio: ["ignore", fd, fd] });
      closeSync(fd);
      child.on("error", () => resolve(1));
      child.on("exit", (code) => resolve(code ?? 1));
    })
  : Promise.resolve(0);

// 4. Unit and API tests. The CLI's bundle is built first (bin/baton.js), so the tests' many spawns of the CLI
// and of servers all start from it rather than each building it.
spawnSync(process.execPath, ["bin/baton.js", "--version"], { stdio: "ignore" });
const vitestCode = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=reports/vitest.json",
]);

// 5. Browser journeys against the built app.
let e2eCode = 0;
if (e2e) {
  e2eCode = await build;
  process.stdout.write(readFileSync(buildLog, "utf8"));
  if (e2eCode !== 0) console.error(`The web build failed (exit ${e2eCode}).`);
  else e2eCode = run("npx", ["playwright", "test"]);
}

// 6. One plain summary line.
const counts = { passed: 0, failed: 0, skipped: 0 };
const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : null);
const v = readJson("reports/vitest.json");
if (v) {
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  // A file that crashed before running its tests counts as a failure too.
  counts.failed += v.testResults.filter(
    (f) => f.status === "failed" && f.assertionResults.length === 0,
  ).length;
}
const e = readJson("test-results/e2e.json");
if (e) {
  counts.passed += e.stats.expected + (e.stats.flaky ?? 0);
  counts.failed += e.stats.unexpected;
  counts.skipped += e.stats.skipped;
}
if (!v) console.error("Vitest wrote no report (reports/vitest.json).");
if (e2e && !e) console.error("Playwright wrote no report (test-results/e2e.json).");
// A runner that crashed, or left no report, is a failure even if no test said so.
const missing = !v || (e2e && !e);
if ((vitestCode !== 0 || e2eCode !== 0 || missing) && counts.failed === 0) counts.failed = 1;
const total = counts.passed + counts.failed;
console.log(
  `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`,
);
stopPg();
process.exit(counts.failed > 0 || total === 0 ? 1 : 0);
