// roadmap:api — the roadmap view (GET …/roadmaps/:id) of a 1,000-item roadmap under load, one item moved by
// PATCH (sequential), and a version compared with the current plan.
import type { RunningBaton } from "../lib/baton.ts";
import { type LoadResult, measureLoad } from "../lib/load.ts";
import { loadAvg } from "../lib/report.ts";
import { type Client, call, type SeqStats, sequential, settle, stats } from "./measure.ts";
import type { SeedResult } from "./types.ts";

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface ApiFigures {
  /** One GET of the view, checked: items, dependencies, milestones, bytes. */
  check: { items: number; dependencies: number; milestones: number; bytes: number; firstMs: number };
  /** Sequential warm-up requests before the load runs. */
  warmRequests: number;
  single: LoadResult;
  /** 10 connections, no Accept-Encoding (the full JSON every time). */
  view: LoadResult;
  /** 10 connections, Accept-Encoding as a browser sends it (the server's cached gzip). */
  viewGzip: LoadResult;
  /** 10 connections revalidating with If-None-Match (304s). */
  viewEtag: LoadResult | null;
  patch: SeqStats;
  /** GET of the view right after each PATCH (the write invalidates the server's cache). */
  afterWrite: SeqStats;
  version: { ms: number; number: number };
  compare: LoadResult;
  compareCheck: { moved: number; changed: number; unchanged: number; bytes: number };
  loadBefore: Record<string, string>;
}

/** Sequential GETs for about `seconds` (at least 2), discarded. */
async function warmUp(c: Client, path: string, seconds: number) {
  const t0 = performance.now();
  let n = 0;
  while (n < 2 || performance.now() - t0 < seconds * 1000) {
    await call(c, "GET", path);
    n++;
  }
  return n;
}

/** Everything of the api part, in order; `early` is called with the view figures as soon as they exist. */
export async function measureApi(
  baton: RunningBaton,
  seed: SeedResult,
  load: LoadSettings,
  extraPids: (() => number[]) | undefined,
  log: (m: string) => void,
  early: (f: Pick<ApiFigures, "check" | "single" | "view" | "viewGzip">) => void,
): Promise<ApiFigures> {
  const v = seed.view;
  const c: Client = { base: baton.base, token: v.token };
  const viewPath = `/workspaces/${v.workspaceId}/roadmaps/${v.roadmapId}`;
  const loadBefore: Record<string, string> = {};

  const first = await call(c, "GET", viewPath);
  const body = first.body as { items: unknown[]; dependencies: unknown[]; milestones: unknown[] };
  if (body.items.length !== v.counts.items)
    throw new Error(`the view lists ${body.items.length} items, not ${v.counts.items}`);
  const check = {
    items: body.items.length,
    dependencies: body.dependencies.length,
    milestones: body.milestones.length,
    bytes: first.bytes,
    firstMs: first.ms,
  };
  log(
    `  view: ${check.items} items, ${check.bytes.toLocaleString("en-US")} B, first GET ${Math.round(first.ms)} ms`,
  );

  const headers = { authorization: `Bearer ${v.token}` };
  const url = `${baton.base}/api/v1${viewPath}`;
  /** The shorter runs: one connection, and revalidation. */
  const shortS = Math.max(3, Math.round(load.durationS / 2));
  const loadRun = (u: string, h: Record<string, string>, connections: number, durationS: number) =>
    measureLoad({
      url: u,
      headers: h,
      connections,
      durationS,
      warmupS: 0,
      serverPid: baton.child.pid,
      extraPids,
    });
  // Warm-up by sequential requests: an autocannon warm-up would leave its in-flight requests (each takes a
  // while here) running on the server into the measured run.
  const warm = await warmUp(c, viewPath, load.warmupS);
  log("  GET view, 1 connection (information)");
  loadBefore.single = loadAvg();
  const single = await loadRun(url, headers, 1, shortS);
  log(`    p50 ${single.p50} ms, p99 ${single.p99} ms, ${Math.round(single.reqPerSec)} req/s`);
  await settle(baton.child.pid);
  const run = async (key: string, what: string, h: Record<string, string>, durationS = load.durationS) => {
    log(`  GET view, ${load.connections} connections, ${what}`);
    loadBefore[key] = loadAvg();
    const r = await loadRun(url, h, load.connections, durationS);
    log(
      `    ${Math.round(r.reqPerSec)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.bytesPerReq.toLocaleString("en-US")} B each`,
    );
    await settle(baton.child.pid);
    return r;
  };
  const view = await run("view", "no Accept-Encoding", headers);
  const viewGzip = await run("viewGzip", "Accept-Encoding: gzip, deflate, br", {
    ...headers,
    "accept-encoding": "gzip, deflate, br",
  });
  early({ check, single, view, viewGzip });
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const etag = res.headers.get("etag");
  const viewEtag = etag
    ? await run("viewEtag", "If-None-Match (revalidation)", { ...headers, "if-none-match": etag }, shortS)
    : null;

  // A saved version to compare with later (after the PATCH runs have moved an item back and forth).
  const ver = await call<{ number: number }>(c, "POST", `${viewPath}/versions`, {
    name: "Benchmark baseline",
    note: "Saved by the roadmap benchmark before the PATCH runs.",
  });
  const versionId = (ver.body as unknown as { id: string }).id;

  log("  PATCH one item (move between two quarters), sequential");
  loadBefore.patch = loadAvg();
  let item = (
    await call<{ version: number; period: string }>(
      c,
      "GET",
      `/workspaces/${v.workspaceId}/roadmap-items/${v.patchItemId}`,
    )
  ).body;
  const [p1, p2] = [v.periods[1], v.periods[2]];
  const afterWriteMs: number[] = [];
  const patch = await sequential(
    async (i) => {
      const r = await call<{ version: number; period: string }>(
        c,
        "PATCH",
        `/workspaces/${v.workspaceId}/roadmap-items/${v.patchItemId}`,
        { version: item.version, period: i % 2 === 0 ? p2 : p1, reason: `Benchmark move ${i + 1}` },
      );
      item = r.body;
      // What the timeline does after a move: read the view again (rebuilt: the write invalidated the cache).
      afterWriteMs.push((await call(c, "GET", viewPath)).ms);
      return r.ms;
    },
    { max: 100, min: 10, budgetMs: Math.max(4000, load.durationS * 1000) },
  );
  const afterWrite = stats(afterWriteMs);
  log(
    `    ${patch.n} PATCHes, p50 ${Math.round(patch.p50)} ms, p99 ${Math.round(patch.p99)} ms; GET after each: p50 ${Math.round(afterWrite.p50)} ms, p99 ${Math.round(afterWrite.p99)} ms`,
  );
  // Leave the item where it was seeded.
  if (item.period !== p1)
    item = (
      await call<{ version: number; period: string }>(
        c,
        "PATCH",
        `/workspaces/${v.workspaceId}/roadmap-items/${v.patchItemId}`,
        { version: item.version, period: p1, reason: "Benchmark: back where it was" },
      )
    ).body;

  const comparePath = `${viewPath}/compare?from=${versionId}&to=current`;
  const cmp = await call<{ moved: unknown[]; changed: unknown[]; unchanged: number }>(c, "GET", comparePath);
  const compareCheck = {
    moved: cmp.body.moved.length,
    changed: cmp.body.changed.length,
    unchanged: cmp.body.unchanged,
    bytes: cmp.bytes,
  };
  log(`  GET compare?from=v${ver.body.number}&to=current, 1 connection (information)`);
  loadBefore.compare = loadAvg();
  await warmUp(c, comparePath, 1);
  const compare = await loadRun(`${baton.base}/api/v1${comparePath}`, headers, 1, shortS);
  log(`    p50 ${compare.p50} ms, p99 ${compare.p99} ms`);
  return {
    check,
    warmRequests: warm,
    single,
    view,
    viewGzip,
    viewEtag,
    patch,
    afterWrite,
    version: { ms: ver.ms, number: ver.body.number },
    compare,
    compareCheck,
    loadBefore,
  };
}
