import path from "node:path";
import { type Child, cpuSeconds, freePort, machineBusySeconds, ROOT, sleep, spawnChild } from "./proc.ts";

export interface BatonOptions {
  /** PGlite data directory (BATON_DATA_DIR); ignored when databaseUrl is set. */
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: string;
  /** Extra node flags, e.g. --cpu-prof (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Extra environment variables for this child only (e.g. BATON_FETCH_ALLOW_PRIVATE=1). */
  env?: Record<string, string>;
}

export interface RunningBaton {
  child: Child;
  port: number;
  base: string;
  /** Milliseconds from spawn to the first 200 from GET /api/v1/health. */
  startToHealthyMs: number;
  /** What `baton start` itself reports (database open + migrations + listen), when printed. */
  reportedReadyMs: number | null;
  /** Cores used by other processes on the machine while this one started (noise). */
  otherCores: number | null;
  stop(): Promise<void>;
}

/** The environment for a Baton child: only what we set decides the database (never an inherited DATABASE_URL). */
function batonEnv(o: BatonOptions, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "BATON_DATA_DIR", "PORT", "HOST", "BATON_PUBLIC_URL", "BATON_WEB_DIR"])
    delete env[k];
  env.HOST = "127.0.0.1";
  env.PORT = String(port);
  env.LOG_LEVEL = o.logLevel ?? "warn";
  env.BATON_PUBLIC_URL = `http://127.0.0.1:${port}`;
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else env.BATON_DATA_DIR = o.dataDir;
  return { ...env, ...o.env };
}

/**
 * Spawns `node bin/baton.js start` on a free 127.0.0.1 port and polls GET /api/v1/health until it answers 200.
 * The clock starts just before spawn, so the figure includes Node start-up and TypeScript loading.
 */
export async function startBaton(o: BatonOptions, timeoutMs = 60_000): Promise<RunningBaton> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const m0 = machineBusySeconds();
  const g0 = process.cpuUsage();
  const t0 = performance.now();
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of every Baton child (open it in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const args = [...prof, ...(o.nodeArgs ?? []), path.join(ROOT, "bin/baton.js"), "start"];
  const child = spawnChild(process.execPath, args, { env: batonEnv(o, port) });
  const stop = async () => {
    const { code, signal } = await child.stop();
    if (code !== 0 && code !== null && signal === null) {
      throw new Error(`Baton exited with code ${code} on SIGTERM:\n${child.tail()}`);
    }
  };
  try {
    await waitHealthy(base, child, t0 + timeoutMs);
  } catch (err) {
    await child.stop(2000);
    throw err;
  }
  const startToHealthyMs = performance.now() - t0;
  const m1 = machineBusySeconds();
  const childCpu = cpuSeconds(child.pid);
  const g = process.cpuUsage(g0);
  const otherCores =
    m0 !== null && m1 !== null && childCpu !== null
      ? Math.max(0, (m1 - m0 - childCpu - (g.user + g.system) / 1e6) / (startToHealthyMs / 1000))
      : null;
  // The "ready" line comes right after listen(); give it a moment in case it trails the first 200.
  const m = await child.waitForLine(/Baton ready at \S+ \(\w+, (\d+) ms\)/, 2000).catch(() => null);
  return { child, port, base, startToHealthyMs, reportedReadyMs: m ? Number(m[1]) : null, otherCores, stop };
}

async function waitHealthy(base: string, child: Child, deadline: number) {
  let exited: string | null = null;
  void child.exited.then(({ code, signal }) => {
    exited = `Baton exited (${code ?? signal}) before it was healthy:\n${child.tail()}`;
  });
  while (performance.now() < deadline) {
    if (exited) throw new Error(exited);
    try {
      const res = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`Baton was not healthy within the time limit:\n${child.tail()}`);
}

/** A tiny API client holding a session cookie and its CSRF token. */
export class Api {
  cookie: string | null = null;
  csrf: string | null = null;
  /** timeoutMs: longest wait for one answer (long imports need more than the default). */
  constructor(
    readonly base: string,
    readonly timeoutMs = 15_000,
  ) {}

  async call<T = any>(
    method: string,
    url: string,
    body?: unknown,
    opts: { bearer?: string } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    else if (this.cookie) {
      headers.cookie = `baton_session=${this.cookie}`;
      if (this.csrf && method !== "GET") headers["x-csrf-token"] = this.csrf;
    }
    const res = await fetch(`${this.base}/api/v1${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 500)}`);
    for (const c of res.headers.getSetCookie()) {
      const m = c.match(/^baton_session=([^;]+)/);
      if (m) this.cookie = m[1];
    }
    return (text ? JSON.parse(text) : null) as T;
  }
}

export interface Seeded {
  api: Api;
  workspaceId: string;
  productId: string;
  token: string;
  sessionCookie: string;
  volume: string;
}

const ROLES = [
  "admin",
  "product_manager",
  "product_manager",
  "contributor",
  "contributor",
  "stakeholder",
  "viewer",
];
const DISCIPLINES = ["engineering", "design", "qa", "marketing", "support", "operations"];
const STAGES = ["idea", "discovery", "development", "launched", "growth", "mature"];
const LOREM =
  "Helps small teams collect customer evidence, score requests with stakeholders and publish a SMART roadmap. " +
  "Owned by the platform group; integrates with the support desk and the billing system.";

/**
 * Seeds through the public API only, as a real instance would be filled: the first owner (setup), members
 * invited and accepted, teams with members, products with managers, a second workspace, and an API token.
 */
export async function seedViaApi(
  base: string,
  size = { members: 12, teams: 4, products: 12, otherProducts: 6 },
): Promise<Seeded> {
  const api = new Api(base);
  const setup = await api.call("POST", "/setup", {
    name: "Bench Owner",
    email: "owner@bench.example",
    password: "correct horse battery staple",
    workspaceName: "Acme Products",
  });
  api.csrf = setup.csrfToken;
  const wid: string = setup.workspaces[0].id;

  for (let i = 0; i < size.members; i++) {
    const inv = await api.call("POST", `/workspaces/${wid}/invitations`, {
      email: `member${i}@bench.example`,
      role: ROLES[i % ROLES.length],
    });
    // Accept without the owner's cookie: a new account, as from the e-mailed link.
    await new Api(base).call("POST", "/invitations/accept", {
      token: inv.token,
      name: `Member ${i}`,
      password: "another long password",
    });
  }
  const members: { userId: string; role: string }[] = (
    await api.call("GET", `/workspaces/${wid}/members?limit=200`)
  ).items;
  const pms = members.filter((m) => m.role === "product_manager" || m.role === "owner");

  for (let t = 0; t < size.teams; t++) {
    const team = await api.call("POST", `/workspaces/${wid}/teams`, {
      name: `Team ${DISCIPLINES[t % DISCIPLINES.length]} ${t}`,
      discipline: DISCIPLINES[t % DISCIPLINES.length],
      description: "Cross-functional squad.",
      leadId: members[t % members.length].userId,
    });
    for (let k = 0; k < 4; k++) {
      const m = members[(t * 3 + k) % members.length];
      await api.call("PUT", `/workspaces/${wid}/teams/${team.id}/members/${m.userId}`, { allocationPct: 50 });
    }
  }
  let productId = "";
  for (let p = 0; p < size.products; p++) {
    const prod = await api.call("POST", `/workspaces/${wid}/products`, {
      name: `Product ${p}`,
      description: LOREM,
      stage: STAGES[p % STAGES.length],
      managerId: pms[p % pms.length].userId,
    });
    if (p === Math.floor(size.products / 2)) productId = prod.id;
  }
  const other = await api.call("POST", "/workspaces", { name: "Other Workspace" });
  for (let p = 0; p < size.otherProducts; p++) {
    await api.call("POST", `/workspaces/${other.id}/products`, {
      name: `Other product ${p}`,
      description: LOREM,
    });
  }
  const created = await api.call("POST", `/workspaces/${wid}/tokens`, { name: "bench" });
  return {
    api,
    workspaceId: wid,
    productId,
    token: created.token,
    sessionCookie: api.cookie!,
    volume: `2 workspaces, ${members.length} members, ${size.teams} teams × 4 members, ${size.products} + ${size.otherProducts} products`,
  };
}
