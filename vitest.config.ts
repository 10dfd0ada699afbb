import os from "node:os";
import { defineConfig } from "vitest/config";

// The same suite runs on embedded PGlite and, when TEST_DATABASE_URL is set, on real PostgreSQL.
const common = {
  include: ["src/**/*.test.ts"],
  globalSetup: ["src/server/test/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Each file keeps its own process (isolate, the default): module state such as guarded-fetch's per-process
  // defaults or the auth cache cannot leak from one file into the next.
};

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: a single worker on CI's 2 cores. Files wait on
    // PostgreSQL, spawned CLIs and servers much of the time, so two workers keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      { test: { ...common, name: "pglite", env: { BATON_TEST_DB: "pglite" } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { ...common, name: "postgres", env: { BATON_TEST_DB: "postgres" } } }]
        : []),
    ],
  },
});
