import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end journeys in Debian's Chromium (Playwright never downloads a browser here).
 * The server runs from bin/baton.js on a fresh data directory and serves the built web app
 * (run `npm run build:web` first). Set E2E_BASE_URL to test an already running server instead.
 */
const PORT = 4173;
const external = process.env.E2E_BASE_URL;

// Workers load this file too: they inherit the directory chosen (and emptied) by the main process.
if (!process.env.BATON_E2E_DATA_DIR) {
  process.env.BATON_E2E_DATA_DIR = path.join(os.tmpdir(), `baton-e2e-${process.pid}`);
  rmSync(process.env.BATON_E2E_DATA_DIR, { recursive: true, force: true });
}
const dataDir = process.env.BATON_E2E_DATA_DIR;

export default defineConfig({
  testDir: "./e2e",
  testMatch: /.*\.spec\.ts$/,
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  workers: 1,
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
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
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
        },
      },
});
