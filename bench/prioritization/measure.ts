// The prioritization budgets, measured against one running Baton holding the seeded dataset.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { RequestSpec } from "autocannon";
import type { RunningBaton } from "../lib/baton.ts";
import { type LoadResult, measureLoad } from "../lib/load.ts";
import { makeTempDir, ROOT, runAsync, runSync } from "../lib/proc.ts";
import { generateImportCsv, prng } from "./data.ts";
import type { SeedResult } from "./types.ts";

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface RecomputeFigures {
  ideas: number;
  serverMs: number[];
  wallMs: number[];
}

export interface ImportFigures {
  via: string;
  rows: number;
  bytes: number;
  created: number;
  ms: number;
  dryRunMs: number | null;
}

/** One call with the owner's (or a voter's) API token; throws on a non-2xx answer. */
export async function call<T = any>(
  base: string,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ ms: number; json: T; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 400)}`);
  return { ms, json: (text ? JSON.parse(text) : null) as T, bytes: text.length };
}

export const backlogPath = (s: SeedResult, query: string) =>
  `/workspaces/${s.workspaceId}/products/${s.productId}/ideas?${query}`;

/** The three backlog reads: the first page in rank order (budget), a deep page and a search (information). */
export const BACKLOG_QUERIES = {
  page: "limit=50",
  deep: "limit=50&offset=5000",
  search: "limit=50&q=dash",
} as const;

/** Checks the backlog answers what it should (a 401 or an empty page would look fast). */
export async function checkBacklog(baton: RunningBaton, s: SeedResult) {
  const page = await call(baton.base, s.ownerToken, "GET", backlogPath(s, BACKLOG_QUERIES.page));
  const items = page.json.items as { rank: number | null; score: number | null }[];
  if (items.length !== 50 || items[0].rank !== 1 || page.json.total < s.counts.ideas)
    throw new Error(`unexpected backlog page: ${JSON.stringify(page.json).slice(0, 300)}`);
  if (items.some((i, k) => k > 0 && (i.rank ?? 0) <= (items[k - 1].rank ?? 0)))
    throw new Error("the backlog page is not in rank order");
  // The page answers with an ETag and honours If-None-Match (the load runs never send it: full 200s).
  const url = `${baton.base}/api/v1${backlogPath(s, BACKLOG_QUERIES.page)}`;
  const head = await fetch(url, { headers: { authorization: `Bearer ${s.ownerToken}` } });
  await head.text();
  const etag = head.headers.get("etag");
  const again = etag
    ? await fetch(url, { headers: { authorization: `Bearer ${s.ownerToken}`, "if-none-match": etag } })
    : null;
  await again?.text();
  if (!etag || again?.status !== 304)
    throw new Error(`expected an ETag and a 304 on If-None-Match (etag ${etag}, status ${again?.status})`);
  // The cold run's pages are full, in rank order, at the offset asked for.
  const slots = coldSlots(s);
  for (const i of [0, slots - 1, slots, slots * 50 - 1]) {
    const off = coldOffset(i, slots);
    const p = await call(baton.base, s.ownerToken, "GET", backlogPath(s, `limit=50&offset=${off}`));
    if (p.json.items.length !== 50 || p.json.items[0].rank !== off + 1)
      throw new Error(`unexpected page at offset ${off}: ${JSON.stringify(p.json).slice(0, 300)}`);
  }
  const deep = await call(baton.base, s.ownerToken, "GET", backlogPath(s, BACKLOG_QUERIES.deep));
  if (deep.json.items.length !== 50 || deep.json.items[0].rank !== 5001)
    throw new Error(`unexpected deep page: ${JSON.stringify(deep.json).slice(0, 300)}`);
  const search = await call(baton.base, s.ownerToken, "GET", backlogPath(s, BACKLOG_QUERIES.search));
  if (!search.json.items.length || !search.json.items[0].snippet?.includes("<mark>"))
    throw new Error(`unexpected search page: ${JSON.stringify(search.json).slice(0, 300)}`);
  return {
    pageBytes: page.bytes,
    deepBytes: deep.bytes,
    searchBytes: search.bytes,
    searchTotal: search.json.total as number,
  };
}

export async function loadBacklog(
  baton: RunningBaton,
  s: SeedResult,
  query: string,
  set: LoadSettings,
  extraPids?: () => number[],
): Promise<LoadResult> {
  return measureLoad({
    url: `${baton.base}/api/v1${backlogPath(s, query)}`,
    headers: { authorization: `Bearer ${s.ownerToken}` },
    connections: set.connections,
    durationS: set.durationS,
    warmupS: set.warmupS,
    serverPid: baton.child.pid,
    extraPids,
  });
}

/** Pages of 50 the cold backlog run rotates over: 199 at 10,000 ideas (offsets 0 … 9,900), so every page is full. */
export const coldSlots = (s: SeedResult) => Math.floor(s.counts.ideas / 50) - 1;
/** The cold run's offset of request i: the rotation over the pages, shifted by one idea per pass. */
export const coldOffset = (i: number, slots: number) => (i % slots) * 50 + (Math.floor(i / slots) % 50);

/**
 * The backlog with every request a cache miss: limit=50 at rotating offsets over the 10,000 ideas in steps
 * of 50 (0, 50, …, 9,900), the whole rotation shifted by one idea per pass (request i: offset
 * (i mod 199) × 50 + ⌊i / 199⌋ mod 50). That is 9,950 distinct queries, one counter for warm-up and run, so
 * a query comes back only after 9,949 others; the server's page cache keeps 500 pages (oldest evicted
 * first, 30 s TTL), so none is still cached. Every page is full (50 rows); the offsets are spread evenly, so
 * the figure averages shallow and deep pages. No If-None-Match is sent (no 304s), as in every backlog run.
 */
export function loadBacklogCold(
  baton: RunningBaton,
  s: SeedResult,
  set: LoadSettings,
  extraPids?: () => number[],
) {
  const slots = coldSlots(s);
  return loadBacklogRotating(baton, s, set, (i) => `limit=50&offset=${coldOffset(i, slots)}`, extraPids);
}

/** Near the top, every request a miss: offsets 0 … 99 one by one, limit 50 … 69 changing every 100 requests. */
export const COLD_TOP = { offsets: 100, limits: 20 };
export const coldTopQuery = (i: number) =>
  `limit=${50 + (Math.floor(i / COLD_TOP.offsets) % COLD_TOP.limits)}&offset=${i % COLD_TOP.offsets}`;

/**
 * The backlog's top pages, every request a cache miss (2,000 distinct queries, a query comes back only after
 * 1,999 others, the cache keeps 500): what the first page costs when it must be built, as after every write.
 */
export function loadBacklogColdTop(
  baton: RunningBaton,
  s: SeedResult,
  set: LoadSettings,
  extraPids?: () => number[],
) {
  return loadBacklogRotating(baton, s, set, coldTopQuery, extraPids);
}

async function loadBacklogRotating(
  baton: RunningBaton,
  s: SeedResult,
  set: LoadSettings,
  queryOf: (i: number) => string,
  extraPids?: () => number[],
): Promise<LoadResult & { requestsIssued: number }> {
  let i = 0;
  const pathOf = () => `/api/v1${backlogPath(s, queryOf(i++))}`;
  const requests: RequestSpec[] = [
    {
      method: "GET",
      setupRequest: (req) => ({ ...req, method: "GET", path: pathOf() }),
    },
  ];
  const r = await measureLoad({
    url: `${baton.base}/api/v1${backlogPath(s, "limit=50")}`,
    headers: { authorization: `Bearer ${s.ownerToken}` },
    requests,
    connections: set.connections,
    durationS: set.durationS,
    warmupS: set.warmupS,
    serverPid: baton.child.pid,
    extraPids,
  });
  return { ...r, requestsIssued: i };
}

/**
 * Casting one rating cell at a time in the open round: each request is a random voter (their own token)
 * rating a random idea × factor with a random value, so inserts (about half the cells are still empty)
 * and changes mix as in a live round.
 */
export async function loadCast(
  baton: RunningBaton,
  s: SeedResult,
  set: LoadSettings,
  seed: number,
  extraPids?: () => number[],
): Promise<LoadResult> {
  const rnd = prng(seed);
  const pathName = `/api/v1/workspaces/${s.workspaceId}/rounds/${s.openRoundId}/ratings`;
  const pickOf = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const cell = () =>
    JSON.stringify({
      ratings: [
        {
          ideaId: pickOf(s.openRoundIdeaIds),
          factorId: pickOf(s.factorIds),
          value: 1 + Math.floor(rnd() * 5),
        },
      ],
    });
  // Sanity: a voter's cast is accepted and counted.
  const first = await call(
    baton.base,
    s.voterTokens[0],
    "PUT",
    pathName.slice("/api/v1".length),
    JSON.parse(cell()),
  );
  if (first.json.saved !== 1 || !(first.json.progress.total > 0))
    throw new Error(`unexpected cast answer: ${JSON.stringify(first.json)}`);
  const requests: RequestSpec[] = [
    {
      method: "PUT",
      path: pathName,
      setupRequest: (req) => ({
        ...req,
        method: "PUT",
        path: pathName,
        headers: {
          authorization: `Bearer ${pickOf(s.voterTokens)}`,
          "content-type": "application/json",
        },
        body: cell(),
      }),
    },
  ];
  return measureLoad({
    url: `${baton.base}${pathName}`,
    requests,
    connections: set.connections,
    durationS: set.durationS,
    warmupS: set.warmupS,
    serverPid: baton.child.pid,
    extraPids,
  });
}

/** PUT /factors changing one weight (alternately up and back), `runs` times: the server's figure and the wall time. */
export async function measureRecompute(
  baton: RunningBaton,
  s: SeedResult,
  runs: number,
): Promise<RecomputeFigures> {
  const set = await call(
    baton.base,
    s.ownerToken,
    "GET",
    `/workspaces/${s.workspaceId}/factors?productId=${s.productId}`,
  );
  const factors = (set.json.factors as Record<string, unknown>[]).map((f) => ({
    id: f.id,
    name: f.name,
    description: f.description,
    weight: f.weight as number,
    direction: f.direction,
    scaleMin: f.scaleMin,
    scaleMax: f.scaleMax,
    labels: f.labels,
  }));
  const base = factors[0].weight;
  const out: RecomputeFigures = { ideas: 0, serverMs: [], wallMs: [] };
  for (let i = 0; i < runs; i++) {
    factors[0].weight = i % 2 === 0 ? base + 1 : base;
    const res = await call(baton.base, s.ownerToken, "PUT", `/workspaces/${s.workspaceId}/factors`, {
      productId: set.json.scope === "product" ? s.productId : null,
      factors,
    });
    out.ideas = res.json.recomputed.ideas;
    out.serverMs.push(res.json.recomputed.ms);
    out.wallMs.push(res.ms);
  }
  // The ranked backlog reflects the last weights (back to the seed's on an even number of runs).
  return out;
}

/** Whether `baton ideas import` exists in this working tree (another issue adds it). */
export function cliImportAvailable(): boolean {
  const res = runSync(
    process.execPath,
    [path.join(ROOT, "bin/baton.js"), "ideas", "import", "--help"],
    60_000,
  );
  // Commander prints the parent's help for an unknown subcommand: require the subcommand's own usage line.
  return res.status === 0 && /Usage: baton ideas import/.test(res.output);
}

/** Writes the 10,000-row CSV the import budget uses; returns its path and size. */
export function writeImportCsv(s: SeedResult, rows: number) {
  const csv = generateImportCsv(rows, s.stakeholderEmails, 99);
  const file = path.join(makeTempDir("prio-csv"), "ideas.csv");
  writeFileSync(file, csv);
  return { file, csv, bytes: Buffer.byteLength(csv) };
}

/** POST …/ideas/import with dryRun false into an empty product (a dry run first, for information). */
export async function importViaApi(
  baton: RunningBaton,
  s: SeedResult,
  csv: { csv: string; bytes: number },
  rows: number,
  productId = s.importProductId,
): Promise<ImportFigures> {
  const url = `/workspaces/${s.workspaceId}/products/${productId}/ideas/import`;
  const dry = await call(baton.base, s.ownerToken, "POST", url, { csv: csv.csv, dryRun: true });
  if (dry.json.errors.length)
    throw new Error(`the CSV has errors: ${JSON.stringify(dry.json.errors.slice(0, 3))}`);
  const res = await call(baton.base, s.ownerToken, "POST", url, { csv: csv.csv, dryRun: false });
  if (res.json.created !== rows) throw new Error(`import created ${res.json.created} of ${rows}`);
  return {
    via: "POST …/ideas/import (dryRun false)",
    rows,
    bytes: csv.bytes,
    created: res.json.created,
    ms: res.ms,
    dryRunMs: dry.ms,
  };
}

/**
 * `baton ideas import` (when it exists): a separate process on the same database. On PGlite the server must
 * be stopped first (one process per data directory); the caller does that. Options are probed from --help.
 */
export async function importViaCli(
  env: NodeJS.ProcessEnv,
  s: SeedResult,
  file: string,
  bytes: number,
  rows: number,
): Promise<ImportFigures> {
  const help = runSync(
    process.execPath,
    [path.join(ROOT, "bin/baton.js"), "ideas", "import", "--help"],
    60_000,
  ).output;
  const opt = (names: string[]) => names.find((n) => help.includes(n));
  const args = [path.join(ROOT, "bin/baton.js"), "ideas", "import"];
  const ws = opt(["--workspace"]);
  const product = opt(["--product"]);
  if (ws) args.push(ws, s.workspaceId);
  if (product) args.push(product, s.importProductId);
  const fileOpt = opt(["--file", "--csv"]);
  if (fileOpt) args.push(fileOpt, file);
  else args.push(file);
  const yes = opt(["--yes"]);
  if (yes) args.push(yes);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "BATON_DATA_DIR"]) delete childEnv[k];
  Object.assign(childEnv, env);
  // BENCH_CPU_PROF=dir profiles the CLI process too.
  const prof = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const t0 = performance.now();
  const res = await runAsync(process.execPath, [...prof, ...args], 10 * 60_000, childEnv);
  const ms = performance.now() - t0;
  if (res.code !== 0) throw new Error(`baton ideas import failed (${res.code ?? res.signal}): ${res.tail}`);
  return {
    via: `\`baton ${args.slice(1).join(" ").replace(file, "ideas.csv")}\` (whole process)`,
    rows,
    bytes,
    created: rows,
    ms,
    dryRunMs: null,
  };
}

/** A new, empty product (for a second import next to the CLI's). */
export async function createEmptyProduct(baton: RunningBaton, s: SeedResult, name: string) {
  const res = await call(baton.base, s.ownerToken, "POST", `/workspaces/${s.workspaceId}/products`, {
    name,
    description: "Ideas imported through the API.",
  });
  return res.json.id as string;
}

/** Total ideas of a product, as the backlog reports it. */
export async function productTotal(baton: RunningBaton, s: SeedResult, productId: string) {
  const res = await call(
    baton.base,
    s.ownerToken,
    "GET",
    `/workspaces/${s.workspaceId}/products/${productId}/ideas?limit=1`,
  );
  return res.json.total as number;
}

/** Wall time of `baton --version`: Node start-up and loading the CLI, which every CLI run pays. */
export async function cliStartMs() {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    runSync(process.execPath, [path.join(ROOT, "bin/baton.js"), "--version"], 60_000);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}
