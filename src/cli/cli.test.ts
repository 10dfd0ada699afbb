import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, TEST_DB_KIND } from "../server/test/db.ts";

/**
 * The real binary, as a self-hoster runs it: on a PGlite data dir, or (postgres project) on a fresh
 * PostgreSQL database through DATABASE_URL. Few spawns: each one starts Node, the CLI (bin/baton.js) and the database.
 */
const BIN = path.resolve(import.meta.dirname, "../../bin/baton.js");
let dir: string;
let env: NodeJS.ProcessEnv;
let closeDb = async () => {};

function baton(args: string[], stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? "");
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "baton-cli-"));
  env = { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: "", BATON_DATA_DIR: path.join(dir, "data") };
  if (TEST_DB_KIND === "postgres") {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    closeDb = () => database.close();
  }
});
afterAll(async () => {
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe("baton CLI", () => {
  it("admin create-owner: creates the first account and its workspace; refuses a taken e-mail", async () => {
    const args = ["admin", "create-owner", "--email", "ada@example.test", "--name", "Ada Lovelace"];
    const ok = await baton(
      [...args, "--password-stdin", "--workspace", "Analytical Engines"],
      "s3cret-passphrase\n",
    );
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /Created Ada Lovelace <ada@example\.test>, instance admin, as owner of workspace "Analytical Engines" \(address analytical-engines/,
    );

    const again = await baton(
      ["admin", "create-owner", "--email", "ADA@example.test", "--name", "Ada 2"].concat([
        "--password",
        "another-passphrase",
        "--workspace",
        "Second",
      ]),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/An account with the e-mail ada@example\.test exists already/);
    expect(again.stderr).toMatch(/--email: already registered/);
  });

  it("export: writes the workspace to a file", async () => {
    const out = path.join(dir, "backup.json");
    const res = await baton(["export", "--workspace", "analytical-engines", "--out", out]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Exported workspace "Analytical Engines" \(analytical-engines\): 1 users/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc).toMatchObject({
      format: "baton-export",
      formatVersion: 8,
      workspace: { name: "Analytical Engines" },
    });
    expect(doc.users).toEqual([expect.objectContaining({ email: "ada@example.test", name: "Ada Lovelace" })]);
    expect(doc.memberships).toEqual([expect.objectContaining({ role: "owner" })]);
    expect(doc.auditEvents).toEqual([expect.objectContaining({ action: "workspace.create", via: "cli" })]);
  });

  it("import: refuses a corrupted file with a clear message and exit code 1", async () => {
    const text = readFileSync(path.join(dir, "backup.json"), "utf8");
    const bad = path.join(dir, "corrupted.json");
    writeFileSync(bad, text.slice(0, Math.floor(text.length * 0.6)));
    const res = await baton(["import", bad, "--slug", "restored"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(
      /^baton: The file is not valid JSON \(truncated or damaged\?\); nothing was imported\n {2}file: /,
    );

    const copy = await baton([
      "import",
      path.join(dir, "backup.json"),
      "--slug",
      "restored",
      "--name",
      "Restored",
    ]);
    expect(copy.stderr).toBe("");
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(/Imported workspace "Restored" \(address restored, id [0-9a-f-]{36}\)/);
    expect(copy.stdout).toMatch(/1 existing account\(s\) reused/);
  });
});
