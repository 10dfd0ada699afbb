// Primal heuristics for the roadmap planner's MILP, run inside the HiGHS worker (plain JavaScript so the worker
// can load it under any runner). They only ever produce *starting plans* for HiGHS: every plan they return
// satisfies the model's constraints exactly (so HiGHS accepts it through setSolution), and the bound and the
// "optimal" status still come from HiGHS alone.
//
// Problem (free items only; pinned items are folded into `cap`, windows and `forced` by planner.model.ts):
//   n items, P periods, T teams; value[i]; effort[i*T+t]; cap[t*P+p] (capacity left for free items);
//   allowed[i*P+p] = 1 when the model has a column x{i}_{p}; preds[i] / succs[i]: free-free dependencies
//   ("b before a": a planned => b planned in a period <= a's); forced[i] = 1 when i must be planned.
// A plan is an Int32Array `at` with the period of each item or -1 when unplanned.

const EPS = 1e-9;

/** Small fast PRNG (mulberry32): same seed, same sequence, on every platform. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether `at` satisfies every constraint of the model (the same rules HiGHS checks). */
export function isValidPlan(prob, at) {
  const { n, P, T, effort, cap, allowed, preds, forced } = prob;
  const load = new Float64Array(T * P);
  for (let i = 0; i < n; i++) {
    const p = at[i];
    if (p < 0) {
      if (forced[i]) return false;
      continue;
    }
    if (!allowed[i * P + p]) return false;
    for (const b of preds[i]) if (at[b] < 0 || at[b] > p) return false;
    for (let t = 0; t < T; t++) load[t * P + p] += effort[i * T + t];
  }
  for (let k = 0; k < T * P; k++) if (load[k] > cap[k] + 1e-7) return false;
  return true;
}

export function planValueOf(prob, at) {
  let v = 0;
  for (let i = 0; i < prob.n; i++) if (at[i] >= 0) v += prob.value[i];
  return v;
}

/**
 * Builds a plan by inserting items in the given order (each into its preferred periods, in order, where
 * capacity and dependencies allow), repeating until nothing more fits. `prefer(i)` lists periods to try.
 */
export function insertPlan(prob, order, prefer, base) {
  const { n, P, T, effort, cap, allowed, preds } = prob;
  const at = base ? Int32Array.from(base) : new Int32Array(n).fill(-1);
  const load = new Float64Array(T * P);
  for (let i = 0; i < n; i++)
    if (at[i] >= 0) for (let t = 0; t < T; t++) load[t * P + at[i]] += effort[i * T + t];
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of order) {
      if (at[i] >= 0) continue;
      let from = 0;
      let ok = true;
      for (const b of preds[i]) {
        if (at[b] < 0) ok = false;
        else from = Math.max(from, at[b]);
      }
      if (!ok) continue;
      for (const p of prefer(i)) {
        if (p < from || !allowed[i * P + p]) continue;
        let fit = true;
        for (let t = 0; t < T; t++) {
          const e = effort[i * T + t];
          if (e > 0 && load[t * P + p] + e > cap[t * P + p] + EPS) {
            fit = false;
            break;
          }
        }
        if (!fit) continue;
        at[i] = p;
        for (let t = 0; t < T; t++) load[t * P + p] += effort[i * T + t];
        changed = true;
        break;
      }
    }
  }
  return at;
}

/**
 * Rounds an LP solution (`lpx[i*P+p]`): items go by their LP value of being planned (ties: higher value first) into
 * their periods by decreasing LP value, then every other period, earliest first.
 */
export function roundLp(prob, lpx, base) {
  const { n, P, value } = prob;
  const best = new Float64Array(n); // LP value of "i is planned"
  for (let i = 0; i < n; i++) for (let p = 0; p < P; p++) best[i] += lpx[i * P + p];
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => best[y] - best[x] || value[y] - value[x] || x - y,
  );
  const periods = Array.from({ length: P }, (_, p) => p);
  const prefer = (i) => periods.slice().sort((p, q) => lpx[i * P + q] - lpx[i * P + p] || p - q);
  return insertPlan(prob, order, prefer, base);
}

/**
 * Simulated annealing over "insert an unplanned item, ejecting cheaper items from that period (and trying to
 * re-place them elsewhere)" and "move a planned item to another period" moves. Never leaves the feasible set.
 * Stops after `maxMoves`, at `deadline` (performance.now() ms), or once the value reaches `target`.
 * Returns the best plan seen.
 */
export function anneal(
  prob,
  start,
  { deadline, maxMoves, seed = 1, target = Infinity, hot = 0.3, cold = 0.004, moveShare = 0.2 },
) {
  const { n, P, T, value, effort, cap, allowed, preds, succs, forced } = prob;
  const rand = seededRandom(seed);
  const at = Int32Array.from(start);
  const load = new Float64Array(T * P);
  const members = Array.from({ length: P }, () => []); // planned items per period (unordered)
  const pos = new Int32Array(n).fill(-1); // index in members[at[i]]
  const add = (i, p) => {
    at[i] = p;
    pos[i] = members[p].length;
    members[p].push(i);
    for (let t = 0; t < T; t++) load[t * P + p] += effort[i * T + t];
  };
  const remove = (i) => {
    const p = at[i];
    const list = members[p];
    const last = list.pop();
    if (last !== i) {
      list[pos[i]] = last;
      pos[last] = pos[i];
    }
    pos[i] = -1;
    at[i] = -1;
    for (let t = 0; t < T; t++) load[t * P + p] -= effort[i * T + t];
  };
  for (let i = 0; i < n; i++) {
    const p = at[i];
    at[i] = -1;
    if (p >= 0) add(i, p);
  }
  let cur = planValueOf(prob, at);
  let bestValue = cur;
  let best = Int32Array.from(at);

  // Useful candidates: items with a positive value and at least one column.
  const candidates = [];
  for (let i = 0; i < n; i++) {
    let any = false;
    for (let p = 0; p < P; p++) if (allowed[i * P + p]) any = true;
    if (any && value[i] > 0) candidates.push(i);
  }
  if (candidates.length === 0) return { at: best, value: bestValue };
  const maxValue = Math.max(...candidates.map((i) => value[i]));

  const fitsIn = (i, p) => {
    for (let t = 0; t < T; t++) {
      const e = effort[i * T + t];
      if (e > 0 && load[t * P + p] + e > cap[t * P + p] + EPS) return false;
    }
    return true;
  };
  /** Periods i may take now given its planned neighbours: [from, to], or null if a prerequisite is unplanned. */
  const window = (i) => {
    let from = 0;
    let to = P - 1;
    for (const b of preds[i]) {
      if (b === i) continue;
      if (at[b] < 0) return null;
      from = Math.max(from, at[b]);
    }
    for (const a of succs[i]) if (a !== i && at[a] >= 0) to = Math.min(to, at[a]);
    return from <= to ? [from, to] : null;
  };
  const isPred = (b, a) => {
    for (const x of preds[a]) if (x === b) return true;
    return false;
  };
  const hasPlannedSucc = (i) => {
    for (const a of succs[i]) if (a !== i && at[a] >= 0) return true;
    return false;
  };

  const log = []; // undo log: [item, previous period]
  const setAt = (i, p) => {
    log.push(i, at[i]);
    if (at[i] >= 0) remove(i);
    if (p >= 0) add(i, p);
  };
  const undo = (mark) => {
    while (log.length > mark) {
      const prev = log.pop();
      const i = log.pop();
      if (at[i] >= 0) remove(i);
      if (prev >= 0) add(i, prev);
    }
  };
  const over = new Float64Array(T);
  const periodsTmp = new Int32Array(P);

  /** Tries to place item i in some period (random order) without ejecting anything. */
  const tryPlace = (i) => {
    const w = window(i);
    if (!w) return false;
    let k = 0;
    for (let p = w[0]; p <= w[1]; p++) if (allowed[i * P + p]) periodsTmp[k++] = p;
    for (let s = k; s > 0; s--) {
      const r = Math.floor(rand() * s);
      const p = periodsTmp[r];
      periodsTmp[r] = periodsTmp[s - 1];
      if (fitsIn(i, p)) {
        setAt(i, p);
        return true;
      }
    }
    return false;
  };

  const temp0 = Math.max(1, maxValue * hot);
  const tempEnd = Math.max(0.05, maxValue * cold);
  let temp = temp0;
  const unplannedPick = () => {
    for (let tries = 0; tries < 20; tries++) {
      const i = candidates[Math.floor(rand() * candidates.length)];
      if (at[i] < 0) return i;
    }
    return -1;
  };
  const ejected = [];
  const started = performance.now();
  let moves = 0;
  for (; moves < maxMoves; moves++) {
    if ((moves & 1023) === 0) {
      const now = performance.now();
      if (now >= deadline || bestValue >= target) break;
      const frac = Math.min(1, Math.max((now - started) / Math.max(1, deadline - started), moves / maxMoves));
      temp = temp0 * (tempEnd / temp0) ** frac;
    }
    const mark = log.length;
    const kind = rand();
    if (kind < moveShare) {
      // Move a planned item to another period (value unchanged), then try to fill its old period.
      const i = candidates[Math.floor(rand() * candidates.length)];
      const p = at[i];
      if (p < 0) continue;
      const w = window(i);
      if (!w || w[0] === w[1]) continue;
      const q = w[0] + Math.floor(rand() * (w[1] - w[0] + 1));
      if (q === p || !allowed[i * P + q] || !fitsIn(i, q)) continue;
      setAt(i, q);
      let gain = 0;
      for (let s = 0; s < 3; s++) {
        const j = unplannedPick();
        if (j >= 0 && tryPlace(j)) gain += value[j];
      }
      cur += gain;
    } else {
      // Insert an unplanned item, ejecting the cheapest blockers in that period.
      const i = unplannedPick();
      if (i < 0) continue;
      const w = window(i);
      if (!w) continue;
      let k = 0;
      for (let p = w[0]; p <= w[1]; p++) if (allowed[i * P + p]) periodsTmp[k++] = p;
      if (k === 0) continue;
      const p = periodsTmp[Math.floor(rand() * k)];
      let overflow = false;
      for (let t = 0; t < T; t++) {
        over[t] = load[t * P + p] + effort[i * T + t] - cap[t * P + p];
        if (over[t] > EPS) overflow = true;
      }
      let delta = value[i];
      ejected.length = 0;
      let feasible = true;
      while (overflow) {
        // Cheapest blocker: lowest value per unit of overflow it relieves (with noise), no planned successors.
        let pick = -1;
        let pickScore = Infinity;
        for (const j of members[p]) {
          if (forced[j] || hasPlannedSucc(j) || isPred(j, i)) continue;
          let relief = 0;
          for (let t = 0; t < T; t++)
            if (over[t] > EPS) relief += Math.min(effort[j * T + t], over[t]) / Math.max(1, cap[t * P + p]);
          if (relief <= 0) continue;
          const score = (value[j] / relief) * (0.8 + 0.4 * rand());
          if (score < pickScore) {
            pickScore = score;
            pick = j;
          }
        }
        if (pick < 0) {
          feasible = false;
          break;
        }
        setAt(pick, -1);
        ejected.push(pick);
        delta -= value[pick];
        overflow = false;
        for (let t = 0; t < T; t++) {
          over[t] -= effort[pick * T + t];
          if (over[t] > EPS) overflow = true;
        }
        if (delta < -4 * temp - maxValue) {
          feasible = false;
          break;
        }
      }
      if (!feasible) {
        undo(mark);
        continue;
      }
      setAt(i, p);
      // Re-place ejected items elsewhere, then try a few unplanned items in the space left.
      for (const j of ejected) if (tryPlace(j)) delta += value[j];
      for (let s = 0; s < 2; s++) {
        const j = unplannedPick();
        if (j >= 0 && tryPlace(j)) delta += value[j];
      }
      if (delta < 0 && rand() >= Math.exp(delta / temp)) {
        undo(mark);
        continue;
      }
      cur += delta;
    }
    log.length = 0;
    if (cur > bestValue + EPS) {
      bestValue = cur;
      best = Int32Array.from(at);
    }
  }
  return { at: best, value: bestValue, moves };
}
