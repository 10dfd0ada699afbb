/**
 * Being a polite client: one request at a time per host with a pause between them, and backoff that
 * honours the server's Retry-After. In-process only: two Baton instances each keep their own queue.
 */

interface HostState {
  busy: boolean;
  waiting: (() => void)[];
  lastEnd: number;
}

/** Serializes requests per host and keeps at least `minDelayMs` between the end of one and the next. */
export class HostQueue {
  private readonly hosts = new Map<string, HostState>();

  constructor(readonly minDelayMs: number) {}

  /** Waits for this host's turn; call the returned function when the request is over. */
  async acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const key = host.toLowerCase();
    let state = this.hosts.get(key);
    if (!state) {
      if (this.hosts.size >= 1000) this.prune();
      state = { busy: false, waiting: [], lastEnd: 0 };
      this.hosts.set(key, state);
    }
    const s = state;
    if (s.busy) await new Promise<void>((resolve) => s.waiting.push(resolve));
    s.busy = true;
    let released = false;
    const release = (used: boolean) => {
      if (released) return;
      released = true;
      if (used) s.lastEnd = Date.now();
      const next = s.waiting.shift();
      if (next) next();
      else s.busy = false;
    };
    try {
      const wait = s.lastEnd + this.minDelayMs - Date.now();
      if (wait > 0) await sleep(wait, signal);
      signal?.throwIfAborted();
    } catch (e) {
      release(false);
      throw e;
    }
    return () => release(true);
  }

  /** Hosts currently known (for tests and diagnostics). */
  get size(): number {
    return this.hosts.size;
  }

  private prune() {
    const now = Date.now();
    for (const [k, s] of this.hosts) {
      if (!s.busy && s.lastEnd + this.minDelayMs < now) this.hosts.delete(k);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Milliseconds a Retry-After header asks to wait: delay-seconds ("120") or an HTTP-date, counted from
 * `now`; a date in the past gives 0. Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date always names a weekday and GMT; this keeps Date.parse from guessing at other text.
  if (!/^[A-Za-z]{3,9}, .*GMT$|^[A-Za-z]{3} [A-Za-z]{3} /.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export interface BackoffOptions {
  /** 1 for the first retry after one failure. */
  attempt: number;
  /** From the failed response (FetchResult.retryAfterMs); honoured, up to `maxRetryAfterMs`. */
  retryAfterMs?: number | null;
  /** First delay; doubles with each attempt. Default 1 minute. */
  baseMs?: number;
  /** Longest computed delay. Default 6 hours. */
  maxMs?: number;
  /** Longest Retry-After honoured, so a hostile server cannot park a source forever. Default 24 hours. */
  maxRetryAfterMs?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). */
  random?: () => number;
}

/**
 * The delay before the next attempt: exponential from `baseMs`, capped at `maxMs`, with "equal jitter"
 * (between half and all of it, so many failing sources don't retry in step), and never shorter than
 * the server's Retry-After.
 */
export function backoffDelayMs(o: BackoffOptions): number {
  const base = o.baseMs ?? 60_000;
  const max = o.maxMs ?? 6 * 3_600_000;
  const exp = Math.min(max, base * 2 ** Math.max(0, o.attempt - 1));
  const jittered = Math.round(exp / 2 + (o.random ?? Math.random)() * (exp / 2));
  const asked = Math.min(o.retryAfterMs ?? 0, o.maxRetryAfterMs ?? 24 * 3_600_000);
  return Math.max(jittered, asked);
}
