import autocannon, { type RequestSpec } from "autocannon";
import { cpuSeconds, machineBusySeconds, waitForQuiet } from "./proc.ts";

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  /** Per-request variation (autocannon's requests/setupRequest), e.g. a different cell or voter each time. */
  requests?: RequestSpec[];
  connections: number;
  durationS: number;
  warmupS: number;
  /** The server's pid, to report how busy it was (CPU seconds per wall second). */
  serverPid?: number;
  /** Extra pids whose CPU to add up (e.g. PostgreSQL backends). */
  extraPids?: () => number[];
}

export interface LoadResult {
  reqPerSec: number;
  total: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  bytesPerReq: number;
  /** Cores the server used on average during the measured run (1.0 = one core saturated). */
  serverCores: number | null;
  /** Cores the load generator (this process) used. */
  generatorCores: number;
  extraCores: number | null;
  /** Cores used by everything else on the machine meanwhile (other people's tests, builds…): noise. */
  otherCores: number | null;
  /** Cores busy on the machine just before the run (after waiting, bounded, for it to calm down). */
  busyBefore: number | null;
}

const cpuMap = (pids: number[]) => new Map(pids.map((p) => [p, cpuSeconds(p) ?? 0]));
/** CPU used between two samples by a changing set of processes (new ones count from zero). */
const cpuDelta = (a: Map<number, number>, b: Map<number, number>) =>
  [...b].reduce((s, [pid, cpu]) => s + cpu - (a.get(pid) ?? 0), 0);

/** A short warm-up (discarded), then a bounded autocannon run; nothing is cached between requests. */
export async function measureLoad(o: LoadOptions): Promise<LoadResult> {
  const base = {
    url: o.url,
    headers: o.headers ?? {},
    connections: o.connections,
    timeout: 10,
    ...(o.method ? { method: o.method } : {}),
    ...(o.body !== undefined ? { body: o.body } : {}),
    ...(o.requests ? { requests: o.requests } : {}),
  };
  const busyBefore = await waitForQuiet();
  if (o.warmupS > 0) await autocannon({ ...base, duration: o.warmupS });
  const s0 = o.serverPid ? cpuSeconds(o.serverPid) : null;
  const e0 = o.extraPids ? cpuMap(o.extraPids()) : null;
  const m0 = machineBusySeconds();
  const g0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await autocannon({ ...base, duration: o.durationS });
  const wall = (performance.now() - t0) / 1000;
  const g = process.cpuUsage(g0);
  const s1 = o.serverPid ? cpuSeconds(o.serverPid) : null;
  const e1 = o.extraPids ? cpuMap(o.extraPids()) : null;
  const m1 = machineBusySeconds();
  const serverCores = s0 !== null && s1 !== null ? (s1 - s0) / wall : null;
  const generatorCores = (g.user + g.system) / 1e6 / wall;
  const extraCores = e0 && e1 ? cpuDelta(e0, e1) / wall : null;
  const machineCores = m0 !== null && m1 !== null ? (m1 - m0) / wall : null;
  return {
    reqPerSec: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p97_5: r.latency.p97_5,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    bytesPerReq: r.requests.total ? Math.round(r.throughput.total / r.requests.total) : 0,
    busyBefore,
    serverCores,
    generatorCores,
    extraCores,
    otherCores:
      machineCores === null
        ? null
        : Math.max(0, machineCores - (serverCores ?? 0) - generatorCores - (extraCores ?? 0)),
  };
}

export const fmtRate = (n: number) => `${Math.round(n).toLocaleString("en-US")} req/s`;

export function describeLoad(r: LoadResult) {
  const cores = [
    r.serverCores !== null ? `server ${r.serverCores.toFixed(2)} cores` : null,
    r.extraCores !== null ? `postgres ${r.extraCores.toFixed(2)} cores` : null,
    `autocannon ${r.generatorCores.toFixed(2)} cores`,
    r.otherCores !== null ? `other processes ${r.otherCores.toFixed(2)} cores` : null,
  ].filter(Boolean);
  return `${fmtRate(r.reqPerSec)}, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} errors, ${r.non2xx} non-2xx (${r.total.toLocaleString("en-US")} requests, ${r.bytesPerReq} B each; ${cores.join(", ")})`;
}

/** The same requests at 1, then 10 connections, each result stored in `out` as soon as it is measured. */
export async function measureOneAndTen(
  out: { one?: LoadResult; ten?: LoadResult },
  o: Omit<LoadOptions, "connections">,
): Promise<void> {
  out.one = await measureLoad({ ...o, connections: 1 });
  out.ten = await measureLoad({ ...o, connections: 10 });
}
