// Small measuring helpers shared by the roadmap parts: a Bearer-token client and bounded sequential timings.
import type { LoadResult } from "../lib/load.ts";
import { cpuSeconds, sleep } from "../lib/proc.ts";

export interface Client {
  base: string;
  token: string;
}

/** One API call with a Bearer token; throws on a non-2xx answer. Returns the body and the wall time. */
export async function call<T = any>(
  c: Client,
  method: string,
  url: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<{ body: T; ms: number; bytes: number }> {
  const headers: Record<string, string> = { authorization: `Bearer ${c.token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const t0 = performance.now();
  const res = await fetch(`${c.base}/api/v1${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 500)}`);
  return { body: (text ? JSON.parse(text) : null) as T, ms, bytes: Buffer.byteLength(text) };
}

export interface SeqStats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  min: number;
  samples: number[];
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(xs: number[], p: number) {
  if (!xs.length) return Number.NaN;
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))];
}

/** Runs `step` sequentially (one at a time) until `max` runs or `budgetMs` have passed, at least `min` runs. */
export async function sequential(
  step: (i: number) => Promise<number>,
  o: { max: number; min: number; budgetMs: number },
): Promise<SeqStats> {
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < o.max; i++) {
    if (i >= o.min && performance.now() - t0 > o.budgetMs) break;
    samples.push(await step(i));
  }
  return stats(samples);
}

export function stats(samples: number[]): SeqStats {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
    min: Math.min(...samples),
    samples,
  };
}

/** Every request answered with a 2xx, and at least one completed (a slow route may finish none in a short run). */
export const clean = (r: LoadResult) => r.total > 0 && r.errors === 0 && r.non2xx === 0 && r.timeouts === 0;
export const lat = (r: LoadResult) =>
  `p50 ${r.p50} ms, p97.5 ${r.p97_5} ms, p99 ${r.p99} ms, max ${r.max} ms`;
export const errs = (r: LoadResult) => `${r.errors} errors (${r.timeouts} timeouts), ${r.non2xx} non-2xx`;

/**
 * Waits (bounded) until the server is idle: a stopped load run leaves its in-flight requests running on the
 * server, which would otherwise be counted against the next measurement. Returns the ms waited.
 */
export async function settle(pid: number, maxMs = 20_000) {
  const t0 = performance.now();
  while (performance.now() - t0 < maxMs) {
    const a = cpuSeconds(pid);
    await sleep(500);
    const b = cpuSeconds(pid);
    if (a === null || b === null || (b - a) / 0.5 < 0.15) break;
  }
  return performance.now() - t0;
}
