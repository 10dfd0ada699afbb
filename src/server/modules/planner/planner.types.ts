/** One roadmap item to place into a period. */
export interface PlanItem {
  id: string;
  /** Priority value (>= 0); the planner maximizes the sum of values of planned items. */
  value: number;
  /** teamId -> effort units needed in the period the item lands in (>= 0). */
  effort: Record<string, number>;
  /** Pinned: must land in exactly this period (its load counts). */
  fixedPeriod?: number | null;
  /** Deadline: may not land after this period index (null = no deadline). */
  latestPeriod?: number | null;
}

export interface PlanInput {
  /** P periods, indices 0..P-1. */
  periods: number;
  /** Periods < firstPeriod are in the past: free items may not land there (default 0). */
  firstPeriod?: number;
  teams: string[];
  /** teamId -> capacity per period (length P). */
  capacity: Record<string, number[]>;
  items: PlanItem[];
  /** "Finish-before": if `after` is planned, `before` must be planned in a period <= after's period. */
  dependencies: { before: string; after: string }[];
  /** Default 10. */
  timeLimitSeconds?: number;
  /** Default 0.005. */
  mipRelGap?: number;
}

export type PlanStatus = "optimal" | "feasible" | "greedy" | "infeasible";

export interface PlanResult {
  /** optimal = proven optimal (within HiGHS tolerance); feasible = time limit with incumbent and proven gap. */
  status: PlanStatus;
  method: "milp" | "greedy";
  /** Sum of values of planned items (recomputed from assignments, not the solver's number). */
  objective: number;
  /** Proven upper bound when the MILP gives one. */
  bound: number | null;
  /** Relative gap (bound-objective)/max(1e-9,|bound|). */
  gap: number | null;
  /** Item id -> period index, or null when left unplanned. */
  assignment: Record<string, number | null>;
  elapsedMs: number;
  /** Human explanation, e.g. why greedy was used, or which pinned items conflict. */
  message?: string;
}
