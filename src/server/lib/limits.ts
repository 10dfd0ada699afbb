import { isIPv4 } from "node:net";
import type { Db } from "../db/client.ts";
import type { Clock } from "./clock.ts";
import {
  deleteLimits,
  type HitRule,
  hitLimit,
  limitRetryAt,
  pruneLimits,
  unhitLimits,
} from "./limits.queries.ts";

/**
 * Rate limits kept in the database (several app instances share them): one counter row per key, a
 * fixed window, and optionally increasing waits once a number of hits is spent. Every check counts
 * the hit in the same statement, so parallel requests cannot all pass a check that only one should.
 */
export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowMs: number;
  /** After this many hits, each further one waits delay.baseMs·2^k (k = hits past `free`), at most delay.maxMs. */
  delay?: { free: number; baseMs: number; maxMs: number };
}

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

class Refused extends Error {
  constructor(readonly retryAfterMs: number) {
    super("rate limited");
  }
}

const rule = (key: string, l: Limit): HitRule => ({
  key,
  windowMs: l.windowMs,
  max: l.max,
  free: l.delay?.free ?? l.max,
  baseMs: l.delay?.baseMs ?? 0,
  maxMs: l.delay?.maxMs ?? 0,
});

let calls = 0;
const PRUNE_EVERY = 200;

/**
 * Counts one hit on every key, all or none: when any key is spent nothing is counted and the verdict
 * says when to retry. Runs in its own transaction (a savepoint inside the caller's).
 */
export async function takeHits(db: Db, clock: Clock, hits: [key: string, limit: Limit][]): Promise<Verdict> {
  const now = clock.now();
  const nowIso = now.toISOString();
  // One order for every caller, so two transactions never wait on each other's rows crosswise.
  const rules = hits.map(([k, l]) => rule(k, l)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  try {
    await db.transaction(async (tx) => {
      for (const r of rules) {
        if ((await hitLimit(tx, r, nowIso)) !== null) continue;
        const at = await limitRetryAt(tx, r.key, r.max);
        throw new Refused(Math.max(1000, (at ?? now.getTime()) - now.getTime()));
      }
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, retryAfterMs: err.retryAfterMs };
    throw err;
  }
  if (++calls % PRUNE_EVERY === 0) await pruneLimits(db, nowIso);
  return { ok: true };
}

/** Takes back a hit counted in advance (the attempt succeeded), so it does not count against the keys. */
export async function giveBackHits(db: Db, clock: Clock, keys: string[]) {
  // One row per statement: never holding one counter's lock while waiting for another's, no deadlock with takeHits.
  for (const key of [...keys].sort()) await unhitLimits(db, key, clock.now().toISOString());
}

/** Forgets the keys' counters (a success that proves who the caller is). */
export async function clearHits(db: Db, keys: string[]) {
  if (keys.length) await deleteLimits(db, keys);
}

/** Rounds a wait up to a phrase for messages: "12 seconds", "4 minutes". */
export function waitPhrase(ms: number) {
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `${s} second${s === 1 ? "" : "s"}`;
  return `${Math.ceil(s / 60)} minutes`;
}

/**
 * The part of a client address a limit counts: the address itself for IPv4, the /64 network for IPv6
 * (one subscriber usually holds a whole /64, so single IPv6 addresses are free to rotate).
 */
export function ipKey(ip: string) {
  const bare = ip.replace(/%.*$/, "").toLowerCase();
  const mapped = bare.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return mapped[1];
  if (isIPv4(bare) || !bare.includes(":")) return bare;
  const [head, tail] = bare.split("::");
  const h = head ? head.split(":") : [];
  const tl = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - tl.length)).fill("0"), ...tl];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}
