import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/baton.js", import.meta.url));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

export interface Running {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the real `baton start` in a child process on 127.0.0.1 and waits until /health answers. */
export async function startBaton(env: Record<string, string>, timeoutMs = 60_000): Promise<Running> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, "start"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d) => {
    out += d;
  });
  proc.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`baton exited with ${proc.exitCode}: ${out}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return { proc, url, output: () => out, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill("SIGKILL");
  throw new Error(`baton did not become healthy in ${timeoutMs} ms: ${out}`);
}

/** Runs `fn` with the URL of a fresh, empty database on TEST_DATABASE_URL's server, dropped afterwards. */
export async function withScratchDatabase<T>(prefix: string, fn: (url: string) => Promise<T>): Promise<T> {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `${prefix}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(process.env.TEST_DATABASE_URL as string);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** Polls `cond` every 100 ms; throws if it is still false after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ApiAuth = { cookie: string; csrf: string };
/** One JSON request to a spawned Baton: the status, the parsed body and the session cookie it set. */
export async function api(url: string, method = "GET", body?: unknown, auth?: ApiAuth) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) Object.assign(headers, { cookie: auth.cookie, "x-csrf-token": auth.csrf });
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  return { status: res.status, json, cookie: res.headers.get("set-cookie")?.split(";")[0] ?? "" };
}
/** `api`, throwing on a 4xx/5xx answer. */
export async function apiOk(url: string, method = "GET", body?: unknown, auth?: ApiAuth) {
  const r = await api(url, method, body, auth);
  if (r.status >= 400) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}
