import type { z } from "zod";
import type { ExportDocument } from "../../server/modules/transfer/transfer.schema.ts";
import type { ChangePage, ChangeQuery } from "../../shared/changes.schemas.ts";
import type { CompetitorSummary } from "../../shared/competitors.schemas.ts";
import type { FeedbackItem, FeedbackQuery } from "../../shared/feedback.schemas.ts";
import type {
  FactorSet,
  IdeaPage,
  IdeaQuery,
  ImportResult,
  PutFactors,
  RecomputeResultSchema,
  Round,
  RoundDetail,
} from "../../shared/ideas.schemas.ts";
import type {
  CustomerImportResult,
  FeedbackImportResult,
  ImportCustomers,
  ImportFeedback,
} from "../../shared/imports.schemas.ts";
import type { CheckResult, MonitorOverview } from "../../shared/monitoring.schemas.ts";
import type {
  CapacityGrid,
  Objective,
  PlanProposal,
  PlanRequest,
  Roadmap,
} from "../../shared/roadmap.schemas.ts";
import type { Member, Product, Team } from "../../shared/schemas.ts";
import type { SignoffDetail } from "../../shared/signoff.schemas.ts";
import type { PollResult, Source } from "../../shared/sources.schemas.ts";
import type { Progress } from "./progress.ts";
import { resolveTarget } from "./target.ts";

export interface WorkspaceRef {
  id: string;
  slug: string;
  name: string;
}

export interface RoundInput {
  productId: string;
  name: string;
  description: string;
  ideaIds: string[];
  voterIds: string[];
  teamIds: string[];
  deadline: string;
  showOthers: boolean;
}

/**
 * Where a command's data comes from (docs/DECISIONS.md #24): the database directly ("direct"), or a Baton's REST
 * API — the one holding this machine's data directory ("local", with its cli-credential) or any Baton given by
 * --url and --token ("remote", under the token's permissions). Both return the API's contract (the direct one
 * passes its results through the same response schemas), so one formatter prints the same output in every mode.
 */
export interface Backend {
  kind: "direct" | "local" | "remote";
  /** The workspace of --workspace (id or slug), or the only one (a token's own workspace, remotely). */
  workspace(ref: string | undefined): Promise<WorkspaceRef>;
  getProduct(wid: string, id: string): Promise<Product>;
  searchProducts(wid: string, q: string): Promise<Product[]>;
  listRoadmaps(wid: string, productId?: string): Promise<Roadmap[]>;
  getRoadmap(wid: string, id: string): Promise<Roadmap>;
  ideasPage(wid: string, pid: string, q: IdeaQuery): Promise<IdeaPage>;
  importIdeas(
    wid: string,
    pid: string,
    input: { csv: string; mapping?: Record<string, string>; dryRun: boolean },
    bar: Progress,
  ): Promise<ImportResult>;
  exportIdeas(wid: string, pid: string, format: "csv" | "json"): Promise<string>;
  factorSet(wid: string, productId: string | null): Promise<FactorSet>;
  putFactors(wid: string, input: Required<PutFactors>): Promise<z.output<typeof RecomputeResultSchema>>;
  listRounds(wid: string, q: { productId?: string; status?: "open" | "closed" }): Promise<Round[]>;
  getRound(wid: string, id: string): Promise<RoundDetail>;
  openRound(wid: string, input: RoundInput): Promise<RoundDetail>;
  /** Closes now (a round past its deadline closes as the deadline would); conflict when already closed. */
  closeRound(wid: string, id: string): Promise<RoundDetail>;
  members(wid: string, q: string): Promise<Member[]>;
  teams(wid: string): Promise<Team[]>;
  objectives(wid: string, status?: string): Promise<Objective[]>;
  capacity(wid: string, from: string, months: number): Promise<CapacityGrid>;
  proposePlan(wid: string, roadmapId: string, req: Required<PlanRequest>): Promise<PlanProposal>;
  applyPlan(wid: string, proposalId: string, reason: string): Promise<number>;
  exportRoadmap(wid: string, id: string, format: "csv" | "json" | "ics"): Promise<string>;
  signoffs(wid: string, q: { roadmapId?: string; status?: string }): Promise<SignoffDetail[]>;
  exportWorkspace(ws: WorkspaceRef, bar: Progress): Promise<ExportDocument>;
  sources(wid: string): Promise<Source[]>;
  /** Polls a feedback source now; conflict while another poll of it runs. */
  pollSource(wid: string, id: string): Promise<PollResult>;
  importFeedback(wid: string, input: ImportFeedback, bar: Progress): Promise<FeedbackImportResult>;
  importCustomers(wid: string, input: ImportCustomers, bar: Progress): Promise<CustomerImportResult>;
  feedbackPage(
    wid: string,
    q: Partial<FeedbackQuery>,
  ): Promise<{ items: FeedbackItem[]; nextCursor: string | null }>;
  competitors(wid: string, q: { status?: string; productId?: string }): Promise<CompetitorSummary[]>;
  /** A page of the workspace's monitored competitor sources (oldest first) with their health and counts. */
  monitorPage(wid: string, q: { cursor?: string; limit?: number }): Promise<MonitorOverview>;
  /** Checks a competitor's monitored source now; conflict while another check of it runs. */
  checkMonitor(wid: string, competitorId: string, monitorId: string): Promise<CheckResult>;
  /** Queues a check of every enabled monitored source (or one competitor's) that is not already due. */
  checkAllMonitors(wid: string, competitorId: string | undefined): Promise<{ queued: number }>;
  changesPage(wid: string, q: Partial<ChangeQuery>): Promise<ChangePage>;
}

/**
 * Runs `fn` on the backend this command should use: the Baton of --url/BATON_URL; else, when a live Baton holds
 * the PGlite data directory, that server through its local credential; else the database itself ("write" applies
 * pending migrations first, "read" refuses a database behind this build).
 */
export async function withBackend<T>(mode: "read" | "write", fn: (b: Backend) => Promise<T>): Promise<T> {
  const target = resolveTarget();
  if (target.kind === "direct") {
    const { withDatabase } = await import("./database.ts");
    const { directBackend } = await import("./backend.direct.ts");
    return withDatabase(mode, (database) => fn(directBackend(database.db)));
  }
  const { httpBackend } = await import("./backend.http.ts");
  return fn(httpBackend(target));
}
