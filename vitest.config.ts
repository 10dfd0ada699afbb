import os from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The longest files start first, so that neither worker is left running one of them alone at the end (measured
 * with one worker: serving, the fuzzer and the log-in limits take about half of the PGlite project's time). A file
 * not listed keeps Vitest's order (the slowest of the last run first, otherwise the largest first).
 */
const LONGEST = [
  "src/cli/serving.test.ts",
  "src/server/fuzz.test.ts",
  "src/server/modules/auth/auth.limits.test.ts",
  "src/server/openapi.test.ts",
  "src/server/availability.test.ts",
  "src/server/modules/auth/auth.test.ts",
  "src/cli/prioritization.test.ts",
  "src/cli/roadmaps.test.ts",
  "src/server/modules/transfer/transfer.test.ts",
  "src/cli/cli.test.ts",
  "src/server/modules/planner/planner.test.ts",
];
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i === -1 ? LONGEST.length : i;
    };
    return (await super.sort(files))
      .map((f, i) => ({ f, i, r: rank(f) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.f);
  }
}

// The same suite runs on embedded PGlite and, when TEST_DATABASE_URL is set, on real PostgreSQL.
const common = {
  include: ["src/**/*.test.ts"],
  globalSetup: ["src/server/test/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Each file keeps its own process (isolate, the default): module state such as guarded-fetch's per-process
  // defaults or the auth cache cannot leak from one file into the next.
};

// No test reaches past 127.0.0.1: outbound fetches of user-supplied URLs are fenced to loopback (guarded-fetch.ts).
const FENCE = { BATON_FETCH_LOOPBACK_ONLY: "1" };

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: a single worker on CI's 2 cores. Files wait on
    // PostgreSQL, spawned CLIs and servers much of the time, so two workers keep both cores busy.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    projects: [
      { test: { ...common, name: "pglite", env: { BATON_TEST_DB: "pglite", ...FENCE } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { ...common, name: "postgres", env: { BATON_TEST_DB: "postgres", ...FENCE } } }]
        : []),
    ],
  },
});
