import { sleep } from "./proc.ts";

export interface Latencies {
  count: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
}

/** Sequential GETs until `until` resolves, `pauseMs` apart: each latency in ms (the server's other requests during a cycle). */
export async function sample(
  base: string,
  token: string,
  paths: string[],
  until: Promise<unknown>,
  pauseMs = 0,
): Promise<Latencies> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; !done; i++) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${base}/api/v1${paths[i % paths.length]}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) failed++;
    } catch {
      failed++;
    }
    times.push(performance.now() - t0);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { count: times.length, p50: at(0.5), p99: at(0.99), max: Math.round(times.at(-1) ?? 0), failed };
}
