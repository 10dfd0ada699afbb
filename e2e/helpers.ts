import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { type APIRequestContext, expect, type Page } from "@playwright/test";

/** The first owner and workspace, the same in every journey so the specs can share one server in any order. */
export const OWNER = { name: "Olivia Owner", email: "olivia@example.com", password: "conductor-baton-1" };
export const WORKSPACE = "Acme Product";

/** Sets up the owner by API unless the server is already set up (so any spec can run alone). */
export async function ensureOwner(request: APIRequestContext) {
  const health = await (await request.get("/api/v1/health")).json();
  if (health.setupRequired) {
    const res = await request.post("/api/v1/setup", { data: { ...OWNER, workspaceName: WORKSPACE } });
    expect(res.ok()).toBeTruthy();
  }
}

/** Logs in from the log-in page and waits for the workspace home. */
export async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(who.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
}

/** The API with the page's session (cookie + CSRF header). */
export async function apiOf(page: Page) {
  const session = await (await page.request.get("/api/v1/auth/session")).json();
  const headers = { "X-CSRF-Token": session.csrfToken as string };
  return async (method: "get" | "post" | "put" | "patch", path: string, data?: unknown) => {
    const res = await page.request[method](`/api/v1${path}`, { data, headers });
    expect(res.ok(), `${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
    return res.json();
  };
}

/** The demo company's log-in (src/server/seed/demo.ts); every demo account shares the password. */
export const DEMO = { email: "demo@northwind.test", password: "baton-demo-2026" };
export const demoLogin = (email: string) => ({ email, password: DEMO.password });

/** Where this run keeps its template data directories (the run's directory is chosen in playwright.config.ts). */
export const templatesDir = (runDir = process.env.BATON_E2E_DATA_DIR!) => `${runDir}-templates`;

/** Runs the CLI on a data directory; rejects with its output when it fails. */
function cli(args: string[], dataDir: string) {
  return new Promise<void>((resolve, reject) => {
    const proc = spawn(process.execPath, ["bin/baton.js", ...args], {
      env: { ...process.env, BATON_DATA_DIR: dataDir, LOG_LEVEL: "warn", BATON_FETCH_LOOPBACK_ONLY: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    proc.stdout!.on("data", (d) => (output += d));
    proc.stderr!.on("data", (d) => (output += d));
    proc.on("error", reject);
    proc.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`baton ${args.join(" ")} (exit ${code}): ${output}`)),
    );
  });
}

/**
 * A data directory made once per run, whichever worker asks first, and copied for each server: "empty" is
 * migrated (what `baton start` does to a new directory), "demo" has the demo seeded too (what `--demo` does to an
 * empty one). Each server then starts on a copy, as on a directory it made itself, without paying seconds of
 * CPU for the migrations and the demo's seed again (five demo servers and four empty ones a run).
 */
async function template(kind: "empty" | "demo"): Promise<string> {
  const root = templatesDir();
  const dir = path.join(root, kind);
  const ready = `${dir}.ready`;
  const failed = `${dir}.failed`;
  mkdirSync(root, { recursive: true });
  let mine = true;
  try {
    mkdirSync(`${dir}.lock`); // atomic: one worker makes it, the others wait for it
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      if (kind === "demo") {
        cpSync(await template("empty"), dir, { recursive: true });
        await cli(["seed", "demo"], dir);
      } else await cli(["migrate"], dir);
      writeFileSync(ready, "");
    } catch (e) {
      writeFileSync(failed, String(e));
      throw e;
    }
    return dir;
  }
  // Minutes on a busy machine, like a demo server's start.
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
    if (existsSync(ready)) return dir;
    if (existsSync(failed)) throw new Error(`the ${kind} template failed: ${readFileSync(failed, "utf8")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the ${kind} template was not made in time`);
}

/**
 * Starts its own `baton start` (with `--demo`: the Northwind Labs workspace) on a free port and a data directory
 * of its own (a copy of the run's migrated, or demo, template), for journeys that need the demo's data or a server
 * nobody else has set up. `env` adds settings (e.g. BATON_FETCH_ALLOW_PRIVATE=1 for a journey whose fake website
 * is on 127.0.0.1).
 */
export async function startBaton(opts: { demo: boolean; env?: Record<string, string> }) {
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const parent = mkdtempSync(path.join(os.tmpdir(), "baton-e2e-own-"));
  const dataDir = path.join(parent, "data");
  cpSync(await template(opts.demo ? "demo" : "empty"), dataDir, { recursive: true });
  const args = ["bin/baton.js", "start", ...(opts.demo ? ["--demo"] : [])];
  const proc = spawn(process.execPath, args, {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      BATON_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      BATON_FETCH_LOOPBACK_ONLY: "1",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output += d;
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      await exited;
    }
    rmSync(parent, { recursive: true, force: true });
  };
  // The demo takes ~15 s on an idle machine, minutes on a busy one.
  for (const deadline = Date.now() + 420_000; Date.now() < deadline; ) {
    if (proc.exitCode !== null) break;
    if (
      await fetch(`${url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`baton did not start on ${url} (exit ${proc.exitCode}): ${output}`);
}
