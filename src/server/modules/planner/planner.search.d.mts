/** Types for planner.search.mjs (plain JavaScript so the worker can load it under any runner). */
export interface SearchProblem {
  n: number;
  P: number;
  T: number;
  value: number[];
  effort: Float64Array;
  cap: Float64Array;
  allowed: Uint8Array;
  preds: number[][];
  succs: number[][];
  forced: Uint8Array;
}
/** Small fast PRNG (mulberry32): same seed, same sequence, on every platform. */
export function seededRandom(seed: number): () => number;
export function isValidPlan(prob: SearchProblem, at: ArrayLike<number>): boolean;
export function planValueOf(prob: SearchProblem, at: ArrayLike<number>): number;
export function insertPlan(
  prob: SearchProblem,
  order: number[],
  prefer: (i: number) => number[],
  base?: ArrayLike<number> | null,
): Int32Array;
export function roundLp(prob: SearchProblem, lpx: Float64Array, base?: ArrayLike<number> | null): Int32Array;
export function anneal(
  prob: SearchProblem,
  start: ArrayLike<number>,
  opts: {
    deadline: number;
    maxMoves: number;
    seed?: number;
    target?: number;
    hot?: number;
    cold?: number;
    moveShare?: number;
  },
): { at: Int32Array; value: number; moves?: number };
