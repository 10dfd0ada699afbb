// The sign-off dataset's shape, shared by the seeder (a child process that loads server code) and the bench.

export interface SignoffScale {
  /** Workspace A: stakeholders asked to sign off (one mail each). */
  approvers: number;
  /** Workspace A: items of its small roadmap. */
  notifyItems: number;
  /** Workspace B: items of the roadmap the approver's page shows. */
  reviewItems: number;
  /** Workspace B: items changed between the approved baseline and the version under review. */
  changedItems: number;
}

export const FULL_SCALE: SignoffScale = {
  approvers: 500,
  notifyItems: 12,
  reviewItems: 1000,
  changedItems: 100,
};

export interface SignoffSeed {
  notify: {
    workspaceId: string;
    /** The owner's API token (signoffs.manage). */
    token: string;
    roadmapId: string;
    roadmapName: string;
    approverIds: string[];
    /** The approvers' addresses, to tell their mail from any other. */
    approverEmails: string[];
    items: number;
  };
  review: {
    workspaceId: string;
    /** The approver's API token: a team lead (contributor) who leads one team and works in another. */
    approverToken: string;
    roadmapId: string;
    signoffId: string;
    baselineVersion: number;
    version: number;
    items: number;
    changed: { moved: number; effort: number; title: number };
    teams: number;
    members: number;
    approvers: number;
  };
  /** Mail queued by the seeding itself (the baseline's approval announces it to every member of B). */
  queuedMails: number;
  phasesMs: Record<string, number>;
}
