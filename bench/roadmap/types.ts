// The roadmap dataset's shape, shared by the seeder (a child process that loads server code) and the bench.

export interface RoadmapScale {
  /** Workspace A: the roadmap the API and the timeline are measured on. */
  viewItems: number;
  viewDependencies: number;
  viewMilestones: number;
  /** Workspace A: another product's roadmap, all planned (its load counts in A's load cells). */
  otherItems: number;
  otherDependencies: number;
  /** Workspace B: the planner's instance (generatePlanInstance). */
  planItems: number;
  planTeams: number;
  planPeriods: number;
  planDependencies: number;
  planSeed: number;
}

export const FULL_SCALE: RoadmapScale = {
  viewItems: 1000,
  viewDependencies: 150,
  viewMilestones: 24,
  otherItems: 300,
  otherDependencies: 20,
  planItems: 500,
  planTeams: 6,
  planPeriods: 6,
  planDependencies: 100,
  planSeed: 20260,
};

export interface ViewSeed {
  workspaceId: string;
  token: string;
  roadmapId: string;
  otherRoadmapId: string;
  teamIds: string[];
  /** Period keys of the view roadmap (quarters). */
  periods: string[];
  /** An item planned in periods[1], moved back and forth by the PATCH measurement. */
  patchItemId: string;
  /** A planned item in periods[0] with no dependency, for the timeline drag (to periods[1]). */
  dragItemId: string;
  counts: {
    items: number;
    planned: number;
    candidates: number;
    inProgress: number;
    done: number;
    dropped: number;
    ideaItems: number;
    initiativesWithIdeas: number;
    objectiveLinked: number;
    keyResultLinked: number;
    dependencies: number;
    milestones: number;
    objectives: number;
    otherItems: number;
    otherDependencies: number;
    teams: number;
    members: number;
  };
}

export interface PlanSeed {
  workspaceId: string;
  token: string;
  roadmapId: string;
  teamIds: string[];
  periods: string[];
  counts: {
    items: number;
    dependencies: number;
    teams: number;
    periods: number;
    /** Sum of hand-set capacity over every team-period, and the effort all items would need. */
    capacity: number;
    effort: number;
  };
}

export interface SeedResult {
  ownerEmail: string;
  password: string;
  today: string;
  view: ViewSeed;
  plan: PlanSeed;
  phasesMs: Record<string, number>;
}
