// The seed's shape, shared by the seeder (a child process) and the bench (which must not load server code).

export interface SeedScale {
  ideas: number;
  stakeholders: number;
  closedRounds: number;
  ideasPerRound: number;
  votersPerRound: number;
}
export const FULL_SCALE: SeedScale = {
  ideas: 10_000,
  stakeholders: 50,
  closedRounds: 20,
  ideasPerRound: 500,
  votersPerRound: 25,
};

export interface SeedResult {
  workspaceId: string;
  productId: string;
  importProductId: string;
  ownerToken: string;
  openRoundId: string;
  openRoundIdeaIds: string[];
  voterTokens: string[];
  factorIds: string[];
  stakeholderEmails: string[];
  counts: { ideas: number; ratings: number; closedRounds: number; openRoundRatings: number; members: number };
  phasesMs: Record<string, number>;
}
