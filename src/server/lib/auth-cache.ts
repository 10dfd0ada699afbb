import { BoundedMap } from "./bounded-map.ts";

/**
 * A short-lived, per-process cache of resolved credentials (session or token → user and role), so a
 * request costs one database round trip instead of two. Every change that can revoke access made
 * through this process clears it at once; another instance sees such a change within TTL_MS.
 */
const TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}
const entries = new BoundedMap<string, Entry<unknown>>(MAX_ENTRIES);
// After an invalidation nothing is cached for a moment, so a read racing the invalidating
// transaction's commit cannot put the old state back.
const QUIET_MS = 1_000;
let quietUntil = 0;

export function cachedAuth<T>(key: string, nowMs: number): T | undefined {
  const e = entries.get(key);
  if (!e) return undefined;
  if (e.until <= nowMs) {
    entries.delete(key);
    return undefined;
  }
  return e.value as T;
}

export function rememberAuth<T>(key: string, value: T, nowMs: number, notAfterMs = Number.POSITIVE_INFINITY) {
  if (performance.now() < quietUntil) return;
  entries.set(key, { value, until: Math.min(nowMs + TTL_MS, notAfterMs) });
}

/** Call after logouts, password changes, revocations, role and membership changes. */
export function invalidateAuthCache() {
  entries.clear();
  quietUntil = performance.now() + QUIET_MS;
}
