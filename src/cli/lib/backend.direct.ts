import { z } from "zod";
import { loadConfig } from "../../server/config.ts";
import type { Db } from "../../server/db/client.ts";
import { conflict } from "../../server/errors.ts";
import { systemClock } from "../../server/lib/clock.ts";
import { capacityGrid } from "../../server/modules/capacity/load.service.ts";
import { listCompetitors } from "../../server/modules/competitors/competitors.service.ts";
import { importCustomers } from "../../server/modules/customers/customers.csv.ts";
import { getFactorSet, replaceFactors } from "../../server/modules/factors/factors.service.ts";
import { importFeedbackCsv } from "../../server/modules/feedback/feedback.csv.ts";
import { listFeedback } from "../../server/modules/feedback/feedback.service.ts";
import { exportIdeas, importIdeas } from "../../server/modules/ideas/ideas.csv.ts";
import { listIdeas } from "../../server/modules/ideas/ideas.service.ts";
import { listMembers } from "../../server/modules/members/members.service.ts";
import { listChanges } from "../../server/modules/monitoring/changes.service.ts";
import { checkNow } from "../../server/modules/monitoring/monitoring.check.ts";
import { checkAll, monitorOverview } from "../../server/modules/monitoring/monitoring.service.ts";
import { listObjectives } from "../../server/modules/objectives/objectives.service.ts";
import { getProduct, listProducts } from "../../server/modules/products/products.service.ts";
import { applyProposal, proposePlan } from "../../server/modules/roadmaps/plan.service.ts";
import { roadmapCsv, roadmapIcs } from "../../server/modules/roadmaps/roadmaps.export.ts";
import { getRoadmap, getRoadmapView, listRoadmaps } from "../../server/modules/roadmaps/roadmaps.service.ts";
import {
  closeIfDue,
  closeRound,
  createRound,
  getRound,
  listRounds,
} from "../../server/modules/rounds/rounds.service.ts";
import { getSignoff, listSignoffs } from "../../server/modules/signoffs/signoffs.service.ts";
import { pollNow } from "../../server/modules/sources/sources.poll.ts";
import { listAllSources } from "../../server/modules/sources/sources.service.ts";
import { listTeams } from "../../server/modules/teams/teams.service.ts";
import { ExportDocumentSchema } from "../../server/modules/transfer/transfer.schema.ts";
import { exportWorkspace, resolveWorkspaceOrOnly } from "../../server/modules/transfer/transfer.service.ts";
import { ChangePageSchema, ChangeQuerySchema } from "../../shared/changes.schemas.ts";
import { CompetitorListSchema, CompetitorQuerySchema } from "../../shared/competitors.schemas.ts";
import { FeedbackPageSchema, FeedbackQuerySchema } from "../../shared/feedback.schemas.ts";
import {
  FactorSetSchema,
  IdeaPageSchema,
  IdeaQuerySchema,
  ImportResultSchema,
  RecomputeResultSchema,
  RoundDetailSchema,
  RoundSchema,
} from "../../shared/ideas.schemas.ts";
import { CustomerImportResultSchema, FeedbackImportResultSchema } from "../../shared/imports.schemas.ts";
import {
  CheckAllResultSchema,
  CheckResultSchema,
  MonitorOverviewQuerySchema,
  MonitorOverviewSchema,
} from "../../shared/monitoring.schemas.ts";
import {
  CapacityGridSchema,
  ObjectiveSchema,
  type ObjectiveStatusSchema,
  PlanProposalSchema,
  RoadmapSchema,
} from "../../shared/roadmap.schemas.ts";
import { MemberSchema, ProductSchema, TeamSchema } from "../../shared/schemas.ts";
import { SignoffDetailSchema } from "../../shared/signoff.schemas.ts";
import { PollResultSchema, SourceListSchema } from "../../shared/sources.schemas.ts";
import type { Backend } from "./backend.ts";
import { asApi } from "./contract.ts";
import { cliContext } from "./scope.ts";

/** The backend on an open database: the services the routes call, acting as the instance operator. */
export function directBackend(db: Db): Backend {
  const publicUrl = () => loadConfig().publicUrl;
  return {
    kind: "direct",
    async workspace(ref) {
      const ws = await resolveWorkspaceOrOnly(db, ref);
      return { id: ws.id, slug: ws.slug, name: ws.name };
    },
    getProduct: async (wid, id) => asApi(ProductSchema, await getProduct(db, wid, id)),
    async searchProducts(wid, q) {
      const found: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = await listProducts(db, wid, { q, limit: 100, cursor });
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return asApi(z.array(ProductSchema), found);
    },
    listRoadmaps: async (wid, productId) =>
      asApi(z.array(RoadmapSchema), await listRoadmaps(db, wid, productId)),
    getRoadmap: async (wid, id) => asApi(RoadmapSchema, await getRoadmap(db, wid, id)),
    ideasPage: async (wid, pid, q) =>
      asApi(IdeaPageSchema, await listIdeas(db, wid, pid, IdeaQuerySchema.parse(q), true)),
    async importIdeas(wid, pid, input, bar) {
      const result = await db.transaction((tx) =>
        importIdeas(tx, cliContext(wid), pid, {
          ...input,
          onProgress: (done, total) => bar.update({ section: "ideas", done, total }),
        }),
      );
      return asApi(ImportResultSchema, result);
    },
    exportIdeas: (wid, pid, format) => exportIdeas(db, wid, pid, format),
    factorSet: async (wid, productId) => asApi(FactorSetSchema, await getFactorSet(db, wid, productId)),
    putFactors: async (wid, input) =>
      asApi(RecomputeResultSchema, await db.transaction((tx) => replaceFactors(tx, cliContext(wid), input))),
    listRounds: async (wid, q) =>
      asApi(z.array(RoundSchema), (await listRounds(db, cliContext(wid), q)).items),
    getRound: async (wid, id) => asApi(RoundDetailSchema, await getRound(db, cliContext(wid), id)),
    async openRound(wid, input) {
      const round = await db.transaction((tx) =>
        createRound(tx, cliContext(wid), input, systemClock, publicUrl()),
      );
      return asApi(RoundDetailSchema, round);
    },
    async closeRound(wid, id) {
      const ctx = cliContext(wid);
      // A round past its deadline closes as the deadline job would have ("deadline", not "manual").
      await closeIfDue(db, ctx, id, systemClock, publicUrl());
      const closed = await db.transaction((tx) =>
        closeRound(tx, ctx, id, "manual", { clock: systemClock, publicUrl: publicUrl() }),
      );
      if (!closed) throw conflict("The round is already closed");
      return asApi(RoundDetailSchema, await getRound(db, ctx, id));
    },
    members: async (wid, q) =>
      asApi(z.array(MemberSchema), (await listMembers(db, wid, { q, limit: 20 })).items),
    teams: async (wid) => asApi(z.array(TeamSchema), (await listTeams(db, wid, { limit: 200 })).items),
    objectives: async (wid, status) =>
      asApi(
        z.array(ObjectiveSchema),
        await listObjectives(db, wid, { status: status as z.output<typeof ObjectiveStatusSchema> }),
      ),
    capacity: async (wid, from, months) =>
      asApi(CapacityGridSchema, await capacityGrid(db, wid, from, months)),
    proposePlan: async (wid, roadmapId, req) =>
      asApi(PlanProposalSchema, await proposePlan(db, cliContext(wid), roadmapId, req, systemClock)),
    async applyPlan(wid, proposalId, reason) {
      const r = await db.transaction((tx) => applyProposal(tx, cliContext(wid), proposalId, { reason }));
      return r.applied;
    },
    async exportRoadmap(wid, id, format) {
      if (format === "ics") return roadmapIcs(db, wid, id, systemClock);
      const view = await getRoadmapView(db, wid, id, systemClock);
      return format === "json" ? JSON.stringify(view, null, 2) : roadmapCsv(view);
    },
    async signoffs(wid, q) {
      const ctx = cliContext(wid);
      const list = (await listSignoffs(db, ctx, q)).items;
      const details = [];
      for (const s of list) details.push(await getSignoff(db, ctx, s.id));
      return asApi(z.array(SignoffDetailSchema), details);
    },
    exportWorkspace: async (ws, bar) =>
      asApi(ExportDocumentSchema, await exportWorkspace(db, ws.id, { onProgress: (p) => bar.update(p) })),
    sources: async (wid) => asApi(SourceListSchema, await listAllSources(db, wid, systemClock)).items,
    pollSource: async (wid, id) => asApi(PollResultSchema, await pollNow(db, wid, id, systemClock)),
    importFeedback: async (wid, input, bar) =>
      asApi(
        FeedbackImportResultSchema,
        await importFeedbackCsv(db, cliContext(wid), input, systemClock, (done, total) =>
          bar.update({ section: "feedback", done, total }),
        ),
      ),
    importCustomers: async (wid, input, bar) =>
      asApi(
        CustomerImportResultSchema,
        await importCustomers(db, cliContext(wid), input, (done, total) =>
          bar.update({ section: "customers", done, total }),
        ),
      ),
    feedbackPage: async (wid, q) =>
      asApi(FeedbackPageSchema, await listFeedback(db, wid, FeedbackQuerySchema.parse(q))),
    competitors: async (wid, q) =>
      asApi(CompetitorListSchema, await listCompetitors(db, wid, null, CompetitorQuerySchema.parse(q))).items,
    monitorPage: async (wid, q) =>
      asApi(
        MonitorOverviewSchema,
        await monitorOverview(db, wid, systemClock, MonitorOverviewQuerySchema.parse(q)),
      ),
    checkMonitor: async (wid, cid, mid) =>
      asApi(CheckResultSchema, await checkNow(db, wid, cid, mid, systemClock, { publicUrl: publicUrl() })),
    checkAllMonitors: async (wid, competitorId) =>
      asApi(
        CheckAllResultSchema,
        await db.transaction((tx) => checkAll(tx, cliContext(wid), { competitorId }, systemClock)),
      ),
    changesPage: async (wid, q) =>
      asApi(ChangePageSchema, await listChanges(db, wid, ChangeQuerySchema.parse(q))),
  };
}
