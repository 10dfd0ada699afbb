import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { startServer } from "./main.ts";
import { openTestDataDir, TEST_DB_KIND } from "./test/db.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "baton-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(TEST_DB_KIND === "pglite")("startServer", () => {
  it("stops what it started when the e-mail-in port is taken: the data directory is free again", async () => {
    await (await openTestDataDir(path.join(dir, "pgdata"))).close();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const config = loadConfig({
        BATON_DATA_DIR: dir,
        HOST: "127.0.0.1",
        PORT: "0",
        SMTP_IN_PORT: String(port),
        BATON_JOB_POLL_MS: "60000",
        BATON_WEB_DIR: dir,
      });
      await expect(startServer(config)).rejects.toThrow(/EADDRINUSE/);
      expect(existsSync(path.join(dir, "baton.pid"))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 120_000);
});
