import { z } from "zod";
import {
  ApplyPlanSchema,
  CompareQuerySchema,
  CreateMilestoneSchema,
  CreateRoadmapItemSchema,
  CreateRoadmapVersionSchema,
  DeleteRoadmapItemQuerySchema,
  MilestoneSchema,
  PlanProposalSchema,
  PlanRequestSchema,
  RoadmapItemSchema,
  RoadmapVersionDetailSchema,
  RoadmapVersionSchema,
  UpdateMilestoneSchema,
  UpdateRoadmapItemSchema,
  VersionDiffSchema,
} from "../../../shared/roadmap.schemas.ts";
import type { RouteDeps, ZodApp } from "../../app.ts";
import { WsIdParams } from "../../lib/params.ts";
import { wsOf } from "../../plugins/auth.ts";
import { ErrorResponse, NoContent } from "../../plugins/openapi.ts";
import {
  createItem,
  createMilestone,
  deleteItem,
  deleteMilestone,
  getItem,
  listMilestones,
  updateItem,
  updateMilestone,
} from "./items.service.ts";
import { applyProposal, discardProposal, getProposal, listProposals, proposePlan } from "./plan.service.ts";
import { getRoadmap } from "./roadmaps.service.ts";
import { compareVersions, createVersion, getVersion, listVersions } from "./versions.service.ts";

const tags = ["roadmaps"];
const VersionParams = WsIdParams.extend({ vid: z.uuid() });

/** A roadmap's contents: items, milestones, the auto-planner's proposals and saved versions. */
export function roadmapItemRoutes(app: ZodApp, { db, clock }: RouteDeps) {
  app.post(
    "/workspaces/:wid/roadmaps/:id/items",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Add an item: an idea (kind idea, ideaId) or an initiative grouping ideas",
        params: WsIdParams,
        body: CreateRoadmapItemSchema,
        response: { 201: RoadmapItemSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createItem(tx, wsOf(req), req.params.id, req.body))),
  );
  app.get(
    "/workspaces/:wid/roadmap-items/:id",
    {
      config: { auth: "roadmaps.read" },
      schema: { tags, summary: "A roadmap item", params: WsIdParams, response: { 200: RoadmapItemSchema } },
    },
    async (req) => getItem(db, wsOf(req).workspaceId, req.params.id),
  );
  app.patch(
    "/workspaces/:wid/roadmap-items/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Edit or move an item (send the version you read, and a reason for the record)",
        params: WsIdParams,
        body: UpdateRoadmapItemSchema,
        response: { 200: RoadmapItemSchema },
      },
    },
    async (req) => db.transaction((tx) => updateItem(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/roadmap-items/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Remove an item from its roadmap",
        params: WsIdParams,
        querystring: DeleteRoadmapItemQuerySchema,
        response: { 204: NoContent },
      },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteItem(tx, wsOf(req), req.params.id, req.query.reason));
      return reply.status(204).send();
    },
  );

  app.get(
    "/workspaces/:wid/roadmaps/:id/milestones",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Milestones of a roadmap, by date",
        params: WsIdParams,
        response: { 200: z.object({ items: z.array(MilestoneSchema) }) },
      },
    },
    async (req) => {
      await getRoadmap(db, wsOf(req).workspaceId, req.params.id);
      return { items: await listMilestones(db, wsOf(req).workspaceId, req.params.id) };
    },
  );
  app.post(
    "/workspaces/:wid/roadmaps/:id/milestones",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Add a milestone",
        params: WsIdParams,
        body: CreateMilestoneSchema,
        response: { 201: MilestoneSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createMilestone(tx, wsOf(req), req.params.id, req.body))),
  );
  app.patch(
    "/workspaces/:wid/milestones/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Edit a milestone (send the version you read)",
        params: WsIdParams,
        body: UpdateMilestoneSchema,
        response: { 200: MilestoneSchema },
      },
    },
    async (req) => db.transaction((tx) => updateMilestone(tx, wsOf(req), req.params.id, req.body)),
  );
  app.delete(
    "/workspaces/:wid/milestones/:id",
    {
      config: { auth: "roadmaps.write" },
      schema: { tags, summary: "Delete a milestone", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => deleteMilestone(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

  app.post(
    "/workspaces/:wid/roadmaps/:id/plan",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Run the auto-planner (HiGHS MILP): a proposal of moves with reasons, not applied yet",
        params: WsIdParams,
        body: PlanRequestSchema,
        response: { 201: PlanProposalSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await proposePlan(db, wsOf(req), req.params.id, req.body as Required<typeof req.body>, clock)),
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id/plans",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "The roadmap's latest planner proposals",
        params: WsIdParams,
        response: { 200: z.object({ items: z.array(PlanProposalSchema) }) },
      },
    },
    async (req) => {
      await getRoadmap(db, wsOf(req).workspaceId, req.params.id);
      return { items: await listProposals(db, wsOf(req).workspaceId, req.params.id) };
    },
  );
  app.get(
    "/workspaces/:wid/plans/:id",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "A planner proposal",
        params: WsIdParams,
        response: { 200: PlanProposalSchema },
      },
    },
    async (req) => getProposal(db, wsOf(req).workspaceId, req.params.id),
  );
  app.post(
    "/workspaces/:wid/plans/:id/apply",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Accept all of a proposal's moves, or some (itemIds)",
        params: WsIdParams,
        body: ApplyPlanSchema,
        response: { 409: ErrorResponse, 200: z.object({ applied: z.number().int() }) },
      },
    },
    async (req) => db.transaction((tx) => applyProposal(tx, wsOf(req), req.params.id, req.body)),
  );
  app.post(
    "/workspaces/:wid/plans/:id/discard",
    {
      config: { auth: "roadmaps.write" },
      schema: { tags, summary: "Discard a proposal", params: WsIdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await db.transaction((tx) => discardProposal(tx, wsOf(req), req.params.id));
      return reply.status(204).send();
    },
  );

  app.get(
    "/workspaces/:wid/roadmaps/:id/versions",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "Saved versions of a roadmap, newest first",
        params: WsIdParams,
        response: { 200: z.object({ items: z.array(RoadmapVersionSchema) }) },
      },
    },
    async (req) => {
      await getRoadmap(db, wsOf(req).workspaceId, req.params.id);
      return { items: await listVersions(db, wsOf(req).workspaceId, req.params.id) };
    },
  );
  app.post(
    "/workspaces/:wid/roadmaps/:id/versions",
    {
      config: { auth: "roadmaps.write" },
      schema: {
        tags,
        summary: "Save a named version (an immutable snapshot) of the roadmap",
        params: WsIdParams,
        body: CreateRoadmapVersionSchema,
        response: { 201: RoadmapVersionSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await db.transaction((tx) => createVersion(tx, wsOf(req), req.params.id, req.body))),
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id/versions/:vid",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary: "A saved version with its snapshot",
        params: VersionParams,
        response: { 200: RoadmapVersionDetailSchema },
      },
    },
    async (req) => getVersion(db, wsOf(req).workspaceId, req.params.id, req.params.vid),
  );
  app.get(
    "/workspaces/:wid/roadmaps/:id/compare",
    {
      config: { auth: "roadmaps.read" },
      schema: {
        tags,
        summary:
          "Compare two versions, or a version with the current plan: added, removed, moved, changed, with reasons",
        params: WsIdParams,
        querystring: CompareQuerySchema,
        response: { 200: VersionDiffSchema },
      },
    },
    async (req) =>
      compareVersions(db, wsOf(req).workspaceId, req.params.id, req.query.from, req.query.to, clock),
  );
}
