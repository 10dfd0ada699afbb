import { defineConfig } from "vitest/config";

// The same suite runs on embedded PGlite and, when TEST_DATABASE_URL is set, on real PostgreSQL.
const common = {
  include: ["src/**/*.test.ts"],
  globalSetup: ["src/server/test/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      { test: { ...common, name: "pglite", env: { BATON_TEST_DB: "pglite" } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { ...common, name: "postgres", env: { BATON_TEST_DB: "postgres" } } }]
        : []),
    ],
  },
});
