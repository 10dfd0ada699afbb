import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium (Playwright never downloads a browser here).
 * The server runs from bin/baton.js on a fresh data directory and serves the built web app
 * (run `npm run build:web` first). Set E2E_BASE_URL to test an already running server instead, E2E_PORT for
 * another port than 4173, E2E_WORKERS for another number of workers than 2.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);
const external = process.env.E2E_BASE_URL;

// Workers load this file too: they inherit the directory chosen (and emptied) by the main process.
if (!process.env.BATON_E2E_DATA_DIR) {
  process.env.BATON_E2E_DATA_DIR = path.join(os.tmpdir(), `baton-e2e-${process.pid}`);
  rmSync(process.env.BATON_E2E_DATA_DIR, { recursive: true, force: true });
  rmSync(`${process.env.BATON_E2E_DATA_DIR}-templates`, { recursive: true, force: true }); // e2e/helpers.ts
}
const dataDir = process.env.BATON_E2E_DATA_DIR;

const chromium = { ...devices["Desktop Chrome"], channel: undefined };
const OWN_SERVER = /(a11y|phone|competitors)\.spec\.ts$/;
const FIRST_RUN = /foundation\.spec\.ts$/;
const SWEEP = /a11y\.spec\.ts$/;
// The a11y sweep checks each size's pages in parts ("part 2 of 3"); the last part of each comes after the journeys.
const LAST_PART = /part (\d+) of \1\b/;

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  // Two lanes on a 2-core machine: the specs with their own servers (the a11y sweep, the phone and competitor journeys) beside
  // the journeys that share the webServer below. Each file runs in one worker, its tests in order.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // One phase (a dependency would start the journeys only after every other project, the a11y sweep included).
  // A free worker takes the first test group in project order whose project is below its worker limit, so:
  // one worker starts with the foundation journey, whose first test is the shared server's first run (set-up),
  // then runs the journeys on that server one at a time, in file order; the other runs the specs with their own
  // servers (the a11y sweep's first parts, the phone journeys) one after another, keeping the sweep's servers
  // (a worker fixture). The last part of each size of the sweep ("sweep-tail") goes to whichever worker is free
  // first, so neither lane is left running alone at the end, however long the journeys get.
  projects: [
    { name: "first-run", testMatch: FIRST_RUN, workers: 1, use: chromium },
    { name: "own-server", testMatch: OWN_SERVER, grepInvert: LAST_PART, workers: 1, use: chromium },
    { name: "chromium", testIgnore: [OWN_SERVER, FIRST_RUN], workers: 1, use: chromium },
    { name: "sweep-tail", testMatch: SWEEP, grep: LAST_PART, use: chromium },
  ],
  webServer: external
    ? undefined
    : {
        command: "node bin/baton.js start",
        url: `http://127.0.0.1:${PORT}/api/v1/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "ignore",
        stderr: "pipe",
        env: {
          PORT: String(PORT),
          HOST: "127.0.0.1",
          BATON_DATA_DIR: dataDir,
          LOG_LEVEL: "warn",
          BATON_FETCH_LOOPBACK_ONLY: "1",
        },
      },
});
