// Set-up shared by the sections that fill a Baton through its HTTP API (feedback, similar): their scale from
// <PREFIX>_* environment variables, the first owner with an API token, feedback posted in batches, seeded picks.
import { seededRandom } from "../../src/server/modules/planner/planner.search.mjs";
import { Api } from "./baton.ts";

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export const prng = seededRandom;
export const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;

/** The feedback batch size of POST /feedback/batch (its limit). */
export const FEEDBACK_BATCH = 1000;

/**
 * A section's knobs: `num("ITEMS", 100_000)` reads <prefix>_ITEMS; <prefix>_QUICK=1 shortens the load runs
 * (`loadSettings`).
 */
export function benchEnv(prefix: string) {
  const quick = process.env[`${prefix}_QUICK`] === "1";
  return {
    num: (name: string, full: number) => Number(process.env[`${prefix}_${name}`] ?? full),
    quick,
    loadSettings: quick ? { durationS: 3, warmupS: 1 } : { durationS: 10, warmupS: 3 },
  };
}

/** The first owner (POST /setup, signed in) of a fresh Baton, its workspace and an API token. */
export async function setupOwner(base: string, workspaceName: string, timeoutMs = 120_000) {
  const api = new Api(base, timeoutMs);
  const s = await api.call("POST", "/setup", {
    name: "Bench Owner",
    email: "owner@bench.example",
    password: "correct horse battery staple",
    workspaceName,
  });
  api.csrf = s.csrfToken;
  const wid: string = s.workspaces[0].id;
  const token = (await api.call("POST", `/workspaces/${wid}/tokens`, { name: "bench" })).token as string;
  return { api, wid, token };
}

/** `count` items made by `make(i)`, in POST /feedback/batch bodies of FEEDBACK_BATCH (built before posting). */
export function feedbackBatches<T>(count: number, make: (i: number) => T): { items: T[] }[] {
  const bodies: { items: T[] }[] = [];
  for (let done = 0; done < count; done += FEEDBACK_BATCH)
    bodies.push({
      items: Array.from({ length: Math.min(FEEDBACK_BATCH, count - done) }, (_, k) => make(done + k)),
    });
  return bodies;
}

/** Posts the bodies one after another. */
export async function postFeedback(api: Api, wid: string, bodies: { items: unknown[] }[]) {
  for (const body of bodies) await api.call("POST", `/workspaces/${wid}/feedback/batch`, body);
}
